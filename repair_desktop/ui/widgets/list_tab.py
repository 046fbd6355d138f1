"""One paged list tab: a searched and filtered table of jobs, the selected job's detail beside it, the workflow's
actions on it, and live updates as jobs change here or on other PCs.

The Appointments and Callbacks tabs are this base with their own filters,
columns, detail panel and actions. Keeping the list true lives here once:
the selection across sorts and refreshes, a changed job shown in place, a job
gone from the store taken out, a new one inserted where it belongs, and a
refusal or an unreadable database said in the notice above the list.
"""

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSplitter, QTableView, QVBoxLayout, QWidget

from ...domain.errors import DomainError, NotFound
from ...domain.statuses import Role
from ...domain.transitions import WorkflowTable
from ...store import Store
from .actions import tab_action
from .badges import BadgeDelegate
from .csv_export import export_list
from .errors import attempt
from .events import JobEvents
from .notice import Notice
from .background_list import BackgroundListModel
from .tables import RememberedLayout, row_table

#: What the detail panel shows before anything was shown, and after a refresh: nothing it could be asked to show.
_UNSHOWN = object()


class SignedIn(Protocol):
    """Who uses the tab: what the workflow's permissions look at (read-only, as the store's frozen rows are)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> Role: ...


class ListTab(RememberedLayout, QWidget):
    """Subclasses name what differs (class attributes and the hooks below); ``__init__`` builds the rest."""

    #: The job kind the list holds, as ``JobEvents.changed`` names it.
    kind: str
    workflow: WorkflowTable
    #: The store's sort key of the list's own order: a job new to the list is inserted in place only in it.
    default_sort: str
    search_hint: str
    #: The search field's accessible name, also the Find action's tip.
    search_name: str
    export_text: str
    #: How the table and the detail panel share the tab: orientation, stretch factors, starting sizes.
    split: tuple[Qt.Orientation, tuple[int, int], list[int]]
    model: BackgroundListModel
    table: QTableView
    actions_in_order: list[QAction]

    def __init__(self, store: Store, user: SignedIn, events: JobEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.user, self.events = store, user, events
        self.search = QLineEdit(objectName="search", clearButtonEnabled=True, placeholderText=self.search_hint)
        self.search.setAccessibleName(self.search_name)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._debounce.start)
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search, 1)
        self.build_filters()
        self.model = self.make_model()
        # A new first page replaces the rows and the selection with them: the job selected is picked again after.
        self._kept: int | None = None
        self._pick_first = False  # a filter or search changed: with the job selected gone, the first row is picked
        self._detail_of: Any = _UNSHOWN  # the row the detail panel shows, read again only for another row
        self.model.modelAboutToBeReset.connect(lambda: setattr(self, "_kept", getattr(self.current(), "id", None)))
        self.table = self._build_table()
        self.detail = self.make_detail()
        self.build_actions()
        self.export_action = tab_action(self, self.export_text, "Ctrl+E", self.export_csv,
                                        "Save the list as shown to CSV")
        self.find_action = tab_action(self, "&Find", "Ctrl+F", self.search.setFocus, self.search_name)
        self.notice = Notice(f"{self.layout_key}Notice")
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.notice)
        layout.addWidget(self._build_splitter(), 1)
        self.model.load_failed.connect(self.notice.refused)
        self.model.page_shown.connect(self._page_shown)
        self.model.loading_changed.connect(self._show_loading)
        events.changed.connect(self._job_changed)
        self.refresh()

    # --- what each tab gives -------------------------------------------------------------------

    def build_filters(self) -> None:
        """Add the tab's own filter widgets to ``self.filters`` (the search field is already there)."""
        raise NotImplementedError

    def make_model(self) -> BackgroundListModel:
        """The list's model, already on ``current_filter()``."""
        raise NotImplementedError

    def set_up_table(self, table: QTableView) -> None:
        """Column widths, the sort indicator (set before sorting is switched on) and what a double click does."""
        raise NotImplementedError

    def make_detail(self) -> QWidget:
        raise NotImplementedError

    def build_actions(self) -> None:
        """The tab's actions (``tab_action``) and ``actions_in_order`` for the toolbar and the Jobs menu."""
        raise NotImplementedError

    def current_filter(self) -> Any:
        raise NotImplementedError

    def guarded_actions(self) -> tuple[tuple[QAction, str], ...]:
        """``(action, workflow action)`` pairs: each is enabled when the store would allow it on the selection."""
        raise NotImplementedError

    def is_own(self, row: Any) -> bool:
        """Whether the signed-in person holds the job (the workflow lets owners do more)."""
        raise NotImplementedError

    def show_detail(self, row: Any | None) -> None:
        raise NotImplementedError

    def fetch(self, entity_id: int) -> Any:
        """One job as the store has it now."""
        raise NotImplementedError

    def passes(self, filter: Any, row: Any) -> bool:
        """Whether ``row`` belongs in the list under ``filter`` (its text search aside)."""
        raise NotImplementedError

    def list_order(self, row: Any) -> Any:
        """The sort key of the list's own order, for a job inserted in place."""
        raise NotImplementedError

    def filter_combos(self) -> list[QComboBox]:
        """The filter choices, each with "all" as its first."""
        raise NotImplementedError

    def find_words(self, row: Any) -> str:
        """What typed in the search field finds the job (with its neighbours at most)."""
        raise NotImplementedError

    # --- building ------------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = row_table(self.model, f"{self.layout_key}Table", self.layout_key.capitalize())
        for column in self.model.badge_columns():
            table.setItemDelegateForColumn(column, BadgeDelegate(table))
        table.horizontalHeader().setStretchLastSection(True)
        self.set_up_table(table)
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._selection_changed)
        return table

    def _build_splitter(self) -> QSplitter:
        orientation, stretch, sizes = self.split
        self.splitter = QSplitter(orientation, objectName=f"{self.layout_key}Splitter")
        for index, widget in enumerate((self.table, self.detail)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(index, stretch[index])
        self.splitter.setSizes(sizes)
        return self.splitter

    # --- filters and selection -----------------------------------------------------------------

    def apply_filters(self) -> None:
        """Ask for the list under the filters as set; its first page is read off the GUI thread, the rows shown
        staying until it arrives (``_page_shown``)."""
        self.notice.clear()
        self._pick_first = True
        self.model.set_filter(self.current_filter())
        if not self.model.loading():  # the list already answers these filters
            self._settle_selection(None)

    def _page_shown(self) -> None:
        kept, self._kept = self._kept, None
        self._settle_selection(kept)

    def _settle_selection(self, kept: int | None) -> None:
        """After new rows: the job selected before stays selected while listed; after a filter change, with it
        gone, the first row is (after a sort, nothing is, so no key acts on a job the person did not pick)."""
        if not (kept is not None and self.select(kept)) and self._pick_first and self.current() is None \
                and self.model.rowCount():
            self.table.selectRow(0)
        self._pick_first = False
        self._selection_changed()

    def _show_loading(self, loading: bool) -> None:
        """The busy pointer over the list while its new rows are read: the window still takes typing and clicks."""
        if loading:
            self.table.viewport().setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.table.viewport().unsetCursor()

    def refresh(self) -> None:
        """Read the list again, keeping the selected job selected while it is listed; with nothing selected
        before, the first row is. A job that left the list leaves nothing selected, so no key acts on a job the
        person did not pick."""
        selected = self.current()
        self.notice.clear()
        self._detail_of = _UNSHOWN  # the detail panel is read again too
        self.model.reload()
        if selected is not None:
            self.select(selected.id)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self._selection_changed()

    def current(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, entity_id: int) -> bool:
        """Select the job if it is listed; False when it is not."""
        row = self.model.row_of(entity_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def show_job(self, entity_id: int) -> None:
        """Select the job a notification is about. When the filters hide it, each goes back to "all" and the
        search field holds what finds it, then the list is read once."""
        if not self.select(entity_id):
            try:
                words = self.find_words(self.fetch(entity_id))
            except DomainError as error:
                self.notice.refused(error.message)
                return
            for combo in self.filter_combos():
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.search.blockSignals(True)
            self.search.setText(words)
            self.search.blockSignals(False)
            self.notice.clear()
            self.model.show_now(self.current_filter())
            self.select(entity_id)
        self._selection_changed()

    def _selection_changed(self, *_) -> None:
        row = self.current()
        if row != self._detail_of:  # the same job unchanged: its panel is on screen already (no round trips)
            self._detail_of = row
            self.show_detail(row)
        for action, name in self.guarded_actions():
            action.setEnabled(row is not None and self.can(name, row))

    def can(self, action: str, row: Any) -> bool:
        """What the store would allow: the workflow table and the signed-in person's role."""
        return self.workflow.allows(action, row.status) and self.workflow[action].permits(self.user.role,
                                                                                           self.is_own(row))

    # --- live updates --------------------------------------------------------------------------

    def _changed(self, entity_id: int) -> None:
        """After a change made here: show it in place and tell the other tabs."""
        self._job_changed(self.kind, entity_id)
        self.events.changed.emit(self.kind, entity_id)

    def _added(self, entity_id: int) -> None:
        """After a job was created here: the list read again with it selected, and the other tabs told."""
        self.model.reload()
        self.select(entity_id)
        self._selection_changed()
        self.events.changed.emit(self.kind, entity_id)

    def _job_changed(self, kind: str, entity_id: int) -> None:
        """Show the fresh state of one job in place, keeping the person's place in the list; a job the store no
        longer has is taken out. A failed read is said in the notice, never in a dialog: it may be another PC's
        change arriving while the database is out of reach."""
        if kind != self.kind:
            return
        if self.model.loading():  # the page on its way may predate the change: it is read again instead
            self.model.read_again()
            return
        if self.model.row_of(entity_id) < 0:  # not listed: a new job (maybe from another PC) may belong here
            self._maybe_insert(entity_id)
            return
        try:
            fresh = self.fetch(entity_id)
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

    def _maybe_insert(self, entity_id: int) -> None:
        """Show a job that is not listed yet at its place, when it passes the filters and the list is in its own
        order with no search (anything else is left to the next refresh)."""
        if self.model.sort_state != (self.default_sort, False) or self.model.filter.text:
            return
        try:
            fresh = self.fetch(entity_id)
        except DomainError:
            return
        if self.passes(self.model.filter, fresh) and self.model.insert_sorted(fresh, self.list_order) \
                and self.current() is None:
            self.select(fresh.id)

    # --- actions -------------------------------------------------------------------------------

    def _with_dialog(self, make_dialog: Callable[..., Any]) -> None:
        """Open ``make_dialog(parent, store, row, actor)`` on the selected job; once it is done, show the job."""
        row = self.current()
        if row is not None and make_dialog(self, self.store, row, self.user.id).exec():
            self._changed(row.id)

    def _move(self, call: Callable[[Any], Any]) -> None:
        """One workflow move on the selected job; a refusal gets its message box."""
        row = self.current()
        if row is None:
            return
        attempt(self, lambda: call(row))
        self._changed(row.id)  # refused or not, show the job as the store now has it

    def export_csv(self) -> None:
        export_list(self, self.layout_key, self.model)
