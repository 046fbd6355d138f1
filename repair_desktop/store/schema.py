"""Creating and upgrading the schema with Alembic, safely for several PCs at once.

The migration runs inside one write transaction: SQLite's ``BEGIN IMMEDIATE``
(and an advisory lock on PostgreSQL) means a second PC opening at the same time
waits, then finds the schema already current. A SQLite file with data in it is
copied aside before it is upgraded.
"""

import re
import sqlite3
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

from ..domain.errors import SchemaTooNew, StoreUnavailable
from . import engine

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 7_302_001  # any constant shared by every PC


def alembic_config() -> "Config":
    from alembic.config import Config  # Alembic loads only when a schema changes (it costs ~0.3 s of start-up)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    if (graph := _revision_graph()) is not None:
        (head,) = set(graph) - set(graph.values())
        return head
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every revision this program's migrations know."""
    if (graph := _revision_graph()) is not None:
        return set(graph)
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:None|['\"]([^'\"]+)['\"])\s*$", re.MULTILINE)


@cache
def _revision_graph() -> dict[str, str | None] | None:
    """``revision -> down_revision`` read from the migration files' text, without importing Alembic (start-up
    stays fast); None when a file doesn't say it plainly or the history isn't one line, and Alembic decides."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None
        graph[revision[0]] = down[0] or None
    heads = set(graph) - set(graph.values())
    return graph if len(heads) == 1 and len(set(graph.values())) == len(graph) else None


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _already_at(write_engine: Engine, revision: str) -> bool:
    """The schema is at ``revision`` already: one plain query, no Alembic, no write lock (the usual start)."""
    try:
        with write_engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [revision]
    except DBAPIError:
        return False  # no table yet (a new database), or unreadable: the full path below says why


def migrate(write_engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to ``revision``; returns the path of the backup made first, if any."""
    if revision == "head" and _revision_graph() is not None and _already_at(write_engine, head_revision()):
        return None
    from alembic import command

    config = alembic_config()
    known = known_revisions()
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
        if connection.dialect.name == "sqlite":
            _require_trigram_search()
        if current is not None and connection.dialect.name == "sqlite":
            backup = _backup_sqlite(connection, current)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return backup


#: The first SQLite with FTS5's trigram tokenizer, which the search tables need (migration 0005).
TRIGRAM_SQLITE = (3, 34, 0)


def _require_trigram_search() -> None:
    """Refuse, before changing anything, on a Python whose SQLite is older than the search tables need."""
    if sqlite3.sqlite_version_info < TRIGRAM_SQLITE:
        raise StoreUnavailable(f"This computer's SQLite is version {sqlite3.sqlite_version}; Repair Desktop needs 3.34 "
                               "or later for its search. Install the Repair Desktop program (it brings its own), or "
                               "a newer Python.")


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
