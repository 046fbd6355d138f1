"""The shop being built: how big it is, its calendar, the one random stream, and what the generators share.

Times are whole seconds since the epoch (UTC) while the shop is made, and become
the text ``UTCDateTime`` stores through ``stamp`` (checked against the column
type on every run by ``check_stamps``).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from ..domain.errors import ValidationError
from ..domain.schedule import DEFAULT_OPENING_HOURS, OpeningHours
from ..domain.statuses import Role
from ..store.models import Appointment

if TYPE_CHECKING:
    from .stories import ActiveJobs
    from .workdays import TimeOffEntry

MINUTE, HOUR, DAY = 60, 3600, 86400
BATCH = 20_000  # rows generated and written at a time: bounded memory, big enough for fast inserts


@dataclass(frozen=True)
class DemoSignIn:
    """Who can sign in to the demo shop, printed by ``repair-desktop demo``."""

    name: str
    role: Role
    pin: str


# --- how big -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Sizes, and the least a region of the calendar must hold so that today's board looks real."""

    appointments: int  # with ``jobs_per_day``, a little over what the days make (the progress line's total)
    callbacks: int
    customers: int
    technicians: int
    history_days: int  # of history before today
    today_min: int  # appointments today
    future_min: int  # appointments in the next three weeks
    callbacks_future_min: int  # pending callbacks waiting to be picked
    callbacks_recent_min: int  # callbacks of the last few days (the ones technicians hold now)
    #: Jobs finished on a weekday (Saturdays, a half day, about 40 % of it), laid out day by day on each
    #: technician's plan (``workdays``); None: appointments spread over the calendar at random (``--scale``).
    jobs_per_day: tuple[int, int] | None = None

    @classmethod
    def small(cls) -> Plan:
        """A busy shop: eight technicians finishing 18-24 jobs a weekday for the last nine months."""
        return cls(appointments=5000, callbacks=240, customers=1400, technicians=8, history_days=273,
                   today_min=12, future_min=45, callbacks_future_min=14, callbacks_recent_min=8,
                   jobs_per_day=(18, 24))

    @classmethod
    def bulk(cls, scale: int) -> Plan:
        if scale < 1:
            raise ValidationError("The demo scale must be at least 1 appointment.")
        return cls(appointments=scale, callbacks=max(scale // 10, 1), customers=max(scale // 5, 50),
                   technicians=10, history_days=4 * 365, today_min=min(12, scale), future_min=min(45, scale),
                   callbacks_future_min=min(14, scale // 10), callbacks_recent_min=min(8, scale // 10))


# --- the calendar and how timestamps are stored ------------------------------------------------------------

OPENS, CLOSES = 8, 17  # the shop's local hours
APPOINTMENT_SLOT = 15 * MINUTE
CALLBACK_SLOT = 30 * MINUTE
FUTURE_DAYS = 15  # working days ahead that can be booked
RECENT_DAYS = 3  # working days before today whose jobs may still be in hand


class Calendar:
    """Working days (weekdays, plus the day the demo is made: the shop is open when you look at it).

    Times are whole seconds since the epoch (UTC) for speed; each working day
    knows when it opens in UTC, which follows the PC's time zone and its DST.
    """

    def __init__(self, now: datetime, history_days: int) -> None:
        self.now = int(now.timestamp())
        self.today = now.astimezone().date()
        first = self.today - timedelta(history_days)
        past = (first + timedelta(n) for n in range((self.today - first).days))
        ahead = (self.today + timedelta(n) for n in range(1, 3 * FUTURE_DAYS))
        future = [d for d in ahead if d.weekday() < 5][:FUTURE_DAYS]
        self.days = [d for d in past if d.weekday() < 5] + [self.today] + future
        self.ordinals = [d.toordinal() for d in self.days]
        self.opens = [int(datetime(d.year, d.month, d.day, OPENS).astimezone().timestamp()) for d in self.days]
        self.today_index = len(self.days) - len(future) - 1
        self.start = self.opens[0] - DAY  # history begins the evening before the first working day

    def regions(self) -> dict[str, range]:
        """Day indices of the stretches the plan talks about."""
        t = self.today_index
        recent = max(0, t - RECENT_DAYS)
        return {"past": range(0, recent), "recent": range(recent, t), "today": range(t, t + 1),
                "future": range(t + 1, len(self.days))}

    def day_span(self, first: date, last: date) -> range:
        """Indices of the working days from ``first`` to ``last`` inclusive."""
        return range(bisect.bisect_left(self.ordinals, first.toordinal()),
                     bisect.bisect_right(self.ordinals, last.toordinal()))


_DAY_TEXT: dict[int, str] = {}
_TIME_TEXT: list[str] = []  # "HH:MM:SS.000000" for each second of a day, made on first use


def stamp(ts: int | None) -> str | None:
    """Seconds since the epoch as UTCDateTime stores them: naive UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``.

    A cached day prefix and time-of-day suffix: ~0.2 µs, where SQLAlchemy's
    type processing takes ~6 µs. ``check_stamps`` proves the two equal.
    """
    if ts is None:
        return None
    day, second = divmod(ts, DAY)
    try:
        return _DAY_TEXT[day] + _TIME_TEXT[second]
    except (KeyError, IndexError):
        if not _TIME_TEXT:
            _TIME_TEXT.extend(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(DAY))
        _DAY_TEXT[day] = (date(1970, 1, 1) + timedelta(day)).isoformat() + " "
        return _DAY_TEXT[day] + _TIME_TEXT[second]


def check_stamps(connection: Connection) -> None:
    """Refuse to write a timestamp that the column type would have written differently."""
    column = Appointment.__table__.c.scheduled_at.type
    dialect = connection.dialect
    process = column.dialect_impl(dialect).bind_processor(dialect)
    for ts in (0, 1_700_000_123, 1_900_000_000):
        expected = process(datetime.fromtimestamp(ts, UTC)) if process else None
        if isinstance(expected, str) and expected != stamp(ts):
            raise AssertionError(f"demo timestamps would be stored as {stamp(ts)!r}, not {expected!r}")


# --- the shop being built ------------------------------------------------------------------------------------


class Ids:
    """Counters of the next free id of each table: rows are written with their ids, so others can point at them."""

    def __init__(self, first: dict[str, int]) -> None:
        self._counters = {table: itertools.count(start) for table, start in first.items()}

    def take(self, table: str) -> int:
        return next(self._counters[table])

    def taker(self, table: str) -> Callable[[], int]:
        """``take`` for one table, as a bare function for the hot loops."""
        return self._counters[table].__next__


class Dice(random.Random):
    """``random.Random`` with quick draws: ``randrange`` and ``choice`` take ~0.5 µs, too much 20 million times."""

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """From ``low`` up to (not including) ``high``; ``low`` when the range is empty."""
        return low + int(self.random() * (high - low)) if high > low else low

    def pick(self, seq: Sequence):
        return seq[int(self.random() * len(seq))]


@dataclass
class Shop:
    """What the generators share: the plan, the one random stream, the calendar and the people."""

    plan: Plan
    rng: Dice
    clock: datetime
    capacity: int
    ids: Ids
    calendar: Calendar = field(init=False)
    technicians: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    manager: int = 0  # the shop's manager, who records time off
    desk_pool: list[int] = field(default_factory=list)  # who does desk work, weighted: clerks more than the manager
    customer_created: list[int] = field(default_factory=list)  # per customer, rising
    customer_ids: list[int] = field(default_factory=list)
    vehicles_before: list[int] = field(default_factory=list)  # vehicles of the customers before this one
    vehicle_ids: list[int] = field(default_factory=list)
    vehicle_owner: list[int] = field(default_factory=list)
    contract_spans: list[tuple[int, date, date]] = field(default_factory=list)  # (customer, from, to), not cancelled
    active: ActiveJobs | None = None  # dealt out once the technicians exist
    time_off: list[TimeOffEntry] | None = None  # dealt out once, read by the rows and the plans
    hours: OpeningHours = field(default_factory=lambda: dict(DEFAULT_OPENING_HOURS))  # the store's, when it has some

    def __post_init__(self) -> None:
        self.calendar = Calendar(self.clock, self.plan.history_days)

    @property
    def now(self) -> int:
        return self.calendar.now

    def desk(self) -> int:
        """Someone at the counter (a clerk, sometimes the manager): who books, assigns, closes, cancels."""
        pool = self.desk_pool
        return pool[int(self.rng.random() * len(pool))]

    def worker(self, technician: int) -> int:
        """Who moves a technician's job along: usually the technician, now and then the desk for them."""
        return technician if self.rng.random() < 0.92 else self.desk()

    def other_technician(self, *busy: int) -> int:
        while (tech := self.rng.pick(self.technicians)) in busy:
            pass
        return tech

    def spread(self, count: int, minimums: dict[str, int], slot: int) -> list[int]:
        """``count`` start times on working days, sorted; each region gets at least its minimum.

        The past is weighted towards the present (the shop has grown); the
        future thins out (fewer bookings far ahead). Returns ``ts << 6 | slot``
        so the slot index (time of day) survives the sort.
        """
        cal, rng = self.calendar, self.rng
        counts = region_counts(count, minimums, cal)
        keys: list[int] = []
        for region, days in cal.regions().items():
            n = counts[region]
            if not n or not days:
                continue
            weights = _region_weights(region, len(days))
            slots = (CLOSES - OPENS) * HOUR // slot
            for d in rng.choices(days, cum_weights=weights, k=n):
                s = rng.below(slots)
                keys.append((cal.opens[d] + s * slot) << 6 | s)
        keys.sort()
        return keys


def region_counts(count: int, minimums: dict[str, int], cal: Calendar) -> dict[str, int]:
    """Each region's share of ``count`` by its number of days, raised to its minimum; the past takes the rest."""
    regions = cal.regions()
    total_days = len(cal.days)
    counts = {r: max(minimums.get(r, 0), round(count * len(d) / total_days)) for r, d in regions.items() if r != "past"}
    left = count
    for region in ("today", "future", "recent"):
        counts[region] = min(counts[region], left)
        left -= counts[region]
    counts["past"] = left
    return counts


def _region_weights(region: str, days: int) -> list[float]:
    """Cumulative weights over a region's days: past ramps up from 0.4 to 1, future fades from 1 to 0.4."""
    if region == "past":
        raw = [0.4 + 0.6 * i / max(days - 1, 1) for i in range(days)]
    elif region == "future":
        raw = [1.0 - 0.6 * i / max(days - 1, 1) for i in range(days)]
    else:
        raw = [1.0] * days
    return list(itertools.accumulate(raw))


@dataclass(frozen=True)
class Recipe:
    """What a shop is made from, as plain values: whoever is handed it (a helper process too) makes the same shop."""

    plan: Plan
    seed: int
    clock: datetime
    capacity: int
    first: dict[str, int]  # each table's first id
    hours: OpeningHours

    def shop(self) -> Shop:
        shop = Shop(self.plan, Dice(self.seed), self.clock, self.capacity, Ids(self.first))
        shop.hours = self.hours
        return shop
