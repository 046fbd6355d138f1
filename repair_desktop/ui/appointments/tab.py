"""The front desk's screen: every appointment, filtered and searched, and the actions on the selected one."""

from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QSplitter, QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.statuses import DESK_ROLES, AppointmentStatus, Role
from ...domain.transitions import APPOINTMENT_WORKFLOW
from ...store import AppointmentFilter, AppointmentRow, Store
from ...store.models import Employee
from .dialogs import BookAppointmentDialog, assign_dialog, cancel_dialog
from .model import AppointmentsModel
from ..widgets.badges import BadgeDelegate
from ..widgets.csv_export import export_list
from ..widgets.errors import attempt
from ..widgets.events import JobEvents
from ..widgets.formatting import when
from ..widgets.tables import RememberedLayout, keep_selected_across_sorts, row_table
from ..widgets.timeline import TimelineView
from ..widgets.actions import tab_action

#: Status filter choices: label -> statuses (empty: all).
STATUS_CHOICES = {
    "All statuses": frozenset(),
    "Open (not finished)": frozenset({AppointmentStatus.SCHEDULED, AppointmentStatus.ASSIGNED,
                                      AppointmentStatus.IN_PROGRESS}),
    **{s.label: frozenset({s}) for s in AppointmentStatus},
}
DATE_CHOICES = ("Any date", "Today", "Tomorrow", "This week", "Next 7 days", "Last 30 days", "Custom range")


def date_range(choice: str, start: QDate, end: QDate, today: datetime | None = None):
    """``(from, to)`` local datetimes for a date choice; ``to`` is exclusive."""
    day = datetime.combine((today or datetime.now()).date(), time())
    ranges = {
        "Today": (day, day + timedelta(days=1)),
        "Tomorrow": (day + timedelta(days=1), day + timedelta(days=2)),
        "This week": (day - timedelta(days=day.weekday()), day - timedelta(days=day.weekday()) + timedelta(days=7)),
        "Next 7 days": (day, day + timedelta(days=7)),
        "Last 30 days": (day - timedelta(days=30), day + timedelta(days=1)),
        "Custom range": (datetime.combine(start.toPython(), time()),
                         datetime.combine(end.toPython(), time()) + timedelta(days=1)),
    }
    return ranges.get(choice, (None, None))


