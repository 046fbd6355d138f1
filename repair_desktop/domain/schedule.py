"""Time rules of the shop's plan: durations, opening hours, intervals and free quarter hours. Plain Python.

Instants are aware datetimes; a day and its opening hours are the shop's local
wall-clock time (this PC's zone, as the store reads naive times everywhere).
An opening time becomes an instant through the zone's own rules, so a day on
which the clocks change still opens at 08:00 on the wall. Durations are elapsed
minutes: a job is the half-open interval ``[start, start + duration)``, so a
job that ends when another begins does not overlap it.
"""

import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from .errors import ValidationError

MIN_DURATION = 15
MAX_DURATION = 600
DEFAULT_DURATION = 60
#: Plans and suggestions start on quarter hours of the wall clock.
QUARTER = 15
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: ``{weekday 0=Mon..6: (opens, closes) or None}``, closed when None.
OpeningHours = dict[int, tuple[time, time] | None]
DEFAULT_OPENING_HOURS: OpeningHours = {**{d: (time(8), time(17)) for d in range(5)}, 5: (time(8), time(12)), 6: None}


def check_duration(minutes: object, field: str = "estimated duration") -> int:
    """``minutes`` as an int when it lies in 15..600; ``ValidationError`` naming ``field`` otherwise."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationError(f"The {field} must be a whole number of minutes.")
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise ValidationError(f"The {field} must be between {MIN_DURATION} minutes and {MAX_DURATION // 60} hours "
                              f"({minutes} minutes given).")
    return minutes


def check_opening_hours(hours: object) -> OpeningHours:
    """Every weekday 0..6 mapped to ``(opens, closes)`` with opens < closes, or None (closed).

    A weekday left out is closed: the desk sends the days it ticked.
    """
    if not isinstance(hours, dict):
        raise ValidationError("Please give the opening hours per weekday.")
    unknown = [d for d in hours if d not in range(7)]
    if unknown:
        raise ValidationError(f"{unknown[0]!r} is not a weekday; use 0 for Monday up to 6 for Sunday.")
    checked: OpeningHours = {}
    for day in range(7):
        window = hours.get(day)
        if window is None:
            checked[day] = None
            continue
        try:
            opens, closes = window
        except (TypeError, ValueError):
            raise ValidationError(f"Please give {WEEKDAYS[day]}'s opening and closing time.") from None
        if not isinstance(opens, time) or not isinstance(closes, time):
            raise ValidationError(f"Please give {WEEKDAYS[day]}'s opening and closing time as times of day.")
        if opens.tzinfo is not None or closes.tzinfo is not None:
            raise ValidationError(f"{WEEKDAYS[day]}'s hours are the shop's own clock time; give them without a zone.")
        if not opens < closes:
            raise ValidationError(f"On {WEEKDAYS[day]} the shop must open before it closes "
                                  f"({opens:%H:%M} to {closes:%H:%M} given).")
        checked[day] = (opens.replace(second=0, microsecond=0), closes.replace(second=0, microsecond=0))
    return checked


def encode_hours(hours: OpeningHours) -> str:
    """The setting's text: ``{"0": ["08:00", "17:00"], ..., "6": null}``."""
    return json.dumps({str(d): None if w is None else [f"{w[0]:%H:%M}", f"{w[1]:%H:%M}"] for d, w in hours.items()},
                      separators=(",", ":"))


def decode_hours(text: str | None) -> OpeningHours:
    """The opening hours a setting's text holds; the defaults when the shop never set any."""
    if text is None:
        return dict(DEFAULT_OPENING_HOURS)
    stored = json.loads(text)
    return {int(d): None if w is None else (time.fromisoformat(w[0]), time.fromisoformat(w[1]))
            for d, w in stored.items()}


# --- local days as instants ----------------------------------------------------------------------

def local_instant(day: date, at: time) -> datetime:
    """The UTC instant at which this PC's wall clock shows ``at`` on ``day``."""
    return datetime.combine(day, at).astimezone().astimezone(UTC)


