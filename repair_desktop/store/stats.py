"""The manager's numbers: today's load per technician and how a period went, counted by the database.

Every figure comes from a GROUP BY over an indexed range (``completed_at``,
``resolved_at``, ``(status, …)``), so the cost follows the period's size, not
the size of the shop's history.

Local days. Timestamps are stored as naive UTC, and a shop's day is its local
day. Completions are counted per *hour* in SQL (an integer hour number after
shifting by the zone's sub-hour offset, e.g. +30 minutes for India), and the at
most 24 hour-counts of a day are added up in Python with the zone's own rules.
That is right for every zone whose offset keeps its minutes (all but a couple of
islands), across daylight-saving changes too, and needs no time-zone support in
the database.
"""

import bisect
import functools
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from sqlalchemy import (BigInteger, ColumnElement, Integer, Select, bindparam, case, cast, extract, func,
                        literal_column, select)
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..domain.statuses import AppointmentStatus, CallbackStatus, Priority
from ..domain.workload import AVERAGE_WINDOW_DAYS, Workload
from .base import Run, polls, reads
from .capacity import CAPACITY_SETTING, capacity, one_of
from .models import Appointment, Callback, Employee, StatusEvent
from .rows import CallbackCount, DayCount, PeriodReport, TechnicianAverage, TechnicianStats, WorkloadReport
from .workload import ACTIVE_TECHNICIAN, WorkloadMixin

_HOUR = 3600
#: Finished work, appointments and callbacks alike: (technician, finish time, start time, rows that count).
_JOBS = ((Appointment.technician_id, Appointment.completed_at, Appointment.started_at, ()),
         (Callback.claimed_by, Callback.resolved_at, Callback.started_at, (Callback.deleted_at.is_(None),)))
_UNFINISHED_CALLBACKS = (CallbackStatus.PENDING, CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS)
_FINISHED_CALLBACKS = (CallbackStatus.RESOLVED, CallbackStatus.CLOSED, CallbackStatus.CANCELLED)
_ACTIVE_TECHNICIANS = select(func.count().label("count"), func.sum(Employee.id).label("id_sum")).where(
    ACTIVE_TECHNICIAN).subquery()
#: ``change_mark``'s fingerprint: newest status event, capacity setting, active technicians' count and id sum.
_CHANGE_MARK = select(select(func.max(StatusEvent.id)).scalar_subquery(), CAPACITY_SETTING.scalar_subquery(),
                      _ACTIVE_TECHNICIANS.c.count, _ACTIVE_TECHNICIANS.c.id_sum)
_TECHNICIAN_NAMES = select(Employee.id, Employee.name).where(ACTIVE_TECHNICIAN).order_by(Employee.name)


