"""Appointments of the demo shop in the order of their scheduled time, each with its history."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from ..domain.statuses import AppointmentStatus as A
from ..domain.transitions import APPOINTMENT_WORKFLOW, BOOK
from .concerns import pick_concern
from .shop import APPOINTMENT_SLOT, BATCH, CLOSES, DAY, HOUR, MINUTE, OPENS, Shop, stamp
from .stories import AT, TARGET, Fate, Story, named, place_active, tracked


CANCEL_BEFORE = ("Customer rescheduled", "Customer cancelled by phone", "Vehicle sold", "Booked twice by mistake",
                 "Customer went to the dealer for warranty work", "Customer fixed it themselves")
CANCEL_STARTED = ("Customer declined the estimate", "Parts on back order; customer will rebook",
                  "Customer took the vehicle elsewhere")
NO_SHOW = "Customer did not show up"
SCHEDULED, ASSIGNED, IN_PROGRESS, COMPLETED, CANCELLED = (s.value for s in A)
ASSIGN, UNASSIGN, START, COMPLETE, CANCEL, PLAN = named(APPOINTMENT_WORKFLOW, "assign_technician", "unassign",
                                                       "start_work", "complete_work", "cancel", "plan")
TECHNICIAN = 6  # the row's technician_id


def appointment_batches(shop: Shop) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Appointments in the order of their scheduled time (so ids rise with it), with their histories."""
    plan = shop.plan
    keys = shop.spread(plan.appointments, {"today": plan.today_min, "future": plan.future_min}, APPOINTMENT_SLOT)
    work = shop.active
    fates = place_active(keys, shop.now, work.appointments_started, work.appointments_assigned,
                          IN_PROGRESS, ASSIGNED)
    story = AppointmentStory(shop)
    for first in range(0, len(keys), BATCH):
        rows: list[tuple] = []
        events: list[tuple] = []
        for index in range(first, min(first + BATCH, len(keys))):
            key = keys[index]
            rows.append(story.tell(key >> 6, (key & 63) * APPOINTMENT_SLOT, fates.get(index), events))
        yield rows, events


