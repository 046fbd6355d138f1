"""Capacity across appointments and callbacks, the shop's limit, and the workload numbers."""

import pytest


from repair_desktop.domain.errors import CapacityExceeded, PermissionDenied, ValidationError
from repair_desktop.domain.statuses import AppointmentStatus as A, CallbackStatus as C
from support.store_helpers import appointment_in, callback_in, raises_exactly


def give(shop, tech, kinds):
    """Give ``tech`` one active job per letter: "a" an assigned appointment, "c" an open callback."""
    return [appointment_in(shop, A.ASSIGNED, tech) if k == "a" else callback_in(shop, C.OPEN, tech) for k in kinds]


def active(s, tech):
    return {t.technician_id: t.active_jobs for t in s.workload().technicians}[tech]


@pytest.mark.parametrize("held", ["aaa", "aac", "acc", "ccc"])
@pytest.mark.parametrize("fourth", ["assign", "claim"])
def test_a_fourth_job_of_either_kind_is_refused(shop, held, fourth):
    s = shop.store
    tech = shop.techs[0]
    give(shop, tech, held)
    assert active(s, tech) == 3
    if fourth == "assign":
        job = shop.book()
        error = raises_exactly(CapacityExceeded, s.assign_technician, job, tech, shop.desk)
        row = s.appointment(job)
        assert (row.status, row.technician_id) == ("scheduled", None)
        assert len(s.history("appointment", job)) == 1
    else:
        job = shop.new_callback()
        error = raises_exactly(CapacityExceeded, s.claim_callback, job, tech)
        row = s.callback(job)
        assert (row.status, row.claimed_by) == ("pending", None)
        assert len(s.history("callback", job)) == 1
    assert "Tech A" in str(error) and "3 of 3" in str(error)
    assert active(s, tech) == 3


def test_moving_a_job_to_a_full_technician_is_refused(shop):
    s = shop.store
    a, b = shop.techs[:2]
    give(shop, b, "acc")
    appointment = appointment_in(shop, A.ASSIGNED, a)
    callback = callback_in(shop, C.IN_PROGRESS, a)
    raises_exactly(CapacityExceeded, s.assign_technician, appointment, b, shop.desk)
    raises_exactly(CapacityExceeded, s.reassign_callback, callback, b, shop.desk)
    assert s.appointment(appointment).technician_id == a and s.callback(callback).claimed_by == a
    assert (active(s, a), active(s, b)) == (2, 3)


def free_one(shop, kind, job):
    s, tech = shop.store, shop.techs[0]
    if kind == "complete_work":
        s.start_work(job, tech)
        s.complete_work(job, tech)
    elif kind == "start_work":
        s.start_work(job, tech)  # in progress still counts
    elif kind == "cancel_appointment":
        s.cancel_appointment(job, "customer away", shop.desk)
    elif kind == "unassign":
        s.unassign(job, shop.desk)
    elif kind == "resolve_callback":
        s.start_callback(job, tech)
        s.resolve_callback(job, tech)
    elif kind == "cancel_callback":
        s.cancel_callback(job, "duplicate", shop.desk)
    elif kind == "release_callback":
        s.release_callback(job, shop.desk)
    elif kind == "start_callback":
        s.start_callback(job, tech)


@pytest.mark.parametrize("kind, frees", [
    ("complete_work", True), ("cancel_appointment", True), ("unassign", True), ("start_work", False),
    ("resolve_callback", True), ("cancel_callback", True), ("release_callback", True), ("start_callback", False)])
def test_finishing_or_dropping_a_job_frees_capacity(shop, kind, frees):
    s = shop.store
    tech = shop.techs[0]
    appointment, callback, _ = give(shop, tech, "aca")
    free_one(shop, kind, appointment if kind in ("complete_work", "cancel_appointment", "unassign", "start_work")
             else callback)
    assert active(s, tech) == (2 if frees else 3)
    job = shop.new_callback()
    if frees:
        assert s.claim_callback(job, tech).status == "open"
        assert active(s, tech) == 3
    else:
        raises_exactly(CapacityExceeded, s.claim_callback, job, tech)


def test_the_limit_is_a_shop_setting(shop):
    s = shop.store
    tech = shop.techs[0]
    assert s.capacity_limit() == 3
    give(shop, tech, "aac")
    s.set_capacity_limit(4, shop.manager)
    assert s.capacity_limit() == 4
    give(shop, tech, "c")
    raises_exactly(CapacityExceeded, s.assign_technician, shop.book(), tech, shop.desk)
    # lowering the limit takes no job away; it stops new ones
    s.set_capacity_limit(2, shop.manager)
    assert active(s, tech) == 4
    load = s.workload().technicians[0]
    assert (load.active_jobs, load.capacity, load.is_available, load.load_text) == (4, 2, False, "4/2")
    raises_exactly(CapacityExceeded, s.claim_callback, shop.new_callback(), tech)
    s.set_capacity_limit(1, shop.manager)
    assert s.claim_callback(shop.new_callback(), shop.techs[1]).status == "open"
    raises_exactly(CapacityExceeded, s.claim_callback, shop.new_callback(), shop.techs[1])


@pytest.mark.parametrize("limit", [0, 11, -1, "lots", None, "  "])
def test_the_limit_must_be_sensible(shop, limit):
    raises_exactly(ValidationError, shop.store.set_capacity_limit, limit, shop.manager)
    assert shop.store.capacity_limit() == 3


@pytest.mark.parametrize("who", ["desk", "techs"])
def test_only_the_manager_sets_the_limit(shop, who):
    actor = shop.desk if who == "desk" else shop.techs[0]
    raises_exactly(PermissionDenied, shop.store.set_capacity_limit, 5, actor)
    assert shop.store.capacity_limit() == 3


def test_workload_numbers(shop):
    s = shop.store
    a, b, c = shop.techs
    give(shop, a, "acc")
    give(shop, b, "a")
    callback_in(shop, C.RESOLVED, c)  # finished work does not count
    appointment_in(shop, A.COMPLETED, c)
    s.add_employee("Zed Inactive", "technician", actor=shop.manager)
    s.set_employee_active(s.employees(role="technician")[-1].id, False, shop.manager)
    w = s.workload()
    assert [(t.name, t.active_jobs, t.capacity, t.is_available) for t in w.technicians] == [
        ("Tech A", 3, 3, False), ("Tech B", 1, 3, True), ("Tech C", 0, 3, True)]
    assert [t.technician_id for t in w.technicians] == [a, b, c]
    assert (w.total, w.available, w.busy) == (3, 2, 1)
    assert w.utilization_rate == pytest.approx(4 / 9)
    assert [e.id for e in s.available_technicians()] == [b, c]
    assert [e.name for e in s.available_technicians()] == ["Tech B", "Tech C"]


def test_an_empty_shop_has_no_workload(store):
    w = store.workload()
    assert (w.total, w.available, w.busy, w.utilization_rate) == (0, 0, 0, 0.0)
    assert store.available_technicians() == []


def test_a_shop_at_full_stretch(shop):
    s = shop.store
    for tech in shop.techs:
        give(shop, tech, "cac")
    w = s.workload()
    assert (w.total, w.available, w.busy, w.utilization_rate) == (3, 0, 3, 1.0)
    assert s.available_technicians() == []
    s.set_capacity_limit(6, shop.manager)
    w = s.workload()
    assert (w.available, w.busy, w.utilization_rate) == (3, 0, 0.5)
