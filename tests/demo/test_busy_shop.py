"""The default demo is a busy shop: work every open day up to the hour it is made, the coming week planned
within the store's own rules, estimates by kind of job, technicians of differing pace, callbacks mostly on time.

One demo made at a fixed moment (a Wednesday afternoon on this PC's clock), read by every check here.
"""

import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from repair_desktop.demo import fill_demo
from repair_desktop.demo.concerns import CONCERNS
from repair_desktop.domain.schedule import Busy, crowded_moment
from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.store import Store

MOMENT = datetime(2026, 3, 4, 14, 30)  # Wednesday 14:30 on the PC's wall clock
NOW = MOMENT.astimezone(UTC)
TODAY = MOMENT.date()
HOLDS_TIME = {AppointmentStatus.SCHEDULED, AppointmentStatus.ASSIGNED, AppointmentStatus.IN_PROGRESS}


def _made_at_the_moment(path) -> Store:
    store = Store.open("sqlite:///" + str(path), clock=lambda: NOW)
    fill_demo(store)
    return store


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    store = _made_at_the_moment(tmp_path_factory.mktemp("busy") / "demo.db")
    yield store
    store.close()


def _rows(store: Store, sql: str) -> list:
    with store.read_engine.connect() as connection:
        return list(connection.execute(text(sql)))


