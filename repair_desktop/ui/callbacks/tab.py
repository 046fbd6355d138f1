"""The Callbacks tab. The desk's board of every callback, with the actions the workflow allows on the selected one.

Technicians get their own view of the same tab (``technician_jobs.py``);
``make_callbacks_tab`` picks by role.
"""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QTableView, QWidget

from ...domain.deadlines import DeadlineState
from ...domain.statuses import DESK_ROLES, CallbackStatus as C, Priority
from ...domain.transitions import CALLBACK_WORKFLOW
from ...domain.contracts import EXPIRY_WARNING_DAYS
from ...store import CallbackFilter, CallbackRow, EmployeeRecord, Store
from ..widgets.actions import tab_action
from ..widgets.errors import attempt
from ..widgets.events import JobEvents
from ..widgets.list_tab import ListTab
from ..widgets.long_text import clipped
from .contracts_dialog import EXPIRING, ContractsDialog
from .detail import CallbackDetail
from .dialogs import CreateCallbackDialog, EditCallbackDialog, cancel_callback_dialog, helper_dialog, \
    reassign_dialog
from .model import CallbacksModel, list_order, matches
from .technician_jobs import TechnicianJobsTab

#: Status filter choices: label -> statuses (empty: all).
STATUS_CHOICES = {
    "All statuses": frozenset(),
    "Active (not closed)": frozenset({C.PENDING, C.OPEN, C.IN_PROGRESS, C.RESOLVED}),
    "Pending": frozenset({C.PENDING}),
    "Open": frozenset({C.OPEN}),
    "In progress": frozenset({C.IN_PROGRESS}),
    "Resolved/Closed": frozenset({C.RESOLVED, C.CLOSED}),
    "Cancelled": frozenset({C.CANCELLED}),
}
PRIORITY_CHOICES = {"All priorities": frozenset(), **{p.label: frozenset({p}) for p in Priority}}
#: Deadline filter choices: label -> the next deadline's state (None: any).
DEADLINE_CHOICES = {"Any deadline": None, "Late": DeadlineState.LATE, "At risk": DeadlineState.AT_RISK}


def make_callbacks_tab(store: Store, user: EmployeeRecord, events: JobEvents) -> QWidget:
    """The board for the front desk and managers; Available jobs and My callbacks for technicians."""
    if user.role in DESK_ROLES:
        return CallbacksTab(store, user, events)
    return TechnicianJobsTab(store, user, events)


