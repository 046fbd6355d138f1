"""The default demo's appointments, laid out day by day on each technician's plan, the way a busy shop works.

Every open day of the shop's hours (Saturday mornings too) gets its share of
jobs: ``Plan.jobs_per_day`` finished on a weekday, about 40 % of that on a
Saturday, a few percent more booked and then cancelled. Each job's estimate
follows its concern (``concerns``); the desk plans it for the technician who is
free soonest after the car is dropped off, at the first quarter hour where the
whole estimate fits inside the opening hours, outside that technician's time
off and clear of their other plans: the store's own rules (``free_starts`` over
``quarter_starts``, as ``free_slots`` suggests), so no plan here is one the
store would refuse. Technicians differ in speed, so a job takes its estimate
times its technician's pace, give or take, and the efficiency charts tell them
apart.

Whatever started before the clock's "now" has happened: the morning's jobs are
completed, the ones on the lifts are in progress (as many per technician as
``ActiveJobs`` dealt, so capacity holds with the callbacks they hold), the
next ones wait assigned, and the rest of today and the coming days stay
planned. The coming week is mostly booked and planned, the week after thins
out; a few jobs there wait for a plan, and two walk-ins wait for a technician.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from ..domain.schedule import OpeningHours, Span, free_starts, local_instant, opening_window, quarter_starts
from ..domain.transitions import BOOK
from ..store.plan_rules import when
from .appointments import (ASSIGNED, CANCEL, CANCEL_BEFORE, CANCEL_STARTED, CANCELLED, COMPLETE, COMPLETED,
                           IN_PROGRESS, NO_SHOW, PLAN, SCHEDULED, START, AppointmentStory)
from .concerns import pick_concern
from .shop import BATCH, DAY, HOUR, MINUTE, Dice, Shop, stamp
from .stories import AT

#: How much slower (above 1) or faster than the estimate each technician works, dealt out at random.
PACES = (0.8, 0.88, 0.95, 1.0, 1.05, 1.12, 1.22, 1.35)
SATURDAY_SHARE = 0.4
AHEAD_DAYS = 21  # calendar days of bookings after today
CANCEL_BEFORE_RATE, NO_SHOW_RATE, DECLINED_RATE = 0.03, 0.015, 0.01
PROMISED_RATE = 0.3
WALK_INS = 2


@dataclass(slots=True)
class Job:
    """One appointment while the days are laid out; times are epoch seconds, ``tech`` the planned technician."""

    scheduled: int
    minutes: int
    concern: str
    tech: int | None
    fate: str = ""  # "", or how it was cancelled: "before", "no show", "declined"
    started: int | None = None
    finished: int | None = None
    promised: int | None = None
    status: str = SCHEDULED


@dataclass
class TimeOffEntry:
    technician: int
    starts: datetime
    ends: datetime
    reason: str
    created: int


@dataclass
class Floor:
    """The shop floor while it is laid out: each technician's plans per day, time off and pace."""

    plans: dict[tuple[int, date], list[Span]] = field(default_factory=dict)
    off: dict[int, list[Span]] = field(default_factory=dict)
    pace: dict[int, float] = field(default_factory=dict)
    starts: dict[tuple[date, int], list[datetime]] = field(default_factory=dict)  # quarter_starts, made once

    def quarter_starts(self, day: date, hours: OpeningHours, minutes: int) -> list[datetime]:
        key = (day, minutes)
        if key not in self.starts:
            self.starts[key] = quarter_starts(day, hours, timedelta(minutes=minutes))
        return self.starts[key]


def time_off(shop: Shop) -> list[tuple]:
    """The time off rows (a past vacation and sick day, and ahead a dentist's hour, a half day and a day off)."""
    return [(e.technician, stamp(int(e.starts.timestamp())), stamp(int(e.ends.timestamp())), e.reason, shop.manager,
             stamp(e.created)) for e in _time_off_entries(shop)]


