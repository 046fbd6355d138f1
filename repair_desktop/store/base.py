"""What every part of the store shares: opening, transactions, and the checks every change makes.

Each public method runs in exactly one transaction. ``@writes`` opens it with
the write engine (``BEGIN IMMEDIATE`` on SQLite), retries the whole method when
PostgreSQL reports a deadlock or serialization failure, and turns driver errors
into ``StoreUnavailable``; ``@reads`` does the same for queries. What either
returns leaves as plain frozen records (``rows/records.py``), never an ORM object.
"""

import functools
from collections import namedtuple
from enum import StrEnum
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from dataclasses import replace
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from sqlalchemy import Engine, Executable, Select, Update, bindparam, inspect, select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import ConflictError, NotFound, PermissionDenied
from ..domain.statuses import Role
from ..domain.transitions import Transition, WorkflowTable
from .engine import make_engines, translate
from .models import Appointment, Base, Callback, Employee, StatusEvent, Vehicle
from .poll_connections import PollConnections
from .rows.records import RECORDS, plain
from .schema import migrate
from .types import UTCDateTime
from .urls import DatabaseAddress

_MODELS = {"appointment": Appointment, "callback": Callback}  # workflow noun -> its table
#: ``session.info`` key: ``{appointment id: (make, model, plate)}`` of the appointments moved in the transaction.
VEHICLES_READ = "vehicles_read"

P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S", bound="StoreBase")

_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
_ATTEMPTS = 3


def writes(method: Callable[Concatenate[S, Session, P], T]) -> Callable[Concatenate[S, P], T]:
    """Run ``method`` in its own write transaction; the session is passed in after ``self``."""

    @functools.wraps(method)
    def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._transact(self._write_sessions.begin, method, args, kwargs)

    return wrapper


def reads(method: Callable[Concatenate[S, Session, P], T]) -> Callable[Concatenate[S, P], T]:
    """Run ``method`` in its own read transaction (one consistent snapshot)."""

    @functools.wraps(method)
    def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._transact(self._read_sessions.begin, method, args, kwargs)

    return wrapper


#: What a poll is handed: ``run(statement, **values)`` sends a statement and returns its rows as tuples.
Run = Callable[..., list[tuple]]


