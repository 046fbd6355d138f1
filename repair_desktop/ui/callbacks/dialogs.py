"""Dialogs of the callback board. Each submits to the store and stays open, as typed, when refused."""

from datetime import date, datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (QComboBox, QDateTimeEdit, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ...domain.errors import DomainError, ValidationError
from ...domain.statuses import Priority
from ...store import CallbackRow, ContractStanding, Store
from ..appointments.dialogs import next_slot
from .contracts_dialog import ContractsDialog
from ..widgets.field_limits import long_text, schedule_range, short_text
from ..widgets.forms import SubmitDialog, submit_dialog
from ..widgets.long_text import ElidedLabel, WrappingLabel, bounded_combo, clipped, eliding_list

#: Offered in the issue type box; the desk may type any other.
ISSUE_TYPES = ("", "Repeat fault", "Noise", "Warning light", "Leak", "Brakes", "Electrical", "Air conditioning",
               "Warranty", "Other")
#: Customers without cover named in the picker's explanation; the rest are counted.
MISSING_EXAMPLES = 3
#: The most of a saved description or note quoted back after a conflict (the form holds the typed version).
QUOTED = 300


def why_missing_text(day: date, text: str, uncovered: int, examples: list[ContractStanding]) -> str:
    """The line under the customer picker that says who is not offered, and why."""
    lines = [f"Only customers with a maintenance contract active on {day:%a %d %b %Y} are listed."]
    if text and uncovered:
        named = [f"{e.name} ({e.explanation})" for e in examples]
        if uncovered > len(examples):
            named.append(f"and {uncovered - len(examples)} more")
        noun = "customer matches" if uncovered == 1 else "customers match"
        lines.append(f"{uncovered} {noun} “{text}” without one: {'; '.join(named)}.")
    elif uncovered:
        noun = "customer has" if uncovered == 1 else "customers have"
        lines.append(f"{uncovered} {noun} no contract that day and {'is' if uncovered == 1 else 'are'} not shown.")
    return " ".join(lines)


class _CallbackForm(SubmitDialog):
    """The job fields that creating and editing share."""

    def _build_job_fields(self, scheduled: datetime, keep: datetime | None = None) -> None:
        """``keep``: the time a saved callback has, reachable even when it lies outside today's range."""
        self.scheduled = QDateTimeEdit(calendarPopup=True, displayFormat="ddd dd MMM yyyy HH:mm")
        schedule_range(self.scheduled, keep=keep)
        self.scheduled.setDateTime(QDateTime(scheduled))
        self.scheduled.setAccessibleName("Scheduled date and time")
        self.priority = QComboBox()
        self.priority.setAccessibleName("Priority")
        for p in Priority:
            self.priority.addItem(p.label, p.value)
        self.priority.setCurrentIndex(self.priority.findData(Priority.MEDIUM.value))
        self.issue_type = bounded_combo(QComboBox(editable=True))
        self.issue_type.setAccessibleName("Issue type")
        self.issue_type.addItems(ISSUE_TYPES)
        self.issue_type.lineEdit().setPlaceholderText("Pick or type, e.g. Noise")
        self.description = QPlainTextEdit(placeholderText="What must the technician do? e.g. rattle from the "
                                                          "front left wheel came back after last week's repair")
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.notes = QPlainTextEdit(placeholderText="Optional: anything else the technician should know")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)
        short_text(self.issue_type)
        long_text(self.description, self.notes)
        self.form.addRow("&When", self.scheduled)
        self.form.addRow("&Priority", self.priority)
        self.form.addRow("&Issue type", self.issue_type)
        self.form.addRow("&Description", self.description)
        self.form.addRow("&Notes", self.notes)


