"""The on-time report at 100,000 callbacks: ``on_time_report`` for a month and a year against its own SQL sent raw.

Builds (once, cached) a SQLite shop with 100,000 callbacks over two years, each with its deadlines, and about
nine in ten picked up and resolved, some of them late. ``python3 -m benchmarks.on_time_bench [runs]``.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, date, datetime, timedelta

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


def build(path) -> None:
    """A shop with ``CALLBACKS`` callbacks created over the two years up to now, written in bulk."""
    from repair_desktop.domain.deadlines import DEFAULT_TARGETS, deadlines_for
    from repair_desktop.domain.statuses import CallbackStatus, Priority
    from repair_desktop.store import Store
    from repair_desktop.store.models import Callback

    store = Store.open(f"sqlite:///{path}")
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


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"on-time-{CALLBACKS}-{schema_key()}.db"
    if not path.exists():
        building = path.with_suffix(".building.db")
        building.unlink(missing_ok=True)
        build(building)
        building.rename(path)
    print(json.dumps(on_time_queries(f"sqlite:///{path}", runs), indent=2))


if __name__ == "__main__":
    main()
