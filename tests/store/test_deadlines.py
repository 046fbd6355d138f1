"""Callback deadlines in the store: targets as shop settings, each callback's deadlines, the late and at-risk
filters, and announcing passed deadlines exactly once."""

from datetime import timedelta

import pytest

from repair_desktop.domain.deadlines import DEFAULT_TARGETS, DeadlineKind, DeadlineState, DeadlineTarget
from repair_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from repair_desktop.domain.statuses import CallbackStatus as C, Priority
from repair_desktop.store import CallbackFilter
from support.store_helpers import T0, callback_in, raises_exactly

HOUR = timedelta(hours=1)


def late_notes(store, employee):
    return [(n.kind, n.entity_id) for n in store.notifications(employee) if n.kind.endswith("_late")]


def test_a_new_shop_has_the_default_targets(store):
    assert store.deadline_targets() == DEFAULT_TARGETS
    assert list(store.deadline_targets()) == [Priority.URGENT, Priority.HIGH, Priority.MEDIUM, Priority.LOW]


@pytest.mark.parametrize("priority, respond_hours, resolve_hours",
                         [("urgent", 2, 8), ("high", 8, 24), ("medium", 24, 72), ("low", 72, 168)])
def test_each_priority_gets_its_targets_from_creation(clocked_shop, clock, priority, respond_hours, resolve_hours):
    clock.advance(minutes=7)
    row = clocked_shop.store.callback(clocked_shop.new_callback(priority=priority, at=T0 - HOUR))
    assert row.respond_by == clock.now + respond_hours * HOUR
    assert row.resolve_by == clock.now + resolve_hours * HOUR  # booked for a time already begun


def test_resolution_runs_from_the_scheduled_time_when_that_is_later(clocked_shop, clock):
    created = clocked_shop.store.create_callback(clocked_shop.customer, T0 + 48 * HOUR, "Later", "urgent",
                                                 clocked_shop.desk)
    assert (created.respond_by, created.resolve_by) == (T0 + 2 * HOUR, T0 + 56 * HOUR)


def test_a_priority_or_schedule_change_recomputes_the_deadlines(clocked_shop, clock):
    s = clocked_shop.store
    callback_id = clocked_shop.new_callback(priority="low", at=T0)
    clock.advance(hours=1)  # deadlines still run from creation, not from the edit
    s.update_callback(callback_id, clocked_shop.desk, priority="urgent")
    row = s.callback(callback_id)
    assert (row.respond_by, row.resolve_by) == (T0 + 2 * HOUR, T0 + 8 * HOUR)
    s.update_callback(callback_id, clocked_shop.desk, scheduled_at=T0 + 24 * HOUR)
    assert s.callback(callback_id).resolve_by == T0 + 32 * HOUR
    s.update_callback(callback_id, clocked_shop.desk, notes="Gate code 1234")  # no change to them
    assert s.callback(callback_id).respond_by == T0 + 2 * HOUR


def test_the_manager_sets_targets_and_only_the_given_priorities_change(clocked_shop):
    s = clocked_shop.store
    changed = s.set_deadline_targets({"urgent": (30, 240), Priority.LOW: (600, 6000)}, clocked_shop.manager)
    assert changed == s.deadline_targets() == {**DEFAULT_TARGETS, Priority.URGENT: DeadlineTarget(30, 240),
                                              Priority.LOW: DeadlineTarget(600, 6000)}
    row = s.callback(clocked_shop.new_callback(priority="urgent", at=T0))
    assert (row.respond_by, row.resolve_by) == (T0 + timedelta(minutes=30), T0 + 4 * HOUR)
    s.set_deadline_targets({"urgent": (45, 240)}, clocked_shop.manager)
    assert s.deadline_targets()[Priority.URGENT] == DeadlineTarget(45, 240)
    assert s.deadline_targets()[Priority.LOW] == DeadlineTarget(600, 6000)


