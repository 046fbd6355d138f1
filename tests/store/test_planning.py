"""Plans and their time rules, on SQLite and on PostgreSQL: opening hours, time off, jobs at one moment.

Times are written on the wall clock (naive: local time) of the week of Monday
2 March 2026, the shop's default hours (Mon-Fri 08:00-17:00, Sat 08:00-12:00).
"""

from datetime import UTC, time, timedelta

import pytest


from repair_desktop.domain.errors import (CapacityExceeded, ConflictError, InvalidTransition, NotFound,
                                          PermissionDenied, ScheduleConflict, ValidationError)
from repair_desktop.domain.statuses import AppointmentStatus as A
from support.plan_helpers import at, book, plan, shop  # noqa: F401  (shop: the fixture)
from support.store_helpers import appointment_in, raises_exactly


# --- durations and booking ----------------------------------------------------------------------------

def test_a_booking_has_an_hour_by_default_and_no_plan(shop):
    job = shop.store.book_appointment(shop.vehicle, at(9), "Service", shop.desk)
    assert (job.duration_minutes, job.planned_technician_id, job.promised_at) == (60, None, None)
    row = shop.store.appointment(job.id)
    assert (row.duration_minutes, row.planned_technician_id, row.promised_at) == (60, None, None)


@pytest.mark.parametrize("minutes", [15, 600])
def test_durations_from_a_quarter_hour_to_ten_hours_are_accepted(shop, minutes):
    job = shop.store.book_appointment(shop.vehicle, at(9), "Service", shop.desk, duration_minutes=minutes)
    assert shop.store.appointment(job.id).duration_minutes == minutes


@pytest.mark.parametrize("minutes", [14, 601, 0, -60, "60", 60.0, True, None])
def test_other_durations_are_refused_naming_the_field(shop, minutes):
    error = raises_exactly(ValidationError, shop.store.book_appointment, shop.vehicle, at(9), "Service", shop.desk,
                           duration_minutes=minutes)
    assert "estimated duration" in error.message
    job = book(shop)
    raises_exactly(ValidationError, plan, shop, job, shop.techs[0], 9, minutes=minutes)


def test_booking_with_a_technician_plans_without_assigning(shop):
    s, tech = shop.store, shop.techs[0]
    job = s.book_appointment(shop.vehicle, at(9), "Service", shop.desk, duration_minutes=90, technician_id=tech,
                             promised_at=at(16))
    row = s.appointment(job.id)
    assert (row.status, row.technician_id, row.planned_technician_id, row.duration_minutes) == \
        (A.SCHEDULED, None, tech, 90)
    assert row.promised_at == at(16).astimezone(UTC)
    assert {t.technician_id: t.active_jobs for t in s.workload().technicians}[tech] == 0
    assert shop.events("appointment", job.id) == [("book", None, "scheduled", shop.desk)]


def test_booking_with_a_technician_meets_the_plan_rules(shop):
    s, tech = shop.store, shop.techs[0]
    raises_exactly(ValidationError, book, shop, 7, tech=tech)  # before opening
    s.set_capacity_limit(1, shop.manager)
    book(shop, 9, tech=tech)
    error = raises_exactly(ScheduleConflict, book, shop, 9, 30, tech=tech)
    assert "Tech A" in error.message
    assert book(shop, 7) > 0, "a booking for nobody is not a plan: the hours don't bind it"


def test_a_promised_time_comes_after_the_start(shop):
    raises_exactly(ValidationError, book, shop, 9, promised_at=at(9))
    raises_exactly(ValidationError, book, shop, 9, promised_at=at(9) + timedelta(days=800))


# --- opening hours -------------------------------------------------------------------------------------

@pytest.mark.parametrize("hour, minute, day, minutes", [
    (8, 0, 0, 60),  # at opening
    (16, 0, 0, 60),  # ending exactly at closing
    (16, 45, 0, 15),  # the last quarter hour of the day
    (8, 0, 0, 540),  # the whole day
    (11, 0, 5, 60),  # Saturday morning, ending at noon
])
def test_plans_inside_the_opening_hours_are_accepted(shop, hour, minute, day, minutes):
    job = book(shop, 8)
    planned = plan(shop, job, shop.techs[0], hour, minute, day, minutes)
    assert planned.scheduled_at == at(hour, minute, day).astimezone(UTC)
    assert (planned.planned_technician_id, planned.duration_minutes, planned.status) == (shop.techs[0], minutes, A.SCHEDULED)


