"""Backups and restores: SQLite's online backup API, ``pg_dump`` for PostgreSQL, daily copies, checked restores.

No Qt here: the command line, the window (from a worker thread) and the tests call the same functions.
Every refusal is a ``StoreUnavailable`` with a message for the person at the desk.

- ``back_up(url, dest, progress)`` copies the database while people keep working. SQLite copies a
  batch of pages at a time and reports ``progress(done, total)`` after each batch. PostgreSQL runs
  ``pg_dump`` when it is installed, with no page count (``progress(0, 0)``).
- ``daily_backup(db_file, folder)`` makes today's copy, at most one a day, and deletes copies older
  than ``KEEP_DAYS`` days. Each copy is written under a temporary name and renamed when complete,
  so a half-written file never looks like a backup.
- ``check_backup(file)`` and ``restore(file, db_file)``: a restore first checks a copy of the
  candidate with ``PRAGMA integrity_check``. It also checks that the candidate is a Repair Desktop
  database at a revision this program knows. Then it moves the live file aside (never deleting it)
  and puts the checked copy in its place.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from ..domain.errors import StoreUnavailable
from . import engine
from .locations import check_url, writable
from .schema import known_revisions as _known_revisions

#: ``progress(done, total)``; ``total == 0`` means "no idea how long" (pg_dump).
Progress = Callable[[int, int], None]

KEEP_DAYS = 14
PAGES_PER_STEP = 256  # about 1 MB with 4 KB pages: progress moves smoothly, other PCs' writes get in between
_SQLITE_HEADER = b"SQLite format 3\x00"
#: Tables every Repair Desktop database has, whatever its revision.
_OUR_TABLES = {"alembic_version", "employees", "customers", "vehicles", "appointments", "status_events",
               "settings"}


class BackupError(StoreUnavailable):
    title = "Backup problem"


@dataclass(frozen=True)
class BackupResult:
    destination: Path
    message: str


def sqlite_file(url: str) -> Path | None:
    """The SQLite file behind ``url``; None for a server (or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    path = engine.sqlite_path(parsed)
    return Path(path) if path else None


# --- backing up ------------------------------------------------------------------------------------


def back_up(url: str, dest: str | os.PathLike, progress: Progress | None = None,
            pages: int = PAGES_PER_STEP) -> BackupResult:
    """Copy the database at ``url`` to ``dest`` while others keep working."""
    parsed, dest = check_url(url), Path(dest)
    if parsed.get_backend_name() == "sqlite":
        source = sqlite_file(url)
        if source is None or not source.is_file():
            raise BackupError(f"There is no database file at {source}.")
        check_destination(dest)
        copy_sqlite(source, dest, progress, pages)
        return BackupResult(dest, f"Backed up {source} to {dest}.")
    check_destination(dest)
    return _pg_dump(parsed, dest, progress)


def check_destination(dest: Path) -> None:
    """Refuse, before anything is copied, a destination that is a folder or whose folder can't take the file."""
    if dest.is_dir():
        raise BackupError(f"{dest} is a folder. Name the backup file, such as {dest / 'shop-backup.db'}.")
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist, so no backup was written. Check the path, "
                          "or make the folder first.")
    if not writable(dest.parent):
        raise BackupError(f"This PC may not write to the folder {dest.parent}, so no backup was written. "
                          "Choose a folder you can write to.")


def copy_sqlite(source: Path, dest: Path, progress: Progress | None = None, pages: int = PAGES_PER_STEP) -> None:
    """SQLite's online backup API, ``pages`` at a time, into ``dest.part`` first, then renamed to ``dest``.

    Between steps other connections may write; SQLite restarts the copy when the source changes
    under it through another connection, so the result is always one consistent snapshot.
    """
    partial = dest.with_name(dest.name + ".part")
    partial.unlink(missing_ok=True)

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        with closing(sqlite3.connect(source, timeout=engine.BUSY_WAIT_SECONDS)) as src, \
                closing(sqlite3.connect(partial)) as target:
            src.backup(target, pages=pages, progress=report)
            # The copy keeps the source's WAL mode; make it a plain single file, complete on its own.
            target.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, dest)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup to {dest} failed: {error}. The database itself is unchanged.") from error


