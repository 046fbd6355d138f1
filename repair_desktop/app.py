"""Start-up: the command line, where the database lives, and then the window or an admin subcommand.

Admin subcommands (``demo``, ``migrate``, ``backup``) never start Qt's GUI, so
they run on a server or over SSH as well as at the shop PC.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from . import __version__
from .domain.errors import DomainError, StoreUnavailable

ORGANIZATION, APPLICATION = "RepairDesktop", "repair-desktop"


def data_folder() -> Path:
    """The user's data folder for this program, as Qt names it on each platform."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_db_url() -> str:
    return f"sqlite:///{data_folder() / 'shop.db'}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="repair-desktop", description="Repair Desktop: the auto repair shop's desk.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--db", metavar="URL", help="database URL: sqlite:///path/shop.db or "
                   "postgresql+psycopg://user:password@server/shop (default: $REPAIR_DESKTOP_DB, else a SQLite "
                   "file in your data folder)")
    p.add_argument("--screenshot", metavar="FILE", help="render the main window to a PNG once its first page "
                   "of data is shown, then exit")
    p.add_argument("--tab", choices=["appointments", "workload", "callbacks"], help="the tab to show")
    p.add_argument("--as", dest="as_name", metavar="NAME", help="with --screenshot: sign in as this employee "
                   "(default: the first manager)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="fill an empty database with a realistic demo shop")
    demo.add_argument("--scale", type=int, metavar="N", help="N appointments (and about N/10 callbacks), in bulk")
    demo.add_argument("--db", dest="sub_db", metavar="URL", help=argparse.SUPPRESS)
    sub.add_parser("migrate", help="create or upgrade the database schema, then exit").add_argument(
        "--db", dest="sub_db", metavar="URL", help=argparse.SUPPRESS)
    backup = sub.add_parser("backup", help="copy the database to DEST while the shop keeps working")
    backup.add_argument("dest", metavar="DEST")
    backup.add_argument("--db", dest="sub_db", metavar="URL", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    url = getattr(args, "sub_db", None) or args.db or os.environ.get("REPAIR_DESKTOP_DB") or default_db_url()
    try:
        if args.command == "demo":
            return _demo(url, args.scale)
        if args.command == "migrate":
            return _migrate(url)
        if args.command == "backup":
            return _backup(url, args.dest)
    except DomainError as error:
        print(f"repair-desktop: {error.message}", file=sys.stderr)
        return 1
    from .ui.application import run_window  # Qt's GUI only when a window is wanted

    return run_window(url, args)


def _demo(url: str, scale: int | None) -> int:
    import time

    from .store import Store
    from .store.demo import fill_demo

    started = time.perf_counter()
    store = Store.open(url)
    try:
        sign_ins = fill_demo(store, scale, progress=_print_progress)
    finally:
        store.close()
    print(f"\rDemo shop ready in {time.perf_counter() - started:.1f} s. Sign in as:")
    for s in sign_ins:
        print(f"  {s.name:<24} {s.role:<11} PIN {s.pin}")
    return 0


def _print_progress(done: int, total: int) -> None:
    print(f"\r{100 * done // max(total, 1):3d}% ", end="", flush=True)


def _migrate(url: str) -> int:
    from .store import Store
    from .store.schema import head_revision

    store = Store.open(url)
    store.close()
    if store.backup_before_upgrade:
        print(f"The old database was copied to {store.backup_before_upgrade} first.")
    print(f"The database schema is at revision {head_revision()}.")
    return 0


def _backup(url: str, dest: str) -> int:
    """SQLite: the online backup API (consistent while others write). PostgreSQL: pg_dump when installed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        source = Path(parsed.database or "")
        if not source.is_file():
            raise StoreUnavailable(f"There is no database file at {source}.")
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as target:
            src.backup(target)  # closing(): a sqlite3 connection's own "with" commits but never closes
        print(f"Backed up {source} to {dest}.")
        return 0
    if shutil.which("pg_dump") is None:
        raise StoreUnavailable("Backing up a PostgreSQL database needs pg_dump, which is not installed on this PC. "
                               "Install the PostgreSQL client tools, or back up on the server.")
    libpq_url = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(["pg_dump", "--format=custom", f"--file={dest}", libpq_url],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise StoreUnavailable(f"pg_dump could not back up the database: {result.stderr.strip()}")
    print(f"Backed up {parsed.database} to {dest} (pg_dump custom format; restore with pg_restore).")
    return 0