class AppointmentStory(Story):
    """One appointment's life, from booking to its status today; ``tell`` returns its row and adds its events."""

    kind = "appointment"

    def __init__(self, shop: Shop) -> None:
        super().__init__(shop)
        self.today_opens = shop.calendar.opens[shop.calendar.today_index]
        self.tellers = {SCHEDULED: self._scheduled, ASSIGNED: self._assigned, IN_PROGRESS: self._in_progress,
                        COMPLETED: self._completed, CANCELLED: self._cancelled}

    def tell(self, ts: int, into_day: int, fate: Fate | None, events: list[tuple]) -> tuple:
        shop = self.shop
        status = fate.status if fate else self._status(ts)
        tech = fate.technician if fate else self.rng.pick(shop.technicians)
        created = self._booked(ts, into_day)
        vehicle = self._vehicle(created)
        steps = [[BOOK, None, SCHEDULED, shop.desk(), created, None, None]]
        self.tellers[status](steps, ts, tech)
        appointment = self.next_id()
        self._settle_and_record(appointment, steps, events)
        concern, minutes = pick_concern(self.rng)
        row = self._row(appointment, vehicle, ts, concern, steps)
        return (*row, minutes, row[TECHNICIAN], None)  # planned for whoever took it

    def _status(self, ts: int) -> str:
        if ts > self.now:
            return CANCELLED if self.rng.random() < 0.06 else SCHEDULED
        if ts >= self.today_opens and self.now - ts < 90 * MINUTE:
            return SCHEDULED  # the customer is here and waits for a technician
        return CANCELLED if self.rng.random() < 0.11 else COMPLETED

    def _booked(self, ts: int, into_day: int) -> int:
        """When the booking was taken: the same morning, or days (now and then weeks) before, in shop hours."""
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            return self._created(ts, rng.between(10 * MINUTE, max(into_day, 30 * MINUTE)))
        days = rng.between(1, 15) if r < 0.85 else rng.between(15, 45)
        return self._created(ts, into_day + days * DAY - rng.below((CLOSES - OPENS) * HOUR))

    def _vehicle(self, booked: int) -> int:
        """A vehicle of someone who was a customer when the booking was made."""
        shop = self.shop
        known = max(1, bisect.bisect_right(shop.customer_created, booked))
        return self.rng.below(shop.vehicles_before[known])

    # Each status appends the steps that lead to it; the times are wishes that _settle makes consistent.

    def _assign(self, steps: list[list], at: int, tech: int) -> None:
        """Assigned at ``at``; one time in twenty someone else had it first."""
        shop = self.shop
        source = SCHEDULED
        if self.rng.random() < 0.05:
            other = shop.other_technician(tech)
            steps.append([ASSIGN, SCHEDULED, ASSIGNED, shop.desk(), at - HOUR,
                          "Assigned to " + shop.names[other], other])
            source = ASSIGNED
        steps.append([ASSIGN, source, ASSIGNED, shop.desk(), at, "Assigned to " + shop.names[tech], tech])

    def _start(self, steps: list[list], ts: int, tech: int) -> int:
        rng = self.rng
        self._assign(steps, ts - rng.below(45 * MINUTE), tech)
        at = ts + rng.below(20 * MINUTE)
        steps.append([START, ASSIGNED, IN_PROGRESS, self.shop.worker(tech), at, None, None])
        return at

    def _scheduled(self, steps: list[list], ts: int, tech: int) -> None:
        rng, shop = self.rng, self.shop
        if rng.random() < 0.03:  # assigned once, then taken back when the technician fell ill
            at = steps[0][AT] + rng.between(HOUR, 2 * DAY)
            steps.append([ASSIGN, SCHEDULED, ASSIGNED, shop.desk(), at, "Assigned to " + shop.names[tech],
                          tech])
            steps.append([UNASSIGN, ASSIGNED, SCHEDULED, shop.desk(), at + rng.between(HOUR, DAY), None, None])

    def _assigned(self, steps: list[list], ts: int, tech: int) -> None:
        created = steps[0][AT]
        self._assign(steps, self.rng.between(created, min(ts, self.now)), tech)

    def _in_progress(self, steps: list[list], ts: int, tech: int) -> None:
        self._start(steps, ts, tech)

    def _completed(self, steps: list[list], ts: int, tech: int) -> None:
        started = self._start(steps, ts, tech)
        took = 30 * MINUTE + min(int(self.rng.expovariate(1 / (70 * MINUTE))), 6 * HOUR)
        steps.append([COMPLETE, IN_PROGRESS, COMPLETED, self.shop.worker(tech), started + took, None, None])

    def _cancelled(self, steps: list[list], ts: int, tech: int) -> None:
        rng, desk = self.rng, self.shop.desk()
        r = rng.random()
        if ts > self.now or r < 0.6:  # called off beforehand
            at = rng.between(steps[0][AT], min(ts, self.now))
            steps.append([CANCEL, SCHEDULED, CANCELLED, desk, at, rng.pick(CANCEL_BEFORE), None])
        elif r < 0.85:  # never came
            self._assign(steps, ts - rng.below(45 * MINUTE), tech)
            steps.append([CANCEL, ASSIGNED, CANCELLED, desk, ts + rng.between(30 * MINUTE, 2 * HOUR), NO_SHOW, None])
        else:  # looked at, then called off
            started = self._start(steps, ts, tech)
            steps.append([CANCEL, IN_PROGRESS, CANCELLED, desk, started + rng.between(10 * MINUTE, HOUR),
                          rng.pick(CANCEL_STARTED), None])

    def _row(self, appointment: int, vehicle: int, ts: int, concern: str, steps: list[list]) -> tuple:
        """The row as the store would have left it after these steps, up to its plan's columns."""
        shop = self.shop
        tech = assigned = started = completed = cancelled = reason = None
        for action, _, _, _, _, note, subject, at in steps:
            if action == ASSIGN:
                tech, assigned = subject, at
            elif action == UNASSIGN:
                tech = assigned = None
            elif action == START:
                started = at
            elif action == COMPLETE:
                completed = at
            elif action == CANCEL:
                cancelled, reason = at, note
        return (appointment, shop.vehicle_owner[vehicle], shop.vehicle_ids[vehicle], stamp(ts), concern,
                steps[-1][TARGET], tech, assigned, started, completed, cancelled, reason, *tracked(steps),
                len(steps))  # version: the insert, then one update per change