class StatsMixin(WorkloadMixin):
    def local_today(self, tz: tzinfo | None = None) -> date:
        """Today in the shop's zone (``None``: this PC's), by the store's clock, so reports and tests agree."""
        return _local(self._now(), tz).date()

    @polls
    def change_mark(self, run: Run) -> tuple:
        """A cheap fingerprint of everything the workload tab shows: poll it, and reload only when it moves.

        Every status change writes a StatusEvent, so the newest event id moves
        with every job; the capacity limit and the set of active technicians
        cover the rest. One statement.
        """
        [(newest_event, setting, count, id_sum)] = run(_CHANGE_MARK)
        return newest_event, capacity(setting), (count, id_sum)

    @reads
    def workload_report(self, s: Session, tz: tzinfo | None = None) -> WorkloadReport:
        """``workload()`` plus, per technician, jobs in progress, finished today and this week, and average time."""
        loads = self._loads(s)
        today = _local(self._now(), tz).date()
        today_start = _day_start(today, tz)
        week_start = _day_start(today - timedelta(days=today.weekday()), tz)
        since = _day_start(today - timedelta(days=AVERAGE_WINDOW_DAYS - 1), tz)
        in_progress = self._in_progress(s)
        finished = self._finished_by_technician(s, since, today_start, week_start)
        rows = []
        for load in loads:
            today_count, week_count, timed, seconds = finished.get(load.technician_id, (0, 0, 0, 0))
            rows.append(TechnicianStats(load, in_progress[load.technician_id], today_count, week_count,
                                        timedelta(seconds=seconds / timed) if timed else None))
        waiting = s.scalar(select(func.count()).select_from(Appointment).where(
            Appointment.status == AppointmentStatus.SCHEDULED)) or 0
        return WorkloadReport(Workload(tuple(loads)), tuple(rows), waiting)

    @polls
    def period_report(self, run: Run, first_day: date, last_day: date, tz: tzinfo | None = None) -> PeriodReport:
        """Completions per local day, average time per technician, and callbacks by priority and status.

        Sent as a poll (the statements compiled once, straight to the driver): the Workload tab asks again after
        every change, and through a session the seven statements' handling cost several times what a day's
        chart costs the database."""
        if last_day < first_day:
            first_day, last_day = last_day, first_day
        start, end = _day_start(first_day, tz), _day_start(last_day + timedelta(days=1), tz)
        period = {"start": start, "end": end}
        shift = _sub_hour_shift(start, tz)
        statements = _period_statements(self.dialect)
        days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
        first_hours = _first_hours(days, start, shift, tz)
        appointments = _per_day(run(statements.appointments_per_hour, **period, shift=shift), first_hours)
        callbacks = _per_day(run(statements.callbacks_per_hour, **period, shift=shift), first_hours)
        per_day = tuple(DayCount(d, a, c) for d, a, c in zip(days, appointments, callbacks))
        return PeriodReport(first_day, last_day, per_day, _averages(run, statements, period),
                            _callback_counts(run, statements, period))

    # --- the queries -------------------------------------------------------------------------------

    def _in_progress(self, s: Session) -> Counter[int]:
        """Jobs being worked on now, per technician: a handful of rows found through the status indexes."""
        counts: Counter[int] = Counter()
        for stmt in (select(Appointment.technician_id, func.count())
                     .where(Appointment.status == AppointmentStatus.IN_PROGRESS)
                     .group_by(Appointment.technician_id),
                     select(Callback.claimed_by, func.count())
                     .where(Callback.status == CallbackStatus.IN_PROGRESS, Callback.deleted_at.is_(None))
                     .group_by(Callback.claimed_by)):
            counts.update(dict(s.execute(stmt).all()))
        return counts

    def _finished_by_technician(self, s: Session, since: datetime, today_start: datetime,
                                week_start: datetime) -> dict[int, tuple[int, ...]]:
        """Per technician: (finished today, finished this week, timed jobs, seconds worked) since ``since``."""
        totals: dict[int, tuple[int, ...]] = {}
        for technician, finished, started, visible in _JOBS:
            timed = started.is_not(None)
            tech = _per_technician(technician)
            stmt = (select(tech,
                           func.sum(case((finished >= today_start, 1), else_=0)),
                           func.sum(case((finished >= week_start, 1), else_=0)),
                           func.sum(case((timed, 1), else_=0)),
                           func.sum(case((timed, self._seconds(finished) - self._seconds(started)), else_=0)))
                    .where(finished >= since, *visible).group_by(tech))
            for tech_id, *counts in s.execute(stmt):
                earlier = totals.get(tech_id, (0, 0, 0, 0))
                totals[tech_id] = tuple(a + int(b or 0) for a, b in zip(earlier, counts))
        return totals

    def _seconds(self, column: InstrumentedAttribute) -> ColumnElement[int]:
        return seconds_since_1970(column, self.dialect)


def _first_hours(days: list[date], start: datetime, shift: int, tz: tzinfo | None) -> list[int]:
    """The hour number (as the per-hour statements count: shifted by ``shift``) each local day starts with.

    Local midnight plus the shift falls on a whole hour (while the zone's offset keeps its minutes: see the
    module's note), so a day holds exactly the hour numbers from its own first one to the next day's: one
    bisection per counted hour instead of a time-zone conversion each (which cost more than a day's chart's
    SQL). The first day starts at ``start``, already worked out."""
    return [(int(_day_start(day, tz).timestamp() if n else start.timestamp()) + shift) // _HOUR
            for n, day in enumerate(days)]


def _per_day(rows: list[tuple], first_hours: list[int]) -> list[int]:
    """Hour numbers' counts added up per local day, in the days' order."""
    counts = [0] * len(first_hours)
    if len(first_hours) == 1:  # a day's chart: the statement counted only that day's hours
        counts[0] = sum(count for _, count in rows)
        return counts
    for number, count in rows:
        counts[max(bisect.bisect_right(first_hours, int(number)) - 1, 0)] += count
    return counts


def _averages(run: Run, statements: "_PeriodStatements", period: dict) -> tuple[TechnicianAverage, ...]:
    worked: dict[int, tuple[int, int]] = {}  # technician -> (jobs, seconds), appointments and callbacks together
    for stmt in statements.averages:
        for tech_id, count, seconds in run(stmt, **period):
            jobs, total = worked.get(tech_id, (0, 0))
            worked[tech_id] = (jobs + count, total + int(seconds or 0))
    averages = []
    for tech_id, name in run(_TECHNICIAN_NAMES):
        jobs, total = worked.get(tech_id, (0, 0))
        averages.append(TechnicianAverage(tech_id, name, jobs, timedelta(seconds=total / jobs) if jobs else None))
    return tuple(averages)


