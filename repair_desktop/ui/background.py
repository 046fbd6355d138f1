"""Running a slow store call (a backup, a restore, "Test connection") off the GUI thread.

``Task(fn)`` runs ``fn(progress)`` in a ``QThread``; ``progress(done, total)`` may be called from that
thread and arrives on the GUI thread as the ``progress`` signal. The outcome arrives as ``succeeded(result)``
or ``failed(error)``, then ``finished``. The window keeps painting and answering meanwhile; nothing
loops over ``processEvents()``.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal


class Task(QThread):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], parent=None) -> None:
        super().__init__(parent)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progress.emit)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread, which decides what to show
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
