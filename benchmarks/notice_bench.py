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
        statements = _capture(store, lambda: store.unread_count(person))
        run_raw(statements)
        unread, batch = _batched(lambda: store.unread_count(person), runs)
        raw, _ = _batched(lambda: run_raw(statements), runs, batch)
        return {"unread count (unread_count)": {"store": unread, "raw": raw, "calls_per_sample": batch},
                "deadline check, nothing late (check_deadlines)": _batched(store.check_deadlines, runs)[0],
                f"notification list, {PILE:,} for one person (notifications)":
                    _batched(lambda: store.notifications(person), runs)[0]}
    finally:
        close()
        store.close()


def _batched(call, runs: int, batch: int | None = None) -> tuple[dict, int]:
    """``runs`` samples of ``call``, each the mean over a batch of calls lasting at least 20 ms (as the workload
    queries are timed: one call of a millisecond is within the timer's and the scheduler's noise)."""
    call()  # warm: the same pages in the cache for every sample
    batch = batch or max(1, int(20 / max(timed(call), 0.001)))
    return summary([timed(lambda: [call() for _ in range(batch)]) / batch for _ in range(runs)]), batch


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
