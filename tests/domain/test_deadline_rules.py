"""Deadline targets, the moments they give, and a deadline's state at a moment."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from repair_desktop.domain.deadlines import (DEFAULT_TARGETS, DeadlineKind, DeadlineState, DeadlineTarget,
                                             check_targets, deadline_state, deadlines_for, next_deadline)
from repair_desktop.domain.errors import ValidationError
from repair_desktop.domain.statuses import CallbackStatus as C, Priority

CREATED = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def test_the_default_targets_are_the_shops_promises():
    assert {p: (t.respond_minutes / 60, t.resolve_minutes / 60) for p, t in DEFAULT_TARGETS.items()} == {
        Priority.URGENT: (2, 8), Priority.HIGH: (8, 24), Priority.MEDIUM: (24, 72), Priority.LOW: (72, 168)}


def test_response_runs_from_creation_and_resolution_from_the_later_of_creation_and_the_visit():
    target = DeadlineTarget(120, 480)
    soon = deadlines_for(target, CREATED, CREATED - timedelta(hours=1))  # booked for a time already begun
    assert (soon.respond_by, soon.resolve_by) == (CREATED + timedelta(hours=2), CREATED + timedelta(hours=8))
    later = deadlines_for(target, CREATED, CREATED + timedelta(days=3))
    assert later.respond_by == CREATED + timedelta(hours=2)
    assert later.resolve_by == CREATED + timedelta(days=3, hours=8)
    assert later.respond_risk_at == CREATED + timedelta(minutes=90)  # the last quarter of 2 h
    assert later.resolve_risk_at == CREATED + timedelta(days=3, hours=6)


def test_a_naive_visit_time_is_local_wall_clock_time():
    visit = (CREATED + timedelta(days=1)).astimezone().replace(tzinfo=None)
    assert deadlines_for(DeadlineTarget(60, 60), CREATED, visit).resolve_by == CREATED + timedelta(days=1, hours=1)


def test_targets_are_elapsed_time_across_a_daylight_saving_change():
    berlin = ZoneInfo("Europe/Berlin")
    before_change = datetime(2026, 3, 29, 1, 30, tzinfo=berlin)  # clocks go from 02:00 to 03:00
    due = deadlines_for(DeadlineTarget(120, 480), before_change, before_change).respond_by
    assert due - before_change == timedelta(hours=2)
    assert due.astimezone(UTC) - before_change.astimezone(UTC) == timedelta(hours=2)
    assert due.astimezone(berlin).hour == 4  # two real hours, three on the wall clock


@pytest.mark.parametrize("offset, state", [
    (timedelta(0), DeadlineState.ON_TIME),
    (timedelta(minutes=89, seconds=59), DeadlineState.ON_TIME),
    (timedelta(minutes=90), DeadlineState.AT_RISK),  # the last quarter begins
    (timedelta(hours=2), DeadlineState.AT_RISK),  # due exactly now: not late yet
    (timedelta(hours=2, microseconds=1), DeadlineState.LATE),
])
def test_at_risk_is_the_last_quarter_and_late_is_after_the_deadline(offset, state):
    assert deadline_state(CREATED, CREATED + timedelta(hours=2), CREATED + offset) == state


def test_the_next_deadline_is_the_response_until_claimed_then_the_resolution_until_resolved():
    respond, resolve = CREATED + timedelta(hours=2), CREATED + timedelta(hours=8)
    pending = next_deadline(C.PENDING, CREATED, CREATED, respond, resolve)
    assert (pending.kind, pending.due) == (DeadlineKind.RESPOND, respond)
    for status in (C.OPEN, C.IN_PROGRESS):
        working = next_deadline(status, CREATED, CREATED, respond, resolve)
        assert (working.kind, working.due) == (DeadlineKind.RESOLVE, resolve)
        assert working.state(resolve + timedelta(seconds=1)) == DeadlineState.LATE
    for status in (C.RESOLVED, C.CLOSED, C.CANCELLED):
        assert next_deadline(status, CREATED, CREATED, respond, resolve) is None


def test_a_target_is_the_pair_the_shop_gives():
    assert DEFAULT_TARGETS[Priority.URGENT] == (120, 480)
    assert DEFAULT_TARGETS["urgent"].respond_minutes == 120


def test_valid_targets_are_read_as_minutes_per_priority():
    assert check_targets({"urgent": (60, 240), Priority.LOW: [1, 525_600]}) == {
        Priority.URGENT: DeadlineTarget(60, 240), Priority.LOW: DeadlineTarget(1, 525_600)}


@pytest.mark.parametrize("targets, words", [
    ({"urgent": (0, 240)}, "urgent response target must be between 1 minute"),
    ({"high": (60, -5)}, "high resolution target must be between"),
    ({"medium": (60.5, 240)}, "whole number"),
    ({"medium": ("60", 240)}, "whole number"),
    ({"medium": (True, 240)}, "whole number"),
    ({"low": (60, 525_601)}, "365 days"),
    ({"critical": (60, 240)}, "'critical' is not a priority"),
    ({"low": (60,)}, "response and resolution minutes"),
    ({"low": 60}, "response and resolution minutes"),
    ({}, "per priority"),
    ([("urgent", (60, 240))], "per priority"),
])
def test_bad_targets_are_refused_naming_what_is_wrong(targets, words):
    with pytest.raises(ValidationError, match=words):
        check_targets(targets)
