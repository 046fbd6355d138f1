"""The workload tab's aggregate queries against answers worked out by hand on a small shop.

The shop runs on UTC+05:30, so local midnight falls at 18:30 UTC: a job
finished at 00:15 local on Monday is Sunday in UTC and must count on Monday.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from repair_desktop.domain.statuses import CallbackStatus, Priority
from repair_desktop.store import Store

SHOP = timezone(timedelta(hours=5, minutes=30))
MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=SHOP)  # Wednesday noon


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHOP)


@dataclass
class Shop:
    store: Store
    clock: Clock
    manager: int
    ann: int
    bob: int
    cy: int
    vehicle: int
    customer: int

    def at(self, when: datetime) -> "Shop":
        self.clock.now = when
        return self

    def finished_job(self, technician: int, started: datetime, completed: datetime) -> int:
        job = self.book(started - timedelta(hours=1))
        self.at(started - timedelta(minutes=5)).store.assign_technician(job, technician, self.manager)
        self.at(started).store.start_work(job, self.manager)
        self.at(completed).store.complete_work(job, self.manager)
        return job

    def book(self, when: datetime) -> int:
        return self.store.book_appointment(self.vehicle, when, "Service", self.manager).id

    def callback(self, scheduled: datetime, priority: str) -> int:
        return self.store.create_callback(self.customer, scheduled, "Rattle came back", priority, self.manager).id

    def resolved_callback(self, technician: int, scheduled: datetime, priority: str, started: datetime,
                          resolved: datetime) -> int:
        cb = self.callback(scheduled, priority)
        self.at(started - timedelta(minutes=5)).store.claim_callback(cb, technician)
        self.at(started).store.start_callback(cb, technician)
        self.at(resolved).store.resolve_callback(cb, technician)
        return cb


def open_shop(url: str) -> Shop:
    clock = Clock(datetime(2026, 10, 1, tzinfo=UTC))
    store = Store.open(url, clock=clock)
    manager = store.add_employee("Mia Manager", "manager").id
    ann, bob, cy = (store.add_employee(n, "technician", actor=manager).id for n in ("Ann", "Bob", "Cy"))
    customer = store.add_customer("Carol Customer", "555-0100").id
    vehicle = store.add_vehicle(customer, "Ford", "Focus", "AB12 CDE").id
    store.add_contract(customer, date(2026, 1, 1), date(2027, 12, 31))
    return Shop(store, clock, manager, ann, bob, cy, vehicle, customer)


def fill(shop: Shop) -> Shop:
    """The week of Monday 23 November 2026, seen on Wednesday at noon (shop time)."""
    shop.finished_job(shop.ann, local(MON, 9), local(MON, 11))  # 2 h, this week
    shop.finished_job(shop.ann, local(WED, 8), local(WED, 9, 30))  # 1 h 30, today
    shop.finished_job(shop.bob, local(MON, 0) - timedelta(hours=2), local(MON, 0, 15))  # 2 h 15, Sunday in UTC
    shop.finished_job(shop.bob, local(date(2026, 10, 20), 9), local(date(2026, 10, 20), 10))  # 36 days ago
    shop.resolved_callback(shop.cy, local(TUE, 9), "urgent", local(TUE, 10), local(TUE, 14))  # 4 h, Tuesday
    deleted = shop.resolved_callback(shop.cy, local(TUE, 9), "urgent", local(TUE, 9), local(TUE, 10))
    shop.store.delete_callback(deleted, shop.manager)  # hidden everywhere, charts too
    shop.at(local(WED, 10))
    busy = shop.book(local(WED, 9))
    shop.store.assign_technician(busy, shop.bob, shop.manager)  # Bob: 1 active, not started
    held = shop.callback(local(WED, 11), "high")
    shop.store.claim_callback(held, shop.cy)  # Cy: an open callback ...
    working = shop.book(local(WED, 9))
    shop.store.assign_technician(working, shop.cy, shop.manager)
    shop.store.start_work(working, shop.manager)  # ... and a job in progress
    shop.callback(local(date(2026, 11, 10), 9), "medium")  # overdue, still pending: counts in any period after
    cancelled = shop.callback(local(date(2026, 11, 10), 9), "low")
    shop.store.cancel_callback(cancelled, "Customer sold the car", shop.manager)  # finished before the period
    shop.callback(local(date(2026, 11, 30), 9), "low")  # pending, after the period
    shop.book(local(WED, 15))
    shop.book(local(WED, 16))  # two jobs waiting for a technician
    shop.at(NOW)
    return shop


@pytest.fixture
def shop(sqlite_url):
    s = fill(open_shop(sqlite_url))
    yield s
    s.store.close()


def test_local_today_follows_the_store_clock_and_the_zone(shop):
    shop.at(datetime(2026, 11, 24, 19, 0, tzinfo=UTC))  # Tuesday evening in UTC, Wednesday 00:30 in the shop
    assert shop.store.local_today(SHOP) == WED
    assert shop.store.local_today(UTC) == TUE


def test_workload_report_per_technician(shop):
    report = shop.store.workload_report(SHOP)
    assert report.workload == shop.store.workload()
    rows = {t.name: t for t in report.technicians}
    assert [t.name for t in report.technicians] == ["Ann", "Bob", "Cy"]
    assert [(r.load.active_jobs, r.in_progress, r.completed_today, r.completed_this_week)
            for r in rows.values()] == [(0, 0, 1, 2), (1, 0, 0, 1), (2, 1, 0, 1)]
    assert rows["Ann"].average_work == timedelta(hours=1, minutes=45)  # (2 h + 1 h 30) / 2
    assert rows["Bob"].average_work == timedelta(hours=2, minutes=15)  # the October job is past 30 days
    assert rows["Cy"].average_work == timedelta(hours=4)  # the deleted callback does not count
    assert report.waiting_jobs == 2


def test_completed_per_local_day(shop):
    report = shop.store.period_report(date(2026, 11, 22), WED, SHOP)
    assert [(d.day, d.appointments, d.callbacks) for d in report.completed_per_day] == [
        (date(2026, 11, 22), 0, 0), (MON, 2, 0), (TUE, 0, 1), (WED, 1, 0)]


def test_the_same_instants_group_by_utc_day_for_a_shop_on_utc(shop):
    report = shop.store.period_report(date(2026, 11, 22), MON, UTC)
    assert [d.appointments for d in report.completed_per_day] == [1, 1]  # Bob's 18:45 UTC job is Sunday here


def test_average_work_in_a_period(shop):
    report = shop.store.period_report(MON, WED, SHOP)
    assert [(a.name, a.jobs, a.average_work) for a in report.average_work] == [
        ("Ann", 2, timedelta(hours=1, minutes=45)), ("Bob", 1, timedelta(hours=2, minutes=15)),
        ("Cy", 1, timedelta(hours=4))]
    october = shop.store.period_report(date(2026, 10, 1), date(2026, 10, 31), SHOP)
    assert [(a.jobs, a.average_work) for a in october.average_work] == [
        (0, None), (1, timedelta(hours=1)), (0, None)]


def test_callbacks_by_priority_and_status(shop):
    report = shop.store.period_report(MON, WED, SHOP)
    assert {(c.priority, c.status): c.count for c in report.callbacks} == {
        (Priority.URGENT, CallbackStatus.RESOLVED): 1,  # the deleted one is left out
        (Priority.HIGH, CallbackStatus.OPEN): 1,
        (Priority.MEDIUM, CallbackStatus.PENDING): 1,  # overdue from the 10th
    }
    assert [c.priority for c in report.callbacks] == [Priority.URGENT, Priority.HIGH, Priority.MEDIUM]  # by rank
    assert report.callbacks_with(Priority.HIGH, CallbackStatus.OPEN) == 1
    assert report.callbacks_with(Priority.LOW, CallbackStatus.PENDING) == 0
    first_half = shop.store.period_report(date(2026, 11, 1), date(2026, 11, 15), SHOP)
    assert {(c.priority, c.status): c.count for c in first_half.callbacks} == {
        (Priority.MEDIUM, CallbackStatus.PENDING): 1, (Priority.LOW, CallbackStatus.CANCELLED): 1}


def test_days_follow_daylight_saving_changes(sqlite_url):
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time-zone database on this PC")
    shop = open_shop(sqlite_url)
    try:
        saturday, sunday = date(2026, 10, 24), date(2026, 10, 25)  # clocks go back on Sunday at 03:00
        for day in (saturday, sunday):
            late = datetime(day.year, day.month, day.day, 23, 30, tzinfo=berlin)
            shop.finished_job(shop.ann, late - timedelta(hours=1), late)
        report = shop.store.period_report(saturday, date(2026, 10, 26), berlin)
        assert [d.appointments for d in report.completed_per_day] == [1, 1, 0]
    finally:
        shop.store.close()


def test_change_mark_moves_with_jobs_and_settings_only(shop):
    mark = shop.store.change_mark()
    shop.store.workload_report(SHOP)
    assert shop.store.change_mark() == mark
    shop.book(NOW)
    assert shop.store.change_mark() != mark
    mark = shop.store.change_mark()
    shop.store.set_capacity_limit(4, shop.manager)
    assert shop.store.change_mark() != mark


def test_same_answers_on_postgresql(pg_url):
    shop = fill(open_shop(pg_url))
    try:
        assert [(r.completed_today, r.completed_this_week, r.average_work)
                for r in shop.store.workload_report(SHOP).technicians] == [
            (1, 2, timedelta(hours=1, minutes=45)), (0, 1, timedelta(hours=2, minutes=15)), (0, 1, timedelta(hours=4))]
        report = shop.store.period_report(date(2026, 11, 22), WED, SHOP)
        assert [d.total for d in report.completed_per_day] == [0, 2, 1, 1]
        assert {(c.priority, c.status): c.count for c in report.callbacks} == {
            (Priority.URGENT, CallbackStatus.RESOLVED): 1, (Priority.HIGH, CallbackStatus.OPEN): 1,
            (Priority.MEDIUM, CallbackStatus.PENDING): 1}
        assert [(a.name, a.jobs, a.average_work) for a in shop.store.period_report(MON, WED, SHOP).average_work] == [
            ("Ann", 2, timedelta(hours=1, minutes=45)), ("Bob", 1, timedelta(hours=2, minutes=15)),
            ("Cy", 1, timedelta(hours=4))]
    finally:
        shop.store.close()
