"""Builders and checks shared by the store tests on SQLite (tests/store) and PostgreSQL (tests/postgres).

A ``Shop`` is a small, fully staffed shop in a fresh store: a manager, two
front-desk people, three technicians and a customer with a car and a
maintenance contract covering the whole of 2025-2027. ``appointment_in`` and
``callback_in`` drive a new job into any status through the store's own public
methods, so every test starts from states the store itself produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from repair_desktop.domain.errors import AlreadyClaimed, DomainError, InvalidTransition
from repair_desktop.domain.statuses import AppointmentStatus as A, CallbackStatus as C, Priority
from repair_desktop.domain.transitions import APPOINTMENT_WORKFLOW, CALLBACK_WORKFLOW, WorkflowTable

#: A Monday morning; every scheduled time in the tests is near it (contracts cover 2025-2027).
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: 10:00 on T0's Monday by the wall clock (naive: local time), inside the shop's default opening hours.
PLAN_START = datetime(2026, 3, 2, 10, 0)


class FakeClock:
    """``Store.open(url, clock=FakeClock(...))``: time moves only when a test says so."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class RunningClock:
    """``Store.open(url, clock=RunningClock())``: real time's pace, but starting at ``start``.

    The store refuses to schedule more than a year before its "now", and the
    tests' jobs are scheduled near T0: on a store that reads the real clock they
    would be refused from a year after T0 on. Timestamps still move on between
    writes, as they do at a desk.
    """

    def __init__(self, start: datetime = T0) -> None:
        self.offset = start - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def all_actions(table: WorkflowTable, statuses) -> list[str]:
    """Every action of a workflow table (those with at least one source status)."""
    seen: list[str] = []
    for status in statuses:
        for action in table.actions_from(status):
            if action not in seen:
                seen.append(action)
    return seen


APPOINTMENT_ACTIONS = all_actions(APPOINTMENT_WORKFLOW, A)
CALLBACK_ACTIONS = all_actions(CALLBACK_WORKFLOW, C)


@dataclass
class Shop:
    store: object
    manager: int
    desk: int
    desk2: int
    techs: list[int]
    customer: int
    vehicle: int

    def book(self, concern: str = "Brakes squeal", at: datetime | None = None, actor: int | None = None) -> int:
        return self.store.book_appointment(self.vehicle, at or T0 + timedelta(hours=1), concern,
                                           actor or self.desk).id

    def new_callback(self, description: str = "Check the A/C after service", priority: str = "medium",
                     at: datetime | None = None, customer: int | None = None) -> int:
        return self.store.create_callback(customer or self.customer, at or T0 + timedelta(hours=2), description,
                                          priority, self.desk).id

    def events(self, kind: str, entity_id: int) -> list[tuple]:
        """The history as ``(action, from, to, actor)`` tuples, oldest first."""
        return [(e.action, e.from_status, e.to_status, e.actor_id) for e in self.store.history(kind, entity_id)]


def make_shop(store, technicians: int = 3, prefix: str = "") -> Shop:
    """``prefix`` names a second staff in the same store (names are unique)."""
    first = next(iter(store.employees(role="manager")), None)  # a second staff is added by the first's manager
    manager = store.add_employee(f"{prefix}Maria Manager", "manager", actor=first and first.id).id
    desk = store.add_employee(f"{prefix}Dan Desk", "front_desk", actor=manager).id
    desk2 = store.add_employee(f"{prefix}Dora Desk", "front_desk", actor=manager).id
    techs = [store.add_employee(f"{prefix}Tech {chr(ord('A') + i)}", "technician", actor=manager).id
             for i in range(technicians)]
    customer = store.add_customer("Ann Customer", phone="555-0100", email="ann@example.com").id
    store.add_contract(customer, date(2025, 1, 1), date(2027, 12, 31))
    vehicle = store.add_vehicle(customer, "VW", "Golf", "ab12 cde", year=2019).id
    return Shop(store, manager, desk, desk2, techs, customer, vehicle)


# --- driving a job into a status -------------------------------------------------------------

