"""Reading the shop's plan: a day per technician, a week's load, free slots to offer, and how estimates held up.

Each question reads one range of an index on the start time (a day, a week or
the days a search covers) plus the time off that has not ended before it, and
works out the rest in Python: local days, opening hours and time off follow the
zone's rules here, not the database's.
"""

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import islice

from sqlalchemy import Integer, Select, and_, bindparam, case, false, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.schedule import (MAX_DURATION, OpeningHours, Span, check_duration, day_bounds, day_finder,
                               free_starts, local_day, minutes_between, opening_window, quarter_starts)
from ..domain.statuses import AppointmentStatus, Role
from .base import reads
from .models import Appointment, Customer, Employee, TimeOff, Vehicle
from .plan_rules import HOLDS_TIME, PlanRulesMixin
from .types import UTCDateTime
from .rows.schedule import (DayLoad, DaySchedule, Efficiency, PlannedJob, Slot, TechnicianDay, TechnicianWeek,
                            TimeOffRow, WeekOverview)
from .stats import StatsMixin

#: How far ``free_slots`` looks; the days are read in growing steps, so a free morning costs one day's read.
SLOT_HORIZON_DAYS = 92
_SLOT_STEPS = (1, 6, 23, 62)
#: A job's concern as the day view shows it (the detail panel shows it whole).
CONCERN_CHARS = 200
_LONGEST = timedelta(minutes=MAX_DURATION)

#: The day's jobs, each row a ``PlannedJob`` in field order: the vehicle and lateness are worked out here, so a
#: row becomes a job without a per-field step in Python (a busy day has a thousand rows). The rows are fetched
#: all at once (``.all()``): iterating the result fetched them one by one, 25 µs a row more.
_DAY_JOBS = (select(Appointment.id, Appointment.planned_technician_id, Appointment.scheduled_at,
                    Appointment.duration_minutes, Appointment.status, Customer.name,
                    (Vehicle.make + " " + Vehicle.model + " (" + Vehicle.plate + ")").label("vehicle"),
                    func.substr(Appointment.concern, literal_column("1"),
                                literal_column(str(CONCERN_CHARS))).label("concern"),
                    Appointment.promised_at,
                    case((and_(Appointment.promised_at.is_not(None),
                               func.coalesce(Appointment.completed_at, bindparam("now", type_=UTCDateTime()))
                               > Appointment.promised_at), true()), else_=false()).label("late"),
                    Appointment.version)
             .join(Customer, Customer.id == Appointment.customer_id).join(Vehicle, Vehicle.id == Appointment.vehicle_id)
             .where(Appointment.scheduled_at >= bindparam("start"), Appointment.scheduled_at < bindparam("end"))
             .order_by(Appointment.scheduled_at, Appointment.id))
_DAY_PLANNED = _DAY_JOBS.where(Appointment.planned_technician_id.is_not(None),
                               Appointment.status != AppointmentStatus.CANCELLED)
#: The day's appointments planned for nobody: a range of the (status, scheduled_at) index.
_UNPLANNED = (Appointment.status == AppointmentStatus.SCHEDULED, Appointment.planned_technician_id.is_(None))
_DAY_UNPLANNED = _DAY_JOBS.where(*_UNPLANNED)
_DAY_UNPLANNED_FIRST = _DAY_UNPLANNED.limit(bindparam("most", type_=Integer()))  # the first ``most`` of them
_DAY_UNPLANNED_COUNT = select(func.count()).where(
    Appointment.scheduled_at >= bindparam("start"), Appointment.scheduled_at < bindparam("end"), *_UNPLANNED)
#: Planned time per technician: (technician, start, minutes) of the jobs starting in a range.
_PLANNED = (select(Appointment.planned_technician_id, Appointment.scheduled_at, Appointment.duration_minutes,
                   Appointment.status)
            .where(Appointment.scheduled_at >= bindparam("start"), Appointment.scheduled_at < bindparam("end"),
                   Appointment.planned_technician_id.is_not(None), Appointment.status != AppointmentStatus.CANCELLED))
_TIME_OFF = (select(TimeOff.id, TimeOff.technician_id, TimeOff.starts_at, TimeOff.ends_at, TimeOff.reason)
             .where(TimeOff.ends_at > bindparam("start"), TimeOff.starts_at < bindparam("end"))
             .order_by(TimeOff.starts_at, TimeOff.id))