class CreateCallbackDialog(_CallbackForm):
    """Pick a customer covered on the callback's day, describe the job; technicians then pick it up."""

    def __init__(self, store: Store, actor: int, parent: QWidget | None = None) -> None:
        super().__init__("New callback", "&Create callback", parent)
        self.store, self.actor = store, actor
        self.setMinimumWidth(560)
        self.search = QLineEdit(placeholderText="Search customers by name or phone", clearButtonEnabled=True)
        self.search.setAccessibleName("Customer search")
        self.customers = eliding_list(QListWidget())
        self.customers.setAccessibleName("Customers with an active maintenance contract")
        self.customers.setMaximumHeight(130)
        self.why_missing = WrappingLabel(object_name="whyMissing", selectable=False)
        self.why_missing.setStyleSheet("color: palette(placeholder-text);")
        self.contracts_button = QPushButton("Maintenance &contracts…")
        self.contracts_button.setToolTip("Add or renew a customer's contract, then pick them here")
        self.contracts_button.clicked.connect(self.manage_contracts)
        box = QGroupBox("Customer")
        column = QVBoxLayout(box)
        column.addWidget(self.search)
        column.addWidget(self.customers)
        row = QHBoxLayout()
        row.addWidget(self.why_missing, 1)
        row.addWidget(self.contracts_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        self.form.addRow(box)
        self._build_job_fields(next_slot())
        self.search.textChanged.connect(self.find_customers)
        self.scheduled.dateChanged.connect(self.find_customers)
        self.find_customers()

    def day(self) -> date:
        return self.scheduled.dateTime().toPython().date()

    def picked_customer(self) -> int | None:
        item = self.customers.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def find_customers(self) -> None:
        """List the customers covered on the chosen day, keeping the one picked if they still are."""
        keep, day, text = self.picked_customer(), self.day(), self.search.text().strip()
        try:
            covered = self.store.contract_standings(day, text, covered=True, limit=30)
            uncovered = self.store.count_uncovered_customers(day, text)
            examples = self.store.contract_standings(day, text, covered=False, limit=MISSING_EXAMPLES) \
                if text and uncovered else []
        except DomainError as error:
            self.show_problem(error.message)
            return
        self.customers.clear()
        for standing in covered:
            item = QListWidgetItem(f"{standing.name}   {standing.phone or ''}   · {standing.explanation}")
            item.setData(Qt.ItemDataRole.UserRole, standing.customer_id)
            self.customers.addItem(item)
            if standing.customer_id == keep:
                self.customers.setCurrentItem(item)
        if self.customers.currentItem() is None and self.customers.count():
            self.customers.setCurrentRow(0)
        self.why_missing.setText(why_missing_text(day, text, uncovered, examples))

    def manage_contracts(self) -> None:
        ContractsDialog(self.store, self.actor, self, search=self.search.text().strip()).exec()
        self.find_customers()

    def submit(self):
        customer_id = self.picked_customer()
        if customer_id is None:
            raise ValidationError("Please pick the customer. Only customers with a maintenance contract active on "
                                  "the callback's day are listed; add or renew one under Maintenance contracts.")
        return self.store.create_callback(customer_id, self.scheduled.dateTime().toPython(),
                                          self.description.toPlainText(), self.priority.currentData(), self.actor,
                                          notes=self.notes.toPlainText(), issue_type=self.issue_type.currentText())


class EditCallbackDialog(_CallbackForm):
    """Change what the job is and when; only what was changed is sent, against the version that was shown."""

    def __init__(self, store: Store, row: CallbackRow, actor: int, parent: QWidget | None = None) -> None:
        super().__init__(f"Edit callback {row.job_number}", "&Save", parent)
        self.store, self.row, self.actor = store, row, actor
        self.setMinimumWidth(520)
        self.form.addRow("Customer", ElidedLabel(row.customer_name))
        self._build_job_fields(self._shown_schedule(), keep=self._shown_schedule())
        self.priority.setCurrentIndex(self.priority.findData(row.priority.value))
        self.issue_type.setCurrentText(row.issue_type or "")
        self.description.setPlainText(row.description)
        self.notes.setPlainText(row.notes or "")
        self.reload_fresh = self._reload_row

    def _reload_row(self) -> str:
        """After a conflict: save against the callback as it is now; say what it holds (the form keeps what was
        typed, so the clerk can compare and re-apply)."""
        mine = self.changes()  # what this clerk changed; everything else takes the other clerk's values
        self.row = fresh = self.store.callback(self.row.id)
        if "scheduled_at" not in mine:
            self.scheduled.setDateTime(QDateTime(self._shown_schedule()))
        if "priority" not in mine:
            self.priority.setCurrentIndex(self.priority.findData(fresh.priority.value))
        if "issue_type" not in mine:
            self.issue_type.setCurrentText(fresh.issue_type or "")
        if "description" not in mine:
            self.description.setPlainText(fresh.description)
        if "notes" not in mine:
            self.notes.setPlainText(fresh.notes or "")
        return (f"Saved now: {fresh.priority.label} priority, {fresh.issue_type or 'no issue type'}, "
                f"\u201c{clipped(fresh.description, QUOTED)}\u201d"
                + (f", notes \u201c{clipped(fresh.notes, QUOTED)}\u201d." if fresh.notes else "."))

    def _shown_schedule(self) -> datetime:
        return self.row.scheduled_at.astimezone().replace(tzinfo=None, second=0, microsecond=0)

    def changes(self) -> dict:
        """The fields whose value differs from the callback as it was shown."""
        row, scheduled = self.row, self.scheduled.dateTime().toPython().replace(second=0, microsecond=0)
        typed = {"description": self.description.toPlainText().strip(), "notes": self.notes.toPlainText().strip(),
                 "priority": self.priority.currentData(), "issue_type": self.issue_type.currentText().strip()}
        shown = {"description": row.description, "notes": row.notes or "", "priority": row.priority.value,
                 "issue_type": row.issue_type or ""}
        changed = {key: value for key, value in typed.items() if value != shown[key]}
        if scheduled != self._shown_schedule():
            changed["scheduled_at"] = scheduled
        return changed

    def submit(self):
        changes = self.changes()
        if not changes:
            return None
        return self.store.update_callback(self.row.id, self.actor, expected_version=self.row.version, **changes)


def _technician_list(name: str) -> QListWidget:
    technicians = eliding_list(QListWidget())
    technicians.setAccessibleName(name)
    return technicians


def _add_technician(technicians: QListWidget, text: str, technician_id: int) -> None:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, technician_id)
    technicians.addItem(item)


