"""Dialogs take no more than the store accepts (lengths, dates), and when the store refuses anyway the dialog says
why, grows to show it, and keeps what was typed."""

from datetime import datetime, timedelta

from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit

from repair_desktop.domain.limits import FIRST_CAR_YEAR, LONG_TEXT, SECRET_TEXT, SHORT_TEXT
from repair_desktop.ui.appointments.dialogs import BookAppointmentDialog, cancel_dialog
from repair_desktop.ui.callbacks.dialogs import CreateCallbackDialog
from repair_desktop.ui.shell.signin_dialog import FirstRunDialog
from repair_desktop.ui.widgets.field_limits import schedule_range, year_of
from support.ui_helpers import click, ok_button

from PySide6.QtWidgets import QDateTimeEdit


def test_the_book_dialog_takes_what_the_store_accepts(qtbot, shop):
    dialog = BookAppointmentDialog(shop.store, shop.desk.id)
    qtbot.addWidget(dialog)

    for field in (dialog.customer_name, dialog.customer_phone, dialog.customer_email, dialog.make,
                  dialog.model_name, dialog.plate):
        assert field.maxLength() == SHORT_TEXT
    dialog.concern.setPlainText("é" * (LONG_TEXT + 50))
    assert len(dialog.concern.toPlainText()) == LONG_TEXT
    dialog.concern.setPlainText("🚗" * (LONG_TEXT + 1))  # characters Qt counts twice
    assert len(dialog.concern.toPlainText()) == LONG_TEXT
    now = datetime.now()
    earliest, latest = dialog.scheduled.minimumDateTime().toPython(), dialog.scheduled.maximumDateTime().toPython()
    assert abs(earliest - (now - timedelta(days=365))) < timedelta(minutes=1)
    assert abs(latest - (now + timedelta(days=730))) < timedelta(minutes=1)
    dialog.scheduled.setDateTime(dialog.scheduled.dateTime().addYears(5))
    assert dialog.scheduled.dateTime().toPython() <= latest
    assert year_of(dialog.year) is None and dialog.year.text() == "Year unknown"
    dialog.year.setValue(1200)
    assert year_of(dialog.year) is None  # no earlier than the first car: still unknown
    dialog.year.setValue(FIRST_CAR_YEAR)
    assert year_of(dialog.year) == FIRST_CAR_YEAR and dialog.year.maximum() == now.year + 1


def test_callback_and_cancel_dialogs_take_what_the_store_accepts(qtbot, shop):
    create = CreateCallbackDialog(shop.store, shop.desk.id)
    cancel = cancel_dialog(None, shop.store, shop.store.appointment(shop.appointments["brakes"]), shop.desk.id)
    for dialog in (create, cancel):
        qtbot.addWidget(dialog)
    assert create.issue_type.lineEdit().maxLength() == SHORT_TEXT
    for edit in (create.description, create.notes, cancel.findChild(QPlainTextEdit)):
        edit.setPlainText("x" * (LONG_TEXT + 1))
        assert len(edit.toPlainText()) == LONG_TEXT
    assert create.scheduled.maximumDateTime().toPython() < datetime.now() + timedelta(days=731)


def test_a_saved_time_outside_the_range_stays_as_it_was(qtbot):
    edit = QDateTimeEdit()
    qtbot.addWidget(edit)
    old = datetime(2001, 5, 4, 9, 30)
    schedule_range(edit, keep=old)
    edit.setDateTime(old)
    assert edit.dateTime().toPython() == old


def test_a_refusal_keeps_what_was_typed_and_the_dialog_grows_to_show_it(qtbot, shop):
    dialog = BookAppointmentDialog(shop.store, shop.desk.id)
    qtbot.addWidget(dialog)
    dialog.new.setChecked(True)
    dialog.customer_name.setText("Dora Diaz")
    dialog.customer_email.setText("not an address")
    dialog.concern.setPlainText("Rattle on the left")
    dialog.show()
    qtbot.waitExposed(dialog)

    click(qtbot, ok_button(dialog))

    assert dialog.isVisible() and dialog.problem.isVisible() and "e-mail" in dialog.problem.text()
    assert (dialog.customer_name.text(), dialog.concern.toPlainText()) == ("Dora Diaz", "Rattle on the left")
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())


def test_the_first_run_dialog_grows_for_its_problem_line(qtbot, store):
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    assert (dialog.name.maxLength(), dialog.pin.maxLength(), dialog.repeat.maxLength()) == (
        SHORT_TEXT, SECRET_TEXT, SECRET_TEXT)
    dialog.show()
    qtbot.waitExposed(dialog)
    intro = next(label for label in dialog.findChildren(QLabel) if label.text().startswith("This shop"))
    dialog.name.setText("Mia Manager")
    dialog.pin.setText("12")

    click(qtbot, ok_button(dialog))
    QApplication.processEvents()

    assert dialog.problem.isVisible() and "4 characters" in dialog.problem.text()
    assert intro.height() >= intro.heightForWidth(intro.width())  # its introduction is not squeezed
    assert dialog.problem.height() >= dialog.problem.heightForWidth(dialog.problem.width())
    assert dialog.name.text() == "Mia Manager"
