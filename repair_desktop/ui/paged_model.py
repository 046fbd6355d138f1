"""A table model that reads pages of rows from the store as the view scrolls.

It never loads a whole table: the view asks ``canFetchMore``/``fetchMore`` when
the user nears the bottom, and each call fetches one keyset page after the last
row held. Sorting and filtering are new queries, not work on rows in memory.
The model holds plain frozen rows, never a session.
"""

from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ..domain.errors import DomainError
from ..store import Page
from .badges import BADGE_ROLE

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: Role under which every cell gives its whole row object.
ROW_ROLE = Qt.ItemDataRole.UserRole


class Column(NamedTuple):
    title: str
    text: Callable[[Any], str]
    sort_key: str | None = None  # the store's sort key; None: not sortable
    badge: Callable[[Any], str] | None = None  # colour key for BadgeDelegate


class PagedTableModel(QAbstractTableModel, Generic[R]):
    COLUMNS: tuple[Column, ...] = ()
    #: Emitted with the store's message when a page can't be read (the rows held stay).
    load_failed = Signal(str)

    def __init__(self, fetch: Callable[[str, bool, tuple | None], Page[R]], sort_key: str, parent=None) -> None:
        super().__init__(parent)
        self._fetch = fetch  # (sort key, descending, cursor) -> Page
        self._rows: list[R] = []
        self._cursor: tuple | None = None
        self._more = True
        self._changing = False  # rows are changing and listeners are being told: no nested change
        self._sort_key, self._descending = sort_key, False

    # --- paging --------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._changing

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or not self._more or self._changing:  # asked from a slot of our own change: later
            return
        try:
            page = self._fetch(self._sort_key, self._descending, self._cursor)
        except DomainError as error:
            self._more = False  # stop the view asking again; reload() tries afresh
            self.load_failed.emit(error.message)
            return
        self._changing = True
        try:
            if page.rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                self._rows.extend(page.rows)
                self.endInsertRows()
            self._cursor, self._more = page.next_cursor, page.next_cursor is not None
        finally:
            self._changing = False

    def reload(self) -> None:
        """Start again from the first page (after a filter, sort or search change)."""
        self._changing = True
        try:
            self.beginResetModel()
            self._rows, self._cursor, self._more = [], None, True
            self.endResetModel()
        finally:
            self._changing = False
        self.fetchMore()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column].sort_key
        if key is None:
            return
        self._sort_key, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self.reload()

    @property
    def sort_state(self) -> tuple[str, bool]:
        """``(store sort key, descending)`` as the rows are shown: exports keep the same order."""
        return self._sort_key, self._descending

    def sort_column(self) -> int:
        return next((i for i, c in enumerate(self.COLUMNS) if c.sort_key == self._sort_key), 0)

    # --- rows ----------------------------------------------------------------------------------

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entity_id: int) -> int:
        """The table row holding ``entity_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == entity_id), -1)  # type: ignore[attr-defined]

    def replace(self, fresh: R) -> None:
        """Show a changed row in place, keeping position and selection."""
        row = self.row_of(fresh.id)  # type: ignore[attr-defined]
        if row >= 0:
            self._rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.COLUMNS):
            return None
        row, column = self._rows[index.row()], self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == BADGE_ROLE and column.badge is not None:
            return column.badge(row)
        if role == ROW_ROLE:
            return row
        return None
