"""What listings return: flat, frozen rows with the names a table shows, and the filters that select them."""

from dataclasses import dataclass
from datetime import date, datetime

from ...domain.contracts import EXPIRY_WARNING_DAYS, expires_soon
from ...domain.deadlines import DeadlineState, NextDeadline, next_deadline
from ...domain.statuses import AppointmentStatus, CallbackStatus, Priority


@dataclass(frozen=True)
class AppointmentFilter:
    statuses: frozenset[AppointmentStatus] = frozenset()  # empty: every status
    technician_id: int | None = None
    scheduled_from: datetime | None = None  # inclusive
    scheduled_to: datetime | None = None  # exclusive
    text: str = ""  # every word must match customer, plate, make, model or concern
    customer_id: int | None = None  # one customer's appointments (their page in the directory)


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    status: AppointmentStatus
    scheduled_at: datetime
    concern: str
    customer_id: int
    customer_name: str
    customer_phone: str | None
    vehicle_id: int
    make: str
    model: str
    year: int | None
    plate: str
    technician_id: int | None
    technician_name: str | None
    assigned_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    created_at: datetime
    version: int
    duration_minutes: int
    planned_technician_id: int | None
    promised_at: datetime | None

    @property
    def vehicle(self) -> str:
        return f"{self.make} {self.model} ({self.plate})"


@dataclass(frozen=True)
class CallbackFilter:
    statuses: frozenset[CallbackStatus] = frozenset()  # empty: every status
    priorities: frozenset[Priority] = frozenset()
    claimed_by: int | None = None
    text: str = ""  # every word must match customer name, job number or description
    customer_id: int | None = None  # one customer's callbacks (their page in the directory)
    deadline: DeadlineState | None = None  # the next deadline's state: late, at risk (or on time)
    at: datetime | None = None  # when that state is judged; the store sets its own "now" when this is None


@dataclass(frozen=True)
class CallbackRow:
    id: int
    job_number: str
    status: CallbackStatus
    priority: Priority
    scheduled_at: datetime
    description: str
    notes: str | None
    issue_type: str | None
    customer_id: int
    customer_name: str
    customer_phone: str | None
    customer_address: str | None
    claimed_by: int | None
    claimed_by_name: str | None
    technician_count: int  # the claimer plus helpers
    created_by_name: str | None
    created_at: datetime
    claimed_at: datetime | None
    started_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    version: int
    respond_by: datetime | None
    resolve_by: datetime | None

    @property
    def next_deadline(self) -> NextDeadline | None:
        """The deadline the callback works towards now (respond while pending, then resolve), if any."""
        return next_deadline(self.status, self.created_at, self.scheduled_at, self.respond_by, self.resolve_by)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a job's history, with the person's name, for the detail panel."""

    at: datetime
    action: str
    from_status: str | None
    to_status: str
    actor_name: str
    note: str | None


@dataclass(frozen=True)
class ContractStanding:
    """A customer and their contracts as seen on one day (``on``)."""

    customer_id: int
    name: str
    phone: str | None
    on: date
    covered_until: date | None  # the latest end of a contract active on ``on``
    last_ended_on: date | None  # the latest end of a contract that ran out before ``on``
    next_starts_on: date | None  # the first contract that starts after ``on``
    cancelled_contracts: int

    @property
    def is_covered(self) -> bool:
        return self.covered_until is not None

    def expires_within(self, days: int = EXPIRY_WARNING_DAYS) -> bool:
        """Covered now, but not past ``on + days``, and no follow-on contract booked."""
        return expires_soon(self.covered_until, self.next_starts_on, self.on, days)

    @property
    def explanation(self) -> str:
        """Why the customer can or can't have a callback on ``on``, as the desk would say it."""
        if self.covered_until is not None:
            return f"contract runs until {self.covered_until:%d %b %Y}"
        if self.next_starts_on is not None:
            return f"contract starts {self.next_starts_on:%d %b %Y}"
        if self.last_ended_on is not None:
            return f"contract ended {self.last_ended_on:%d %b %Y}"
        if self.cancelled_contracts:
            return "contract was cancelled"
        return "no maintenance contract"
