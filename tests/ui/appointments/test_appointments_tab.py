"""The Appointments tab, driven like the desk drives it: book, assign, start, complete, cancel, filter,
search, sort, page, read the history and export, on a real SQLite file.

Dialogs the tab opens with ``exec()`` are driven while they run (``modal.run``); refusals the tab shows in a
message box are recorded by the autouse ``message_boxes`` fixture (conftest.py).
"""

import re
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, QModelIndex, Qt, QTime
from PySide6.QtWidgets import QFileDialog, QListWidget, QPlainTextEdit

from repair_desktop.domain.errors import CapacityExceeded, ConflictError, PermissionDenied, ValidationError
from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.store import AppointmentFilter
from repair_desktop.store.paging import PAGE_SIZE
from repair_desktop.ui.appointments.dialogs import BookAppointmentDialog
from repair_desktop.ui.appointments.model import AppointmentsModel
from repair_desktop.ui.appointments.tab import AppointmentsTab
from repair_desktop.ui.shell.main_window import MainWindow
from repair_desktop.ui.widgets.events import JobEvents
from support.ui_helpers import (break_database, cancel_button, click, click_header, local, ok_button, read_csv,
                                settled, shown)

ACTIONS = ("assign", "unassign", "start", "complete", "cancel")


@pytest.fixture
def open_tab(qtbot, shop):
    """``open_tab(user, store=shop.store, events=None)``: a shown Appointments tab signed in as ``user``."""
    def open_(user, store=None, events=None) -> AppointmentsTab:
        tab = AppointmentsTab(store or shop.store, user, events or JobEvents())
        qtbot.addWidget(tab)
        tab.resize(1280, 700)
        tab.show()
        qtbot.waitExposed(tab)
        return tab
    return open_


def listed(tab: AppointmentsTab) -> list[int]:
    return [tab.model.row_at(i).id for i in range(tab.model.rowCount())]


def enabled(tab: AppointmentsTab) -> dict[str, bool]:
    return {name: getattr(tab, f"{name}_action").isEnabled() for name in ACTIONS}


def pick(tab: AppointmentsTab, appointment_id: int) -> None:
    row = tab.model.row_of(appointment_id)
    assert row >= 0, f"appointment {appointment_id} is not listed"
    tab.table.selectRow(row)
    assert tab.current().id == appointment_id


def history(tab: AppointmentsTab) -> list[str]:
    return [tab.detail.timeline.item(i).text() for i in range(tab.detail.timeline.count())]


def technicians_offered(dialog) -> list[str]:
    offered = dialog.findChild(QListWidget)
    return [offered.item(i).text() for i in range(offered.count())]


def choose(dialog, name: str) -> None:
    offered = dialog.findChild(QListWidget)
    matches = [i for i in range(offered.count()) if offered.item(i).text().startswith(name)]
    assert matches, f"{name} is not offered"
    offered.setCurrentRow(matches[0])


def status_of(shop, name: str) -> AppointmentStatus:
    return shop.store.appointment(shop.appointments[name]).status


# --- what the tab opens on ------------------------------------------------------------------------------


def test_opens_on_open_jobs_in_scheduled_order_with_the_first_selected(open_tab, shop):
    tab = open_tab(shop.desk)
    a = shop.appointments

    assert tab.status.currentText() == "Open (not finished)"
    assert listed(tab) == [a["brakes"], a["oil"], a["engine"]]
    assert tab.current().id == a["brakes"]
    assert tab.detail.labels["customer"].text() == "Alice Archer"
    assert tab.detail.labels["vehicle"].text() == "Ford Focus (AA-111)"
    assert tab.detail.labels["technician"].text() == "Not assigned"
    assert not tab.date_from.isVisible() and not tab.date_to.isVisible()
    assert not tab.notice.isVisible()


def test_opening_the_tab_reads_one_page(open_tab, shop):
    reads = []

    class CountingStore:
        """The shop's store, noting each page of appointments read."""

        def __getattr__(self, name):
            return getattr(shop.store, name)

        def list_appointments(self, f, **kwargs):
            reads.append((f.statuses, kwargs["sort"]))
            return shop.store.list_appointments(f, **kwargs)

    open_tab(shop.desk, store=CountingStore())

    assert [sort for _, sort in reads] == ["scheduled_at"]  # one page, in the tab's order, with the tab's filter
    assert reads[0][0] == {AppointmentStatus.SCHEDULED, AppointmentStatus.ASSIGNED, AppointmentStatus.IN_PROGRESS}


def test_a_technician_starts_on_their_own_jobs_and_cannot_book(open_tab, shop):
    tab = open_tab(shop.tom)

    assert tab.technician.currentData() == shop.tom.id
    assert listed(tab) == [shop.appointments["oil"], shop.appointments["engine"]]
    assert not tab.book_action.isEnabled()


# --- booking --------------------------------------------------------------------------------------------


