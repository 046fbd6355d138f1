"""Booking vehicles in and moving appointments through the appointment workflow (domain/transitions.py)."""

from datetime import datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import ColumnElement, Integer, Select, String, func, inspect, literal, literal_column, select
from sqlalchemy.orm import Session, aliased

from ..domain.errors import ValidationError
from ..domain.limits import LONG_TEXT, check_scheduled, clean_text
from ..domain.statuses import DESK_ROLES, AppointmentStatus
from ..domain.transitions import APPOINTMENT_WORKFLOW, BOOK
from .base import reads, writes
from .concern_blocks import CONCERN_KEY, concern_blocks
from .leading_join import LeadingJoin
from .models import NEVER_TEXT, Appointment, Customer, Employee, Vehicle
from .listing import Column, Listing, Part
from .paging import PAGE_SIZE, Page
from .plan_rules import PlanRulesMixin
from .rows import AppointmentFilter, AppointmentRecord, AppointmentRow
from .search import APPOINTMENT_SEARCH
from .types import UTCDateTime

_Technician = aliased(Employee, name="technician")
#: Missing timestamps sort first. Written into the SQL, not bound, so the expression indexes of migration 0006
#: (on exactly these expressions) serve the sort.
_NEVER = literal_column(NEVER_TEXT, UTCDateTime())


def _stamp_key(column: ColumnElement) -> ColumnElement:
    return func.coalesce(column, _NEVER)


#: Columns a table can sort by, each ending before the id tie-break and each served by an index (0004, 0006).
APPOINTMENT_SORTS: dict[str, list[ColumnElement]] = {
    "id": [],
    "scheduled_at": [Appointment.scheduled_at],
    "status": [Appointment.status],
    "customer": [Customer.name, Appointment.customer_id],
    "vehicle": [Vehicle.plate, Appointment.vehicle_id],
    "concern": [CONCERN_KEY],
    "technician": [func.coalesce(_Technician.name, "")],
    "assigned_at": [_stamp_key(Appointment.assigned_at)],
    "started_at": [_stamp_key(Appointment.started_at)],
    "completed_at": [_stamp_key(Appointment.completed_at)],
    "created_at": [Appointment.created_at],
}
#: Sorts by another table's column, read from that table first when nothing else narrows the list much.
_LEADING = {"customer": (Customer, Appointment.customer_id), "vehicle": (Vehicle, Appointment.vehicle_id),
            "technician": (_Technician, Appointment.technician_id)}


def _concern(text: str) -> str:
    return clean_text(text, "concern", limit=LONG_TEXT, required=True, ask="what the customer wants done")


