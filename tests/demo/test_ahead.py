"""The demo's rows made a batch ahead of the writer, in a helper thread or a helper process: the same rows either way,
errors and a vanished helper raised in the writer, nothing left running when the writer stops early."""

import multiprocessing
import os
import sys
import threading
from datetime import UTC, datetime

import pytest

from repair_desktop.demo import ahead as demo_ahead
from repair_desktop.demo.ahead import ahead
from repair_desktop.demo.search_builder import BUILDER_NICE, _give_way
from repair_desktop.demo.shop import Plan, Recipe
from repair_desktop.domain.schedule import DEFAULT_OPENING_HOURS
from repair_desktop.store.models import Employee

FIRST = {table: 1 for table in ("employees", "customers", "vehicles", "maintenance_contracts", "appointments",
                                "callbacks", "status_events")}
MOMENT = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


def _recipe(scale: int | None, first: dict[str, int] = FIRST) -> Recipe:
    plan = Plan.small() if scale is None else Plan.bulk(scale)
    return Recipe(plan, 7, MOMENT, 3, first, dict(DEFAULT_OPENING_HOURS))


@pytest.fixture(params=["thread", "process"])
def helper(request, monkeypatch):
    """Which helper makes the rows: a process from 0 appointments on, or a thread below a billion."""
    monkeypatch.setattr(demo_ahead, "PROCESS_FROM", 0 if request.param == "process" else 10 ** 9)
    return request.param


def _comparable(batches) -> list:
    """The batches with the staff's secret hashes left out: each hash has a salt of its own."""
    return [(count, [(model, [row[:4] + row[5:] for row in rows] if model is Employee else rows)
                     for model, rows in tables]) for count, tables in batches]


def _helpers_running() -> list:
    return multiprocessing.active_children() + [t for t in threading.enumerate() if t.name == "demo-data"]


@pytest.mark.parametrize("scale", [None, 2000], ids=["default", "scale"])
def test_a_helper_process_makes_the_same_rows_as_a_thread(monkeypatch, scale):
    made = []
    for process_from in (10 ** 9, 0):
        monkeypatch.setattr(demo_ahead, "PROCESS_FROM", process_from)
        made.append(_comparable(ahead(_recipe(scale))))
    assert made[0] == made[1]
    assert sum(count for count, _ in made[0]) > 2000


def test_a_big_shop_is_made_in_a_process_and_a_small_one_in_a_thread(monkeypatch):
    chosen = []
    monkeypatch.setattr(demo_ahead, "_from_process", lambda recipe: chosen.append("process") or iter(()))
    monkeypatch.setattr(demo_ahead, "_from_thread", lambda recipe: chosen.append("thread") or iter(()))
    for scale in (demo_ahead.PROCESS_FROM, demo_ahead.PROCESS_FROM - 1, None):
        ahead(_recipe(scale))
    assert chosen == ["process", "thread", "thread"]


def test_the_helpers_error_is_raised_in_the_writer(helper):
    without_staff = {table: first for table, first in FIRST.items() if table != "employees"}
    with pytest.raises(KeyError, match="employees"):  # the staff's ids come from a counter that isn't there
        list(ahead(_recipe(2000, without_staff)))
    assert _helpers_running() == []


def test_a_writer_that_stops_early_leaves_no_helper_running(helper):
    batches = ahead(_recipe(20_000))
    next(batches)
    batches.close()
    assert _helpers_running() == []


def test_a_helper_process_that_vanishes_is_an_error_not_a_wait(monkeypatch):
    """Killed while it sends a batch (its usual state: waiting in ``send`` for the writer, half a batch in the
    pipe), or between two: the writer gets what it sent whole, then an error."""
    monkeypatch.setattr(demo_ahead, "PROCESS_FROM", 0)
    for sent in (1, 4):
        batches = ahead(_recipe(200_000))
        for _ in range(sent):
            next(batches)
        (process,) = multiprocessing.active_children()
        process.kill()
        with pytest.raises(RuntimeError, match="stopped before the shop was made"):
            list(batches)
        assert _helpers_running() == []


def test_a_helper_process_that_ends_is_let_finish(monkeypatch):
    monkeypatch.setattr(demo_ahead, "PROCESS_FROM", 0)
    ended = []
    real = multiprocessing.get_context

    def watched(method):
        context = real(method)
        made = context.Process

        def process(*args, **kwargs):
            ended.append(made(*args, **kwargs))
            return ended[-1]

        context.Process = process
        return context

    monkeypatch.setattr(demo_ahead.multiprocessing, "get_context", watched)
    list(ahead(_recipe(2000)))
    assert [helper.exitcode for helper in ended] == [0]  # not terminated (-15) on its way out


class Unpicklable(Exception):
    def __init__(self, reason, extra):  # unpickling calls the class with self.args only: this one can't be
        super().__init__(reason)


def test_an_error_that_cant_cross_to_the_writer_goes_as_its_traceback():
    try:
        raise Unpicklable("disk on fire", "extra")
    except Unpicklable as error:
        sent = demo_ahead._sendable(error)
    assert isinstance(sent, RuntimeError) and "Unpicklable: disk on fire" in str(sent)


def test_an_error_that_crosses_to_the_writer_says_where_it_happened(monkeypatch):
    monkeypatch.setattr(demo_ahead, "PROCESS_FROM", 0)
    without_staff = {table: first for table, first in FIRST.items() if table != "employees"}
    with pytest.raises(KeyError) as raised:
        list(ahead(_recipe(2000, without_staff)))
    assert "In the demo's data helper" in "".join(raised.value.__notes__)
    assert "staff" in "".join(raised.value.__notes__)  # the helper's frames, down to where the id was taken


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux has a priority per thread")
def test_the_search_builder_gives_way_to_the_load():
    seen = {}

    def builder():
        _give_way()
        seen["builder"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    thread = threading.Thread(target=builder)
    thread.start()
    thread.join()
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen["builder"] == min(19, mine + BUILDER_NICE)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine  # only the builder's thread