def fill_new_customer(qtbot, dialog: BookAppointmentDialog, concern: str) -> None:
    click(qtbot, dialog.new)
    assert dialog.new_customer_fields.isVisible() and not dialog.matches.isVisible()
    qtbot.keyClicks(dialog.customer_name, "Dora Diaz")
    qtbot.keyClicks(dialog.customer_phone, "555-0404")
    qtbot.keyClicks(dialog.customer_email, "dora@example.com")
    assert [dialog.vehicle.itemText(i) for i in range(dialog.vehicle.count())] == ["New vehicle…"]
    assert dialog.new_vehicle_fields.isVisible()
    qtbot.keyClicks(dialog.make, "Honda")
    qtbot.keyClicks(dialog.model_name, "Civic")
    qtbot.keyClicks(dialog.plate, "dd-444")
    dialog.year.setValue(2020)
    dialog.scheduled.setDateTime(QDateTime(QDate.currentDate().addDays(2), QTime(11, 30)))
    qtbot.keyClicks(dialog.concern, concern)


def test_book_a_new_customer_with_a_new_vehicle(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)
    customers_before = len(shop.store.find_customers())

    def book(dialog):
        assert isinstance(dialog, BookAppointmentDialog)
        fill_new_customer(qtbot, dialog, "Timing belt is due")
        click(qtbot, ok_button(dialog))

    with qtbot.waitSignal(tab.events.changed) as told:
        modal.run(tab.book_action.trigger, book)

    [dora] = shop.store.find_customers("Dora")
    assert (dora.name, dora.phone, dora.email) == ("Dora Diaz", "555-0404", "dora@example.com")
    assert len(shop.store.find_customers()) == customers_before + 1
    [civic] = shop.store.vehicles(dora.id)
    assert (civic.make, civic.model, civic.plate, civic.year) == ("Honda", "Civic", "DD-444", 2020)
    booked = tab.current()
    assert told.args == ["appointment", booked.id]
    row = shop.store.appointment(booked.id)
    assert (row.vehicle_id, row.concern, row.status) == (civic.id, "Timing belt is due", AppointmentStatus.SCHEDULED)
    assert row.scheduled_at == local(date.today() + timedelta(days=2), 11, 30).astimezone()
    assert tab.detail.labels["customer"].text() == "Dora Diaz"
    assert tab.detail.labels["vehicle"].text() == "Honda Civic (DD-444)"
    assert history(tab)[0].endswith("Fran Desk booked it")


def test_book_for_an_existing_customer_and_vehicle(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.manager)
    customers_before = len(shop.store.find_customers())

    def book(dialog):
        assert dialog.existing.isChecked()
        qtbot.keyClicks(dialog.search, "bak")
        assert [dialog.matches.item(i).text() for i in range(dialog.matches.count())] == ["Bob Baker   555-0202"]
        assert [dialog.vehicle.itemText(i) for i in range(dialog.vehicle.count())] == [
            "Toyota Corolla (BB-222)", "New vehicle…"]
        assert not dialog.new_vehicle_fields.isVisible()
        qtbot.keyClicks(dialog.concern, "Noise from the front left wheel")
        click(qtbot, ok_button(dialog))

    modal.run(tab.book_action.trigger, book)

    assert len(shop.store.find_customers()) == customers_before
    assert len(shop.store.vehicles(shop.bob.id)) == 1
    booked = shop.store.appointment(tab.current().id)
    assert (booked.vehicle_id, booked.customer_id) == (shop.corolla.id, shop.bob.id)
    assert booked.concern == "Noise from the front left wheel"
    assert tab.model.row_of(booked.id) >= 0
    assert history(tab)[0].endswith("Mia Manager booked it")


def test_book_a_new_vehicle_for_an_existing_customer(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)

    def book(dialog):
        qtbot.keyClicks(dialog.search, "Carol")
        dialog.vehicle.setCurrentIndex(dialog.vehicle.findText("New vehicle…"))
        assert dialog.new_vehicle_fields.isVisible()
        qtbot.keyClicks(dialog.make, "Fiat")
        qtbot.keyClicks(dialog.model_name, "Panda")
        qtbot.keyClicks(dialog.plate, "CC-999")
        qtbot.keyClicks(dialog.concern, "Clutch slips")
        click(qtbot, ok_button(dialog))

    modal.run(tab.book_action.trigger, book)

    assert [v.plate for v in shop.store.vehicles(shop.carol.id)] == ["CC-333", "CC-999"]
    assert shop.store.appointment(tab.current().id).vehicle == "Fiat Panda (CC-999)"


