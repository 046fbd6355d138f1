"""What the planning queries return: frozen rows and value objects the Schedule tab and reports read.

Times are aware UTC instants, like every time the store returns; days are the shop's local dates.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from ...domain.statuses import AppointmentStatus


@dataclass(frozen=True)
class Slot:
    """A start at which ``technician_id`` is free for the whole duration asked for."""

    technician_id: int
    starts_at: datetime
    technician_name: str


@dataclass(frozen=True)
class TimeOffRow:
    id: int
    technician_id: int
    starts_at: datetime
    ends_at: datetime
    reason: str | None


class PlannedJob(NamedTuple):
    """An appointment on the day's plan (``technician_id`` None: not planned for anyone yet).

    A named tuple, not a frozen dataclass like the other rows: a busy day is a thousand of them, and a frozen
    dataclass sets each of its eleven fields through ``object.__setattr__`` (2.9 µs a job against 0.4)."""

    appointment_id: int
    technician_id: int | None
    starts_at: datetime
    duration_minutes: int
    status: AppointmentStatus
    customer_name: str
    vehicle: str
    concern: str  # its first 200 characters
    promised_at: datetime | None
    late: bool  # not completed by the promised time (or completed after it)
    version: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class TechnicianDay:
    technician_id: int
    name: str
    jobs: tuple[PlannedJob, ...]  # by start
    time_off: tuple[TimeOffRow, ...]
    booked_minutes: int  # planned minutes of the day's jobs that are not cancelled
    available_minutes: int  # the day's opening minutes less time off


@dataclass(frozen=True)
class DaySchedule:
    day: date
    opening: tuple[datetime, datetime] | None  # opening and closing instants; None: closed
    technicians: tuple[TechnicianDay, ...]  # by name
    unplanned: tuple[PlannedJob, ...]  # scheduled that day, planned for nobody
    unplanned_count: int  # all of them, also when ``unplanned`` holds only the first few

    @property
    def booked_minutes(self) -> int:
        return sum(t.booked_minutes for t in self.technicians)

    @property
    def available_minutes(self) -> int:
        return sum(t.available_minutes for t in self.technicians)


@dataclass(frozen=True)
class DayLoad:
    day: date
    booked_minutes: int
    available_minutes: int

    @property
    def share(self) -> float:
        """Booked over available (0 on a day with no available time); above 1 when overbooked."""
        return self.booked_minutes / self.available_minutes if self.available_minutes else 0.0


@dataclass(frozen=True)
class TechnicianWeek:
    technician_id: int
    name: str
    days: tuple[DayLoad, ...]


@dataclass(frozen=True)
class WeekOverview:
    days: tuple[date, ...]
    technicians: tuple[TechnicianWeek, ...]  # by name


@dataclass(frozen=True)
class Efficiency:
    """Estimated minutes of the jobs a technician completed in a period against the minutes they took."""

    technician_id: int
    name: str
    jobs: int
    estimated_minutes: int
    actual_minutes: int

    @property
    def ratio(self) -> float | None:
        """Above 1: faster than estimated. None when no timed job was completed."""
        return self.estimated_minutes / self.actual_minutes if self.actual_minutes else None
