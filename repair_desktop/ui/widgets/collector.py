"""Cyclic garbage is collected on the GUI thread, never on a reading thread.

Python's collector runs on whichever thread happens to allocate when a
generation fills up. When that is a reading thread and the garbage holds a Qt
object's wrapper (a closed dialog, a model of a rebuilt view), Qt destroys that
object off the GUI thread: the test suite crashed now and then inside a
collection on a reading thread, with a Workload read in flight. So once the
window has threads of its own, automatic collection is switched off and a timer
on the GUI thread runs the same generations at the same thresholds, with the
same rule for when a full pass is worth it. Objects freed by their reference
count (nearly all) are freed at once, as before.
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
        self._long_lived = len(gc.get_objects(generation=2))  # what the last full pass left in the oldest generation
        self._pending = 0  # objects moved into it since
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """The oldest generation whose count passed its threshold, as the automatic collector would choose,
        with its rule for the oldest: a full pass only once the objects moved there since the last one are a
        quarter of what that pass left. A full pass walks every live object; without the rule it ran every
        ten passes of the middle generation however big the heap, seconds each in a long test run."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] <= self._thresholds[generation]:
                continue
            if generation == 2 and self._pending < self._long_lived // 4:
                continue
            self._collect(generation)
            return

    def _collect(self, generation: int) -> None:
        if generation == 2:
            gc.collect(2)
            self._long_lived, self._pending = len(gc.get_objects(generation=2)), 0
        elif generation == 1:
            young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
            self._pending += max(young - gc.collect(1), 0)  # the survivors move to the oldest generation
        else:
            gc.collect(0)


_collector: _GuiThreadCollector | None = None


def collect_on_gui_thread() -> None:
    """Called by whatever starts a thread (reads, tasks, the change watcher); once per application."""
    global _collector
    app = QCoreApplication.instance()
    if app is None or (_collector is not None and Shiboken.isValid(_collector)):
        return
    _collector = _GuiThreadCollector(app)