def local_day(instant: datetime) -> date:
    """The local date of ``instant`` (a naive one is already local)."""
    return instant.astimezone().date() if instant.tzinfo is not None else instant.date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, as UTC instants (23 or 25 hours on a clock-change day)."""
    return local_instant(day, time()), local_instant(day + timedelta(days=1), time())


def day_finder(days: Sequence[date]) -> Callable[[datetime], date | None]:
    """``find(instant)``: which of the consecutive local ``days`` holds ``instant`` (None: none of them).

    A comparison with each day's first instant instead of a zone conversion per
    instant: a fortnight's plan is a couple of thousand jobs.
    """
    starts = [local_instant(d, time()) for d in days] + [local_instant(days[-1] + timedelta(days=1), time())]

    def find(instant: datetime) -> date | None:
        index = bisect_right(starts, instant) - 1
        return days[index] if 0 <= index < len(days) else None

    return find


def opening_window(day: date, hours: OpeningHours) -> tuple[datetime, datetime] | None:
    """``day``'s opening and closing instants (UTC), or None when the shop is closed that day."""
    window = hours.get(day.weekday())
    if window is None:
        return None
    return local_instant(day, window[0]), local_instant(day, window[1])


def is_late(promised_at: datetime | None, completed_at: datetime | None, now: datetime) -> bool:
    """Not completed by the promised time: still open after it, or completed after it."""
    return promised_at is not None and (completed_at or now) > promised_at


def minutes_between(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def quarter_starts(day: date, hours: OpeningHours, duration: timedelta) -> list[datetime]:
    """The instants on quarter hours of the wall clock at which a job of ``duration`` fits in ``day``'s hours."""
    window = hours.get(day.weekday())
    if window is None:
        return []
    closes = local_instant(day, window[1])
    first = datetime.combine(day, window[0])
    first += timedelta(minutes=-first.minute % QUARTER)
    starts = []
    wall = first
    while wall.date() == day:
        instant = wall.astimezone().astimezone(UTC)
        if instant + duration > closes:
            break
        starts.append(instant)
        wall += timedelta(minutes=QUARTER)
    return starts


# --- intervals -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Busy:
    """Something that takes a technician's time: a planned job (``job_id``) or time off (``job_id`` None)."""

    starts_at: datetime
    ends_at: datetime
    job_id: int | None = None

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


def crowded_moment(jobs: Iterable[Busy], start: datetime, end: datetime, limit: int) -> list[Busy]:
    """The jobs in the way when one more job over ``[start, end)`` would put more than ``limit`` jobs at
    one moment (those running at the first such moment, earliest first); empty when it fits."""
    inside = sorted((j for j in jobs if j.overlaps(start, end)), key=lambda j: (j.starts_at, j.ends_at))
    for moment in sorted({start, *(j.starts_at for j in inside if j.starts_at > start)}):
        running = [j for j in inside if j.starts_at <= moment < j.ends_at]
        if len(running) + 1 > limit:
            return running
    return []


#: A stretch of a technician's time that is taken: ``(start, end)``.
Span = tuple[datetime, datetime]


def free_starts(candidates: Sequence[datetime], length: timedelta, taken: Iterable[Span]) -> Iterator[datetime]:
    """The ``candidates`` (in order) at which ``[start, start + length)`` meets nothing ``taken``.

    One walk over both, the candidates and the taken stretches in order, so a
    day costs its quarter hours plus its jobs, whatever the number asked for.
    """
    spans = sorted(taken)
    j = 0
    for start in candidates:
        while j < len(spans) and spans[j][1] <= start:
            j += 1
        if _clear(spans, j, start, start + length):
            yield start


def _clear(spans: Sequence[Span], j: int, start: datetime, end: datetime) -> bool:
    """No span from the ``j``-th on overlaps ``[start, end)`` (spans are sorted by start)."""
    for s, e in spans[j:]:
        if s >= end:
            return True
        if e > start:
            return False
    return True


def lanes(spans: Sequence[Span], most: int | None = None) -> list[int | None]:
    """A lane number per span (in the order given) so that spans in one lane never overlap: the lowest free
    lane, spans taken by start. With ``most``, a span that finds none of the first ``most`` lanes free gets
    None (the day view shows that many lanes of a crowded lane, not hundreds). The day view stacks
    overlapping jobs this way."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    lane_ends: list[datetime] = []
    assigned: list[int | None] = [None] * len(spans)
    for i in order:
        start, end = spans[i]
        for lane, busy_until in enumerate(lane_ends):
            if busy_until <= start:
                lane_ends[lane] = end
                assigned[i] = lane
                break
        else:
            if most is None or len(lane_ends) < most:
                lane_ends.append(end)
                assigned[i] = len(lane_ends) - 1
    return assigned
