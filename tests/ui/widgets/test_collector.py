"""Garbage cycles made on another thread are collected on the GUI thread."""

import gc
import threading

from repair_desktop.ui.widgets.collector import collect_on_gui_thread


class _Cycle:
    """Refers to itself, so only the cyclic collector frees it; says on which thread."""

    def __init__(self, freed_on: list[threading.Thread]) -> None:
        self.me, self.freed_on = self, freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread())


def test_a_cycle_dropped_on_a_reading_thread_is_freed_on_the_gui_thread(qtbot):
    collect_on_gui_thread()
    freed_on: list[threading.Thread] = []
    kept: list[list] = []

    def read() -> None:
        _Cycle(freed_on)  # garbage at once
        # Tens of thousands of tracked objects: the automatic collector would run here, on this thread.
        kept.append([[] for _ in range(20 * gc.get_threshold()[0])])

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    qtbot.waitUntil(lambda: bool(freed_on))
    assert freed_on == [threading.main_thread()]
    assert not gc.isenabled()


def test_installed_once_per_application(qtbot, qapp):
    collect_on_gui_thread()
    collect_on_gui_thread()
    collectors = [child for child in qapp.children() if type(child).__name__ == "_GuiThreadCollector"]
    assert len(collectors) == 1
