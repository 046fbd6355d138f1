"""The on-time report at 100,000 callbacks: ``on_time_report`` for a month and a year against its own SQL sent raw.

Builds (once, cached) a shop with 100,000 callbacks over two years, each with its deadlines, and about nine in
ten picked up and resolved, some of them late: a SQLite file, and with ``--pg`` a database on the benchmark's
kept PostgreSQL server (vacuumed, as a shop's is). ``python3 -m benchmarks.on_time_bench [runs] [--pg]``.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta

from .common import CACHE, schema_key
from .notice_bench import _batched
from .store_bench import _capture, _raw_runner

CALLBACKS = 100_000
TECHNICIANS = 8


def on_time_queries(url: str, runs: int) -> dict:
    from repair_desktop.store import Store

    store = Store.open(url)
    run_raw, close = _raw_runner(url)
    try:
        today = store.local_today()
        results = {}
        for name, days in (("30 days", 30), ("365 days", 365)):
            ask = (lambda d=days: store.on_time_report(today - timedelta(days=d - 1), today))
            statements = _capture(store, ask)
            run_raw(statements)
            timed_store, batch = _batched(ask, runs)
            raw, _ = _batched(lambda: run_raw(statements), runs, batch)
            results[f"on-time report, {name} (on_time_report)"] = {"store": timed_store, "raw": raw}
        return results
    finally:
        close()
        store.close()


def build(url: str) -> None:
    """A shop with ``CALLBACKS`` callbacks created over the two years up to now, written in bulk."""
    from repair_desktop.domain.deadlines import DEFAULT_TARGETS, deadlines_for
    from repair_desktop.domain.statuses import CallbackStatus, Priority
    from repair_desktop.store import Store
    from repair_desktop.store.models import Callback

    store = Store.open(url)
    manager = store.add_employee("Bench Manager", "manager").id
    techs = [store.add_employee(f"Bench Tech {n}", "technician", actor=manager).id for n in range(TECHNICIANS)]
    customer = store.add_customer("Bench Customer").id
    rng = random.Random(14)
    now = datetime.now(UTC).replace(microsecond=0)
    rows = []
    for n in range(CALLBACKS):
        created = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        priority = rng.choice(list(Priority))
        due = deadlines_for(DEFAULT_TARGETS[priority], created, created)
        row = {"customer_id": customer, "scheduled_at": created, "description": f"Bench callback {n}",
               "priority": priority, "status": CallbackStatus.PENDING, "created_at": created, "created_by": manager,
               "version": 1, "claimed_by": None, "claimed_at": None, "started_at": None, "resolved_at": None,
               **vars(due)}
        if rng.random() < 0.9:
            claimed = created + (due.respond_by - created) * rng.uniform(0.1, 1.3)
            resolved = claimed + (due.resolve_by - claimed) * rng.uniform(0.2, 1.4)
            row.update(claimed_by=rng.choice(techs), claimed_at=claimed, started_at=claimed)
            if resolved < now:
                row.update(status=CallbackStatus.RESOLVED, resolved_at=resolved)
            else:
                row.update(status=CallbackStatus.IN_PROGRESS)
        rows.append(row)
    rows.sort(key=lambda r: r["created_at"])  # written in the order a shop writes them
    with store.write_engine.begin() as connection:
        connection.execute(Callback.__table__.insert(), rows)
    store.close()


def sqlite_url() -> str:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"on-time-{CALLBACKS}-{schema_key()}.db"
    if not path.exists():
        building = path.with_suffix(".building.db")
        building.unlink(missing_ok=True)
        build(f"sqlite:///{building}")
        building.rename(path)
    return f"sqlite:///{path}"


def postgres_url(server) -> str:
    """The shop on the kept server, in a database named for the schema (built once, then vacuumed)."""
    import hashlib

    import psycopg
    from psycopg import sql

    name = f"on_time_{CALLBACKS}_" + hashlib.sha1(schema_key().encode()).hexdigest()[:12]
    url = server.url.set(database=name)
    admin_url = server.url.set(drivername="postgresql").render_as_string(hide_password=False)
    building = url.set(database=f"on_time_{CALLBACKS}_building")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return url.render_as_string(hide_password=False)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(building.database)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building.database)))
        build(building.render_as_string(hide_password=False))
        with psycopg.connect(building.set(drivername="postgresql").render_as_string(hide_password=False),
                             autocommit=True) as fresh:
            fresh.execute("VACUUM (ANALYZE)")
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building.database),
                                                                       sql.Identifier(name)))
    return url.render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python3 -m benchmarks.on_time_bench", description=__doc__.splitlines()[0])
    p.add_argument("runs", type=int, nargs="?", default=20, help="runs of each report (20)")
    p.add_argument("--pg", action="store_true", help="on the benchmark's kept PostgreSQL server instead of SQLite")
    args = p.parse_args(argv)
    if not args.pg:
        print(json.dumps(on_time_queries(sqlite_url(), args.runs), indent=2))
        return
    from .postgres import kept_server

    server = kept_server()
    if server is None:
        return
    try:
        print(json.dumps(on_time_queries(postgres_url(server), args.runs), indent=2))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
