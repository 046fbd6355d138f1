"""Whether an address names a database Repair Desktop can use, checked before a driver touches anything.

Every way in asks here first: ``Store.open``, the command line, start-up and
"Test connection". A driver reports a folder given as the database, a missing
folder and a read-only folder all as "unable to open database file", and an
in-memory database as a missing table later on; here each gets a sentence
naming the real cause and what to do about it.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ..domain.errors import StoreUnavailable

EXAMPLES = ("a file as sqlite:///path/to/shop.db, or a server as "
            "postgresql+psycopg://user@server/database")


def check_url(url: str, *, create_folder: bool = True) -> URL:
    """``url`` parsed, when it names a database Repair Desktop can open or create; ``StoreUnavailable`` otherwise.

    ``create_folder=False`` is for an address someone typed (``--db``): a folder
    that does not exist is then a typo to report, not a tree of folders to make.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreUnavailable(f"'{url}' is not a database address. Give {EXAMPLES}.") from error
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed
    if backend != "sqlite":
        raise StoreUnavailable(f"Repair Desktop can't use a '{backend}' database; use a SQLite file or a "
                               "PostgreSQL server.")
    path = sqlite_path(parsed)
    if path is None:
        raise StoreUnavailable("That address is a database in memory, which would be gone when Repair Desktop "
                               "closes (and which its connections can't share). Give a file, such as "
                               "sqlite:///path/to/shop.db.")
    read_only = str(parsed.query.get("mode", "")).lower() == "ro"
    _check_database_file(Path(path), create_folder=create_folder, read_only=read_only)
    return parsed


def sqlite_path(url: URL) -> str | None:
    """The file behind a SQLite URL, also ``sqlite:///file:PATH?mode=ro&uri=true``; None in memory."""
    database = url.database
    if database and str(url.query.get("uri", "")).lower() in ("true", "1"):
        database = unquote(urlparse(database).path)
    return database if database and database != ":memory:" else None


def _check_database_file(path: Path, *, create_folder: bool, read_only: bool) -> None:
    if path.is_dir():
        raise StoreUnavailable(f"{path} is a folder, not a database file. Give a file in it, such as "
                               f"{path / 'shop.db'}.")
    folder = path.parent
    if not folder.exists():
        if create_folder and not read_only:
            return  # the engine makes it, and says so when it can't
        raise StoreUnavailable(f"The folder {folder} does not exist, so there is no database at {path}. Check "
                               "the path for a typo; Repair Desktop makes a new database file, never its folders.")
    if not folder.is_dir():
        raise StoreUnavailable(f"{folder} is a file, not a folder, so there is no database at {path}. Check the path.")
    if read_only:
        if not path.exists():
            raise StoreUnavailable(f"There is no database file at {path} to open read-only. Check the path.")
        return
    if not writable(folder):
        if path.exists():
            raise StoreUnavailable(f"The database {path} is in a folder this PC may not write to ({folder}). "
                                   "Nothing is wrong with the file itself, but the database keeps its journal "
                                   "beside it: make the folder writable for this user, or move the database to "
                                   "a folder that is.")
        raise StoreUnavailable(f"No database can be made at {path}: this PC may not write to the folder "
                               f"{folder}. Choose a folder you can write to, or ask whoever looks after the "
                               "shop's PCs.")


def writable(folder: Path) -> bool:
    """Whether this user may make files in ``folder``: its mode, and a read-only disk or mount (also for root)."""
    return os.access(folder, os.W_OK | os.X_OK)
