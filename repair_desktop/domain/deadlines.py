"""Callback deadlines: the shop's targets per priority, the moments they give, and a deadline's state.

A callback must be picked up (claimed) within its priority's response target
of being created, and resolved within its resolution target of the later of
being created and its scheduled time. Targets are elapsed time: arithmetic is
on instants, so a 2 h deadline set just before a daylight-saving change is
still 2 real hours later. A deadline is at risk in the last quarter of its
target and late once it has passed.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from .errors import ValidationError
from .statuses import CallbackStatus, Priority


class DeadlineTarget(NamedTuple):
    """Minutes from the start of each clock to its deadline; a pair, as ``set_deadline_targets`` takes it."""

    respond_minutes: int
    resolve_minutes: int


DEFAULT_TARGETS: dict[Priority, DeadlineTarget] = {
    Priority.URGENT: DeadlineTarget(2 * 60, 8 * 60),
    Priority.HIGH: DeadlineTarget(8 * 60, 24 * 60),
    Priority.MEDIUM: DeadlineTarget(24 * 60, 72 * 60),
    Priority.LOW: DeadlineTarget(72 * 60, 168 * 60),
}
#: The longest target a shop may set: a year. Longer is a typing mistake, not a promise.
LONGEST_TARGET_MINUTES = 365 * 24 * 60


def check_targets(targets: object) -> dict[Priority, DeadlineTarget]:
    """``{priority: (respond_minutes, resolve_minutes)}`` as targets; ``ValidationError`` naming what is wrong.

    Every value is checked before any is used, so a bad entry changes nothing.
    """
    if not isinstance(targets, dict) or not targets:
        raise ValidationError("Please give the deadline targets per priority, each as response and "
                              "resolution minutes.")
    checked: dict[Priority, DeadlineTarget] = {}
    for key, value in targets.items():
        try:
            priority = Priority(key)
        except ValueError:
            raise ValidationError(f"'{key}' is not a priority; choose urgent, high, medium or low.") from None
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise ValidationError(f"Please give the {priority} deadlines as response and resolution minutes.")
        respond, resolve = (_minutes(minutes, f"{priority} {what}")
                            for minutes, what in zip(value, ("response target", "resolution target")))
        checked[priority] = DeadlineTarget(respond, resolve)
    return checked


def _minutes(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"The {what} must be a whole number of minutes.")
    if not 1 <= value <= LONGEST_TARGET_MINUTES:
        raise ValidationError(f"The {what} must be between 1 minute and 365 days ({LONGEST_TARGET_MINUTES:,} "
                              f"minutes); it was {value:,}.")
    return value


@dataclass(frozen=True)
class CallbackDeadlines:
    """The moments a callback's deadlines give; ``*_risk_at`` is where the last quarter of a target begins."""

    respond_by: datetime
    respond_risk_at: datetime
    resolve_by: datetime
    resolve_risk_at: datetime


def resolve_start(created_at: datetime, scheduled_at: datetime) -> datetime:
    """Where the resolution clock starts: a callback booked for next week is not late before next week.
    A naive ``scheduled_at`` is the PC's local wall-clock time, as the store reads it everywhere."""
    return max(created_at, scheduled_at.astimezone(created_at.tzinfo) if created_at.tzinfo else scheduled_at)


def risk_at(start: datetime, due: datetime) -> datetime:
    """Where the last quarter of the target from ``start`` to ``due`` begins."""
    return due - (due - start) / 4


def deadlines_for(target: DeadlineTarget, created_at: datetime, scheduled_at: datetime) -> CallbackDeadlines:
    """The deadlines, in UTC: Python adds to an aware time on its own wall clock, which across a
    daylight-saving change is an hour off the elapsed time."""
    created_at = created_at.astimezone(UTC)
    respond_by = created_at + timedelta(minutes=target.respond_minutes)
    start = resolve_start(created_at, scheduled_at)
    resolve_by = start + timedelta(minutes=target.resolve_minutes)
    return CallbackDeadlines(respond_by, risk_at(created_at, respond_by), resolve_by, risk_at(start, resolve_by))


class DeadlineState(StrEnum):
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"on_time": "On time", "at_risk": "At risk", "late": "Late"}[self]


def deadline_state(start: datetime, due: datetime, now: datetime) -> DeadlineState:
    """Late after ``due``; at risk from the start of the last quarter up to and including ``due``."""
    if now > due:
        return DeadlineState.LATE
    if now >= risk_at(start, due):
        return DeadlineState.AT_RISK
    return DeadlineState.ON_TIME


class DeadlineKind(StrEnum):
    RESPOND = "respond"
    RESOLVE = "resolve"

    @property
    def label(self) -> str:
        return {"respond": "Pick up by", "resolve": "Resolve by"}[self]


#: Statuses in which the resolution deadline still runs (not yet resolved, not cancelled).
UNRESOLVED_STATUSES = frozenset({CallbackStatus.PENDING, CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS})


@dataclass(frozen=True)
class NextDeadline:
    kind: DeadlineKind
    start: datetime
    due: datetime

    def state(self, now: datetime) -> DeadlineState:
        return deadline_state(self.start, self.due, now)


def next_deadline(status: CallbackStatus, created_at: datetime, scheduled_at: datetime,
                  respond_by: datetime | None, resolve_by: datetime | None) -> NextDeadline | None:
    """The deadline a callback is working towards: respond until claimed, then resolve until resolved;
    None once it is resolved, closed or cancelled (or for a row without deadlines)."""
    if status == CallbackStatus.PENDING and respond_by is not None:
        return NextDeadline(DeadlineKind.RESPOND, created_at, respond_by)
    if status in UNRESOLVED_STATUSES and resolve_by is not None:
        return NextDeadline(DeadlineKind.RESOLVE, resolve_start(created_at, scheduled_at), resolve_by)
    return None
