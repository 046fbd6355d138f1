"""The front desk's screen: every appointment, filtered and searched, and the actions on the selected one."""

from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QTableView, QWidget

from ...domain.statuses import DESK_ROLES, AppointmentStatus, Role
from ...domain.transitions import APPOINTMENT_WORKFLOW
from ...store import AppointmentFilter, AppointmentRow
from ..widgets.actions import tab_action
from ..widgets.column_menu import column_menu
from ..widgets.long_text import bounded_combo
from ..widgets.list_tab import ListTab
from .detail import AppointmentDetail
from .dialogs import BookAppointmentDialog, assign_dialog, cancel_dialog
from .model import AppointmentsModel, list_order, matches

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


class AppointmentsTab(ListTab):
    layout_key, kind, workflow, default_sort = "appointments", "appointment", APPOINTMENT_WORKFLOW, "scheduled_at"
    search_hint = "Search customer, plate, vehicle or concern  (Ctrl+F)"
    search_name = "Search appointments"
    export_text = "&Export to CSV…"
    split = (Qt.Orientation.Horizontal, (3, 1), [930, 330])  # at 1280 px every column shown fits beside the detail
    passes, list_order = staticmethod(matches), staticmethod(list_order)

    # --- building ------------------------------------------------------------------------------

    def build_filters(self) -> None:
        self.status = QComboBox(objectName="statusFilter")
        self.status.addItems(STATUS_CHOICES)
        self.status.setCurrentText("Open (not finished)")  # what the desk works on; history is one click away
        self.status.setAccessibleName("Status filter")
        self.technician = bounded_combo(QComboBox(objectName="technicianFilter"))
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
        for combo in self.filter_combos():
            combo.currentIndexChanged.connect(self.apply_filters)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.apply_filters)
        for widget in (self.status, self.technician, self.dates, self.date_from, self.date_to):
            self.filters.addWidget(widget)

    def make_model(self) -> AppointmentsModel:
        return AppointmentsModel(self.store, self.current_filter(), self)

    def set_up_table(self, table: QTableView) -> None:
        # The indicator first: sorting switched on sorts by it, the model's own order already, so nothing is read
        # before the filters are applied (one page read at opening, not three).
        table.horizontalHeader().setSortIndicator(AppointmentsModel.COL_SCHEDULED, Qt.SortOrder.AscendingOrder)
        m = AppointmentsModel
        for column, width in ((m.COL_ID, 48), (m.COL_CUSTOMER, 135), (m.COL_VEHICLE, 160), (m.COL_CONCERN, 190),
                              (m.COL_SCHEDULED, 125), (m.COL_STATUS, 95), (m.COL_TECHNICIAN, 115),
                              (m.COL_ASSIGNED, 100), (m.COL_STARTED, 100), (m.COL_COMPLETED, 100)):
            table.setColumnWidth(column, width)
        column_menu(table, hidden=(m.COL_ASSIGNED, m.COL_STARTED, m.COL_COMPLETED))
        table.doubleClicked.connect(lambda _: self._primary_action())

    def make_detail(self) -> QWidget:
        return AppointmentDetail(self.store)

    def build_actions(self) -> None:
        self.book_action = tab_action(self, "&Book…", "Ctrl+N", self.book, "Book a vehicle in")
        self.assign_action = tab_action(self, "&Assign technician…", "Ctrl+T", self.assign,
                                        "Give the job to a technician")
        self.unassign_action = tab_action(self, "&Unassign", "Ctrl+U", self.unassign, "Take the technician off the job")
        self.start_action = tab_action(self, "&Start work", "Ctrl+G", self.start, "Mark work as started")
        self.complete_action = tab_action(self, "&Complete", "Ctrl+D", self.complete, "Mark work as completed")
        self.cancel_action = tab_action(self, "Ca&ncel appointment…", "Ctrl+Shift+X", self.cancel,
                                        "Cancel with a reason")
        # Only what this role can ever do: a technician gets Start work and Complete, not the desk's greyed buttons.
        ever = {self.book_action: self.user.role in DESK_ROLES}
        for a, name in ((self.assign_action, "assign_technician"), (self.unassign_action, "unassign"),
                        (self.start_action, "start_work"), (self.complete_action, "complete_work"),
                        (self.cancel_action, "cancel")):
            ever[a] = APPOINTMENT_WORKFLOW[name].permits(self.user.role, True)
        self.actions_in_order = [a for a, usable in ever.items() if usable]
        for a, usable in ever.items():
            a.setVisible(usable)  # hidden ones are off their shortcuts too
        self.book_action.setEnabled(self.user.role in DESK_ROLES)

    # --- the list ------------------------------------------------------------------------------

    def current_filter(self) -> AppointmentFilter:
        start, end = date_range(self.dates.currentText(), self.date_from.date(), self.date_to.date())
        custom = self.dates.currentText() == "Custom range"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        return AppointmentFilter(statuses=STATUS_CHOICES[self.status.currentText()],
                                 technician_id=self.technician.currentData(), scheduled_from=start,
                                 scheduled_to=end, text=self.search.text().strip())

    def filter_combos(self) -> list[QComboBox]:
        return [self.status, self.technician, self.dates]

    def find_words(self, row: AppointmentRow) -> str:
        return row.plate

    def guarded_actions(self):
        return ((self.assign_action, "assign_technician"), (self.unassign_action, "unassign"),
                (self.start_action, "start_work"), (self.complete_action, "complete_work"),
                (self.cancel_action, "cancel"))

    def is_own(self, row: AppointmentRow) -> bool:
        return row.technician_id == self.user.id

    def show_detail(self, row: AppointmentRow | None) -> None:
        self.detail.show_appointment(row)

    def fetch(self, entity_id: int) -> AppointmentRow:
        return self.store.appointment(entity_id)

    # --- actions -------------------------------------------------------------------------------

    def _primary_action(self) -> None:
        for a in (self.assign_action, self.start_action, self.complete_action):
            if a.isEnabled():
                a.trigger()
                return

    def book(self) -> None:
        dialog = BookAppointmentDialog(self.store, self.user.id, self)
        if dialog.exec():
            self._added(dialog.result_value.id)

    def assign(self) -> None:
        self._with_dialog(assign_dialog)

    def cancel(self) -> None:
        self._with_dialog(cancel_dialog)

    def unassign(self) -> None:
        self._move(lambda row: self.store.unassign(row.id, self.user.id, expected_version=row.version))

    def start(self) -> None:
        self._move(lambda row: self.store.start_work(row.id, self.user.id, expected_version=row.version))

    def complete(self) -> None:
        self._move(lambda row: self.store.complete_work(row.id, self.user.id, expected_version=row.version))
