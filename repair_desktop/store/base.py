"""What every part of the store shares: opening, transactions, and the checks every change makes.

Each public method runs in exactly one transaction. ``@writes`` opens it with
the write engine (``BEGIN IMMEDIATE`` on SQLite), retries the whole method when
PostgreSQL reports a deadlock or serialization failure, and turns driver errors
into ``StoreUnavailable``; ``@reads`` does the same for queries.
"""

import functools
from enum import StrEnum
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import CapacityExceeded, ConflictError, NotFound, PermissionDenied, ValidationError
from ..domain.statuses import ACTIVE_APPOINTMENT_STATUSES, ACTIVE_CALLBACK_STATUSES, Role
from ..domain.transitions import Transition, WorkflowTable
from .engine import make_engines, translate
from .models import Appointment, Callback, Employee, Setting, StatusEvent
from .schema import migrate

_MODELS = {"appointment": Appointment, "callback": Callback}  # workflow noun -> its table

P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S", bound="StoreBase")

DEFAULT_CAPACITY = 3
_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
_ATTEMPTS = 3


def writes(method: Callable[Concatenate[S, Session, P], T]) -> Callable[Concatenate[S, P], T]:
    """Run ``method`` in its own write transaction; the session is passed in after ``self``."""

    @functools.wraps(method)
    def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._transact(self._write_sessions, method, args, kwargs)

    return wrapper


def reads(method: Callable[Concatenate[S, Session, P], T]) -> Callable[Concatenate[S, P], T]:
    """Run ``method`` in its own read transaction (one consistent snapshot)."""

    @functools.wraps(method)
    def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._transact(self._read_sessions, method, args, kwargs)

    return wrapper


