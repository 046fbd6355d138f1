"""A real store whose reads from a reading thread wait on their way to the database, as a busy server holds them."""

import threading
from contextlib import contextmanager

from PySide6.QtCore import QTimer
from sqlalchemy import event


@contextmanager
def held_reads(store):
    """Every statement the store sends from a reading thread waits (up to 10 s) until the gate opens."""
    gate = threading.Event()

    def hold(*_) -> None:
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)

    event.listen(store.read_engine, "before_cursor_execute", hold)
    try:
        yield gate
    finally:
        gate.set()
        event.remove(store.read_engine, "before_cursor_execute", hold)


def event_loop_runs(qtbot, parent, ticks: int = 10) -> None:
    """Wait for ``ticks`` turns of a 10 ms timer: the GUI thread is not blocked on the held read."""
    seen = []
    timer = QTimer(parent, interval=10)
    timer.timeout.connect(lambda: seen.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(seen) >= ticks)
    timer.stop()
