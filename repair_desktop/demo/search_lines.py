"""The demo's search lines: written in bulk, instead of by a trigger per row.

The store's triggers (migrations 0005 and 0007) write a job's or a customer's
search line as each row arrives. For the demo's bulk load that is the most
expensive part: a trigger run per appointment and callback, and, per vehicle,
its owner's directory line rewritten from all the owner's vehicles, which
with the vehicles' indexes dropped for the load is a scan of every vehicle
so far (quadratic: it took longer than the rest of the load put together).

So the insert triggers are switched off for the load (dropped and created
again from their own catalog text on SQLite, ``DISABLE TRIGGER`` on
PostgreSQL, both inside the load's transaction). On PostgreSQL each search
table gets its lines in one ``INSERT … SELECT`` over the rows the demo wrote
after the load. On SQLite the lines are read as their rows land (a
customer's once the vehicles' indexes are back) and indexed on the second
core (``search_builder``) while the load goes on. The lines
are the ones the triggers write, character for character (tests compare the
tables with a load through the triggers, on both engines). Only the rows
from the demo's first ids on are the demo's; lines of rows that were there
before stay as the triggers wrote them. Every vehicle the demo writes belongs
to a customer the demo writes, so no older customer's line changes.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from .search_builder import ScratchIndexes
from .writer import indexes_and_keys_afterwards

#: The insert triggers the lines replace: SQLite's by name, PostgreSQL's by (table, name).
SQLITE_TRIGGERS = ("appointment_search_insert", "callback_search_insert", "directory_search_insert",
                   "directory_search_vehicle_insert")
POSTGRES_TRIGGERS = (("appointments", "appointment_search_write"), ("callbacks", "callback_search_write"),
                     ("customers", "directory_search_write"), ("vehicles", "directory_search_vehicle"))
SEARCH_TABLES = ("appointment_search", "callback_search", "directory_search")

#: A phone as bare digits, as the directory's line holds it beside the phone as typed.
_DIGITS = "coalesce(c.phone, '')"
for _mark in (" ", "-", "(", ")", ".", "/", "+"):
    _DIGITS = f"replace({_DIGITS}, '{_mark}', '')"

_APPOINTMENT = "c.name || ' ' || v.plate || ' ' || v.make || ' ' || v.model || ' ' || a.concern || '  '"
_CALLBACK = "c.name || ' ' || coalesce(b.job_number, '') || ' ' || b.description || '  '"
_CUSTOMER = (f"c.name || ' ' || coalesce(c.phone, '') || ' ' || {_DIGITS} || ' ' || coalesce(c.email, '') || ' ' "
             "|| coalesce({plates}, '') || '  '")
_PLATE = "v.plate || ' ' || replace(v.plate, ' ', '')"

#: Each search table's lines on SQLite: the demo table whose ids they carry, and the query for ids in
#: ``[:low, :high]``. A customer's plates come through the vehicles' customer index, in id order as the
#: trigger's scan reads them, so the directory's lines are read once the customers' and vehicles' indexes are back.
SQLITE_LINES = {
    "appointment_search": ("appointments", f"SELECT a.id AS id, {_APPOINTMENT} AS line FROM appointments a "
                           "JOIN customers c ON c.id = a.customer_id JOIN vehicles v ON v.id = a.vehicle_id "
                           "WHERE a.id BETWEEN :low AND :high ORDER BY a.id"),
    "callback_search": ("callbacks", f"SELECT b.id AS id, {_CALLBACK} AS line FROM callbacks b "
                        "JOIN customers c ON c.id = b.customer_id WHERE b.id BETWEEN :low AND :high ORDER BY b.id"),
    "directory_search": ("customers", "SELECT c.id AS id, " + _CUSTOMER.format(
        plates=f"(SELECT group_concat({_PLATE}, ' ') FROM vehicles v WHERE v.customer_id = c.id)")
        + " AS line FROM customers c WHERE c.id BETWEEN :low AND :high ORDER BY c.id"),
}
#: The tables whose lines are read batch by batch during the load: they join other rows by primary key only.
READ_DURING_LOAD = {"appointments": "appointment_search", "callbacks": "callback_search"}
#: The highest id SQLite can hold: "to the end".
LAST_ID = 2 ** 63 - 1

#: PostgreSQL's appointment lines carry the other tables' sort keys too (migration 0017).
POSTGRES_LINES = (
    "INSERT INTO appointment_search (id, doc, customer_name, customer_id, plate, vehicle_id, scheduled_at) "
    f"SELECT a.id, lower({_APPOINTMENT}), c.name, a.customer_id, v.plate, a.vehicle_id, a.scheduled_at "
    "FROM appointments a "
    "JOIN customers c ON c.id = a.customer_id JOIN vehicles v ON v.id = a.vehicle_id WHERE a.id >= :appointments",
    f"INSERT INTO callback_search (id, doc) SELECT b.id, lower({_CALLBACK}) FROM callbacks b "
    "JOIN customers c ON c.id = b.customer_id WHERE b.id >= :callbacks",
    # One grouped pass over the vehicles instead of a lookup per customer; id order, as the trigger's scan reads
    "INSERT INTO directory_search (id, doc) SELECT c.id, lower(" + _CUSTOMER.format(plates="p.plates") + ") "
    f"FROM customers c LEFT JOIN (SELECT v.customer_id, string_agg({_PLATE}, ' ' ORDER BY v.id) AS plates "
    "FROM vehicles v WHERE v.customer_id >= :customers GROUP BY v.customer_id) p ON p.customer_id = c.id "
    "WHERE c.id >= :customers",
)


class SearchLines:
    """What the load tells the search lines as it goes; the base class listens to nothing (PostgreSQL)."""

    def written(self, table: str, rows: list[tuple]) -> None:
        """``rows`` (ids first) were just written into ``table``."""

    def customers_indexed(self) -> None:
        """The customers' and vehicles' indexes are back, while the jobs' are still being rebuilt."""


