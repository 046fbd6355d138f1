"""Deadlines and notifications on a real PostgreSQL server: the same rules as on SQLite, and the upgrade's
backfill in PostgreSQL's own arithmetic."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from repair_desktop.domain.deadlines import DeadlineState
from repair_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from repair_desktop.store import CallbackFilter, Store
from repair_desktop.store.engine import make_engines
from repair_desktop.store.schema import migrate
from support.store_helpers import T0, raises_exactly

HOUR = timedelta(hours=1)


def test_deadlines_filters_and_announcements(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    s.set_deadline_targets({"urgent": (60, 240)}, shop.manager)
    raises_exactly(ValidationError, s.set_deadline_targets, {"urgent": (0, 240)}, shop.manager)
    urgent = shop.new_callback(priority="urgent", at=T0)
    assert (s.callback(urgent).respond_by, s.callback(urgent).resolve_by) == (T0 + HOUR, T0 + 4 * HOUR)
    clock.now = T0 + 50 * timedelta(minutes=1)
    assert [r.id for r in s.list_callbacks(CallbackFilter(deadline=DeadlineState.AT_RISK)).rows] == [urgent]
    clock.now = T0 + 2 * HOUR
    assert s.count_callbacks(CallbackFilter(deadline=DeadlineState.LATE)) == 1
    assert s.check_deadlines() == 1 and s.check_deadlines() == 0
    assert [n.kind for n in s.notifications(shop.manager)] == ["callback_respond_late"]
    assert s.unread_count(shop.desk) == 1


def test_who_is_told_and_marking_read(clocked_shop):
    shop, s = clocked_shop, clocked_shop.store
    job = shop.book()
    s.assign_technician(job, shop.techs[0], shop.desk)
    s.start_work(job, shop.techs[0])
    s.complete_work(job, shop.techs[0])
    assert [n.kind for n in s.notifications(shop.techs[0])] == ["appointment_assigned"]
    assert [n.kind for n in s.notifications(shop.desk)] == ["appointment_completed"]
    mine = s.notifications(shop.desk)[0].id
    theirs = s.notifications(shop.techs[0])[0].id
    raises_exactly(PermissionDenied, s.mark_read, shop.desk, [mine, theirs])
    raises_exactly(NotFound, s.mark_read, shop.desk, [mine + 1000])
    assert s.unread_count(shop.desk) == 1
    assert s.mark_read(shop.desk, [mine]) == 1 and s.unread_count(shop.desk) == 0


def test_the_upgrade_fills_existing_callbacks_deadlines(pg_url):
    read, write = make_engines(pg_url)
    try:
        migrate(write, "0006")
        with write.begin() as conn:
            conn.execute(text("INSERT INTO employees (id, name, role, active, created_at) VALUES "
                              "(1, 'Maria Manager', 'manager', true, '2025-05-01 08:00')"))
            conn.execute(text("INSERT INTO customers (id, name, created_at) VALUES (1, 'Ann Able', '2025-05-01 08:00')"))
            conn.execute(text("INSERT INTO callbacks (id, job_number, customer_id, scheduled_at, description, priority, "
                              "status, created_at, created_by, version) VALUES "
                              "(1, 'CB-2025-00001', 1, '2025-06-04 08:00', 'Rattle', 1, 'pending', "
                              "'2025-06-02 10:00:00.123456', 1, 1)"))
    finally:
        read.dispose()
        write.dispose()
    store = Store.open(pg_url)
    try:
        row = store.callback(1)
        assert (row.respond_by, row.resolve_by) == (datetime(2025, 6, 2, 18, 0, 0, 123456, tzinfo=UTC),
                                                    datetime(2025, 6, 5, 8, tzinfo=UTC))
        assert store.check_deadlines() == 0  # missed before the upgrade: not announced
    finally:
        store.close()
