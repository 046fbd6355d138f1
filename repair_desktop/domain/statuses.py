"""Statuses, priorities and roles.

They are ``StrEnum``s so that ``appointment.status == "assigned"`` holds and the
values read naturally in the database, in logs and in CSV exports.
"""

from enum import StrEnum


class Role(StrEnum):
    TECHNICIAN = "technician"
    FRONT_DESK = "front_desk"
    MANAGER = "manager"

    @property
    def label(self) -> str:
        return {"technician": "Technician", "front_desk": "Front desk", "manager": "Manager"}[self]

    @property
    def people(self) -> str:
        """How a sentence names someone in this role: "only the front desk or a manager can..."."""
        return {"technician": "a technician", "front_desk": "the front desk", "manager": "a manager"}[self]


#: Roles that run the front counter: book, assign, cancel, manage callbacks.
DESK_ROLES = frozenset({Role.FRONT_DESK, Role.MANAGER})


class AppointmentStatus(StrEnum):
    SCHEDULED = "scheduled"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class CallbackStatus(StrEnum):
    PENDING = "pending"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Priority(StrEnum):
    """Callback priority; ``rank`` orders urgent first and is what the database stores."""

    URGENT = "urgent"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _PRIORITY_ORDER.index(self)

    @classmethod
    def from_rank(cls, rank: int) -> "Priority":
        return _PRIORITY_ORDER[rank]

    @property
    def label(self) -> str:
        return self.value.capitalize()


_PRIORITY_ORDER = (Priority.URGENT, Priority.HIGH, Priority.MEDIUM, Priority.LOW)

#: Statuses in which a job counts against a technician's capacity.
ACTIVE_APPOINTMENT_STATUSES = frozenset({AppointmentStatus.ASSIGNED, AppointmentStatus.IN_PROGRESS})
ACTIVE_CALLBACK_STATUSES = frozenset({CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS})
