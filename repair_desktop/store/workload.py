"""Who is free and who is busy, counted by the database in two GROUP BY queries."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.statuses import ACTIVE_APPOINTMENT_STATUSES, ACTIVE_CALLBACK_STATUSES, Role
from ..domain.workload import TechnicianLoad, Workload
from .base import StoreBase, reads
from .models import Appointment, Callback, Employee, StatusEvent
from .rows import TimelineEntry


class WorkloadMixin(StoreBase):
    @reads
    def workload(self, s: Session) -> Workload:
        return Workload(tuple(self._loads(s)))

    @reads
    def available_technicians(self, s: Session) -> list[Employee]:
        """Active technicians below the capacity limit, by name: whom a job may be given to."""
        free = {t.technician_id for t in self._loads(s) if t.is_available}
        return [e for e in self._technicians(s) if e.id in free]

    def _technicians(self, s: Session) -> list[Employee]:
        return list(s.scalars(select(Employee).where(Employee.role == Role.TECHNICIAN, Employee.active.is_(True))
                              .order_by(Employee.name)))

    def _loads(self, s: Session) -> list[TechnicianLoad]:
        appointments = dict(s.execute(
            select(Appointment.technician_id, func.count()).where(
                Appointment.technician_id.is_not(None), Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES))
            .group_by(Appointment.technician_id)).all())
        callbacks = dict(s.execute(
            select(Callback.claimed_by, func.count()).where(
                Callback.claimed_by.is_not(None), Callback.status.in_(ACTIVE_CALLBACK_STATUSES),
                Callback.deleted_at.is_(None))
            .group_by(Callback.claimed_by)).all())
        limit = self._capacity(s)
        return [TechnicianLoad(e.id, e.name, appointments.get(e.id, 0) + callbacks.get(e.id, 0), limit)
                for e in self._technicians(s)]


class HistoryMixin(StoreBase):
    @reads
    def history(self, s: Session, kind: str, entity_id: int) -> list[StatusEvent]:
        """Every recorded change of one appointment or callback, oldest first."""
        return list(s.scalars(select(StatusEvent).where(StatusEvent.entity_kind == kind,
                                                        StatusEvent.entity_id == entity_id)
                              .order_by(StatusEvent.id)))

    @reads
    def timeline(self, s: Session, kind: str, entity_id: int) -> list[TimelineEntry]:
        """The history with people's names, for the detail panel."""
        rows = s.execute(select(StatusEvent, Employee.name).join(Employee, Employee.id == StatusEvent.actor_id)
                         .where(StatusEvent.entity_kind == kind, StatusEvent.entity_id == entity_id)
                         .order_by(StatusEvent.id))
        return [TimelineEntry(e.at, e.action, e.from_status, e.to_status, name, e.note) for e, name in rows]