def test_a_refused_booking_keeps_everything_typed_and_the_retry_saves_the_customer_once(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)
    with pytest.raises(ValidationError) as refused:
        shop.store.book_appointment(shop.focus.id, local(date.today(), 9), "   ", shop.desk.id)
    rows_before = tab.model.rowCount()

    def book(dialog):
        fill_new_customer(qtbot, dialog, "")  # no concern
        click(qtbot, ok_button(dialog))

        assert dialog.isVisible()
        assert dialog.problem.isVisible()
        assert dialog.problem.text() == refused.value.message == "Please enter what the customer wants done."
        # The customer and vehicle were saved on the way: the dialog now shows them as picked, so a retry
        # (or switching to New customer and back) can't save them twice or lose them.
        assert dialog.existing.isChecked()
        assert dialog.matches.currentItem().text().startswith("Dora Diaz")
        assert (dialog.customer_name.text(), dialog.customer_phone.text(), dialog.customer_email.text()) == (
            "Dora Diaz", "555-0404", "dora@example.com")
        assert (dialog.make.text(), dialog.model_name.text(), dialog.plate.text(), dialog.year.value()) == (
            "Honda", "Civic", "dd-444", 2020)
        assert dialog.vehicle.currentText() == "Honda Civic (DD-444)"  # the vehicle as typed, saved once
        dialog.new.setChecked(True)
        dialog.existing.setChecked(True)
        assert dialog.vehicle.currentText() == "Honda Civic (DD-444)"
        assert dialog.scheduled.dateTime() == QDateTime(QDate.currentDate().addDays(2), QTime(11, 30))
        assert tab.model.rowCount() == rows_before  # nothing booked

        qtbot.keyClicks(dialog.concern, "Timing belt is due")  # fix it and try again
        click(qtbot, ok_button(dialog))

    modal.run(tab.book_action.trigger, book)

    customers = shop.store.find_customers("Dora Diaz")
    assert len(customers) == 1
    assert len(shop.store.vehicles(customers[0].id)) == 1
    booked = shop.store.appointment(tab.current().id)
    assert (booked.customer_id, booked.concern) == (customers[0].id, "Timing belt is due")
    everything = shop.store.list_appointments(AppointmentFilter(text="Timing belt")).rows
    assert [r.id for r in everything] == [booked.id]


def test_a_refused_customer_is_not_saved_and_can_be_corrected(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)

    def book(dialog):
        fill_new_customer(qtbot, dialog, "Timing belt is due")
        dialog.customer_email.clear()
        qtbot.keyClicks(dialog.customer_email, "dora at example")
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible()
        assert dialog.problem.text() == "'dora at example' doesn't look like an e-mail address."
        assert shop.store.find_customers("Dora") == []
        dialog.customer_email.clear()
        qtbot.keyClicks(dialog.customer_email, "dora@example.com")
        click(qtbot, ok_button(dialog))

    modal.run(tab.book_action.trigger, book)

    [dora] = shop.store.find_customers("Dora")
    assert dora.email == "dora@example.com"
    assert tab.current().customer_id == dora.id


def test_booking_without_a_customer_picked_is_refused_in_the_dialog(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)

    def book(dialog):
        qtbot.keyClicks(dialog.search, "nobody by this name")
        assert dialog.matches.count() == 0
        qtbot.keyClicks(dialog.concern, "Anything")
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible()
        assert dialog.problem.text() == "Please pick the customer, or choose New customer."
        click(qtbot, cancel_button(dialog))

    modal.run(tab.book_action.trigger, book)

    assert shop.store.count_appointments() == 5


# --- assigning and the capacity limit --------------------------------------------------------------------


def test_assign_offers_only_technicians_with_room_and_shows_their_load(qtbot, open_tab, shop, modal):
    shop.fill_up(shop.tara, 3)  # Tara is full; Tom has 2 of 3
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["brakes"])

    def assign(dialog):
        offered = technicians_offered(dialog)
        assert len(offered) == 1 and re.fullmatch(r"Tom Tech\s+2/3", offered[0]), offered
        choose(dialog, "Tom Tech")
        click(qtbot, ok_button(dialog))

    with qtbot.waitSignal(tab.events.changed) as told:
        modal.run(tab.assign_action.trigger, assign)

    brakes = shop.store.appointment(shop.appointments["brakes"])
    assert (brakes.status, brakes.technician_id) == (AppointmentStatus.ASSIGNED, shop.tom.id)
    assert told.args == ["appointment", brakes.id]
    row = tab.model.row_of(brakes.id)
    assert tab.model.data(tab.model.index(row, AppointmentsModel.COL_TECHNICIAN)) == "Tom Tech"
    assert tab.model.data(tab.model.index(row, AppointmentsModel.COL_STATUS)) == "Assigned"
    assert tab.current().id == brakes.id
    assert tab.detail.labels["technician"].text() == "Tom Tech"
    assert "Fran Desk assigned it  (scheduled → assigned)\n      Assigned to Tom Tech" in history(tab)[-1]
    assert enabled(tab) == {"assign": True, "unassign": True, "start": True, "complete": False, "cancel": True}


def test_a_technician_with_three_jobs_is_not_offered(qtbot, open_tab, shop, modal):
    shop.fill_up(shop.tom, 1)  # Tom: oil, engine and one more = 3 of 3
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["brakes"])

    def look(dialog):
        offered = technicians_offered(dialog)
        assert len(offered) == 1 and re.fullmatch(r"Tara Tech\s+0/3", offered[0]), offered
        click(qtbot, cancel_button(dialog))

    modal.run(tab.assign_action.trigger, look)

    assert status_of(shop, "brakes") == AppointmentStatus.SCHEDULED


