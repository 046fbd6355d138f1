"""A technician's Callbacks tab: Available jobs to pick from, My callbacks to work through, and urgent alerts.

Every button acts on the selected job and shows only what the workflow lets
this technician do now. When the store refuses (a colleague was quicker, or the
technician is at capacity) the view says so in plain words above the lists and
reads both lists again, so what is shown is what is true.
"""

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (QFrame, QGroupBox, QHBoxLayout, QHeaderView, QMainWindow,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ...domain.errors import DomainError, NotFound
from ...domain.transitions import CALLBACK_WORKFLOW
from ...store import CallbackRow, EmployeeRecord, Store
from ..widgets.badges import BadgeDelegate
from .detail import CallbackDetail
from .model import AvailableJobsModel, MyCallbacksModel, matches
from ..widgets.events import JobEvents
from ..widgets.formatting import when
from ..widgets.long_text import WrappingLabel, cell_text, clipped
from ..widgets.notice import Notice
from ..widgets.tables import row_table
from ..widgets.actions import tab_action


class UrgentBanner(QFrame):
    """"New urgent callback" across the top of the view, until shown or dismissed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="urgentBanner")
        self.setStyleSheet("#urgentBanner { background: #fee2e2; border: 1px solid #dc2626; border-radius: 4px; }"
                           "#urgentBanner QLabel { color: #7f1d1d; }")
        self.text = WrappingLabel(selectable=False)
        self.show_button = QPushButton("Show job")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.dismiss_button)
        self.callback_id: int | None = None
        self.hide()

    def announce(self, row: CallbackRow) -> None:
        self.callback_id = row.id
        self.text.setText(urgent_message(row))
        self.show()


def urgent_message(row: CallbackRow) -> str:
    return (f"New urgent callback {row.job_number} for {clipped(row.customer_name, 60)}: "
            f"{clipped(cell_text(row.description), 200)} "
            f"(scheduled {when(row.scheduled_at)}). It is in Available jobs.")


class TechnicianJobsTab(QWidget):
    def __init__(self, store: Store, user: EmployeeRecord, events: JobEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.user, self.events = store, user, events
        self.available = AvailableJobsModel(store, self)
        self.mine = MyCallbacksModel(store, user.id, self)
        self.available_table = self._table(self.available, "availableJobsTable", "Available jobs",
                                           AvailableJobsModel.COL_DESCRIPTION, {AvailableJobsModel.COL_DEADLINE: 230})
        self.my_table = self._table(self.mine, "myCallbacksTable", "My callbacks", MyCallbacksModel.COL_DESCRIPTION,
                                    {MyCallbacksModel.COL_ADDRESS: 200, MyCallbacksModel.COL_DEADLINE: 230})
        self.detail = CallbackDetail(store)
        self.banner = UrgentBanner()
        self.banner.show_button.clicked.connect(self.show_urgent)
        self.notice = Notice("jobsNotice")
        self._build_actions()
        self._lay_out()
        for model in (self.available, self.mine):
            model.load_failed.connect(self.notice.refused)
        events.changed.connect(self._job_changed)
        # New urgent callbacks come as the technician's notifications (the window's NotificationWatch).
        events.notified.connect(self._notified)
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def _table(self, model, name: str, accessible: str, stretch_column: int,
               widths: dict[int, int] | None = None) -> QTableView:
        table = row_table(model, name, accessible)
        # A technician's lists are short: size columns to their text and give the description what is left;
        # badges and long texts (``widths``) get a set width, long texts elided (their tooltip shows them whole).
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        for column in model.badge_columns():
            table.setItemDelegateForColumn(column, BadgeDelegate(table))
        for column, width in ({c: 100 for c in model.badge_columns()} | (widths or {})).items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(lambda current, _: self._picked_in(table, current))
        return table

    def _build_actions(self) -> None:
        self.pick_action = tab_action(self, "&Pick this job", "Ctrl+P", self.pick, "Take the selected available job")
        self.start_action = tab_action(self, "&Start work", "Ctrl+G", self.start,
                                       "You are starting on the selected job")
        self.resolve_action = tab_action(self, "Mark &resolved", "Ctrl+D", self.resolve, "The selected job is fixed")
        self.actions_in_order = [self.pick_action, self.start_action, self.resolve_action]
        self.pick_button, self.start_button, self.resolve_button = (
            QPushButton(a.text().replace("&", "")) for a in self.actions_in_order)
        for button, a in zip((self.pick_button, self.start_button, self.resolve_button), self.actions_in_order):
            button.clicked.connect(a.trigger)
        self.available_table.doubleClicked.connect(lambda _: self.pick_action.trigger())

    def _lay_out(self) -> None:
        self.available_box = self._box(self.available_table, [self.pick_button])
        self.my_box = self._box(self.my_table, [self.start_button, self.resolve_button])
        self.lists = QSplitter(Qt.Orientation.Vertical, objectName="technicianListsSplitter")
        self.lists.addWidget(self.available_box)
        self.lists.addWidget(self.my_box)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="technicianJobsSplitter")
        self.splitter.addWidget(self.lists)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([960, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

    @staticmethod
    def _box(table: QTableView, buttons: list[QPushButton]) -> QGroupBox:
        box = QGroupBox()
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch()
        layout = QVBoxLayout(box)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return box

    # --- lists and selection -------------------------------------------------------------------

    def reload(self) -> None:
        """Read both lists again, keeping the selected job selected wherever it now is."""
        selected = self.current()
        for model in (self.available, self.mine):
            model.reload()
        self.available_box.setTitle(f"Available jobs ({self._count(self.available)})")
        self.my_box.setTitle(f"My callbacks ({self._count(self.mine)})")
        if self.banner.callback_id is not None and self.available.row_of(self.banner.callback_id) < 0:
            self.banner.hide()  # picked (here or elsewhere) or withdrawn: no longer news
        if selected is not None and self.select(selected.id):
            return
        first = next((m.row_at(0) for m in (self.mine, self.available) if m.rowCount()), None)
        if first is None or not self.select(first.id):
            self._show_selected(None)

    refresh = reload  # the window's View ▸ Refresh

    @staticmethod
    def _count(model) -> str:
        return f"{model.rowCount()}{'+' if model.canFetchMore() else ''}"

    def select(self, callback_id: int) -> bool:
        """Select the job in whichever list holds it; False when neither does."""
        for table, model in ((self.my_table, self.mine), (self.available_table, self.available)):
            if (row := model.row_of(callback_id)) >= 0:
                table.selectRow(row)
                self._picked_in(table, model.index(row, 0))
                return True
        return False

    def show_job(self, callback_id: int) -> None:
        """Select the job a notification is about, or say that it has left both lists."""
        if not self.select(callback_id):
            self.reload()
            if not self.select(callback_id):
                self.notice.refused("That job is no longer in Available jobs or in My callbacks.")

    def current(self) -> CallbackRow | None:
        for table in (self.available_table, self.my_table):
            if table.currentIndex().isValid():
                return table.model().row_at(table.currentIndex().row())
        return None

    def _picked_in(self, table: QTableView, current: QModelIndex) -> None:
        """One selection across both lists: choosing in one clears the other."""
        if current.isValid():
            other = self.my_table if table is self.available_table else self.available_table
            other.selectionModel().clearSelection()
            other.selectionModel().setCurrentIndex(QModelIndex(), other.selectionModel().SelectionFlag.Clear)
        self._show_selected(self.current())

    def _show_selected(self, row: CallbackRow | None) -> None:
        self.detail.show_callback(row)
        for action, button, name in ((self.pick_action, self.pick_button, "claim_callback"),
                                     (self.start_action, self.start_button, "start_callback"),
                                     (self.resolve_action, self.resolve_button, "resolve_callback")):
            allowed = row is not None and self.can(name, row)
            action.setEnabled(allowed)
            button.setEnabled(allowed)
        # Start work and Mark resolved appear only when the move is allowed; Pick stays put under its list.
        self.start_button.setVisible(self.start_action.isEnabled())
        self.resolve_button.setVisible(self.resolve_action.isEnabled())

    def can(self, action: str, row: CallbackRow) -> bool:
        """What the store would allow: the workflow table and whether the job is this technician's."""
        return (CALLBACK_WORKFLOW.allows(action, row.status)
                and CALLBACK_WORKFLOW[action].permits(self.user.role, row.claimed_by == self.user.id))

    def _job_changed(self, kind: str, entity_id: int) -> None:
        """One callback changed (here, in another tab, or on another PC): move just that row where it belongs
        now, in or out of Available jobs and My callbacks, keeping the selection and scroll of both lists."""
        if kind != "callback":
            return
        try:
            fresh = self.store.callback(entity_id)
        except NotFound:  # deleted
            fresh = None
        except DomainError:
            return  # the database can't be read now; the window says so and re-reads when it is back
        selected = self.current()
        for model in (self.available, self.mine):
            belongs = fresh is not None and bool(matches(model.filter, fresh))
            if model.row_of(entity_id) >= 0:
                model.replace(fresh) if belongs else model.remove(entity_id)
            elif belongs:
                model.insert_sorted(fresh, model.order)
        self.available_box.setTitle(f"Available jobs ({self._count(self.available)})")
        self.my_box.setTitle(f"My callbacks ({self._count(self.mine)})")
        if self.banner.callback_id is not None and self.available.row_of(self.banner.callback_id) < 0:
            self.banner.hide()
        if selected is not None and selected.id == entity_id:
            if not self.select(entity_id):
                self._show_selected(self.current())
        elif self.current() is None and selected is not None:
            self.select(selected.id)
        else:
            self._show_selected(self.current())

    # --- actions -------------------------------------------------------------------------------

    def pick(self) -> None:
        self._move(lambda row: self.store.claim_callback(row.id, self.user.id),
                   "You picked {job}. It is in My callbacks now; press Start work when you begin.")

    def start(self) -> None:
        self._move(lambda row: self.store.start_callback(row.id, self.user.id),
                   "Work on {job} has started. Press Mark resolved when it is fixed.")

    def resolve(self) -> None:
        self._move(lambda row: self.store.resolve_callback(row.id, self.user.id),
                   "{job} is resolved. The front desk closes it with the customer.")

    def _move(self, call, done: str) -> None:
        row = self.current()
        if row is None:
            return
        try:
            call(row)
        except DomainError as error:
            self.reload()  # what was refused may be stale: show the lists as they are now
            self.notice.refused(f"{error.title}. {error.message}")
            return
        self.events.changed.emit("callback", row.id)  # reloads this view too
        self.select(row.id)
        self.notice.done(done.format(job=row.job_number))

    # --- urgent callbacks ----------------------------------------------------------------------

    def _notified(self, notification) -> None:
        if notification.kind != "callback_urgent":
            return
        try:
            row = self.store.callback(notification.entity_id)
        except DomainError:  # deleted in the meantime: nothing left to announce
            return
        self.reload()
        self.banner.announce(row)
        if isinstance(window := self.window(), QMainWindow):
            window.statusBar().showMessage(f"New urgent callback {row.job_number} for {row.customer_name}", 60000)

    def show_urgent(self) -> None:
        self.banner.hide()
        if self.banner.callback_id is not None and not self.select(self.banner.callback_id):
            self.notice.refused("That urgent job has already been picked by someone else.")

    # --- remembered layout ---------------------------------------------------------------------

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("technician_jobs/lists", self.lists.saveState())
        settings.setValue("technician_jobs/splitter", self.splitter.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        if lists := settings.value("technician_jobs/lists"):
            self.lists.restoreState(lists)
        if splitter := settings.value("technician_jobs/splitter"):
            self.splitter.restoreState(splitter)