class CallbacksTab(ListTab):
    layout_key, kind, workflow, default_sort = "callbacks", "callback", CALLBACK_WORKFLOW, "priority"
    search_hint = "Search customer, job number or description  (Ctrl+F)"
    search_name = "Search callbacks"
    export_text = "E&xport to CSV…"
    split = (Qt.Orientation.Vertical, (2, 1), [420, 220])  # under the table: every column fits
    passes, list_order = staticmethod(matches), staticmethod(list_order)

    # --- building ------------------------------------------------------------------------------

    def build_filters(self) -> None:
        self.status = QComboBox(objectName="statusFilter")
        self.status.setAccessibleName("Status filter")
        self.status.addItems(STATUS_CHOICES)
        self.status.setCurrentText("Active (not closed)")  # what the desk works on; the rest is one click away
        self.priority = QComboBox(objectName="priorityFilter")
        self.priority.setAccessibleName("Priority filter")
        self.priority.addItems(PRIORITY_CHOICES)
        self.deadline = QComboBox(objectName="deadlineFilter")
        self.deadline.setAccessibleName("Deadline filter")
        self.deadline.addItems(DEADLINE_CHOICES)
        for combo in self.filter_combos():
            combo.currentIndexChanged.connect(self.apply_filters)
        self.expiring = QLabel(objectName="expiringContracts")
        self.expiring.linkActivated.connect(lambda _: self.open_contracts(EXPIRING))
        for widget in (self.status, self.priority, self.deadline, self.expiring):
            self.filters.addWidget(widget)

    def make_model(self) -> CallbacksModel:
        return CallbacksModel(self.store, self.current_filter(), self)

    def set_up_table(self, table: QTableView) -> None:
        # The indicator first: sorting switched on sorts by it, the model's own order already, so nothing is read
        # before the filters are applied (one page read at opening, not three).
        table.horizontalHeader().setSortIndicator(CallbacksModel.COL_PRIORITY, Qt.SortOrder.AscendingOrder)
        m = CallbacksModel
        for column, width in ((m.COL_JOB, 115), (m.COL_CUSTOMER, 145), (m.COL_PRIORITY, 85), (m.COL_SCHEDULED, 105),
                              (m.COL_STATUS, 100), (m.COL_DEADLINE, 230), (m.COL_DESCRIPTION, 250),
                              (m.COL_ISSUE_TYPE, 115),
                              (m.COL_CLAIMED_BY, 120), (m.COL_TECHNICIANS, 90)):
            table.setColumnWidth(column, width)
        table.doubleClicked.connect(lambda _: self.edit_action.trigger())

    def make_detail(self) -> QWidget:
        return CallbackDetail(self.store, wide=True)

    def build_actions(self) -> None:
        self.new_action = tab_action(self, "&New callback…", "Ctrl+N", self.create,
                                     "Create a callback for a contract customer")
        self.edit_action = tab_action(self, "&Edit…", "F2", self.edit,
                                      "Change description, notes, priority, issue or time")
        self.reassign_action = tab_action(self, "&Reassign…", "Ctrl+T", self.reassign,
                                          "Give the job to another technician")
        self.release_action = tab_action(self, "Release to &pool", "Ctrl+U", self.release,
                                         "Take the job off its technician; it returns to Available jobs")
        self.helper_action = tab_action(self, "Add &helper…", "Ctrl+H", self.add_helper,
                                        "Add a technician to help on the job")
        self.close_action = tab_action(self, "C&lose", "Ctrl+D", self.close_callback, "Close a resolved callback")
        self.cancel_action = tab_action(self, "&Cancel callback…", "Ctrl+Shift+X", self.cancel,
                                        "Cancel with a reason")
        self.delete_action = tab_action(self, "&Delete…", QKeySequence.StandardKey.Delete, self.delete,
                                        "Hide the callback from every list; its history is kept")
        self.contracts_action = tab_action(self, "&Maintenance contracts…", "Ctrl+Shift+M",
                                           lambda: self.open_contracts(),
                                           "List, add, renew or cancel customers' contracts")
        self.actions_in_order = [self.new_action, self.edit_action, self.reassign_action, self.release_action,
                                 self.helper_action, self.close_action, self.cancel_action, self.delete_action,
                                 self.contracts_action]

    # --- the list ------------------------------------------------------------------------------

    def current_filter(self) -> CallbackFilter:
        return CallbackFilter(statuses=STATUS_CHOICES[self.status.currentText()],
                              priorities=PRIORITY_CHOICES[self.priority.currentText()],
                              deadline=DEADLINE_CHOICES[self.deadline.currentText()], text=self.search.text().strip())

    def filter_combos(self) -> list[QComboBox]:
        return [self.status, self.priority, self.deadline]

    def find_words(self, row: CallbackRow) -> str:
        return row.job_number

    def refresh(self) -> None:
        super().refresh()
        self.show_expiring_contracts()

    def guarded_actions(self):
        return ((self.edit_action, "edit"), (self.reassign_action, "reassign_callback"),
                (self.release_action, "release_callback"), (self.helper_action, "add_helper"),
                (self.close_action, "close_callback"), (self.cancel_action, "cancel_callback"),
                (self.delete_action, "delete_callback"))

    def is_own(self, row: CallbackRow) -> bool:
        return row.claimed_by == self.user.id

    def show_detail(self, row: CallbackRow | None) -> None:
        self.detail.show_callback(row)

    def fetch(self, entity_id: int) -> CallbackRow:
        return self.store.callback(entity_id)

    def show_expiring_contracts(self) -> None:
        """A link to the contracts that run out soon, so the desk can offer renewals before callbacks bounce."""
        count = attempt(self, lambda: self.store.count_expiring_contracts(date.today())) or 0
        self.expiring.setText(f'<a href="#">{count} contract{"s" if count > 1 else ""} ending within '
                              f'{EXPIRY_WARNING_DAYS} days</a>' if count else "")
        self.expiring.setVisible(bool(count))

    # --- actions -------------------------------------------------------------------------------

    def create(self) -> None:
        dialog = CreateCallbackDialog(self.store, self.user.id, self)
        if not dialog.exec():
            return
        created = dialog.result_value
        self._added(created.id)
        self.notice.done(f"{created.job_number} is created and waiting in Available jobs: technicians can now "
                         "pick it.")

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = EditCallbackDialog(self.store, row, self.user.id, self)
        if dialog.exec() and dialog.result_value is not None:
            self._changed(row.id)

    def reassign(self) -> None:
        self._with_dialog(reassign_dialog)

    def add_helper(self) -> None:
        self._with_dialog(helper_dialog)

    def cancel(self) -> None:
        self._with_dialog(cancel_callback_dialog)

    def release(self) -> None:
        self._move(lambda row: self.store.release_callback(row.id, self.user.id, expected_version=row.version))

    def close_callback(self) -> None:
        self._move(lambda row: self.store.close_callback(row.id, self.user.id))

    def delete(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Delete callback",
            f"Delete {row.job_number} for {clipped(row.customer_name, 60)}? It disappears from every list; its history and "
            "who deleted it are kept.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        attempt(self, lambda: self.store.delete_callback(row.id, self.user.id))
        self.refresh()
        self.events.changed.emit("callback", row.id)

    def open_contracts(self, show: str = "All customers") -> None:
        ContractsDialog(self.store, self.user.id, self, show=show).exec()
        self.show_expiring_contracts()
