"""The Appointments table model: columns, rows as the store lists them, sorting and filtering as new queries,
paging with canFetchMore/fetchMore, and Qt's model rules (pytest-qt's qtmodeltester)."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.store import AppointmentFilter
from repair_desktop.store.paging import PAGE_SIZE
from repair_desktop.ui.appointments.model import AppointmentsModel
from repair_desktop.ui.widgets.badges import BADGE_ROLE
from repair_desktop.ui.widgets.formatting import day_time
from repair_desktop.ui.widgets.paged_model import ROW_ROLE
from support.ui_helpers import break_database, local, settled

BIG = 450


def ids(model: AppointmentsModel) -> list[int]:
    return [model.row_at(i).id for i in range(model.rowCount())]


def store_ids(store, f=AppointmentFilter(), sort="scheduled_at", descending=False) -> list[int]:
    out, after = [], None
    while True:
        page = store.list_appointments(f, sort=sort, descending=descending, after=after)
        out += [r.id for r in page.rows]
        if page.next_cursor is None:
            return out
        after = page.next_cursor


@pytest.fixture
def model(shop):
    m = AppointmentsModel(shop.store)
    m.reload()
    return m


def test_columns_and_headers(model):
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]

    assert headers == ["#", "Customer", "Vehicle", "Concern", "Scheduled", "Status", "Technician", "Assigned",
                       "Started", "Completed"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(99, Qt.Orientation.Horizontal) is None


def test_rows_show_what_the_store_lists_in_scheduled_order(model, shop):
    assert ids(model) == store_ids(shop.store)
    a = shop.appointments
    assert ids(model) == [a["wipers"], a["brakes"], a["oil"], a["engine"], a["tyres"]]

    row = model.row_of(a["engine"])
    cell = lambda column, role=Qt.ItemDataRole.DisplayRole: model.data(model.index(row, column), role)  # noqa: E731
    assert cell(AppointmentsModel.COL_ID) == str(a["engine"])
    assert cell(AppointmentsModel.COL_CUSTOMER) == "Alice Archer"
    assert cell(AppointmentsModel.COL_VEHICLE) == "Ford Focus (AA-111)"
    assert cell(AppointmentsModel.COL_CONCERN) == "Check engine light is on"
    assert cell(AppointmentsModel.COL_SCHEDULED) == day_time(local(date.today() + timedelta(days=1), 9).astimezone())
    assert cell(AppointmentsModel.COL_STATUS) == "In progress"
    assert cell(AppointmentsModel.COL_STATUS, BADGE_ROLE) == "in_progress"
    assert cell(AppointmentsModel.COL_CUSTOMER, BADGE_ROLE) is None
    assert cell(AppointmentsModel.COL_TECHNICIAN) == "Tom Tech"
    assert cell(AppointmentsModel.COL_ASSIGNED) != "" and cell(AppointmentsModel.COL_STARTED) != ""
    assert cell(AppointmentsModel.COL_COMPLETED) == ""
    assert cell(AppointmentsModel.COL_CONCERN, Qt.ItemDataRole.ToolTipRole) == "Check engine light is on"
    assert cell(AppointmentsModel.COL_ID, ROW_ROLE).id == a["engine"]
    assert model.data(QModelIndex()) is None
    assert model.row_at(-1) is None and model.row_at(model.rowCount()) is None
    assert model.row_of(999_999) == -1


def test_a_scheduled_row_has_no_technician_or_timestamps(model, shop):
    row = model.row_of(shop.appointments["brakes"])
    texts = [model.data(model.index(row, c)) for c in range(model.columnCount())]

    assert texts[AppointmentsModel.COL_STATUS] == "Scheduled"
    assert texts[AppointmentsModel.COL_TECHNICIAN:] == ["", "", "", ""]


@pytest.mark.parametrize("column, key", [
    (AppointmentsModel.COL_ID, "id"), (AppointmentsModel.COL_CUSTOMER, "customer"),
    (AppointmentsModel.COL_VEHICLE, "vehicle"), (AppointmentsModel.COL_CONCERN, "concern"),
    (AppointmentsModel.COL_STATUS, "status"), (AppointmentsModel.COL_TECHNICIAN, "technician"),
    (AppointmentsModel.COL_ASSIGNED, "assigned_at"), (AppointmentsModel.COL_COMPLETED, "completed_at"),
])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_is_the_stores_order(qtbot, model, shop, column, key, order):
    other = Qt.SortOrder.AscendingOrder if order == Qt.SortOrder.DescendingOrder else Qt.SortOrder.DescendingOrder
    model.sort(column, other)  # from another order, whatever the model opened on
    settled(qtbot, model)
    with qtbot.waitSignal(model.modelReset):
        model.sort(column, order)
        settled(qtbot, model)

    descending = order == Qt.SortOrder.DescendingOrder
    assert model.sort_state == (key, descending)
    assert model.sort_column() == column
    assert ids(model) == store_ids(shop.store, sort=key, descending=descending)


def test_sorting_in_the_order_already_shown_reads_nothing(qtbot, model):
    shown = [model.row_at(i) for i in range(model.rowCount())]

    with qtbot.assertNotEmitted(model.modelReset):
        model.sort(AppointmentsModel.COL_SCHEDULED, Qt.SortOrder.AscendingOrder)  # the order it opened on
        settled(qtbot, model)

    assert [model.row_at(i) for i in range(model.rowCount())] == shown


def test_filter_is_a_new_query_and_an_unchanged_filter_reads_nothing(qtbot, model, shop):
    open_only = AppointmentFilter(statuses=frozenset({AppointmentStatus.SCHEDULED, AppointmentStatus.ASSIGNED,
                                                      AppointmentStatus.IN_PROGRESS}))
    with qtbot.waitSignal(model.modelReset):
        model.set_filter(open_only)
        settled(qtbot, model)
    a = shop.appointments
    assert ids(model) == [a["brakes"], a["oil"], a["engine"]]

    with qtbot.assertNotEmitted(model.modelReset):
        model.set_filter(AppointmentFilter(statuses=open_only.statuses))  # equal: no reload
        settled(qtbot, model)

    model.set_filter(AppointmentFilter(technician_id=shop.tom.id, text="focus"))
    settled(qtbot, model)
    assert ids(model) == [a["engine"]]


def test_replace_shows_a_changed_row_in_place(qtbot, model, shop):
    a = shop.appointments
    order = ids(model)
    shop.store.assign_technician(a["brakes"], shop.tara.id, shop.desk.id)

    with qtbot.waitSignal(model.dataChanged) as changed:
        model.replace(shop.store.appointment(a["brakes"]))

    row = model.row_of(a["brakes"])
    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), top_left.column()) == (row, 0)
    assert (bottom_right.row(), bottom_right.column()) == (row, model.columnCount() - 1)
    assert ids(model) == order
    assert model.data(model.index(row, AppointmentsModel.COL_TECHNICIAN)) == "Tara Tech"
    assert model.data(model.index(row, AppointmentsModel.COL_STATUS)) == "Assigned"


def test_model_passes_the_model_tester_through_sort_filter_reload_and_replace(qtbot, model, shop, check_model):
    check_model(model)
    model.sort(AppointmentsModel.COL_CUSTOMER, Qt.SortOrder.DescendingOrder)
    settled(qtbot, model)
    model.set_filter(AppointmentFilter(text="Focus"))
    settled(qtbot, model)
    model.reload()
    shop.store.unassign(shop.appointments["oil"], shop.desk.id)
    model.set_filter(AppointmentFilter())
    settled(qtbot, model)
    model.replace(shop.store.appointment(shop.appointments["oil"]))
    check_model(model)
    assert model.row_at(model.row_of(shop.appointments["oil"])).status == AppointmentStatus.SCHEDULED


def test_an_empty_result_passes_the_model_tester(qtbot, model, check_model):
    model.set_filter(AppointmentFilter(text="no such thing anywhere"))
    settled(qtbot, model)
    check_model(model)
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())


# --- paging --------------------------------------------------------------------------------------------


def test_model_reads_one_page_at_a_time(big_store):
    model = AppointmentsModel(big_store)
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())

    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE < BIG
    assert model.canFetchMore(QModelIndex())
    assert not model.canFetchMore(model.index(0, 0))  # a table: no children

    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    assert model.canFetchMore(QModelIndex())

    model.fetchMore(QModelIndex())
    assert model.rowCount() == BIG
    assert not model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # nothing more: a no-op
    assert model.rowCount() == BIG
    assert ids(model) == store_ids(big_store)
    assert len(set(ids(model))) == BIG

    model.reload()
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore(QModelIndex())


def test_pages_follow_the_sort_order(qtbot, big_store):
    model = AppointmentsModel(big_store)
    model.sort(AppointmentsModel.COL_CUSTOMER, Qt.SortOrder.DescendingOrder)
    settled(qtbot, model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())

    assert ids(model) == store_ids(big_store, sort="customer", descending=True)
    names = [model.row_at(i).customer_name for i in range(model.rowCount())]
    assert names == sorted(names, reverse=True)


def test_paged_model_passes_the_model_tester_after_fetch_more_and_reload(qtbot, big_store, check_model):
    model = AppointmentsModel(big_store)
    model.reload()
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE

    check_model(model)
    model.fetchMore(QModelIndex())
    check_model(model)
    model.reload()
    check_model(model)
    model.sort(AppointmentsModel.COL_CONCERN, Qt.SortOrder.DescendingOrder)
    settled(qtbot, model)
    model.fetchMore(QModelIndex())
    check_model(model)

    expected = store_ids(big_store, sort="concern", descending=True)
    assert ids(model) == expected[:model.rowCount()]  # no page read twice or skipped, whoever asked for it


def test_a_page_that_cannot_be_read_is_reported_and_the_rows_held_stay(qtbot, big_store):
    model = AppointmentsModel(big_store)
    model.reload()
    held = ids(model)
    break_database(big_store)

    with qtbot.waitSignal(model.load_failed) as failed:
        model.fetchMore(QModelIndex())

    assert failed.args[0].startswith("The database")
    assert ids(model) == held
    assert not model.canFetchMore(QModelIndex())  # the view stops asking; reload() tries afresh


def test_a_reload_that_cannot_be_read_is_reported_not_raised(qtbot, model, shop):
    break_database(shop.store)

    with qtbot.waitSignal(model.load_failed) as failed:
        model.reload()

    assert failed.args[0].startswith("The database")
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())
    assert QGuiApplication.overrideCursor() is None  # the busy cursor went with the failed read


def test_pages_read_on_the_gui_thread_are_read_under_a_busy_cursor_that_goes_afterwards(shop):
    cursors = []

    class WatchedStore:
        """The shop's store, noting the cursor shown while each page is read."""

        def list_appointments(self, *args, **kwargs):
            cursors.append(QGuiApplication.overrideCursor().shape())
            return shop.store.list_appointments(*args, **kwargs)

    model = AppointmentsModel(WatchedStore())
    model.reload()
    model.show_now(AppointmentFilter(text="focus"))

    assert cursors == [Qt.CursorShape.WaitCursor] * 2
    assert QGuiApplication.overrideCursor() is None