def polls(method: Callable[Concatenate[S, Run, P], T]) -> Callable[Concatenate[S, P], T]:
    """For the queries a window repeats every few seconds: ``method`` gets ``run(statement)``.

    ``run`` sends the statement as SQL compiled once per database (its constants
    written into the SQL; a ``bindparam`` takes its value from ``run``'s keyword
    arguments, through its type's bind processor, as SQLAlchemy would) on a driver
    connection kept for the polls, and returns plain tuples. Through a Session, or even a Core connection, the
    per-call cost was three to nine times the query's own (0.25 ms against
    0.06 ms); a poll needs none of what that cost buys.
    """

    @functools.wraps(method)
    def wrapper(self: S, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._poll(method, args, kwargs)

    return wrapper


#: A statement as one database's SQL, by (statement, dialect, the keys of the values it is sent with).
_COMPILED: dict[tuple[Executable, str, tuple[str, ...]], str] = {}
#: A statement with ``bindparam``s: its parameters' order (positional drivers), the values it holds itself, and
#: for the parameters whose type turns a value into the driver's form (a timestamp, a rank) that bind processor
#: and whether it is a timestamp's (``UTCDateTime``: the form depends on the value alone).
_PARAMETERS: dict[tuple[Executable, str, tuple[str, ...]],
                  tuple[tuple[str, ...] | None, dict, dict[str, tuple[Callable, bool]]]] = {}
#: Timestamps already in the driver's form during one poll: name -> (value as given, as sent).
Sent = dict[str, tuple[Any, Any]]


def _sql(statement: Executable, dialect: Dialect, keys: tuple[str, ...] = ()) -> str:
    """``statement`` as this database's SQL, compiled on first use (the statements are module constants).

    ``keys``: the names of the values it will be sent with; an INSERT or UPDATE writes those columns.
    """
    key = (statement, dialect.name, keys)
    if key not in _COMPILED:
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        if compiled.insert_prefetch or compiled.update_prefetch:  # defaults made in Python: only Core fills them
            raise TypeError(f"{statement} has column defaults computed in Python; run it through SQLAlchemy")
        if any(bind.required or (bind.value is None and bind.callable is None) for bind in compiled.binds.values()):
            # placeholders for the values sent with it, filled in by _parameters
            processors = {name: (bind.type.dialect_impl(dialect).bind_processor(dialect),
                                 isinstance(bind.type, UTCDateTime))
                          for name, bind in ((compiled.bind_names[b], b) for b in compiled.binds.values())}
            _PARAMETERS[key] = (tuple(compiled.positiontup or ()) if dialect.positional else None,
                                compiled.construct_params(_check=False),
                                {name: pair for name, pair in processors.items() if pair[0] is not None})
            _COMPILED[key] = str(compiled)
        else:
            _COMPILED[key] = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    return _COMPILED[key]


def _parameters(statement: Executable, dialect: Dialect, values: dict, keys: tuple[str, ...] = (),
                sent: Sent | None = None) -> tuple | dict:
    """What the driver is handed with ``_sql(statement)``: ``values`` and the statement's own, in its order.

    ``sent``: the timestamps earlier statements of the same poll sent, so one given to several (a report's
    period, sent with each of its statements) goes through the bind processor once (2 µs each). Only the same
    object under the same name is taken from there; other types are converted every time."""
    order, own, processors = _PARAMETERS[(statement, dialect.name, keys)]
    if order is not None and not processors:  # the polls' usual case: ids and counts, in their order
        return tuple([values[name] if name in values else own[name] for name in order])
    merged = {**own, **values}
    for name, (process, stamp) in processors.items():
        value = merged[name]
        remember = stamp and sent is not None
        earlier = sent.get(name) if remember else None
        if earlier is not None and earlier[0] is value:
            merged[name] = earlier[1]
            continue
        merged[name] = process(value)
        if remember:
            sent[name] = (value, merged[name])
    return merged if order is None else tuple([merged[name] for name in order])


#: ``session.info`` key: the transaction's SQLAlchemy connection and its driver connection, for ``send``.
_DRIVER = "driver"


def send(s: Session, statement: Executable, values: dict | list[dict] | None = None):
    """Run ``statement`` with ``values`` (a list of them: once each) on the driver's own cursor, in ``s``'s
    transaction; returns the cursor (``rowcount``, and rows as the driver gives them: no result types applied).

    For the statements every workflow move runs (its versioned UPDATE, history line, feed line, capacity
    count). Through ``Connection.execute`` each cost about 100 µs of CPU around the driver's 9 µs (the compiled
    cache's lookup, the execution context, parameter and result processing): most of what a move cost more
    than its raw writes. The SQL is compiled once per statement and set of value names, the values go through
    their types' bind processors as SQLAlchemy would send them, listeners of ``before_cursor_execute`` still
    see each statement, and driver errors come out as SQLAlchemy's (``_transact`` translates them). Not for
    expanding parameters or columns whose defaults are computed in Python (refused when compiled).
    """
    driver = s.info.get(_DRIVER)
    if driver is None:
        connection = s.connection()
        driver = s.info[_DRIVER] = (connection, connection.connection.driver_connection)
    connection, raw = driver
    dialect = connection.dialect
    many = isinstance(values, list)
    first = (values[0] if many else values) or {}
    keys = tuple(first)
    sql = _sql(statement, dialect, keys)
    if many:
        parameters = [_parameters(statement, dialect, v, keys) for v in values]
    else:
        parameters = _parameters(statement, dialect, first, keys) if first else ()
    cursor = raw.cursor()
    try:
        for listener in connection.dispatch.before_cursor_execute:
            listener(connection, cursor, sql, parameters, None, many)
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
    except dialect.loaded_dbapi.Error as error:
        invalidated = dialect.is_disconnect(error, raw, cursor)
        if invalidated:
            connection.invalidate(error)
        raise DBAPIError.instance(sql, parameters, error, dialect.loaded_dbapi.Error,
                                  connection_invalidated=invalidated) from error
    return cursor


#: Per (statement, dialect): each selected column's result processor (None where the driver's value is final).
_RESULT_PROCESSORS: dict[tuple[Executable, str], list] = {}
#: Per statement: the named tuple of its column names, for ``send_rows``.
_ROW_TYPES: dict[Executable, type] = {}


def _typed_rows(s: Session, statement: Select, values: dict) -> list[list]:
    """``send`` a query and return its rows with each column's result type applied (a timestamp as an aware
    ``datetime``, a status as its enum, a priority as its ``Priority``)."""
    dialect = s.get_bind().dialect
    key = (statement, dialect.name)
    if key not in _RESULT_PROCESSORS:
        _RESULT_PROCESSORS[key] = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                                   for column in statement.selected_columns]
    processors = _RESULT_PROCESSORS[key]
    return [[value if process is None else process(value) for process, value in zip(processors, row)]
            for row in send(s, statement, values).fetchall()]


