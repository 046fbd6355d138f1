"""Booking vehicles in and moving appointments through the workflow of DESIGN.md."""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, inspect, literal_column, select
from sqlalchemy.orm import Session, aliased

from ..domain.errors import ValidationError
from ..domain.limits import LONG_TEXT, check_scheduled, clean_text
from ..domain.statuses import DESK_ROLES, AppointmentStatus
from ..domain.transitions import APPOINTMENT_WORKFLOW
from .base import StoreBase, reads, writes
from .leading_join import LeadingJoin
from .models import CONCERN_SORT_CHARS, NEVER_TEXT, Appointment, Customer, Employee, Vehicle
from .paging import PAGE_SIZE, Page, keyset_parts, reaches
from .rows import search_words, AppointmentFilter, AppointmentRow
from .search import APPOINTMENT_SEARCH, CANDIDATE_CAP, Narrowing
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
    "concern": [func.substr(Appointment.concern, literal_column("1"), literal_column(str(CONCERN_SORT_CHARS)))],
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


class AppointmentsMixin(StoreBase):
    @writes
    def book_appointment(self, s: Session, vehicle_id: int, scheduled_at: datetime, concern: str,
                         actor: int) -> Appointment:
        who = self._authorize(s, actor, DESK_ROLES, "book appointments")
        vehicle = self._get(s, Vehicle, vehicle_id, "vehicle")
        now = self._now()
        appointment = Appointment(customer_id=vehicle.customer_id, vehicle_id=vehicle.id,
                                  scheduled_at=check_scheduled(scheduled_at, now), concern=_concern(concern),
                                  status=AppointmentStatus.SCHEDULED, created_at=now, created_by=who.id)
        s.add(appointment)
        s.flush()
        self._record(s, "appointment", appointment.id, "book", None, AppointmentStatus.SCHEDULED, who, now)
        return appointment

    @writes
    def update_appointment(self, s: Session, appointment_id: int, actor: int, *, expected_version: int | None = None,
                           scheduled_at: datetime | None = None, concern: str | None = None) -> Appointment:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "edit", actor, expected_version)
        now = self._now()
        if scheduled_at is not None:
            appointment.scheduled_at = check_scheduled(scheduled_at, now)
        if concern is not None:
            appointment.concern = _concern(concern)
        self._touch(appointment, who, now)
        return appointment

    @writes
    def assign_technician(self, s: Session, appointment_id: int, technician_id: int, actor: int, *,
                          expected_version: int | None = None) -> Appointment:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "assign_technician", actor, expected_version)
        if appointment.technician_id == technician_id:
            raise ValidationError("That technician is already on this appointment.")
        tech = self._technician_with_room(s, technician_id)
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.ASSIGNED,
                                 "assign_technician", who, now, note=f"Assigned to {tech.name}",
                                 technician_id=tech.id, assigned_at=now)

    @writes
    def unassign(self, s: Session, appointment_id: int, actor: int, *, expected_version: int | None = None) -> Appointment:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "unassign", actor, expected_version)
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, AppointmentStatus.ASSIGNED, AppointmentStatus.SCHEDULED,
                                 "unassign", who, self._now(), technician_id=None, assigned_at=None)

    @writes
    def start_work(self, s: Session, appointment_id: int, actor: int, *, expected_version: int | None = None) -> Appointment:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "start_work", actor, expected_version)
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.IN_PROGRESS,
                                 "start_work", who, now, started_at=now)

    @writes
    def complete_work(self, s: Session, appointment_id: int, actor: int, *,
                      expected_version: int | None = None) -> Appointment:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "complete_work", actor, expected_version)
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.COMPLETED,
                                 "complete_work", who, now, completed_at=now)

    @writes
    def cancel_appointment(self, s: Session, appointment_id: int, reason: str, actor: int, *,
                           expected_version: int | None = None) -> Appointment:
        appointment, who = self._begin_move(s, APPOINTMENT_WORKFLOW, appointment_id, "cancel", actor, expected_version)
        reason = clean_text(reason, "reason", limit=LONG_TEXT, required=True, ask="why the appointment is cancelled")
        now = self._now()
        return self._finish_move(s, APPOINTMENT_WORKFLOW, appointment, appointment.status, AppointmentStatus.CANCELLED,
                                 "cancel", who, now, note=reason, cancelled_at=now, cancel_reason=reason)



    @reads
    def appointment(self, s: Session, appointment_id: int) -> AppointmentRow:
        row = s.execute(_rows_query().where(Appointment.id == appointment_id)).one_or_none()
        if row is None:
            self._get(s, Appointment, appointment_id, "appointment")  # raises NotFound
        return _to_row(row)

    @reads
    def list_appointments(self, s: Session, filter: AppointmentFilter = AppointmentFilter(), *,
                          sort: str = "scheduled_at", descending: bool = False, after: tuple | None = None,
                          limit: int = PAGE_SIZE) -> Page[AppointmentRow]:
        keys = [*APPOINTMENT_SORTS[sort], Appointment.id]
        narrowed = _narrowed(s, filter)
        if sort not in _LEADING:  # every key in the appointments' own table: choose the page's ids there
            ids = _filtered(s, select(Appointment.id), filter, narrowed)
            return keyset_parts(s, [(_rows_query(), keys)], descending, after, limit, _to_row, ids=ids)
        few = (narrowed is not None and narrowed.few) or not _unselective(s, filter)
        leading = None if few else _LEADING[sort]
        if leading is None:
            parts = [(_filtered(s, _rows_query(), filter, narrowed), keys)]
        elif sort == "technician":  # the unassigned ('' sorts first), then each technician's jobs in name order
            unassigned = _rows_query().where(Appointment.technician_id.is_(None))
            parts = [(_filtered(s, unassigned, filter, narrowed), [literal_column("''"), Appointment.id]),
                     (_filtered(s, _rows_query(leading), filter, narrowed), [_Technician.name, Appointment.id])]
        else:
            parts = [(_filtered(s, _rows_query(leading), filter, narrowed), keys)]
        return keyset_parts(s, parts, descending, after, limit, _to_row)

    @reads
    def count_appointments(self, s: Session, filter: AppointmentFilter = AppointmentFilter()) -> int:
        return s.scalar(_filtered(s, select(func.count(Appointment.id)), filter, _narrowed(s, filter))) or 0