def _callback_counts(run: Run, statements: "_PeriodStatements", period: dict) -> tuple[CallbackCount, ...]:
    """Callbacks scheduled in the period, and unfinished ones from before it: what is still owed counts too.
    The driver hands back the priority's stored rank and the status's text; the two statements count
    different statuses, so no (priority, status) comes twice."""
    rows = [row for stmt in statements.callback_counts for row in run(stmt, **period)]
    rows.sort(key=lambda row: (row[0], _STATUSES[row[1]][0]))
    return tuple(CallbackCount(Priority.from_rank(rank), _STATUSES[status][1], count) for rank, status, count in rows)


#: A callback status's stored text -> (its place in the workflow's order, the status), for sorting the counts (a
#: list's ``index`` per item cost more than the day's chart's own SQL).
_STATUSES = {status.value: (n, status) for n, status in enumerate(CallbackStatus)}


def seconds_since_1970(column: InstrumentedAttribute, dialect: str) -> ColumnElement[int]:
    """Whole seconds since 1970 of a naive-UTC column, in the ``dialect``'s SQL.

    SQLite's ``unixepoch`` (3.38 and later) takes half the time of ``strftime('%s')``: over the 24,000 jobs
    finished in 30 days at a million appointments, 42 ms against 93 ms for the per-technician sums."""
    if dialect == "sqlite":
        if sqlite3.sqlite_version_info >= (3, 38):
            return func.unixepoch(column)
        return cast(func.strftime("%s", column), Integer)
    return cast(func.floor(extract("epoch", column)), BigInteger)


class _PeriodStatements(NamedTuple):
    """What ``period_report`` asks, built once per database kind, its period (``start``, ``end``, ``shift``) in
    parameters: built anew for each report, the seven statements cost three times what the database took to
    answer them (2.3 of 2.7 ms for a day's chart at a million appointments)."""

    appointments_per_hour: Select
    callbacks_per_hour: Select
    averages: tuple[Select, ...]
    callback_counts: tuple[Select, ...]


@functools.cache
def _period_statements(dialect: str) -> _PeriodStatements:
    start, end = bindparam("start"), bindparam("end")

    def per_hour(finished: InstrumentedAttribute, *where: ColumnElement[bool]) -> Select:
        hour = ((seconds_since_1970(finished, dialect) + bindparam("shift", type_=Integer)) // _HOUR).label("hour")
        return select(hour, func.count()).where(finished >= start, finished < end, *where).group_by(hour)

    def average(technician: InstrumentedAttribute, finished: InstrumentedAttribute, started: InstrumentedAttribute,
                counted: tuple[ColumnElement[bool], ...]) -> Select:
        tech = _per_technician(technician)
        worked = seconds_since_1970(finished, dialect) - seconds_since_1970(started, dialect)
        return (select(tech, func.count(), func.sum(worked))
                .where(finished >= start, finished < end, started.is_not(None), *counted).group_by(tech))

    averages = tuple(average(*job) for job in _JOBS)
    visible = Callback.deleted_at.is_(None)
    counts = tuple(
        select(Callback.priority, Callback.status, func.count()).where(visible, *where)
        .group_by(Callback.priority, Callback.status)
        for where in ((one_of(Callback.status, _UNFINISHED_CALLBACKS), Callback.scheduled_at < end),
                      (one_of(Callback.status, _FINISHED_CALLBACKS), Callback.scheduled_at >= start,
                       Callback.scheduled_at < end)))
    return _PeriodStatements(per_hour(Appointment.completed_at), per_hour(Callback.resolved_at, visible),
                             averages, counts)


# --- local days ------------------------------------------------------------------------------------


def _local(instant: datetime, tz: tzinfo | None) -> datetime:
    return instant.astimezone(tz) if tz is not None else instant.astimezone()


def _day_start(day: date, tz: tzinfo | None) -> datetime:
    """Local midnight of ``day`` as an aware UTC instant (a naive datetime is this PC's local time)."""
    if tz is None:
        return datetime.combine(day, time()).astimezone().astimezone(UTC)
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def _sub_hour_shift(at: datetime, tz: tzinfo | None) -> int:
    """Seconds to add to UTC so that local midnight falls on a whole hour: 1800 for UTC+5:30, else mostly 0."""
    offset = _local(at, tz).utcoffset() or timedelta()
    return int(offset.total_seconds()) % _HOUR


def _per_technician(technician: InstrumentedAttribute) -> ColumnElement[int]:
    """The technician column to GROUP BY, written ``technician + 0`` on purpose.

    Without statistics SQLite would rather walk the (technician, status) index
    in technician order, which spares it a sort but reads every job the shop
    ever had (2 s on a million appointments). ``+ 0`` takes that index out of
    the running, so it reads only the period's rows through the finish-time
    index (0.1 s) and sorts a handful of technicians. PostgreSQL plans by its
    statistics either way.
    """
    return (technician + literal_column("0")).label("technician")

