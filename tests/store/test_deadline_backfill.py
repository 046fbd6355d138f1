"""Upgrading a shop's database to deadlines: existing callbacks get theirs, and old misses stay quiet."""

from datetime import UTC, datetime

from test_migrations import SHOP_AT_0001, old_database

from repair_desktop.domain.deadlines import DeadlineKind
from repair_desktop.store import Store


def test_existing_callbacks_get_deadlines_and_deadlines_missed_before_the_upgrade_are_not_announced(sqlite_url):
    old_database(sqlite_url, "0006", SHOP_AT_0001)
    store = Store.open(sqlite_url)
    try:
        urgent, low = store.callback(1), store.callback(2)  # created 2 June 2025 10:00, visits 3 and 4 June 08:00
        assert (urgent.respond_by, urgent.resolve_by) == (datetime(2025, 6, 2, 12, tzinfo=UTC),
                                                          datetime(2025, 6, 3, 16, tzinfo=UTC))
        assert (low.respond_by, low.resolve_by) == (datetime(2025, 6, 5, 10, tzinfo=UTC),
                                                    datetime(2025, 6, 11, 8, tzinfo=UTC))
        assert low.next_deadline.kind == DeadlineKind.RESPOND and urgent.next_deadline.kind == DeadlineKind.RESOLVE
        assert store.check_deadlines() == 0
        assert store.notifications(1) == []
        assert [c.id for c in store.available_callbacks()] == [2]
    finally:
        store.close()
