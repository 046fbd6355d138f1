"""A table model that reads pages of rows from the store as the view scrolls.

It never loads a whole table: the view asks ``canFetchMore``/``fetchMore`` when
the user nears the bottom, and each call fetches one keyset page after the last
row held. Sorting and filtering are new queries, not work on rows in memory.
The model holds plain frozen rows, never a session.

Memory stays bounded however far the user scrolls: only the ``KEEP_PAGES``
pages used most recently keep their rows. An older page keeps just the keyset
cursor it was read after (a few bytes) and its rows become ``None``; when the
view shows one of them again the page is read again after that cursor, one
indexed query. Scrolling through a million appointments holds a list of a
million references, not a million rows (at a million rows: about 2 GB when every row was kept, a few MB now).
"""

import bisect
from collections import OrderedDict

from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ...domain.errors import DomainError
from ...store import Page
from .background import busy_cursor
from .badges import BADGE_ROLE
from .long_text import cell_text, tooltip

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: Role under which every cell gives its whole row object.
ROW_ROLE = Qt.ItemDataRole.UserRole
#: The roles ``data`` answers, as plain ints: the view asks every cell it paints for seven roles, and checking an
#: int against a set is what keeps a page's paint from spending its time in Python.
_ANSWERED_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                             BADGE_ROLE, ROW_ROLE))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
#: Pages whose rows stay in memory (least recently used ones are dropped, and read again when shown).
KEEP_PAGES = 30


class Column(NamedTuple):
    title: str
    text: Callable[[Any], str]
    sort_key: str | None = None  # the store's sort key; None: not sortable
    badge: Callable[[Any], str] | None = None  # colour key for BadgeDelegate


class ColumnsModel(QAbstractTableModel):
    """A flat list of ``_rows`` shown through ``COLUMNS``: the counting and headers every table model shares."""

    COLUMNS: tuple[Column, ...] = ()
    _rows: list

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section].title
        return None

    def badge_columns(self) -> list[int]:
        """The columns a ``BadgeDelegate`` paints."""
        return [i for i, c in enumerate(self.COLUMNS) if c.badge is not None]


