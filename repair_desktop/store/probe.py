"""Test connection: can this PC reach the database, and is it one Repair Desktop can open? No Qt here.

Unlike ``Store.open`` a probe changes nothing: it never creates a file, a schema or a table, so
trying a mistyped address leaves no empty database behind.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import ArgumentError, DBAPIError

from ..domain.errors import SchemaTooNew, StoreUnavailable
from .backup import known_revisions, quick_check
from .engine import translate
from .locations import check_url, sqlite_path

#: Seconds "Test connection" waits for a server.
PROBE_TIMEOUT_SECONDS = 5


def probe(url: str, timeout: int = PROBE_TIMEOUT_SECONDS) -> str:
    """A sentence saying what is at ``url``; raises ``StoreUnavailable`` (or ``SchemaTooNew``) when unusable."""
    parsed = check_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(str(sqlite_path(parsed)))  # never None: check_url refuses a database in memory
        if not path.exists():
            if not _creatable(path.parent):
                raise StoreUnavailable(f"The folder {path.parent} can't be written to, so no database can be "
                                       "created there.")
            return f"There is no database at {path} yet; Repair Desktop will create one there."
        if (problem := quick_check(path)) is not None:
            raise StoreUnavailable(f"The file {path} is damaged or not a database ({problem}).")
        try:
            with closing(sqlite3.connect(path, timeout=timeout)) as db:
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                revision = (db.execute("SELECT version_num FROM alembic_version").fetchone() or [None])[0] \
                    if "alembic_version" in tables else None
        except sqlite3.Error as error:
            raise StoreUnavailable(f"The file {path} can't be read ({error}).") from error
        return _verdict(str(path), tables, revision)
    try:
        engine = create_engine(url, connect_args={"connect_timeout": timeout})
    except (ArgumentError, ImportError) as error:
        raise StoreUnavailable(f"Repair Desktop can't use the database address: {error}") from error
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError as error:
        raise translate(error) from error
    finally:
        engine.dispose()
    return _verdict(f"{parsed.database} on {parsed.host or 'the local server'}", tables, revision)


def _verdict(where: str, tables: set[str], revision: str | None) -> str:
    if revision is None:
        if tables:
            raise StoreUnavailable(f"{where} already holds other tables; it is not a Repair Desktop database. "
                                   "Choose an empty database or a Repair Desktop one.")
        return f"Connected to {where}: it is empty, and Repair Desktop will set it up."
    if revision not in known_revisions():
        raise SchemaTooNew(f"{where} was upgraded by a newer Repair Desktop. Update Repair Desktop on this PC "
                           "to use it.")
    return f"Connected to {where}: a Repair Desktop database, ready to use."


def _creatable(folder: Path) -> bool:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK)