def workday_batches(shop: Shop) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Appointments in the order of their scheduled time (so ids rise with it), with their histories."""
    jobs = _lay_out(shop)
    story = WorkdayStory(shop)
    for first in range(0, len(jobs), BATCH):
        events: list[tuple] = []
        yield [story.tell_job(job, events) for job in jobs[first:first + BATCH]], events


# --- time off ---------------------------------------------------------------------------------------------------


def _time_off_entries(shop: Shop) -> list[TimeOffEntry]:
    """Made once per shop (the rows and the layout read the same entries)."""
    if shop.time_off is None:
        shop.time_off = _deal_time_off(shop)
    return shop.time_off


def _deal_time_off(shop: Shop) -> list[TimeOffEntry]:
    rng, today, now = shop.rng, shop.calendar.today, shop.now
    who = rng.sample(shop.technicians, 5)
    vacation = today - timedelta(today.weekday() + 7 * 7)  # the week of a Monday seven weeks back
    sick = next(d for d in (today - timedelta(n) for n in range(5, 12)) if d.weekday() < 5)
    dentist, half_day, _, day_off = [d for d in (today + timedelta(n) for n in range(1, 8)) if d.weekday() < 5][:4]

    def at(day: date, hour: int) -> datetime:
        return local_instant(day, time(hour))

    def entry(tech: int, starts: datetime, ends: datetime, reason: str, created: float) -> TimeOffEntry:
        return TimeOffEntry(tech, starts, ends, reason, min(int(created), now))

    return [
        entry(who[0], at(vacation, 0), at(vacation + timedelta(5), 0), "Vacation",
              at(vacation, 8).timestamp() - 40 * DAY),
        entry(who[1], at(sick, 8), at(sick, 17), "Sick", at(sick, 7).timestamp() + 30 * MINUTE),
        entry(who[2], at(dentist, 10), at(dentist, 11), "Dentist", now - rng.between(DAY, 5 * DAY)),
        entry(who[3], at(half_day, 12), at(half_day, 17), "Half day: family matter", now - rng.between(DAY, 3 * DAY)),
        entry(who[4], at(day_off, 8), at(day_off, 17), "Day off", now - rng.between(2 * DAY, 9 * DAY)),
    ]


# --- laying out the days --------------------------------------------------------------------------------------------


def _lay_out(shop: Shop) -> list[Job]:
    """Every open day's jobs, planned, then given the status the clock says; sorted by scheduled time."""
    rng, cal = shop.rng, shop.calendar
    paces = list(PACES)
    rng.shuffle(paces)
    floor = Floor(pace={tech: paces[k % len(paces)] for k, tech in enumerate(shop.technicians)})
    for e in _time_off_entries(shop):
        floor.off.setdefault(e.technician, []).append((e.starts, e.ends))
    jobs: list[Job] = []
    ahead = 0
    for day in (cal.days[0] + timedelta(n) for n in range((cal.today - cal.days[0]).days + AHEAD_DAYS + 1)):
        window = opening_window(day, shop.hours)
        if window is None:
            continue
        if day > cal.today:
            ahead += 1
        jobs += _day(shop, floor, day, window, ahead)
    jobs += _walk_ins(shop)
    _live(shop, floor, jobs)
    jobs.sort(key=lambda j: j.scheduled)
    return jobs