class AppointmentsTab(RememberedLayout, QWidget):
    layout_key = "appointments"

    def __init__(self, store: Store, user: Employee, events: JobEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.user, self.events = store, user, events
        self.model = AppointmentsModel(store, self)
        self._build_filters()
        self._build_table()
        self._build_detail()
        self._build_actions()
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="appointmentsSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 360])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(splitter)
        self.message = QLabel(objectName="loadProblem")
        self.message.setStyleSheet("color: #b91c1c;")
        self.message.hide()
        layout.addWidget(self.message)
        self.model.load_failed.connect(self._load_failed)
        events.changed.connect(self._job_changed)
        self.apply_filters()

    # --- building ------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.status = QComboBox(objectName="statusFilter")
        self.status.addItems(STATUS_CHOICES)
        self.status.setCurrentText("Open (not finished)")  # what the desk works on; history is one click away
        self.status.setAccessibleName("Status filter")
        self.technician = QComboBox(objectName="technicianFilter")
        self.technician.setAccessibleName("Technician filter")
        self.technician.addItem("All technicians", None)
        for tech in self.store.employees(role=Role.TECHNICIAN):
            self.technician.addItem(tech.name, tech.id)
        if self.user.role == Role.TECHNICIAN:  # a technician starts on their own jobs
            self.technician.setCurrentIndex(max(0, self.technician.findData(self.user.id)))
        self.dates = QComboBox(objectName="dateFilter")
        self.dates.addItems(DATE_CHOICES)
        self.dates.setAccessibleName("Date filter")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today, calendarPopup=True, displayFormat="dd MMM yyyy")
        self.date_to = QDateEdit(today.addDays(7), calendarPopup=True, displayFormat="dd MMM yyyy")
        self.date_from.setAccessibleName("From date")
        self.date_to.setAccessibleName("To date")
        self.search = QLineEdit(objectName="search", clearButtonEnabled=True,
                                placeholderText="Search customer, plate, vehicle or concern  (Ctrl+F)")
        self.search.setAccessibleName("Search appointments")
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.status, self.technician, self.dates):
            combo.currentIndexChanged.connect(self.apply_filters)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.apply_filters)
        self.filters = QHBoxLayout()
        for widget in (self.search, self.status, self.technician, self.dates, self.date_from, self.date_to):
            self.filters.addWidget(widget)
        self.filters.setStretch(0, 1)

    def _build_table(self) -> None:
        table = row_table(self.model, "appointmentsTable", "Appointments")
        table.setItemDelegateForColumn(AppointmentsModel.COL_STATUS, BadgeDelegate(table))
        table.horizontalHeader().setStretchLastSection(True)
        # The indicator first: sorting switched on sorts by it, the model's own order already, so nothing is read
        # before the filters are applied (one page read at opening, not three).
        table.horizontalHeader().setSortIndicator(AppointmentsModel.COL_SCHEDULED, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        for column, width in ((AppointmentsModel.COL_ID, 60), (AppointmentsModel.COL_CUSTOMER, 160),
                              (AppointmentsModel.COL_VEHICLE, 200), (AppointmentsModel.COL_CONCERN, 220),
                              (AppointmentsModel.COL_SCHEDULED, 160), (AppointmentsModel.COL_STATUS, 100),
                              (AppointmentsModel.COL_TECHNICIAN, 130)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._selection_changed)
        table.doubleClicked.connect(lambda _: self._primary_action())
        self.table = table
        keep_selected_across_sorts(table, lambda: getattr(self.current(), "id", None), self._reselect)

    def _build_detail(self) -> None:
        self.detail = QWidget(objectName="appointmentDetail")
        form = self.detail_form = QFormLayout()
        self.detail_labels = {}
        for key, title in (("customer", "Customer"), ("phone", "Phone"), ("vehicle", "Vehicle"),
                           ("concern", "Concern"), ("scheduled", "Scheduled"), ("status", "Status"),
                           ("technician", "Technician"), ("reason", "Cancelled because")):
            label = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"<b>{title}</b>", label)
            self.detail_labels[key] = label
        self.timeline = TimelineView()
        layout = QVBoxLayout(self.detail)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>History</b>"))
        layout.addWidget(self.timeline, 1)

    def _build_actions(self) -> None:
        self.book_action = tab_action(self, "&Book…", "Ctrl+N", self.book, "Book a vehicle in")
        self.assign_action = tab_action(self, "&Assign technician…", "Ctrl+T", self.assign,
                                        "Give the job to a technician")
        self.unassign_action = tab_action(self, "&Unassign", "Ctrl+U", self.unassign, "Take the technician off the job")
        self.start_action = tab_action(self, "&Start work", "Ctrl+G", self.start, "Mark work as started")
        self.complete_action = tab_action(self, "&Complete", "Ctrl+D", self.complete, "Mark work as completed")
        self.cancel_action = tab_action(self, "Ca&ncel appointment…", "Ctrl+Shift+X", self.cancel,
                                        "Cancel with a reason")
        self.export_action = tab_action(self, "&Export to CSV…", "Ctrl+E", self.export_csv,
                                        "Save the list as shown to CSV")
        self.find_action = tab_action(self, "&Find", "Ctrl+F", self.search.setFocus, "Search appointments")
        self.actions_in_order = [self.book_action, self.assign_action, self.unassign_action, self.start_action,
                                 self.complete_action, self.cancel_action]
        self.book_action.setEnabled(self.user.role in DESK_ROLES)
        self._update_actions()

    # --- filters and selection -----------------------------------------------------------------

    def current_filter(self) -> AppointmentFilter:
        start, end = date_range(self.dates.currentText(), self.date_from.date(), self.date_to.date())
        custom = self.dates.currentText() == "Custom range"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        return AppointmentFilter(statuses=STATUS_CHOICES[self.status.currentText()],
                                 technician_id=self.technician.currentData(), scheduled_from=start,
                                 scheduled_to=end, text=self.search.text().strip())

    def apply_filters(self) -> None:
        self.message.hide()
        self.model.set_filter(self.current_filter())
        if not self.current() and self.model.rowCount():
            self.table.selectRow(0)
        self._selection_changed()

    def refresh(self) -> None:
        """Read the list again from the store, keeping the selected appointment selected if still listed."""
        selected = self.current()
        self.message.hide()
        self.model.reload()
        if selected is not None:
            self.select(selected.id)
        self._selection_changed()

    def current(self) -> AppointmentRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, appointment_id: int) -> None:
        row = self.model.row_of(appointment_id)
        if row >= 0:
            self.table.selectRow(row)

    def _reselect(self, appointment_id: int | None) -> None:
        """Select the appointment again if it is listed (else nothing), and show what is selected."""
        if appointment_id is not None:
            self.select(appointment_id)
        self._selection_changed()

    def _selection_changed(self, *_) -> None:
        row = self.current()
        values = {} if row is None else {
            "customer": row.customer_name, "phone": row.customer_phone or "", "vehicle": row.vehicle,
            "concern": row.concern, "scheduled": when(row.scheduled_at), "status": row.status.label,
            "technician": row.technician_name or "Not assigned", "reason": row.cancel_reason or "",
        }
        for key, label in self.detail_labels.items():
            label.setText(values.get(key, ""))
        self.detail_form.setRowVisible(self.detail_labels["reason"], bool(values.get("reason")))
        self.timeline.show_entries(self.store.timeline("appointment", row.id) if row else [])
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.current()
        for a, name in ((self.assign_action, "assign_technician"), (self.unassign_action, "unassign"),
                        (self.start_action, "start_work"), (self.complete_action, "complete_work"),
                        (self.cancel_action, "cancel")):
            a.setEnabled(row is not None and self.can(name, row))

    def can(self, action: str, row: AppointmentRow) -> bool:
        """What the store would allow: the workflow table and the signed-in person's role."""
        return (APPOINTMENT_WORKFLOW.allows(action, row.status)
                and APPOINTMENT_WORKFLOW[action].permits(self.user.role, row.technician_id == self.user.id))

    def _load_failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    # --- actions -------------------------------------------------------------------------------

    def _changed(self, appointment_id: int) -> None:
        """After a change made here: show it in place and tell the other tabs."""
        self._job_changed("appointment", appointment_id)
        self.events.changed.emit("appointment", appointment_id)

    def _job_changed(self, kind: str, entity_id: int) -> None:
        """Show the fresh state of one appointment in place, keeping the user's place in the list."""
        if kind != "appointment":
            return
        if self.model.row_of(entity_id) < 0:  # not listed: a new booking (maybe from another PC) may belong here
            self._maybe_insert(entity_id)
            return
        try:
            fresh = self.store.appointment(entity_id)
        except DomainError as error:  # no dialog: this may be another PC's change arriving during an outage
            self._load_failed(error.message)
            return
        self.model.replace(fresh)
        if (current := self.current()) is not None and current.id == entity_id:
            self._selection_changed()

    def _maybe_insert(self, appointment_id: int) -> None:
        """Show an appointment that is not listed yet at its place, when it passes the filters and the list is
        in scheduled order (anything else is left to the next refresh)."""
        f = self.model.filter
        if self.model.sort_state != ("scheduled_at", False) or f.text:
            return
        try:
            fresh = self.store.appointment(appointment_id)
        except DomainError:
            return
        if (f.statuses and fresh.status not in f.statuses) \
                or (f.technician_id is not None and fresh.technician_id != f.technician_id) \
                or (f.scheduled_from is not None and fresh.scheduled_at < f.scheduled_from.astimezone()) \
                or (f.scheduled_to is not None and fresh.scheduled_at >= f.scheduled_to.astimezone()):
            return
        if self.model.insert_sorted(fresh, lambda r: (r.scheduled_at, r.id)) and self.current() is None:
            self.select(fresh.id)

    def _primary_action(self) -> None:
        for a in (self.assign_action, self.start_action, self.complete_action):
            if a.isEnabled():
                a.trigger()
                return

    def book(self) -> None:
        dialog = BookAppointmentDialog(self.store, self.user.id, self)
        if dialog.exec():
            booked = dialog.result_value
            self.model.reload()
            self.select(booked.id)
            self._selection_changed()
            self.events.changed.emit("appointment", booked.id)

    def assign(self) -> None:
        row = self.current()
        if row is not None and assign_dialog(self, self.store, row, self.user.id).exec():
            self._changed(row.id)

    def cancel(self) -> None:
        row = self.current()
        if row is not None and cancel_dialog(self, self.store, row, self.user.id).exec():
            self._changed(row.id)

    def unassign(self) -> None:
        self._move(lambda row: self.store.unassign(row.id, self.user.id, expected_version=row.version))

    def start(self) -> None:
        self._move(lambda row: self.store.start_work(row.id, self.user.id, expected_version=row.version))

    def complete(self) -> None:
        self._move(lambda row: self.store.complete_work(row.id, self.user.id, expected_version=row.version))

    def _move(self, call) -> None:
        row = self.current()
        if row is None:
            return
        attempt(self, lambda: call(row))
        self._changed(row.id)  # refused or not, show the appointment as the store now has it

    def export_csv(self) -> None:
        export_list(self, "appointments", self.model, self.store.list_appointments)

