"""Employees: who works here, in which role, with which PIN, and signing in.

Staff is the manager's business. One exception starts a shop: while it has no
active manager (a new database, or one filled by a script that never added
one), a manager may be added with no actor, which is what the window's first
start does. Everyone else is added by a signed-in manager.

Two rules keep a shop workable: there is always an active manager (the last
one can't be deactivated or given another role), and a technician's jobs are
never orphaned (a technician holding active jobs can't be deactivated or
given another role; the refusal names the jobs to hand over). Staff changes
that count managers run one at a time (the SQLite write lock, an advisory lock
on PostgreSQL), so two managers demoting each other on two PCs can't both win.
"""

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..domain.errors import PermissionDenied, ValidationError
from ..domain.limits import SECRET_TEXT, check_secret, clean_text
from ..domain.statuses import ACTIVE_APPOINTMENT_STATUSES, ACTIVE_CALLBACK_STATUSES, Role
from .audit import AuditMixin
from .base import reads, writes
from .capacity import ACTIVE_APPOINTMENT, ACTIVE_CALLBACK
from .models import Appointment, Callback, Employee, Vehicle
from .security import hash_secret, verify_secret

MANAGERS = frozenset({Role.MANAGER})
_STAFF_LOCK = 7_302_014  # PostgreSQL advisory lock shared by every PC's staff changes
#: How many of a technician's jobs a refusal lists by name before it says "and N more".
NAMED_JOBS = 8


@dataclass(frozen=True)
class StaffMember:
    """One line of the Staff list."""

    id: int
    name: str
    role: Role
    active: bool
    has_pin: bool
    active_jobs: int  # appointments and callbacks counted as the capacity rule counts them (capacity.py)
    version: int


def _role(role: object) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(f"'{role}' is not a role; choose technician, front desk or manager.") from None