def test_reassigning_does_not_offer_the_technician_already_on_the_job(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["oil"])  # Tom's

    def reassign(dialog):
        offered = technicians_offered(dialog)
        assert len(offered) == 1 and re.fullmatch(r"Tara Tech\s+0/3", offered[0]), offered
        click(qtbot, ok_button(dialog))

    modal.run(tab.assign_action.trigger, reassign)

    assert shop.store.appointment(shop.appointments["oil"]).technician_id == shop.tara.id


def test_a_fourth_job_filled_up_from_another_pc_while_the_dialog_is_open_is_refused_in_it(
        qtbot, open_tab, shop, modal):
    shop.fill_up(shop.tara, 2)
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["brakes"])

    def assign(dialog):
        assert [re.sub(r"\s+", " ", t) for t in technicians_offered(dialog)] == ["Tara Tech 2/3", "Tom Tech 2/3"]
        choose(dialog, "Tara Tech")
        shop.fill_up(shop.tara, 1)  # meanwhile, another PC gives Tara her third job
        with pytest.raises(CapacityExceeded) as refused:  # what the store says to anyone trying now
            shop.store.assign_technician(shop.appointments["brakes"], shop.tara.id, shop.desk.id)

        click(qtbot, ok_button(dialog))

        assert dialog.isVisible()
        assert dialog.problem.isVisible()
        assert dialog.problem.text() == refused.value.message
        assert dialog.problem.text().startswith("Tara Tech already has 3 of 3 active jobs.")
        assert status_of(shop, "brakes") == AppointmentStatus.SCHEDULED
        click(qtbot, cancel_button(dialog))

    modal.run(tab.assign_action.trigger, assign)

    assert status_of(shop, "brakes") == AppointmentStatus.SCHEDULED
    assert tab.current().status == AppointmentStatus.SCHEDULED
    assert [load.active_jobs for load in shop.store.workload().technicians if load.name == "Tara Tech"] == [3]


def test_when_everyone_is_full_the_assign_dialog_says_so(qtbot, open_tab, shop, modal):
    shop.fill_up(shop.tom, 1)
    shop.fill_up(shop.tara, 3)
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["brakes"])

    def assign(dialog):
        assert technicians_offered(dialog) == []
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible()
        assert dialog.problem.text() == "Every technician is fully booked. Finish or hand over a job first."
        click(qtbot, cancel_button(dialog))

    modal.run(tab.assign_action.trigger, assign)


def test_double_click_opens_the_next_step(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)
    row = tab.model.row_of(shop.appointments["brakes"])
    rect = tab.table.visualRect(tab.model.index(row, AppointmentsModel.COL_CUSTOMER))

    def cancel(dialog):
        assert dialog.windowTitle() == "Assign technician: Ford Focus (AA-111)"
        click(qtbot, cancel_button(dialog))

    def double_click():
        qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    modal.run(double_click, cancel)


# --- moving work along ----------------------------------------------------------------------------------


def test_a_technician_starts_and_completes_their_own_job(qtbot, open_tab, shop, message_boxes):
    tab = open_tab(shop.tom)
    oil = shop.appointments["oil"]
    pick(tab, oil)
    assert enabled(tab) == {"assign": False, "unassign": False, "start": True, "complete": False, "cancel": False}

    tab.start_action.trigger()

    assert shop.store.appointment(oil).status == AppointmentStatus.IN_PROGRESS
    assert tab.current().id == oil
    assert tab.model.data(tab.model.index(tab.model.row_of(oil), AppointmentsModel.COL_STATUS)) == "In progress"
    assert enabled(tab) == {"assign": False, "unassign": False, "start": False, "complete": True, "cancel": False}

    tab.complete_action.trigger()

    assert shop.store.appointment(oil).status == AppointmentStatus.COMPLETED
    assert tab.current().status == AppointmentStatus.COMPLETED
    assert tab.model.row_of(oil) >= 0  # still shown in place until the list is read again
    assert enabled(tab) == {name: False for name in ACTIONS}
    assert message_boxes.calls == []
    lines = history(tab)
    assert lines[-2].endswith("Tom Tech started work  (assigned → in progress)")
    assert lines[-1].endswith("Tom Tech completed it  (in progress → completed)")


def test_a_technician_can_start_only_their_own_job(qtbot, open_tab, shop, message_boxes):
    shop.store.assign_technician(shop.appointments["brakes"], shop.tara.id, shop.desk.id)
    tab = open_tab(shop.tom)
    tab.technician.setCurrentIndex(tab.technician.findText("All technicians"))
    settled(qtbot, tab)
    pick(tab, shop.appointments["brakes"])  # Tara's
    assert enabled(tab) == {name: False for name in ACTIONS}
    with pytest.raises(PermissionDenied) as refused:
        shop.store.start_work(shop.appointments["brakes"], shop.tom.id)

    tab.start()  # even if the action were reached, the store refuses and the tab says why

    assert message_boxes.of("warning") == [("Not permitted", refused.value.message)]
    assert "the technician on this job" in refused.value.message
    assert status_of(shop, "brakes") == AppointmentStatus.ASSIGNED