@pytest.mark.parametrize("hour, minute, day, minutes", [
    (7, 45, 0, 60),  # before opening
    (16, 1, 0, 60),  # a minute past closing
    (16, 46, 0, 15),
    (17, 0, 0, 15),  # at closing
    (8, 0, 0, 541),
    (11, 30, 5, 60),  # past Saturday's noon
    (10, 0, 6, 60),  # Sunday: closed
])
def test_plans_outside_the_opening_hours_are_refused(shop, hour, minute, day, minutes):
    job = book(shop, 8)
    before = shop.store.appointment(job)
    raises_exactly(ValidationError, plan, shop, job, shop.techs[0], hour, minute, day, minutes)
    after = shop.store.appointment(job)
    assert (after.scheduled_at, after.planned_technician_id, after.version) == \
        (before.scheduled_at, None, before.version)


def test_the_shops_own_hours_bind_the_plans_made_after_them(shop):
    s = shop.store
    assert s.opening_hours() == {0: (time(8), time(17)), 1: (time(8), time(17)), 2: (time(8), time(17)),
                                 3: (time(8), time(17)), 4: (time(8), time(17)), 5: (time(8), time(12)), 6: None}
    early = book(shop, 8)
    plan(shop, early, shop.techs[0], 8)
    hours = {d: (time(9, 30), time(18)) for d in range(6)}
    assert s.set_opening_hours(hours, shop.manager) == {**hours, 6: None}
    assert s.opening_hours() == {**hours, 6: None}
    assert s.appointment(early).planned_technician_id == shop.techs[0], "plans already made stay"
    job = book(shop, 8)
    raises_exactly(ValidationError, plan, shop, job, shop.techs[1], 9)
    plan(shop, job, shop.techs[1], 17, minutes=60, day=5)  # Saturday now runs to 18:00


@pytest.mark.parametrize("hours", [
    {0: (time(17), time(8))}, {0: (time(9), time(9))}, {7: (time(8), time(17))}, {0: (time(8),)},
    {0: ("08:00", "17:00")}, [(time(8), time(17))]])
def test_opening_hours_must_open_before_they_close(shop, hours):
    raises_exactly(ValidationError, shop.store.set_opening_hours, hours, shop.manager)
    assert shop.store.opening_hours()[0] == (time(8), time(17))


def test_only_the_manager_sets_opening_hours_and_time_off(shop):
    s = shop.store
    for actor in (shop.desk, shop.techs[0]):
        raises_exactly(PermissionDenied, s.set_opening_hours, {0: (time(8), time(12))}, actor)
        raises_exactly(PermissionDenied, s.add_time_off, shop.techs[0], at(12), at(13), "Lunch", actor)
    entry = s.add_time_off(shop.techs[0], at(12), at(13), "Lunch", shop.manager)
    raises_exactly(PermissionDenied, s.remove_time_off, entry, shop.desk)


def test_a_technician_may_not_plan(shop):
    job = book(shop)
    raises_exactly(PermissionDenied, plan, shop, job, shop.techs[0], 9, actor=shop.techs[0])


# --- jobs at one moment ---------------------------------------------------------------------------------

def test_touching_jobs_do_not_overlap(shop):
    s, tech = shop.store, shop.techs[0]
    s.set_capacity_limit(1, shop.manager)
    first, second, third = book(shop), book(shop), book(shop)
    plan(shop, first, tech, 9)
    plan(shop, second, tech, 10)  # starts when the first ends
    plan(shop, third, tech, 8)  # ends when the first starts
    clash = book(shop)
    error = raises_exactly(ScheduleConflict, plan, shop, clash, tech, 9, 30)
    assert f"#{first}" in error.message and f"#{second}" not in error.message
    assert s.appointment(clash).planned_technician_id is None


def test_at_no_moment_more_jobs_than_the_limit(shop):
    s, tech = shop.store, shop.techs[0]
    s.set_capacity_limit(2, shop.manager)
    early, late = book(shop), book(shop)
    plan(shop, early, tech, 9)
    plan(shop, late, tech, 10)
    long_job = book(shop)
    plan(shop, long_job, tech, 9, minutes=120)  # two at every moment, never three
    extra = book(shop)
    error = raises_exactly(ScheduleConflict, plan, shop, extra, tech, 10, 30, minutes=15)
    assert f"#{late}" in error.message and f"#{long_job}" in error.message and f"#{early}" not in error.message
    assert "at most 2" in error.message
    plan(shop, extra, shop.techs[1], 10, 30, minutes=15)  # another technician is free
    plan(shop, extra, tech, 11, minutes=15)  # and so is this one, after the long job


def test_the_default_limit_lets_three_jobs_run_at_once(shop):
    jobs = [book(shop) for _ in range(4)]
    for job in jobs[:3]:
        plan(shop, job, shop.techs[0], 9)
    error = raises_exactly(ScheduleConflict, plan, shop, jobs[3], shop.techs[0], 9, 45, minutes=15)
    assert all(f"#{job}" in error.message for job in jobs[:3])


