"""Planning the shop's days: plans for appointments, opening hours and technicians' time off.

A plan is a technician, a start and an estimated duration. Planning is not
assigning: a planned appointment stays ``scheduled`` and counts against no one's
capacity until the desk assigns it, when the car is there. Planning an assigned
appointment for another technician is a reassignment, with its checks and its
history line. Every plan writes a history line (``plan``, the status
unchanged), so the job's page says who moved it and where.

Time off is the manager's, like the rest of the shop's administration: adding
it over jobs already planned is allowed (someone falling ill is a fact, not a
request) and those jobs show inside the shaded time until someone re-plans them.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain.errors import InvalidTransition, NotFound, ValidationError
from ..domain.limits import LONG_TEXT, check_scheduled, clean_text
from ..domain.hours_text import describe_hours
from ..domain.schedule import OpeningHours, check_duration, check_opening_hours, decode_hours, encode_hours
from ..domain.statuses import AppointmentStatus, Role
from ..domain.transitions import APPOINTMENT_WORKFLOW
from .base import reads, writes
from .models import Employee, TimeOff
from .staff import MANAGERS
from .plan_rules import OPENING_HOURS_KEY, PlanRulesMixin, when
from .settings import SettingsMixin
from .rows import AppointmentRecord

#: The longest stretch of time off one entry may cover; longer absences are entered in parts.
LONGEST_TIME_OFF = timedelta(days=366)


class PlanningMixin(PlanRulesMixin, SettingsMixin):
    @writes
    def plan_appointment(self, s: Session, appointment_id: int, technician_id: int | None, starts_at: datetime,
                         duration_minutes: int, actor: int, *, expected_version: int | None = None) -> AppointmentRecord:
        """Plan the appointment for ``technician_id`` (None: for nobody yet) from ``starts_at`` for
        ``duration_minutes``; its ``scheduled_at`` moves to the plan's start."""
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "plan", actor, expected_version)
        minutes = check_duration(duration_minutes)
        start = self._plan_start(starts_at)
        plan = {"scheduled_at": start, "duration_minutes": minutes}
        status = appointment.status
        if technician_id is None:
            if status == AppointmentStatus.ASSIGNED:
                raise InvalidTransition("This appointment is assigned, so it stays planned for its technician; "
                                        "unassign it first to take it off their plan.")
            self._check_opening(s, start, minutes)
            return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, status, status, "plan", who, self._now(),
                                     note=f"Unplanned, {when(start)}, {minutes} min", planned_technician_id=None,
                                     **plan)
        reassigning = status == AppointmentStatus.ASSIGNED and appointment.technician_id != technician_id
        if reassigning:  # the same checks as assign_technician, then the plan's own
            tech = self._locked_technician(s, technician_id)
            self._check_time(s, tech, start, minutes, appointment.id, opening=True, room=True)
        else:
            tech = self._plan_for(s, technician_id, start, minutes, appointment.id)
        now = self._now()
        if reassigning:
            return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, status, AppointmentStatus.ASSIGNED,
                                     "assign_technician", who, now, note=f"Assigned to {tech.name}",
                                     technician_id=tech.id, assigned_at=now, planned_technician_id=tech.id, **plan)
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, status, status, "plan", who, now,
                                 note=f"Planned for {tech.name}, {when(start)}, {minutes} min",
                                 planned_technician_id=tech.id, **plan)

    # --- opening hours -----------------------------------------------------------------------------

    @reads
    def opening_hours(self, s: Session) -> OpeningHours:
        """``{weekday 0=Mon..6: (opens, closes) or None}``: Mon-Fri 08:00-17:00, Sat 08:00-12:00 until set."""
        return self._opening_hours(s)

    @writes
    def set_opening_hours(self, s: Session, hours: OpeningHours, actor: int) -> OpeningHours:
        """Jobs already planned keep their plans; the hours bind the plans made from now on. Audited like
        every setting, the hours written out as the manager reads them."""
        self._authorize(s, actor, MANAGERS, "change the opening hours")
        checked = check_opening_hours(hours)
        if checked != self._opening_hours(s):  # the defaults, set explicitly, are no change
            self._write_setting(s, OPENING_HOURS_KEY, encode_hours(checked), actor,
                                shown=lambda text: describe_hours(decode_hours(text)))
        return checked

    # --- time off ---------------------------------------------------------------------------------

    @writes
    def add_time_off(self, s: Session, technician_id: int, starts_at: datetime, ends_at: datetime,
                     reason: str | None, actor: int) -> int:
        """Record a technician away from ``starts_at`` to ``ends_at``; returns the entry's id."""
        who = self._authorize(s, actor, MANAGERS, "record time off")
        for value, field in ((starts_at, "start of the time off"), (ends_at, "end of the time off")):
            check_scheduled(value, self._now(), field)
        start, end = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
        if end <= start:
            raise ValidationError("Time off must end after it starts; check the dates and times.")
        if end - start > LONGEST_TIME_OFF:
            raise ValidationError("One entry of time off can cover at most a year; enter longer absences in parts.")
        reason = clean_text(reason, "reason", limit=LONG_TEXT)
        tech = self._technician(s, technician_id)
        entry = TimeOff(technician_id=tech.id, starts_at=start, ends_at=end, reason=reason, created_by=who.id,
                        created_at=self._now())
        s.add(entry)
        s.flush()
        self._announce(s, [("employee", tech.id)])
        return entry.id

    @writes
    def remove_time_off(self, s: Session, time_off_id: int, actor: int) -> None:
        self._authorize(s, actor, MANAGERS, "remove time off")
        technician_id = s.scalar(select(TimeOff.technician_id).where(TimeOff.id == time_off_id).with_for_update())
        if technician_id is None:
            raise NotFound(f"There is no time off number {time_off_id}; it may have been removed on another PC.")
        s.execute(delete(TimeOff).where(TimeOff.id == time_off_id))
        self._announce(s, [("employee", technician_id)])

    @staticmethod
    def _technician(s: Session, technician_id: int) -> Employee:
        """The technician time off is for: any technician, active or not (a leaver's last weeks count too)."""
        tech = s.get(Employee, technician_id)
        if tech is None:
            raise NotFound(f"There is no employee number {technician_id}.")
        if tech.role != Role.TECHNICIAN:
            raise ValidationError(f"{tech.name} is not a technician; time off is planned for technicians.")
        return tech
