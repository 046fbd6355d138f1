"""Start-up: the command line, then the window or an admin subcommand (``config`` says which database).

Admin subcommands (``demo``, ``migrate``, ``backup``) never start Qt's GUI, so
they run on a server or over SSH as well as at the shop PC.
"""

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__
from .config import database_url, typed_db_url
from .domain.access import TABS
from .domain.errors import DomainError
from .progress_line import ProgressLine


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments end like any other bad input: one line on stderr and exit code 1 (``--help`` shows usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: {message} (see {self.prog.split()[0]} --help)\n")


def at_least_one(text: str) -> int:
    """``--scale``: a whole number of appointments, checked before any database is opened or made."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"wants a whole number of appointments, not '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"wants at least 1 appointment, not {value}")
    return value


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="repair-desktop", description="Repair Desktop: the auto repair shop's desk.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--db", metavar="URL", help="database URL: sqlite:///path/shop.db or "
                   "postgresql+psycopg://user:password@server/shop (default: $REPAIR_DESKTOP_DB, else a SQLite "
                   "file in your data folder)")
    p.add_argument("--screenshot", metavar="FILE", help="render the main window to a PNG once its first page "
                   "of data is shown, then exit")
    p.add_argument("--tab", choices=list(TABS), help="the tab to show")
    p.add_argument("--dialog", choices=["staff", "customers", "settings"], help="with --screenshot: open this "
                   "dialog over the window and render the dialog instead")
    p.add_argument("--as", dest="as_name", metavar="NAME", help="with --screenshot: sign in as this employee "
                   "(default: the first manager)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="fill an empty database with a realistic demo shop")
    demo.add_argument("--scale", type=at_least_one, metavar="N",
                      help="N appointments (and about N/10 callbacks), in bulk")
    demo.add_argument("--db", dest="sub_db", metavar="URL", help=argparse.SUPPRESS)
    sub.add_parser("migrate", help="create or upgrade the database schema, then exit").add_argument(
        "--db", dest="sub_db", metavar="URL", help=argparse.SUPPRESS)
    backup = sub.add_parser("backup", help="copy the database to DEST while the shop keeps working")
    backup.add_argument("dest", metavar="DEST")
    backup.add_argument("--db", dest="sub_db", metavar="URL", help=argparse.SUPPRESS)
    restore = sub.add_parser("restore", help="check a backup file, then put it in place of the SQLite database "
                             "(the replaced file is kept beside it); close Repair Desktop on this PC first")
    restore.add_argument("source", metavar="SRC")
    restore.add_argument("--db", dest="sub_db", metavar="URL", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    cli_url = getattr(args, "sub_db", None) or args.db
    url, create_folder = database_url(cli_url), typed_db_url(cli_url) is None
    try:
        if args.command is not None:
            from .store.locations import check_url

            check_url(url, create_folder=create_folder)
        if args.command == "demo":
            return _demo(url, args.scale)
        if args.command == "migrate":
            return _migrate(url)
        if args.command == "backup":
            return _backup(url, args.dest)
        if args.command == "restore":
            return _restore(url, args.source)
    except DomainError as error:
        print(f"repair-desktop: {error.message}", file=sys.stderr)
        return 1
    # The store, and SQLAlchemy's 300 modules with it, before Qt: once PySide6 is loaded its import hook
    # inspects every module imported after it (70 ms of a 860 ms start).
    from . import store  # noqa: F401
    from .ui.shell.application import run_window  # Qt's GUI only when a window is wanted

    return run_window(url, args, create_folder=create_folder)


def _demo(url: str, scale: int | None) -> int:
    import time

    from .store import Store
    from .demo import fill_demo

    started = time.perf_counter()
    store = Store.open(url)
    try:
        with ProgressLine("Filling the demo shop") as progress:
            sign_ins = fill_demo(store, scale, progress=progress)
    finally:
        store.close()
    print(f"Demo shop ready in {time.perf_counter() - started:.1f} s. Sign in as:")
    for s in sign_ins:
        print(f"  {s.name:<24} {s.role:<11} PIN {s.pin}")
    return 0


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
    from .store.backup import back_up

    with ProgressLine("Backing up") as progress:
        result = back_up(url, dest, progress)
    print(result.message)
    return 0


def _restore(url: str, source: str) -> int:
    """Check ``source``, move the SQLite database aside and put the checked copy in its place."""
    from .store.backup import BackupError, restore, sqlite_file

    database = sqlite_file(url)
    if database is None:
        raise BackupError("Restoring is for a SQLite database on this PC. Restore a PostgreSQL server's "
                          "backup on the server with pg_restore.")
    kept = restore(Path(source), database)
    print(f"Restored {source} to {database}." + (f" The replaced database was kept as {kept}." if kept else ""))
    return 0
