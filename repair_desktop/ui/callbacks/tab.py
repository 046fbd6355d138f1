"""The Callbacks tab. The desk's board of every callback, with the actions the workflow allows on the selected one.

Technicians get their own view of the same tab (``technician_jobs.py``);
``make_callbacks_tab`` picks by role.
"""

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QSplitter, QVBoxLayout, QWidget)

from ...domain.errors import DomainError, NotFound
from ...domain.statuses import DESK_ROLES, CallbackStatus as C, Priority
from ...domain.transitions import CALLBACK_WORKFLOW
from ...store import CallbackFilter, CallbackRow, Store
from ...store.contracts import EXPIRY_WARNING_DAYS
from ...store.models import Employee
from ..widgets.badges import BadgeDelegate
from .detail import CallbackDetail
from .dialogs import CreateCallbackDialog, EditCallbackDialog, cancel_callback_dialog, helper_dialog, \
    reassign_dialog
from .model import CallbacksModel, list_order, matches
from .contracts_dialog import EXPIRING, ContractsDialog
from ..widgets.csv_export import export_list
from ..widgets.errors import attempt
from ..widgets.events import JobEvents
from ..widgets.notice import Notice
from .technician_jobs import TechnicianJobsTab
from ..widgets.tables import RememberedLayout, keep_selected_across_sorts, row_table
from ..widgets.actions import tab_action

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


def make_callbacks_tab(store: Store, user: Employee, events: JobEvents) -> QWidget:
    """The board for the front desk and managers; Available Jobs and My Callbacks for technicians."""
    if user.role in DESK_ROLES:
        return CallbacksTab(store, user, events)
    return TechnicianJobsTab(store, user, events)