def _pg_dump(parsed, dest: Path, progress: Progress | None) -> BackupResult:
    if shutil.which("pg_dump") is None:
        raise BackupError("Backing up a PostgreSQL database needs pg_dump, which is not installed on this PC. "
                          "Install the PostgreSQL client tools, or back up on the server.")
    if progress is not None:
        progress(0, 0)
    # The password goes in the environment, not on the command line where other users' `ps` would see it.
    libpq_url = parsed.set(drivername="postgresql")._replace(password=None).render_as_string()
    env = {**os.environ, **({"PGPASSWORD": str(parsed.password)} if parsed.password else {})}
    partial = dest.with_name(dest.name + ".part")  # as for SQLite: a failed dump never looks like a backup
    try:
        result = subprocess.run(["pg_dump", "--format=custom", f"--file={partial}", libpq_url],
                                capture_output=True, text=True, env=env)
    except OSError as error:
        raise BackupError(f"pg_dump could not be started: {error}") from error
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        said = " ".join(result.stderr.split())  # one line: the command line reports a refusal in one
        raise BackupError(f"pg_dump could not back up the database: {said}")
    os.replace(partial, dest)
    return BackupResult(dest, f"Backed up {parsed.database} to {dest} (pg_dump custom format; restore with "
                              "pg_restore).")


# --- the daily copy --------------------------------------------------------------------------------


def _daily_pattern(db_file: Path) -> re.Pattern[str]:
    return re.compile(re.escape(db_file.stem) + r"-(\d{4}-\d{2}-\d{2})\.db")


def daily_backups(db_file: Path, folder: Path) -> list[tuple[date, Path]]:
    """The daily copies of ``db_file`` in ``folder``, oldest first."""
    pattern, found = _daily_pattern(db_file), []
    if folder.is_dir():
        for path in folder.iterdir():
            if (match := pattern.fullmatch(path.name)) is not None:
                try:
                    found.append((date.fromisoformat(match.group(1)), path))
                except ValueError:
                    continue
    return sorted(found)


def daily_backup(db_file: Path, folder: Path, today: date | None = None, keep_days: int = KEEP_DAYS,
                 progress: Progress | None = None) -> Path | None:
    """Today's copy of ``db_file`` in ``folder`` unless there is one already; then drop copies older than
    ``keep_days`` days (today counts as one). Returns the new copy, or None when there was nothing to do."""
    today = today or date.today()
    made = None
    target = folder / f"{db_file.stem}-{today.isoformat()}.db"
    if db_file.is_file() and not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        copy_sqlite(db_file, target, progress)
        made = target
    oldest_kept = today - timedelta(days=keep_days - 1)
    for day, path in daily_backups(db_file, folder):
        if day < oldest_kept:
            path.unlink(missing_ok=True)
    return made


# --- checking and restoring ------------------------------------------------------------------------


#: Files up to this size are checked before they are opened (well under a second); a bigger one is
#: checked in the background once the window is up, so a decade of data doesn't slow every start.
CHECK_BEFORE_OPEN_BYTES = 64 * 1024 * 1024


def checked_before_open(db_file: Path) -> bool:
    return not db_file.exists() or db_file.stat().st_size <= CHECK_BEFORE_OPEN_BYTES


def quick_check(db_file: Path) -> str | None:
    """None when ``PRAGMA quick_check`` passes (or there is no file yet); else what is wrong, in words."""
    if not db_file.exists():
        return None
    try:
        with db_file.open("rb") as f:
            header = f.read(len(_SQLITE_HEADER))
        if header and header != _SQLITE_HEADER:
            return "it is not a database file"
        with closing(sqlite3.connect(db_file, timeout=engine.BUSY_WAIT_SECONDS)) as db:
            rows = [r[0] for r in db.execute("PRAGMA quick_check").fetchall()]
    except (sqlite3.Error, OSError) as error:
        return str(error)
    return None if rows == ["ok"] else "; ".join(rows[:3])


