"""Dialogs for the Appointments tab. Each submits to the store and stays open, as typed, when refused."""

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDateTimeEdit, QGroupBox, QHBoxLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget, QFormLayout)

from ...domain.errors import ValidationError
from ...store import AppointmentRow, Store
from ..admin.team_notice import no_technicians_notice
from ..schedule.slot_picker import SlotPicker
from ..widgets.field_limits import long_text, model_year, schedule_range, short_text, year_of
from ..widgets.forms import SubmitDialog, submit_dialog
from ..widgets.long_text import bounded_combo, eliding_list

_NEW = -1  # combo data for "a new vehicle"


def next_slot(now: datetime | None = None) -> datetime:
    """The next whole hour: what a clerk books most often."""
    now = now or datetime.now()
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class BookAppointmentDialog(SubmitDialog):
    """Find or create the customer, pick or add the vehicle, then book: one dialog at the counter."""

    def __init__(self, store: Store, actor: int, parent: QWidget | None = None) -> None:
        super().__init__("Book appointment", "&Book", parent)
        self.store, self.actor = store, actor
        self.setMinimumWidth(520)

        self.existing = QRadioButton("E&xisting customer", checked=True)
        self.new = QRadioButton("Ne&w customer")
        kind = QButtonGroup(self)
        kind.addButton(self.existing)
        kind.addButton(self.new)
        self.search = QLineEdit(placeholderText="Search by name or phone", clearButtonEnabled=True)
        self.search.setAccessibleName("Customer search")
        self.matches = eliding_list(QListWidget())
        self.matches.setAccessibleName("Matching customers")
        self.matches.setMaximumHeight(120)
        self.customer_name = QLineEdit(placeholderText="Full name")
        self.customer_phone = QLineEdit(placeholderText="Phone")
        self.customer_email = QLineEdit(placeholderText="E-mail (optional)")
        new_fields = QWidget()
        new_form = QFormLayout(new_fields)
        new_form.setContentsMargins(0, 0, 0, 0)
        new_form.addRow("&Name", self.customer_name)
        new_form.addRow("&Phone", self.customer_phone)
        new_form.addRow("E-&mail", self.customer_email)
        self.new_customer_fields = new_fields
        customer_box = QGroupBox("Customer")
        box = QVBoxLayout(customer_box)
        row = QHBoxLayout()
        row.addWidget(self.existing)
        row.addWidget(self.new)
        row.addStretch()
        box.addLayout(row)
        box.addWidget(self.search)
        box.addWidget(self.matches)
        box.addWidget(new_fields)

        self.vehicle = bounded_combo(QComboBox(), 40)
        self.vehicle.setAccessibleName("Vehicle")
        self.make, self.model_name = QLineEdit(placeholderText="Make"), QLineEdit(placeholderText="Model")
        self.plate = QLineEdit(placeholderText="Number plate")
        self.year = model_year()
        vehicle_fields = QWidget()
        vehicle_row = QHBoxLayout(vehicle_fields)
        vehicle_row.setContentsMargins(0, 0, 0, 0)
        for w in (self.make, self.model_name, self.plate, self.year):
            vehicle_row.addWidget(w)
        self.new_vehicle_fields = vehicle_fields

        self.scheduled = QDateTimeEdit(QDateTime(next_slot()), calendarPopup=True, displayFormat="ddd dd MMM yyyy HH:mm")
        self.concern = QPlainTextEdit(placeholderText="What does the customer want done? e.g. brakes squeal when cold")
        self.concern.setTabChangesFocus(True)
        self.concern.setMaximumHeight(90)

        short_text(self.customer_name, self.customer_phone, self.customer_email, self.make, self.model_name,
                   self.plate)
        long_text(self.concern)
        schedule_range(self.scheduled)
        self.form.addRow(customer_box)
        self.form.addRow("&Vehicle", self.vehicle)
        self.form.addRow("", vehicle_fields)
        self.timing = SlotPicker(store, self.scheduled)
        self.form.addRow("&When", self.scheduled)
        self.form.addRow("&Takes, for", self.timing.row)
        self.form.addRow("&Free times", self.timing.slots)
        self.form.addRow("&Concern", self.concern)

        self.search.textChanged.connect(self._find)
        self.matches.currentItemChanged.connect(self._customer_picked)
        self.existing.toggled.connect(self._kind_changed)
        self.vehicle.currentIndexChanged.connect(self._vehicle_changed)
        self._kind_changed()
        self._find("")

    def _kind_changed(self) -> None:
        existing = self.existing.isChecked()
        self.search.setVisible(existing)
        self.matches.setVisible(existing)
        self.new_customer_fields.setVisible(not existing)
        self._load_vehicles(self._picked_customer() if existing else None)

    def _find(self, text: str) -> None:
        self.matches.clear()
        for customer in self.store.find_customers(text, limit=30):
            item = QListWidgetItem(f"{customer.name}   {customer.phone or ''}")
            item.setData(Qt.ItemDataRole.UserRole, customer.id)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def _picked_customer(self) -> int | None:
        item = self.matches.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _customer_picked(self) -> None:
        if self.existing.isChecked():
            self._load_vehicles(self._picked_customer())

    def _load_vehicles(self, customer_id: int | None) -> None:
        self.vehicle.clear()
        for v in self.store.vehicles(customer_id) if customer_id else []:
            self.vehicle.addItem(f"{v.make} {v.model} ({v.plate})", v.id)
        self.vehicle.addItem("New vehicle…", _NEW)
        self._vehicle_changed()

    def _vehicle_changed(self) -> None:
        self.new_vehicle_fields.setVisible(self.vehicle.currentData() == _NEW)

    def submit(self):
        """Save what is new, step by step; each saved step becomes a picked one, so a retry never repeats it."""
        if self.new.isChecked():
            customer = self.store.add_customer(self.customer_name.text(), self.customer_phone.text(),
                                               self.customer_email.text())
            self.show_customer(customer.id, customer.name)
        customer_id = self._picked_customer()
        if customer_id is None:
            raise ValidationError("Please pick the customer, or choose New customer.")
        vehicle_id = self.vehicle.currentData()
        if vehicle_id in (None, _NEW):
            vehicle_id = self.store.add_vehicle(customer_id, self.make.text(), self.model_name.text(),
                                                self.plate.text(), year=year_of(self.year)).id
            self._load_vehicles(customer_id)
            self.vehicle.setCurrentIndex(self.vehicle.findData(vehicle_id))
        scheduled = self.scheduled.dateTime().toPython()
        return self.store.book_appointment(vehicle_id, scheduled, self.concern.toPlainText(), self.actor,
                                           duration_minutes=self.timing.duration.value(),
                                           technician_id=self.timing.technician_id)

    def show_customer(self, customer_id: int, name: str) -> None:
        """Show a customer on file as the one picked (a new one just saved, or one chosen in the directory)."""
        self.existing.setChecked(True)
        self.search.setText(name)
        for row in range(self.matches.count()):
            if self.matches.item(row).data(Qt.ItemDataRole.UserRole) == customer_id:
                self.matches.setCurrentRow(row)


