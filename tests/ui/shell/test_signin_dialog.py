"""Signing in at a PC, and the first run on an empty database."""

from datetime import time

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialog

from repair_desktop.domain.errors import PermissionDenied
from repair_desktop.domain.statuses import Role
from repair_desktop.ui.admin.team_guide import TeamGuideDialog
from repair_desktop.ui.shell.application import sign_in
from repair_desktop.ui.shell.signin_dialog import FirstRunDialog, SignInDialog
from support.ui_helpers import PINS, cancel_button, click, ok_button

WRONG_PIN = "That name and PIN don't match. Please try again."


def open_sign_in(qtbot, store) -> SignInDialog:
    dialog = SignInDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pick(dialog: SignInDialog, employee) -> None:
    index = dialog.person.findData(employee.id)
    assert index >= 0, f"{employee.name} is not offered"
    dialog.person.setCurrentIndex(index)


def test_lists_every_active_employee_with_their_role(qtbot, shop):
    dialog = open_sign_in(qtbot, shop.store)

    offered = [dialog.person.itemText(i) for i in range(dialog.person.count())]

    assert offered == ["Fran Desk  (Front desk)", "Mia Manager  (Manager)", "Tara Tech  (Technician)",
                       "Tom Tech  (Technician)"]


def test_right_pin_signs_the_picked_person_in(qtbot, shop):
    dialog = open_sign_in(qtbot, shop.store)

    pick(dialog, shop.tom)
    qtbot.keyClicks(dialog.pin, PINS["Tom Tech"])
    click(qtbot, ok_button(dialog))

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.result_value.id == shop.tom.id
    assert dialog.result_value.role == Role.TECHNICIAN


def test_wrong_pin_shows_the_message_keeps_the_dialog_open_and_clears_only_the_pin(qtbot, shop):
    dialog = open_sign_in(qtbot, shop.store)
    pick(dialog, shop.tara)
    qtbot.keyClicks(dialog.pin, "9999")

    click(qtbot, ok_button(dialog))

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == WRONG_PIN
    assert dialog.pin.text() == ""
    assert dialog.person.currentData() == shop.tara.id  # the name stays picked
    assert dialog.result_value is None

    qtbot.keyClicks(dialog.pin, PINS["Tara Tech"])  # second try, same dialog
    click(qtbot, ok_button(dialog))

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_value.id == shop.tara.id


def test_someone_elses_pin_does_not_sign_you_in(qtbot, shop):
    dialog = open_sign_in(qtbot, shop.store)
    pick(dialog, shop.manager)
    qtbot.keyClicks(dialog.pin, PINS["Tom Tech"])

    click(qtbot, ok_button(dialog))

    assert dialog.isVisible()
    assert dialog.problem.text() == WRONG_PIN


def test_the_message_is_the_stores_own(qtbot, shop):
    with pytest.raises(PermissionDenied) as refused:
        shop.store.authenticate(shop.tom.id, "0000")
    dialog = open_sign_in(qtbot, shop.store)
    pick(dialog, shop.tom)
    qtbot.keyClicks(dialog.pin, "0000")

    click(qtbot, ok_button(dialog))

    assert dialog.problem.text() == refused.value.message


def test_cancel_signs_nobody_in(qtbot, shop):
    dialog = open_sign_in(qtbot, shop.store)
    qtbot.keyClicks(dialog.pin, PINS["Fran Desk"])

    click(qtbot, cancel_button(dialog))

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.result_value is None


# --- the first run ---------------------------------------------------------------------------------------


def open_first_run(qtbot, store) -> FirstRunDialog:
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_first_run_creates_the_manager_who_can_then_sign_in(qtbot, store):
    dialog = open_first_run(qtbot, store)

    qtbot.keyClicks(dialog.name, "Maria Owner")
    qtbot.keyClicks(dialog.pin, "4321")
    qtbot.keyClicks(dialog.repeat, "4321")
    click(qtbot, ok_button(dialog))

    assert dialog.result() == QDialog.DialogCode.Accepted
    manager = dialog.result_value
    assert (manager.name, manager.role) == ("Maria Owner", Role.MANAGER)
    assert [(e.name, e.role) for e in store.employees()] == [("Maria Owner", Role.MANAGER)]
    assert store.authenticate(manager.id, "4321").id == manager.id