def known_revisions() -> set[str]:
    return _known_revisions()  # read from the migration files without importing Alembic (start-up time)


def check_backup(candidate: Path) -> str:
    """Refuse a file that is damaged, not Repair Desktop's, or from a newer Repair Desktop; else its revision.

    Works on the file as it is: call it on a private copy when the candidate must stay untouched.
    """
    candidate = Path(candidate)
    if not candidate.is_file():
        raise BackupError(f"There is no file at {candidate}.")
    try:
        with candidate.open("rb") as f:
            if f.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise BackupError(f"{candidate.name} is not a Repair Desktop backup (it is not a SQLite database).")
        with closing(sqlite3.connect(candidate)) as db:
            problems = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
            if problems != ["ok"]:
                raise BackupError(f"{candidate.name} is damaged, so it was not restored "
                                  f"(integrity check: {'; '.join(problems[:3])}). Choose another backup.")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = _OUR_TABLES - tables
            if missing:
                raise BackupError(f"{candidate.name} is not a Repair Desktop database (it has no "
                                  f"{', '.join(sorted(missing))} table), so it was not restored.")
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as error:
        raise BackupError(f"{candidate.name} is damaged or not a database ({error}), so it was not restored.") \
            from error
    if row is None or row[0] not in known_revisions():
        raise BackupError(f"{candidate.name} was made by a newer Repair Desktop (schema revision "
                          f"{row[0] if row else 'unknown'}). Update Repair Desktop on this PC to restore it.")
    return row[0]


def restore(candidate: Path, db_file: Path, progress: Progress | None = None) -> Path | None:
    """Replace ``db_file`` with the checked ``candidate``; returns where the replaced file was kept (None when
    there was none). Nobody may have ``db_file`` open meanwhile (close the store first)."""
    candidate, db_file = Path(candidate), Path(db_file)
    if candidate.resolve() == db_file.resolve():
        raise BackupError("That is the database in use; choose a backup file instead.")
    db_file.parent.mkdir(parents=True, exist_ok=True)
    staging = db_file.with_name(db_file.name + ".restoring")
    try:
        shutil.copyfile(candidate, staging)  # check exactly what will go into place, never touch the candidate
        for suffix in ("-wal", "-shm"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)
        if Path(f"{candidate}-wal").is_file():  # a copied live file: its last changes may still be in its WAL
            shutil.copyfile(f"{candidate}-wal", f"{staging}-wal")
        check_backup(staging)  # closing its connection folds that WAL into the staging file
    except OSError as error:
        staging.unlink(missing_ok=True)
        raise BackupError(f"{candidate} could not be read ({error.strerror or error}).") from error
    except BackupError as error:
        staging.unlink(missing_ok=True)
        raise BackupError(error.message.replace(staging.name, candidate.name)) from error
    if progress is not None:
        progress(1, 2)
    kept = None
    if db_file.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = db_file.with_name(f"{db_file.name}.replaced-{stamp}")
        try:
            _fold_wal(db_file)
            os.replace(db_file, kept)
            for suffix in ("-wal", "-shm"):  # a damaged file's journal goes with it
                if Path(f"{db_file}{suffix}").exists():
                    os.replace(f"{db_file}{suffix}", f"{kept}{suffix}")
        except OSError as error:
            staging.unlink(missing_ok=True)
            raise BackupError(f"The database in use could not be moved aside ({error.strerror or error}); "
                              "nothing was restored.") from error
    os.replace(staging, db_file)
    for suffix in ("-wal", "-shm"):
        Path(f"{staging}{suffix}").unlink(missing_ok=True)
    if progress is not None:
        progress(2, 2)
    return kept


def _fold_wal(db_file: Path) -> None:
    """Best effort: write the WAL into the file so the kept copy is one complete file. A damaged file may
    refuse; then its -wal is kept beside it instead."""
    try:
        with closing(sqlite3.connect(db_file, timeout=1)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
