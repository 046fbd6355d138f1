"""Running a slow store call (a backup, a restore, "Test connection") off the GUI thread.

``Task(fn)`` runs ``fn(progress)`` in a ``QThread``; ``progress(done, total)`` may be called from that
thread and arrives on the GUI thread as the ``progress`` signal. The outcome arrives as ``succeeded(result)``
or ``failed(error)``, then ``finished``. The window keeps painting and answering meanwhile; nothing
loops over ``processEvents()``.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QThread, Qt, Signal
from PySide6.QtGui import QGuiApplication

from .collector import collect_on_gui_thread


@contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor over a store call that runs on the GUI thread (a page of rows: milliseconds, but seconds on a
    slow disk or a busy server), so a window that stops answering for a moment says why."""
    app = QGuiApplication.instance()
    if app is None:
        yield
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class Task(QThread):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], parent=None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progress.emit)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread, which decides what to show
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