APPOINTMENT_PATHS = {
    A.SCHEDULED: [],
    A.ASSIGNED: ["assign_technician"],
    A.IN_PROGRESS: ["assign_technician", "start_work"],
    A.COMPLETED: ["assign_technician", "start_work", "complete_work"],
    A.CANCELLED: ["cancel"],
}

CALLBACK_PATHS = {
    C.PENDING: [],
    C.OPEN: ["claim_callback"],
    C.IN_PROGRESS: ["claim_callback", "start_callback"],
    C.RESOLVED: ["claim_callback", "start_callback", "resolve_callback"],
    C.CLOSED: ["claim_callback", "start_callback", "resolve_callback", "close_callback"],
    C.CANCELLED: ["cancel_callback"],
}


def do_appointment(shop: Shop, action: str, appointment_id: int, actor: int, technician: int | None = None):
    """Perform one workflow action through the store's public method for it."""
    s = shop.store
    if action == "assign_technician":
        return s.assign_technician(appointment_id, technician, actor)
    if action == "unassign":
        return s.unassign(appointment_id, actor)
    if action == "start_work":
        return s.start_work(appointment_id, actor)
    if action == "complete_work":
        return s.complete_work(appointment_id, actor)
    if action == "cancel":
        return s.cancel_appointment(appointment_id, "Customer called off", actor)
    if action == "edit":
        return s.update_appointment(appointment_id, actor, concern="Brakes squeal and pull left")
    if action == "plan":  # for whoever it is planned for (nobody, or its technician): no reassignment
        planned = s.appointment(appointment_id).planned_technician_id
        return s.plan_appointment(appointment_id, planned, PLAN_START, 90, actor)
    raise AssertionError(f"no store call for appointment action {action!r}")


def do_callback(shop: Shop, action: str, callback_id: int, actor: int, technician: int | None = None):
    s = shop.store
    if action == "claim_callback":
        return s.claim_callback(callback_id, actor)
    if action == "start_callback":
        return s.start_callback(callback_id, actor)
    if action == "resolve_callback":
        return s.resolve_callback(callback_id, actor)
    if action == "close_callback":
        return s.close_callback(callback_id, actor)
    if action == "reassign_callback":
        return s.reassign_callback(callback_id, technician, actor)
    if action == "release_callback":
        return s.release_callback(callback_id, actor)
    if action == "cancel_callback":
        return s.cancel_callback(callback_id, "Customer sold the car", actor)
    if action == "add_helper":
        return s.add_helper(callback_id, technician, actor)
    if action == "edit":
        return s.update_callback(callback_id, actor, description="Check the A/C and the cabin filter")
    if action == "delete_callback":
        return s.delete_callback(callback_id, actor)
    raise AssertionError(f"no store call for callback action {action!r}")


def appointment_in(shop: Shop, status: A, technician: int | None = None) -> int:
    """A new appointment driven into ``status``; its technician (if any) is ``technician`` or techs[0]."""
    tech = technician if technician is not None else shop.techs[0]
    appointment_id = shop.book()
    for action in APPOINTMENT_PATHS[A(status)]:
        actor = tech if action in ("start_work", "complete_work") else shop.desk
        do_appointment(shop, action, appointment_id, actor, tech)
    assert shop.store.appointment(appointment_id).status == status
    return appointment_id


def callback_in(shop: Shop, status: C, technician: int | None = None) -> int:
    """A new callback driven into ``status``; the claimer (if any) is ``technician`` or techs[0]."""
    tech = technician if technician is not None else shop.techs[0]
    callback_id = shop.new_callback()
    for action in CALLBACK_PATHS[C(status)]:
        actor = tech if action in ("claim_callback", "start_callback", "resolve_callback") else shop.desk
        do_callback(shop, action, callback_id, actor, tech)
    assert shop.store.callback(callback_id).status == status
    return callback_id


# --- the workflow matrix: one (action, status) cell, checked through the store -----------------------

