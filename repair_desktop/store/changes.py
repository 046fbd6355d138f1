"""The change feed other PCs follow, so every open window shows what changed within a second or two.

Every write transaction that changes an appointment, a callback, an employee, a
customer (or their vehicles), a contract or a setting appends one ``changes`` row per changed thing, in the same
transaction, from two central places no store method has to remember: a hook
on the write sessions' flush, and the history line every status change writes
(``StoreBase._record``, which goes around the flush). On PostgreSQL the same
transaction also sends ``NOTIFY repair_desktop, 'kind:id'``, which the server
delivers on commit, so a listening PC wakes at once; on SQLite (one PC, or a file share) followers poll
``changes_since``, one indexed range read.

Followers keep the last change id they saw. Ids are handed out before commit,
so on PostgreSQL a slower transaction may commit a lower id after a higher one
was read: ``change_rows_since`` returns raw rows for a follower that watches
for such gaps (the UI's ChangeWatcher does); ``changes_since`` is the plain
version for scripts and tests.
"""

import uuid
import weakref
from collections.abc import Iterator
from datetime import timedelta
from itertools import chain

from sqlalchemy import String, bindparam, cast, delete, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ..domain.errors import StoreUnavailable
from .base import _HISTORY, Run, StoreBase, polls, reads, send, writes
from .models import (Appointment, Callback, CallbackHelper, Change, Customer, Employee, MaintenanceContract, Setting,
                     Vehicle)

#: The PostgreSQL channel every PC of a shop listens on.
CHANNEL = "repair_desktop"
#: Change rows older than this are pruned now and then; a PC away longer simply reloads.
KEEP = timedelta(days=7)
#: Prune after this many change rows written by one store (and once on its first write).
PRUNE_EVERY = 500
_SEEN = "_changes_seen"
_APPEND = Change.__table__.insert()
_ROWS_SINCE = (select(Change.id, Change.kind, Change.entity_id, Change.origin).where(Change.id > bindparam("last_id"))
               .order_by(Change.id).limit(bindparam("limit")))
#: PostgreSQL: the rows' NOTIFYs come back from the INSERT itself, one round trip for both.
_APPEND_AND_NOTIFY = _APPEND.returning(func.pg_notify(CHANNEL, Change.kind + ":" + cast(Change.entity_id, String)))
_LINE = ("entity_kind", "entity_id", "action", "from_status", "to_status", "actor_id", "at", "note")
#: PostgreSQL: a workflow move's feed line, its NOTIFY and its history line, one statement built once. Built per
#: move from the rows (a multi-row VALUES has no cache key), it was compiled on every move: a re-plan took
#: 3.1-3.2 ms of CPU, 2.3 ms with this.
_MOVE_LINES = (_APPEND_AND_NOTIFY.values({c: bindparam(c) for c in ("kind", "entity_id", "origin", "at")})
               .add_cte(_HISTORY.values({c: bindparam(f"line_{c}") for c in _LINE}).cte("history")))


def _changed(obj) -> tuple[str, int] | None:
    """What ``obj`` changing means to the lists on screen: ``(kind, id)``, or None."""
    if isinstance(obj, Appointment):
        return "appointment", obj.id
    if isinstance(obj, Callback):
        return "callback", obj.id
    if isinstance(obj, CallbackHelper):
        return "callback", obj.callback_id
    if isinstance(obj, Employee):
        return "employee", obj.id
    if isinstance(obj, Setting):
        return "settings", 0
    if isinstance(obj, Customer):
        return "customer", obj.id
    if isinstance(obj, Vehicle):
        return "customer", obj.customer_id  # the customer's page and directory line show the vehicle
    if isinstance(obj, MaintenanceContract):
        return "contract", obj.id
    return None


def install_change_feed(store: "ChangesMixin") -> None:
    """Hook the feed into ``store``'s write sessions: each flush announces every changed thing.

    The hook holds the store weakly. SQLAlchemy keeps a sessionmaker's listeners with its session class in a
    registry that lives as long as the program; a hook holding the store itself kept every store ever opened
    alive, with its engines (4,000-5,000 objects each: 3 million in a run of the store's tests)."""
    owner = weakref.ref(store)

    @event.listens_for(store._write_sessions, "after_flush")
    def _after_flush(session: Session, _context) -> None:
        store = owner()
        if store is None:
            return
        found = []
        for obj in chain(session.new, session.dirty, session.deleted):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            key = _changed(obj)
            if key is not None and key[1] is not None:
                found.append(key)
        store._announce(session, found)


