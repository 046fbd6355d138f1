"""Writing the demo's rows: one write transaction, multi-row INSERTs on SQLite, COPY on PostgreSQL.

Secondary indexes (and PostgreSQL's foreign keys) are dropped for the load and
rebuilt once at the end from the database's own catalog text.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, Table, TextClause, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError

from ..domain.errors import ValidationError
from ..store.models import Appointment, Employee
from .shop import check_stamps

# --- writing -------------------------------------------------------------------------------------------------


#: The columns each generator's tuples fill, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "employees": ("id", "name", "role", "active", "secret_hash", "created_at"),
    "customers": ("id", "name", "phone", "email", "address", "created_at"),
    "vehicles": ("id", "customer_id", "make", "model", "year", "plate", "vin"),
    "maintenance_contracts": ("id", "customer_id", "plan", "starts_on", "ends_on", "cancelled", "cancelled_at"),
    "appointments": ("id", "customer_id", "vehicle_id", "scheduled_at", "concern", "status", "technician_id",
                     "assigned_at", "started_at", "completed_at", "cancelled_at", "cancel_reason", "created_at",
                     "created_by", "updated_at", "updated_by", "version", "duration_minutes", "planned_technician_id",
                     "promised_at"),
    "callbacks": ("id", "job_number", "customer_id", "scheduled_at", "description", "notes", "issue_type", "priority",
                  "status", "claimed_by", "claimed_at", "started_at", "resolved_at", "closed_at", "cancelled_at",
                  "cancel_reason", "deleted_at", "deleted_by", "created_at", "created_by", "updated_at",
                  "updated_by", "version", "respond_by", "respond_risk_at", "resolve_by", "resolve_risk_at"),
    "time_off": ("technician_id", "starts_at", "ends_at", "reason", "created_by", "created_at"),
    "callback_helpers": ("callback_id", "technician_id", "added_by", "added_at"),
    "status_events": ("id", "entity_kind", "entity_id", "action", "from_status", "to_status", "actor_id", "at",
                      "note"),
}
#: The tables of who works and who comes in, and the rest (the jobs and their history): their indexes are
#: rebuilt in that order.
PEOPLE_TABLES = ("employees", "customers", "vehicles", "maintenance_contracts")
JOB_TABLES = tuple(name for name in COLUMNS if name not in PEOPLE_TABLES)
ID_TABLES = ("employees", "customers", "vehicles", "maintenance_contracts", "appointments", "callbacks",
             "status_events")


class Writer:
    """Writes tuples into one table, inside the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.quote = connection.dialect.identifier_preparer.quote

    def write(self, model: type, rows: list[tuple]) -> None:
        if rows:
            table: Table = model.__table__
            self._write(table, COLUMNS[table.name], rows)

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Anything the database needs once all rows are in."""


class SQLiteWriter(Writer):
    """Multi-row ``INSERT … VALUES (…), (…)`` statements: about twice as fast as one row per statement."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        raw = connection.connection.driver_connection
        self.variables = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.statements: dict[tuple[str, int], str] = {}

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        per = max(1, min(500, self.variables // len(columns)))
        whole = len(rows) - len(rows) % per
        if whole:
            chunks = [tuple(itertools.chain.from_iterable(rows[i:i + per])) for i in range(0, whole, per)]
            self.connection.exec_driver_sql(self._sql(table, columns, per), chunks)
        if whole < len(rows):
            self.connection.exec_driver_sql(self._sql(table, columns, 1), rows[whole:])

    def _sql(self, table: Table, columns: tuple[str, ...], per: int) -> str:
        """``INSERT INTO t (a, b) VALUES (?, ?), (?, ?)…`` for ``per`` rows, made once per table and size."""
        key = (table.name, per)
        if key not in self.statements:
            one = "(" + ", ".join("?" * len(columns)) + ")"
            names = ", ".join(self.quote(c) for c in columns)
            self.statements[key] = f"INSERT INTO {self.quote(table.name)} ({names}) VALUES " + ", ".join([one] * per)
        return self.statements[key]


class PostgresWriter(Writer):
    """``COPY … FROM STDIN`` through psycopg: PostgreSQL's own bulk path, many times faster than INSERTs."""

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        names = ", ".join(self.quote(c) for c in columns)
        raw = self.connection.connection.driver_connection
        dbapi = self.connection.dialect.loaded_dbapi
        try:
            with raw.cursor() as cursor, cursor.copy(f"COPY {self.quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except dbapi.Error as error:
            raise DBAPIError.instance(f"COPY {table.name}", None, error, dbapi.Error) from error

    def finish(self) -> None:
        """Explicit ids leave the id sequences behind; move them past the demo's rows."""
        for name in ID_TABLES:
            self.connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {self.quote(name)} "
                "HAVING max(id) IS NOT NULL")


@contextmanager
def write_transaction(connection: Connection) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE`` on SQLite: no other PC writes meanwhile).

    SQLite gets three settings for the load, all put back afterwards (the
    first two are the connection's, the journal's mode is the file's): a big
    page cache, which keeps the tables' growing ends and the
    index sorts in memory; no foreign-key enforcement, which halves the cost
    of an appointment row (five parent lookups each; the generators write
    every parent before its children, with ids they handed out themselves,
    and the tests check the result with ``PRAGMA foreign_key_check``); and a
    rollback journal instead of the write-ahead log (``rollback_journal``).
    Durability is untouched: the load commits once, with ``synchronous=FULL``.
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    raw = connection.connection.driver_connection
    cache_size = raw.execute("PRAGMA cache_size").fetchone()[0]
    foreign_keys = raw.execute("PRAGMA foreign_keys").fetchone()[0]
    try:
        raw.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")  # taken only as pages are used
        raw.execute("PRAGMA foreign_keys = OFF")  # only possible outside a transaction
        with rollback_journal(raw), connection.begin():
            check_stamps(connection)
            yield
    finally:
        raw.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
        raw.execute(f"PRAGMA cache_size = {int(cache_size)}")


#: The load's page cache on SQLite, in KiB (256 MiB).
LOAD_CACHE_KIB = 262144


@contextmanager
def rollback_journal(raw: sqlite3.Connection) -> Iterator[None]:
    """Load through a rollback journal when this is the only connection to the file, then back to WAL.

    In WAL mode every page of the load is written twice: into the log, then
    by the commit's checkpoint into the file (1.8 GB each way at a million
    appointments, 7 s of its minute). A rollback journal keeps only the pages
    the load changes that were there before, a few dozen in an empty
    database: the rows go into the file once. A load cut short (a crash, a
    power cut) leaves the journal "hot", and the next connection to open the
    file rolls the load back before it reads, as SQLite always does.

    Leaving WAL needs the file to itself. When another connection has it
    open (another PC, or this store's own pooled connections, as when the
    sign-in dialog offers a demo) SQLite refuses at once, and the load goes
    through the log as before. While the journal is in use another PC can't
    open the file; it is told the database is busy and can retry.
    """
    try:
        switched = raw.execute("PRAGMA main.journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError:  # "database is locked": another connection has the file open
        switched = False
    try:
        yield
    finally:
        if switched:
            try:
                raw.execute("PRAGMA main.journal_mode = WAL")  # not the attached scratch file's
            except sqlite3.OperationalError:  # another PC opened the file meanwhile: its connection sets WAL
                pass  # (every store connection does when it opens), and a load already committed stays loaded


@contextmanager
def indexes_and_keys_afterwards(connection: Connection, tables: tuple[str, ...]) -> Iterator[None]:
    """Load the tables without their secondary indexes (and, on PostgreSQL, foreign keys), then rebuild those.

    Keeping fifteen indexes up to date row by row cost more than the rest of
    the load; sorting each once at the end is several times cheaper. On
    PostgreSQL each row's foreign keys are checked by a trigger (five queries
    per appointment); adding a constraint back checks all rows in one join.
    Everything is dropped and recreated from the database's own catalog text,
    inside the transaction, so the schema afterwards is exactly the
    migrations' (and a failed load rolls back to it).
    """
    quote = connection.dialect.identifier_preparer.quote
    foreign_keys = _foreign_keys(connection, tables)
    indexes = _secondary_indexes(connection, tables)
    for table, name, _ in foreign_keys:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for name, _ in indexes:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield
    for _, definition in indexes:
        connection.exec_driver_sql(definition)
    for table, name, definition in foreign_keys:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
    if connection.dialect.name == "postgresql":
        for table in tables:  # fresh statistics, so the first queries are planned for the real sizes
            connection.exec_driver_sql(f"ANALYZE {quote(table)}")


def _secondary_indexes(connection: Connection, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(name, CREATE INDEX …)`` of the indexes on the tables the demo fills, except those behind constraints."""
    if connection.dialect.name == "sqlite":
        query = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                     "AND tbl_name IN :tables ORDER BY name")
    else:
        query = text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                     "AND tablename IN :tables AND indexname NOT IN (SELECT conname FROM pg_constraint) "
                     "ORDER BY indexname")
    return [tuple(row) for row in connection.execute(_in_tables(query, tables))]


def _foreign_keys(connection: Connection, tables: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(table, name, FOREIGN KEY …)`` of the demo tables' foreign keys, on PostgreSQL."""
    if connection.dialect.name == "sqlite":
        return []  # SQLite can't drop a constraint; write_transaction switches enforcement off instead
    query = text("SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                 "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                 "WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname IN :tables "
                 "ORDER BY t.relname, c.conname")
    return [tuple(row) for row in connection.execute(_in_tables(query, tables))]


def _in_tables(query: TextClause, tables: tuple[str, ...]) -> TextClause:
    return query.bindparams(bindparam("tables", value=tables, expanding=True))


def truncate_wal(engine: Engine) -> None:
    """Give back the disk a big load's write-ahead log took; the commit has already checkpointed it.

    Best effort: while another connection reads, SQLite keeps the log, and the
    next checkpoint truncates it instead.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        try:
            connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:
            pass


def require_empty(connection: Connection) -> None:
    for model in (Employee, Appointment):
        if connection.execute(select(model.id).limit(1)).first() is not None:
            raise ValidationError("This database already has data; demo data only goes into an empty one.")


def first_ids(connection: Connection) -> dict[str, int]:
    """The demo's first id of each table: after whatever is there (customers may have been typed in before)."""
    tables = Appointment.metadata.tables
    return {name: (connection.execute(select(func.max(tables[name].c.id))).scalar() or 0) + 1 for name in ID_TABLES}
