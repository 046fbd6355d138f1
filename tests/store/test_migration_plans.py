"""Upgrading a shop's database from before plans existed: durations, planned technicians, time off."""

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime

from sqlalchemy.engine import make_url


from repair_desktop.domain.statuses import AppointmentStatus as A
from repair_desktop.store import Store
from repair_desktop.store.schema import head_revision
from support.store_helpers import FakeClock
from test_migrations import SHOP_AT_0001, old_database, raw, revision_of

#: Appointments of every status at 0006, beside those of SHOP_AT_0001 (1 in progress for Tom, 2 scheduled).
MORE_AT_0006 = [
    "INSERT INTO appointments (id, customer_id, vehicle_id, scheduled_at, concern, status, technician_id, assigned_at, "
    "started_at, completed_at, cancelled_at, cancel_reason, created_at, created_by, updated_at, updated_by, version) VALUES "
    "(3, 1, 1, '2025-06-02 10:00:00.000000', 'Tyres', 'assigned', 3, '2025-06-02 09:00:00.000000', NULL, NULL, NULL, "
    "NULL, '2025-05-30 10:00:00.000000', 2, NULL, NULL, 2),"
    "(4, 1, 1, '2025-05-20 10:00:00.000000', 'Oil', 'completed', 3, '2025-05-20 09:00:00.000000', "
    "'2025-05-20 10:00:00.000000', '2025-05-20 10:40:00.000000', NULL, NULL, '2025-05-19 10:00:00.000000', 2, NULL, "
    "NULL, 4),"
    "(5, 1, 1, '2025-06-03 10:00:00.000000', 'Wipers', 'cancelled', NULL, NULL, NULL, NULL, "
    "'2025-06-01 10:00:00.000000', 'Sold the car', '2025-05-30 10:00:00.000000', 2, NULL, NULL, 2)",
]


def test_a_0006_database_gets_durations_plans_and_time_off(sqlite_url, tmp_path):
    old_database(sqlite_url, "0006", SHOP_AT_0001 + MORE_AT_0006)
    copy = tmp_path / "copy-at-0006.db"
    shutil.copyfile(make_url(sqlite_url).database, copy)  # the shop's file as it was, for comparison
    assert revision_of(sqlite_url) == "0006"

    store = Store.open(sqlite_url, clock=FakeClock(datetime(2025, 6, 2, 7, tzinfo=UTC)))  # the shop's own days
    try:
        assert revision_of(sqlite_url) == head_revision()
        rows = {a: store.appointment(a) for a in range(1, 6)}
        assert {a: (r.status, r.duration_minutes, r.planned_technician_id, r.promised_at) for a, r in rows.items()} == {
            1: (A.IN_PROGRESS, 60, 3, None), 2: (A.SCHEDULED, 60, None, None), 3: (A.ASSIGNED, 60, 3, None),
            4: (A.COMPLETED, 60, 3, None), 5: (A.CANCELLED, 60, None, None)}
        with closing(sqlite3.connect(copy)) as old:
            before = old.execute("SELECT id, scheduled_at, status, technician_id, version FROM appointments "
                                 "ORDER BY id").fetchall()
        assert raw(sqlite_url, "SELECT id, scheduled_at, status, technician_id, version FROM appointments "
                               "ORDER BY id") == before
        assert raw(sqlite_url, "SELECT count(*) FROM time_off") == [(0,)]
        # the shop plans on at once: Tom's jobs of 2 June are on his row, the loose one in the unplanned lane
        day = store.schedule_day(date(2025, 6, 2))
        assert [(t.name, [j.appointment_id for j in t.jobs]) for t in day.technicians] == [("Tom Turner", [3])]
        assert [j.appointment_id for j in day.unplanned] == [2]
        assert store.efficiency(date(2025, 5, 20), date(2025, 5, 20))[0].actual_minutes == 40
        entry = store.add_time_off(3, datetime(2025, 6, 4, 8, tzinfo=UTC), datetime(2025, 6, 4, 17, tzinfo=UTC),
                                   "Course", 1)
        assert raw(sqlite_url, "SELECT id, technician_id, reason FROM time_off") == [(entry, 3, "Course")]
    finally:
        store.close()
    indexes = {name for (name,) in raw(sqlite_url, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_appointments_planned_scheduled", "ix_time_off_technician_ends", "ix_time_off_ends_starts"} <= indexes
