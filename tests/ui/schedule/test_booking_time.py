"""Booking with time: the duration, the technician to plan it for, and the first free times offered; the
Assign dialog offering the planned technician first; and a late job in red in the Appointments list."""

import re
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QListWidget, QWidget

from repair_desktop.store import AppointmentFilter
from repair_desktop.ui.appointments.dialogs import BookAppointmentDialog, assign_dialog
from repair_desktop.ui.appointments.model import AppointmentsModel
from repair_desktop.ui.schedule.block_style import LATE_ON_LIGHT

from test_schedule_tab import at


def offered(dialog: BookAppointmentDialog) -> list[str]:
    return [dialog.timing.slots.item(i).text() for i in range(dialog.timing.slots.count())]


def open_booking(qtbot, shop, when: datetime) -> BookAppointmentDialog:
    dialog = BookAppointmentDialog(shop.store, shop.desk.id)
    qtbot.addWidget(dialog)
    dialog.scheduled.setDateTime(QDateTime(when))
    dialog.timing.offer()
    return dialog


def test_the_form_offers_the_first_free_times_for_the_duration(qtbot, shop):
    shop.store.book_appointment(shop.focus.id, at(8), "Long job", shop.desk.id, duration_minutes=240,
                                technician_id=shop.tara.id)
    dialog = open_booking(qtbot, shop, at(7))
    assert offered(dialog)[:3] == [f"{at(8):%a %d %b} 08:00   Tom Tech", f"{at(8):%a %d %b} 08:15   Tom Tech",
                                   f"{at(8):%a %d %b} 08:30   Tom Tech"]
    dialog.timing.technician.setCurrentIndex(dialog.timing.technician.findText("Tara Tech"))
    dialog.timing.duration.setValue(90)
    dialog.timing.offer()
    assert offered(dialog)[0] == f"{at(12):%a %d %b} 12:00   Tara Tech"


def test_picking_a_free_time_books_and_plans_it(qtbot, shop):
    dialog = open_booking(qtbot, shop, at(10))
    dialog.timing.duration.setValue(45)
    dialog.timing.offer()
    dialog.timing.pick(dialog.timing.slots.item(1))  # 10:00 for Tom Tech (Tara is first, by name)
    assert dialog.scheduled.dateTime().toPython() == at(10)
    assert dialog.timing.technician.currentText() == "Tom Tech"
    qtbot.keyClicks(dialog.search, "bak")
    qtbot.keyClicks(dialog.concern, "Squeaky door")
    booked = dialog.submit()
    row = shop.store.appointment(booked.id)
    assert (row.scheduled_at, row.duration_minutes, row.planned_technician_id) == (
        at(10).astimezone(UTC), 45, shop.tom.id)


def test_booking_for_anyone_makes_no_plan(qtbot, shop):
    dialog = open_booking(qtbot, shop, at(11))
    qtbot.keyClicks(dialog.search, "bak")
    qtbot.keyClicks(dialog.concern, "Tyre pressure light")
    booked = dialog.submit()
    assert (booked.duration_minutes, booked.planned_technician_id) == (60, None)


def test_assign_offers_the_planned_technician_first(qtbot, shop):
    job = shop.store.book_appointment(shop.focus.id, at(9), "Clutch", shop.desk.id, technician_id=shop.tom.id).id
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = assign_dialog(parent, shop.store, shop.store.appointment(job), shop.desk.id)
    qtbot.addWidget(dialog)
    items = dialog.findChild(QListWidget)
    texts = [items.item(i).text() for i in range(items.count())]
    assert re.fullmatch(r"Tom Tech\s+\d/3\s+\(planned\)", texts[0]), texts
    assert texts[1].startswith("Tara Tech")


def test_the_appointments_list_shows_a_late_job_in_red(qtbot, shop, check_model):
    now = datetime.now()
    late = shop.store.book_appointment(shop.golf.id, now - timedelta(hours=2), "Overdue", shop.desk.id,
                                       promised_at=now - timedelta(minutes=30)).id
    model = AppointmentsModel(shop.store, AppointmentFilter())
    check_model(model)
    qtbot.waitUntil(lambda: model.row_of(late) >= 0)
    colours = {model.row_at(r).id: model.index(r, 1).data(Qt.ItemDataRole.ForegroundRole)
               for r in range(model.rowCount())}
    assert colours[late] is not None and colours[late].name() == LATE_ON_LIGHT
    assert [c for job, c in colours.items() if job != late] == [None] * (len(colours) - 1)
