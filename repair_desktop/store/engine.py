"""Engines for SQLite and PostgreSQL, and the one place driver errors become ``StoreUnavailable``.

SQLite: WAL so readers never block the writer; writes open with ``BEGIN
IMMEDIATE`` so two PCs (processes) racing for the same technician are serialised
at the start of the transaction instead of failing half-way; a bounded busy
wait. PostgreSQL: READ COMMITTED with row locks taken by the store, and bounded
connect and lock waits so a stuck server never freezes the window.

Reads on PostgreSQL run without BEGIN and COMMIT (autocommit): under READ
COMMITTED every statement takes its own snapshot anyway, so a read-only
transaction bought nothing but two round trips, which a server across the
network charges for (a page of rows: three round trips, now one).
"""

import select
import sqlite3
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, IntegrityError

from ..domain.errors import ConflictError, StoreUnavailable
from .locations import check_url, sqlite_path

#: Seconds a write waits for another PC's transaction before giving up.
BUSY_WAIT_SECONDS = 5


def make_engines(url: str) -> tuple[Engine, Engine]:
    """Return ``(read_engine, write_engine)``; on PostgreSQL the reads' side in autocommit."""
    parsed = check_url(url)
    try:
        return _make_engines(url, parsed)
    except (ArgumentError, ImportError) as error:  # a driver that isn't installed
        raise StoreUnavailable(f"Repair Desktop can't use the database address '{url}': {error}") from error


def _make_engines(url: str, parsed: URL) -> tuple[Engine, Engine]:
    if parsed.get_backend_name() == "sqlite":
        if (path := sqlite_path(parsed)) is not None:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreUnavailable(f"The folder for the database, {Path(path).parent}, can't be created "
                                       f"({error.strerror}). Check the path and try again.") from error
        return _sqlite_engine(url, "BEGIN"), _sqlite_engine(url, "BEGIN IMMEDIATE")
    # PostgreSQL, the only other backend check_url lets through: reads and writes in pools of their own.
    return (_postgres_engine(url, READ_SETTINGS).execution_options(isolation_level="AUTOCOMMIT"),
            _postgres_engine(url, _WRITES))


#: A write's statements are the same few, keyed by ids, run again and again: planned once per connection (a
#: generic plan, once the driver prepares them after five runs) instead of at every run. Planning a custom plan
#: for a plan's statements against an appointments table with eighteen indexes cost about 1 ms of a 4 ms plan at
#: a million appointments.
_WRITES = "-c plan_cache_mode=force_generic_plan"
#: A read's best plan depends on its values: a search's words say which index can find the lines (a regular
#: expression's pattern is only known to the trigram index once it is a value, not a parameter). Left to choose,
#: the server switched a prepared search to a generic plan after its tenth run on a connection, and a two-letter
#: search went from 20 ms to a second, for good, at a million appointments.
#:
#: The server's default costs assume a random read from a spinning disk (``random_page_cost`` 4); a shop's
#: server holds its tables in memory or on an SSD. Priced as that disk, looking up a search's 3,800 candidate
#: jobs by id and joining their customers looked dearer than reading all 200,000 customers, in three parallel
#: processes that each looked the 3,800 up again (43 ms at a million appointments). Planned for memory, with the
#: page's ids chosen first (``Listing.page``), 21 ms. Parallel workers stay allowed: forbidding them as well
#: changed no search once the ids come first, and made a year's chart 25% slower (258 ms against 208).
READ_SETTINGS = "-c plan_cache_mode=force_custom_plan -c random_page_cost=1.1 -c jit=off"


def _postgres_engine(url: str, options: str = "") -> Engine:
    engine = create_engine(url, connect_args={"connect_timeout": BUSY_WAIT_SECONDS,
                                              "options": f"-c lock_timeout={BUSY_WAIT_SECONDS * 1000} {options}"})
    _ping_when_told(engine)
    return engine


def _ping_when_told(engine: Engine) -> None:
    """Ping a pooled connection before use only when the server sent it something while it sat in the pool.

    A server that restarts, or ends an idle session, says so on the socket
    before closing it, and that is seen without a round trip; a connection
    that then fails the ping is replaced by the pool (``DisconnectionError``).
    ``pool_pre_ping`` pings on every checkout, and pinging whatever sat idle for
    a second did so before nearly every click: one round trip more each time,
    a fifth of a transition's time and 4 ms on a network adding 2 ms each way.
    A connection lost without a word (a network that drops it silently) fails
    its first statement instead; a read then runs again on a new connection
    (``StoreBase._transact``), and a write says the database can't be reached.
    """

    @event.listens_for(engine.pool, "checkout")
    def _checked_out(dbapi_connection, _record, _proxy) -> None:
        if not server_spoke(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("the pooled connection is gone") from error


def server_spoke(dbapi_connection) -> bool:
    """Whether the server wrote to an idle connection, which it does to say it is closing it (no round trip)."""
    return bool(select.select([dbapi_connection.fileno()], [], [], 0)[0])


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_WAIT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a committed job survives a power cut
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        """Straight to the driver: every transaction starts here, and SQLAlchemy's statement machinery
        (``exec_driver_sql``) was a fifth of an empty transaction's cost. Its errors are wrapped the way
        SQLAlchemy wraps a statement's, so ``translate`` still sees them."""
        try:
            connection.connection.driver_connection.execute(begin)
        except sqlite3.Error as error:
            raise DBAPIError.instance(begin, (), error, sqlite3.Error) from error

    return engine


def translate(error: DBAPIError) -> Exception:
    """The desk's version of a driver error. Returns the error to raise."""
    if isinstance(error, IntegrityError):
        return ConflictError("Someone else saved a conflicting change at the same moment. "
                             "Please check and try again.")
    text = str(error.orig).lower() if error.orig is not None else str(error).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text or "lock_timeout" in text:
        seconds = "1 second" if BUSY_WAIT_SECONDS == 1 else f"{BUSY_WAIT_SECONDS} seconds"
        message = f"The database is busy with another PC's change and did not free up within {seconds}. Please try again."
    elif "readonly" in text or "read-only" in text or "read only" in text:
        message = "The database is read-only, so nothing can be saved. Ask whoever looks after the shop's PCs."
    elif "full" in text or "no space" in text:
        message = "The disk holding the database is full, so nothing can be saved. Free some space and try again."
    elif "authentication failed" in text or "no password supplied" in text \
            or ('role "' in text and "does not exist" in text):
        message = "The server refused the user name or password. Check them and try again."
    elif 'database "' in text and "does not exist" in text:
        message = ("The server has no database of that name. Check the name, or create the database on the "
                   "server first.")
    elif "unable to open" in text:  # SQLite: the file or its folder went away, or may no longer be written
        message = ("The database file can't be opened. Check that its folder (or the network drive holding it) "
                   "is there and that this PC may write to it, then try again.")
    elif "file is not a database" in text:
        message = "The database file is damaged, or it is not a database at all. Check the path, or restore a backup."
    elif "connection" in text or "connect" in text or "server" in text:
        message = "The database can't be reached. Check the network or the server, then try again."
    else:
        message = f"The database reported a problem: {text.splitlines()[0] if text else 'unknown error'}"
    return StoreUnavailable(message)
