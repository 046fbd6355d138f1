"""Workload arithmetic: who is free, who is busy, how full the shop is."""

import pytest

from repair_desktop.domain.workload import TechnicianLoad, Workload


def load(active, capacity=3, tid=1, name="Tech"):
    return TechnicianLoad(tid, name, active, capacity)


@pytest.mark.parametrize("active, available", [(0, True), (2, True), (3, False), (5, False)])
def test_a_technician_is_available_below_capacity(active, available):
    assert load(active).is_available is available


def test_load_text_reads_like_the_desk_says_it():
    assert load(2).load_text == "2/3"
    assert load(0, 5).load_text == "0/5"


def test_summary_counts_available_busy_and_utilization():
    w = Workload((load(3, tid=1), load(1, tid=2), load(0, tid=3)))
    assert (w.total, w.available, w.busy) == (3, 2, 1)
    assert w.utilization_rate == pytest.approx(4 / 9)


def test_technicians_above_a_lowered_limit_count_as_busy_and_over_full():
    w = Workload((load(3, capacity=2, tid=1), load(0, capacity=2, tid=2)))
    assert (w.total, w.available, w.busy) == (2, 1, 1)
    assert w.utilization_rate == pytest.approx(3 / 4)


def test_a_shop_without_technicians():
    w = Workload(())
    assert (w.total, w.available, w.busy, w.utilization_rate) == (0, 0, 0, 0.0)


def test_a_full_shop_is_fully_utilized():
    w = Workload(tuple(load(3, tid=i) for i in range(4)))
    assert (w.available, w.busy, w.utilization_rate) == (0, 4, 1.0)


def test_loads_are_values():
    assert load(1) == load(1)
    with pytest.raises(AttributeError):
        load(1).active_jobs = 2