class AppointmentsMixin(PlanRulesMixin):
    @writes
    def book_appointment(self, s: Session, vehicle_id: int, scheduled_at: datetime, concern: str,
                         actor: int, *, duration_minutes: int = 60, technician_id: int | None = None,
                         promised_at: datetime | None = None) -> AppointmentRecord:
        """``technician_id`` plans the appointment for them at once, under the plan's time rules."""
        who = self._authorize(s, actor, DESK_ROLES, "book appointments")
        vehicle = self._get(s, Vehicle, vehicle_id, "vehicle")
        now = self._now()
        scheduled_at = check_scheduled(scheduled_at, now)
        plan = self._booking_plan(s, scheduled_at, duration_minutes, technician_id, promised_at)
        appointment = Appointment(customer_id=vehicle.customer_id, vehicle_id=vehicle.id, scheduled_at=scheduled_at,
                                  concern=_concern(concern), status=AppointmentStatus.SCHEDULED, created_at=now,
                                  created_by=who.id, **plan)
        s.add(appointment)
        s.flush()
        self._record(s, "appointment", appointment.id, BOOK, None, AppointmentStatus.SCHEDULED, who, now)
        return appointment

    @writes
    def update_appointment(self, s: Session, appointment_id: int, actor: int, *, expected_version: int | None = None,
                           scheduled_at: datetime | None = None, concern: str | None = None) -> AppointmentRecord:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "edit", actor, expected_version,
                                             edit=True)
        now = self._now()
        if scheduled_at is not None:
            scheduled_at = check_scheduled(scheduled_at, now)
            self._moved_plan(s, appointment, scheduled_at)
            appointment.scheduled_at = scheduled_at
        if concern is not None:
            appointment.concern = _concern(concern)
        self._touch(appointment, who, now)
        return appointment

    @writes
    def assign_technician(self, s: Session, appointment_id: int, technician_id: int | None, actor: int, *,
                          expected_version: int | None = None) -> AppointmentRecord:
        """``technician_id`` None: the technician the appointment is planned for."""
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "assign_technician", actor, expected_version)
        technician_id = self._planned_or(appointment, technician_id)
        if appointment.technician_id == technician_id:
            raise ValidationError("That technician is already on this appointment.")
        tech = self._locked_technician(s, technician_id)
        plan = self._assignment_time(s, appointment, tech)
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.ASSIGNED,
                                 "assign_technician", who, now, note=f"Assigned to {tech.name}",
                                 technician_id=tech.id, assigned_at=now, **plan)

    @writes
    def unassign(self, s: Session, appointment_id: int, actor: int, *, expected_version: int | None = None) -> AppointmentRecord:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "unassign", actor, expected_version)
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, AppointmentStatus.ASSIGNED, AppointmentStatus.SCHEDULED,
                                 "unassign", who, self._now(), technician_id=None, assigned_at=None)

    @writes
    def start_work(self, s: Session, appointment_id: int, actor: int, *, expected_version: int | None = None) -> AppointmentRecord:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "start_work", actor, expected_version)
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.IN_PROGRESS,
                                 "start_work", who, now, started_at=now)

    @writes
    def complete_work(self, s: Session, appointment_id: int, actor: int, *,
                      expected_version: int | None = None) -> AppointmentRecord:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "complete_work", actor, expected_version)
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.COMPLETED,
                                 "complete_work", who, now, completed_at=now)

    @writes
    def cancel_appointment(self, s: Session, appointment_id: int, reason: str, actor: int, *,
                           expected_version: int | None = None) -> AppointmentRecord:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "cancel", actor, expected_version)
        reason = clean_text(reason, "reason", limit=LONG_TEXT, required=True, ask="why the appointment is cancelled")
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.CANCELLED,
                                 "cancel", who, now, note=reason, cancelled_at=now, cancel_reason=reason)



    @reads
    def appointment(self, s: Session, appointment_id: int) -> AppointmentRow:
        return APPOINTMENTS.one(s, appointment_id)

    @reads
    def list_appointments(self, s: Session, filter: AppointmentFilter = AppointmentFilter(), *,
                          sort: str = "scheduled_at", descending: bool = False, after: tuple | None = None,
                          limit: int = PAGE_SIZE) -> Page[AppointmentRow]:
        return APPOINTMENTS.page(s, filter, sort, descending, after, limit)

    @reads
    def count_appointments(self, s: Session, filter: AppointmentFilter = AppointmentFilter()) -> int:
        return APPOINTMENTS.count(s, filter)


def _rows_query(leading: tuple | None = None) -> Select:
    """Every column of a row; ``leading``, a table and the appointments' key to it, is read first (LeadingJoin)."""
    stmt = select(Appointment.id, Appointment.status, Appointment.scheduled_at, Appointment.concern,
                  Appointment.customer_id, Customer.name.label("customer_name"), Customer.phone.label("customer_phone"),
                  Appointment.vehicle_id, Vehicle.make, Vehicle.model, Vehicle.year, Vehicle.plate,
                  Appointment.technician_id, _Technician.name.label("technician_name"), Appointment.assigned_at,
                  Appointment.started_at, Appointment.completed_at, Appointment.cancelled_at,
                  Appointment.cancel_reason, Appointment.created_at, Appointment.version,
                  Appointment.duration_minutes, Appointment.planned_technician_id, Appointment.promised_at)
    if leading is None:
        stmt = stmt.select_from(Appointment)
    else:
        table, key = leading
        stmt = stmt.select_from(LeadingJoin(inspect(table).selectable, Appointment.__table__, table.id == key))
    for table, key in ((Customer, Appointment.customer_id), (Vehicle, Appointment.vehicle_id)):
        if leading is None or table is not leading[0]:
            stmt = stmt.join(table, table.id == key)
    return stmt.outerjoin(_Technician, _Technician.id == Appointment.technician_id)