def test_moving_a_job_does_not_count_it_against_itself(shop):
    shop.store.set_capacity_limit(1, shop.manager)
    job = book(shop)
    plan(shop, job, shop.techs[0], 9)
    moved = plan(shop, job, shop.techs[0], 9, 30, minutes=90)
    assert (moved.scheduled_at, moved.duration_minutes) == (at(9, 30).astimezone(UTC), 90)


@pytest.mark.parametrize("ending", ["cancel", "complete"])
def test_cancelled_and_completed_jobs_free_their_time(shop, ending):
    s, tech = shop.store, shop.techs[0]
    s.set_capacity_limit(1, shop.manager)
    job = book(shop, tech=tech)
    if ending == "cancel":
        s.cancel_appointment(job, "Customer called off", shop.desk)
    else:
        s.assign_technician(job, None, shop.desk)
        s.start_work(job, tech)
        s.complete_work(job, tech)
    book(shop, tech=tech)  # the same hour, for the same technician


def test_assigned_and_in_progress_jobs_keep_their_time(shop):
    s, tech = shop.store, shop.techs[0]
    s.set_capacity_limit(1, shop.manager)
    job = book(shop, tech=tech)
    s.assign_technician(job, None, shop.desk)
    raises_exactly(ScheduleConflict, book, shop, tech=tech)
    s.start_work(job, tech)
    raises_exactly(ScheduleConflict, book, shop, tech=tech)


# --- time off -------------------------------------------------------------------------------------------

def test_plans_stay_out_of_time_off_and_may_touch_it(shop):
    s, tech = shop.store, shop.techs[0]
    lunch = s.add_time_off(tech, at(12), at(13), "Lunch", shop.manager)
    assert isinstance(lunch, int)
    job = book(shop)
    plan(shop, job, tech, 11)  # ends as lunch begins
    plan(shop, job, tech, 13)  # starts as lunch ends
    for hour, minute, minutes in ((11, 30, 60), (12, 30, 15), (11, 0, 180), (12, 0, 60)):
        error = raises_exactly(ScheduleConflict, plan, shop, job, tech, hour, minute, minutes=minutes)
        assert "Tech A is off" in error.message and "Lunch" in error.message
    plan(shop, job, shop.techs[1], 11, minutes=180)  # across the lunch of someone else
    s.remove_time_off(lunch, shop.manager)
    plan(shop, job, tech, 11, minutes=180)
    raises_exactly(NotFound, s.remove_time_off, lunch, shop.manager)


def test_time_off_must_end_after_it_starts(shop):
    s, tech = shop.store, shop.techs[0]
    raises_exactly(ValidationError, s.add_time_off, tech, at(13), at(12), None, shop.manager)
    raises_exactly(ValidationError, s.add_time_off, tech, at(13), at(13), None, shop.manager)
    raises_exactly(ValidationError, s.add_time_off, tech, at(8), at(9) + timedelta(days=400), None, shop.manager)
    raises_exactly(ValidationError, s.add_time_off, tech, at(8), at(9), "x" * 4001, shop.manager)
    raises_exactly(ValidationError, s.add_time_off, shop.desk, at(8), at(9), None, shop.manager)
    raises_exactly(NotFound, s.add_time_off, 999, at(8), at(9), None, shop.manager)


def test_time_off_may_be_recorded_over_jobs_already_planned(shop):
    s, tech = shop.store, shop.techs[0]
    job = book(shop, tech=tech)
    s.add_time_off(tech, at(8), at(17), "Ill", shop.manager)
    assert s.appointment(job).planned_technician_id == tech
    raises_exactly(ScheduleConflict, s.assign_technician, job, None, shop.desk)


# --- the workflow -----------------------------------------------------------------------------------------

def test_planning_moves_the_appointment_and_writes_a_history_line(shop):
    s = shop.store
    job = book(shop)
    version = s.appointment(job).version
    planned = plan(shop, job, shop.techs[1], 14, 15, minutes=45)
    assert planned.scheduled_at == at(14, 15).astimezone(UTC)
    row = s.appointment(job)
    assert (row.scheduled_at, row.planned_technician_id, row.duration_minutes, row.status, row.version) == \
        (at(14, 15).astimezone(UTC), shop.techs[1], 45, A.SCHEDULED, version + 1)
    assert shop.events("appointment", job)[-1] == ("plan", "scheduled", "scheduled", shop.desk)
    assert "Tech B" in s.history("appointment", job)[-1].note
    raises_exactly(ConflictError, plan, shop, job, shop.techs[0], 9, expected_version=version)
    unplanned = plan(shop, job, None, 10, expected_version=version + 1)
    assert (unplanned.planned_technician_id, unplanned.scheduled_at) == (None, at(10).astimezone(UTC))


