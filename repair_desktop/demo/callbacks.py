"""Callbacks of the demo shop, each inside a maintenance contract of its customer, with helpers and history."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import datetime

from ..domain.callbacks import job_number
from ..domain.deadlines import DEFAULT_TARGETS
from ..domain.statuses import CallbackStatus as C, Priority
from ..domain.transitions import CALLBACK_WORKFLOW, CREATE_CALLBACK
from .shop import BATCH, CALLBACK_SLOT, CLOSES, DAY, HOUR, MINUTE, OPENS, Dice, Shop, region_counts, stamp
from .stories import ACTION, ACTOR, AT, STAMP, SUBJECT, TARGET, Fate, Story, named, place_active, tracked


#: (issue type, description): on-site visits for contract holders.
CALLBACK_WORK = (
    ("AMC visit", "Quarterly contract inspection"), ("AMC visit", "Scheduled oil service on site"),
    ("AMC visit", "Fleet van: fluids, tires and lights check"), ("AMC visit", "Annual brake and suspension check"),
    ("Comeback", "Brake noise came back after pad replacement"),
    ("Comeback", "Check engine light back on after repair"),
    ("Comeback", "Coolant leak after water pump job"), ("Comeback", "A/C not cooling after recharge"),
    ("Comeback", "Vibration after tire rotation"), ("Roadside", "Battery dead: jump start and test"),
    ("Roadside", "Flat tire: repair on site"), ("Roadside", "Won't start: diagnose at the customer's"),
    ("Warranty", "Warning light after last service"), ("Warranty", "Wiper motor intermittent"),
    ("Inspection", "Pre-trip inspection for the company fleet"), ("Inspection", "Check tires before winter"))
CALLBACK_NOTES = ("Customer prefers mornings", "Call 30 minutes before arriving", "Gate code 4471",
                  "Vehicle parked in the rear lot", "Ask for the fleet manager at reception",
                  "Bring a spare battery", "Customer works nights: afternoons only", "Dog in the yard, friendly")
CALLBACK_CANCEL = ("Customer solved it themselves", "Duplicate ticket", "Customer not available; will call back",
                   "Covered by the dealer's warranty", "Contract holder asked to cancel")
PRIORITIES = tuple(Priority)
PRIORITY_POOL = (Priority.URGENT,) * 12 + (Priority.HIGH,) * 28 + (Priority.MEDIUM,) * 40 + (Priority.LOW,) * 20
PENDING, OPEN, IN_PROGRESS, RESOLVED, CLOSED, CANCELLED = (s.value for s in C)
CLAIM, START, RESOLVE, CLOSE, REASSIGN, RELEASE, CANCEL, ADD_HELPER = named(
    CALLBACK_WORKFLOW, "claim_callback", "start_callback", "resolve_callback", "close_callback", "reassign_callback",
    "release_callback", "cancel_callback", "add_helper")


def callback_batches(shop: Shop) -> Iterator[tuple[list[tuple], list[tuple], list[tuple]]]:
    """Callbacks in the order of their scheduled time, each inside a contract of its customer."""
    plan, work = shop.plan, shop.active
    schedule = _callback_schedule(shop)
    keys = [key for key, _ in schedule]
    fates = place_active(keys, shop.now, work.callbacks_started, work.callbacks_claimed, IN_PROGRESS, OPEN)
    _place_resolved_and_pending(shop, keys, fates, resolved=max(2, plan.callbacks // 50))
    story = CallbackStory(shop)
    for first in range(0, len(schedule), BATCH):
        rows: list[tuple] = []
        helpers: list[tuple] = []
        events: list[tuple] = []
        for index in range(first, min(first + BATCH, len(schedule))):
            key, customer = schedule[index]
            rows.append(story.tell(key >> 6, customer, fates.get(index), helpers, events))
        yield rows, helpers, events


def _callback_schedule(shop: Shop) -> list[tuple[int, int]]:
    """``(ts << 6 | slot, customer)`` sorted: in each region a contract first, then a working day it covers."""
    plan, cal, rng = shop.plan, shop.calendar, shop.rng
    counts = region_counts(plan.callbacks, {"future": plan.callbacks_future_min,
                                             "recent": plan.callbacks_recent_min}, cal)
    slots = (CLOSES - OPENS) * HOUR // CALLBACK_SLOT
    contracts = [(customer, days.start, days.stop) for customer, first, last in shop.contract_spans
                 for days in (cal.day_span(first, last),)]
    schedule = []
    for region, days in cal.regions().items():
        low, high = days.start, days.stop
        spans = [(customer, max(start, low), min(stop, high)) for customer, start, stop in contracts
                 if start < high and stop > low]  # the working days of the region the contract covers
        for _ in range(counts[region] if spans else 0):
            customer, start, stop = rng.pick(spans)
            slot = rng.below(slots)
            schedule.append(((cal.opens[rng.between(start, stop)] + slot * CALLBACK_SLOT) << 6 | slot, customer))
    schedule.sort()
    return schedule


def _place_resolved_and_pending(shop: Shop, keys: list[int], fates: dict[int, Fate], resolved: int) -> None:
    """The latest finished callbacks wait for the desk to close them; the next pending ones show every priority."""
    split = bisect.bisect_right(keys, shop.now << 6 | 63)
    past = (i for i in range(split - 1, -1, -1) if i not in fates)
    for index, _ in zip(past, range(resolved)):
        fates[index] = Fate(RESOLVED)
    ahead = (i for i in range(split, len(keys)) if i not in fates)
    priorities = list(PRIORITIES)
    shop.rng.shuffle(priorities)
    for index, priority in zip(ahead, priorities):
        fates[index] = Fate(PENDING, priority=priority)


class CallbackStory(Story):
    """One callback's life; ``tell`` returns its row and adds its helpers and events."""

    kind = "callback"

    def __init__(self, shop: Shop) -> None:
        super().__init__(shop)
        self.years: dict[int, int] = {}
        self.target = DEFAULT_TARGETS[Priority.MEDIUM]  # the targets of the callback being told
        self.tellers = {PENDING: self._pending, OPEN: self._open, IN_PROGRESS: self._in_progress,
                        RESOLVED: self._resolved, CLOSED: self._closed, CANCELLED: self._cancelled}

    def tell(self, ts: int, customer: int, fate: Fate | None, helpers: list[tuple], events: list[tuple]) -> tuple:
        shop, rng = self.shop, self.rng
        priority = fate and fate.priority or rng.pick(PRIORITY_POOL)
        status = fate.status if fate else self._status(ts)
        tech = fate and fate.technician or rng.pick(shop.technicians)
        self.target = DEFAULT_TARGETS[priority]
        if status == PENDING and ts > self.now:  # waiting to be picked: mostly in time, a few at risk or late now
            created = self.now - int(self.target.respond_minutes * MINUTE * _share_of_target(rng))
        else:
            lead = rng.between(HOUR, 6 * HOUR) if priority == Priority.URGENT else rng.between(HOUR, 10 * DAY)
            created = self._created(ts, lead)
        steps = [[CREATE_CALLBACK, None, PENDING, shop.desk(), created, None, None]]
        self.tellers[status](steps, ts, tech)
        callback = self.next_id()
        self._settle_and_record(callback, steps, events)
        helpers += [(callback, s[SUBJECT], s[ACTOR], s[STAMP]) for s in steps if s[ACTION] == ADD_HELPER]
        return self._row(callback, customer, ts, priority, steps)

    def _status(self, ts: int) -> str:
        r = self.rng.random()
        if ts > self.now:
            return CANCELLED if r < 0.07 else PENDING
        return CANCELLED if r < 0.1 else CLOSED

    # Each status appends the steps that lead to it.

    def _claim(self, steps: list[list], ts: int, tech: int) -> None:
        """Picked from Available Jobs before the visit; now and then reassigned, or with a helper."""
        rng, shop = self.rng, self.shop
        created = steps[0][AT]
        picked = created + int(self.target.respond_minutes * MINUTE * _share_of_target(rng))
        at = max(created + 5 * MINUTE, min(picked, ts, self.now))
        claimer = tech
        if rng.random() < 0.04:
            claimer = shop.other_technician(tech)
            steps.append([CLAIM, PENDING, OPEN, claimer, at, None, None])
            at += rng.between(HOUR, 4 * HOUR)
            steps.append([REASSIGN, OPEN, OPEN, shop.desk(), at, "Reassigned to " + shop.names[tech], tech])
        else:
            steps.append([CLAIM, PENDING, OPEN, tech, at, None, None])
        if rng.random() < 0.2:
            helper = shop.other_technician(tech, claimer)
            steps.append([ADD_HELPER, OPEN, OPEN, shop.desk(), at + rng.between(MINUTE, HOUR),
                          shop.names[helper] + " is helping", helper])

    def _start(self, steps: list[list], ts: int, tech: int) -> int:
        self._claim(steps, ts, tech)
        rng = self.rng
        at = ts + rng.below(15 * MINUTE)
        if rng.random() < 0.06:  # the visit slipped (the customer was out, a part was missing): resolved late
            at += int(self.target.resolve_minutes * MINUTE * (0.8 + 0.6 * rng.random()))
        steps.append([START, OPEN, IN_PROGRESS, tech, at, None, None])
        return at

    def _resolve(self, steps: list[list], ts: int, tech: int) -> int:
        at = self._start(steps, ts, tech) + self.rng.between(30 * MINUTE, 3 * HOUR)
        steps.append([RESOLVE, IN_PROGRESS, RESOLVED, tech, at, None, None])
        return at

    def _pending(self, steps: list[list], ts: int, tech: int) -> None:
        if self.rng.random() < 0.05:  # picked, then handed back to the pool
            self._claim(steps, ts, tech)
            steps.append([RELEASE, OPEN, PENDING, self.shop.desk(), steps[-1][AT] + HOUR, None, None])

    def _open(self, steps: list[list], ts: int, tech: int) -> None:
        self._claim(steps, ts, tech)

    def _in_progress(self, steps: list[list], ts: int, tech: int) -> None:
        self._start(steps, ts, tech)

    def _resolved(self, steps: list[list], ts: int, tech: int) -> None:
        self._resolve(steps, ts, tech)

    def _closed(self, steps: list[list], ts: int, tech: int) -> None:
        at = self._resolve(steps, ts, tech) + self.rng.between(HOUR, 2 * DAY)
        steps.append([CLOSE, RESOLVED, CLOSED, self.shop.desk(), at, None, None])

    def _cancelled(self, steps: list[list], ts: int, tech: int) -> None:
        rng = self.rng
        r = rng.random()
        if ts > self.now or r < 0.7:
            at, source = rng.between(steps[0][AT], min(ts, self.now)), PENDING
        elif r < 0.85:
            self._claim(steps, ts, tech)
            at, source = steps[-1][AT] + rng.between(HOUR, DAY), OPEN
        else:
            at, source = self._start(steps, ts, tech) + rng.between(10 * MINUTE, HOUR), IN_PROGRESS
        steps.append([CANCEL, source, CANCELLED, self.shop.desk(), at, rng.pick(CALLBACK_CANCEL), None])

    def _local_year(self, ts: int) -> int:
        """The year on the shop's calendar at ``ts``, remembered per quarter hour (time zones differ by those)."""
        quarter = ts // 900
        year = self.years.get(quarter)
        if year is None:
            year = self.years[quarter] = datetime.fromtimestamp(ts).year
        return year

    def _row(self, callback: int, customer: int, ts: int, priority: Priority, steps: list[list]) -> tuple:
        """The row as the store would have left it after these steps."""
        rng = self.rng
        claimer = claimed = started = resolved = closed = cancelled = reason = None
        for action, _, _, actor, _, note, subject, at in steps:
            if action == CLAIM:
                claimer, claimed = actor, at
            elif action == REASSIGN:
                claimer, claimed = subject, at
            elif action == RELEASE:
                claimer = claimed = None
            elif action == START:
                started = at
            elif action == RESOLVE:
                resolved = at
            elif action == CLOSE:
                closed = at
            elif action == CANCEL:
                cancelled, reason = at, note
        issue_type, description = rng.pick(CALLBACK_WORK)
        notes = rng.pick(CALLBACK_NOTES) if rng.random() < 0.4 else None
        number = job_number(self._local_year(steps[0][AT]), callback)
        return (callback, number, customer, stamp(ts), description, notes, issue_type, priority.rank,
                steps[-1][TARGET], claimer, claimed, started, resolved, closed, cancelled, reason, None, None,
                *tracked(steps), len(steps) + 1,  # version: the insert, the job number, then one update per change
                *_deadlines(priority, steps[0][AT], ts))




def _share_of_target(rng: Dice) -> float:
    """How much of its response target a callback waits to be picked: mostly well within it, one in twelve in
    its last quarter (at risk), one in fourteen past it (late)."""
    r = rng.random()
    if r < 0.08:
        return 0.76 + 0.22 * rng.random()
    if r < 0.15:
        return 1.05 + 0.75 * rng.random()
    return 0.05 + 0.6 * rng.random()


def _deadlines(priority: Priority, created: int, scheduled: int) -> tuple:
    """The deadline columns the store writes (domain/deadlines.py), from the default targets; the last quarter
    of a target begins three quarters (45 s a minute) after its start."""
    target, start = DEFAULT_TARGETS[priority], max(created, scheduled)
    return (stamp(created + target.respond_minutes * 60), stamp(created + target.respond_minutes * 45),
            stamp(start + target.resolve_minutes * 60), stamp(start + target.resolve_minutes * 45))