class ChangesMixin(StoreBase):
    def __init__(self, url: str, clock=None) -> None:
        super().__init__(url, clock)
        self.origin = uuid.uuid4().hex[:16]  # this store's (this window's) name in the feed
        self._changes_unpruned = PRUNE_EVERY
        install_change_feed(self)

    def _announce(self, s: Session, changed: list[tuple[str, int]], history: dict | None = None) -> None:
        """Append a ``changes`` row per ``(kind, id)`` not yet announced in this transaction (on
        PostgreSQL the same statement sends their NOTIFYs, and writes the ``history`` line: a workflow move's
        history and feed lines cost one round trip, not two); prune old rows now and then."""
        seen: set = s.info.setdefault(_SEEN, set())
        found = [key for key in dict.fromkeys(changed) if key not in seen]
        postgres = self.dialect == "postgresql"
        if history is not None and not (found and postgres):
            super()._announce(s, [], history)
        if not found:
            return
        seen.update(found)
        now = self._now()
        rows = [{"kind": kind, "entity_id": entity_id, "origin": self.origin, "at": now} for kind, entity_id in found]
        if postgres and history is not None:
            (row,) = rows  # a history line is one job's move, announced once
            send(s, _MOVE_LINES, {**row, **{f"line_{c}": history[c] for c in _LINE}})
        else:
            send(s, _APPEND_AND_NOTIFY if postgres else _APPEND, rows)
        self._changes_unpruned += len(found)
        if self._changes_unpruned >= PRUNE_EVERY:
            self._changes_unpruned = 0
            s.connection().execute(delete(Change).where(Change.at < now - KEEP))

    @writes
    def announce(self, s: Session, changed: list[tuple[str, int]]) -> None:
        """Tell every PC that the ``(kind, id)``s in ``changed`` changed, in one transaction: for a tool that
        changed the database around the store's methods, so that open windows reload what they show."""
        self._announce(s, changed)

    @reads
    def latest_change_id(self, s: Session) -> int:
        """The newest change's id (0 when there is none): where a new follower starts."""
        return s.scalar(select(func.max(Change.id))) or 0

    @polls
    def change_rows_since(self, run: Run, last_id: int, limit: int = 1000) -> list[tuple[int, str, int, str | None]]:
        """Raw feed rows after ``last_id``, oldest first: ``(change id, kind, entity id, origin)``.

        Polled every second or so by each window: through a Session it cost 0.36 ms against 0.007 ms for its SQL
        (an index probe that finds nothing), so it is a ``@polls`` method."""
        return run(_ROWS_SINCE, last_id=int(last_id), limit=int(limit))

    def changes_since(self, last_id: int, limit: int = 1000) -> tuple[int, list[tuple[str, int]]]:
        """``(new last id, [(kind, id), …])`` for every change after ``last_id``, in order, without repeats."""
        rows = self.change_rows_since(last_id, limit)
        changes = list(dict.fromkeys((kind, entity_id) for _, kind, entity_id, _ in rows))
        return (rows[-1][0] if rows else last_id), changes

    def listen(self, timeout: float = 0.25) -> Iterator[str | None]:
        """PostgreSQL only: yield each ``'kind:id'`` notification as it arrives, and None after each quiet
        ``timeout`` (so the caller can check whether to stop). One dedicated connection, closed when the
        generator is closed. Raises ``StoreUnavailable`` when the server can't be reached or goes away."""
        import psycopg

        if self.dialect != "postgresql":
            raise StoreUnavailable("Only a PostgreSQL server sends change notifications; poll changes_since.")
        url = make_url(self.url).set(drivername="postgresql")
        try:
            connection = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True,
                                         connect_timeout=5)
        except psycopg.Error as error:
            raise StoreUnavailable("The database can't be reached. Check the network or the server.") from error
        try:
            connection.execute(f"LISTEN {CHANNEL}")
            while True:
                quiet = True
                for notify in connection.notifies(timeout=timeout, stop_after=1):
                    quiet = False
                    yield notify.payload
                if quiet:
                    yield None
        except psycopg.Error as error:
            raise StoreUnavailable("The database connection was lost. Retrying…") from error
        finally:
            connection.close()
