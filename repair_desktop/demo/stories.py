"""What appointment and callback stories share: who holds what right now, and steps turned into history.

A story is one job's life told as steps, one per status change, each becoming
one StatusEvent; the row is what the store would have left after those steps.
Action names come from the workflow tables (``named``), so the history the demo
writes uses exactly the actions the store writes.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.statuses import Priority
from ..domain.transitions import WorkflowTable
from .shop import DAY, MINUTE, Shop, stamp


def named(table: WorkflowTable, *actions: str) -> tuple[str, ...]:
    """``actions`` as the workflow table names them; a name the table doesn't have fails at import."""
    return tuple(table[action].action for action in actions)


# --- who holds what right now ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveJobs:
    """The jobs in hand at the moment, by technician: never more than the capacity limit each."""

    appointments_started: list[int]  # a technician per in-progress appointment
    appointments_assigned: list[int]
    callbacks_started: list[int]
    callbacks_claimed: list[int]


def active_jobs(shop: Shop) -> ActiveJobs:
    """Deal out the active jobs: some technicians full, some with room, every active status present."""
    rng, cap = shop.rng, shop.capacity
    loads = [min(cap, rng.choice((1, 2, 2, 3, 3))) for _ in shop.technicians]
    loads[0] = cap  # someone is fully booked ...
    loads[-1] = min(loads[-1], cap - 1, 1)  # ... and someone can take more
    for k in itertools.cycle(range(1, len(loads) - 1)):  # enough jobs to show every active status
        if sum(loads) >= 4 or all(load == cap for load in loads[1:-1]):
            break
        loads[k] = min(cap, loads[k] + 1)
    slots = [tech for tech, load in zip(shop.technicians, loads) for _ in range(load)]
    rng.shuffle(slots)
    jobs = ActiveJobs([], [], [], [])
    kinds = (jobs.appointments_started, jobs.appointments_assigned, jobs.callbacks_started, jobs.callbacks_claimed)
    for k, tech in enumerate(slots):  # one of each kind first, then two appointments for each callback
        kinds[k if k < 4 else rng.choice((0, 1, 0, 1, 2, 3))].append(tech)
    return jobs


@dataclass(frozen=True)
class Fate:
    """A status decided before the story is told, for the rows that make today's board."""

    status: str
    technician: int | None = None
    priority: Priority | None = None


def place_active(keys: Sequence[int], now: int, started: list[int], waiting: list[int],
                  started_status: str, waiting_status: str) -> dict[int, Fate]:
    """Started jobs take the latest slots before now, waiting ones the next slots after it.

    ``keys`` are sorted ``ts << 6 | slot``. Returns ``{index in keys: Fate}``.
    """
    split = bisect.bisect_right(keys, now << 6 | 63)
    fates: dict[int, Fate] = {}
    for index, tech in zip(range(split - 1, -1, -1), started):
        fates[index] = Fate(started_status, tech)
    free = itertools.chain(range(split, len(keys)), range(split - 1 - len(started), -1, -1))
    for index, tech in zip(free, waiting):
        fates[index] = Fate(waiting_status, tech)
    return fates


# A story is a list of steps, one per status change, each becoming one StatusEvent. Steps are plain
# lists, not objects: a million appointments make four million of them.
#     [action, from status, to status, actor, at (epoch seconds), note, subject]
# ``subject`` is the technician a step assigns, reassigns or adds as helper; once the times are
# settled, the step's ``at`` as stored text is appended (STAMP), for the event and the row alike.
ACTION, SOURCE, TARGET, ACTOR, AT, NOTE, SUBJECT, STAMP = range(8)


def _settle(steps: list[list], latest: int) -> None:
    """Make the steps' times rise by at least a minute each and end no later than ``latest``.

    Each story asks for plausible gaps; near "now" the gaps must squeeze, and
    the history must never run ahead of the clock.
    """
    previous = steps[0][AT]
    for step in steps[1:]:
        if step[AT] < previous + MINUTE:
            step[AT] = previous + MINUTE
        previous = step[AT]
    if previous > latest:
        steps[-1][AT] = latest
        for k in range(len(steps) - 2, -1, -1):
            if steps[k][AT] <= steps[k + 1][AT] - MINUTE:
                break
            steps[k][AT] = steps[k + 1][AT] - MINUTE


def tracked(steps: list[list]) -> tuple:
    """``created_at, created_by, updated_at, updated_by`` as the store leaves them: "updated" only after a change."""
    first, last = steps[0], steps[-1]
    if len(steps) == 1:
        return first[STAMP], first[ACTOR], None, None
    return first[STAMP], first[ACTOR], last[STAMP], last[ACTOR]


class Story:
    """What appointment and callback stories share: the shop, the clock, and turning steps into events."""

    kind = ""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self.rng = shop.rng
        self.now = shop.now
        self.next_id = shop.ids.taker(self.kind + "s")
        self.next_event = shop.ids.taker("status_events")

    def _created(self, ts: int, lead: int) -> int:
        """``lead`` before ``ts``, but never after now: a job in the future was booked in the past."""
        created = ts - lead
        return created if created < self.now else self.now - self.rng.between(MINUTE, 2 * DAY)

    def _settle_and_record(self, entity: int, steps: list[list], events: list[tuple]) -> None:
        """Squeeze the times into order before now (just before: not all at the same second), record events."""
        _settle(steps, self.now - self.rng.below(15 * MINUTE))
        next_event, kind, add = self.next_event, self.kind, events.append
        for step in steps:
            action, source, target, actor, at, note, _ = step
            text = stamp(at)
            step.append(text)
            add((next_event(), kind, entity, action, source, target, actor, text, note))