def send_rows(s: Session, statement: Select, values: dict) -> list:
    """``send`` a query and return its rows as named tuples of its column names, each column's result type
    applied: for a move's checks, whose rows are read by name."""
    if statement not in _ROW_TYPES:
        _ROW_TYPES[statement] = namedtuple("Row", [column.key for column in statement.selected_columns])
    make = _ROW_TYPES[statement]
    return [make(*row) for row in _typed_rows(s, statement, values)]


def _move_load(model: type[Appointment] | type[Callback], job: list, employee: list) -> Select[tuple]:
    """The job, locked, and the acting employee (None when there is no such employee) in one row; for an
    appointment also its vehicle's make, model and plate, which the move's notifications quote (read here, they
    cost no round trip of their own)."""
    tables = model.__table__.outerjoin(Employee.__table__, Employee.id == bindparam("actor"))
    columns = [*job, *employee]
    if model is Appointment:
        tables = tables.outerjoin(Vehicle.__table__, Vehicle.id == Appointment.vehicle_id)
        columns += [Vehicle.make, Vehicle.model, Vehicle.plate]
    return select(*columns).select_from(tables).where(model.id == bindparam("job")).with_for_update(of=model)


class Actor(NamedTuple):
    """Who makes a move, as it reads them with the job: enough to check them and to say who did it."""

    id: int
    name: str
    role: Role
    active: bool


_ACTOR = [Employee.id, Employee.name, Employee.role, Employee.active]


def _versioned_update(model: type[Appointment] | type[Callback]) -> Update:
    """An UPDATE of one row that matches only at the version it was read at; SET comes from the parameters."""
    table = model.__table__
    return table.update().where(table.c.id == bindparam("row_id"), table.c.version == bindparam("row_version"))


_VERSIONED_UPDATES = {model: _versioned_update(model) for model in (Appointment, Callback)}
_HISTORY = StatusEvent.__table__.insert()
#: For an edit, which changes the job through the ORM: the job as an ORM object, and the employee.
_MOVE_LOADS = {model: _move_load(model, [model], [Employee]) for model in (Appointment, Callback)}
#: For every other move: the job's columns, in its record's order, then the actor's, sent with ``send``.
_PLAIN_MOVE_LOADS = {model: _move_load(model, [attr.columns[0] for attr in inspect(model).column_attrs], _ACTOR)
                     for model in (Appointment, Callback)}


def stale(noun: str, name: str | None, changed_at: datetime | None) -> ConflictError:
    """The refusal of an edit made from an out-of-date copy: who saved in between, and when."""
    name = name or "someone else"
    at = f" at {changed_at.astimezone():%H:%M}" if changed_at else ""
    return ConflictError(f"This {noun} was changed by {name}{at} while you had it open. "
                         "Your entries are kept: compare them with the new values and save again.",
                         changed_by=name, changed_at=changed_at)