def test_a_target_change_leaves_existing_callbacks_deadlines_as_promised(clocked_shop):
    s = clocked_shop.store
    callback_id = clocked_shop.new_callback(priority="urgent", at=T0)
    s.set_deadline_targets({"urgent": (30, 60)}, clocked_shop.manager)
    assert s.callback(callback_id).respond_by == T0 + 2 * HOUR


@pytest.mark.parametrize("targets", [{"urgent": (0, 60)}, {"urgent": (60, -1)}, {"urgent": (1.5, 60)},
                                     {"asap": (60, 60)}, {"high": (60, 120), "low": (60, 0)}])
def test_bad_targets_are_refused_and_nothing_changes(clocked_shop, targets):
    s = clocked_shop.store
    raises_exactly(ValidationError, s.set_deadline_targets, targets, clocked_shop.manager)
    assert s.deadline_targets() == DEFAULT_TARGETS


@pytest.mark.parametrize("who", ["desk", "techs"])
def test_only_a_manager_sets_targets(clocked_shop, who):
    actor = getattr(clocked_shop, who)
    actor = actor[0] if isinstance(actor, list) else actor
    raises_exactly(PermissionDenied, clocked_shop.store.set_deadline_targets, {"urgent": (60, 120)}, actor)
    assert clocked_shop.store.deadline_targets() == DEFAULT_TARGETS


def test_rows_carry_their_next_deadline_and_its_state(clocked_shop, clock):
    s = clocked_shop.store
    callback_id = clocked_shop.new_callback(priority="urgent", at=T0)
    nxt = s.callback(callback_id).next_deadline
    assert (nxt.kind, nxt.due, nxt.state(clock.now)) == (DeadlineKind.RESPOND, T0 + 2 * HOUR, DeadlineState.ON_TIME)
    s.claim_callback(callback_id, clocked_shop.techs[0])
    nxt = s.callback(callback_id).next_deadline
    assert (nxt.kind, nxt.due) == (DeadlineKind.RESOLVE, T0 + 8 * HOUR)
    assert nxt.state(T0 + 6 * HOUR) == DeadlineState.AT_RISK


def test_the_board_filters_late_and_at_risk_callbacks(clocked_shop, clock):
    s = clocked_shop.store
    urgent = clocked_shop.new_callback("urgent", priority="urgent", at=T0)  # respond by 11:00, at risk 10:30
    medium = clocked_shop.new_callback("medium", priority="medium", at=T0)  # respond by 09:00 tomorrow
    claimed = clocked_shop.new_callback("claimed", priority="urgent", at=T0)  # resolve by 17:00, at risk 15:00
    s.claim_callback(claimed, clocked_shop.techs[0])
    done = clocked_shop.new_callback("done", priority="urgent", at=T0)
    for step in ("claim_callback", "start_callback", "resolve_callback"):
        getattr(s, step)(done, clocked_shop.techs[1])

    def listed(state):
        rows = s.list_callbacks(CallbackFilter(deadline=state)).rows
        assert s.count_callbacks(CallbackFilter(deadline=state)) == len(rows)
        return sorted(r.id for r in rows)

    assert listed(DeadlineState.LATE) == listed(DeadlineState.AT_RISK) == []
    assert listed(DeadlineState.ON_TIME) == sorted([urgent, medium, claimed])
    clock.now = T0 + 1.5 * HOUR
    assert listed(DeadlineState.AT_RISK) == [urgent]
    clock.now = T0 + 2 * HOUR
    assert listed(DeadlineState.AT_RISK) == [urgent]  # due this very moment: not late yet
    clock.now += timedelta(microseconds=1)
    assert listed(DeadlineState.LATE) == [urgent]
    clock.now = T0 + 7 * HOUR
    assert (listed(DeadlineState.LATE), listed(DeadlineState.AT_RISK)) == ([urgent], [claimed])
    clock.now = T0 + 30 * HOUR
    assert listed(DeadlineState.LATE) == sorted([urgent, medium, claimed])
    page = s.list_callbacks(CallbackFilter(deadline=DeadlineState.LATE, text="medium")).rows
    assert [r.id for r in page] == [medium]