@pytest.mark.parametrize("status", [A.IN_PROGRESS, A.COMPLETED, A.CANCELLED])
def test_only_scheduled_and_assigned_appointments_are_planned(shop, status):
    job = appointment_in(shop, status)
    error = raises_exactly(InvalidTransition, plan, shop, job, shop.techs[0], 9)
    assert status.label.lower() in error.message


def test_an_assigned_appointment_stays_on_its_technicians_plan(shop):
    job = appointment_in(shop, A.ASSIGNED, shop.techs[0])
    assert shop.store.appointment(job).planned_technician_id == shop.techs[0]
    raises_exactly(InvalidTransition, plan, shop, job, None, 9)
    moved = plan(shop, job, shop.techs[0], 14)
    assert (moved.status, moved.technician_id, moved.planned_technician_id) == (A.ASSIGNED, shop.techs[0], shop.techs[0])


def test_planning_an_assigned_appointment_for_another_technician_reassigns_it(shop):
    s, a, b = shop.store, shop.techs[0], shop.techs[1]
    job = appointment_in(shop, A.ASSIGNED, a)
    moved = plan(shop, job, b, 13, minutes=30)
    assert (moved.status, moved.technician_id, moved.planned_technician_id) == (A.ASSIGNED, b, b)
    assert shop.events("appointment", job)[-1] == ("assign_technician", "assigned", "assigned", shop.desk)
    assert s.history("appointment", job)[-1].note == "Assigned to Tech B"
    load = {t.technician_id: t.active_jobs for t in s.workload().technicians}
    assert (load[a], load[b]) == (0, 1)
    full = shop.techs[2]
    for hour in (8, 10, 12):  # three active jobs at other times: no room left
        s.assign_technician(book(shop, hour), full, shop.desk)
    raises_exactly(CapacityExceeded, plan, shop, job, full, 15)
    raises_exactly(ValidationError, plan, shop, job, a, 18)  # a plan made ahead keeps to the hours


def test_assigning_defaults_to_the_planned_technician_and_plans_the_assigned_one(shop):
    s, a, b = shop.store, shop.techs[0], shop.techs[1]
    job = book(shop, tech=a)
    assigned = s.assign_technician(job, None, shop.desk)
    assert (assigned.technician_id, assigned.planned_technician_id) == (a, a)
    other = book(shop, tech=a)
    moved = s.assign_technician(other, b, shop.desk)
    assert (moved.technician_id, moved.planned_technician_id) == (b, b)
    raises_exactly(ValidationError, s.assign_technician, book(shop), None, shop.desk)
    s.unassign(other, shop.desk)
    assert s.appointment(other).planned_technician_id == b, "unassigning keeps the plan"


def test_assigning_checks_time_off_and_the_moment_but_not_the_hours(shop):
    s, tech = shop.store, shop.techs[0]
    evening = book(shop, 18)  # a car left after closing
    assert s.assign_technician(evening, tech, shop.desk).planned_technician_id == tech
    s.set_capacity_limit(2, shop.manager)
    s.add_time_off(tech, at(12), at(13), "Dentist", shop.manager)
    raises_exactly(ScheduleConflict, s.assign_technician, book(shop, 12, 30), tech, shop.desk)
    plan(shop, book(shop), tech, 9)
    plan(shop, book(shop), tech, 9)
    raises_exactly(ScheduleConflict, s.assign_technician, book(shop, 9, 30), tech, shop.desk)


def test_planned_jobs_take_no_capacity_until_assigned(shop):
    s, tech = shop.store, shop.techs[0]
    for hour in (8, 10, 12, 14):
        book(shop, hour, tech=tech)
    row = {t.technician_id: t for t in s.workload().technicians}[tech]
    assert (row.active_jobs, row.is_available) == (0, True)


def test_editing_the_time_of_a_planned_job_meets_the_plan_rules(shop):
    s, tech = shop.store, shop.techs[0]
    s.set_capacity_limit(1, shop.manager)
    book(shop, 9, tech=tech)
    job = book(shop, 11, tech=tech)
    raises_exactly(ScheduleConflict, s.update_appointment, job, shop.desk, scheduled_at=at(9, 30))
    raises_exactly(ValidationError, s.update_appointment, job, shop.desk, scheduled_at=at(18))
    s.update_appointment(job, shop.desk, scheduled_at=at(14))
    assert s.appointment(job).scheduled_at == at(14).astimezone(UTC)