@pytest.mark.parametrize("who, name, expected", [
    ("desk", "brakes", {"assign": True, "unassign": False, "start": False, "complete": False, "cancel": True}),
    ("desk", "oil", {"assign": True, "unassign": True, "start": True, "complete": False, "cancel": True}),
    ("desk", "engine", {"assign": False, "unassign": False, "start": False, "complete": True, "cancel": True}),
    ("desk", "wipers", {name: False for name in ACTIONS}),
    ("desk", "tyres", {name: False for name in ACTIONS}),
    ("manager", "oil", {"assign": True, "unassign": True, "start": True, "complete": False, "cancel": True}),
    ("tom", "brakes", {name: False for name in ACTIONS}),
    ("tom", "oil", {"assign": False, "unassign": False, "start": True, "complete": False, "cancel": False}),
    ("tom", "engine", {"assign": False, "unassign": False, "start": False, "complete": True, "cancel": False}),
    ("tara", "oil", {name: False for name in ACTIONS}),
    ("tara", "engine", {name: False for name in ACTIONS}),
    ("tara", "wipers", {name: False for name in ACTIONS}),
])
def test_actions_follow_status_and_role(qtbot, open_tab, shop, who, name, expected):
    tab = open_tab(getattr(shop, who))
    tab.technician.setCurrentIndex(0)  # all technicians
    settled(qtbot, tab)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)

    pick(tab, shop.appointments[name])

    assert enabled(tab) == expected
    assert tab.book_action.isEnabled() == (who in ("desk", "manager"))


def test_nothing_selected_nothing_enabled(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.search.setText("no such appointment")
    tab.apply_filters()
    settled(qtbot, tab)

    assert tab.model.rowCount() == 0 and tab.current() is None
    assert enabled(tab) == {name: False for name in ACTIONS}
    assert tab.book_action.isEnabled()
    assert history(tab) == [] and tab.detail.labels["customer"].text() == ""


def test_unassign_puts_the_job_back_to_scheduled(open_tab, shop):
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["oil"])

    tab.unassign_action.trigger()

    oil = shop.store.appointment(shop.appointments["oil"])
    assert (oil.status, oil.technician_id) == (AppointmentStatus.SCHEDULED, None)
    assert tab.detail.labels["technician"].text() == "Not assigned"
    assert enabled(tab)["assign"] and not enabled(tab)["unassign"]


def test_cancel_asks_for_a_reason(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)
    oil = shop.appointments["oil"]
    pick(tab, oil)

    def cancel(dialog):
        reason = dialog.findChild(QPlainTextEdit)
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible()
        assert dialog.problem.text() == "Please enter why the appointment is cancelled."
        qtbot.keyClicks(reason, "Customer called: car already fixed")
        click(qtbot, ok_button(dialog))

    modal.run(tab.cancel_action.trigger, cancel)

    row = shop.store.appointment(oil)
    assert (row.status, row.cancel_reason) == (AppointmentStatus.CANCELLED, "Customer called: car already fixed")
    assert tab.current().id == oil
    assert tab.detail.labels["status"].text() == "Cancelled"
    assert tab.detail.labels["reason"].text() == "Customer called: car already fixed"
    assert enabled(tab) == {name: False for name in ACTIONS}
    assert history(tab)[-1].endswith(
        "Fran Desk cancelled it  (assigned → cancelled)\n      Customer called: car already fixed")
    assert [t.active_jobs for t in shop.store.workload().technicians if t.name == "Tom Tech"] == [1]


def test_cancel_dialog_given_up_changes_nothing(qtbot, open_tab, shop, modal):
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["brakes"])

    modal.run(tab.cancel_action.trigger, lambda dialog: click(qtbot, cancel_button(dialog)))

    assert status_of(shop, "brakes") == AppointmentStatus.SCHEDULED


def test_a_move_on_a_row_changed_elsewhere_shows_the_conflict_and_the_fresh_row(open_tab, shop, message_boxes):
    tab = open_tab(shop.desk)
    oil = shop.appointments["oil"]
    pick(tab, oil)
    shop.store.unassign(oil, shop.manager.id)  # another PC, after this one read the row
    shop.store.assign_technician(oil, shop.tara.id, shop.manager.id)

    tab.start_action.trigger()

    [(title, text)] = message_boxes.of("warning")
    assert title == "Changed by someone else"
    assert text.startswith("This appointment was changed by Mia Manager")
    assert shop.store.appointment(oil).status == AppointmentStatus.ASSIGNED  # nothing was started
    assert tab.current().technician_name == "Tara Tech"  # the tab shows the row as it is now
    with pytest.raises(ConflictError):
        shop.store.start_work(oil, shop.desk.id, expected_version=tab.current().version - 1)


def test_a_change_in_one_tab_shows_in_another_tab_of_the_window(open_tab, shop):
    events = JobEvents()
    desk_tab = open_tab(shop.desk, events=events)
    tom_tab = open_tab(shop.tom, events=events)
    oil = shop.appointments["oil"]
    pick(tom_tab, oil)

    tom_tab.start_action.trigger()

    row = desk_tab.model.row_of(oil)
    assert desk_tab.model.data(desk_tab.model.index(row, AppointmentsModel.COL_STATUS)) == "In progress"


