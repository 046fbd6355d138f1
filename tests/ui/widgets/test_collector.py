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


def _collector(qapp):
    (collector,) = [child for child in qapp.children() if type(child).__name__ == "_GuiThreadCollector"]
    return collector


def test_a_full_pass_waits_until_the_oldest_generation_grew_by_a_quarter(qtbot, qapp):
    """As Python's own collector does: otherwise a big heap is walked every ten middle passes (in a long test run,
    seconds each, on the GUI thread)."""
    collect_on_gui_thread()
    collector = _collector(qapp)
    full_passes: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full_passes.append(1)

    kept = [[] for _ in range(200_000)]  # long-lived
    collector._collect(2)
    gc.callbacks.append(note)
    try:
        for _ in range(2 * gc.get_threshold()[2]):  # the oldest generation's count passes its threshold
            collector._collect(1)
        collector.collect_due()
        assert not full_passes  # hardly anything moved to the oldest generation: no full pass
        kept.append([[] for _ in range(collector._long_lived // 4 + 1_000)])  # a quarter of the old generation
        collector._collect(1)  # they survive into the oldest generation
        collector.collect_due()
        assert full_passes == [1]
    finally:
        gc.callbacks.remove(note)