_TECHNICIANS = select(Employee.id, Employee.name).where(Employee.role == Role.TECHNICIAN).order_by(Employee.name,
                                                                                                     Employee.id)
_ACTIVE_TECHNICIANS = _TECHNICIANS.where(Employee.active.is_(True))
#: A day's rows: the active technicians and anyone planned that day.
_DAY_TECHNICIANS = _TECHNICIANS.where(or_(Employee.active.is_(True),
                                          Employee.id.in_(bindparam("planned", expanding=True))))


@lru_cache(maxsize=8)
def _booked_per_day(days: int) -> Select:
    """Planned minutes per technician and day of ``days`` consecutive local days, as (technician, index of the
    day, minutes); bound with ``start`` (the first day's midnight) and ``until_0`` .. ``until_{days - 1}`` (each
    day's end). The day is the first end a job starts before, worked out in the query: a fortnight of a busy
    shop is a few thousand jobs, which come back as a few hundred sums (Python adding them up was more than half
    of the week view's read). Built once per number of days: building it was a third of the rest."""
    day = case(*((Appointment.scheduled_at < bindparam(f"until_{n}", type_=UTCDateTime()), n)
                 for n in range(days - 1)), else_=days - 1)
    jobs = (select(Appointment.planned_technician_id.label("technician"), day.label("day"),
                   Appointment.duration_minutes.label("minutes"))
            .where(Appointment.scheduled_at >= bindparam("start"),
                   Appointment.scheduled_at < bindparam(f"until_{days - 1}", type_=UTCDateTime()),
                   Appointment.planned_technician_id.is_not(None), Appointment.status != AppointmentStatus.CANCELLED)
            .subquery())
    return select(jobs.c.technician, jobs.c.day, func.sum(jobs.c.minutes)).group_by(jobs.c.technician, jobs.c.day)


def _day(value: date | datetime) -> date:
    """A date as given, or the local date of a datetime."""
    return local_day(value) if isinstance(value, datetime) else value


def _slots(technician_id: int, name: str, starts: Iterable[datetime]) -> Iterator[Slot]:
    return (Slot(technician_id, start, name) for start in starts)


