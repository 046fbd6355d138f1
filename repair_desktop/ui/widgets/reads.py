"""Reading a screen's figures from the store off the GUI thread, the newest request winning.

A screen hands ``BackgroundReads.start`` a list of ``Read``s: what to fetch
(store calls only, run one after another on a reading thread) and where each
result goes (run on the GUI thread, in the same order, once every fetch of the
list succeeded). Meanwhile the window keeps painting and answering, and shows
the figures it had. On a 1,000,000-appointment database the Workload tab's reads
take a tenth of a second or more, and a server across the network adds a round
trip per statement: on the GUI thread that froze the window on every change.

Requests made while a list is being read are folded into one: the running list
finishes, then the newest request runs. The running list's results are still
shown when the newest request asks for the same thing (``key``), since they are
newer than what is on screen; they are dropped when it asks for something else
(another period), so a slow answer to an old question never replaces a newer one.
A ``DomainError`` leaves the screen as it was and arrives as ``failed(message)``;
any other error is raised on the GUI thread, where the bug handler sees it.

The reading thread never touches Qt: it only fills a ``Future``, and the GUI
thread looks at that future on a short timer while a read runs. Emitting a
signal from a Python thread to be delivered queued on the GUI thread crashed the
test suite now and then (a segmentation fault inside the event loop, once in
about two full runs, always while a read was in flight); with no Qt object
crossing threads there is nothing left to race.
"""

from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal

from ...domain.errors import DomainError


class Read(NamedTuple):
    fetch: Callable[[], Any]  # on the reading thread: store calls, no widgets
    show: Callable[[Any], None]  # on the GUI thread, with what ``fetch`` returned


class _Request(NamedTuple):
    number: int
    key: Hashable
    reads: list[Read]


class BackgroundReads(QObject):
    #: A list's results were shown (or dropped as stale; ``busy()`` tells whether more is coming).
    shown = Signal()
    #: A read was refused (the server can't be reached, ...): the store's message; the screen keeps what it had.
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-reads")
        # When the screen goes, its reading thread goes too, after the read it is in: left running, it outlived
        # its window (one idle thread per closed tab) and could still be inside the store as the store closed.
        self.destroyed.connect(lambda: executor.shutdown(wait=True))
        # How often the GUI thread looks whether the running read is done: short enough to add nothing anyone
        # sees, and the timer runs only while a read does.
        self._watch = QTimer(self, interval=5)
        self._watch.timeout.connect(self._look)
        self._future: Future | None = None
        self._numbers = 0
        self._running: _Request | None = None
        self._waiting: _Request | None = None

    def start(self, reads: list[Read], key: Hashable = None) -> None:
        """Read ``reads`` in the background, or after the list being read now (only the newest request waits)."""
        self._numbers += 1
        request = _Request(self._numbers, key, list(reads))
        if self._running is None:
            self._launch(request)
        else:
            self._waiting = request

    def busy(self) -> bool:
        """Whether a list is being read or waits to be."""
        return self._running is not None

    def _launch(self, request: _Request) -> None:
        self._running = request
        self._future = self._executor.submit(_fetch_all, request.reads)
        self._watch.start()

    def _look(self) -> None:
        """On the GUI thread: when the running read is done, hand its results on."""
        future, request = self._future, self._running
        if future is None or request is None or not future.done():
            return
        self._watch.stop()
        self._future = None
        results, error = future.result()
        self._arrived(request, results, error)

    def _arrived(self, request: _Request, results: list | None, error: BaseException | None) -> None:
        waiting, self._running, self._waiting = self._waiting, None, None
        stale = waiting is not None and waiting.key != request.key
        if waiting is not None:
            self._launch(waiting)
        if stale:
            self.shown.emit()
            return
        if isinstance(error, DomainError):
            self.failed.emit(error.message)
            return
        if error is not None:
            raise error
        assert results is not None
        for read, result in zip(request.reads, results):
            read.show(result)
        self.shown.emit()


def _fetch_all(reads: list[Read]) -> tuple[list | None, BaseException | None]:
    """On the reading thread: every fetch in order; the results, or the first error, for the GUI thread."""
    try:
        return [read.fetch() for read in reads], None
    except Exception as caught:  # noqa: BLE001 - handed to the GUI thread, which decides what to show
        return None, caught
