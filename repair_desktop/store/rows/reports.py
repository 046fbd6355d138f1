"""What the workload tab's reports return: frozen numbers the database has already counted."""

from dataclasses import dataclass
from datetime import date, timedelta

from ...domain.statuses import CallbackStatus, Priority
from ...domain.workload import TechnicianLoad, Workload


@dataclass(frozen=True)
class TechnicianStats:
    """One technician's line in the workload table; "jobs" are appointments and callbacks together."""

    load: TechnicianLoad  # the same numbers as ``Store.workload()``
    in_progress: int
    completed_today: int
    completed_this_week: int  # since Monday
    average_work: timedelta | None  # start to completion over AVERAGE_WINDOW_DAYS; None: nothing finished

    @property
    def technician_id(self) -> int:
        return self.load.technician_id

    @property
    def name(self) -> str:
        return self.load.name


@dataclass(frozen=True)
class WorkloadReport:
    """Right now: who is free and who is busy, read in one consistent snapshot."""

    workload: Workload
    technicians: tuple[TechnicianStats, ...]  # by name, as in ``workload.technicians``
    waiting_jobs: int  # scheduled appointments nobody is assigned to yet


@dataclass(frozen=True)
class DayCount:
    day: date  # the shop's local day
    appointments: int  # completed that day
    callbacks: int  # resolved that day

    @property
    def total(self) -> int:
        return self.appointments + self.callbacks


@dataclass(frozen=True)
class TechnicianAverage:
    technician_id: int
    name: str
    jobs: int  # jobs finished in the period that have a start time
    average_work: timedelta | None  # None when ``jobs`` is 0


@dataclass(frozen=True)
class CallbackCount:
    priority: Priority
    status: CallbackStatus
    count: int


@dataclass(frozen=True)
class PeriodReport:
    """How a period went, from ``first_day`` to ``last_day`` inclusive (local days)."""

    first_day: date
    last_day: date
    completed_per_day: tuple[DayCount, ...]  # every day of the period, oldest first, zeros included
    average_work: tuple[TechnicianAverage, ...]  # every active technician, by name
    #: Callbacks scheduled in the period, plus unfinished ones scheduled before it (overdue); no zero rows.
    callbacks: tuple[CallbackCount, ...]

    def callbacks_with(self, priority: Priority, status: CallbackStatus) -> int:
        return next((c.count for c in self.callbacks if c.priority == priority and c.status == status), 0)