def check_appointment_cell(shop: Shop, action: str, status: A) -> None:
    """Drive a job into ``status``, try ``action`` as the manager, compare with the table."""
    s = shop.store
    owner, other = shop.techs[0], shop.techs[1]
    appointment_id = appointment_in(shop, status, owner)
    before = shop.events("appointment", appointment_id)
    version = s.appointment(appointment_id).version
    allowed = APPOINTMENT_WORKFLOW.allows(action, status)
    target = APPOINTMENT_WORKFLOW[action].target or status
    if allowed:
        # assign_technician from assigned means "another technician".
        result = do_appointment(shop, action, appointment_id, shop.manager, other)
        assert result.status == target
        row = s.appointment(appointment_id)
        assert row.status == target
        assert row.version == version + 1
        new = shop.events("appointment", appointment_id)[len(before):]
        if action == "edit":
            assert new == [], "an edit is not a status change"
        else:
            assert new == [(action, status, target, shop.manager)]
    else:
        with pytest.raises(InvalidTransition) as refused:
            do_appointment(shop, action, appointment_id, shop.manager, other)
        assert type(refused.value) is InvalidTransition
        assert status.label.lower() in str(refused.value)
        row = s.appointment(appointment_id)
        assert (row.status, row.version) == (status, version)
        assert shop.events("appointment", appointment_id) == before


def callback_cell_actor(shop: Shop, action: str) -> int:
    """Who tries ``action`` in the matrix: someone the table would let do it from a source status."""
    if action == "claim_callback":
        return shop.techs[1]  # a technician claims for themselves; techs[0] is the claimer of held callbacks
    if action in ("start_callback", "resolve_callback"):
        return shop.techs[0]  # the claimer
    return shop.manager


def check_callback_cell(shop: Shop, action: str, status: C) -> None:
    s = shop.store
    owner, other = shop.techs[0], shop.techs[1]
    callback_id = callback_in(shop, status, owner)
    before = shop.events("callback", callback_id)
    version = s.callback(callback_id).version
    actor = callback_cell_actor(shop, action)
    allowed = CALLBACK_WORKFLOW.allows(action, status)
    target = CALLBACK_WORKFLOW[action].target or status
    if allowed:
        result = do_callback(shop, action, callback_id, actor, other)
        if action == "delete_callback":
            assert result is None
            assert not any(r.id == callback_id for r in s.list_callbacks(limit=1000).rows)
            after = shop.events("callback", callback_id)
        else:
            assert result.status == target
            row = s.callback(callback_id)
            assert row.status == target
            assert row.version == version + 1
            after = shop.events("callback", callback_id)
        new = after[len(before):]
        if action == "edit":
            assert new == [], "an edit is not a status change"
        else:
            assert new == [(action, status, target, actor)]
    else:
        # A claim on a callback someone holds is the race's loser: AlreadyClaimed, a
        # refusal of the same move; every other refused move is InvalidTransition.
        expected = AlreadyClaimed if action == "claim_callback" and status in (C.OPEN, C.IN_PROGRESS) \
            else InvalidTransition
        with pytest.raises(expected) as refused:
            do_callback(shop, action, callback_id, actor, other)
        assert type(refused.value) is expected
        row = s.callback(callback_id)
        assert (row.status, row.version) == (status, version)
        assert shop.events("callback", callback_id) == before


# --- listings: a shop with ties, NULLs and hostile text -----------------------------------------------

HOSTILE_TEXTS = [
    "100% Motors",
    "under_score Ltd",
    "Back\\slash Garage",
    "Slash/Dot Cars",
    "O'Brien & Sons",
    "'; DROP TABLE appointments; --",
    "Zoë Größe",
    "日本車センター",
]

#: Searches to try: each must return exactly the rows containing every word.
HOSTILE_SEARCHES = [
    "%", "_", "%%", "\\", "/", "'", "''", "'; DROP TABLE appointments; --", "DROP TABLE", "--", ";",
    "100%", "r_s", "k\\s", "h/D", "Zoë", "Größe", "日本", "センター", "O'Brien", "&", "ann", "ANN",
    "a%b", "[a-z]", "*", "?", "\"", "    ", "ann\x00", "\x00", "Sm\x00ith",
]


