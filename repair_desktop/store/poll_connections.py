"""The connections the polls run on: one driver connection per thread, kept out of the pool between polls.

A poll is one indexed statement of a few hundredths of a millisecond, repeated
every few seconds; taking a connection from SQLAlchemy's pool and handing it
back cost as much again as the statement (change_mark at 1,000,000
appointments: 0.036 ms through the pool against 0.012 ms for the same SQL on a
bare connection). A connection kept per thread (the GUI thread, a tab's
reading thread) costs nothing to reach. On PostgreSQL it stays in autocommit,
so a poll is its statement alone: one round trip. A connection the server
spoke to while it waited (a restart, an ended session) is replaced before use,
as the pool does (``engine.py``); one that fails is dropped, and the next poll
opens a new one. ``close()`` closes them all, with the store.
"""

import threading

from sqlalchemy import Engine

from .engine import server_spoke


class _Held:
    """One thread's connection; its lock is held while a poll uses it, so ``close()`` never pulls it from under one."""

    def __init__(self, connection, refused: type[Exception]) -> None:
        """``refused``: the driver's error for a connection that is closed."""
        self.connection, self.cursor, self.refused = connection, connection.cursor(), refused
        self.lock = threading.Lock()
        self.closed = False

    def close(self) -> None:
        with self.lock:
            if not self.closed:
                self.closed = True
                self.connection.invalidate()  # closed, never back into the pool

    # For one poll: the lock held, the cursor handed out (a class's own __enter__/__exit__: @contextmanager's
    # generator was a fifth of a poll's own cost)
    def __enter__(self):
        self.lock.acquire()
        if self.closed:  # the store was closed a moment ago, by another thread
            self.lock.release()
            raise self.refused("the store was closed")
        return self.cursor

    def __exit__(self, *exc) -> None:
        self.lock.release()


class PollConnections:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[_Held] = []  # every thread's, so that close() reaches them all

    def cursor(self) -> _Held:
        """This thread's connection, for one poll (``with polls.cursor() as cursor``): opened on first use, or
        anew after it was dropped, closed, or told by the server that it is closing."""
        held = getattr(self._local, "held", None)
        if held is not None and (held.closed or self._postgres and server_spoke(held.connection.dbapi_connection)):
            self.drop()
            held = None
        if held is None:
            connection = self._engine.raw_connection()  # raises when the server can't be reached
            if self._postgres:
                connection.driver_connection.autocommit = True
            held = self._local.held = _Held(connection, self._engine.dialect.loaded_dbapi.InterfaceError)
            with self._lock:
                self._open.append(held)
        return held

    def drop(self) -> None:
        """Close this thread's connection (it failed, or the server closed it): the next poll opens another."""
        held, self._local.held = getattr(self._local, "held", None), None
        if held is not None:
            with self._lock:
                if held in self._open:
                    self._open.remove(held)
            held.close()

    def close(self) -> None:
        """Close every thread's connection, each once its poll is done (a thread polling afterwards opens anew)."""
        with self._lock:
            held, self._open = self._open, []
        for one in held:
            one.close()
