"""Creating and upgrading the schema with Alembic, safely for several PCs at once.

The migration runs inside one write transaction: SQLite's ``BEGIN IMMEDIATE``
(and an advisory lock on PostgreSQL) means a second PC opening at the same time
waits, then finds the schema already current. A SQLite file with data in it is
copied aside before it is upgraded.
"""

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from ..domain.errors import SchemaTooNew, StoreUnavailable
from . import engine

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 7_302_001  # any constant shared by every PC


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def migrate(write_engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to ``revision``; returns the path of the backup made first, if any."""
    config = alembic_config()
    known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
    backup = None
    with write_engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        current = current_revision(connection)
        if current is not None and current not in known:
            raise SchemaTooNew("This database was upgraded by a newer Repair Desktop. "
                               "Please update Repair Desktop on this PC to open it.")
        target = head_revision() if revision == "head" else revision
        if current == target:
            return None
        if current is not None and connection.dialect.name == "sqlite":
            backup = _backup_sqlite(connection, current)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return backup


def _backup_sqlite(connection: Connection, revision: str) -> str | None:
    """Copy the file aside with SQLite's online backup API before changing its schema.

    The copy is read through a second connection: ``connection`` already holds the
    write lock, and a backup from a connection inside a write transaction never
    finishes (Python retries SQLITE_LOCKED forever). Nothing has been written yet,
    so the second connection reads exactly the state before the upgrade.
    """
    database = engine.sqlite_path(connection.engine.url)
    if database is None:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    destination = f"{database}.before-upgrade-{revision}-{stamp}.bak"
    try:
        source = sqlite3.connect(database, timeout=engine.BUSY_WAIT_SECONDS)
        try:
            target = sqlite3.connect(destination)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as error:
        Path(destination).unlink(missing_ok=True)
        raise StoreUnavailable(f"Repair Desktop could not back up the database to {destination} before "
                               f"upgrading it ({error}), so it left the database as it was.") from error
    return destination