class StoreBase:
    def __init__(self, url: str, clock: Callable[[], datetime] | None = None) -> None:
        self.url = url
        self._read_engine, self._write_engine = make_engines(url)
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        self._clock = clock or (lambda: datetime.now(UTC))
        self.backup_before_upgrade: str | None = None

    @classmethod
    def open(cls: type[S], url: str, *, clock: Callable[[], datetime] | None = None) -> S:
        """Connect, then create or upgrade the schema (backing up a SQLite file first)."""
        store = cls(url, clock)
        try:
            store.backup_before_upgrade = migrate(store._write_engine)
        except DBAPIError as error:
            store.close()
            raise translate(error) from error
        except Exception:
            store.close()
            raise
        return store

    @property
    def dialect(self) -> str:
        return self._write_engine.dialect.name

    def close(self) -> None:
        self._read_engine.dispose()
        self._write_engine.dispose()

    def _transact(self, sessions: sessionmaker, method, args, kwargs):
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                with sessions() as session, session.begin():
                    return method(self, session, *args, **kwargs)
            except StaleDataError as error:
                raise ConflictError("Someone else changed this record at the same moment. "
                                    "Please check it and try again.") from error
            except DBAPIError as error:
                sqlstate = getattr(error.orig, "sqlstate", None)
                if sqlstate in _RETRYABLE_SQLSTATES and attempt < _ATTEMPTS:
                    continue
                raise translate(error) from error
        raise AssertionError("unreachable")

    # --- helpers for the mixins; all take the caller's session --------------------------------

    def _now(self) -> datetime:
        return self._clock()

    @staticmethod
    def _get(s: Session, model: type[T], entity_id: int, noun: str, *, lock: bool = False) -> T:
        """Load one row (locked for the transaction's rest when ``lock``) or raise ``NotFound``."""
        stmt = select(model).where(model.id == entity_id)  # type: ignore[attr-defined]
        if lock:
            stmt = stmt.with_for_update()
        row = s.execute(stmt).scalar_one_or_none()
        if row is None or getattr(row, "deleted_at", None) is not None:
            raise NotFound(f"There is no {noun} number {entity_id}; it may have been deleted on another PC.")
        return row

    def _employee(self, s: Session, employee_id: int) -> Employee:
        employee = s.get(Employee, employee_id)
        if employee is None or not employee.active:
            raise PermissionDenied("Only active employees can make changes. Please sign in again.")
        return employee

    def _authorize(self, s: Session, actor_id: int, roles: frozenset[Role], what: str) -> Employee:
        """The acting employee, when their role permits ``what``."""
        return self._authorize_move(s, actor_id, Transition(what, what, frozenset(), None, roles), None)

    def _authorize_move(self, s: Session, actor_id: int, move: Transition, owner_id: int | None) -> Employee:
        """The acting employee, when their role (or holding the job, where the move allows it) permits it."""
        actor = self._employee(s, actor_id)
        if move.permits(actor.role, owner_id is not None and owner_id == actor.id):
            return actor
        who = [r.people for r in sorted(move.roles)]
        if move.owner_may:
            who.insert(0, "the technician on this job")
        allowed = ", ".join(who[:-1]) + " or " + who[-1] if len(who) > 1 else (who or ["nobody"])[0]
        raise PermissionDenied(f"Only {allowed} can {move.label}; you are signed in as {actor.role.people}.")

    def _check_version(self, s: Session, record: Appointment | Callback, expected: int | None, noun: str) -> None:
        if expected is None or record.version == expected:
            return
        editor = s.get(Employee, record.updated_by) if record.updated_by else None
        name = editor.name if editor else "someone else"
        when = record.updated_at.astimezone() if record.updated_at else None
        at = f" at {when:%H:%M}" if when else ""
        raise ConflictError(f"This {noun} was changed by {name}{at} while you had it open. "
                            "Your entries are kept: compare them with the new values and save again.",
                            changed_by=name, changed_at=record.updated_at)

    def _begin_move(self, s: Session, workflow: WorkflowTable, entity_id: int, action: str, actor: int,
                    expected_version: int | None = None) -> tuple:
        """Lock the job, then check its version, the workflow table and permission, in that order.

        The table comes before permission: a move that doesn't exist from this status is
        ``InvalidTransition`` for everyone, and the message says why (it is completed, ...).
        """
        model = _MODELS[workflow.noun]
        record = self._get(s, model, entity_id, workflow.noun, lock=True)
        self._check_version(s, record, expected_version, workflow.noun)
        self._employee(s, actor)
        workflow.move(action, record.status)
        holder = record.technician_id if model is Appointment else record.claimed_by
        return record, self._authorize_move(s, actor, workflow[action], holder)

    def _finish_move(self, s: Session, workflow: WorkflowTable, record: Appointment | Callback, previous: StrEnum,
                     target: StrEnum, action: str, who: Employee, now: datetime, note: str | None = None):
        """Set the new status and write its history line, in the caller's transaction."""
        record.status = target
        self._touch(record, who, now)
        self._record(s, workflow.noun, record.id, action, previous, target, who, now, note)
        s.flush()
        return record

    def _touch(self, record: Appointment | Callback, actor: Employee, now: datetime) -> None:
        record.updated_at = now
        record.updated_by = actor.id

    def _record(self, s: Session, kind: str, entity_id: int, action: str, from_status: str | None,
                to_status: str, actor: Employee, at: datetime, note: str | None = None) -> None:
        s.add(StatusEvent(entity_kind=kind, entity_id=entity_id, action=action, from_status=from_status,
                          to_status=to_status, actor_id=actor.id, at=at, note=note))

    def _capacity(self, s: Session) -> int:
        value = s.get(Setting, "capacity_limit")
        return int(value.value) if value else DEFAULT_CAPACITY

    def _active_jobs(self, s: Session, technician_id: int) -> int:
        appointments = s.scalar(select(func.count()).select_from(Appointment).where(
            Appointment.technician_id == technician_id, Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES)))
        callbacks = s.scalar(select(func.count()).select_from(Callback).where(
            Callback.claimed_by == technician_id, Callback.status.in_(ACTIVE_CALLBACK_STATUSES),
            Callback.deleted_at.is_(None)))
        return (appointments or 0) + (callbacks or 0)

    def _technician_with_room(self, s: Session, technician_id: int) -> Employee:
        """Lock the technician's row, then check capacity: concurrent assignments queue on that lock."""
        tech = s.execute(select(Employee).where(Employee.id == technician_id).with_for_update()).scalar_one_or_none()
        if tech is None:
            raise NotFound(f"There is no employee number {technician_id}.")
        if tech.role != Role.TECHNICIAN or not tech.active:
            raise ValidationError(f"{tech.name} is not an active technician, so they can't take jobs.")
        active, limit = self._active_jobs(s, tech.id), self._capacity(s)
        if active >= limit:
            raise CapacityExceeded(f"{tech.name} already has {active} of {limit} active jobs. Choose another "
                                   "technician, or finish or hand over one of their jobs first.")
        return tech

    @staticmethod
    def _required(value: str | None, what: str) -> str:
        text = (value or "").strip()
        if not text:
            raise ValidationError(f"Please enter {what}.")
        return text

