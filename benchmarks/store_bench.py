"""Store-level benchmarks: the workload and chart queries against the same SQL sent raw, and transitions per
second against raw SQL doing the same writes."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from .common import event_engines, summary, timed

_TXN = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"}


def _capture(store, call) -> list[tuple[str, object]]:
    """The SQL statements (and parameters) ``call`` sends, as the driver receives them.

    SQLAlchemy's events see what goes through SQLAlchemy; a ``@polls`` method
    hands the driver SQL compiled by ``base._sql`` (and values from ``base._parameters``), recorded there instead.
    """
    from repair_desktop.store import base

    sent: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.strip().upper() not in _TXN:
            sent.append((statement, parameters))

    def compiled(statement, dialect) -> str:
        sql = compile_sql(statement, dialect)
        sent.append((sql, ()))
        return sql

    def parameters(statement, dialect, values, *args, **kwargs):
        given = fill(statement, dialect, values, *args, **kwargs)
        sent[-1] = (sent[-1][0], given)
        return given

    compile_sql, base._sql = base._sql, compiled
    fill, base._parameters = base._parameters, parameters
    engines = event_engines(store)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    try:
        call()
    finally:
        base._sql, base._parameters = compile_sql, fill
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

    from repair_desktop.store.engine import READ_SETTINGS

    # planned as the store's reads are (the same costs), so the two compare the same plans
    connection = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False),
                                 options=READ_SETTINGS)

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
    newest = store.latest_change_id()  # what a PC that is up to date asks for: anything after the newest
    monday = today - timedelta(days=today.weekday())
    questions = {
        "workload summary": store.workload,
        "technician table (workload_report)": store.workload_report,
        "chart: today": lambda: store.period_report(today, today),
        "chart: this week": lambda: store.period_report(monday, monday + timedelta(days=6)),
        "chart: last 30 days": lambda: store.period_report(today - timedelta(days=29), today),
        "change poll (change_mark)": store.change_mark,
        "change feed poll (change_rows_since)": lambda: store.change_rows_since(newest),
    }
    try:
        return compare(store, url, questions, runs)
    finally:
        store.close()


def compare(store, url: str, questions: dict, runs: int) -> dict:
    """Time each of ``questions`` (name -> call) through ``store`` and as the SQL it sends, replayed raw."""
    run_raw, close = _raw_runner(url)
    # The least any store read costs (its transaction, a Session round, one tiny statement), timed alongside each
    # figure: what a statement sent through the store costs beyond its SQL, under the same load as the figure.
    floor = store.capacity_limit
    floor()
    floor_batch = max(1, int(20 / max(timed(floor), 0.001)))
    out = {}
    try:
        for name, call in questions.items():
            statements = _capture(store, call)
            call(), run_raw(statements)  # warm both: the same pages in the cache for each
            # A query under a millisecond is timed over a batch of calls (at least 20 ms), as timeit does:
            # one call is within the timer's and the scheduler's noise.
            batch = max(1, int(20 / max(timed(call), 0.001)))
            store_ms, raw_ms, floor_ms = [], [], []
            for _ in range(runs):
                store_ms.append(timed(lambda: [call() for _ in range(batch)]) / batch)
                raw_ms.append(timed(lambda: [run_raw(statements) for _ in range(batch)]) / batch)
                floor_ms.append(timed(lambda: [floor() for _ in range(floor_batch)]) / floor_batch)
            out[name] = {"store": summary(store_ms), "raw": summary(raw_ms), "statements": len(statements),
                         "calls_per_sample": batch, "store_floor": summary(floor_ms)}
    finally:
        close()
    return out


def transitions(url: str, count: int) -> dict:
    """Assign, start, complete ``count`` appointments through the store, and the same writes as raw SQL.

    Each transition is one transaction, committed durably (SQLite: WAL with
    ``synchronous=FULL``, as the store opens it; PostgreSQL: its defaults).
    Store and raw take turns, one appointment's three moves each, so the
    machine's other work slows both alike.
    """
    from repair_desktop.store import Store

    store = Store.open(url)
    raw = _RawMoves(url)
    try:
        manager = store.add_employee("Bench Manager", "manager").id
        techs = store.add_employee("Bench Technician 0", "technician", actor=manager), *(
            store.add_employee(f"Bench Technician {i}", "technician", actor=manager) for i in range(1, 10))
        vehicle = store.add_vehicle(store.add_customer("Bench Customer").id, "Ford", "Focus", "BEN-0001").id
        when = datetime.now(UTC) + timedelta(days=1)
        ids = [store.book_appointment(vehicle, when, "Benchmark job", manager).id for _ in range(2 * count)]
        samples: list[float] = []
        raw_samples: list[float] = []
        for n in range(count):
            appointment, tech = ids[n], techs[n % 10]
            samples.append(timed(lambda: store.assign_technician(appointment, tech.id, manager)))
            samples.append(timed(lambda: store.start_work(appointment, manager)))
            samples.append(timed(lambda: store.complete_work(appointment, manager)))
            raw_samples += raw.moves(ids[count + n], tech.id, f"Assigned to {tech.name}", manager,
                                     "Bench Manager gave you Ford Focus (BEN-0001): Benchmark job")
    finally:
        raw.close()
        store.close()
    return {"store": _rate(samples), "raw": _rate(raw_samples)}


def _rate(samples_ms: list[float]) -> dict:
    return {**summary(samples_ms), "per_s": round(len(samples_ms) / (sum(samples_ms) / 1000), 1)}


_EVENT = ("INSERT INTO status_events (entity_kind, entity_id, action, from_status, to_status, actor_id, at, note) "
          "VALUES ('appointment', {p}, {p}, {p}, {p}, {p}, {p}, {p})")
_MOVES = (("assign_technician", "scheduled", "assigned",
           "technician_id = {p}, planned_technician_id = {p}, assigned_at = {p}, "),
          ("start_work", "assigned", "in_progress", "started_at = {p}, "),
          ("complete_work", "in_progress", "completed", "completed_at = {p}, "))


class _RawMoves:
    """The rows each transition writes (the appointment, its history line, the change-feed line and, on PostgreSQL,
    its NOTIFY; an assignment also the technician's notification and its feed line), one transaction each, with
    the driver alone: the floor the store's checks and ORM sit on. (The benchmark's manager assigns and completes,
    so the completion tells nobody: the store does not tell people of their own acts.)"""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        self.p = "?" if sqlite else "%s"
        if sqlite:
            self.connection = sqlite3.connect(parsed.database, isolation_level=None)
            self.connection.execute("PRAGMA synchronous=FULL")
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.begin = "BEGIN IMMEDIATE"
            self.stamp = lambda: datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
        else:
            import psycopg

            self.connection = psycopg.connect(
                parsed.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True)
            self.begin, self.stamp = "BEGIN", lambda: datetime.now(UTC).replace(tzinfo=None)
        self.has_feed = _has_table(self.connection, sqlite, "changes")
        self.has_notifications = _has_table(self.connection, sqlite, "notifications")
        # The store's feed line also wakes the other PCs on PostgreSQL: the NOTIFY comes back from the INSERT.
        self.notify = "" if sqlite else " RETURNING pg_notify('repair_desktop', kind || ':' || entity_id)"

    def moves(self, appointment: int, tech: int, note: str, actor: int, told: str) -> list[float]:
        """Assign, start and complete ``appointment``: the milliseconds of each transaction. ``told``: the
        assigned technician's notification."""
        samples = []
        for action, before, after, sets in _MOVES:
            t0 = time.perf_counter()
            now = self.stamp()
            assign = action == "assign_technician"
            self._move(appointment, sets, [tech, tech, now] if assign else [now], after, now, actor,
                       (appointment, action, before, after, actor, now, note if assign else None),
                       (tech, told) if assign else None)
            samples.append((time.perf_counter() - t0) * 1000)
        return samples

    def _move(self, appointment: int, sets: str, values: list, after: str, now, actor: int, event: tuple,
              notification: tuple | None) -> None:
        p, connection = self.p, self.connection
        connection.execute(self.begin)
        connection.execute(f"UPDATE appointments SET {sets.format(p=p)}status = {p}, updated_at = {p}, "
                           f"updated_by = {p}, version = version + 1 WHERE id = {p}",
                           (*values, after, now, actor, appointment))
        connection.execute(_EVENT.format(p=p), event)
        if self.has_feed:
            self._feed("appointment", appointment, now)
        if notification is not None and self.has_notifications:
            recipient, text = notification
            connection.execute(f"INSERT INTO notifications (recipient_id, kind, text, entity_kind, entity_id, "
                               f"created_at) VALUES ({p}, 'appointment_assigned', {p}, 'appointment', {p}, {p})",
                               (recipient, text, appointment, now))
            self._feed("notification", recipient, now)
        connection.execute("COMMIT")

    def _feed(self, kind: str, entity_id: int, now) -> None:
        self.connection.execute(f"INSERT INTO changes (kind, entity_id, origin, at) VALUES ({self.p}, {self.p}, "
                                f"'bench', {self.p}){self.notify}", (kind, entity_id, now))

    def close(self) -> None:
        self.connection.close()


def _has_table(connection, sqlite: bool, name: str) -> bool:
    if sqlite:
        return connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None
    return connection.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None