class StoreBase:
    def __init__(self, url: str, clock: Callable[[], datetime] | None = None) -> None:
        self.url = url
        self._read_engine, self._write_engine = make_engines(url)
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        self._polls = PollConnections(self._read_engine)
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

    @property
    def address(self) -> DatabaseAddress:
        """The database's URL taken apart (file, or server, database and user), for showing where the data is."""
        address = DatabaseAddress.parse(self.url)
        assert address is not None, "an open store's URL parses"
        return address

    @property
    def read_engine(self) -> Engine:
        """The engine queries run on, for tools that need SQL the methods don't offer (benchmarks, plan checks).
        Programs change data through the methods, which keep the rules."""
        return self._read_engine

    @property
    def write_engine(self) -> Engine:
        """The engine changes are written with (one ``BEGIN IMMEDIATE`` writer on SQLite), for bulk loaders."""
        return self._write_engine

    def now(self) -> datetime:
        """The store's "now" (the clock it was opened with): what its timestamps and reports use."""
        return self._clock()

    def close(self) -> None:
        self._polls.close()
        self._read_engine.dispose()
        self._write_engine.dispose()

    def _transact(self, begin: Callable[[], AbstractContextManager], method, args, kwargs):
        """Call ``method`` with what ``begin`` opens (a session or a connection, in a transaction)."""
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                with begin() as handle:
                    result = method(self, handle, *args, **kwargs)
                return plain(result)  # after the commit: the record carries the version the flush wrote
            except StaleDataError as error:
                raise ConflictError("Someone else changed this record at the same moment. "
                                    "Please check it and try again.") from error
            except DBAPIError as error:
                sqlstate = getattr(error.orig, "sqlstate", None)
                if sqlstate in _RETRYABLE_SQLSTATES and attempt < _ATTEMPTS:
                    continue
                if error.connection_invalidated and begin == self._read_sessions.begin and attempt < _ATTEMPTS:
                    continue  # a pooled connection lost without a word: a read runs again on a new one
                raise translate(error) from error
        raise AssertionError("unreachable")

    def _poll(self, method, args, kwargs):
        """Call a ``@polls`` method on this thread's poll connection; driver errors become ``StoreUnavailable``."""
        dialect = self._read_engine.dialect
        try:
            with self._polls.cursor() as cursor:
                sent: Sent = {}

                def run(statement: Select, **values) -> list[tuple]:
                    sql = _sql(statement, dialect)
                    if values:
                        cursor.execute(sql, _parameters(statement, dialect, values, sent=sent))
                    else:
                        cursor.execute(sql)
                    return cursor.fetchall()

                return method(self, run, *args, **kwargs)
        except dialect.loaded_dbapi.Error as error:
            self._polls.drop()
            raise translate(DBAPIError.instance(None, None, error, dialect.loaded_dbapi.Error)) from error

    # --- helpers for the mixins; all take the caller's session --------------------------------

    def _now(self) -> datetime:
        return self._clock()

    @staticmethod
    def _get(s: Session, model: type[T], entity_id: int, noun: str, *, lock: bool = False) -> T:
        """Load one row (locked for the transaction's rest when ``lock``) or raise ``NotFound``."""
        stmt = select(model).where(model.id == entity_id)  # type: ignore[attr-defined]
        if lock:
            stmt = stmt.with_for_update()
        return StoreBase._found(s.execute(stmt).scalar_one_or_none(), entity_id, noun)

    @staticmethod
    def _found(row: T | None, entity_id: int, noun: str) -> T:
        """``row``, unless it is missing or deleted (``NotFound``)."""
        if row is None or getattr(row, "deleted_at", None) is not None:
            raise NotFound(f"There is no {noun} number {entity_id}; it may have been deleted on another PC.")
        return row

    def _employee(self, s: Session, employee_id: int) -> Employee:
        return self._active(s.get(Employee, employee_id))

    @staticmethod
    def _active(employee: Employee | None) -> Employee:
        """``employee``, when they may still make changes (a deactivated one is refused)."""
        if employee is None or not employee.active:
            raise PermissionDenied("Only active employees can make changes. Please sign in again.")
        return employee

    def _authorize(self, s: Session, actor_id: int, roles: frozenset[Role], what: str) -> Employee:
        """The acting employee, when their role permits ``what``."""
        return self._permit(self._employee(s, actor_id), Transition(what, what, frozenset(), None, roles), None)

    @staticmethod
    def _permit(actor: Employee, move: Transition, owner_id: int | None) -> Employee:
        """``actor``, when their role (or holding the job, where the move allows it) permits ``move``."""
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
        raise stale(noun, editor.name if editor else None, record.updated_at)

    def _begin_move(self, s: Session, workflow: WorkflowTable, entity_id: int, action: str, actor: int,
                    expected_version: int | None = None, *, edit: bool = False) -> tuple:
        """Lock the job, then check its version, the workflow table and permission, in that order.

        The job and the acting employee come in one statement (only the job's row
        is locked). The table comes before permission: a move that doesn't exist
        from this status is ``InvalidTransition`` for everyone, and the message
        says why (it is completed, ...). With ``edit`` the job comes as an ORM
        object whose changes the flush writes; otherwise as its frozen record,
        read straight from the driver (the ORM's load was 300 µs of CPU, the row
        sent raw 30 µs), which ``_finish_move`` hands back with the new values.
        """
        model = _MODELS[workflow.noun]
        if edit:
            row = s.execute(_MOVE_LOADS[model], {"job": entity_id, "actor": actor}).one_or_none()
            record, employee, *vehicle = row if row is not None else (None, None)
        else:
            record, employee, vehicle = self._plain_load(s, model, entity_id, actor)
        record = self._found(record, entity_id, workflow.noun)
        if vehicle:
            s.info.setdefault(VEHICLES_READ, {})[record.id] = tuple(vehicle)
        self._check_version(s, record, expected_version, workflow.noun)
        who = self._active(employee)
        workflow.move(action, record.status)
        holder = record.technician_id if model is Appointment else record.claimed_by
        return record, self._permit(who, workflow[action], holder)

    @staticmethod
    def _plain_load(s: Session, model: type, entity_id: int, actor: int) -> tuple:
        """``(record or None, Actor or None, [make, model, plate] of an appointment's vehicle)``, the job locked."""
        rows = _typed_rows(s, _PLAIN_MOVE_LOADS[model], {"job": entity_id, "actor": actor})
        if not rows:
            return None, None, []
        values = rows[0]
        record_type, keys = RECORDS[model]
        n = len(keys)
        employee = Actor(*values[n:n + len(_ACTOR)]) if values[n] is not None else None
        return record_type(**dict(zip(keys, values))), employee, values[n + len(_ACTOR):]

    def _finish_move(self, s: Session, workflow: WorkflowTable, record: Appointment | Callback, previous: StrEnum,
                     target: StrEnum, action: str, who: Employee, now: datetime, note: str | None = None,
                     **changes: object):
        """Write the new status and ``changes`` with one versioned UPDATE, then its history line, in the
        caller's transaction; ``record`` is handed back with the new values.

        Plain Core statements, not the unit of work: a move knows exactly what it
        writes, and the ORM's flush was half of a transition's cost. The version
        guard is the one ``version_id_col`` gives a flush.
        """
        holder = record.technician_id if workflow.noun == "appointment" else record.claimed_by
        values = {**changes, "status": target, "updated_at": now, "updated_by": who.id, "version": record.version + 1}
        written = send(s, _VERSIONED_UPDATES[_MODELS[workflow.noun]],
                       {**values, "row_id": record.id, "row_version": record.version})
        if written.rowcount != 1:
            raise StaleDataError(f"{workflow.noun} {record.id} changed under its lock")
        if isinstance(record, Base):  # an ORM object (a claim loads the callback through the session)
            for key, value in values.items():
                set_committed_value(record, key, value)
        else:
            record = replace(record, **values)
        self._record(s, workflow.noun, record.id, action, previous, target, who, now, note)
        self._moved(s, workflow.noun, action, record, holder, who, now)
        return record

    def _moved(self, s: Session, noun: str, action: str, record: Appointment | Callback, holder: int | None,
               who: Employee, now: datetime) -> None:
        """Hook after each workflow move (``holder``: who held the job before): notifications.py tells the
        people concerned; a store without it tells nobody."""

    def _touch(self, record: Appointment | Callback, actor: Employee, now: datetime) -> None:
        record.updated_at = now
        record.updated_by = actor.id

    def _record(self, s: Session, kind: str, entity_id: int, action: str, from_status: str | None,
                to_status: str, actor: Employee, at: datetime, note: str | None = None) -> None:
        """Write one history line, and announce the change on the feed (in one statement where it can)."""
        line = {"entity_kind": kind, "entity_id": entity_id, "action": action, "from_status": from_status,
                "to_status": to_status, "actor_id": actor.id, "at": at, "note": note}
        self._announce(s, [(kind, entity_id)], history=line)

    def _announce(self, s: Session, changed: list[tuple[str, int]], history: dict | None = None) -> None:
        """Tell other PCs that the ``(kind, id)``s in ``changed`` changed, and write the ``history`` line, if
        any: the change feed (``changes.py``) overrides this; a store without one writes the line and tells
        nobody."""
        if history is not None:
            send(s, _HISTORY, history)

