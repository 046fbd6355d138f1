"""Notifications and deadlines: the polled unread count against the same SQL sent raw, the deadline check
when nothing is late, and one person's list when they have 10,000 notifications."""

from __future__ import annotations

from datetime import UTC, datetime

from .common import summary, timed
from .store_bench import _capture, _raw_runner

#: Notifications the benchmark gives one person (added once to the cached database, then kept).
PILE = 10_000


def notice_queries(url: str, runs: int) -> dict:
    from repair_desktop.store import Store

    store = Store.open(url)
    run_raw, close = _raw_runner(url)
    try:
        person = store.employees(role="manager")[0].id
        _pile_up(store, person)
        store.check_deadlines()  # announce what the demo left late: the rest is the check at rest
        out = {}
        statements = _capture(store, lambda: store.unread_count(person))
        store.unread_count(person), run_raw(statements)
        batch = max(1, int(20 / max(timed(lambda: store.unread_count(person)), 0.001)))
        store_ms, raw_ms = [], []
        for _ in range(runs):
            store_ms.append(timed(lambda: [store.unread_count(person) for _ in range(batch)]) / batch)
            raw_ms.append(timed(lambda: [run_raw(statements) for _ in range(batch)]) / batch)
        out["unread count (unread_count)"] = {"store": summary(store_ms), "raw": summary(raw_ms),
                                              "calls_per_sample": batch}
        out["deadline check, nothing late (check_deadlines)"] = summary(
            [timed(store.check_deadlines) for _ in range(20 * runs)])
        out[f"notification list, {PILE:,} for one person (notifications)"] = summary(
            [timed(lambda: store.notifications(person)) for _ in range(20 * runs)])
        return out
    finally:
        close()
        store.close()


def _pile_up(store, person: int) -> None:
    """Give ``person`` their ``PILE`` notifications, a tenth of them unread, written as the store writes them."""
    from sqlalchemy import func, select

    from repair_desktop.store.models import Notification

    with store._read_engine.connect() as connection:
        have = connection.scalar(select(func.count()).where(Notification.recipient_id == person))
    if have >= PILE:
        return
    now = datetime.now(UTC)
    rows = [{"recipient_id": person, "kind": "callback_resolved", "text": f"Benchmark notification {i}",
             "entity_kind": "callback", "entity_id": 1, "created_at": now, "read_at": now if i % 10 else None}
            for i in range(PILE - have)]
    with store._write_engine.begin() as connection:
        connection.execute(Notification.__table__.insert(), rows)
