"""Who is free and who is busy, counted by the database in one statement (two GROUP BYs joined to the technicians)."""

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from ..domain.statuses import Role
from ..domain.workload import TechnicianLoad, Workload
from .base import Run, StoreBase, polls, reads
from .capacity import ACTIVE_APPOINTMENT, ACTIVE_CALLBACK, CAPACITY_SETTING, capacity
from .models import Appointment, Callback, Employee
from .rows import EmployeeRecord


#: Who can hold jobs: the rule every technician list, count and picker shares.
ACTIVE_TECHNICIAN = and_(Employee.role == Role.TECHNICIAN, Employee.active.is_(True))


def _loads_query() -> Select[tuple[int, str, int, str | None]]:
    """Per active technician, by name: id, name, active jobs (capacity.py's count) and the capacity setting.

    One statement (two GROUP BYs joined to the technicians), so a poll is one
    round trip and one consistent answer.
    """
    appointments = (select(Appointment.technician_id.label("technician_id"), func.count().label("jobs"))
                    .where(Appointment.technician_id.is_not(None), ACTIVE_APPOINTMENT)
                    .group_by(Appointment.technician_id).subquery())
    callbacks = (select(Callback.claimed_by.label("technician_id"), func.count().label("jobs"))
                 .where(Callback.claimed_by.is_not(None), ACTIVE_CALLBACK)
                 .group_by(Callback.claimed_by).subquery())
    return (select(Employee.id, Employee.name, func.coalesce(appointments.c.jobs, 0) + func.coalesce(callbacks.c.jobs, 0),
                   CAPACITY_SETTING.scalar_subquery())
            .outerjoin(appointments, appointments.c.technician_id == Employee.id)
            .outerjoin(callbacks, callbacks.c.technician_id == Employee.id)
            .where(ACTIVE_TECHNICIAN).order_by(Employee.name))


_LOADS = _loads_query()


def _to_loads(rows) -> list[TechnicianLoad]:
    return [TechnicianLoad(technician_id, name, jobs, capacity(setting)) for technician_id, name, jobs, setting in rows]


class WorkloadMixin(StoreBase):
    @polls
    def workload(self, run: Run) -> Workload:
        return Workload(tuple(_to_loads(run(_LOADS))))

    @reads
    def available_technicians(self, s: Session) -> list[EmployeeRecord]:
        """Active technicians below the capacity limit, by name: whom a job may be given to."""
        free = {t.technician_id for t in self._loads(s) if t.is_available}
        return [e for e in self._technicians(s) if e.id in free]

    def _technicians(self, s: Session) -> list[Employee]:
        return list(s.scalars(select(Employee).where(ACTIVE_TECHNICIAN)
                              .order_by(Employee.name)))

    def _loads(self, s: Session) -> list[TechnicianLoad]:
        return _to_loads(s.execute(_LOADS))