def _picked(technicians: QListWidget, empty_message: str) -> int:
    item = technicians.currentItem()
    if item is None:
        raise ValidationError(empty_message)
    return item.data(Qt.ItemDataRole.UserRole)


def reassign_dialog(parent: QWidget, store: Store, row: CallbackRow, actor: int) -> SubmitDialog:
    """Offers only technicians with room, each with their load ("1/3"): a claim counts against capacity."""
    technicians = _technician_list("Technicians with room")
    for load in store.workload().technicians:
        if load.is_available and load.technician_id != row.claimed_by:
            _add_technician(technicians, f"{load.name}    {load.load_text}", load.technician_id)
    technicians.setCurrentRow(0)
    dialog = submit_dialog(parent, f"Reassign {row.job_number}", "&Reassign", [("&Technician", technicians)],
                           lambda: store.reassign_callback(
                               row.id, _picked(technicians, "Every other technician is fully booked. Finish or hand "
                                                            "over a job first."),
                               actor, expected_version=row.version))
    technicians.itemDoubleClicked.connect(dialog.accept)
    dialog.setMinimumWidth(420)
    return dialog


def helper_dialog(parent: QWidget, store: Store, row: CallbackRow, actor: int) -> SubmitDialog:
    """Any active technician not yet on the job; helping does not use up their capacity."""
    on_job = set(store.callback_technicians(row.id))
    technicians = _technician_list("Technicians who can help")
    for load in store.workload().technicians:
        if load.name not in on_job:
            _add_technician(technicians, f"{load.name}    {load.load_text}", load.technician_id)
    technicians.setCurrentRow(0)
    note = QLabel("Helpers work alongside the technician who holds the job; it doesn't count against their "
                  "capacity.", wordWrap=True)
    dialog = submit_dialog(parent, f"Add a helper to {row.job_number}", "&Add helper",
                           [("&Technician", technicians), ("", note)],
                           lambda: store.add_helper(row.id, _picked(technicians, "Every technician is already on "
                                                                                 "this job."), actor))
    technicians.itemDoubleClicked.connect(dialog.accept)
    dialog.setMinimumWidth(420)
    return dialog


def cancel_callback_dialog(parent: QWidget, store: Store, row: CallbackRow, actor: int) -> SubmitDialog:
    reason = QPlainTextEdit(placeholderText="Why is it cancelled? e.g. customer fixed it elsewhere")
    reason.setTabChangesFocus(True)
    reason.setAccessibleName("Reason")
    long_text(reason)
    dialog = submit_dialog(parent, f"Cancel callback {row.job_number}", "Cancel &callback", [("&Reason", reason)],
                           lambda: store.cancel_callback(row.id, reason.toPlainText(), actor,
                                                         expected_version=row.version))
    dialog.setMinimumWidth(420)
    return dialog
