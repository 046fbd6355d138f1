"""A new shop's first day, all through the widgets: first start, the manager, the team with PINs, the opening
hours, the clerk signs in, books and assigns, the technician signs in, starts and completes. The store is only
read, to check."""

from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialog, QListWidget

from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.ui.admin.team_guide import TeamGuideDialog
from repair_desktop.ui.shell.application import sign_in
from repair_desktop.ui.shell.main_window import MainWindow
from repair_desktop.ui.shell.signin_dialog import FirstRunDialog, SignInDialog
from support.ui_helpers import click, ok_button

TEAM = [("Tom Tech", "technician", "1111"), ("Tara Tech", "technician", "3333"), ("Fran Desk", "front_desk", "2222")]


def sign_in_as(qtbot, name: str, pin: str) -> Callable[[QDialog], None]:
    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.person.setCurrentIndex(next(i for i in range(dialog.person.count())
                                           if dialog.person.itemText(i).startswith(name)))
        qtbot.keyClicks(dialog.pin, pin)
        click(qtbot, ok_button(dialog))
    return step


def test_a_new_shop_from_first_start_to_a_completed_job(qtbot, store, settings, modal):
    def create_manager(dialog):
        assert isinstance(dialog, FirstRunDialog)
        qtbot.keyClicks(dialog.name, "Mia Manager")
        qtbot.keyClicks(dialog.pin, "1234")
        qtbot.keyClicks(dialog.repeat, "1234")
        click(qtbot, ok_button(dialog))

    def add_team(dialog):
        assert isinstance(dialog, TeamGuideDialog)
        assert not dialog.next_button.isEnabled()  # no technician yet
        for name, role, pin in TEAM:
            qtbot.keyClicks(dialog.name, name)
            dialog.role.setCurrentIndex(dialog.role.findData(role))
            qtbot.keyClicks(dialog.pin, pin)
            qtbot.keyClicks(dialog.repeat, pin)
            click(qtbot, dialog.add_button)
            assert not dialog.problem.isVisible(), dialog.problem.text()
        assert dialog.team.count() == 4
        click(qtbot, dialog.next_button)
        saturday = dialog.hours.rows[5]
        assert saturday[0].isChecked() and not dialog.hours.rows[6][0].isChecked()  # the usual week, filled in
        click(qtbot, saturday[0])  # closed on Saturdays
        assert not saturday[1].isEnabled()
        click(qtbot, dialog.done_button)

    manager = modal.run_in_turn(lambda: sign_in(store), create_manager, add_team)
    assert (manager.name, manager.role) == ("Mia Manager", "manager")
    assert store.opening_hours()[5] is None and store.opening_hours()[4] is not None

    window = MainWindow(store, manager, settings)
    qtbot.addWidget(window)
    window.show()
    modal.run_in_turn(window.switch_user_action.trigger, sign_in_as(qtbot, "Fran Desk", "2222"))
    assert window.user.name == "Fran Desk"

    tab = window.tab("appointments")

    def book(dialog):
        click(qtbot, dialog.new)
        qtbot.keyClicks(dialog.customer_name, "Dora Diaz")
        qtbot.keyClicks(dialog.customer_phone, "555-0404")
        qtbot.keyClicks(dialog.make, "Honda")
        qtbot.keyClicks(dialog.model_name, "Civic")
        qtbot.keyClicks(dialog.plate, "dd-444")
        dialog.scheduled.setDateTime(QDateTime(QDate.currentDate().addDays(1), QTime(9, 30)))
        qtbot.keyClicks(dialog.concern, "Brakes squeal")
        click(qtbot, ok_button(dialog))

    modal.run_in_turn(tab.book_action.trigger, book)
    job = tab.current().id

    def assign(dialog):
        offered = dialog.findChild(QListWidget)
        names = [offered.item(i).text().split()[0:2] for i in range(offered.count())]
        assert names == [["Tara", "Tech"], ["Tom", "Tech"]]
        offered.setCurrentRow(1)
        click(qtbot, ok_button(dialog))

    modal.run_in_turn(tab.assign_action.trigger, assign)

    modal.run_in_turn(window.switch_user_action.trigger, sign_in_as(qtbot, "Tom Tech", "1111"))
    tab = window.tab("appointments")
    row = next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).id == job)
    cell = tab.table.visualRect(tab.model.index(row, 0)).center()
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # Tom picks his job in the list
    assert tab.current().id == job
    assert tab.start_action.isEnabled() and not tab.complete_action.isEnabled()
    tab.start_action.trigger()
    qtbot.waitUntil(lambda: tab.current().status == AppointmentStatus.IN_PROGRESS)
    assert tab.complete_action.isEnabled()
    tab.complete_action.trigger()
    qtbot.waitUntil(lambda: tab.current() is None or tab.current().status == AppointmentStatus.COMPLETED)

    row = store.appointment(job)
    assert (row.status, row.technician_name, row.customer_name) == (AppointmentStatus.COMPLETED, "Tom Tech",
                                                                    "Dora Diaz")
    who = {e.id: e.name for e in store.employees()}
    assert [(e.action, who[e.actor_id]) for e in store.history("appointment", job)] == [
        ("book", "Fran Desk"), ("assign_technician", "Fran Desk"), ("start_work", "Tom Tech"),
        ("complete_work", "Tom Tech")]