def _off_minutes(spans: Iterable[tuple[datetime, datetime]], opens: datetime, closes: datetime) -> int:
    """Minutes of ``[opens, closes)`` covered by ``spans`` (overlapping spans counted once)."""
    covered, reach = 0.0, opens
    for start, end in sorted((max(s, opens), min(e, closes)) for s, e in spans):
        start = max(start, reach)
        if end > start:
            covered += (end - start).total_seconds()
            reach = end
    return int(covered // 60)


class ScheduleMixin(StatsMixin, PlanRulesMixin):
    @reads
    def schedule_day(self, s: Session, day: date | datetime, *, unplanned_limit: int | None = None) -> DaySchedule:
        """The day's plan: opening hours, a row per technician (active ones, and anyone planned that day) with
        their jobs, time off, booked and available minutes, and the appointments planned for nobody yet (the
        first ``unplanned_limit`` of them by time, when given: a window shows a few lanes of them, and a big
        shop's day has a thousand; ``unplanned_count`` counts them all)."""
        day = _day(day)
        start, end = day_bounds(day)
        opening = opening_window(day, self._opening_hours(s))
        jobs: dict[int | None, list[PlannedJob]] = defaultdict(list)
        values = {"start": start, "end": end, "now": self._now()}
        connection = s.connection()
        for r in connection.execute(_DAY_PLANNED, values).all():
            jobs[r[1]].append(PlannedJob(*r))
        unplanned = _DAY_UNPLANNED if unplanned_limit is None else _DAY_UNPLANNED_FIRST
        loose = tuple(PlannedJob(*r) for r in connection.execute(unplanned, {**values, "most": unplanned_limit}).all())
        count = len(loose) if unplanned_limit is None or len(loose) < unplanned_limit else \
            connection.execute(_DAY_UNPLANNED_COUNT, values).scalar_one()
        away = self._time_off(s, start, end)
        rows = []
        for tech_id, name in self._schedule_technicians(s, jobs):
            own, off = tuple(jobs.get(tech_id, ())), tuple(away.get(tech_id, ()))
            rows.append(TechnicianDay(tech_id, name, own, off, sum(j.duration_minutes for j in own),
                                      self._available(opening, off)))
        return DaySchedule(day, opening, tuple(rows), loose, count)

    @reads
    def schedule_week(self, s: Session, first_day: date | datetime, days: int = 7) -> WeekOverview:
        """Booked against available minutes per technician and day, for the week view's heat map."""
        dates, loads = self._day_loads(s, _day(first_day), days)
        return WeekOverview(dates, tuple(TechnicianWeek(tech_id, name, tuple(per_day))
                                         for (tech_id, name), per_day in loads.items()))

    @reads
    def shop_load(self, s: Session, first_day: date | datetime | None = None, days: int = 14) -> list[DayLoad]:
        """The whole shop's booked against available minutes per day, from ``first_day`` (today by default)."""
        dates, loads = self._day_loads(s, _day(first_day) if first_day is not None else local_day(self._now()), days)
        return [DayLoad(d, sum(t[i].booked_minutes for t in loads.values()),
                        sum(t[i].available_minutes for t in loads.values())) for i, d in enumerate(dates)]

    @reads
    def free_slots(self, s: Session, duration_minutes: int, *, after: datetime, technician_id: int | None = None,
                   limit: int = 5) -> list[Slot]:
        """The earliest starts, on quarter hours of the wall clock at or after ``after``, at which a technician
        (any active one, or the one given) has no planned job and no time off for the whole duration, inside
        opening hours; earliest first, then by technician name. Looks up to ``SLOT_HORIZON_DAYS`` ahead."""
        minutes = check_duration(duration_minutes)
        if not isinstance(after, datetime):
            raise ValidationError("Please give the time from which to look for free time.")
        after = after.astimezone(UTC)
        techs = self._slot_technicians(s, technician_id)
        hours = self._opening_hours(s)
        length = timedelta(minutes=minutes)
        found: list[Slot] = []
        first = local_day(after)
        for offset, step in self._steps():
            days = [first + timedelta(days=offset + n) for n in range(step)]
            busy = self._busy(s, days, technician_id)
            for day in days:
                starts = [t for t in quarter_starts(day, hours, length) if t >= after]
                free = [_slots(tech_id, name, free_starts(starts, length, busy.get((tech_id, day), ())))
                        for tech_id, name in techs]
                found += islice(heapq.merge(*free, key=lambda slot: (slot.starts_at, slot.technician_name)),
                                limit - len(found))
                if len(found) >= limit:
                    return found
        return found

    @reads
    def efficiency(self, s: Session, first_day: date, last_day: date) -> list[Efficiency]:
        """Per technician, the jobs they completed in the local days ``first_day``..``last_day``: estimated
        minutes against the minutes from start to completion (jobs never started don't count)."""
        start, end = day_bounds(first_day)[0], day_bounds(last_day)[1]
        took = self._seconds(Appointment.completed_at) - self._seconds(Appointment.started_at)
        stmt = (select(Appointment.technician_id, func.count(), func.sum(Appointment.duration_minutes), func.sum(took))
                .where(Appointment.completed_at >= start, Appointment.completed_at < end,
                       Appointment.status == AppointmentStatus.COMPLETED, Appointment.started_at.is_not(None))
                .group_by(Appointment.technician_id))
        done = {tech: (count, int(estimated or 0), int(seconds or 0) // 60) for tech, count, estimated, seconds
                in s.execute(stmt)}
        rows = []
        for tech_id, name in s.execute(_TECHNICIANS.where(or_(Employee.active.is_(True),
                                                               Employee.id.in_(list(done))))):
            count, estimated, actual = done.get(tech_id, (0, 0, 0))
            rows.append(Efficiency(tech_id, name, count, estimated, actual))
        return rows

    # --- the pieces -----------------------------------------------------------------------------------

    @staticmethod
    def _steps() -> Iterable[tuple[int, int]]:
        offset = 0
        for step in _SLOT_STEPS:
            step = min(step, SLOT_HORIZON_DAYS - offset)
            if step <= 0:
                return
            yield offset, step
            offset += step

    def _schedule_technicians(self, s: Session, jobs: dict[int | None, list]) -> list[tuple[int, str]]:
        planned = [t for t in jobs if t is not None]
        return [tuple(r) for r in s.connection().execute(_DAY_TECHNICIANS, {"planned": planned}).all()]

    def _slot_technicians(self, s: Session, technician_id: int | None) -> list[tuple[int, str]]:
        if technician_id is None:
            return [tuple(r) for r in s.connection().execute(_ACTIVE_TECHNICIANS).all()]  # type: ignore[misc]
        tech = s.connection().execute(_ACTIVE_TECHNICIANS.where(Employee.id == technician_id)).first()
        if tech is None:
            raise ValidationError(f"Employee number {technician_id} is not an active technician, so no free time "
                                  "can be found for them.")
        return [tuple(tech)]  # type: ignore[list-item]

    @staticmethod
    def _time_off(s: Session, start: datetime, end: datetime) -> dict[int, list[TimeOffRow]]:
        away: dict[int, list[TimeOffRow]] = defaultdict(list)
        for r in s.connection().execute(_TIME_OFF, {"start": start, "end": end}).all():
            away[r.technician_id].append(TimeOffRow(r.id, r.technician_id, r.starts_at, r.ends_at, r.reason))
        return away

    @staticmethod
    def _available(opening: tuple[datetime, datetime] | None, off: Iterable[TimeOffRow]) -> int:
        if opening is None:
            return 0
        opens, closes = opening
        return minutes_between(opens, closes) - _off_minutes(((t.starts_at, t.ends_at) for t in off), opens, closes)

    def _busy(self, s: Session, days: list[date], technician_id: int | None) -> dict[tuple[int, date], list[Span]]:
        """Planned jobs and time off per (technician, local day) over ``days``: what a free slot must avoid."""
        start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
        stmt: Select = _PLANNED.where(HOLDS_TIME)
        if technician_id is not None:
            stmt = stmt.where(Appointment.planned_technician_id == technician_id)
        busy: dict[tuple[int, date], list[Span]] = defaultdict(list)
        find = day_finder([days[0] - timedelta(days=1), *days])
        for tech, at, minutes, _ in s.connection().execute(stmt, {"start": start - _LONGEST, "end": end}).all():
            finish = at + timedelta(minutes=minutes)
            for day in {find(at), find(finish - timedelta(microseconds=1))}:
                busy[(tech, day)].append((at, finish))
        for tech, rows in self._time_off(s, start, end).items():
            for row in rows:
                day = max(local_day(row.starts_at), days[0])
                while day <= days[-1] and day <= local_day(row.ends_at):
                    busy[(tech, day)].append((row.starts_at, row.ends_at))
                    day += timedelta(days=1)
        return busy

    def _day_loads(self, s: Session, first: date, days: int) -> tuple[tuple[date, ...], dict[tuple[int, str], list[DayLoad]]]:
        """Per technician (active ones, by name), a ``DayLoad`` for each of ``days`` local days from ``first``."""
        if not 1 <= days <= 62:
            raise ValidationError("Choose between 1 and 62 days.")
        dates = tuple(first + timedelta(days=n) for n in range(days))
        start, end = day_bounds(dates[0])[0], day_bounds(dates[-1])[1]
        hours: OpeningHours = self._opening_hours(s)
        openings = [opening_window(d, hours) for d in dates]
        booked: dict[tuple[int, date], int] = {}
        ends = {f"until_{n}": day_bounds(d)[1] for n, d in enumerate(dates)}
        for tech, day, minutes in s.connection().execute(_booked_per_day(days), {"start": start, **ends}).all():
            booked[(tech, dates[day])] = minutes
        away = self._time_off(s, start, end)
        open_minutes = [self._available(opening, ()) for opening in openings]  # a technician with no time off
        loads = {}
        for tech_id, name in s.connection().execute(_ACTIVE_TECHNICIANS).all():
            off = away.get(tech_id)
            loads[(tech_id, name)] = [DayLoad(d, booked.get((tech_id, d), 0),
                                              self._available(opening, off) if off else minutes)
                                      for d, opening, minutes in zip(dates, openings, open_minutes)]
        return dates, loads