def _conditions(f: AppointmentFilter, column: Column) -> list[ColumnElement[bool]]:
    """The filter's conditions; a scheduled-time range keeps its index, which is also the list's default order."""
    conditions = []
    if f.statuses:
        conditions.append(column(Appointment.status).in_(f.statuses))
    if f.technician_id is not None:
        conditions.append(column(Appointment.technician_id) == f.technician_id)
    if f.customer_id is not None:
        conditions.append(column(Appointment.customer_id) == f.customer_id)
    if f.scheduled_from is not None:
        conditions.append(Appointment.scheduled_at >= f.scheduled_from)
    if f.scheduled_to is not None:
        conditions.append(Appointment.scheduled_at < f.scheduled_to)
    return conditions


def _leading_parts(s: Session, sort: str, keys: list[ColumnElement], after: tuple | None,
                   descending: bool) -> list[Part]:
    """By technician: the unassigned first ('' sorts first), then each technician's jobs, one part per name.

    Each part reads one technician's jobs in id order from their index and stops after a page. One join with the
    technicians read first is what SQLite does with ``INDEXED BY``; PostgreSQL instead sorted each technician's
    50,000 jobs in full before keeping a page (1.1 s at 1,000,000). Namesakes share a part, so their jobs
    interleave by id as the sort promises. Only technicians with jobs at or beyond the cursor's name are asked.
    """
    if sort != "technician":
        return [(_rows_query(_LEADING[sort]), keys)]
    unassigned = _rows_query().where(Appointment.technician_id.is_(None))
    people = (select(Employee.name, Employee.id).order_by(Employee.name, Employee.id)
              .where(select(Appointment.id).where(Appointment.technician_id == Employee.id).exists()))
    if after is not None:
        people = people.where(Employee.name <= after[0] if descending else Employee.name >= after[0])
    named = [(_rows_query().where(Appointment.technician_id.in_([id for _, id in group]) if len(group) > 1
                                  else Appointment.technician_id == group[0][1]),
              [literal(name, String), Appointment.id])
             for name, group in ((name, list(group)) for name, group in groupby(s.execute(people), itemgetter(0)))]
    return [(unassigned, [literal_column("''"), Appointment.id]), *named]


def _blocks(s: Session, sort: str, text: str, after: tuple | None, descending: bool) -> list[Part] | None:
    """By concern: the blocks of one concern text that hold the words (``concern_blocks``)."""
    if sort != "concern":
        return None
    return concern_blocks(s, APPOINTMENT_SEARCH, text, after, descending, _rows_query())


APPOINTMENTS = Listing("appointment", AppointmentRow, Appointment.id, _rows_query, _conditions, APPOINTMENT_SEARCH,
                       APPOINTMENT_SORTS, _LEADING, _leading_parts,
                       {"customer": (("customer_name", String()), ("customer_id", Integer())),
                        "vehicle": (("plate", String()), ("vehicle_id", Integer())),
                        "scheduled_at": (("scheduled_at", UTCDateTime()),)},
                       # the status, open and technician indexes (0004, 0011); technician_status for each part
                       filter_order="scheduled_at", indexed_sorts=frozenset({"scheduled_at", "status", "technician"}),
                       blocks=_blocks)