def _day(shop: Shop, floor: Floor, day: date, window: tuple[datetime, datetime], ahead: int) -> list[Job]:
    """One day's jobs, each planned for the technician free soonest after the car comes in (or left unplanned)."""
    rng = shop.rng
    low, high = shop.plan.jobs_per_day or (0, 0)
    finished = rng.randint(low, high)
    if day.weekday() == 5:
        finished = round(finished * SATURDAY_SHARE)
    booked = 1.0 if not ahead else max(0.15, 0.95 - 0.05 * max(0, ahead - 2))  # far days are not booked up yet
    planned = 1.0 if not ahead else 0.9 if ahead <= 6 else 0.55
    opens, closes = window
    open_minutes = int((closes - opens).total_seconds()) // 60
    wanted: list[tuple[datetime, str, int, str]] = []
    kept = 0
    while kept < round(finished * booked):
        concern, minutes = pick_concern(rng)
        fate = _fate(rng.random(), ahead)
        kept += not fate
        # a quarter of the cars come in first thing; the rest are booked through the day
        offset = rng.below(60) if rng.random() < 0.25 else rng.below(max(open_minutes - minutes, 1))
        wanted.append((opens + timedelta(minutes=offset // 15 * 15), concern, minutes, fate))
    wanted.sort(key=lambda w: w[0])
    jobs = []
    for after, concern, minutes, fate in wanted:
        plan = _plan(shop, floor, day, after, minutes) if rng.random() < planned else None
        if plan is None and not ahead:
            continue  # a day gone by: the desk found every car it took a place
        tech, start = plan if plan else (None, after)
        jobs.append(Job(int(start.timestamp()), minutes, concern, tech, fate))
    return jobs


def _fate(r: float, ahead: int) -> str:
    if r < CANCEL_BEFORE_RATE:
        return "before"
    if ahead:
        return ""
    if r < CANCEL_BEFORE_RATE + NO_SHOW_RATE:
        return "no show"
    return "declined" if r < CANCEL_BEFORE_RATE + NO_SHOW_RATE + DECLINED_RATE else ""


def _plan(shop: Shop, floor: Floor, day: date, after: datetime, minutes: int) -> tuple[int, datetime] | None:
    """The technician free soonest at or after ``after`` for the whole estimate, and when; None when nobody is."""
    length = timedelta(minutes=minutes)
    candidates = floor.quarter_starts(day, shop.hours, minutes)
    candidates = candidates[bisect.bisect_left(candidates, after):] or candidates
    best: tuple[datetime, int, int, int] | None = None
    for tech in shop.technicians:
        plans = floor.plans.get((tech, day), [])
        start = next(free_starts(candidates, length, plans + floor.off.get(tech, [])), None)
        if start is not None:
            key = (start, len(plans), shop.rng.below(1000), tech)
            best = key if best is None or key < best else best
    if best is None:
        return None
    start, _, _, chosen = best
    floor.plans.setdefault((chosen, day), []).append((start, start + length))
    return chosen, start


def _walk_ins(shop: Shop) -> list[Job]:
    """Cars that came in this morning without a booking and wait for the desk to find a technician."""
    now, rng = shop.now, shop.rng
    window = opening_window(shop.calendar.today, shop.hours)
    if window is None or not window[0].timestamp() + HOUR <= now < window[1].timestamp() - HOUR:
        return []
    jobs = []
    for _ in range(WALK_INS):
        concern, minutes = pick_concern(rng)
        came = now - rng.between(10 * MINUTE, HOUR)
        jobs.append(Job(came - came % (15 * MINUTE), minutes, concern, None))
    return jobs


# --- what has happened by now ---------------------------------------------------------------------------------------


def _live(shop: Shop, floor: Floor, jobs: list[Job]) -> None:
    """Work each technician's jobs through in order up to now, then deal the jobs in hand as ``ActiveJobs`` says."""
    rng, now, work = shop.rng, shop.now, shop.active
    by_tech: dict[int, list[Job]] = {}
    for job in jobs:
        if job.tech is not None:
            by_tech.setdefault(job.tech, []).append(job)
        if rng.random() < PROMISED_RATE and job.tech is not None:
            job.promised = job.scheduled + (job.minutes + 15 * rng.below(5)) * MINUTE
    for tech, mine in by_tech.items():
        mine.sort(key=lambda j: j.scheduled)
        free = 0
        for job in mine:
            if job.fate in ("before", "no show"):
                continue
            job.started = max(job.scheduled + rng.below(10 * MINUTE), free + rng.between(2 * MINUTE, 8 * MINUTE))
            took = job.minutes * MINUTE * floor.pace[tech] * rng.lognormvariate(0, 0.15)
            job.finished = job.started + max(10 * MINUTE, int(took))
            free = job.finished
        _statuses(rng, now, mine, work.appointments_started.count(tech), work.appointments_assigned.count(tech))


def _statuses(rng: Dice, now: int, mine: list[Job], in_hand: int, waiting: int) -> None:
    """Done, on the lift or waiting: by the clock, then as many in hand and assigned as the technician holds."""
    done: list[Job] = []
    upcoming: list[Job] = []
    for job in mine:
        if job.fate == "before":
            job.status = CANCELLED
        elif job.fate == "no show":
            job.status = CANCELLED if job.scheduled < now else SCHEDULED
        elif job.started is not None and job.started < now:
            if job.fate == "declined":
                job.status = CANCELLED
            elif job.finished < now:
                done.append(job)
            elif in_hand or waiting:  # on the lift now (a job dealt as waiting has started instead)
                job.status, job.finished = IN_PROGRESS, None
                in_hand, waiting = (in_hand - 1, waiting) if in_hand else (in_hand, waiting - 1)
            elif (now - job.started) >= 0.8 * (job.finished - job.started):  # nearly done: finished just now
                job.finished = now - rng.between(MINUTE, 5 * MINUTE)
                done.append(job)
            else:  # no room for it in the technician's hands: it waits to be started
                upcoming.append(job)
        else:
            upcoming.append(job)
    for job in done:
        job.status = COMPLETED
    for job in reversed(done[-in_hand:] if in_hand else []):  # left on the lift: waiting for parts
        job.status, job.finished = IN_PROGRESS, None
    for job in upcoming:
        job.started = job.finished = None
        job.status = SCHEDULED
    for job in [j for j in upcoming if not j.fate][:waiting]:
        job.status = ASSIGNED


# --- each job's story -----------------------------------------------------------------------------------------------


class WorkdayStory(AppointmentStory):
    """A laid-out job's history: booked, perhaps planned later, assigned when the car is in, started, finished."""

    def tell_job(self, job: Job, events: list[tuple]) -> tuple:
        shop, rng = self.shop, self.rng
        ts, tech = job.scheduled, job.tech
        window = opening_window(_instant(ts).astimezone().date(), shop.hours)
        opens = int(window[0].timestamp()) if window else ts
        created = self._booked(ts, max(ts - opens, 30 * MINUTE))
        vehicle = self._vehicle(created)
        steps = [[BOOK, None, SCHEDULED, shop.desk(), created, None, None]]
        if tech is not None and rng.random() < 0.4 and created < ts - HOUR:  # planned after booking
            at = rng.between(created + 5 * MINUTE, min(ts - HOUR, self.now))
            steps.append([PLAN, SCHEDULED, SCHEDULED, shop.desk(), at,
                          f"Planned for {shop.names[tech]}, {when(_instant(ts))}, {job.minutes} min", None])
        self._happened(job, steps)
        appointment = self.next_id()
        self._settle_and_record(appointment, steps, events)
        row = self._row(appointment, vehicle, ts, job.concern, steps)
        return (*row, job.minutes, tech, stamp(job.promised))

    def _happened(self, job: Job, steps: list[list]) -> None:
        rng, shop, tech = self.rng, self.shop, job.tech
        status, ts = job.status, job.scheduled
        if status == CANCELLED and job.fate == "before":
            at = rng.between(steps[-1][AT] + MINUTE, min(ts, self.now))
            steps.append([CANCEL, SCHEDULED, CANCELLED, shop.desk(), at, rng.pick(CANCEL_BEFORE), None])
        elif status == CANCELLED and job.fate == "no show":
            steps.append([CANCEL, SCHEDULED, CANCELLED, shop.desk(), ts + rng.between(30 * MINUTE, 2 * HOUR),
                          NO_SHOW, None])
        elif status == ASSIGNED:
            self._assign(steps, rng.between(max(steps[-1][AT], self.now - 3 * HOUR), self.now), tech)
        elif status in (IN_PROGRESS, COMPLETED, CANCELLED):
            started = job.started
            self._assign(steps, rng.between(max(steps[-1][AT], started - 45 * MINUTE), started), tech)
            steps.append([START, ASSIGNED, IN_PROGRESS, shop.worker(tech), started, None, None])
            if status == COMPLETED:
                steps.append([COMPLETE, IN_PROGRESS, COMPLETED, shop.worker(tech), job.finished, None, None])
            elif status == CANCELLED:
                steps.append([CANCEL, IN_PROGRESS, CANCELLED, shop.desk(), started + rng.between(10 * MINUTE, HOUR),
                              rng.pick(CANCEL_STARTED), None])


def _instant(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)