class CallbacksTab(RememberedLayout, QWidget):
    layout_key = "callbacks"

    def __init__(self, store: Store, user: Employee, events: JobEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.user, self.events = store, user, events
        self._build_filters()
        self.model = CallbacksModel(store, self.current_filter(), self)
        self._build_table()
        self.detail = CallbackDetail(store, wide=True)
        self._build_actions()
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="callbacksSplitter")  # every column fits
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 220])
        self.notice = Notice("callbacksNotice")
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        self.model.load_failed.connect(self.notice.refused)
        events.changed.connect(self._job_changed)
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search = QLineEdit(objectName="search", clearButtonEnabled=True,
                                placeholderText="Search customer, job number or description  (Ctrl+F)")
        self.search.setAccessibleName("Search callbacks")
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._debounce.start)
        self.status = QComboBox(objectName="statusFilter")
        self.status.setAccessibleName("Status filter")
        self.status.addItems(STATUS_CHOICES)
        self.status.setCurrentText("Active (not closed)")  # what the desk works on; the rest is one click away
        self.priority = QComboBox(objectName="priorityFilter")
        self.priority.setAccessibleName("Priority filter")
        self.priority.addItems(PRIORITY_CHOICES)
        for combo in (self.status, self.priority):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.expiring = QLabel(objectName="expiringContracts")
        self.expiring.linkActivated.connect(lambda _: self.open_contracts(EXPIRING))
        self.filters = QHBoxLayout()
        for widget in (self.search, self.status, self.priority, self.expiring):
            self.filters.addWidget(widget)
        self.filters.setStretch(0, 1)

    def _build_table(self) -> None:
        table = row_table(self.model, "callbacksTable", "Callbacks")
        for column in self.model.badge_columns():
            table.setItemDelegateForColumn(column, BadgeDelegate(table))
        table.horizontalHeader().setStretchLastSection(True)
        # The indicator first: sorting switched on sorts by it, the model's own order already, so nothing is read
        # before the filters are applied (one page read at opening, not three).
        table.horizontalHeader().setSortIndicator(CallbacksModel.COL_PRIORITY, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        m = CallbacksModel
        for column, width in ((m.COL_JOB, 115), (m.COL_CUSTOMER, 145), (m.COL_PRIORITY, 85), (m.COL_SCHEDULED, 105),
                              (m.COL_STATUS, 100), (m.COL_DESCRIPTION, 250), (m.COL_ISSUE_TYPE, 115),
                              (m.COL_CLAIMED_BY, 120), (m.COL_TECHNICIANS, 90)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._selection_changed)
        keep_selected_across_sorts(table, lambda: getattr(self.current(), "id", None), self._reselect)
        table.doubleClicked.connect(lambda _: self.edit_action.trigger())
        self.table = table

    def _build_actions(self) -> None:
        self.new_action = tab_action(self, "&New callback…", "Ctrl+N", self.create,
                                     "Create a callback for a contract customer")
        self.edit_action = tab_action(self, "&Edit…", "F2", self.edit,
                                      "Change description, notes, priority, issue or time")
        self.reassign_action = tab_action(self, "&Reassign…", "Ctrl+T", self.reassign,
                                          "Give the job to another technician")
        self.release_action = tab_action(self, "Release to &pool", "Ctrl+U", self.release,
                                         "Take the job off its technician; it returns to Available Jobs")
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
        self.export_action = tab_action(self, "E&xport to CSV…", "Ctrl+E", self.export_csv,
                                        "Save the list as shown to CSV")
        self.find_action = tab_action(self, "&Find", "Ctrl+F", self.search.setFocus, "Search callbacks")
        self.actions_in_order = [self.new_action, self.edit_action, self.reassign_action, self.release_action,
                                 self.helper_action, self.close_action, self.cancel_action, self.delete_action,
                                 self.contracts_action]
        self._update_actions()

    # --- filters and selection -----------------------------------------------------------------

    def current_filter(self) -> CallbackFilter:
        return CallbackFilter(statuses=STATUS_CHOICES[self.status.currentText()],
                              priorities=PRIORITY_CHOICES[self.priority.currentText()],
                              text=self.search.text().strip())

    def apply_filters(self) -> None:
        self.notice.clear()
        self.model.set_filter(self.current_filter())
        if not self.current() and self.model.rowCount():
            self.table.selectRow(0)
        self._selection_changed()

    def refresh(self) -> None:
        """Read the list again, keeping the selected callback selected if still listed."""
        selected = self.current()
        self.model.reload()
        self.select(selected.id if selected is not None else None)
        self._selection_changed()
        self.show_expiring_contracts()

    def current(self) -> CallbackRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, callback_id: int | None) -> None:
        """Select the callback, or the first row when it is not listed (or None)."""
        row = self.model.row_of(callback_id) if callback_id is not None else -1
        if row >= 0 or self.model.rowCount():
            self.table.selectRow(max(row, 0))

    def _reselect(self, callback_id: int | None) -> None:
        """Select the callback again (the first row when it is not listed), and show what is selected."""
        self.select(callback_id)
        self._selection_changed()

    def _selection_changed(self, *_) -> None:
        self.detail.show_callback(self.current())
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.current()
        for a, name in ((self.edit_action, "edit"), (self.reassign_action, "reassign_callback"),
                        (self.release_action, "release_callback"), (self.helper_action, "add_helper"),
                        (self.close_action, "close_callback"), (self.cancel_action, "cancel_callback"),
                        (self.delete_action, "delete_callback")):
            a.setEnabled(row is not None and self.can(name, row))

    def can(self, action: str, row: CallbackRow) -> bool:
        """What the store would allow: the workflow table and the signed-in person's role."""
        return (CALLBACK_WORKFLOW.allows(action, row.status)
                and CALLBACK_WORKFLOW[action].permits(self.user.role, row.claimed_by == self.user.id))

    def show_expiring_contracts(self) -> None:
        """A link to the contracts that run out soon, so the desk can offer renewals before callbacks bounce."""
        count = attempt(self, lambda: self.store.count_expiring_contracts(date.today())) or 0
        self.expiring.setText(f'<a href="#">{count} contract{"s" if count > 1 else ""} ending within '
                              f'{EXPIRY_WARNING_DAYS} days</a>' if count else "")
        self.expiring.setVisible(bool(count))

    # --- actions -------------------------------------------------------------------------------

    def _changed(self, callback_id: int) -> None:
        """After a change made here: show it in place and tell the other tabs."""
        self._job_changed("callback", callback_id)
        self.events.changed.emit("callback", callback_id)

    def _job_changed(self, kind: str, entity_id: int) -> None:
        """Show the fresh state of one callback in place, keeping the user's place in the list."""
        if kind != "callback":
            return
        if self.model.row_of(entity_id) < 0:  # not listed: a new callback (maybe from another PC) may belong here
            self._maybe_insert(entity_id)
            return
        try:
            fresh = self.store.callback(entity_id)
        except NotFound:  # deleted, here or on another PC
            self.model.remove(entity_id)
            self._selection_changed()
            return
        except DomainError as error:
            self.notice.refused(error.message)
            return
        self.model.replace(fresh)
        if (current := self.current()) is not None and current.id == entity_id:
            self._selection_changed()

    def _maybe_insert(self, callback_id: int) -> None:
        """Show a callback that is not listed yet at its place, when it passes the filter and the list is in
        its default order (anything else is left to the next refresh)."""
        if self.model.sort_state != ("priority", False) or self.model.filter.text:
            return
        try:
            fresh = self.store.callback(callback_id)
        except DomainError:
            return
        if matches(self.model.filter, fresh) and self.model.insert_sorted(fresh, list_order) \
                and self.current() is None:
            self.select(fresh.id)

    def create(self) -> None:
        dialog = CreateCallbackDialog(self.store, self.user.id, self)
        if not dialog.exec():
            return
        created = dialog.result_value
        self.model.reload()
        self.select(created.id)
        self._selection_changed()
        self.events.changed.emit("callback", created.id)
        self.notice.done(f"{created.job_number} is created and waiting in Available Jobs: technicians can now "
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

    def _with_dialog(self, make_dialog) -> None:
        row = self.current()
        if row is not None and make_dialog(self, self.store, row, self.user.id).exec():
            self._changed(row.id)

    def release(self) -> None:
        self._move(lambda row: self.store.release_callback(row.id, self.user.id, expected_version=row.version))

    def close_callback(self) -> None:
        self._move(lambda row: self.store.close_callback(row.id, self.user.id))

    def _move(self, call) -> None:
        row = self.current()
        if row is None:
            return
        attempt(self, lambda: call(row))
        self._changed(row.id)  # refused or not, show the callback as the store now has it

    def delete(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Delete callback",
            f"Delete {row.job_number} for {row.customer_name}? It disappears from every list; its history and "
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

    def export_csv(self) -> None:
        export_list(self, "callbacks", self.model, self.store.list_callbacks)