def ascii_fold(text: str | None) -> str:
    """Lower-case ASCII letters only, as SQLite's lower() (and PostgreSQL's under the C locale) do."""
    return "".join(c.lower() if c.isascii() else c for c in (text or ""))


def text_matches(search: str, fields) -> bool:
    """The store's rule: every word (a NUL separates words too) is in one of the fields."""
    return all(any(ascii_fold(word) in ascii_fold(f) for f in fields) for word in search.replace("\x00", " ").split())


@dataclass
class ListingShop:
    shop: Shop
    customers: dict[str, int]
    appointments: list[int]
    callbacks: list[int]
    deleted_callbacks: list[int]


def make_listing_shop(store, clock: FakeClock) -> ListingShop:
    """~40 appointments and ~40 callbacks with ties in every sort key, NULL technicians, hostile text.

    The clock moves in steps of 0 or 1 minute, so created/assigned/started
    times tie in runs; scheduled times come from a set of four.
    """
    shop = make_shop(store, technicians=4)
    store.set_capacity_limit(10, shop.manager)
    names = ["Ann Able", "Ann Able", "ann able", "Bob Baker", *HOSTILE_TEXTS]
    customers: dict[str, int] = {}
    vehicles = []
    for i, name in enumerate(names):
        cid = store.add_customer(name, phone=f"555-01{i:02d}").id
        customers.setdefault(name, cid)
        store.add_contract(cid, date(2025, 1, 1), date(2027, 12, 31))
        plate = ["AA11 AAA", "AA11 AAA", "zz99 zzz", f"P{i}_%"][i % 4]
        vehicles.append((cid, store.add_vehicle(cid, ["VW", "Ford", "Škoda"][i % 3], ["Golf", "Focus", "Octavia"][i % 3],
                                                plate).id))
    slots = [T0, T0, T0 + timedelta(hours=1), T0 - timedelta(days=1)]
    concerns = ["Brakes squeal", "Brakes squeal", "A/C not cold", "50% power loss", "oil_change",
                "rattle \\ knock", *HOSTILE_TEXTS]
    statuses = [A.SCHEDULED, A.ASSIGNED, A.IN_PROGRESS, A.COMPLETED, A.CANCELLED]
    appointments = []
    for i in range(40):
        clock.advance(minutes=i % 2)
        _, vehicle = vehicles[i % len(vehicles)]
        appointment_id = store.book_appointment(vehicle, slots[i % 4] + timedelta(minutes=15 * (i % 3)),
                                                concerns[i % len(concerns)], shop.desk).id
        status = statuses[(i * 3) % 5]
        tech = shop.techs[i % 4]
        for action in APPOINTMENT_PATHS[status]:
            clock.advance(minutes=(i + 1) % 2)
            actor = tech if action in ("start_work", "complete_work") else shop.desk
            do_appointment(shop, action, appointment_id, actor, tech)
        appointments.append(appointment_id)
    cb_statuses = list(C)
    priorities = list(Priority)
    callbacks, deleted = [], []
    descriptions = ["Noise again", "Noise again", "A/C weak", *HOSTILE_TEXTS]
    for i in range(40):
        clock.advance(minutes=i % 2)
        cid = customers[names[i % len(names)]]
        callback_id = store.create_callback(cid, slots[(i * 7) % 4], descriptions[i % len(descriptions)],
                                            priorities[(i * 5) % 4], shop.desk).id
        status = cb_statuses[i % len(cb_statuses)]
        tech = shop.techs[(i // 2) % 4]
        for action in CALLBACK_PATHS[status]:
            actor = tech if action in ("claim_callback", "start_callback", "resolve_callback") else shop.desk
            do_callback(shop, action, callback_id, actor, tech)
        if i % 9 == 4 and status in (C.PENDING, C.RESOLVED, C.CLOSED, C.CANCELLED):
            store.delete_callback(callback_id, shop.desk)
            deleted.append(callback_id)
        else:
            callbacks.append(callback_id)
    assert deleted, "the listing shop must hold deleted callbacks"
    return ListingShop(shop, customers, appointments, callbacks, deleted)


_EPOCH = datetime(1900, 1, 1, tzinfo=UTC)

#: For each appointment sort key: the row's value in the order the store promises.
APPOINTMENT_SORT_VALUES = {
    "id": lambda r: r.id,
    "scheduled_at": lambda r: r.scheduled_at,
    "status": lambda r: str(r.status),
    "customer": lambda r: (r.customer_name, r.customer_id),  # namesakes stay apart, each with their jobs
    "vehicle": lambda r: (r.plate, r.vehicle_id),
    "concern": lambda r: r.concern[:120],  # the first 120 characters; ties in those go by id
    "technician": lambda r: r.technician_name or "",  # no technician sorts first
    "assigned_at": lambda r: r.assigned_at or _EPOCH,
    "started_at": lambda r: r.started_at or _EPOCH,
    "completed_at": lambda r: r.completed_at or _EPOCH,
    "created_at": lambda r: r.created_at,
}

CALLBACK_SORT_VALUES = {
    "priority": lambda r: (r.priority.rank, r.scheduled_at),
    "scheduled_at": lambda r: r.scheduled_at,
    "job_number": lambda r: r.id,
    "status": lambda r: (str(r.status), r.priority.rank, r.scheduled_at),
    "customer": lambda r: (r.customer_name, r.customer_id),
    "created_at": lambda r: r.created_at,
    "deadline": lambda r: (r.priority.rank, r.respond_by),
}


def walk_pages(list_page, limit: int, **kwargs) -> list:
    """Every row of a listing, fetched ``limit`` at a time by handing back each page's cursor."""
    rows, cursor, pages = [], None, 0
    while True:
        page = list_page(after=cursor, limit=limit, **kwargs)
        pages += 1
        assert len(page.rows) <= limit
        rows.extend(page.rows)
        if page.next_cursor is None:
            break
        assert len(page.rows) == limit, "only the last page may be short"
        cursor = page.next_cursor
        assert pages <= 1000, "paging does not end"
    assert rows or pages == 1
    return rows


def expected_order(rows, value, descending: bool) -> list[int]:
    return [r.id for r in sorted(rows, key=lambda r: (value(r), r.id), reverse=descending)]


def assert_pages_cover(list_page, every_row, value, descending: bool, limits=(1, 3, 7, 1000), **kwargs) -> None:
    """Paged with any page size, the listing is exactly ``every_row`` in the promised order."""
    want = expected_order(every_row, value, descending)
    assert len(set(want)) == len(want)
    for limit in limits:
        got = [r.id for r in walk_pages(list_page, limit, descending=descending, **kwargs)]
        assert len(got) == len(set(got)), f"duplicates with pages of {limit}"
        assert got == want, f"pages of {limit}"


def raises_exactly(error_type: type[DomainError], call, *args, **kwargs) -> DomainError:
    """Call and insist on exactly ``error_type`` (not a subclass, never a raw driver error)."""
    try:
        call(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the point is to see what escapes
        assert type(error) is error_type, f"{type(error).__module__}.{type(error).__qualname__}: {error}"
        assert str(error), "a refusal must say why"
        return error
    raise AssertionError(f"{getattr(call, '__name__', call)} did not raise {error_type.__name__}")


def corrupt(path: Path) -> None:
    """Scribble over the b-tree page headers after the first page: what a bad disk sector does."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        for page in range(1, size // 4096):
            f.seek(page * 4096)
            f.write(b"\x0d\xff\xff\xff\xff\xff\xff\xff")


def move_schema(store, revision: str, way) -> None:
    """Take ``store``'s database to ``revision`` with Alembic's ``way`` (``command.upgrade`` or ``downgrade``)."""
    from repair_desktop.store.schema import alembic_config

    config = alembic_config()
    with store._write_engine.begin() as connection:
        config.attributes["connection"] = connection
        way(config, revision)
