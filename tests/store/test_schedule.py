"""Reading the plan: the day per technician, the week's load, free slots, efficiency; and a day the clocks change."""

import time as time_module
from datetime import UTC, date, datetime, timedelta

import pytest


from repair_desktop.domain.errors import ValidationError
from repair_desktop.domain.statuses import AppointmentStatus as A
from support.plan_helpers import at, book, local, shop  # noqa: F401  (shop: the fixture)
from support.store_helpers import raises_exactly

MONDAY = date(2026, 3, 2)


# --- the day --------------------------------------------------------------------------------------------

def test_a_day_shows_each_technicians_jobs_time_off_and_hours(shop):
    s = shop.store
    a, b, c = shop.techs
    s.add_time_off(a, at(12), at(13), "Lunch", shop.manager)
    s.add_time_off(b, at(0, day=-3), at(0, day=3), "Holiday", shop.manager)
    first = book(shop, 9, minutes=90, tech=a, promised_at=at(11))
    second = book(shop, 13, minutes=30, tech=a)
    cancelled = book(shop, 14, tech=a)
    s.cancel_appointment(cancelled, "Called off", shop.desk)
    loose = book(shop, 10)
    book(shop, 10, day=1, tech=c)  # tomorrow
    day = s.schedule_day(MONDAY)
    assert day.day == MONDAY
    assert day.opening == (local(8), local(17))
    assert [(t.name, t.booked_minutes, t.available_minutes) for t in day.technicians] == [
        ("Tech A", 120, 480), ("Tech B", 0, 0), ("Tech C", 0, 540)]
    row = day.technicians[0]
    assert [(j.appointment_id, j.starts_at, j.ends_at, j.status) for j in row.jobs] == [
        (first, local(9), local(10, 30), A.SCHEDULED), (second, local(13), local(13, 30), A.SCHEDULED)]
    job = row.jobs[0]
    assert (job.customer_name, job.vehicle, job.concern, job.duration_minutes, job.late) == \
        ("Ann Customer", "VW Golf (AB12 CDE)", "Service", 90, False)
    assert [(t.starts_at, t.ends_at, t.reason) for t in row.time_off] == [(local(12), local(13), "Lunch")]
    assert [t.reason for t in day.technicians[1].time_off] == ["Holiday"]
    assert [j.appointment_id for j in day.unplanned] == [loose]
    assert day.unplanned[0].technician_id is None
    assert day.booked_minutes == 120 and day.available_minutes == 1020


def test_a_job_is_late_once_its_promised_time_passes_unfinished(shop):
    s, tech = shop.store, shop.techs[0]
    job = book(shop, 9, tech=tech, promised_at=at(10))
    on_time = book(shop, 9, tech=tech, promised_at=at(12))
    s._clock.now = local(11)
    jobs = {j.appointment_id: j for j in s.schedule_day(MONDAY).technicians[0].jobs}
    assert (jobs[job].late, jobs[on_time].late) == (True, False)
    s.assign_technician(on_time, None, shop.desk)
    s.start_work(on_time, tech)
    s.complete_work(on_time, tech)
    s._clock.now = local(15)
    jobs = {j.appointment_id: j for j in s.schedule_day(MONDAY).technicians[0].jobs}
    assert (jobs[on_time].late, jobs[on_time].status) == (False, A.COMPLETED), "finished before it was due"


def test_sunday_is_closed_and_has_no_available_time(shop):
    day = shop.store.schedule_day(MONDAY + timedelta(days=6))
    assert day.opening is None
    assert [t.available_minutes for t in day.technicians] == [0, 0, 0]


def test_an_inactive_technician_with_jobs_that_day_keeps_a_row(shop):
    s, tech = shop.store, shop.techs[2]
    book(shop, 9, tech=tech)
    s.set_employee_active(tech, False, shop.manager)
    assert [t.name for t in s.schedule_day(MONDAY).technicians] == ["Tech A", "Tech B", "Tech C"]
    assert [t.name for t in s.schedule_day(MONDAY + timedelta(days=1)).technicians] == ["Tech A", "Tech B"]


# --- the week and the next days -----------------------------------------------------------------------------

