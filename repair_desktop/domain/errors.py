"""Typed refusals, each with a message written for the person at the desk.

The store raises only these; the window shows ``str(error)`` as it is. Anything
else that escapes is a bug, and the window treats it as one.
"""


class DomainError(Exception):
    """A refusal the shop can understand and act on."""

    title = "Not possible"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    title = "Please check the form"


class NotFound(DomainError):
    title = "Not found"


class InvalidTransition(DomainError):
    title = "Not allowed now"


class CapacityExceeded(DomainError):
    title = "Technician is fully booked"


class AlreadyClaimed(DomainError):
    title = "Job already taken"


class NoActiveContract(DomainError):
    title = "No active maintenance contract"


class PermissionDenied(DomainError):
    title = "Not permitted"


class ScheduleConflict(DomainError):
    """A plan that overfills a technician's time or falls in their time off."""

    title = "Schedule conflict"


class ConflictError(DomainError):
    """Someone else saved the record first; ``changed_by``/``changed_at`` say who and when."""

    title = "Changed by someone else"

    def __init__(self, message: str, changed_by: str | None = None, changed_at=None) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


class StoreUnavailable(DomainError):
    """The database cannot be reached, stays locked, is read-only or full."""

    title = "Database unavailable"


class SchemaTooNew(StoreUnavailable):
    """The database was upgraded by a newer Repair Desktop than this one."""

    title = "Please update Repair Desktop"
