"""Background reads: fetched off the GUI thread, shown on it in order, the newest request winning."""

import threading

import pytest
from PySide6.QtCore import QThread, QTimer

from repair_desktop.domain.errors import StoreUnavailable
from repair_desktop.ui.widgets.reads import BackgroundReads, Read


@pytest.fixture
def reads(qtbot):
    reader = BackgroundReads()
    yield reader
    qtbot.waitUntil(lambda: not reader.busy())


def gated(gate: threading.Event, value):
    """A fetch that waits for ``gate`` (as a slow server does) and then answers ``value``."""
    def fetch():
        assert gate.wait(10), "the test never let the read finish"
        return value
    return fetch


def test_fetches_run_off_the_gui_thread_and_results_are_shown_on_it_in_order(qtbot, reads):
    gui = QThread.currentThread()
    fetched_on, shown = [], []

    def fetch(value):
        def run():
            fetched_on.append(QThread.currentThread())
            return value
        return run

    with qtbot.waitSignal(reads.shown):
        reads.start([Read(fetch(1), lambda v: shown.append((v, QThread.currentThread()))),
                     Read(fetch(2), lambda v: shown.append((v, QThread.currentThread())))])
    assert [v for v, _ in shown] == [1, 2] and all(thread is gui for _, thread in shown)
    assert len(fetched_on) == 2 and all(thread is not gui for thread in fetched_on)
    assert not reads.busy()


def test_the_gui_answers_while_a_read_waits(qtbot, reads):
    gate, shown = threading.Event(), []
    reads.start([Read(gated(gate, "new"), shown.append)])
    ticks = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5)  # the event loop keeps running while the read is held
    timer.stop()
    assert reads.busy() and not shown
    gate.set()
    qtbot.waitUntil(lambda: shown == ["new"])


def test_a_request_for_something_else_drops_the_answer_to_the_older_one(qtbot, reads):
    gate, shown = threading.Event(), []
    reads.start([Read(gated(gate, "last 30 days"), shown.append)], key="30 days")
    reads.start([Read(lambda: "today, first ask", shown.append)], key="today")
    reads.start([Read(lambda: "today", shown.append)], key="today")  # folded: only the newest waits
    gate.set()
    qtbot.waitUntil(lambda: not reads.busy())
    assert shown == ["today"]


def test_a_repeated_request_still_shows_the_running_answer_then_the_newer_one(qtbot, reads):
    gate, shown = threading.Event(), []
    reads.start([Read(gated(gate, "first"), shown.append)], key="same")
    reads.start([Read(lambda: "second", shown.append)], key="same")
    gate.set()
    qtbot.waitUntil(lambda: not reads.busy())
    assert shown == ["first", "second"]


def test_a_refused_read_shows_nothing_and_says_why(qtbot, reads):
    shown = []

    def unreachable():
        raise StoreUnavailable("The database can't be reached. Check the network or the server, then try again.")

    with qtbot.waitSignal(reads.failed) as failed:
        reads.start([Read(lambda: 1, shown.append), Read(unreachable, shown.append)])
    assert failed.args == ["The database can't be reached. Check the network or the server, then try again."]
    assert shown == [] and not reads.busy()