def test_the_week_shows_booked_against_available_per_technician_and_day(shop):
    s, a, b = shop.store, shop.techs[0], shop.techs[1]
    book(shop, 9, minutes=120, tech=a)
    book(shop, 9, day=2, minutes=45, tech=b)
    s.add_time_off(b, at(8, day=4), at(17, day=4), "Training", shop.manager)
    week = s.schedule_week(MONDAY)
    assert week.days == tuple(MONDAY + timedelta(days=n) for n in range(7))
    assert [t.name for t in week.technicians] == ["Tech A", "Tech B", "Tech C"]
    assert [(d.booked_minutes, d.available_minutes) for d in week.technicians[0].days] == [
        (120, 540), (0, 540), (0, 540), (0, 540), (0, 540), (0, 240), (0, 0)]
    assert [(d.booked_minutes, d.available_minutes) for d in week.technicians[1].days][2:5] == [
        (45, 540), (0, 540), (0, 0)]
    assert week.technicians[0].days[0].share == pytest.approx(120 / 540)
    outlook = s.shop_load(MONDAY, days=14)
    assert len(outlook) == 14 and outlook[0].day == MONDAY
    assert (outlook[0].booked_minutes, outlook[0].available_minutes) == (120, 3 * 540)
    assert (outlook[4].available_minutes, outlook[6].available_minutes) == (2 * 540, 0)
    assert s.shop_load()[0].day == MONDAY, "from today by default"
    raises_exactly(ValidationError, s.schedule_week, MONDAY, 0)


# --- free slots -------------------------------------------------------------------------------------------

def slots(shop, minutes=60, after=None, **kwargs):
    return [(s.technician_id, s.starts_at) for s in shop.store.free_slots(minutes, after=after or at(7), **kwargs)]


def test_an_empty_shop_is_free_from_opening(shop):
    a, b, c = shop.techs
    assert slots(shop) == [(a, local(8)), (b, local(8)), (c, local(8)), (a, local(8, 15)), (b, local(8, 15))]
    assert slots(shop, limit=2) == [(a, local(8)), (b, local(8))]
    assert shop.store.free_slots(60, after=at(7))[0].technician_name == "Tech A"


def test_slots_start_on_the_next_quarter_hour(shop):
    assert slots(shop, after=at(9, 7), technician_id=shop.techs[1], limit=2) == [
        (shop.techs[1], local(9, 15)), (shop.techs[1], local(9, 30))]
    assert slots(shop, after=at(9, 15), technician_id=shop.techs[1], limit=1) == [(shop.techs[1], local(9, 15))]


def test_slots_avoid_planned_jobs_and_time_off_for_the_whole_duration(shop):
    s, tech = shop.store, shop.techs[0]
    book(shop, 9, minutes=60, tech=tech)
    s.add_time_off(tech, at(11), at(12), "Dentist", shop.manager)
    found = slots(shop, 60, technician_id=tech, limit=20)
    assert [t for _, t in found[:5]] == [local(8), local(10), local(12), local(12, 15), local(12, 30)]
    assert local(8, 15) not in [t for _, t in found] and local(10, 15) not in [t for _, t in found]


def test_slots_ignore_cancelled_and_completed_jobs(shop):
    s, tech = shop.store, shop.techs[0]
    job = book(shop, 8, minutes=540, tech=tech)
    assert slots(shop, technician_id=tech, limit=1)[0][1] > local(17)
    s.cancel_appointment(job, "Called off", shop.desk)
    assert slots(shop, technician_id=tech, limit=1) == [(tech, local(8))]


def test_a_full_day_moves_the_slots_to_the_next_open_day(shop):
    tech = shop.techs[0]
    book(shop, 8, day=5, minutes=240, tech=tech)  # Saturday, all of it
    assert slots(shop, 60, after=at(7, day=5), technician_id=tech, limit=1) == [(tech, local(8, day=7))]
    assert slots(shop, 60, after=at(16, 30), technician_id=tech, limit=1) == [(tech, local(8, day=1))]
    assert slots(shop, 15, after=at(16, 30), technician_id=tech, limit=2) == [(tech, local(16, 30)),
                                                                                 (tech, local(16, 45))]


