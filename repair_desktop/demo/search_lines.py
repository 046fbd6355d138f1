"""The demo's search lines: written once per search table after the load, instead of by a trigger per row.

The store's triggers (migrations 0005 and 0007) write a job's or a customer's
search line as each row arrives. For the demo's bulk load that is the most
expensive part: a trigger run per appointment and callback, and, per vehicle,
its owner's directory line rewritten from all the owner's vehicles, which
with the vehicles' indexes dropped for the load is a scan of every vehicle
so far (quadratic: it took longer than the rest of the load put together).

So the insert triggers are switched off for the load (dropped and created
again from their own catalog text on SQLite, ``DISABLE TRIGGER`` on
PostgreSQL, both inside the load's transaction) and each search table gets
its lines in one ``INSERT … SELECT`` over the rows the demo wrote. The lines
are the ones the triggers write, character for character (tests compare the
tables with a load through the triggers, on both engines). Only the rows
from the demo's first ids on are the demo's; lines of rows that were there
before stay as the triggers wrote them. Every vehicle the demo writes belongs
to a customer the demo writes, so no older customer's line changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, bindparam, text

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

SQLITE_LINES = (
    f"INSERT INTO appointment_search (rowid, doc) SELECT a.id, {_APPOINTMENT} FROM appointments a "
    "JOIN customers c ON c.id = a.customer_id JOIN vehicles v ON v.id = a.vehicle_id "
    "WHERE a.id >= :appointments ORDER BY a.id",
    f"INSERT INTO callback_search (rowid, doc) SELECT b.id, {_CALLBACK} FROM callbacks b "
    "JOIN customers c ON c.id = b.customer_id WHERE b.id >= :callbacks ORDER BY b.id",
    # Through the vehicles' customer index (rebuilt by now): each owner's plates in id order, as the trigger reads
    "INSERT INTO directory_search (rowid, doc) SELECT c.id, "
    + _CUSTOMER.format(plates=f"(SELECT group_concat({_PLATE}, ' ') FROM vehicles v WHERE v.customer_id = c.id)")
    + " FROM customers c WHERE c.id >= :customers ORDER BY c.id",
)

POSTGRES_LINES = (
    f"INSERT INTO appointment_search (id, doc) SELECT a.id, lower({_APPOINTMENT}) FROM appointments a "
    "JOIN customers c ON c.id = a.customer_id JOIN vehicles v ON v.id = a.vehicle_id WHERE a.id >= :appointments",
    f"INSERT INTO callback_search (id, doc) SELECT b.id, lower({_CALLBACK}) FROM callbacks b "
    "JOIN customers c ON c.id = b.customer_id WHERE b.id >= :callbacks",
    # One grouped pass over the vehicles instead of a lookup per customer; id order, as the trigger's scan reads
    "INSERT INTO directory_search (id, doc) SELECT c.id, lower(" + _CUSTOMER.format(plates="p.plates") + ") "
    f"FROM customers c LEFT JOIN (SELECT v.customer_id, string_agg({_PLATE}, ' ' ORDER BY v.id) AS plates "
    "FROM vehicles v WHERE v.customer_id >= :customers GROUP BY v.customer_id) p ON p.customer_id = c.id "
    "WHERE c.id >= :customers",
)


@contextmanager
def search_lines_afterwards(connection: Connection, first: dict[str, int]) -> Iterator[None]:
    """Load with the search tables' insert triggers off, then write the lines of the rows from ``first`` ids on.

    On PostgreSQL the search tables' trigram indexes are dropped for the
    insert and built once afterwards, like the other tables' indexes.
    """
    quote = connection.dialect.identifier_preparer.quote
    if connection.dialect.name == "sqlite":
        definitions = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN :names ORDER BY name")
            .bindparams(bindparam("names", value=SQLITE_TRIGGERS, expanding=True))).scalars().all()
        for name in SQLITE_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {quote(name)}")
        yield
        for definition in definitions:
            connection.exec_driver_sql(definition)
        _write_lines(connection, SQLITE_LINES, first)
        return
    for table, name in POSTGRES_TRIGGERS:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
    yield
    for table, name in POSTGRES_TRIGGERS:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}")
    with indexes_and_keys_afterwards(connection, SEARCH_TABLES):
        _write_lines(connection, POSTGRES_LINES, first)


def _write_lines(connection: Connection, statements: tuple[str, ...], first: dict[str, int]) -> None:
    params = {table: first[table] for table in ("appointments", "callbacks", "customers")}
    for statement in statements:
        connection.execute(text(statement), params)
