"""How a callback's next deadline reads in a list: when it is due, and its state as a badge colour.

A deadline's state moves with the clock, so it is worked out when a cell is
painted (from the row's deadline and the PC's time), not stored in the row.
"""

from datetime import UTC, datetime

from ...domain.deadlines import DeadlineState
from ...store import CallbackRow
from .formatting import short


def deadline_state(row: CallbackRow, now: datetime | None = None) -> DeadlineState | None:
    """The state of the deadline the callback works towards now; None once it is resolved or cancelled."""
    upcoming = row.next_deadline
    return upcoming.state(now or datetime.now(UTC)) if upcoming is not None else None


def deadline_text(row: CallbackRow, now: datetime | None = None) -> str:
    """``Late · pick up by 02 Mar 11:00``; plain ``Resolve by 02 Mar 17:00`` while on time."""
    upcoming = row.next_deadline
    if upcoming is None:
        return ""
    words = f"{upcoming.kind.label} {short(upcoming.due)}"
    state = upcoming.state(now or datetime.now(UTC))
    return words if state == DeadlineState.ON_TIME else f"{state.label} · {words[0].lower()}{words[1:]}"


def deadline_badge(row: CallbackRow) -> str | None:
    """The badge colour key: amber at risk, red late, none while on time."""
    state = deadline_state(row)
    return None if state in (None, DeadlineState.ON_TIME) else state.value