def assign_dialog(parent: QWidget, store: Store, row: AppointmentRow, actor: int) -> SubmitDialog:
    """Offers only technicians with room, each with their load ("1/3")."""
    technicians = eliding_list(QListWidget())
    technicians.setAccessibleName("Technicians with room")
    loads = sorted(store.workload().technicians, key=lambda t: t.technician_id != row.planned_technician_id)
    for load in loads:  # the technician it is planned for first
        if load.is_available and load.technician_id != row.technician_id:
            planned = "    (planned)" if load.technician_id == row.planned_technician_id else ""
            item = QListWidgetItem(f"{load.name}    {load.load_text}{planned}")
            item.setData(Qt.ItemDataRole.UserRole, load.technician_id)
            technicians.addItem(item)
    if technicians.count():
        technicians.setCurrentRow(0)

    def submit():
        item = technicians.currentItem()
        if item is None:
            raise ValidationError("Every technician is fully booked. Finish or hand over a job first.")
        return store.assign_technician(row.id, item.data(Qt.ItemDataRole.UserRole), actor,
                                       expected_version=shown["row"].version)

    shown = {"row": row}  # after a conflict, "Reload" puts the appointment as saved now here
    dialog = submit_dialog(parent, f"Assign technician: {row.vehicle}", "&Assign", [("&Technician", technicians)],
                           submit, reload_fresh=lambda: _reload_appointment(store, shown))
    technicians.itemDoubleClicked.connect(dialog.accept)
    if not loads:
        dialog.form.insertRow(0, no_technicians_notice(parent, store.employee(actor).role))
    return dialog


def cancel_dialog(parent: QWidget, store: Store, row: AppointmentRow, actor: int) -> SubmitDialog:
    reason = QPlainTextEdit(placeholderText="Why is it cancelled? e.g. customer called, car sold")
    reason.setTabChangesFocus(True)
    reason.setAccessibleName("Reason")
    long_text(reason)
    shown = {"row": row}  # after a conflict, "Reload" puts the appointment as saved now here
    return submit_dialog(parent, f"Cancel appointment: {row.vehicle}", "Cancel &appointment", [("&Reason", reason)],
                         lambda: store.cancel_appointment(row.id, reason.toPlainText(), actor,
                                                          expected_version=shown["row"].version),
                         reload_fresh=lambda: _reload_appointment(store, shown))


def _reload_appointment(store: Store, shown: dict) -> str:
    shown["row"] = fresh = store.appointment(shown["row"].id)
    return (f"Saved now: {fresh.status.label}"
            + (f", {fresh.technician_name}" if fresh.technician_name else ", no technician") + ".")
