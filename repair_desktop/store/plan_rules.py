"""The time rules every plan meets, in the caller's transaction: opening hours, time off, jobs at one moment.

Booking with a technician, planning, assigning and moving a planned job all
come here. The technician's row is locked first (``_locked_technician``), so two
PCs planning the same technician queue on that lock and the second one counts
the first one's job; the jobs, the time off, the limit and the opening hours
are read in one statement of their own after the lock, as PostgreSQL needs (a
statement that waited reads its older snapshot).

Only the jobs near the new one are read: a job lasts at most ``MAX_DURATION``
minutes, so one that overlaps ``[start, end)`` starts after ``start - MAX_DURATION``
-- a range of the ``(planned_technician_id, scheduled_at)`` index.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, bindparam, literal, select, true
from sqlalchemy.orm import Session

from ..domain.errors import ScheduleConflict, ValidationError
from ..domain.limits import check_scheduled
from ..domain.schedule import (MAX_DURATION, WEEKDAYS, Busy, OpeningHours, check_duration, crowded_moment,
                               decode_hours, local_day, opening_window)
from ..domain.statuses import AppointmentStatus
from .base import send_rows
from .capacity import CAPACITY_SETTING, CapacityMixin, Technician, active_jobs, capacity, one_of, refuse_when_full
from .models import Appointment, Customer, Setting, TimeOff

#: Appointments that hold their planned time: completed and cancelled ones give it back.
PLANNED_STATUSES = (AppointmentStatus.SCHEDULED, AppointmentStatus.ASSIGNED, AppointmentStatus.IN_PROGRESS)
HOLDS_TIME = one_of(Appointment.status, PLANNED_STATUSES)
OPENING_HOURS_KEY = "opening_hours"
OPENING_HOURS_SETTING = select(Setting.value).where(Setting.key == OPENING_HOURS_KEY)

_LONGEST = timedelta(minutes=MAX_DURATION)
_JOBS_NEAR = (select(Appointment.id, Appointment.scheduled_at, Appointment.duration_minutes, Customer.name)
              .join(Customer, Customer.id == Appointment.customer_id)
              .where(Appointment.planned_technician_id == bindparam("technician"),
                     Appointment.scheduled_at > bindparam("earliest"), Appointment.scheduled_at < bindparam("end"),
                     Appointment.id != bindparam("job"), HOLDS_TIME)
              .subquery("jobs"))
_FIRST_TIME_OFF = (select(TimeOff.id)
                   .where(TimeOff.technician_id == bindparam("technician"), TimeOff.ends_at > bindparam("start"),
                          TimeOff.starts_at < bindparam("end"))
                   .order_by(TimeOff.starts_at).limit(1).scalar_subquery())


def _plan_facts(room: bool) -> Select:
    """Everything a plan checks once the technician is locked, in one round trip: the first time off in the way
    (its id, or None; the entry itself is read only to refuse), the capacity limit's setting, the opening hours'
    setting, with ``room`` the technician's active jobs (assigning checks capacity too) and, a row each, the jobs
    near the new one (none: one row of NULLs). After the lock, in a statement of its own: on PostgreSQL a
    statement that waited for the lock still reads its older snapshot."""
    facts = [_FIRST_TIME_OFF.label("off"), CAPACITY_SETTING.scalar_subquery().label("setting"),
             OPENING_HOURS_SETTING.scalar_subquery().label("hours")]
    if room:
        facts.append(active_jobs(bindparam("technician")).label("active"))
    return (select(*facts, _JOBS_NEAR)
            .select_from(select(literal(1).label("one")).subquery("one").outerjoin(_JOBS_NEAR, true()))
            .order_by(_JOBS_NEAR.c.scheduled_at, _JOBS_NEAR.c.id))


_PLAN_FACTS = {room: _plan_facts(room) for room in (False, True)}
_TIME_OFF = select(TimeOff.starts_at, TimeOff.ends_at, TimeOff.reason).where(TimeOff.id == bindparam("entry"))


def when(instant: datetime) -> str:
    """An instant as the desk reads it: "Mon 2 Mar 09:00", local time."""
    local = instant.astimezone()
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def clock(instant: datetime) -> str:
    return f"{instant.astimezone():%H:%M}"


class PlanRulesMixin(CapacityMixin):
    def _opening_hours(self, s: Session) -> OpeningHours:
        return decode_hours(s.connection().execute(OPENING_HOURS_SETTING).scalar())  # Core: no ORM step

    def _plan_start(self, starts_at: datetime, field: str = "planned start") -> datetime:
        """``starts_at`` as an aware instant (a naive one is local time), within the store's date limits."""
        check_scheduled(starts_at, self._now(), field)
        return starts_at.astimezone(UTC)

    def _check_opening(self, s: Session, start: datetime, minutes: int) -> None:
        """``ValidationError`` unless ``[start, start + minutes)`` lies inside the opening hours of its day."""
        self._within_hours(start, minutes, self._opening_hours(s))

    @staticmethod
    def _within_hours(start: datetime, minutes: int, hours: OpeningHours) -> None:
        day = local_day(start)
        window = opening_window(day, hours)
        if window is None:
            raise ValidationError(f"The shop is closed on {WEEKDAYS[day.weekday()]}s; choose another day.")
        opens, closes = window
        end = start + timedelta(minutes=minutes)
        if start < opens or end > closes:
            raise ValidationError(f"On {WEEKDAYS[day.weekday()]}s the shop is open {clock(opens)} to {clock(closes)}: "
                                  f"a {minutes}-minute job from {clock(start)} would end at {clock(end)}. Choose "
                                  "another time or a shorter estimate.")

    def _check_time(self, s: Session, tech: Technician, start: datetime, minutes: int, job_id: int | None, *,
                    opening: bool = False, room: bool = False) -> None:
        """``ScheduleConflict`` when ``[start, start + minutes)`` falls in ``tech``'s time off, or would put them on
        more jobs at one moment than the capacity limit; with ``opening``, first ``ValidationError`` unless it lies
        within the opening hours; with ``room`` (giving them the job), before anything ``CapacityExceeded`` when
        they hold as many active jobs as the limit. ``tech`` is locked already; ``job_id`` is the job itself."""
        end = start + timedelta(minutes=minutes)
        rows = send_rows(s, _PLAN_FACTS[room], {"technician": tech.id, "start": start, "end": end,
                                                "earliest": start - _LONGEST, "job": job_id if job_id is not None else 0})
        off, setting, hours = rows[0].off, rows[0].setting, rows[0].hours
        if room:
            refuse_when_full(tech, rows[0].active, setting)
        if opening:
            self._within_hours(start, minutes, decode_hours(hours))
        if off is not None:
            away = s.connection().execute(_TIME_OFF, {"entry": off}).one()
            reason = f" ({away.reason})" if away.reason else ""
            raise ScheduleConflict(f"{tech.name} is off from {when(away.starts_at)} to {when(away.ends_at)}{reason}. "
                                   "Choose another time or technician.")
        names = {r.id: r.name for r in rows if r.id is not None}
        jobs = [Busy(r.scheduled_at, r.scheduled_at + timedelta(minutes=r.duration_minutes), r.id)
                for r in rows if r.id is not None]
        limit = capacity(setting)
        in_the_way = crowded_moment(jobs, start, end, limit)
        if in_the_way:
            listed = "; ".join(f"#{j.job_id} {names[j.job_id]}, {clock(j.starts_at)}-{clock(j.ends_at)}"
                               for j in in_the_way)
            raise ScheduleConflict(f"{tech.name} already has {len(in_the_way)} jobs planned then, and takes at most "
                                   f"{limit} at a time: {listed}. Choose another time or technician, or move one "
                                   "of those jobs first.")

    def _plan_for(self, s: Session, technician_id: int, start: datetime, minutes: int, job_id: int | None) -> Technician:
        """The technician, locked, once a plan for them over ``[start, start + minutes)`` meets every time rule."""
        tech = self._locked_technician(s, technician_id)
        self._check_time(s, tech, start, minutes, job_id, opening=True)
        return tech

    def _booking_plan(self, s: Session, scheduled_at: datetime, duration_minutes: int, technician_id: int | None,
                      promised_at: datetime | None) -> dict[str, object]:
        """The plan columns of a new appointment, checked: its duration, promised time and, when a technician
        is given, that technician planned at once under the time rules."""
        minutes = check_duration(duration_minutes)
        if promised_at is not None:
            check_scheduled(promised_at, self._now(), "promised time")
            if promised_at.astimezone(UTC) <= scheduled_at.astimezone(UTC):
                raise ValidationError("The car can't be promised back before the appointment starts; "
                                      "check the promised time.")
        planned = None
        if technician_id is not None:
            planned = self._plan_for(s, technician_id, self._plan_start(scheduled_at, "appointment time"), minutes,
                                     None).id
        return {"duration_minutes": minutes, "planned_technician_id": planned, "promised_at": promised_at}

    def _assignment_time(self, s: Session, appointment: Appointment, tech: Technician) -> dict[str, object]:
        """Assigning (the car is here) checks the technician's capacity and, of the time rules, only time off and
        jobs at one moment; the assigned technician becomes the planned one. ``tech`` is locked already."""
        self._check_time(s, tech, appointment.scheduled_at, appointment.duration_minutes, appointment.id, room=True)
        return {"planned_technician_id": tech.id}

    def _planned_or(self, appointment: Appointment, technician_id: int | None) -> int:
        """The technician to assign: the one given, else the one the appointment is planned for."""
        if technician_id is not None:
            return technician_id
        if appointment.planned_technician_id is None:
            raise ValidationError("This appointment isn't planned for anyone; choose the technician to assign.")
        return appointment.planned_technician_id

    def _moved_plan(self, s: Session, appointment: Appointment, scheduled_at: datetime) -> None:
        """An edit that moves a planned appointment's time meets the plan's rules at the new time (opening
        hours only while it is a plan made ahead, i.e. still scheduled)."""
        if appointment.planned_technician_id is None:
            return
        start = self._plan_start(scheduled_at, "appointment time")
        tech = self._locked_technician(s, appointment.planned_technician_id)
        self._check_time(s, tech, start, appointment.duration_minutes, appointment.id,
                         opening=appointment.status == AppointmentStatus.SCHEDULED)

