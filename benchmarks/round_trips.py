"""What an interaction sends to the database: statements and transactions (SQLAlchemy's events and the polls'
own path), and, through the latency proxy, the round trips counted on the wire.

On a server across the network every round trip costs the network's delay
twice, so an interaction's count of them is what decides whether it stays
within 100 ms there: a transaction on PostgreSQL is its statements plus BEGIN
and COMMIT, and a pooled connection idle for a while is pinged first.
"""

from __future__ import annotations

from sqlalchemy import event

from .common import event_engines


class Wire:
    """Counts what ``store`` sends; ``note()`` after each action, ``most()`` for the largest action since the last
    ``most()``."""

    def __init__(self, store, proxy=None) -> None:
        from repair_desktop.store import base

        self.proxy = proxy
        self.statements = self.transactions = 0
        self._seen = (0, 0, 0)
        self._most: dict[str, int] = {}
        self._base, self._compile = base, base._sql
        for engine in event_engines(store):
            event.listen(engine, "before_cursor_execute", self._statement)
            event.listen(engine, "begin", self._begin)
        base._sql = self._poll  # a @polls method sends SQL compiled here, past SQLAlchemy's events

    def _statement(self, *_) -> None:
        self.statements += 1

    def _begin(self, *_) -> None:
        self.transactions += 1

    def _poll(self, statement, dialect) -> str:
        self.statements += 1
        return self._compile(statement, dialect)

    def _now(self) -> tuple[int, int, int]:
        return self.statements, self.transactions, self.proxy.round_trips if self.proxy else 0

    def note(self) -> None:
        """Close one action: what it sent counts towards the largest since the last ``most()``."""
        now = self._now()
        sent = dict(zip(("statements", "transactions", "round_trips"), (a - b for a, b in zip(now, self._seen))))
        if not self.proxy:
            del sent["round_trips"]
        self._seen = now
        for key, value in sent.items():
            self._most[key] = max(self._most.get(key, 0), value)

    def most(self) -> dict[str, int]:
        """The most any one action sent since the last call: ``statements``, ``transactions`` (``round_trips``)."""
        most, self._most = self._most, {}
        return {f"most_{key}": value for key, value in most.items()}

    def skip(self) -> None:
        """Forget what was sent since the last action (settling between actions)."""
        self._seen = self._now()
