"""Cyclic garbage is collected on the GUI thread, never on a reading thread.

Python's collector runs on whichever thread happens to allocate when a
generation fills up. When that is a reading thread and the garbage holds a Qt
object's wrapper (a closed dialog, a model of a rebuilt view), Qt destroys that
object off the GUI thread: the test suite crashed now and then inside a
collection on a reading thread, with a Workload read in flight. So once the
window has threads of its own, automatic collection is switched off and a timer
on the GUI thread runs the same generations at the same thresholds. Objects
freed by their reference count (nearly all) are freed at once, as before.
"""

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from shiboken6 import Shiboken

#: How often the GUI thread looks whether a generation is due: garbage cycles wait at most this long.
INTERVAL_MS = 200


class _GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self.destroyed.connect(gc.enable)  # the application is gone: no thread can meet a Qt wrapper any more
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """The oldest generation whose count passed its threshold, as the automatic collector would choose."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return


_collector: _GuiThreadCollector | None = None


def collect_on_gui_thread() -> None:
    """Called by whatever starts a thread (reads, tasks, the change watcher); once per application."""
    global _collector
    app = QCoreApplication.instance()
    if app is None or (_collector is not None and Shiboken.isValid(_collector)):
        return
    _collector = _GuiThreadCollector(app)
