"""Callbacks through the store: contracts, every cell of the workflow, claims, helpers, deleting, stale edits."""

import re
import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url


from repair_desktop.domain.errors import (AlreadyClaimed, CapacityExceeded, ConflictError, InvalidTransition,
                                          NoActiveContract, NotFound, PermissionDenied, ValidationError)
from repair_desktop.domain.statuses import CallbackStatus as C, Priority
from repair_desktop.domain.transitions import CALLBACK_WORKFLOW
from repair_desktop.store import CallbackFilter
from support.store_helpers import (CALLBACK_ACTIONS, T0, callback_in, check_callback_cell, do_callback, raises_exactly)


def local_noon(day: date) -> datetime:
    """Noon on ``day`` on this PC's clock: the store checks contracts by the local day."""
    return datetime(day.year, day.month, day.day, 12, 0).astimezone()


def test_creating_a_callback_numbers_it_and_records_who(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    first = s.create_callback(shop.customer, T0, "  Noise from the front  ", "high", shop.desk,
                              notes="  after the brake job ", issue_type="  ")
    second = s.create_callback(shop.customer, T0, "Oil leak", Priority.URGENT, shop.manager)
    assert first.status is C.PENDING and first.priority is Priority.HIGH and first.priority == "high"
    assert first.job_number == f"CB-{clock.now.astimezone().year}-{first.id:05d}"
    assert re.fullmatch(r"CB-\d{4}-\d{5}", second.job_number) and second.job_number != first.job_number
    row = s.callback(first.id)
    assert (row.description, row.notes, row.issue_type) == ("Noise from the front", "after the brake job", None)
    assert (row.created_by_name, row.created_at, row.claimed_by, row.technician_count) == \
        ("Dan Desk", clock.now, None, 0)
    assert (row.customer_name, row.customer_phone) == ("Ann Customer", "555-0100")
    assert [(e.action, e.from_status, e.to_status, e.actor_id) for e in s.history("callback", first.id)] == [
        ("create_callback", None, "pending", shop.desk)]


@pytest.mark.parametrize("status", list(C))
@pytest.mark.parametrize("action", CALLBACK_ACTIONS)
def test_every_move_is_allowed_exactly_when_the_table_allows_it(shop, action, status):
    check_callback_cell(shop, action, status)


def test_the_matrix_covers_the_whole_table():
    assert set(CALLBACK_ACTIONS) == {"claim_callback", "start_callback", "resolve_callback", "close_callback",
                                     "reassign_callback", "release_callback", "cancel_callback", "add_helper",
                                     "edit", "delete_callback"}


def test_a_full_life_sets_each_timestamp(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    tech = shop.techs[0]
    callback_id = shop.new_callback()
    created = s.callback(callback_id).version
    claimed = clock.advance(minutes=1)
    s.claim_callback(callback_id, tech)
    started = clock.advance(minutes=1)
    s.start_callback(callback_id, tech)
    resolved = clock.advance(minutes=1)
    s.resolve_callback(callback_id, tech)
    closed = clock.advance(minutes=1)
    done = s.close_callback(callback_id, shop.desk)
    assert (done.claimed_at, done.started_at, done.resolved_at, done.closed_at) == (claimed, started, resolved, closed)
    row = s.callback(callback_id)
    assert (row.status, row.claimed_by, row.claimed_by_name, row.version) == ("closed", tech, "Tech A", created + 4)
    assert [(e.action, e.actor_id, e.at) for e in s.history("callback", callback_id)][1:] == [
        ("claim_callback", tech, claimed), ("start_callback", tech, started), ("resolve_callback", tech, resolved),
        ("close_callback", shop.desk, closed)]


# --- contracts -------------------------------------------------------------------------------------

def contract_case(shop, case):
    """A customer whose contracts make ``case`` true for 2026-06-15; returns (customer id, day)."""
    s = shop.store
    customer = s.add_customer(f"Customer {case}").id
    day = date(2026, 6, 15)
    if case == "expired":
        s.add_contract(customer, date(2025, 6, 15), day - timedelta(days=1))
    elif case == "cancelled":
        s.cancel_contract(s.add_contract(customer, date(2026, 1, 1), date(2026, 12, 31)).id, shop.desk)
    elif case == "not_yet_started":
        s.add_contract(customer, day + timedelta(days=1), date(2027, 6, 15))
    elif case == "other_customer":
        s.add_contract(shop.customer, date(2026, 1, 1), date(2026, 12, 31))
    elif case == "starts_that_day":
        s.add_contract(customer, day, date(2026, 12, 31))
    elif case == "ends_that_day":
        s.add_contract(customer, date(2026, 1, 1), day)
    elif case == "one_of_several":
        s.add_contract(customer, date(2024, 1, 1), date(2024, 12, 31))
        s.cancel_contract(s.add_contract(customer, date(2026, 1, 1), date(2026, 12, 31)).id, shop.desk)
        s.add_contract(customer, date(2026, 6, 1), date(2026, 6, 30))
    elif case == "renewed":
        old = s.add_contract(customer, date(2025, 1, 1), date(2025, 12, 31))
        s.renew_contract(old.id, date(2026, 12, 31), shop.desk)
    elif case == "renewed_after_cancelling":
        contract = s.add_contract(customer, date(2026, 1, 1), date(2026, 12, 31))
        s.cancel_contract(contract.id, shop.desk)
        s.renew_contract(contract.id, date(2026, 12, 31), shop.desk)
    return customer, day


@pytest.mark.parametrize("case", ["none", "expired", "cancelled", "not_yet_started", "other_customer"])
def test_no_callback_without_a_contract_active_that_day(shop, case):
    customer, day = contract_case(shop, case)
    error = raises_exactly(NoActiveContract, shop.store.create_callback, customer, local_noon(day), "Noise", "high",
                           shop.desk)
    assert f"Customer {case}" in str(error) and "15 Jun 2026" in str(error)
    assert shop.store.count_callbacks() == 0
    assert shop.store.customers_with_active_contract(day, f"{case}") == []


@pytest.mark.parametrize("case", ["starts_that_day", "ends_that_day", "one_of_several", "renewed",
                                  "renewed_after_cancelling"])
def test_a_contract_active_that_day_allows_a_callback(shop, case):
    customer, day = contract_case(shop, case)
    callback = shop.store.create_callback(customer, local_noon(day), "Noise", "high", shop.desk)
    assert callback.customer_id == customer
    assert [c.id for c in shop.store.customers_with_active_contract(day, case.split("_")[0])] == [customer]


def test_moving_a_callback_outside_the_contract_is_refused(shop):
    s = shop.store
    customer, day = contract_case(shop, "ends_that_day")
    callback_id = s.create_callback(customer, local_noon(day), "Noise", "high", shop.desk).id
    raises_exactly(NoActiveContract, s.update_callback, callback_id, shop.desk,
                   scheduled_at=local_noon(day + timedelta(days=1)))
    assert s.callback(callback_id).scheduled_at == local_noon(day)


# --- bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("description", ["", "   ", None])
def test_a_callback_needs_a_description(shop, description):
    raises_exactly(ValidationError, shop.store.create_callback, shop.customer, T0, description, "high", shop.desk)
    assert shop.store.count_callbacks() == 0


@pytest.mark.parametrize("priority", ["critical", "", None, "URGENT"])
def test_a_callback_needs_a_known_priority(shop, priority):
    raises_exactly(ValidationError, shop.store.create_callback, shop.customer, T0, "Noise", priority, shop.desk)


@pytest.mark.parametrize("when", [None, date(2026, 3, 2), "tomorrow"])
def test_a_callback_needs_a_date_and_time(shop, when):
    raises_exactly(ValidationError, shop.store.create_callback, shop.customer, when, "Noise", "high", shop.desk)


def test_only_the_desk_creates_callbacks(shop):
    raises_exactly(PermissionDenied, shop.store.create_callback, shop.customer, T0, "Noise", "high", shop.techs[0])
    raises_exactly(PermissionDenied, shop.store.create_callback, shop.customer, T0, "Noise", "high", 9999)


def test_unknown_ids_are_not_found(shop):
    s = shop.store
    raises_exactly(NotFound, s.create_callback, 9999, T0, "Noise", "high", shop.desk)
    raises_exactly(NotFound, s.callback, 9999)
    for action in CALLBACK_ACTIONS:
        raises_exactly(NotFound, do_callback, shop, action, 9999, shop.manager, shop.techs[0])
    callback_id = callback_in(shop, C.OPEN)
    raises_exactly(NotFound, s.reassign_callback, callback_id, 9999, shop.desk)
    raises_exactly(NotFound, s.add_helper, callback_id, 9999, shop.desk)


def test_edits_are_validated(shop):
    s = shop.store
    callback_id = shop.new_callback()
    raises_exactly(ValidationError, s.update_callback, callback_id, shop.desk, description=" ")
    raises_exactly(ValidationError, s.update_callback, callback_id, shop.desk, priority="asap")
    s.update_callback(callback_id, shop.desk, priority="urgent", notes=" ring first ", issue_type="Noise")
    row = s.callback(callback_id)
    assert (row.priority, row.notes, row.issue_type, row.description) == \
        ("urgent", "ring first", "Noise", "Check the A/C after service")


# --- claiming and permissions ---------------------------------------------------------------------------

def test_a_claim_taken_is_refused_naming_the_winner(shop):
    s = shop.store
    a, b = shop.techs[:2]
    callback_id = shop.new_callback()
    s.claim_callback(callback_id, a)
    error = raises_exactly(AlreadyClaimed, s.claim_callback, callback_id, b)
    assert "Tech A" in str(error) and s.callback(callback_id).job_number in str(error)
    mine = raises_exactly(AlreadyClaimed, s.claim_callback, callback_id, a)
    assert "by you" in str(mine)
    assert s.callback(callback_id).claimed_by == a
    assert len(s.history("callback", callback_id)) == 2


@pytest.mark.parametrize("who", ["manager", "front_desk"])
def test_only_technicians_claim_and_only_for_themselves(shop, who):
    s = shop.store
    callback_id = shop.new_callback()
    raises_exactly(PermissionDenied, s.claim_callback, callback_id, shop.manager if who == "manager" else shop.desk)
    assert s.callback(callback_id).status == "pending"


#: action -> (status it is allowed from, who may: set of "manager", "front_desk", "claimer", "other_technician")
CALLBACK_PERMISSIONS = {
    "claim_callback": (C.PENDING, {"claimer", "other_technician"}),  # any technician, for themselves
    "start_callback": (C.OPEN, {"claimer"}),
    "resolve_callback": (C.IN_PROGRESS, {"claimer"}),
    "close_callback": (C.RESOLVED, {"manager", "front_desk"}),
    "reassign_callback": (C.OPEN, {"manager", "front_desk"}),
    "release_callback": (C.OPEN, {"manager", "front_desk"}),
    "cancel_callback": (C.IN_PROGRESS, {"manager", "front_desk"}),
    "add_helper": (C.IN_PROGRESS, {"manager", "front_desk"}),
    "edit": (C.OPEN, {"manager", "front_desk"}),
    "delete_callback": (C.RESOLVED, {"manager", "front_desk"}),
}


def test_the_permission_cases_cover_the_table():
    assert set(CALLBACK_PERMISSIONS) == set(CALLBACK_ACTIONS)
    for action, (status, _) in CALLBACK_PERMISSIONS.items():
        assert CALLBACK_WORKFLOW.allows(action, status)


@pytest.mark.parametrize("who", ["manager", "front_desk", "claimer", "other_technician"])
@pytest.mark.parametrize("action", CALLBACK_ACTIONS)
def test_who_may_move_a_callback(shop, action, who):
    s = shop.store
    status, allowed = CALLBACK_PERMISSIONS[action]
    claimer, target, other = shop.techs
    callback_id = callback_in(shop, status, claimer) if action != "claim_callback" else shop.new_callback()
    actor = {"manager": shop.manager, "front_desk": shop.desk, "claimer": claimer, "other_technician": other}[who]
    rule = CALLBACK_WORKFLOW[action]
    by_table = s.employee(actor).role in rule.roles or (rule.owner_may and who == "claimer")
    assert by_table is (who in allowed)
    events = len(s.history("callback", callback_id))
    if who in allowed:
        do_callback(shop, action, callback_id, actor, target)
    else:
        raises_exactly(PermissionDenied, do_callback, shop, action, callback_id, actor, target)
        row = s.callback(callback_id)
        assert (row.status, row.claimed_by) == (status, None if status is C.PENDING else claimer)
        assert len(s.history("callback", callback_id)) == events


def test_after_a_reassignment_only_the_new_claimer_moves_the_job(shop):
    s = shop.store
    a, b = shop.techs[:2]
    callback_id = callback_in(shop, C.OPEN, a)
    s.reassign_callback(callback_id, b, shop.desk)
    raises_exactly(PermissionDenied, s.start_callback, callback_id, a)
    s.start_callback(callback_id, b)
    raises_exactly(PermissionDenied, s.resolve_callback, callback_id, a)
    assert s.resolve_callback(callback_id, b).status == "resolved"


def test_releasing_puts_the_job_back_in_the_pool(shop):
    s = shop.store
    a, b = shop.techs[:2]
    callback_id = callback_in(shop, C.OPEN, a)
    released = s.release_callback(callback_id, shop.desk)
    assert (released.status, released.claimed_by, released.claimed_at) == ("pending", None, None)
    assert callback_id in [c.id for c in s.available_callbacks()]
    assert s.my_callbacks(a) == []
    assert s.claim_callback(callback_id, b).claimed_by == b


def test_reassigning_keeps_the_status_and_checks_the_new_technician(shop):
    s = shop.store
    a, b, c = shop.techs
    callback_id = callback_in(shop, C.IN_PROGRESS, a)
    raises_exactly(ValidationError, s.reassign_callback, callback_id, a, shop.desk)
    raises_exactly(ValidationError, s.reassign_callback, callback_id, shop.desk2, shop.desk)
    for _ in range(3):
        callback_in(shop, C.OPEN, c)
    raises_exactly(CapacityExceeded, s.reassign_callback, callback_id, c, shop.desk)
    moved = s.reassign_callback(callback_id, b, shop.desk)
    assert (moved.status, moved.claimed_by) == ("in_progress", b)
    assert s.history("callback", callback_id)[-1].note == "Reassigned to Tech B"


# --- helpers ---------------------------------------------------------------------------------------

def test_helpers_are_counted_on_the_job_but_not_against_capacity(shop):
    s = shop.store
    a, b, c = shop.techs
    callback_id = callback_in(shop, C.OPEN, a)
    for _ in range(3):
        callback_in(shop, C.OPEN, b)  # b is full
    s.add_helper(callback_id, b, shop.desk)
    s.add_helper(callback_id, c, shop.manager)
    assert s.callback(callback_id).technician_count == 3
    loads = {t.technician_id: t.active_jobs for t in s.workload().technicians}
    assert loads == {a: 1, b: 3, c: 0}
    raises_exactly(ValidationError, s.add_helper, callback_id, b, shop.desk)  # already helping
    raises_exactly(ValidationError, s.add_helper, callback_id, a, shop.desk)  # the claimer
    raises_exactly(ValidationError, s.add_helper, callback_id, shop.desk2, shop.desk)  # not a technician
    # a helper who becomes the claimer is no longer also a helper
    s.reassign_callback(callback_id, c, shop.desk)
    assert s.callback(callback_id).technician_count == 2


# --- deleting ---------------------------------------------------------------------------------------

def every_listing(s, technician):
    ids = set()
    ids |= {c.id for c in s.available_callbacks()}
    ids |= {c.id for c in s.my_callbacks(technician)}
    for sort in ("priority", "scheduled_at", "job_number", "status", "customer", "created_at"):
        ids |= {r.id for r in s.list_callbacks(sort=sort, limit=1000).rows}
    for status in C:
        ids |= {r.id for r in s.list_callbacks(CallbackFilter(statuses=frozenset({status})), limit=1000).rows}
    ids |= {r.id for r in s.list_callbacks(CallbackFilter(text="Check"), limit=1000).rows}
    return ids


@pytest.mark.parametrize("status", [C.PENDING, C.RESOLVED, C.CLOSED, C.CANCELLED])
def test_deleting_hides_the_callback_everywhere_but_keeps_row_and_history(clocked_shop, clock, sqlite_url, status):
    shop, s = clocked_shop, clocked_shop.store
    tech = shop.techs[0]
    keep = callback_in(shop, C.PENDING)
    gone = callback_in(shop, status, tech)
    history = shop.events("callback", gone)
    assert gone in every_listing(s, tech)
    count = s.count_callbacks()
    deleted_at = clock.advance(minutes=5)
    s.delete_callback(gone, shop.desk2)
    assert gone not in every_listing(s, tech) and keep in every_listing(s, tech)
    assert s.count_callbacks() == count - 1
    assert s.count_callbacks(CallbackFilter(statuses=frozenset({status}))) == (1 if status is C.PENDING else 0)
    raises_exactly(NotFound, s.callback, gone)
    raises_exactly(NotFound, s.delete_callback, gone, shop.desk)
    raises_exactly(NotFound, s.claim_callback, gone, shop.techs[1])
    raises_exactly(NotFound, s.update_callback, gone, shop.desk, description="back?")
    # the history stays, with who deleted it and when
    assert shop.events("callback", gone) == [*history, ("delete_callback", status, status, shop.desk2)]
    assert s.history("callback", gone)[-1].at == deleted_at
    assert s.timeline("callback", gone)[-1].actor_name == "Dora Desk"
    # and so does the row
    with closing(sqlite3.connect(make_url(sqlite_url).database)) as raw:
        row = raw.execute("SELECT status, deleted_by, deleted_at IS NOT NULL, description FROM callbacks "
                          "WHERE id = ?", (gone,)).fetchone()
    assert row == (status.value, shop.desk2, 1, "Check the A/C after service")


@pytest.mark.parametrize("status", [C.OPEN, C.IN_PROGRESS])
def test_deleting_a_job_a_technician_holds_is_refused(shop, status):
    s = shop.store
    callback_id = callback_in(shop, status)
    error = raises_exactly(InvalidTransition, s.delete_callback, callback_id, shop.manager)
    assert "technician holds it" in str(error)
    assert s.callback(callback_id).status == status
    assert callback_id in {c.id for c in s.my_callbacks(shop.techs[0])}


def test_technicians_cannot_delete(shop):
    s = shop.store
    callback_id = callback_in(shop, C.RESOLVED)
    raises_exactly(PermissionDenied, s.delete_callback, callback_id, shop.techs[0])
    assert s.callback(callback_id).status == "resolved"


# --- lists -----------------------------------------------------------------------------------------

def test_available_jobs_are_pending_sorted_by_priority_then_response_deadline(clocked_shop, clock):
    shop = clocked_shop
    s = shop.store
    made = {}
    # created 10 minutes apart, so the response deadlines follow creation, not the scheduled times
    for i, (priority, hours) in enumerate([("low", 0), ("urgent", 5), ("medium", 1), ("urgent", 2), ("high", 3),
                                           ("medium", 1), ("low", -1)]):
        made[i] = shop.new_callback(f"job {i}", priority, T0 + timedelta(hours=hours))
        clock.advance(minutes=10)
    s.claim_callback(made[4], shop.techs[0])
    s.cancel_callback(made[6], "dup", shop.desk)
    got = [c.id for c in s.available_callbacks()]
    assert got == [made[1], made[3], made[2], made[5], made[0]]
    s.update_callback(made[1], shop.desk, priority="high")  # its deadline moves later than the other urgent one's
    assert [c.id for c in s.available_callbacks()] == [made[3], made[1], made[2], made[5], made[0]]
    mine = [callback_in(shop, C.OPEN, shop.techs[1]) for _ in range(2)]
    s.update_callback(mine[1], shop.desk, priority="urgent")
    s.start_callback(mine[0], shop.techs[1])
    assert [c.id for c in s.my_callbacks(shop.techs[1])] == [mine[1], mine[0]]
    s.resolve_callback(mine[0], shop.techs[1])
    assert [c.id for c in s.my_callbacks(shop.techs[1])] == [mine[1]]


# --- stale edits -----------------------------------------------------------------------------------

def test_a_stale_edit_is_refused_naming_who_changed_it(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    callback_id = shop.new_callback()
    seen = s.callback(callback_id)
    changed_at = clock.advance(minutes=2)
    s.update_callback(callback_id, shop.manager, expected_version=seen.version, priority="urgent")
    error = raises_exactly(ConflictError, s.update_callback, callback_id, shop.desk, expected_version=seen.version,
                           description="Mine")
    assert (error.changed_by, error.changed_at) == ("Maria Manager", changed_at)
    assert "Maria Manager" in str(error)
    assert s.callback(callback_id).description == "Check the A/C after service"
    for call in (lambda: s.cancel_callback(callback_id, "x", shop.desk, expected_version=seen.version),
                 lambda: s.release_callback(callback_id, shop.desk, expected_version=seen.version),
                 lambda: s.reassign_callback(callback_id, shop.techs[1], shop.desk, expected_version=seen.version)):
        raises_exactly(ConflictError, call)
    row = s.callback(callback_id)
    assert (row.status, row.priority, row.version) == ("pending", "urgent", seen.version + 1)


def test_a_claim_moves_the_version_on_so_an_open_form_goes_stale(shop):
    s = shop.store
    callback_id = shop.new_callback()
    seen = s.callback(callback_id)
    s.claim_callback(callback_id, shop.techs[0])
    error = raises_exactly(ConflictError, s.update_callback, callback_id, shop.desk, expected_version=seen.version,
                           notes="call first")
    assert error.changed_by == "Tech A"
