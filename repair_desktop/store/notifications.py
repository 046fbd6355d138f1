"""Notifications: who is told about a change, written in the change's own transaction, and reading them.

Who is told (the shop's table of events and recipients, in docs/decisions.md), by the workflow move that causes it (``_moved``,
which every move calls from ``StoreBase._finish_move``, and creating a
callback calls itself):

- an appointment assigned or reassigned: the technician who gets it; unassigned
  or reassigned away: the technician who loses it;
- an appointment completed: whoever assigned it last;
- a callback created as urgent: every active technician;
- a callback reassigned: the technician who loses it and the one who gets it;
  released: the technician who loses it;
- a callback resolved: whoever created it;
- a passed deadline: every active manager and the callback's creator (deadlines.py).

The person who made the change is never told about their own act (the desk
completing a job they assigned themselves), and deactivated employees are not
told (they can no longer sign in to read it). Each notification goes on the
change feed as ``("notification", recipient id)``, so the person's count
updates on every PC they are signed in on.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Insert, Select, bindparam, func, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.statuses import Priority
from .base import VEHICLES_READ, Run, StoreBase, polls, reads, send, writes
from .models import Appointment, Callback, Employee, Notification, StatusEvent, Vehicle
from .workload import ACTIVE_TECHNICIAN

#: The longest list one call returns.
MOST = 500
#: How much of a description or concern a notification quotes.
SNIPPET = 60
_INSERT = Notification.__table__.insert()
_TABLE = Notification.__table__
# The statements a move's notifications need, built once: building a statement per call cost more than
# running it (a transition went from 1.4 to 3.5 ms of CPU before they were).
_LINE = ("kind", "text", "entity_kind", "entity_id", "created_at")
#: One line per active employee among ``people``, written and handed back in one statement (a read of who is
#: active, then the insert, were two round trips per notifying move).
def _tell_active(people) -> Insert:
    return (_INSERT.from_select(["recipient_id", *_LINE],
                                select(Employee.id, *(bindparam(name, type_=_TABLE.c[name].type) for name in _LINE))
                                .where(Employee.active.is_(True), people))
            .returning(Notification.recipient_id))


_TELL_ACTIVE = _tell_active(Employee.id.in_(bindparam("people", expanding=True)))
#: The same for one person, the usual case: with no list to expand it goes straight to the driver (``send``).
_TELL_ONE = _tell_active(Employee.id == bindparam("person"))
_ACTIVE_TECHNICIANS = select(Employee.id).where(ACTIVE_TECHNICIAN)
_VEHICLE = select(Vehicle.make, Vehicle.model, Vehicle.plate).where(Vehicle.id == bindparam("vehicle"))
_ASSIGNER = (select(StatusEvent.actor_id)
             .where(StatusEvent.entity_kind == "appointment", StatusEvent.entity_id == bindparam("job"),
                    StatusEvent.action == "assign_technician")
             .order_by(StatusEvent.id.desc()).limit(1))
_NAME = select(Employee.name).where(Employee.id == bindparam("person"))


@dataclass(frozen=True)
class NotificationRow:
    id: int
    kind: str  # e.g. "appointment_assigned", "callback_respond_late"
    text: str
    entity_kind: str  # "appointment" | "callback": the job it is about
    entity_id: int
    created_at: datetime
    read_at: datetime | None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def snippet(text: str) -> str:
    """The start of a description, on one line, cut at a word where it is long."""
    line = " ".join(text.split())
    if len(line) <= SNIPPET:
        return line
    return line[:SNIPPET].rsplit(" ", 1)[0] + "…"


@cache
def _unread(employee_id: int) -> Select:
    """The unread count's statement for one employee, built once (a poll's statement is compiled once)."""
    return select(func.count()).select_from(Notification).where(Notification.recipient_id == employee_id,
                                                                Notification.read_at.is_(None))


def _employee_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("An employee is named by their number.")
    return value


class NotificationsMixin(StoreBase):
    @reads
    def notifications(self, s: Session, employee_id: int, *, unread_only: bool = False,
                      limit: int = 50) -> list[NotificationRow]:
        """The employee's notifications, newest first (at most ``limit``, up to 500)."""
        self._get(s, Employee, _employee_id(employee_id), "employee")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValidationError("Ask for at least one notification.")
        stmt = select(_TABLE.c.id, _TABLE.c.kind, _TABLE.c.text, _TABLE.c.entity_kind, _TABLE.c.entity_id,
                      _TABLE.c.created_at, _TABLE.c.read_at).where(_TABLE.c.recipient_id == employee_id)
        if unread_only:
            stmt = stmt.where(_TABLE.c.read_at.is_(None))
        return [NotificationRow(*row) for row in s.execute(stmt.order_by(_TABLE.c.id.desc()).limit(min(limit, MOST)))]

    @polls
    def unread_count(self, run: Run, employee_id: int) -> int:
        """How many of the employee's notifications are unread: windows poll it, one index range count."""
        return run(_unread(_employee_id(employee_id)))[0][0]

    @writes
    def mark_read(self, s: Session, employee_id: int, ids: Iterable[int] | None = None) -> int:
        """Mark ``ids`` (None: all of the employee's) read; returns how many were unread. Ids that don't
        exist or belong to someone else are refused and nothing is marked."""
        self._get(s, Employee, _employee_id(employee_id), "employee")
        stmt = _TABLE.update().where(_TABLE.c.recipient_id == employee_id, _TABLE.c.read_at.is_(None))
        if ids is not None:
            wanted = {_notification_id(i) for i in ids}
            owners = dict(s.execute(select(_TABLE.c.id, _TABLE.c.recipient_id).where(_TABLE.c.id.in_(wanted))).all())
            if missing := sorted(wanted - owners.keys()):
                raise NotFound(f"There is no notification number {', '.join(map(str, missing))}.")
            if any(owner != employee_id for owner in owners.values()):
                raise PermissionDenied("You can only mark your own notifications as read.")
            stmt = stmt.where(_TABLE.c.id.in_(wanted))
        marked = s.connection().execute(stmt.values(read_at=self._now())).rowcount
        if marked:
            self._announce(s, [("notification", employee_id)])
        return marked

    # --- writing: called inside the transaction of the change --------------------------------

    def _notify(self, s: Session, recipients: Iterable[int | None], kind: str, text: str, entity_kind: str,
                entity_id: int, now: datetime, *, actor: int | None = None) -> None:
        """Tell each active employee in ``recipients`` (but not ``actor``) ``text``."""
        wanted = {r for r in recipients if r is not None and r != actor}
        if not wanted:
            return
        line = {"kind": kind, "text": text, "entity_kind": entity_kind, "entity_id": entity_id, "created_at": now}
        if len(wanted) == 1:
            told = [row[0] for row in send(s, _TELL_ONE, {"person": next(iter(wanted)), **line}).fetchall()]
        else:
            told = s.connection().execute(_TELL_ACTIVE, {"people": sorted(wanted), **line}).scalars().all()
        if told:
            self._announce(s, [("notification", recipient) for recipient in sorted(told)])

    def _moved(self, s: Session, noun: str, action: str, record: Appointment | Callback, holder: int | None,
               who: Employee, now: datetime) -> None:
        """Tell whom the table of events names about ``action`` on ``record``; ``holder`` held it before."""
        if noun == "appointment":
            self._appointment_moved(s, action, record, holder, who, now)
        else:
            self._callback_moved(s, action, record, holder, who, now)

    def _appointment_moved(self, s: Session, action: str, job: Appointment, holder: int | None, who: Employee,
                           now: datetime) -> None:
        if action not in ("assign_technician", "unassign", "complete_work"):
            return
        vehicle = s.info.get(VEHICLES_READ, {}).get(job.id)  # read with the job's lock, as a rule
        make, model, plate = vehicle or s.connection().execute(_VEHICLE, {"vehicle": job.vehicle_id}).one()
        what = f"{make} {model} ({plate}): {snippet(job.concern)}"

        def tell(recipient: int | None, kind: str, text: str) -> None:
            self._notify(s, [recipient], kind, text, "appointment", job.id, now, actor=who.id)

        if action == "complete_work":
            assigner = s.connection().execute(_ASSIGNER, {"job": job.id}).scalar()
            tell(assigner, "appointment_completed", f"{who.name} completed {what}")
            return
        if action == "assign_technician":
            tell(job.technician_id, "appointment_assigned", f"{who.name} gave you {what}")
        if holder is not None and holder != job.technician_id:
            to = f" to {self._name(s, job.technician_id)}" if job.technician_id else ""
            tell(holder, "appointment_unassigned", f"{who.name} moved {what}{to}; it is off your list")

    def _callback_moved(self, s: Session, action: str, job: Callback, holder: int | None, who: Employee,
                        now: datetime) -> None:
        what = f"{job.job_number} ({snippet(job.description)})"

        def tell(recipients: Iterable[int | None], kind: str, text: str) -> None:
            self._notify(s, recipients, kind, text, "callback", job.id, now, actor=who.id)

        if action == "create_callback" and job.priority == Priority.URGENT:
            technicians = s.connection().execute(_ACTIVE_TECHNICIANS).scalars()
            tell(technicians, "callback_urgent", f"New urgent callback {what}: pick it up in Available jobs")
        elif action == "reassign_callback":
            tell([job.claimed_by], "callback_assigned", f"{who.name} gave you {what}")
            tell([holder], "callback_taken", f"{who.name} moved {what} to {self._name(s, job.claimed_by)}")
        elif action == "release_callback":
            tell([holder], "callback_taken", f"{who.name} put {what} back in Available jobs")
        elif action == "resolve_callback":
            tell([job.created_by], "callback_resolved", f"{who.name} resolved {what}; it can be closed")

    @staticmethod
    def _name(s: Session, employee_id: int | None) -> str:
        return s.connection().execute(_NAME, {"person": employee_id}).scalar() or "someone else"


def _notification_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"'{value}' is not a notification number.")
    return value