def test_refresh_reads_the_list_again_and_keeps_the_selection(open_tab, shop):
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["engine"])
    shop.store.start_work(shop.appointments["oil"], shop.tom.id)  # another PC
    new_id = shop.book(shop.golf, local(date.today(), 7), "Headlight out")

    tab.refresh()

    assert tab.current().id == shop.appointments["engine"]
    assert listed(tab)[0] == new_id
    assert tab.model.row_at(tab.model.row_of(shop.appointments["oil"])).status == AppointmentStatus.IN_PROGRESS


def test_a_list_that_cannot_be_read_says_so_in_the_tab(open_tab, shop):
    tab = open_tab(shop.desk)
    break_database(shop.store)

    tab.refresh()

    assert tab.notice.isVisible() and tab.notice.kind == "refused"
    assert tab.notice.text().startswith("The database")


def test_a_change_that_cannot_be_read_is_said_in_the_tab_and_the_list_stays(open_tab, shop):
    tab = open_tab(shop.desk)
    listed_before = listed(tab)
    break_database(shop.store)

    tab.events.changed.emit("appointment", shop.appointments["oil"])  # another PC's change, during an outage

    assert tab.notice.kind == "refused" and tab.notice.text().startswith("The database")
    assert listed(tab) == listed_before and tab.current().id == shop.appointments["brakes"]


def test_an_appointment_gone_from_the_list_on_refresh_leaves_nothing_selected(open_tab, shop):
    tab = open_tab(shop.desk)
    pick(tab, shop.appointments["oil"])
    shop.store.cancel_appointment(shop.appointments["oil"], "Customer called off", shop.manager.id)  # another PC

    tab.refresh()

    assert shop.appointments["oil"] not in listed(tab)
    assert tab.current() is None and not any(enabled(tab).values())  # no key acts on a job nobody picked
    assert tab.detail.labels["customer"].text() == ""


# --- the history ----------------------------------------------------------------------------------------


def test_history_shows_who_did_what(qtbot, open_tab, shop):
    tab = open_tab(shop.manager)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)

    pick(tab, shop.appointments["wipers"])

    lines = history(tab)
    assert len(lines) == 4
    assert lines[0].endswith("Fran Desk booked it")
    assert lines[1].endswith("Fran Desk assigned it  (scheduled → assigned)\n      Assigned to Tara Tech")
    assert lines[2].endswith("Tara Tech started work  (assigned → in progress)")
    assert lines[3].endswith("Tara Tech completed it  (in progress → completed)")

    pick(tab, shop.appointments["tyres"])

    assert history(tab)[-1].endswith("Fran Desk cancelled it  (scheduled → cancelled)\n      Customer sold the car")
    assert tab.detail.labels["reason"].text() == "Customer sold the car"


# --- filters, search and sorting ------------------------------------------------------------------------


@pytest.mark.parametrize("status, names", [
    ("All statuses", ["wipers", "brakes", "oil", "engine", "tyres"]),
    ("Open (not finished)", ["brakes", "oil", "engine"]),
    ("Scheduled", ["brakes"]),
    ("Assigned", ["oil"]),
    ("In progress", ["engine"]),
    ("Completed", ["wipers"]),
    ("Cancelled", ["tyres"]),
])
def test_filter_by_status(qtbot, open_tab, shop, status, names):
    tab = open_tab(shop.desk)

    tab.status.setCurrentText(status)
    settled(qtbot, tab)

    assert listed(tab) == [shop.appointments[n] for n in names]


def test_filter_by_technician(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)

    tab.technician.setCurrentText("Tom Tech")
    settled(qtbot, tab)
    assert listed(tab) == [shop.appointments["oil"], shop.appointments["engine"]]

    tab.technician.setCurrentText("Tara Tech")
    settled(qtbot, tab)
    assert listed(tab) == [shop.appointments["wipers"]]

    tab.technician.setCurrentText("All technicians")
    settled(qtbot, tab)
    assert len(listed(tab)) == 5