_ROW_FIELDS = [f for f in AppointmentRow.__dataclass_fields__]


def _rows_query(leading: tuple | None = None) -> Select:
    """Every column of a row; ``leading``, a table and the appointments' key to it, is read first (LeadingJoin)."""
    stmt = select(Appointment.id, Appointment.status, Appointment.scheduled_at, Appointment.concern,
                  Appointment.customer_id, Customer.name.label("customer_name"), Customer.phone.label("customer_phone"),
                  Appointment.vehicle_id, Vehicle.make, Vehicle.model, Vehicle.year, Vehicle.plate,
                  Appointment.technician_id, _Technician.name.label("technician_name"), Appointment.assigned_at,
                  Appointment.started_at, Appointment.completed_at, Appointment.cancelled_at,
                  Appointment.cancel_reason, Appointment.created_at, Appointment.version)
    if leading is None:
        stmt = stmt.select_from(Appointment)
    else:
        table, key = leading
        stmt = stmt.select_from(LeadingJoin(inspect(table).selectable, Appointment.__table__, table.id == key))
    for table, key in ((Customer, Appointment.customer_id), (Vehicle, Appointment.vehicle_id)):
        if leading is None or table is not leading[0]:
            stmt = stmt.join(table, table.id == key)
    if leading is None or leading[0] is not _Technician:
        stmt = stmt.outerjoin(_Technician, _Technician.id == Appointment.technician_id)
    return stmt


def _unselective(s: Session, f: AppointmentFilter) -> bool:
    """Whether the filter leaves so many rows that reading another table's index first beats sorting them."""
    if not (f.statuses or f.technician_id is not None or f.scheduled_from or f.scheduled_to
            or f.customer_id is not None):
        return True
    return reaches(s, _filtered(s, select(Appointment.id), replace(f, text=""), None), CANDIDATE_CAP)


def _narrowed(s: Session, f: AppointmentFilter) -> Narrowing | None:
    words = search_words(f.text)
    return APPOINTMENT_SEARCH.narrow(s, Appointment.id, words) if words else None


def _filtered(s: Session, stmt: Select, f: AppointmentFilter, narrowed: Narrowing | None) -> Select:
    """``stmt`` kept to the rows ``f`` selects; ``narrowed`` is the search index's say on its words (search.py)."""
    if f.statuses:
        stmt = stmt.where(Appointment.status.in_(f.statuses))
    if f.technician_id is not None:
        stmt = stmt.where(Appointment.technician_id == f.technician_id)
    if f.customer_id is not None:
        stmt = stmt.where(Appointment.customer_id == f.customer_id)
    if f.scheduled_from is not None:
        stmt = stmt.where(Appointment.scheduled_at >= f.scheduled_from)
    if f.scheduled_to is not None:
        stmt = stmt.where(Appointment.scheduled_at < f.scheduled_to)
    if narrowed is not None:
        stmt = stmt.where(narrowed.condition)
    words = search_words(f.text)
    if words and not (narrowed is not None and narrowed.exact):
        stmt = stmt.where(APPOINTMENT_SEARCH.contains_all(s, Appointment.id, words))
    return stmt


# The query's columns are the row's fields in order, so a row is built from a slice, not by name: a page of
# 200 rows in a quarter of the time (issue 7). Checked once here, so a column added to one and not the other fails
# at import, not with shifted values.
assert [c.name for c in _rows_query().selected_columns] == _ROW_FIELDS, "_rows_query must list AppointmentRow's fields"
_FIELD_COUNT = len(_ROW_FIELDS)


def _to_row(r) -> AppointmentRow:
    return AppointmentRow(*r[:_FIELD_COUNT])