class PagedTableModel(ColumnsModel, Generic[R]):
    #: Emitted with the store's message when a page can't be read (the rows held stay).
    load_failed = Signal(str)

    def __init__(self, fetch: Callable[[str, bool, tuple | None], Page[R]], sort_key: str, parent=None) -> None:
        super().__init__(parent)
        self._fetch = fetch  # (sort key, descending, cursor) -> Page
        self._rows: list[R | None] = []  # None: a row of a page dropped from memory, read again when shown
        self._starts: list[int] = []  # first row of each page, ascending
        self._after: dict[int, tuple | None] = {}  # first row of a page -> the cursor it is read after
        self._held: OrderedDict[int, None] = OrderedDict()  # pages holding rows, least recently used first
        self._cursor: tuple | None = None
        self._more = True
        self._changing = False  # rows are changing and listeners are being told: no nested change
        self._sort_key, self._descending = sort_key, False
        self.rowsInserted.connect(self._rows_inserted)  # also rows put in one by one (live refresh)
        self.rowsRemoved.connect(self._rows_removed)

    # --- paging --------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._changing

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or not self._more or self._changing:  # asked from a slot of our own change: later
            return
        try:
            page = self._read(self._cursor)
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
                self._starts.append(first)
                self._after[first] = self._cursor
                self._hold(first)
            self._cursor, self._more = page.next_cursor, page.next_cursor is not None
        finally:
            self._changing = False

    def reload(self) -> None:
        """Start again from the first page (after a filter, sort or search change)."""
        self._changing = True
        try:
            self.beginResetModel()
            self._rows, self._cursor, self._more = [], None, True
            self._starts, self._after, self._held = [], {}, OrderedDict()
            self.endResetModel()
        finally:
            self._changing = False
        self.fetchMore()

    def show_first_page(self, page: Page[R]) -> None:
        """Replace every row with ``page``, the first page of a new query read elsewhere, in one reset."""
        self._changing = True
        try:
            self.beginResetModel()
            self._rows, self._starts, self._after, self._held = list(page.rows), [], {}, OrderedDict()
            if page.rows:
                self._starts.append(0)
                self._after[0] = None
                self._hold(0)
            self._cursor, self._more = page.next_cursor, page.next_cursor is not None
            self.endResetModel()
        finally:
            self._changing = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A new query in the column's order; the order already shown reads nothing."""
        key, descending = self.COLUMNS[column].sort_key, order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        self.reload()

    @property
    def sort_state(self) -> tuple[str, bool]:
        """``(store sort key, descending)`` as the rows are shown: exports keep the same order."""
        return self._sort_key, self._descending

    def sort_column(self) -> int:
        return next((i for i, c in enumerate(self.COLUMNS) if c.sort_key == self._sort_key), 0)

    # --- rows ----------------------------------------------------------------------------------

    def row_at(self, row: int) -> R | None:
        return self._row(row) if 0 <= row < len(self._rows) else None

    def row_of(self, entity_id: int) -> int:
        """The table row holding ``entity_id`` among the rows in memory, or -1."""
        return next((i for i, r in enumerate(self._rows)
                     if r is not None and r.id == entity_id), -1)  # type: ignore[attr-defined]

    def _read(self, after: tuple | None) -> Page[R]:
        """One page after ``after`` in the current order; the GUI thread waits for it, under a busy cursor."""
        with busy_cursor():
            return self._fetch(self._sort_key, self._descending, after)

    # --- the bounded window of pages -----------------------------------------------------------

    def _page_range(self, row: int) -> tuple[int, int]:
        """``(first, end)`` rows of the page holding ``row``."""
        n = bisect.bisect_right(self._starts, row) - 1
        first = self._starts[n] if n >= 0 else 0
        end = self._starts[n + 1] if n + 1 < len(self._starts) else len(self._rows)
        return first, end

    def _hold(self, first: int) -> None:
        """Mark the page starting at ``first`` as just used; drop the rows of the least recently used beyond
        ``KEEP_PAGES``."""
        self._held[first] = None
        self._held.move_to_end(first)
        while len(self._held) > KEEP_PAGES:
            old, _ = self._held.popitem(last=False)
            start, end = self._page_range(old)
            self._rows[start:end] = [None] * (end - start)

    def _row(self, row: int) -> R | None:
        """The row, reading its page again when it was dropped from memory."""
        value = self._rows[row]
        if value is not None:
            return value
        first, end = self._page_range(row)
        if first in self._held:
            return None  # read again already and the row is gone (deleted meanwhile): shown empty until reload
        self._hold(first)
        after, at = self._after.get(first), first
        try:
            while at < end:
                page = self._read(after)
                for fresh in page.rows[:end - at]:
                    self._rows[at] = fresh
                    at += 1
                if page.next_cursor is None:
                    break
                after = page.next_cursor
        except DomainError:
            pass  # the page stays empty until it is dropped and read again, or the list is reloaded
        return self._rows[row]

    def _rows_inserted(self, parent: Index, first: int, last: int) -> None:
        """Rows put in above a page move its start down (a page appended by ``fetchMore`` is added after)."""
        count = last - first + 1
        if first < len(self._rows) - count:
            self._move_starts(lambda start: start + count if start > first else start)

    def _rows_removed(self, parent: Index, first: int, last: int) -> None:
        count = last - first + 1
        self._move_starts(lambda start: start - count if start > last else min(start, first))

    def _move_starts(self, move: Callable[[int], int]) -> None:
        after, held = {}, OrderedDict()
        for start in self._starts:
            moved = move(start)
            if moved < len(self._rows) and moved not in after:
                after[moved] = self._after[start]
        for start in self._held:
            if (moved := move(start)) in after:
                held[moved] = None
        self._starts, self._after, self._held = sorted(after), after, held

    def replace(self, fresh: R) -> None:
        """Show a changed row in place, keeping position and selection."""
        row = self.row_of(fresh.id)  # type: ignore[attr-defined]
        if row >= 0:
            self._rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def remove(self, entity_id: int) -> None:
        """Take one row out (it no longer belongs in this list); the rows around it keep their place."""
        row = self.row_of(entity_id)
        if row >= 0 and not self._changing:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def insert_sorted(self, fresh: R, key: Callable[[R], Any]) -> bool:
        """Show a row that now belongs in the list at its place in ``key`` order (the order the rows are held
        in). A row that would land after the last loaded one, with pages still to come, is left to the page
        that holds it. True when inserted."""
        if self.row_of(fresh.id) >= 0 or self._changing:  # type: ignore[attr-defined]
            return False
        wanted = key(fresh)
        row = next((i for i, r in enumerate(self._rows) if r is not None and key(r) > wanted), len(self._rows))
        if row == len(self._rows) and self._more:
            return False
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, fresh)
        self.endInsertRows()
        return True

    # --- QAbstractTableModel -------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES:  # a painted cell is asked 7 roles, most of which we leave to the style
            return None
        row_number, column_number = index.row(), index.column()
        if not 0 <= row_number < len(self._rows) or not 0 <= column_number < len(self.COLUMNS):
            return None
        row, column = self._row(row_number), self.COLUMNS[column_number]
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == BADGE_ROLE:
            return column.badge(row) if column.badge is not None else None
        text = column.text(row)  # whole, for exports; a cell shows one bounded line, its tooltip the rest
        return cell_text(text) if role == _DISPLAY else tooltip(text)


class FilteredTableModel(PagedTableModel[R]):
    """The rows of one store listing under a filter the tab sets: ``list_page(filter, sort=, descending=,
    after=)``, the same call an export pages through."""

    def __init__(self, list_page: Callable[..., Page[R]], filter: Any, sort_key: str, parent=None) -> None:
        self.filter, self.list_page = filter, list_page
        super().__init__(lambda key, desc, after: list_page(self.filter, sort=key, descending=desc, after=after),
                         sort_key, parent)

    def set_filter(self, new: Any) -> None:
        if new != self.filter:
            self.filter = new
            self.reload()
