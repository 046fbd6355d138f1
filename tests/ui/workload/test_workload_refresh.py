"""The Workload tab reads off the GUI thread: while a slow read runs (a real store whose statements are held on
their way to the database, as a busy server holds them) the window answers and keeps the figures it had, and an
answer to an older question never replaces a newer one."""

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


def tom(tab) -> str:
    return tab.model.index(1, 1).data()


def test_old_figures_stay_and_the_window_answers_while_a_slow_read_runs(qtbot, tab, shop):
    assert tom(tab) == "2/3" and tab.cards.values()["waiting"] == "1"
    with held_reads(shop.store) as gate:
        shop.store.assign_technician(shop.appointments["brakes"], shop.tom.id, shop.desk.id)
        tab.refresh()
        ticks = []
        timer = QTimer(tab, interval=10)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        qtbot.waitUntil(lambda: len(ticks) >= 10)  # the event loop runs on while the store is held
        timer.stop()
        tab.period.setFocus()  # and takes input
        assert tab.is_reading()
        assert tom(tab) == "2/3" and tab.cards.values()["waiting"] == "1"  # what it had, until the new figures come
        gate.set()
        qtbot.waitUntil(lambda: not tab.is_reading())
    assert tom(tab) == "3/3" and tab.cards.values()["waiting"] == "0"


def test_a_slow_answer_for_an_earlier_period_is_dropped(qtbot, tab, shop):
    periods = []
    tab.chart_data.changed.connect(lambda: periods.append(len(tab.chart_data.value("completedLabels"))))
    with held_reads(shop.store) as gate:
        tab.period.setCurrentText("Today")  # asked first, answered late
        tab.period.setCurrentText("This week")
        assert tab.is_reading()
        gate.set()
        qtbot.waitUntil(lambda: not tab.is_reading())
    assert len(tab.chart_data.value("completedLabels")) == 7
    assert 1 not in periods  # "Today" never reached the charts