def test_a_technician_away_for_weeks_gets_slots_after_it(shop):
    s, tech = shop.store, shop.techs[0]
    s.add_time_off(tech, at(0), at(0, day=40), "Parental leave", shop.manager)
    assert slots(shop, technician_id=tech, limit=1) == [(tech, local(8, day=40))]
    assert slots(shop, limit=1) == [(shop.techs[1], local(8))]


def test_free_slots_refuse_what_cannot_be_asked(shop):
    s = shop.store
    raises_exactly(ValidationError, s.free_slots, 10, after=at(7))
    raises_exactly(ValidationError, s.free_slots, 60, after="tomorrow")
    raises_exactly(ValidationError, s.free_slots, 60, after=at(7), technician_id=shop.desk)


def test_an_inactive_technician_is_offered_no_slots(shop):
    s = shop.store
    s.set_employee_active(shop.techs[0], False, shop.manager)
    assert {t for t, _ in slots(shop, limit=10)} == set(shop.techs[1:])


# --- efficiency --------------------------------------------------------------------------------------------

def test_efficiency_compares_estimates_with_the_time_jobs_took(shop):
    s, clock = shop.store, shop.store._clock
    a, b = shop.techs[:2]
    for minutes, took in ((60, 30), (90, 120)):
        job = book(shop, 9, minutes=minutes, tech=a)
        s.assign_technician(job, None, shop.desk)
        s.start_work(job, a)
        clock.now += timedelta(minutes=took)
        s.complete_work(job, a)
    unfinished = book(shop, 13, tech=b)
    s.assign_technician(unfinished, None, shop.desk)
    s.start_work(unfinished, b)
    rows = {r.name: r for r in s.efficiency(MONDAY, MONDAY)}
    assert (rows["Tech A"].jobs, rows["Tech A"].estimated_minutes, rows["Tech A"].actual_minutes) == (2, 150, 150)
    assert rows["Tech A"].ratio == pytest.approx(1.0)
    assert (rows["Tech B"].jobs, rows["Tech B"].ratio) == (0, None)
    assert [r.jobs for r in s.efficiency(MONDAY + timedelta(days=1), MONDAY + timedelta(days=7))] == [0, 0, 0]


# --- a day the clocks change --------------------------------------------------------------------------------

@pytest.fixture
def london(monkeypatch):
    """This PC in London, where the clocks go forward on Sunday 29 March 2026."""
    monkeypatch.setenv("TZ", "Europe/London")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


def test_opening_hours_follow_the_wall_clock_across_a_clock_change(shop, london):
    s, tech = shop.store, shop.techs[0]
    friday, monday = date(2026, 3, 27), date(2026, 3, 30)
    assert s.schedule_day(friday).opening == (datetime(2026, 3, 27, 8, tzinfo=UTC), datetime(2026, 3, 27, 17, tzinfo=UTC))
    assert s.schedule_day(monday).opening == (datetime(2026, 3, 30, 7, tzinfo=UTC), datetime(2026, 3, 30, 16, tzinfo=UTC))
    job = book(shop)
    raises_exactly(ValidationError, s.plan_appointment, job, tech, datetime(2026, 3, 30, 6, 45, tzinfo=UTC), 60,
                   shop.desk)
    s.plan_appointment(job, tech, datetime(2026, 3, 30, 7, tzinfo=UTC), 60, shop.desk)  # 08:00 on the wall
    assert s.free_slots(60, after=datetime(2026, 3, 30, 0, tzinfo=UTC), technician_id=tech, limit=1)[0].starts_at == \
        datetime(2026, 3, 30, 8, tzinfo=UTC)
    assert s.schedule_day(date(2026, 3, 29)).opening is None
    assert [d.available_minutes for d in s.schedule_week(friday, 4).technicians[0].days] == [540, 240, 0, 540]


def test_the_unplanned_may_be_read_in_part_and_counted_whole(shop):
    jobs = [book(shop, 9, minute) for minute in (0, 15, 30, 45)]
    day = shop.store.schedule_day(MONDAY, unplanned_limit=3)
    assert ([j.appointment_id for j in day.unplanned], day.unplanned_count) == (jobs[:3], 4)
    whole = shop.store.schedule_day(MONDAY)
    assert ([j.appointment_id for j in whole.unplanned], whole.unplanned_count) == (jobs, 4)
