"""The on-time report on a real PostgreSQL server: the same counts as on SQLite, in PostgreSQL's own arithmetic."""

from datetime import UTC, timedelta

from repair_desktop.store import OnTimeCount
from support.on_time_shop import on_time_morning
from support.store_helpers import T0


def test_kept_and_missed_deadlines_per_day_and_technician(clocked_shop, clock):
    on_time_morning(clocked_shop, clock)
    monday = T0.date()
    report = clocked_shop.store.on_time_report(monday, monday + timedelta(days=1), tz=UTC)
    assert [(d.respond, d.resolve) for d in report.per_day] == [(OnTimeCount(1, 2), OnTimeCount(1, 2)),
                                                               (OnTimeCount(1, 0), OnTimeCount())]
    assert {t.name: (t.respond, t.resolve) for t in report.technicians} == {
        "Tech A": (OnTimeCount(2, 0), OnTimeCount(0, 1)), "Tech B": (OnTimeCount(0, 1), OnTimeCount(1, 0)),
        "Tech C": (OnTimeCount(), OnTimeCount())}
