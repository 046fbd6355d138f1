"""The callback table models: the desk's board, Available jobs and My callbacks. Columns, badges, the store's
order (priority, then scheduled time), filters as new queries, and Qt's model rules."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from repair_desktop.domain.deadlines import DeadlineState
from repair_desktop.domain.statuses import CallbackStatus, Priority
from repair_desktop.store import CallbackFilter, Store
from repair_desktop.ui.widgets.badges import BADGE_COLOURS, BADGE_ROLE
from repair_desktop.ui.callbacks.model import AvailableJobsModel, CallbacksModel, MyCallbacksModel
from repair_desktop.ui.widgets.formatting import short
from repair_desktop.ui.widgets.paged_model import ROW_ROLE
from support.callback_shop import add_callbacks
from support.ui_helpers import local, settled


@pytest.fixture
def cb(shop):
    return add_callbacks(shop)


def names(cb, model) -> list[str]:
    by_id = {v: k for k, v in cb.callbacks.items()}
    return [by_id[model.row_at(i).id] for i in range(model.rowCount())]


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_board_shows_every_callback_urgent_first_then_by_scheduled_time(cb, check_model):
    model = CallbacksModel(cb.shop.store)
    model.reload()
    check_model(model)
    assert headers(model) == ["Job", "Customer", "Priority", "Scheduled", "Status", "Deadline", "Description",
                              "Issue type", "Claimed by", "Technicians", "Created by"]
    assert names(cb, model) == ["urgent", "rattle", "noise", "leak", "wipers", "tyres"]
    m, row = CallbacksModel, model.row_of(cb.callbacks["rattle"])
    rattle = cb.row("rattle")
    assert [cell(model, row, c) for c in range(model.columnCount())] == [
        rattle.job_number, "Alice Archer", "High", short(rattle.scheduled_at), "Open",
        f"Resolve by {short(rattle.resolve_by)}", "Rattle from the front left", "Noise", "Tom Tech", "1", "Fran Desk"]
    assert cell(model, row, m.COL_DEADLINE, BADGE_ROLE) is None  # on time: plain text
    assert cell(model, row, m.COL_PRIORITY, BADGE_ROLE) == "high"
    assert cell(model, row, m.COL_STATUS, BADGE_ROLE) == "open"
    assert cell(model, row, m.COL_JOB, BADGE_ROLE) is None
    assert cell(model, row, m.COL_CUSTOMER, ROW_ROLE) == rattle
    assert all(model.COLUMNS[c].badge(model.row_at(r)) in BADGE_COLOURS
               for r in range(model.rowCount()) for c in model.badge_columns() if c != m.COL_DEADLINE)
    assert model.badge_columns() == [m.COL_PRIORITY, m.COL_STATUS, m.COL_DEADLINE]


def test_board_filters_and_sorts_with_new_queries(qtbot, cb, check_model):
    model = CallbacksModel(cb.shop.store)
    model.reload()
    check_model(model)
    model.set_filter(CallbackFilter(statuses=frozenset({CallbackStatus.PENDING})))
    settled(qtbot, model)
    assert names(cb, model) == ["urgent", "tyres"]
    model.set_filter(CallbackFilter(priorities=frozenset({Priority.MEDIUM})))
    settled(qtbot, model)
    assert names(cb, model) == ["noise", "leak"]
    model.set_filter(CallbackFilter(text="tyre"))
    settled(qtbot, model)
    assert names(cb, model) == ["tyres"]
    model.set_filter(CallbackFilter(text=cb.job("leak")))
    settled(qtbot, model)
    assert names(cb, model) == ["leak"]
    model.set_filter(CallbackFilter())
    settled(qtbot, model)
    model.sort(CallbacksModel.COL_SCHEDULED, Qt.SortOrder.DescendingOrder)
    settled(qtbot, model)
    assert names(cb, model) == ["tyres", "urgent", "leak", "rattle", "wipers", "noise"]
    assert model.sort_state == ("scheduled_at", True)
    model.sort(CallbacksModel.COL_DESCRIPTION)  # not sortable: the order stays
    settled(qtbot, model)
    assert model.sort_state == ("scheduled_at", True)


def test_available_jobs_are_the_pending_ones_with_what_a_technician_needs_to_choose(cb, check_model):
    model = AvailableJobsModel(cb.shop.store)
    model.reload()
    check_model(model)
    assert headers(model) == ["Priority", "Deadline", "Customer", "Job", "Description", "Scheduled", "Issue type"]
    assert names(cb, model) == ["urgent", "tyres"]
    assert cell(model, 0, AvailableJobsModel.COL_PRIORITY) == "Urgent"
    assert cell(model, 0, AvailableJobsModel.COL_PRIORITY, BADGE_ROLE) == "urgent"
    assert cell(model, 0, AvailableJobsModel.COL_ISSUE_TYPE) == "Warning light"
    assert cell(model, 1, AvailableJobsModel.COL_ISSUE_TYPE) == ""
    cb.shop.store.claim_callback(cb.callbacks["urgent"], cb.shop.tara.id)
    model.reload()
    assert names(cb, model) == ["tyres"]


def test_my_callbacks_are_my_open_and_in_progress_jobs_with_the_customers_phone_and_address(cb, check_model):
    model = MyCallbacksModel(cb.shop.store, cb.shop.tara.id)
    model.reload()
    check_model(model)
    assert headers(model) == ["Priority", "Status", "Deadline", "Customer", "Phone", "Address", "Job",
                              "Description", "Scheduled"]
    assert names(cb, model) == ["leak"]  # "noise" is resolved: done, so off the list
    assert cell(model, 0, MyCallbacksModel.COL_PHONE) == "555-0202"
    assert cell(model, 0, MyCallbacksModel.COL_STATUS, BADGE_ROLE) == "in_progress"
    s = cb.shop.store
    dan = s.add_customer("Dan Driver", "555-0404", address="4 Mill Lane, Leeds")
    s.add_contract(dan.id, date.today(), date.today() + timedelta(days=30))
    cb.callbacks["dan"] = s.create_callback(dan.id, local(date.today(), 16), "Horn stays silent", "urgent",
                                            cb.shop.desk.id).id
    s.claim_callback(cb.callbacks["dan"], cb.shop.tara.id)
    model.reload()
    assert names(cb, model) == ["dan", "leak"]
    m = MyCallbacksModel
    assert [cell(model, 0, c) for c in (m.COL_CUSTOMER, m.COL_PHONE, m.COL_ADDRESS)] == [
        "Dan Driver", "555-0404", "4 Mill Lane, Leeds"]


def test_the_next_deadline_shows_red_when_late_and_amber_at_risk(qtbot, cb, sqlite_url, check_model):
    """Callbacks created earlier (through a store whose clock is behind): urgent ones must be picked up in 2 h."""
    now = datetime.now(UTC)
    made = {}
    for name, hours_ago in (("late", 3), ("at risk", 1.75), ("fresh", 0.5)):
        earlier = Store.open(sqlite_url, clock=lambda h=hours_ago: now - timedelta(hours=h))
        try:
            made[name] = earlier.create_callback(cb.shop.alice.id, local(date.today(), 15), f"Callback {name}",
                                                 "urgent", cb.shop.desk.id).id
        finally:
            earlier.close()
    model = AvailableJobsModel(cb.shop.store)
    model.reload()
    check_model(model)
    by_id = {model.row_at(r).id: r for r in range(model.rowCount())}
    assert [model.row_at(r).id for r in range(4)] == [made["late"], made["at risk"], made["fresh"],
                                                      cb.callbacks["urgent"]]  # urgent first, soonest due first
    m = AvailableJobsModel
    late, risky, fresh = (by_id[made[n]] for n in ("late", "at risk", "fresh"))
    assert cell(model, late, m.COL_DEADLINE).startswith("Late · pick up by ")
    assert cell(model, late, m.COL_DEADLINE, BADGE_ROLE) == "late"
    assert cell(model, risky, m.COL_DEADLINE).startswith("At risk · pick up by ")
    assert cell(model, risky, m.COL_DEADLINE, BADGE_ROLE) == "at_risk"
    assert cell(model, fresh, m.COL_DEADLINE).startswith("Pick up by ")
    assert cell(model, fresh, m.COL_DEADLINE, BADGE_ROLE) is None
    assert {"late", "at_risk"} <= set(BADGE_COLOURS)
    board = CallbacksModel(cb.shop.store, CallbackFilter(deadline=DeadlineState.LATE))
    board.reload()
    assert [board.row_at(r).id for r in range(board.rowCount())] == [made["late"]]
    board.set_filter(CallbackFilter(deadline=DeadlineState.AT_RISK))
    settled(qtbot, board)
    assert [board.row_at(r).id for r in range(board.rowCount())] == [made["at risk"]]
