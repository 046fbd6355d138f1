"""A list tab's first page after a search, a filter or a sort is read off the GUI thread: on a real store whose
statements from the reading thread are held (as a busy or distant server holds them) the window answers and keeps
the rows it had, the newest question wins, and the selection and paging stay right."""

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import event

from repair_desktop.ui.appointments.model import AppointmentsModel
from repair_desktop.ui.appointments.tab import AppointmentsTab
from repair_desktop.ui.callbacks.tab import CallbacksTab
from repair_desktop.ui.widgets.events import JobEvents
from support.callback_shop import add_callbacks
from support.held_reads import event_loop_runs, held_reads
from support.ui_helpers import break_database, settled


@pytest.fixture
def tab(qtbot, shop) -> AppointmentsTab:
    widget = AppointmentsTab(shop.store, shop.desk, JobEvents())
    qtbot.addWidget(widget)
    widget.resize(1280, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def listed(tab) -> list[int]:
    return [tab.model.row_at(i).id for i in range(tab.model.rowCount())]


def search(tab, text: str) -> None:
    """What the search box does once typing pauses."""
    tab.search.setText(text)
    tab.apply_filters()


def busy_pointer(tab) -> bool:
    viewport = tab.table.viewport()
    return viewport.testAttribute(Qt.WidgetAttribute.WA_SetCursor) and \
        viewport.cursor().shape() == Qt.CursorShape.BusyCursor


def test_the_window_answers_and_keeps_the_old_rows_while_a_search_is_read(qtbot, tab, shop):
    a = shop.appointments
    assert listed(tab) == [a["brakes"], a["oil"], a["engine"]] and tab.current().id == a["brakes"]
    with held_reads(shop.store) as gate:
        search(tab, "corolla")
        event_loop_runs(qtbot, tab)  # the event loop runs on while the store is held
        qtbot.keyClicks(tab.search, " bob")  # and the search box takes typing
        assert tab.search.text() == "corolla bob"
        assert tab.model.loading() and busy_pointer(tab)
        assert listed(tab) == [a["brakes"], a["oil"], a["engine"]]  # the rows it had, with their filter
        assert tab.model.filter.text == "" and tab.current().id == a["brakes"]
        assert not tab.model.canFetchMore(QModelIndex())  # no next page of the old rows meanwhile
        gate.set()
        qtbot.waitUntil(lambda: tab.model.filter.text == "corolla bob" and not tab.model.loading())
    assert listed(tab) == [a["oil"]] and tab.current().id == a["oil"]
    assert tab.detail.labels["vehicle"].text() == "Toyota Corolla (BB-222)"
    assert not busy_pointer(tab)


def test_an_answer_to_letters_typed_before_is_dropped(qtbot, tab, shop):
    shown = []
    tab.model.modelReset.connect(lambda: shown.append(tab.model.filter.text))
    with held_reads(shop.store) as gate:
        search(tab, "a")  # asked first, answered late
        search(tab, "al")
        search(tab, "alice")
        assert tab.model.loading()
        gate.set()
        qtbot.waitUntil(lambda: not tab.model.loading())
    assert shown == ["alice"]  # "a" and "al" never reached the list
    assert listed(tab) == [shop.appointments["brakes"], shop.appointments["engine"]]


def test_going_back_to_the_rows_shown_drops_the_answer_on_its_way(qtbot, tab, shop):
    before = listed(tab)
    with held_reads(shop.store) as gate:
        search(tab, "golf")
        search(tab, "")
        gate.set()
        qtbot.waitUntil(lambda: not tab.model.loading())
    assert listed(tab) == before and tab.model.filter.text == ""


def test_the_selected_job_stays_selected_while_the_new_rows_hold_it_else_the_first_row_is(qtbot, tab, shop):
    a = shop.appointments
    tab.select(a["engine"])
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    assert tab.current().id == a["engine"]
    search(tab, "golf")
    settled(qtbot, tab)
    assert listed(tab) == [a["tyres"]] and tab.current().id == a["tyres"]
    assert tab.detail.labels["vehicle"].text() == "Volkswagen Golf (CC-333)"


def test_a_sort_read_in_the_background_keeps_the_selection(qtbot, tab, shop):
    tab.select(shop.appointments["engine"])
    with held_reads(shop.store) as gate:
        tab.table.sortByColumn(AppointmentsModel.COL_CUSTOMER, Qt.SortOrder.DescendingOrder)
        assert tab.model.loading() and tab.model.sort_state == ("scheduled_at", False)  # still what is shown
        gate.set()
        settled(qtbot, tab)
    assert tab.model.sort_state == ("customer", True)
    assert tab.current().id == shop.appointments["engine"]


def test_a_refresh_while_a_page_is_on_its_way_answers_at_once_and_the_late_answer_is_dropped(qtbot, tab, shop):
    resets = []
    tab.model.modelReset.connect(lambda: resets.append(tab.model.filter.text))
    with held_reads(shop.store) as gate:
        search(tab, "corolla")
        tab.refresh()  # read on the GUI thread, for the newest question
        assert not tab.model.loading() and resets == ["corolla"]
        assert listed(tab) == [shop.appointments["oil"]]
        gate.set()
        qtbot.waitUntil(lambda: not tab.model._reads.busy())
    assert resets == ["corolla"] and listed(tab) == [shop.appointments["oil"]]


def test_the_model_passes_the_model_tester_through_background_pages(qtbot, tab, shop, check_model):
    check_model(tab.model)
    with held_reads(shop.store) as gate:
        search(tab, "focus")
        tab.table.sortByColumn(AppointmentsModel.COL_CUSTOMER, Qt.SortOrder.DescendingOrder)
        gate.set()
        settled(qtbot, tab)
    search(tab, "no such job")
    settled(qtbot, tab)
    assert tab.model.rowCount() == 0 and tab.current() is None
    search(tab, "")
    settled(qtbot, tab)
    check_model(tab.model)
    assert len(listed(tab)) == 3


def test_a_page_that_cannot_be_read_keeps_the_rows_and_says_why(qtbot, tab, shop):
    before = listed(tab)
    break_database(shop.store)
    search(tab, "corolla")
    qtbot.waitUntil(lambda: not tab.model.loading())
    assert listed(tab) == before and tab.model.filter.text == ""
    assert tab.notice.isVisibleTo(tab) and "database" in tab.notice.text().lower()


def test_a_board_filter_change_sends_its_page_and_one_detail_read(qtbot, shop):
    """The board's keystroke or filter change: the page's statement and one for the selected job's panel, once."""
    cb = add_callbacks(shop)
    board = CallbacksTab(shop.store, shop.desk, JobEvents())
    qtbot.addWidget(board)
    sent = []

    def note(conn, cursor, statement, *_):
        sent.append(statement)

    board.select(cb.callbacks["leak"])  # in progress: not among the pending jobs
    event.listen(shop.store.read_engine, "before_cursor_execute", note)
    try:
        board.status.setCurrentText("Pending")
        settled(qtbot, board)
        assert board.current().id == cb.callbacks["urgent"]
        assert len(sent) == 2, sent
        sent.clear()
        board.priority.setCurrentText("Urgent")  # the same job stays selected: its panel is on screen already
        settled(qtbot, board)
        assert board.current().id == cb.callbacks["urgent"] and len(sent) == 1, sent
    finally:
        event.remove(shop.store.read_engine, "before_cursor_execute", note)


def test_a_job_changed_while_a_page_is_on_its_way_is_shown_as_it_is_now(qtbot, tab, shop):
    oil = shop.appointments["oil"]
    shown = []
    tab.model.modelReset.connect(lambda: shown.append(tab.model.row_at(0).status if tab.model.rowCount() else None))
    with held_reads(shop.store) as gate:
        search(tab, "corolla")
        shop.store.start_work(oil, shop.tom.id)  # on another PC, say: its change arrives while the page is held
        tab.events.changed.emit("appointment", oil)
        assert tab.model.loading()
        gate.set()
        settled(qtbot, tab)
        qtbot.waitUntil(lambda: not tab.model._reads.busy())
    assert shown == ["in_progress"]  # one page shown, read after the change
    assert tab.current().id == oil and tab.current().status == "in_progress"