@contextmanager
def search_lines_afterwards(connection: Connection, first: dict[str, int],
                            folder: Path | None) -> Iterator[SearchLines]:
    """Load with the search tables' insert triggers off, then write the lines of the rows from ``first`` ids on.

    Yields what the load tells as it goes (``SearchLines``). On SQLite an
    empty search table is built on the second core meanwhile
    (``search_builder``); one that already has lines (customers typed in
    before the demo) gets the demo's in one ``INSERT … SELECT`` at the end.
    On PostgreSQL the search tables' trigram indexes are dropped for the
    insert and built once afterwards, like the other tables' indexes.
    """
    if connection.dialect.name == "sqlite":
        with _sqlite_lines(connection, first, folder) as lines:
            yield lines
        return
    quote = connection.dialect.identifier_preparer.quote
    for table, name in POSTGRES_TRIGGERS:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
    yield SearchLines()
    for table, name in POSTGRES_TRIGGERS:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}")
    params = {table: first[table] for table in ("appointments", "callbacks", "customers")}
    with indexes_and_keys_afterwards(connection, SEARCH_TABLES):
        for statement in POSTGRES_LINES:
            connection.execute(text(statement), params)


class _SQLiteLines(SearchLines):
    """Reads the lines of the rows written since the last read and hands them to the scratch indexes."""

    def __init__(self, raw: sqlite3.Connection, first: dict[str, int], scratch: ScratchIndexes,
                 fresh: list[str]) -> None:
        self.raw, self.scratch = raw, scratch
        self.read_up_to = {search: first[SQLITE_LINES[search][0]] - 1 for search in fresh}

    def written(self, table: str, rows: list[tuple]) -> None:
        search = READ_DURING_LOAD.get(table)
        if search in self.read_up_to and rows:
            self.read(search, max(row[0] for row in rows))

    def customers_indexed(self) -> None:
        if "directory_search" in self.read_up_to:
            self.read("directory_search", LAST_ID)

    def read(self, search: str, high: int) -> None:
        """Hand the lines of the ids after those read so far, up to ``high``, to the scratch index."""
        low = self.read_up_to[search] + 1
        if high >= low:
            lines = self.raw.execute(f"SELECT json_group_array(json_array(id, line)) FROM ({SQLITE_LINES[search][1]})",
                                     {"low": low, "high": high}).fetchone()[0]
            self.scratch.add(search, lines)
            self.read_up_to[search] = high


@contextmanager
def scratch_folder(engine: Engine) -> Iterator[Path | None]:
    """A folder for the scratch index beside the SQLite file, removed afterwards; None on PostgreSQL.

    Beside the database: the scratch index is as big as the real one will
    be, and the system's temporary folder may be small or in memory. The
    load's connection has the scratch file attached until it closes, so the
    folder is made before that connection and removed after it.
    """
    if engine.dialect.name != "sqlite":
        yield None
        return
    database = engine.url.database
    beside = str(Path(database).resolve().parent) if database and database != ":memory:" else None
    # a virus scanner or an indexer holding the scratch file for a moment (Windows) must not fail a committed load
    with tempfile.TemporaryDirectory(prefix="repair-desktop-demo-", dir=beside, ignore_cleanup_errors=True) as folder:
        yield Path(folder)


@contextmanager
def _sqlite_lines(connection: Connection, first: dict[str, int], folder: Path | None) -> Iterator[SearchLines]:
    assert folder is not None, "SQLite's search lines need scratch_folder's folder"
    raw = connection.connection.driver_connection
    definitions = dict(raw.execute(
        f"SELECT name, sql FROM sqlite_master WHERE name IN ({', '.join('?' * len(SEARCH_TABLES))})", SEARCH_TABLES))
    fresh = [name for name in SEARCH_TABLES
             if raw.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{name}_content")').fetchone()[0]]
    triggers = [raw.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone()[0]
                for name in SQLITE_TRIGGERS]
    for name in SQLITE_TRIGGERS:
        raw.execute(f'DROP TRIGGER "{name}"')
    scratch = ScratchIndexes(folder / "search.db", {name: definitions[name] for name in fresh})
    lines = _SQLiteLines(raw, first, scratch, fresh)
    try:
        yield lines
        for definition in triggers:
            raw.execute(definition)
        for search in SEARCH_TABLES:
            if search in fresh:
                lines.read(search, LAST_ID)
            else:
                raw.execute(f"INSERT INTO {search} (rowid, doc) {SQLITE_LINES[search][1]}",
                            {"low": first[SQLITE_LINES[search][0]], "high": LAST_ID})
        scratch.finish()
    except BaseException:
        scratch.abandon()
        raise
    scratch.copy_into(raw, fresh)
