"""Live refresh: follow the store's change feed off the GUI thread and tell the tabs what another PC changed.

A worker in its own QThread follows ``store.change_rows_since``: on PostgreSQL it
LISTENs and reads the feed the moment a notification arrives (and every couple
of seconds anyway, so a lost notification or a dead listener costs at most
that); on SQLite it reads the feed every ``POLL_SECONDS``. Each change made by
another store (another PC, or another window) reaches the GUI thread through a
queued signal and is re-emitted as ``JobEvents.changed(kind, id)``, which the
tabs answer by refreshing just that row.

The same loop notices when the database can't be reached: ``unreachable``
fires once with the reason, the loop keeps probing, and ``reachable`` fires
when it answers again (the window then clears its status bar and re-reads its
lists). Nothing here ever blocks the GUI thread.
"""

import threading
import time

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...domain.errors import DomainError
from ...store import Store
from ..widgets.collector import collect_on_gui_thread
from ..widgets.events import JobEvents

#: How often SQLite's feed is read; also how often a lost server is probed.
POLL_SECONDS = 0.5
#: On PostgreSQL, how often the feed is read even without a notification.
LISTEN_FALLBACK_SECONDS = 2.0
#: A gap in the change ids (a transaction that took an id but hasn't committed yet) is waited for this long
#: before it is taken for a rolled-back one.
GAP_PATIENCE_SECONDS = 10.0


class _Follower(QObject):
    """Runs in the watcher's thread; talks to the GUI only through its signals."""

    changes = Signal(list)  # [(kind, id), …]
    unreachable = Signal(str)
    reachable = Signal()

    def __init__(self, store: Store, start_id: int | None, include_own: bool) -> None:
        super().__init__()
        self.store, self.include_own = store, include_own
        self.stop_event = threading.Event()
        self.cursor = start_id
        self.ahead: set[int] = set()  # change ids above the cursor already passed on (there is a gap below them)
        self.gaps: dict[int, float] = {}  # missing id -> when first missed
        self.down = False

    @Slot()
    def run(self) -> None:
        listener = None
        next_read = 0.0
        next_listen_try = 0.0
        try:
            while not self.stop_event.is_set():
                if self.store.dialect == "postgresql" and listener is None and not self.down \
                        and time.monotonic() >= next_listen_try:
                    try:
                        listener = self.store.listen(timeout=0.25)
                        next(listener)  # connects and LISTENs; yields at the first quiet moment
                    except (DomainError, StopIteration):
                        listener, next_listen_try = None, time.monotonic() + LISTEN_FALLBACK_SECONDS
                    next_read = 0.0  # read what happened before the LISTEN started
                if listener is not None:
                    try:
                        woke = next(listener) is not None
                    except (DomainError, StopIteration):
                        listener, woke = None, True  # connection gone: read now, which tells us if it's down
                    if woke or time.monotonic() >= next_read:
                        self._read()
                        next_read = time.monotonic() + LISTEN_FALLBACK_SECONDS
                else:
                    self._read()
                    self.stop_event.wait(POLL_SECONDS)
        finally:
            if listener is not None:
                listener.close()

    def stop(self) -> None:
        self.stop_event.set()

    def _read(self) -> None:
        try:
            if self.cursor is None:
                self.cursor = self.store.latest_change_id()
                rows = []
            else:
                rows = self.store.change_rows_since(self.cursor)
                while len(rows) and len(rows) % 1000 == 0:  # a long outage: read the rest too
                    more = self.store.change_rows_since(rows[-1][0])
                    if not more:
                        break
                    rows += more
        except DomainError as error:
            if not self.down:
                self.down = True
                self.unreachable.emit(error.message)
            return
        except Exception as error:  # noqa: BLE001 - never let the follower thread die on a surprise
            if not self.down:
                self.down = True
                self.unreachable.emit(str(error))
            return
        if self.down:
            self.down = False
            self.reachable.emit()
        self._pass_on(rows)

    def _pass_on(self, rows: list[tuple[int, str, int, str | None]]) -> None:
        """Emit the new changes and move the cursor over every id that can no longer turn up."""
        now = time.monotonic()
        fresh = []
        for change_id, kind, entity_id, origin in rows:
            if change_id in self.ahead:
                continue
            self.ahead.add(change_id)
            if self.include_own or origin != self.store.origin:
                fresh.append((kind, entity_id))
        present = self.ahead
        highest = max(present, default=self.cursor)
        for missing in range(self.cursor + 1, highest):
            if missing not in present:
                self.gaps.setdefault(missing, now)
        while self.cursor < highest:  # advance over what arrived, and over gaps waited for long enough
            following = self.cursor + 1
            if following in present:
                present.discard(following)
            elif now - self.gaps.get(following, now) < GAP_PATIENCE_SECONDS:
                break
            self.gaps.pop(following, None)
            self.cursor = following
        if len(self.gaps) > 10_000:  # a burst of rollbacks: give up waiting for the oldest
            self.gaps.clear()
        if fresh:
            self.changes.emit(list(dict.fromkeys(fresh)))


class ChangeWatcher(QObject):
    """Follows the store's change feed in a background thread and re-emits changes on ``events.changed``."""

    #: The database stopped answering (with the reason) / answers again.
    unreachable = Signal(str)
    reachable = Signal()

    def __init__(self, store: Store, events: JobEvents, parent: QObject | None = None, *,
                 include_own: bool = False) -> None:
        super().__init__(parent)
        collect_on_gui_thread()
        self.store, self.events = store, events
        self._thread = QThread(self)
        self._thread.setObjectName("changeWatcher")
        self._follower = _Follower(store, None, include_own)
        self._follower.moveToThread(self._thread)
        self._thread.started.connect(self._follower.run)
        self._follower.changes.connect(self._deliver)  # queued: the follower lives in the other thread
        self._follower.unreachable.connect(self.unreachable)
        self._follower.reachable.connect(self.reachable)
        self.is_down = False
        self.unreachable.connect(lambda _: setattr(self, "is_down", True))
        self.reachable.connect(lambda: setattr(self, "is_down", False))

    def start(self) -> None:
        if not self._thread.isRunning():
            if self._follower.cursor is None:  # from now on: what happened before the window opened is shown
                try:
                    self._follower.cursor = self.store.latest_change_id()
                except DomainError:
                    pass  # the follower starts from the newest change once the database answers
            self._follower.stop_event.clear()
            self._thread.start()

    def stop(self) -> None:
        """Stop following and wait for the thread to end (a fraction of a second)."""
        self._follower.stop()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    @Slot(list)
    def _deliver(self, changes: list) -> None:
        for kind, entity_id in changes:
            self.events.changed.emit(kind, entity_id)
