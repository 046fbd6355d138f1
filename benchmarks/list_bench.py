"""The store's list queries behind each table interaction: ``python3 -m benchmarks.list_bench URL [RUNS] [--explain]``.

Times the first page each interaction reads (``list_appointments`` /
``list_callbacks``), without painting: the part of an interaction the store
owns, whose targets are 40 ms median and 80 ms worst. Searches are typed a
letter at a time, as in ``ui_bench``. Prints one JSON object; ``--explain``
adds, for the three slowest, the plan of the slowest statement each sends
(``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL, ``EXPLAIN QUERY PLAN`` on
SQLite).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import event, text

from .common import over_runs, print_measured, timed
from .ui_bench import prefixes, words_from


def interactions(store) -> dict[str, Callable[[], object]]:
    """Name -> the store call the interaction makes, as the tabs make them (their default sorts and filters)."""
    from repair_desktop.domain.statuses import AppointmentStatus, CallbackStatus, Priority
    from repair_desktop.store import AppointmentFilter, CallbackFilter
    from repair_desktop.store.appointments import APPOINTMENT_SORTS
    from repair_desktop.store.callbacks import CALLBACK_SORTS

    def appointments(f=AppointmentFilter(), sort="scheduled_at", descending=False):
        return lambda: store.list_appointments(f, sort=sort, descending=descending)

    def callbacks(f=CallbackFilter(), sort="priority", descending=False):
        return lambda: store.list_callbacks(f, sort=sort, descending=descending)

    calls: dict[str, Callable[[], object]] = {}
    for sort in APPOINTMENT_SORTS:
        for descending in (False, True):
            calls[f"appointments: sort by {sort}{' desc' if descending else ''}"] = appointments(
                sort=sort, descending=descending)
    open_jobs = frozenset({AppointmentStatus.SCHEDULED, AppointmentStatus.ASSIGNED, AppointmentStatus.IN_PROGRESS})
    for name, statuses in [("open", open_jobs), *((s.value, frozenset({s})) for s in AppointmentStatus)]:
        calls[f"appointments: status {name}"] = appointments(AppointmentFilter(statuses=statuses))
    technicians = [e.id for e in store.employees("technician")][:3]
    for tech in technicians:
        calls[f"appointments: technician {tech}"] = appointments(AppointmentFilter(technician_id=tech))
    for sort in CALLBACK_SORTS:
        calls[f"callbacks: sort by {sort}"] = callbacks(sort=sort)
    for status in CallbackStatus:
        calls[f"callbacks: status {status.value}"] = callbacks(CallbackFilter(statuses=frozenset({status})))
    for priority in Priority:
        calls[f"callbacks: priority {priority.value}"] = callbacks(CallbackFilter(priorities=frozenset({priority})))
    words = words_from(store)
    for tab, make, filter_type in (("appointments", appointments, AppointmentFilter),
                                   ("callbacks", callbacks, CallbackFilter)):
        for typed in dict.fromkeys(p for w in words[tab] for p in prefixes(w)):
            calls[f"{tab}: search '{typed}'"] = make(filter_type(text=typed))
    # a column header clicked with the words typed, in the tab's default view (the open jobs) and in all
    for word in words["appointments"]:
        for name, statuses in (("open", open_jobs), ("all", frozenset())):
            for sort in ("customer", "vehicle", "technician", "concern"):
                calls[f"appointments: {name}, search '{word}' by {sort}"] = appointments(
                    AppointmentFilter(statuses=statuses, text=word), sort=sort)
    # a filter chosen and a column header clicked, both ways: the open jobs (the tab's default view), the
    # commonest status, a middling one and one technician's jobs; then the same with each word typed
    narrowed = {"open": AppointmentFilter(statuses=open_jobs),
                "completed": AppointmentFilter(statuses=frozenset({AppointmentStatus.COMPLETED})),
                "cancelled": AppointmentFilter(statuses=frozenset({AppointmentStatus.CANCELLED})),
                "a technician": AppointmentFilter(technician_id=technicians[0])}
    for name, f in narrowed.items():
        for sort in APPOINTMENT_SORTS:
            for descending in (False, True):
                calls[f"appointments: {name} by {sort}{' desc' if descending else ''}"] = appointments(
                    f, sort=sort, descending=descending)
    for name in ("completed", "a technician"):
        for word in words["appointments"]:
            for sort in ("scheduled_at", "customer", "vehicle", "technician", "concern"):
                calls[f"appointments: {name}, search '{word}' by {sort}"] = appointments(
                    replace(narrowed[name], text=word), sort=sort)
    return calls


def _slowest_statement(store, call) -> tuple[float, str, object]:
    """The statement of ``call`` that took longest (ms, SQL, parameters), timed at the driver."""
    import time

    seen: list = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["_bench_t"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        seen.append(((time.perf_counter() - conn.info.pop("_bench_t")) * 1000, statement, parameters))

    engine = store.read_engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return max(seen, key=lambda entry: entry[0])


def explain(store, call) -> str:
    ms, statement, parameters = _slowest_statement(store, call)
    with store.read_engine.connect() as connection:
        raw = connection.connection.driver_connection
        cursor = raw.cursor()
        if store.read_engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        else:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        connection.execute(text("SELECT 1"))
    return f"-- {ms:.1f} ms\n{statement}\n-- {parameters}\n{plan}"


def _timed_as_read(call) -> float:
    """``timed(call)``, the young generations collected first (untimed)."""
    gc.collect(1)
    return timed(call)


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 5
    only = next((a.split("=", 1)[1] for a in argv if a.startswith("--only=")), "")

    def measure(store) -> dict:
        calls = {name: call for name, call in interactions(store).items() if only in name}
        for call in calls.values():  # warm: the pages each reads in the cache, as after a tab was opened once
            call()
        # As the window reads: what exists after its start frozen, no collection on a reading thread, and the
        # young garbage collected between reads, as the window's timer does (ui/widgets/collector.py). Left on,
        # the collector walked every object now and then inside a timed call: +30 ms for a search of 8,000
        # candidates, one run in six.
        gc.collect()
        gc.freeze()
        gc.disable()
        samples = {name: [[_timed_as_read(call) for _ in range(3)] for _ in range(runs)] for name, call in calls.items()}
        results = {name: over_runs(per_run) for name, per_run in samples.items()}
        out: dict = {"lists": results}
        if "--explain" in argv:
            slowest = sorted(results, key=lambda n: results[n]["worst_ms"], reverse=True)[:3]
            out["plans"] = {name: explain(store, calls[name]) for name in slowest}
        return out

    return print_measured(argv[0], measure)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
