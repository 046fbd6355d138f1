"""Capacity: what counts as a technician's active job, the shop's limit, and the check that refuses one more.

A technician's active jobs are the appointments assigned to them that are
assigned or in progress, plus the callbacks they claimed that are open or in
progress (not deleted); the limit is the shop's setting, ``DEFAULT_CAPACITY``
when never set. Assigning, reassigning and claiming lock the technician's row
before counting (``_technician_with_room``; an appointment counts in the same
statement as its time rules, ``plan_rules``), so however many PCs race, a
technician never goes past the limit. The workload
tab counts with the same conditions (``workload.py``).
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, func, literal_column, or_, select
from sqlalchemy.orm import Session

from ..domain.errors import CapacityExceeded, NotFound, ValidationError
from ..domain.statuses import ACTIVE_APPOINTMENT_STATUSES, ACTIVE_CALLBACK_STATUSES, Role
from ..domain.workload import DEFAULT_CAPACITY
from .base import StoreBase, send, send_rows
from .models import Appointment, Callback, Employee, Setting

#: The shop's capacity limit as stored (text, or None when never set): read it through ``capacity``.
CAPACITY_SETTING = select(Setting.value).where(Setting.key == "capacity_limit")


def capacity(setting: str | None) -> int:
    """The capacity limit from its stored text; the default when the shop never set one."""
    return int(setting) if setting is not None else DEFAULT_CAPACITY


def constant(value: StrEnum) -> ColumnElement:
    """A status written into the SQL itself, not sent as a parameter. SQLite plans a statement again on every
    run when a parameter is compared with a column that a partial index's condition names (``status`` has
    such indexes): the capacity count took 30 µs a run that way, 5 µs with its statuses in the SQL."""
    text = str(value)
    if not text.replace("_", "").isalnum():
        raise ValueError(f"not a plain word: {text!r}")
    return literal_column(f"'{text}'")


def one_of(column: ColumnElement, values: Iterable[StrEnum]) -> ColumnElement[bool]:
    """``column IN (values)`` written as ORs of constants: an expanding IN is re-rendered at every
    execution, a noticeable part of a query that polls every few seconds."""
    return or_(*(column == constant(value) for value in values))


#: The rows that count as a technician's active jobs, appointments and callbacks.
ACTIVE_APPOINTMENT = one_of(Appointment.status, ACTIVE_APPOINTMENT_STATUSES)
ACTIVE_CALLBACK = and_(one_of(Callback.status, ACTIVE_CALLBACK_STATUSES), Callback.deleted_at.is_(None))


def active_jobs(technician_id: BindParameter[int]) -> ColumnElement[int]:
    """How many active jobs the technician holds, appointments and callbacks, as one value for a SELECT.

    A count per status, added up: on SQLite two status lists (``IN`` or ``OR``) in one statement cost 30-70 µs a
    run (a table of the list's values built each time) against 5 µs for the equalities, and this runs in every
    assignment's transaction."""
    counts = [select(func.count()).select_from(Appointment)
              .where(Appointment.technician_id == technician_id, Appointment.status == constant(status))
              .scalar_subquery() for status in sorted(ACTIVE_APPOINTMENT_STATUSES)]
    counts += [select(func.count()).select_from(Callback)
               .where(Callback.claimed_by == technician_id, Callback.status == constant(status),
                      Callback.deleted_at.is_(None))
               .scalar_subquery() for status in sorted(ACTIVE_CALLBACK_STATUSES)]
    return sum(counts[1:], counts[0])


_TECHNICIAN_LOCK = (select(Employee.id, Employee.name, Employee.role, Employee.active)
                    .where(Employee.id == bindparam("technician")).with_for_update())


class Technician(NamedTuple):
    """A technician's row as ``_TECHNICIAN_LOCK`` reads it, straight from the driver (``send_rows``)."""

    id: int
    name: str
    role: Role
    active: bool


#: One technician's active jobs and the capacity limit's setting, in one row.
_ROOM = select(active_jobs(bindparam("technician")), CAPACITY_SETTING.scalar_subquery())


def refuse_when_full(tech: Technician, active: int, setting: str | None) -> None:
    """``CapacityExceeded`` when ``tech`` already holds as many active jobs as the shop's limit allows."""
    limit = capacity(setting)
    if active >= limit:
        raise CapacityExceeded(f"{tech.name} already has {active} of {limit} active jobs. Choose another "
                               "technician, or finish or hand over one of their jobs first.")


class CapacityMixin(StoreBase):
    def _technician_with_room(self, s: Session, technician_id: int) -> Technician:
        """Lock the technician's row, then check capacity: concurrent assignments queue on that lock.
        Returns the technician's ``id``, ``name``, ``role`` and ``active`` (plain columns: no ORM object needed).

        The count comes in a statement of its own after the lock: on PostgreSQL a
        statement that waited for the lock still reads its older snapshot.
        """
        tech = self._locked_technician(s, technician_id)
        refuse_when_full(tech, *send(s, _ROOM, {"technician": tech.id}).fetchone())
        return tech

    @staticmethod
    def _locked_technician(s: Session, technician_id: int) -> Technician:
        """The technician's ``id``, ``name``, ``role`` and ``active``, their row locked for the transaction's rest:
        whatever changes their jobs or their plan queues on this lock, on every PC."""
        rows = send_rows(s, _TECHNICIAN_LOCK, {"technician": technician_id})
        if not rows:
            raise NotFound(f"There is no employee number {technician_id}.")
        tech = Technician(*rows[0])
        if tech.role != Role.TECHNICIAN or not tech.active:
            raise ValidationError(f"{tech.name} is not an active technician, so they can't take jobs.")
        return tech

    def _capacity(self, s: Session) -> int:
        return capacity(s.scalar(CAPACITY_SETTING))
