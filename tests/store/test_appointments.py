"""Appointments through the store: booking, every cell of the workflow table, who may move what, stale edits."""

from datetime import date, timedelta

import pytest


from repair_desktop.domain.errors import (ConflictError, InvalidTransition, NotFound, PermissionDenied,
                                          ValidationError)
from repair_desktop.domain.statuses import AppointmentStatus as A
from repair_desktop.domain.transitions import APPOINTMENT_WORKFLOW
from support.store_helpers import (APPOINTMENT_ACTIONS, T0, appointment_in, check_appointment_cell, do_appointment,
                                   raises_exactly)


def test_booking_records_who_when_and_the_first_event(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    appointment = s.book_appointment(shop.vehicle, T0 + timedelta(days=1), "  Oil change  ", shop.desk)
    assert appointment.status == "scheduled" and appointment.status is A.SCHEDULED
    assert appointment.version == 1
    row = s.appointment(appointment.id)
    assert (row.concern, row.customer_id, row.vehicle_id) == ("Oil change", shop.customer, shop.vehicle)
    assert row.scheduled_at == T0 + timedelta(days=1)
    assert row.created_at == clock.now
    assert (row.technician_id, row.technician_name, row.assigned_at) == (None, None, None)
    assert row.customer_name == "Ann Customer" and row.plate == "AB12 CDE"
    assert row.vehicle == "VW Golf (AB12 CDE)"
    [event] = s.history("appointment", appointment.id)
    assert (event.action, event.from_status, event.to_status, event.actor_id, event.at) == \
        ("book", None, "scheduled", shop.desk, clock.now)


@pytest.mark.parametrize("status", list(A))
@pytest.mark.parametrize("action", APPOINTMENT_ACTIONS)
def test_every_move_is_allowed_exactly_when_the_table_allows_it(shop, action, status):
    check_appointment_cell(shop, action, status)


def test_the_matrix_covers_the_whole_table():
    assert set(APPOINTMENT_ACTIONS) == {"assign_technician", "unassign", "start_work", "complete_work", "cancel",
                                        "edit", "plan"}


def test_a_full_life_sets_each_timestamp_and_writes_one_event_per_change(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    tech = shop.techs[0]
    appointment_id = shop.book()
    booked = clock.now
    assigned = clock.advance(minutes=5)
    s.assign_technician(appointment_id, tech, shop.desk)
    started = clock.advance(minutes=30)
    s.start_work(appointment_id, tech)
    completed = clock.advance(hours=2)
    done = s.complete_work(appointment_id, tech)
    assert (done.assigned_at, done.started_at, done.completed_at) == (assigned, started, completed)
    row = s.appointment(appointment_id)
    assert (row.status, row.technician_id, row.technician_name) == ("completed", tech, "Tech A")
    assert (row.assigned_at, row.started_at, row.completed_at) == (assigned, started, completed)
    assert row.version == 4
    assert [(e.action, e.from_status, e.to_status, e.actor_id, e.at) for e in s.history("appointment", appointment_id)] == [
        ("book", None, "scheduled", shop.desk, booked),
        ("assign_technician", "scheduled", "assigned", shop.desk, assigned),
        ("start_work", "assigned", "in_progress", tech, started),
        ("complete_work", "in_progress", "completed", tech, completed),
    ]
    timeline = s.timeline("appointment", appointment_id)
    assert [t.actor_name for t in timeline] == ["Dan Desk", "Dan Desk", "Tech A", "Tech A"]
    assert timeline[1].note == "Assigned to Tech A"


def test_reassigning_moves_the_job_and_unassigning_clears_it(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    a, b = shop.techs[:2]
    appointment_id = appointment_in(shop, A.ASSIGNED, a)
    later = clock.advance(minutes=10)
    moved = s.assign_technician(appointment_id, b, shop.manager)
    assert (moved.status, moved.technician_id, moved.assigned_at) == ("assigned", b, later)
    assert s.workload().technicians[0].active_jobs == 0  # Tech A
    back = s.unassign(appointment_id, shop.desk)
    assert (back.status, back.technician_id, back.assigned_at) == ("scheduled", None, None)
    assert [(e.from_status, e.to_status) for e in s.history("appointment", appointment_id)][-2:] == [
        ("assigned", "assigned"), ("assigned", "scheduled")]


def test_cancelling_keeps_the_reason(shop):
    s = shop.store
    appointment_id = appointment_in(shop, A.IN_PROGRESS)
    cancelled = s.cancel_appointment(appointment_id, "  Parts on back order ", shop.desk)
    assert cancelled.cancel_reason == "Parts on back order" and cancelled.cancelled_at is not None
    assert s.appointment(appointment_id).cancel_reason == "Parts on back order"
    assert s.history("appointment", appointment_id)[-1].note == "Parts on back order"


# --- permissions ---------------------------------------------------------------------------------

#: For each action, a status it is allowed from, in which techs[0] is the job's technician.
PERMISSION_STATUS = {"assign_technician": A.ASSIGNED, "unassign": A.ASSIGNED, "start_work": A.ASSIGNED,
                     "complete_work": A.IN_PROGRESS, "cancel": A.ASSIGNED, "edit": A.ASSIGNED, "plan": A.ASSIGNED}
ACTORS = ["manager", "front_desk", "own_technician", "other_technician"]


def actor_id(shop, who):
    return {"manager": shop.manager, "front_desk": shop.desk, "own_technician": shop.techs[0],
            "other_technician": shop.techs[2]}[who]


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("action", APPOINTMENT_ACTIONS)
def test_who_may_move_an_appointment(shop, action, who):
    s = shop.store
    status = PERMISSION_STATUS[action]
    assert APPOINTMENT_WORKFLOW.allows(action, status)
    appointment_id = appointment_in(shop, status, shop.techs[0])
    rule = APPOINTMENT_WORKFLOW[action]
    actor = actor_id(shop, who)
    role = s.employee(actor).role
    may = role in rule.roles or (rule.owner_may and who == "own_technician")
    expected_may = who in ("manager", "front_desk") or (who == "own_technician" and action in ("start_work",
                                                                                                "complete_work"))
    assert may is expected_may  # the workflow table's "who" column
    before = s.history("appointment", appointment_id)
    if may:
        do_appointment(shop, action, appointment_id, actor, shop.techs[1])
    else:
        error = raises_exactly(PermissionDenied, do_appointment, shop, action, appointment_id, actor, shop.techs[1])
        assert "technician" in str(error)
        assert s.appointment(appointment_id).status == status
        assert len(s.history("appointment", appointment_id)) == len(before)


def test_only_the_desk_books(shop):
    error = raises_exactly(PermissionDenied, shop.store.book_appointment, shop.vehicle, T0, "Tyres", shop.techs[0])
    assert "book appointments" in str(error)


def test_unknown_and_inactive_people_cannot_act(shop):
    s = shop.store
    appointment_id = shop.book()
    raises_exactly(PermissionDenied, s.book_appointment, shop.vehicle, T0, "Tyres", 9999)
    raises_exactly(PermissionDenied, s.assign_technician, appointment_id, shop.techs[0], 9999)
    s.set_employee_active(shop.desk2, False, shop.manager)
    raises_exactly(PermissionDenied, s.assign_technician, appointment_id, shop.techs[0], shop.desk2)
    raises_exactly(PermissionDenied, s.cancel_appointment, appointment_id, "no", shop.desk2)
    # an unknown actor is told to sign in again even where the move itself is impossible
    done = appointment_in(shop, A.COMPLETED)
    raises_exactly(PermissionDenied, s.start_work, done, 9999)
    assert s.appointment(appointment_id).status == "scheduled"


def test_a_technician_taken_off_a_job_can_no_longer_move_it(shop):
    s = shop.store
    a, b = shop.techs[:2]
    appointment_id = appointment_in(shop, A.ASSIGNED, a)
    s.assign_technician(appointment_id, b, shop.desk)
    raises_exactly(PermissionDenied, s.start_work, appointment_id, a)
    assert s.start_work(appointment_id, b).status == "in_progress"


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("concern", ["", "   ", None])
def test_a_booking_needs_a_concern(shop, concern):
    raises_exactly(ValidationError, shop.store.book_appointment, shop.vehicle, T0, concern, shop.desk)
    assert shop.store.count_appointments() == 0


@pytest.mark.parametrize("when", [None, date(2026, 3, 2), "2026-03-02 09:00"])
def test_a_booking_needs_a_date_and_time(shop, when):
    raises_exactly(ValidationError, shop.store.book_appointment, shop.vehicle, when, "Tyres", shop.desk)


def test_unknown_ids_are_not_found(shop):
    s = shop.store
    raises_exactly(NotFound, s.book_appointment, 9999, T0, "Tyres", shop.desk)
    raises_exactly(NotFound, s.appointment, 9999)
    for action in APPOINTMENT_ACTIONS:
        raises_exactly(NotFound, do_appointment, shop, action, 9999, shop.manager, shop.techs[0])
    appointment_id = shop.book()
    raises_exactly(NotFound, s.assign_technician, appointment_id, 9999, shop.desk)
    assert s.history("appointment", 9999) == []


def test_only_active_technicians_take_jobs(shop):
    s = shop.store
    appointment_id = shop.book()
    error = raises_exactly(ValidationError, s.assign_technician, appointment_id, shop.desk2, shop.desk)
    assert "Dora Desk" in str(error)
    s.set_employee_active(shop.techs[2], False, shop.manager)
    raises_exactly(ValidationError, s.assign_technician, appointment_id, shop.techs[2], shop.desk)
    assert s.appointment(appointment_id).status == "scheduled"
    assert len(s.history("appointment", appointment_id)) == 1


def test_assigning_the_same_technician_again_is_refused(shop):
    appointment_id = appointment_in(shop, A.ASSIGNED, shop.techs[0])
    raises_exactly(ValidationError, shop.store.assign_technician, appointment_id, shop.techs[0], shop.desk)


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_cancelling_needs_a_reason(shop, reason):
    appointment_id = shop.book()
    raises_exactly(ValidationError, shop.store.cancel_appointment, appointment_id, reason, shop.desk)
    assert shop.store.appointment(appointment_id).status == "scheduled"


def test_an_edit_cannot_blank_the_concern(shop):
    appointment_id = shop.book()
    raises_exactly(ValidationError, shop.store.update_appointment, appointment_id, shop.desk, concern="  ")
    assert shop.store.appointment(appointment_id).concern == "Brakes squeal"


# --- stale edits -----------------------------------------------------------------------------------

def test_a_stale_edit_is_refused_naming_who_changed_it(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    appointment_id = shop.book()
    seen = s.appointment(appointment_id)  # Dan opens the form
    changed_at = clock.advance(minutes=3)
    s.update_appointment(appointment_id, shop.desk2, expected_version=seen.version, concern="Brakes and tyres")
    clock.advance(minutes=1)
    error = raises_exactly(ConflictError, s.update_appointment, appointment_id, shop.desk,
                           expected_version=seen.version, concern="Brakes only")
    assert error.changed_by == "Dora Desk" and "Dora Desk" in str(error)
    assert error.changed_at == changed_at
    assert s.appointment(appointment_id).concern == "Brakes and tyres"
    fresh = s.appointment(appointment_id)
    assert fresh.version == seen.version + 1
    s.update_appointment(appointment_id, shop.desk, expected_version=fresh.version, concern="Brakes only")
    assert s.appointment(appointment_id).concern == "Brakes only"


@pytest.mark.parametrize("action", ["assign_technician", "unassign", "cancel"])
def test_a_stale_move_is_refused_and_changes_nothing(shop, action):
    s = shop.store
    appointment_id = appointment_in(shop, A.ASSIGNED, shop.techs[0])
    seen = s.appointment(appointment_id)
    s.update_appointment(appointment_id, shop.manager, concern="Also the wipers")
    events = len(s.history("appointment", appointment_id))
    call = {"assign_technician": lambda: s.assign_technician(appointment_id, shop.techs[1], shop.desk,
                                                             expected_version=seen.version),
            "unassign": lambda: s.unassign(appointment_id, shop.desk, expected_version=seen.version),
            "cancel": lambda: s.cancel_appointment(appointment_id, "gone", shop.desk,
                                                   expected_version=seen.version)}[action]
    error = raises_exactly(ConflictError, call)
    assert error.changed_by == "Maria Manager"
    row = s.appointment(appointment_id)
    assert (row.status, row.technician_id, row.version) == ("assigned", shop.techs[0], seen.version + 1)
    assert len(s.history("appointment", appointment_id)) == events


def test_refusals_leave_no_trace(shop):
    s = shop.store
    appointment_id = appointment_in(shop, A.COMPLETED)
    before = (s.appointment(appointment_id), s.history("appointment", appointment_id))
    for action in APPOINTMENT_ACTIONS:
        with pytest.raises(InvalidTransition):
            do_appointment(shop, action, appointment_id, shop.manager, shop.techs[1])
    after = (s.appointment(appointment_id), s.history("appointment", appointment_id))
    assert after[0] == before[0]
    assert [e.id for e in after[1]] == [e.id for e in before[1]]