def _local(stored: str | None) -> datetime | None:
    """A stored naive-UTC timestamp as this PC's local time."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone() if stored else None


def _days_back(count: int, weekday) -> list:
    return [d for d in (TODAY - timedelta(n) for n in range(1, count + 1)) if weekday(d.weekday())]


def _coming_open_days(store: Store) -> list:
    hours = store.opening_hours()
    return [d for d in (TODAY + timedelta(n) for n in range(1, 8)) if hours[d.weekday()] is not None]


def test_eight_technicians_finish_15_to_25_jobs_every_weekday(shop):
    done = Counter(_local(r.completed_at).date() for r in _rows(shop, "SELECT completed_at FROM appointments "
                                                                      "WHERE status = 'completed'"))
    weekdays = _days_back(28, lambda w: w < 5)
    assert all(15 <= done[d] <= 25 for d in weekdays), {str(d): done[d] for d in weekdays}
    saturdays = _days_back(28, lambda w: w == 5)
    assert all(4 <= done[d] <= 12 for d in saturdays), {str(d): done[d] for d in saturdays}  # 08:00-12:00
    assert not [d for d in done if d.weekday() == 6], "the shop is closed on Sundays"
    assert min(done) <= TODAY - timedelta(days=240)  # months of history for the charts
    assert len(shop.employees(role="technician")) == 8


def test_finished_work_runs_up_to_the_hour_the_demo_is_made(shop):
    today = [r for r in _rows(shop, "SELECT * FROM appointments") if _local(r.scheduled_at).date() == TODAY]
    completed = [_local(r.completed_at) for r in today if r.status == "completed"]
    assert len(completed) >= 8 and max(completed) <= NOW
    assert max(completed) >= NOW - timedelta(hours=1)  # the last one finished within the hour
    by_status = Counter(r.status for r in today)
    assert by_status["in_progress"] >= 1 and by_status["assigned"] >= 1
    later = [r for r in today if r.status == "scheduled" and r.planned_technician_id and _local(r.scheduled_at) > NOW]
    assert later, "the rest of the day is planned"
    report = shop.workload_report()
    assert sum(t.completed_today for t in report.technicians) >= 8
    assert sum(t.completed_this_week for t in report.technicians) >= 40  # Monday, Tuesday and this morning
    assert sum(t.in_progress for t in report.technicians) >= 1


def test_most_of_the_coming_week_is_planned_within_the_stores_rules(shop):
    limit = shop.capacity_limit()
    planned = unplanned = promised = 0
    for day in _coming_open_days(shop):
        schedule = shop.schedule_day(day)
        opens, closes = schedule.opening
        unplanned += schedule.unplanned_count
        for row in schedule.technicians:
            jobs = [j for j in row.jobs if j.status in HOLDS_TIME]
            planned += len(jobs)
            promised += sum(j.promised_at is not None for j in jobs)
            assert row.booked_minutes <= row.available_minutes
            for job in jobs:
                end = job.starts_at + timedelta(minutes=job.duration_minutes)
                assert opens <= job.starts_at and end <= closes, (day, row.name, job)
                assert not [off for off in row.time_off if off.starts_at < end and job.starts_at < off.ends_at]
                others = [Busy(j.starts_at, j.starts_at + timedelta(minutes=j.duration_minutes), j.appointment_id)
                          for j in jobs if j is not job]
                assert crowded_moment(others, job.starts_at, end, limit) == []
    assert planned >= 60 and planned / (planned + unplanned) >= 0.75
    assert unplanned >= 1 and promised >= 5


def test_the_store_accepts_every_plan_of_the_coming_week_as_it_stands(tmp_path):
    store = _made_at_the_moment(tmp_path / "replan.db")
    desk = store.employees(role="front_desk")[0].id
    planned = [job for day in _coming_open_days(store) for row in store.schedule_day(day).technicians
               for job in row.jobs if job.status == AppointmentStatus.SCHEDULED]
    assert planned
    for job in planned:  # the store checks opening hours, time off and the capacity limit again
        store.plan_appointment(job.appointment_id, job.technician_id, job.starts_at, job.duration_minutes, desk)
    store.close()


def test_time_off_ahead_and_behind_keeps_the_plans_clear(shop):
    entries = _rows(shop, "SELECT technician_id, starts_at, ends_at, reason FROM time_off")
    assert {e.reason for e in entries} == {"Vacation", "Sick", "Dentist", "Half day: family matter", "Day off"}
    ahead = [e for e in entries if _local(e.starts_at) > NOW]
    assert len(ahead) == 3
    for entry in ahead:
        starts, ends = _local(entry.starts_at), _local(entry.ends_at)
        row = next(t for t in shop.schedule_day(starts.date()).technicians if t.technician_id == entry.technician_id)
        assert [o.reason for o in row.time_off] == [entry.reason]
        assert row.available_minutes == 540 - (ends - starts).total_seconds() // 60
        assert not [j for j in row.jobs if j.starts_at < ends and starts < j.starts_at + timedelta(
            minutes=j.duration_minutes)]


def test_estimates_follow_the_kind_of_job_and_the_work_follows_the_estimate(shop):
    ranges = {concern: (low, high) for concern, low, high in CONCERNS}
    assert ranges["Oil change and filter"] == (30, 45) and ranges["Replace front brake pads"] == (90, 120)
    assert ranges["Check engine light on"] == (60, 60) and ranges["Replace timing belt"] == (240, 300)
    rows = _rows(shop, "SELECT concern, duration_minutes, status, started_at, completed_at FROM appointments")
    for r in rows:
        low, high = ranges.get(r.concern, (60, 180))  # mileage services: 60-90, every 30,000 miles 120-180
        assert low <= r.duration_minutes <= high and r.duration_minutes % 15 == 0, r
    took: dict[str, list[float]] = {}
    for r in rows:
        if r.status == "completed":
            minutes = (_local(r.completed_at) - _local(r.started_at)).total_seconds() / 60
            took.setdefault(r.concern, []).append(minutes / r.duration_minutes)
    ratios = [x for values in took.values() for x in values]
    assert 0.85 <= statistics.median(ratios) <= 1.2
    belt = statistics.mean(_minutes(rows, "Replace timing belt"))
    oil = statistics.mean(_minutes(rows, "Oil change and filter"))
    assert belt > 4 * oil


def _minutes(rows: list, concern: str) -> list[float]:
    return [(_local(r.completed_at) - _local(r.started_at)).total_seconds() / 60 for r in rows
            if r.concern == concern and r.status == "completed"]


def test_technicians_work_at_differing_paces(shop):
    efficiency = shop.efficiency(TODAY - timedelta(days=30), TODAY)
    assert len(efficiency) == 8 and all(e.jobs >= 30 for e in efficiency)
    ratios = sorted(e.ratio for e in efficiency)
    assert 0.6 <= ratios[0] and ratios[-1] <= 1.6
    assert ratios[-1] / ratios[0] >= 1.3


def test_a_few_percent_are_cancelled(shop):
    past = Counter(r.status for r in _rows(shop, "SELECT status, scheduled_at FROM appointments")
                   if _local(r.scheduled_at) < NOW - timedelta(hours=3))
    assert 0.02 <= past["cancelled"] / sum(past.values()) <= 0.1


def test_callbacks_mostly_meet_their_deadlines_and_a_few_are_at_risk_now(shop):
    stamp = NOW.replace(tzinfo=None).isoformat(sep=" ")
    claimed = _rows(shop, "SELECT claimed_at <= respond_by AS met FROM callbacks WHERE claimed_at IS NOT NULL")
    resolved = _rows(shop, "SELECT resolved_at <= resolve_by AS met FROM callbacks WHERE resolved_at IS NOT NULL")
    for rows in (claimed, resolved):
        share = sum(r.met for r in rows) / len(rows)
        assert 0.75 <= share < 1, share  # mostly met, some late
    pending = _rows(shop, f"SELECT respond_risk_at <= '{stamp}' AS risky, respond_by <= '{stamp}' AS late "
                          "FROM callbacks WHERE status = 'pending'")
    assert [p for p in pending if p.risky and not p.late], "at risk right now"
    assert sum(p.late for p in pending) <= len(pending) // 3


def test_the_busy_shop_on_postgresql(pg_store):
    fill_demo(pg_store)
    assert len(_rows(pg_store, "SELECT id FROM time_off")) == 5
    limit = pg_store.capacity_limit()
    assert all(t.active_jobs <= limit for t in pg_store.workload().technicians)
    manager = pg_store.employees(role="manager")[0].id
    tech = pg_store.employees(role="technician")[0].id
    later = pg_store.now() + timedelta(days=40)
    assert pg_store.add_time_off(tech, later, later + timedelta(hours=1), "Training", manager) == 6
    planned = _rows(pg_store, "SELECT count(*) AS n FROM appointments WHERE planned_technician_id IS NOT NULL "
                              "AND status = 'scheduled'")
    assert planned[0].n >= 60