def test_a_passed_response_is_announced_once_to_the_managers_and_the_creator(clocked_shop, clock):
    s = clocked_shop.store
    callback_id = clocked_shop.new_callback(priority="urgent", at=T0)
    clock.now = T0 + 2 * HOUR
    assert s.check_deadlines() == 0  # due now, not passed
    clock.advance(seconds=1)
    assert s.check_deadlines() == 1
    assert s.check_deadlines() == 0
    clock.advance(hours=1)
    assert s.check_deadlines() == 0
    for person in (clocked_shop.manager, clocked_shop.desk):
        assert late_notes(s, person) == [("callback_respond_late", callback_id)]
    assert late_notes(s, clocked_shop.desk2) == late_notes(s, clocked_shop.techs[0]) == []
    text = s.notifications(clocked_shop.manager)[0].text
    assert s.callback(callback_id).job_number in text and "picked it up" in text


def test_a_passed_resolution_is_announced_while_unresolved_and_the_response_only_while_pending(clocked_shop, clock):
    s = clocked_shop.store
    claimed = clocked_shop.new_callback(priority="urgent", at=T0)
    s.claim_callback(claimed, clocked_shop.techs[0])  # responded in time
    resolved = callback_in(clocked_shop, C.RESOLVED, clocked_shop.techs[1])
    cancelled = callback_in(clocked_shop, C.CANCELLED)
    clock.now = T0 + 100 * HOUR  # every deadline of these has passed
    assert s.check_deadlines() == 1
    assert late_notes(s, clocked_shop.manager) == [("callback_resolve_late", claimed)]
    assert resolved and cancelled


def test_a_pending_callback_past_both_deadlines_is_announced_for_each(clocked_shop, clock):
    s = clocked_shop.store
    callback_id = clocked_shop.new_callback(priority="urgent", at=T0)
    clock.now = T0 + 3 * HOUR
    assert s.check_deadlines() == 1
    clock.now = T0 + 9 * HOUR
    assert s.check_deadlines() == 1
    assert sorted(late_notes(s, clocked_shop.manager)) == [("callback_resolve_late", callback_id),
                                                           ("callback_respond_late", callback_id)]


def test_a_deadline_moved_back_into_the_future_is_a_new_promise(clocked_shop, clock):
    s = clocked_shop.store
    callback_id = clocked_shop.new_callback(priority="urgent", at=T0)
    clock.now = T0 + 3 * HOUR
    assert s.check_deadlines() == 1
    s.update_callback(callback_id, clocked_shop.desk, priority="high")  # respond by 17:00 now
    assert s.check_deadlines() == 0
    clock.now = T0 + 9 * HOUR
    assert s.check_deadlines() == 1
    assert late_notes(s, clocked_shop.manager) == [("callback_respond_late", callback_id)] * 2


def test_deleted_callbacks_and_deactivated_people_are_left_out(clocked_shop, clock):
    s = clocked_shop.store
    deleted = clocked_shop.new_callback(priority="urgent", at=T0)
    s.delete_callback(deleted, clocked_shop.manager)
    kept = clocked_shop.new_callback(priority="urgent", at=T0)
    s.set_employee_active(clocked_shop.desk, False, clocked_shop.manager)  # the creator has left
    clock.now = T0 + 3 * HOUR
    assert s.check_deadlines() == 1
    assert late_notes(s, clocked_shop.manager) == [("callback_respond_late", kept)]
    assert late_notes(s, clocked_shop.desk) == []


def test_nothing_late_costs_one_read_and_no_write(clocked_shop, clock):
    s = clocked_shop.store
    clocked_shop.new_callback(priority="low", at=T0)
    before = s.latest_change_id()
    assert s.check_deadlines() == 0
    assert s.latest_change_id() == before


def test_unknown_callbacks_stay_not_found(clocked_shop):
    raises_exactly(NotFound, clocked_shop.store.update_callback, 999, clocked_shop.desk, priority="urgent")
