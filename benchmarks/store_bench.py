"""Store-level benchmarks: the workload and chart queries against the same SQL sent raw, and transitions per
second against raw SQL doing the same writes."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event

from .common import summary, timed

_TXN = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"}


def _capture(store, call) -> list[tuple[str, object]]:
    """The SQL statements (and parameters) ``call`` sends, as the driver receives them."""
    sent: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.strip().upper() not in _TXN:
            sent.append((statement, parameters))

    engines = {store._read_engine, store._write_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    try:
        call()
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", before)
    return sent


def _raw_runner(url: str):
    """``run(statements)``: execute them in one read transaction on a bare driver connection (no SQLAlchemy)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(parsed.database, isolation_level=None)

        def run(statements) -> None:
            connection.execute("BEGIN")
            for statement, parameters in statements:
                connection.execute(statement, parameters).fetchall()
            connection.execute("COMMIT")

        return run, connection.close
    import psycopg

    connection = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))

    def run_pg(statements) -> None:
        with connection.transaction(), connection.cursor() as cursor:
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()

    return run_pg, connection.close


def workload_queries(url: str, runs: int) -> dict:
    """Each workload figure the Workload tab shows, through the store and as the same SQL sent raw."""
    from repair_desktop.store import Store

    store = Store.open(url)
    today = store.local_today()
    monday = today - timedelta(days=today.weekday())
    questions = {
        "workload summary": store.workload,
        "technician table (workload_report)": store.workload_report,
        "chart: today": lambda: store.period_report(today, today),
        "chart: this week": lambda: store.period_report(monday, monday + timedelta(days=6)),
        "chart: last 30 days": lambda: store.period_report(today - timedelta(days=29), today),
        "change poll (change_mark)": store.change_mark,
    }
    run_raw, close = _raw_runner(url)
    out = {}
    try:
        for name, call in questions.items():
            statements = _capture(store, call)
            call(), run_raw(statements)  # warm both: the same pages in the cache for each
            store_ms, raw_ms = [], []
            for _ in range(runs):
                store_ms.append(timed(call))
                raw_ms.append(timed(lambda: run_raw(statements)))
            out[name] = {"store": summary(store_ms), "raw": summary(raw_ms), "statements": len(statements)}
    finally:
        close()
        store.close()
    return out


def transitions(url: str, count: int) -> dict:
    """Assign, start, complete ``count`` appointments through the store, and the same writes as raw SQL.

    Each transition is one transaction, committed durably (SQLite: WAL with
    ``synchronous=FULL``, as the store opens it; PostgreSQL: its defaults).
    """
    from repair_desktop.store import Store

    store = Store.open(url)
    try:
        manager = store.add_employee("Bench Manager", "manager").id
        techs = [store.add_employee(f"Bench Technician {i}", "technician").id for i in range(10)]
        vehicle = store.add_vehicle(store.add_customer("Bench Customer").id, "Ford", "Focus", "BEN-0001").id
        when = datetime.now(UTC) + timedelta(days=1)
        ids = [store.book_appointment(vehicle, when, "Benchmark job", manager).id for _ in range(2 * count)]
        store_ids, raw_ids = ids[:count], ids[count:]
        samples = []
        started = time.perf_counter()
        for n, appointment in enumerate(store_ids):
            samples.append(timed(lambda: store.assign_technician(appointment, techs[n % 10], manager)))
            samples.append(timed(lambda: store.start_work(appointment, manager)))
            samples.append(timed(lambda: store.complete_work(appointment, manager)))
        store_seconds = time.perf_counter() - started
        raw_samples, raw_seconds = _raw_transitions(url, raw_ids, techs, manager)
    finally:
        store.close()
    return {"store": {**summary(samples), "per_s": round(len(samples) / store_seconds, 1)},
            "raw": {**summary(raw_samples), "per_s": round(len(raw_samples) / raw_seconds, 1)}}


_EVENT = ("INSERT INTO status_events (entity_kind, entity_id, action, from_status, to_status, actor_id, at, note) "
          "VALUES ('appointment', {p}, {p}, {p}, {p}, {p}, {p}, NULL)")
_MOVES = (("assign_technician", "scheduled", "assigned", "technician_id = {p}, assigned_at = {p}, "),
          ("start_work", "assigned", "in_progress", "started_at = {p}, "),
          ("complete_work", "in_progress", "completed", "completed_at = {p}, "))


def _raw_transitions(url: str, ids: list[int], techs: list[int], actor: int) -> tuple[list[float], float]:
    """The rows each transition writes (the appointment, its history line, the change-feed line and, on PostgreSQL,
    its NOTIFY), one transaction each, with the driver alone: the floor the store's checks and ORM sit on."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    p = "?" if sqlite else "%s"
    if sqlite:
        connection = sqlite3.connect(parsed.database, isolation_level=None)
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        begin, stamp = "BEGIN IMMEDIATE", lambda: datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    else:
        import psycopg

        connection = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False),
                                     autocommit=True)
        begin, stamp = "BEGIN", lambda: datetime.now(UTC).replace(tzinfo=None)
    has_feed = _has_table(connection, sqlite, "changes")
    # The store's feed line also wakes the other PCs on PostgreSQL: the NOTIFY comes back from the INSERT.
    notify = "" if sqlite else " RETURNING pg_notify('repair_desktop', kind || ':' || entity_id)"
    samples = []
    started = time.perf_counter()
    try:
        for n, appointment in enumerate(ids):
            for action, before, after, sets in _MOVES:
                t0 = time.perf_counter()
                now = stamp()
                values = ([techs[n % 10], now] if action == "assign_technician" else [now])
                connection.execute(begin)
                connection.execute(f"UPDATE appointments SET {sets.format(p=p)}status = {p}, updated_at = {p}, "
                                   f"updated_by = {p}, version = version + 1 WHERE id = {p}",
                                   (*values, after, now, actor, appointment))
                connection.execute(_EVENT.format(p=p), (appointment, action, before, after, actor, now))
                if has_feed:
                    connection.execute(f"INSERT INTO changes (kind, entity_id, origin, at) VALUES "
                                       f"('appointment', {p}, 'bench', {p}){notify}", (appointment, now))
                connection.execute("COMMIT")
                samples.append((time.perf_counter() - t0) * 1000)
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    return samples, seconds


def _has_table(connection, sqlite: bool, name: str) -> bool:
    if sqlite:
        return connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None
    return connection.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None