class StaffMixin(AuditMixin):
    @writes
    def add_employee(self, s: Session, name: str, role: str, secret: str | None = None, *,
                     actor: int | None = None) -> Employee:
        """A manager's act; with no ``actor`` only a manager, and only while the shop has no active manager."""
        name = clean_text(name, "employee's name", required=True)
        role, secret = _role(role), check_secret(secret)
        self._lock_staff(s)
        if actor is not None:
            self._authorize(s, actor, MANAGERS, "add employees")
        elif self._active_managers(s):
            raise PermissionDenied("Only a manager can add employees. Please sign in as a manager.")
        elif role != Role.MANAGER:
            raise PermissionDenied("A new shop starts with its manager; add the manager first.")
        self._unique_name(s, name)
        employee = Employee(name=name, role=role, active=True, created_at=self._now(),
                            secret_hash=hash_secret(secret) if secret else None)
        s.add(employee)
        s.flush()
        self._audit(s, "employee", employee.id, actor,
                    [("created", None, f"{name}, {role.label}")] + ([("pin", None, "set")] if secret else []))
        return employee

    @writes
    def update_employee(self, s: Session, employee_id: int, actor: int, *, name: str | None = None,
                        role: str | None = None, expected_version: int | None = None) -> Employee:
        """Rename or change the role (None leaves a field as it is)."""
        self._lock_staff(s)
        self._authorize(s, actor, MANAGERS, "rename employees or change their roles")
        employee = self._get(s, Employee, employee_id, "employee", lock=True)
        self._check_edit(s, "employee", employee, expected_version, "employee")
        values: dict[str, object] = {}
        if name is not None:
            values["name"] = clean_text(name, "employee's name", required=True)
            if values["name"] != employee.name:
                self._unique_name(s, values["name"])
        if role is not None and (new_role := _role(role)) != employee.role:
            self._may_leave_role(s, employee, f"give {employee.name} another role")
            values["role"] = new_role
        self._edit(s, "employee", employee, actor, values)
        return employee

    @writes
    def set_employee_active(self, s: Session, employee_id: int, active: bool, actor: int) -> Employee:
        """Deactivate (they keep their history, can't sign in, leave the pickers) or reactivate someone."""
        self._lock_staff(s)
        self._authorize(s, actor, MANAGERS, "change who works here")
        if not isinstance(active, bool):
            raise ValidationError("Please choose whether the employee is active: yes or no.")
        employee = self._get(s, Employee, employee_id, "employee", lock=True)
        if not active and employee.active:
            self._may_leave_role(s, employee, f"deactivate {employee.name}")
        self._edit(s, "employee", employee, actor, {"active": active})
        return employee

    @writes
    def set_secret(self, s: Session, employee_id: int, secret: str | None, actor: int) -> None:
        """A manager sets anyone's PIN; everyone may change their own. None or "" clears it."""
        if actor != employee_id:
            self._authorize(s, actor, MANAGERS, "change someone else's PIN")
        else:
            self._employee(s, actor)
        secret = check_secret(secret)
        employee = self._get(s, Employee, employee_id, "employee", lock=True)
        had = employee.secret_hash is not None
        employee.secret_hash = hash_secret(secret) if secret else None
        if had or secret:
            self._audit(s, "employee", employee.id, actor,
                        [("pin", "set" if had else None, "changed" if had and secret else "set" if secret else None)])

    @reads
    def employees(self, s: Session, role: str | None = None, include_inactive: bool = False) -> list[Employee]:
        stmt = select(Employee).order_by(Employee.name)
        if role is not None:
            stmt = stmt.where(Employee.role == Role(role))
        if not include_inactive:
            stmt = stmt.where(Employee.active.is_(True))
        return list(s.scalars(stmt))

    @reads
    def staff(self, s: Session) -> list[StaffMember]:
        """Everyone who works or worked here, by name, with whether they have a PIN and their active jobs."""
        appointments = (select(func.count()).where(Appointment.technician_id == Employee.id, ACTIVE_APPOINTMENT)
                        .correlate(Employee).scalar_subquery())
        callbacks = (select(func.count()).where(Callback.claimed_by == Employee.id, ACTIVE_CALLBACK)
                     .correlate(Employee).scalar_subquery())
        rows = s.execute(select(Employee.id, Employee.name, Employee.role, Employee.active,
                                Employee.secret_hash.is_not(None), appointments + callbacks, Employee.version)
                         .order_by(Employee.name))
        return [StaffMember(*row) for row in rows]

    @reads
    def employee(self, s: Session, employee_id: int) -> Employee:
        return self._get(s, Employee, employee_id, "employee")

    @reads
    def authenticate(self, s: Session, employee_id: int, secret: str | None) -> Employee:
        """The employee when ``secret`` is right; an employee with no PIN set signs in with none.

        A secret no PIN could be (longer than any the store accepts, or not text) is simply wrong, refused
        before it is hashed.
        """
        employee = s.get(Employee, employee_id)
        wrong = PermissionDenied("That name and PIN don't match. Please try again.")
        possible = secret is None or (isinstance(secret, str) and len(secret) <= SECRET_TEXT)
        if employee is None or not possible:
            raise wrong
        if not employee.active:
            raise PermissionDenied(f"{employee.name} no longer has access to Repair Desktop. "
                                   "A manager can reactivate them under Shop, Staff.")
        if employee.secret_hash is None:
            if secret:
                raise wrong
            return employee
        if not secret or not verify_secret(secret, employee.secret_hash):
            raise wrong
        return employee

    # --- the rules ---------------------------------------------------------------------------------------

    def _lock_staff(self, s: Session) -> None:
        """Queue staff changes one behind another; SQLite's write transaction already does."""
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _STAFF_LOCK})

    @staticmethod
    def _active_managers(s: Session) -> int:
        return s.scalar(select(func.count()).where(Employee.role == Role.MANAGER, Employee.active.is_(True))) or 0

    @staticmethod
    def _unique_name(s: Session, name: str) -> None:
        if s.scalar(select(Employee.id).where(Employee.name == name)) is not None:
            raise ValidationError(f"There is already an employee called {name}; add a surname or initial.")

    def _may_leave_role(self, s: Session, employee: Employee, what: str) -> None:
        """Refuse taking ``employee`` out of their role (deactivating, or another role) when the shop needs them
        in it: the last active manager, or a technician still holding active jobs (named in the refusal)."""
        if not employee.active:
            return
        if employee.role == Role.MANAGER and self._active_managers(s) <= 1:
            raise ValidationError(f"{employee.name} is the shop's only active manager, so you can't {what}. "
                                  "Make someone else a manager first.")
        if employee.role == Role.TECHNICIAN:
            jobs = held_jobs(s, employee.id)
            if jobs:
                shown = "; ".join(jobs[:NAMED_JOBS]) + (f"; and {len(jobs) - NAMED_JOBS} more"
                                                          if len(jobs) > NAMED_JOBS else "")
                raise ValidationError(f"{employee.name} still holds {len(jobs)} active job"
                                      f"{'s' if len(jobs) != 1 else ''}: {shown}. Hand them over to another "
                                      f"technician or finish them first, then {what}.")


def held_jobs(s: Session, technician_id: int) -> list[str]:
    """The technician's active jobs as the desk names them: "#123 Brake noise (Ford Focus AB-123)" for an
    appointment, the job number and description for a callback; oldest first."""
    appointments = s.execute(
        select(Appointment.id, Appointment.concern, Vehicle.make, Vehicle.model, Vehicle.plate)
        .join(Vehicle, Vehicle.id == Appointment.vehicle_id)
        .where(Appointment.technician_id == technician_id,
               Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES)).order_by(Appointment.scheduled_at, Appointment.id))
    callbacks = s.execute(
        select(Callback.job_number, Callback.description)
        .where(Callback.claimed_by == technician_id, Callback.status.in_(ACTIVE_CALLBACK_STATUSES),
               Callback.deleted_at.is_(None)).order_by(Callback.scheduled_at, Callback.id))
    return ([f"#{job} {_short(concern)} ({make} {model} {plate})" for job, concern, make, model, plate in appointments]
            + [f"{number} {_short(description)}" for number, description in callbacks])


def _short(text: str, limit: int = 40) -> str:
    """The first line of ``text``, cut to ``limit`` characters: enough to recognise a job in a sentence."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"

