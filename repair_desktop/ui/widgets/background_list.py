"""A searched and filtered list whose first page, after a keystroke, a filter choice or a header click, is read off
the GUI thread.

Through a server 2 ms away each way a first page costs one or two round trips
plus the query itself; at a million appointments a search's first page takes
tens of milliseconds, more on a busy server. Read on the GUI thread, each
keystroke froze the search box for that long. Here the page is read on a
reading thread (``BackgroundReads``) while the rows already shown stay, with
their filter, order and paging, until the new page replaces them in one reset.
The list keeps asking for the newest question only: typing ahead of the server
drops the answers to the letters typed meanwhile.

``filter`` and ``sort_state`` say what the rows on screen were read for (the tab's
live updates check a changed job against them), not the newest question asked.
A page read on the GUI thread (``reload``, ``show_now``: the tab's refresh, a job
just booked, a notification's job) answers the newest question at once, and an
answer still on its way is then dropped.
"""

from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, Qt, Signal

from ...store import Page
from .paged_model import FilteredTableModel, Index, R
from .reads import BackgroundReads, Read


class Question(NamedTuple):
    """What a first page is read for."""

    filter: Any
    sort_key: str
    descending: bool


class BackgroundListModel(FilteredTableModel[R]):
    #: A first page read on the reading thread replaced the rows (the selection went with the old rows).
    page_shown = Signal()
    #: True while a first page is being read in the background, False once it is shown or dropped.
    loading_changed = Signal(bool)

    def __init__(self, list_page, filter: Any, sort_key: str, parent=None) -> None:
        super().__init__(list_page, filter, sort_key, parent)
        self._reads = BackgroundReads(self)
        self._reads.failed.connect(self._refused)
        self._reads.shown.connect(self._settled)
        self._asked = Question(filter, sort_key, False)
        self._generation = 0  # a page read on the GUI thread makes answers to earlier questions stale
        self._loading = False

    def loading(self) -> bool:
        """Whether a first page is on its way (the rows shown answer an older question)."""
        return self._loading

    # --- questions -----------------------------------------------------------------------------

    def set_filter(self, new: Any) -> None:
        self._ask(self._asked._replace(filter=new))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A new query in the column's order, read in the background; the order already asked reads nothing."""
        key = self.COLUMNS[column].sort_key
        if key is not None:
            self._ask(self._asked._replace(sort_key=key, descending=order == Qt.SortOrder.DescendingOrder))

    def reload(self) -> None:
        """The newest question's first page, read now on the GUI thread; an answer on its way is dropped."""
        self._generation += 1
        self.filter, self._sort_key, self._descending = self._asked
        self._set_loading(False)
        super().reload()

    def show_now(self, new: Any) -> None:
        """Rows for filter ``new``, read now on the GUI thread (the caller selects among them at once)."""
        self._asked = self._asked._replace(filter=new)
        self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        """No next page of the old rows while the new question's first page is on its way."""
        return not self._loading and super().canFetchMore(parent)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self._loading:
            super().fetchMore(parent)

    def read_again(self) -> None:
        """A job changed while a first page is on its way, which may have been read before the change: that page
        is dropped and the question read again."""
        if self._loading:
            self._ask(self._asked, again=True)

    def _ask(self, question: Question, again: bool = False) -> None:
        if question == self._asked and not again:
            return
        self._asked = question
        self._generation += 1
        generation, list_page = self._generation, self.list_page
        self._set_loading(True)
        self._reads.start([Read(lambda: list_page(question.filter, sort=question.sort_key,
                                                  descending=question.descending, after=None),
                                lambda page: self._show(generation, question, page))], key=generation)

    # --- answers -------------------------------------------------------------------------------

    def _show(self, generation: int, question: Question, page: Page[R]) -> None:
        if generation != self._generation:
            return  # a page read since on the GUI thread answers a newer question
        self.filter, self._sort_key, self._descending = question
        self._set_loading(False)  # before the reset, so the view may ask for the next page as it lays the rows out
        self.show_first_page(page)
        self.page_shown.emit()

    def _settled(self) -> None:
        """A page was shown or dropped: still loading while a newer question is being read."""
        self._set_loading(self._reads.busy())

    def _refused(self, message: str) -> None:
        """The page could not be read: the old rows stay, and unless a newer question is being read, they answer
        the newest question again (asking the same once more reads it)."""
        if not self._reads.busy():
            self._asked = Question(self.filter, self._sort_key, self._descending)
        self._set_loading(self._reads.busy())
        self.load_failed.emit(message)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)
