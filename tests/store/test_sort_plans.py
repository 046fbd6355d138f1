"""Every table sort is an index scan on SQLite, so its first page costs the same at ten rows or a million.

Asked of SQLite's planner (EXPLAIN QUERY PLAN) for the very statements the
listings send (on an empty file: the plan comes from the schema, not the data): a sort that had to read and order the whole table would show
"USE TEMP B-TREE FOR ORDER BY". Sorting by customer or vehicle may sort within
one customer's (vehicle's) jobs: "RIGHT PART OF ORDER BY".
"""

import pytest
from sqlalchemy import event, text

from repair_desktop.store import CallbackFilter, AppointmentFilter
from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.store.appointments import APPOINTMENT_SORTS, APPOINTMENTS
from repair_desktop.store.callbacks import CALLBACK_SORTS

#: Sorts still read everything: the technician's name is a join no index serves (few technicians, many jobs).
WHOLE_TABLE_SORTS: set[str] = set()


def plans_of(store, listing) -> list[list[tuple[int, int, str]]]:
    """The plan of each statement ``listing()`` sends (a sort read in parts sends one per part):
    ``(node, parent node, what)`` rows."""
    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append((statement, parameters))

    event.listen(store.read_engine, "before_cursor_execute", capture)
    try:
        listing()
    finally:
        event.remove(store.read_engine, "before_cursor_execute", capture)
    with store.read_engine.connect() as connection:
        return [[(row[0], row[1], row[3]) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                               parameters)]
                for statement, parameters in sent if statement.lstrip().startswith("SELECT")]


def whole_list_sorts(plan) -> list[str]:
    """The plan's sorts of more than a page: all but the outermost one of a page its ids' subquery chose."""
    page_of_ids = any(what.startswith("LIST SUBQUERY") for _, parent, what in plan if parent == 0)
    return [what for _, parent, what in plan
            if what == "USE TEMP B-TREE FOR ORDER BY" and not (parent == 0 and page_of_ids)]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(set(APPOINTMENT_SORTS) - WHOLE_TABLE_SORTS))
def test_appointment_sorts_use_an_index(store, sort, descending):
    for plan in plans_of(store, lambda: store.list_appointments(sort=sort, descending=descending)):
        assert whole_list_sorts(plan) == [], plan


@pytest.mark.parametrize("sort", sorted(CALLBACK_SORTS))
def test_callback_sorts_use_an_index(store, sort):
    for plan in plans_of(store, lambda: store.list_callbacks(sort=sort)):
        assert whole_list_sorts(plan) == [], plan


def test_a_filtered_sort_by_customer_reads_the_few_matching_rows_first(store):
    """With a status filter, starting from the customers would walk all of them to find a few jobs."""
    *_, plan = plans_of(store, lambda: store.list_appointments(
        AppointmentFilter(statuses=frozenset({AppointmentStatus.IN_PROGRESS})), sort="customer"))
    assert plan[0][2].startswith(("SEARCH appointments", "SCAN appointments")), plan
    [plan] = plans_of(store, lambda: store.list_appointments(sort="customer"))
    assert plan[0][2].startswith("SCAN customers"), plan


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(set(APPOINTMENT_SORTS) - {"scheduled_at"} - set(APPOINTMENTS.leading)))
def test_a_filter_keeping_many_rows_is_checked_along_the_sorts_index(store, sort, descending):
    """SQLite's planner took the filter's index whenever it could and sorted all it kept (the 877,000 completed
    jobs of a million by concern: 250 ms); the filter's columns are hidden from it, and the sort's index leads.
    (By another table's column, a filter keeping as few rows as an empty file's has its rows sorted.)"""
    flt = AppointmentFilter(statuses=frozenset({AppointmentStatus.COMPLETED}))
    for plan in plans_of(store, lambda: store.list_appointments(flt, sort=sort, descending=descending)):
        assert whole_list_sorts(plan) == [], plan


def test_the_filters_own_order_keeps_its_index(store):
    """By scheduled time, the status's index holds its jobs in the list's order."""
    flt = AppointmentFilter(statuses=frozenset({AppointmentStatus.COMPLETED}))
    [plan] = plans_of(store, lambda: store.list_appointments(flt, sort="scheduled_at"))
    assert any("ix_appointments_status_scheduled" in what for *_, what in plan), plan
    assert whole_list_sorts(plan) == [], plan