def test_first_run_refuses_mismatched_pins_and_keeps_the_name(qtbot, store):
    dialog = open_first_run(qtbot, store)
    qtbot.keyClicks(dialog.name, "Maria Owner")
    qtbot.keyClicks(dialog.pin, "4321")
    qtbot.keyClicks(dialog.repeat, "4312")

    click(qtbot, ok_button(dialog))

    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "The two PINs differ; please type them again."
    assert dialog.name.text() == "Maria Owner"
    assert store.employees() == []

    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "4321")
    click(qtbot, ok_button(dialog))

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [e.name for e in store.employees()] == ["Maria Owner"]


def test_first_run_refuses_a_short_pin_and_a_missing_name(qtbot, store):
    dialog = open_first_run(qtbot, store)
    qtbot.keyClicks(dialog.name, "Maria Owner")
    qtbot.keyClicks(dialog.pin, "12")
    qtbot.keyClicks(dialog.repeat, "12")

    click(qtbot, ok_button(dialog))

    assert dialog.isVisible()
    assert dialog.problem.text() == "Please choose a PIN of at least 4 characters."

    dialog.name.clear()
    qtbot.keyClicks(dialog.pin, "34")
    qtbot.keyClicks(dialog.repeat, "34")
    click(qtbot, ok_button(dialog))

    assert dialog.isVisible()
    assert dialog.problem.text() == "Please enter the employee's name."  # the store's own refusal
    assert store.employees() == []


# --- the whole start-up sequence (the dialogs are modal: they are driven while exec() runs) -------------


def test_start_up_on_an_empty_database_asks_for_the_manager_first(qtbot, store, modal):
    def create_manager(dialog):
        assert isinstance(dialog, FirstRunDialog)
        qtbot.keyClicks(dialog.name, "Maria Owner")
        qtbot.keyClicks(dialog.pin, "4321")
        qtbot.keyClicks(dialog.repeat, "4321")
        click(qtbot, ok_button(dialog))

    def skip_the_team(dialog):
        assert isinstance(dialog, TeamGuideDialog)
        assert not dialog.next_button.isEnabled()  # no technician yet: Next waits, Skip doesn't
        click(qtbot, dialog.skip_button)

    user = modal.run_in_turn(lambda: sign_in(store), create_manager, skip_the_team)

    assert (user.name, user.role) == ("Maria Owner", Role.MANAGER)
    assert [e.name for e in store.employees()] == ["Maria Owner"]


def test_start_up_with_employees_asks_who_is_there(qtbot, shop, modal):
    def sign_in_as_fran(dialog):
        assert isinstance(dialog, SignInDialog)
        pick(dialog, shop.desk)
        qtbot.keyClicks(dialog.pin, "0000")
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible() and dialog.problem.text() == WRONG_PIN
        qtbot.keyClicks(dialog.pin, PINS["Fran Desk"])
        click(qtbot, ok_button(dialog))

    user = modal.run(lambda: sign_in(shop.store), sign_in_as_fran)

    assert user.id == shop.desk.id


def test_start_up_given_up_signs_nobody_in(qtbot, shop, modal):
    assert modal.run(lambda: sign_in(shop.store), lambda dialog: click(qtbot, cancel_button(dialog))) is None


def test_the_guide_keeps_bad_opening_hours_and_says_which_day(qtbot, store, modal):
    def create_manager(dialog):
        qtbot.keyClicks(dialog.name, "Maria Owner")
        qtbot.keyClicks(dialog.pin, "4321")
        qtbot.keyClicks(dialog.repeat, "4321")
        click(qtbot, ok_button(dialog))

    def hours_step(dialog):
        qtbot.keyClicks(dialog.name, "Tom Tech")
        click(qtbot, dialog.add_button)
        click(qtbot, dialog.next_button)
        assert dialog.done_button.isVisible() and not dialog.next_button.isVisible()
        dialog.hours.rows[2][2].setTime(QTime(7, 0))  # Wednesday closing at 07:00
        click(qtbot, dialog.done_button)
        assert dialog.isVisible() and "On Wednesday" in dialog.hours_problem.text()
        click(qtbot, dialog.back_button)  # the team is still there; skipping keeps the usual hours
        assert dialog.team.count() == 2 and dialog.next_button.isVisible()
        click(qtbot, dialog.skip_button)

    modal.run_in_turn(lambda: sign_in(store), create_manager, hours_step)
    assert store.opening_hours()[2] == (time(8), time(17))
