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
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from ..domain.errors import SchemaTooNew, StoreUnavailable
from .backup import known_revisions, quick_check, sqlite_file
from .engine import translate

#: Seconds "Test connection" waits for a server.
PROBE_TIMEOUT_SECONDS = 5


def probe(url: str, timeout: int = PROBE_TIMEOUT_SECONDS) -> str:
    """A sentence saying what is at ``url``; raises ``StoreUnavailable`` (or ``SchemaTooNew``) when unusable."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreUnavailable(f"That is not a database address Repair Desktop understands: {error}") from error
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_file(url)
        if path is None:
            raise StoreUnavailable("Choose a database file.")
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
    if backend == "postgresql":
        connect_args = {"connect_timeout": timeout}
    else:
        raise StoreUnavailable(f"Repair Desktop can't use a '{backend}' database; use a SQLite file or a "
                               "PostgreSQL server.")
    try:
        engine = create_engine(url, connect_args=connect_args)
    except (ArgumentError, ImportError) as error:
        raise StoreUnavailable(f"Repair Desktop can't use the database address: {error}") from error
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError as error:
        raise _login_or_translate(error) from error
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


def explain(error: StoreUnavailable) -> StoreUnavailable:
    """``error`` from ``Store.open``, reworded when the server refused the login or has no such database."""
    cause = error.__cause__
    if isinstance(cause, DBAPIError):
        better = _login_or_translate(cause)
        if better.message != translate(cause).message:
            return better
    return error


def _login_or_translate(error: DBAPIError) -> StoreUnavailable:
    text = str(error.orig).lower() if error.orig is not None else str(error).lower()
    if "password authentication failed" in text or "no password supplied" in text \
            or "authentication failed" in text:
        return StoreUnavailable("The server refused the user name or password. Check them and try again.")
    if 'database "' in text and "does not exist" in text:
        return StoreUnavailable("The server has no database of that name. Check the name, or create the "
                                "database on the server first.")
    return translate(error)