def test_filter_by_date(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    a = shop.appointments

    tab.dates.setCurrentText("Today")
    settled(qtbot, tab)
    assert listed(tab) == [a["brakes"], a["oil"]]
    assert not tab.date_from.isVisible()

    tab.dates.setCurrentText("Tomorrow")
    settled(qtbot, tab)
    assert listed(tab) == [a["engine"]]

    tab.dates.setCurrentText("Next 7 days")
    settled(qtbot, tab)
    assert listed(tab) == [a["brakes"], a["oil"], a["engine"]]

    tab.dates.setCurrentText("Custom range")
    settled(qtbot, tab)
    assert tab.date_from.isVisible() and tab.date_to.isVisible()
    tab.date_from.setDate(QDate.currentDate().addDays(-5))
    settled(qtbot, tab)
    tab.date_to.setDate(QDate.currentDate().addDays(-1))
    settled(qtbot, tab)
    assert listed(tab) == [a["wipers"]]

    tab.date_to.setDate(QDate.currentDate().addDays(8))  # the last day counts whole
    settled(qtbot, tab)
    assert listed(tab) == [a["wipers"], a["brakes"], a["oil"], a["engine"], a["tyres"]]

    tab.dates.setCurrentText("Any date")
    settled(qtbot, tab)
    assert not tab.date_from.isVisible()
    assert len(listed(tab)) == 5


def test_filters_combine(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    tab.technician.setCurrentText("Tom Tech")
    settled(qtbot, tab)
    tab.dates.setCurrentText("Today")
    settled(qtbot, tab)

    assert listed(tab) == [shop.appointments["oil"]]


def test_search_as_you_type_waits_for_a_pause_then_reads_once(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    resets = []
    tab.model.modelReset.connect(lambda: resets.append(tab.search.text()))

    qtbot.keyClicks(tab.search, "corolla")

    assert resets == []  # not a query per key press
    qtbot.waitUntil(lambda: listed(tab) == [shop.appointments["oil"]])
    assert resets == ["corolla"]
    assert tab.current().id == shop.appointments["oil"]


def test_search_matches_every_word_in_customer_plate_vehicle_or_concern(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    a = shop.appointments

    for text, names in [("archer", ["brakes", "engine"]), ("alice light", ["engine"]), ("BB-222", ["wipers", "oil"]),
                        ("volkswagen", ["tyres"]), ("squeal", ["brakes"]), ("zzz", [])]:
        tab.search.clear()
        qtbot.keyClicks(tab.search, text)
        qtbot.waitUntil(lambda: tab.model.filter.text == text)
        assert listed(tab) == [a[n] for n in names], text

    tab.search.clear()
    qtbot.waitUntil(lambda: len(listed(tab)) == 5)


def test_clicking_a_header_sorts_as_the_store_sorts(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    header = tab.table.horizontalHeader()

    def shown_in_store_order(key: str) -> bool:
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        expected = shop.store.list_appointments(tab.model.filter, sort=key, descending=descending).rows
        return listed(tab) == [r.id for r in expected]

    click_header(qtbot, tab.table, AppointmentsModel.COL_CUSTOMER)
    settled(qtbot, tab)
    assert header.sortIndicatorSection() == AppointmentsModel.COL_CUSTOMER
    assert shown_in_store_order("customer")
    first_order = header.sortIndicatorOrder()
    names = [tab.model.row_at(i).customer_name for i in range(tab.model.rowCount())]
    assert names == sorted(names, reverse=first_order == Qt.SortOrder.DescendingOrder)

    click_header(qtbot, tab.table, AppointmentsModel.COL_CUSTOMER)  # again: the other way round
    settled(qtbot, tab)
    assert header.sortIndicatorOrder() != first_order
    assert shown_in_store_order("customer")
    assert [tab.model.row_at(i).customer_name for i in range(tab.model.rowCount())] == list(reversed(names))

    click_header(qtbot, tab.table, AppointmentsModel.COL_STATUS)
    settled(qtbot, tab)
    assert header.sortIndicatorSection() == AppointmentsModel.COL_STATUS
    assert shown_in_store_order("status")


# --- paging ---------------------------------------------------------------------------------------------


def test_scrolling_to_the_bottom_reads_the_next_page(qtbot, open_tab, big_store, check_model):
    [fran] = big_store.employees(role="front_desk")
    tab = open_tab(fran, store=big_store)
    total = big_store.count_appointments()
    assert total > 2 * PAGE_SIZE
    table, model = tab.table, tab.model

    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() > 0)  # laid out: the view asks for no more
    assert model.rowCount() == PAGE_SIZE

    seen = [model.rowCount()]
    while model.canFetchMore(QModelIndex()):
        bar = table.verticalScrollBar()
        qtbot.waitUntil(lambda b=bar: b.maximum() > 0 and b.value() < b.maximum())
        before = model.rowCount()
        bar.setValue(bar.maximum())  # the person drags the scroll bar to the bottom
        qtbot.waitUntil(lambda b=before: model.rowCount() > b)
        seen.append(model.rowCount())

    assert seen == [PAGE_SIZE, 2 * PAGE_SIZE, total]  # one page per scroll, never everything at once
    assert listed(tab) == [r.id for r in big_store.list_appointments(limit=total).rows]
    check_model(model)


def test_a_page_read_by_scrolling_is_laid_out_before_the_table_paints_again(qtbot, open_tab, big_store):
    [fran] = big_store.employees(role="front_desk")
    tab = open_tab(fran, store=big_store)
    bar = tab.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    room = bar.maximum()

    bar.setValue(bar.maximum())  # reads the next page, as dragging the scroll bar to the bottom does

    assert tab.model.rowCount() == 2 * PAGE_SIZE
    assert bar.maximum() > room  # no second layout (and second paint) left waiting for the next event-loop turn


def test_the_tab_model_passes_the_model_tester_through_filtering_and_paging(qtbot, open_tab, big_store, check_model):
    [fran] = big_store.employees(role="front_desk")
    tab = open_tab(fran, store=big_store)
    check_model(tab.model)

    qtbot.keyClicks(tab.search, "PL-003")
    qtbot.waitUntil(lambda: tab.model.filter.text == "PL-003")
    tab.model.fetchMore(QModelIndex())
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    tab.table.scrollToBottom()
    tab.refresh()
    check_model(tab.model)

    assert all(tab.model.row_at(i).plate == "PL-003" for i in range(tab.model.rowCount()))


# --- export ---------------------------------------------------------------------------------------------


def test_export_writes_the_filtered_rows_as_shown(qtbot, open_tab, shop, tmp_path, monkeypatch):
    target = tmp_path / "export.csv"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: asked.append(args) or (str(target), "CSV files (*.csv)")))
    tab = open_tab(shop.desk)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    qtbot.keyClicks(tab.search, "focus")
    qtbot.waitUntil(lambda: tab.model.filter.text == "focus")
    click_header(qtbot, tab.table, AppointmentsModel.COL_CONCERN)
    settled(qtbot, tab)

    tab.export_action.trigger()

    rows = read_csv(target)
    assert asked
    assert rows[0] == [c.title for c in AppointmentsModel.COLUMNS]
    assert rows[1:] == shown(tab.model)
    assert sorted(int(r[0]) for r in rows[1:]) == sorted([shop.appointments["brakes"], shop.appointments["engine"]])


def test_export_writes_every_filtered_row_not_just_the_pages_read(qtbot, open_tab, big_store, tmp_path, monkeypatch):
    target = tmp_path / "all.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    [fran] = big_store.employees(role="front_desk")
    tab = open_tab(fran, store=big_store)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    tab.technician.setCurrentText("All technicians")
    settled(qtbot, tab)
    assert tab.model.rowCount() == PAGE_SIZE

    tab.export_action.trigger()

    rows = read_csv(target)
    assert len(rows) == 1 + big_store.count_appointments()
    assert rows[1:PAGE_SIZE + 1] == shown(tab.model)
    assert tab.model.rowCount() == PAGE_SIZE  # exporting does not load the table


def test_export_given_up_writes_nothing(open_tab, shop, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    tab = open_tab(shop.desk)

    tab.export_action.trigger()

    assert list(tmp_path.glob("*.csv")) == []


def test_keyboard_shortcuts_reach_the_actions(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.activateWindow()
    qtbot.waitUntil(lambda: tab.isActiveWindow())

    qtbot.keyClick(tab, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    assert tab.search.hasFocus()


def test_sorting_keeps_the_selected_appointment_selected_and_shown(qtbot, open_tab, shop):
    tab = open_tab(shop.desk)
    tab.status.setCurrentText("All statuses")
    settled(qtbot, tab)
    chosen = listed(tab)[-1]
    pick(tab, chosen)
    customer = tab.current().customer_name
    click_header(qtbot, tab.table, AppointmentsModel.COL_CUSTOMER)
    settled(qtbot, tab)
    qtbot.waitUntil(lambda: tab.current() is not None and tab.current().id == chosen)
    assert tab.table.selectionModel().isRowSelected(tab.model.row_of(chosen))
    assert tab.detail.labels["customer"].text() == customer


@pytest.mark.parametrize("who, actions", [
    ("desk", ["Book", "Assign technician", "Unassign", "Start work", "Complete", "Cancel appointment"]),
    ("manager", ["Book", "Assign technician", "Unassign", "Start work", "Complete", "Cancel appointment"]),
    ("tom", ["Start work", "Complete"]),
])
def test_each_role_is_offered_only_the_actions_it_can_ever_use(open_tab, shop, who, actions):
    tab = open_tab(getattr(shop, who))

    assert [a.text().replace("&", "").rstrip("…") for a in tab.actions_in_order] == actions
    assert all(a.isVisible() == (a in tab.actions_in_order)
               for a in (tab.book_action, tab.assign_action, tab.unassign_action, tab.cancel_action))


def test_at_1280_px_every_column_shown_fits_beside_the_detail_panel(qtbot, shop, settings):
    window = MainWindow(shop.store, shop.desk, settings)  # on a screen with room for its first size
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tab("appointments")
    header = tab.table.horizontalHeader()

    visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    assert visible == [AppointmentsModel.COL_ID, AppointmentsModel.COL_CUSTOMER, AppointmentsModel.COL_VEHICLE,
                     AppointmentsModel.COL_CONCERN, AppointmentsModel.COL_SCHEDULED, AppointmentsModel.COL_STATUS,
                     AppointmentsModel.COL_TECHNICIAN]
    assert header.length() <= tab.table.viewport().width()
    qtbot.waitUntil(lambda: not tab.table.horizontalScrollBar().isVisible())
    assert tab.detail.width() >= 300


def test_hidden_columns_come_back_from_the_header_menu_and_stay(open_tab, shop, settings):
    from repair_desktop.ui.widgets.column_menu import header_menu

    tab = open_tab(shop.desk)
    menu = header_menu(tab.table)
    started = next(a for a in menu.actions() if a.text() == "Started")
    assert not started.isChecked()

    started.trigger()

    assert not tab.table.isColumnHidden(AppointmentsModel.COL_STARTED)
    tab.save_layout(settings)
    again = open_tab(shop.desk)
    again.restore_layout(settings)
    assert not again.table.isColumnHidden(AppointmentsModel.COL_STARTED)
    assert again.table.isColumnHidden(AppointmentsModel.COL_ASSIGNED)
