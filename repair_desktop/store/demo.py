"""Realistic demo data: a small lively shop for trying the program, or millions of rows for measuring it.

``fill_demo(store)`` gives a shop whose board looks like a real working day:
jobs booked for today, technicians with work in hand, callbacks waiting in
every priority, and two years of finished work behind it for the charts.
``fill_demo(store, scale=1_000_000)`` writes that many appointments (about a
tenth as many callbacks, a fifth as many customers) in about a minute.

The data obeys every rule the store enforces, because the UI and the tests
trust it: each status change has its StatusEvent (a permitted move by a
permitted person, timestamps rising, the row's status equal to the last
event's), no technician holds more active jobs than the capacity limit (so
only a handful of recent rows are active; history is completed or cancelled,
the future scheduled), and callbacks only exist for customers whose
maintenance contract covers the day.

Why it bypasses the ORM: a million appointments mean five million rows, and
SQLAlchemy's per-value type processing alone costs more than the database's
own work (measured: ~6 µs a row). So every row is a plain tuple, generated in
order from one seeded random stream (same seed and clock, same shop), with
timestamps already in the text UTCDateTime stores (checked against the column
type on every run), and ids handed out here, so events point at their rows
without a round trip. One write transaction takes it all: multi-row INSERTs
on SQLite, COPY on PostgreSQL, secondary indexes (and PostgreSQL's foreign
keys) rebuilt once at the end, while a helper thread generates the next batch.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import random
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from queue import Empty, Queue
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Table, TextClause, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError

from ..domain.errors import ValidationError
from ..domain.deadlines import DEFAULT_TARGETS
from ..domain.statuses import AppointmentStatus as A, CallbackStatus as C, Priority, Role
from .base import DEFAULT_CAPACITY
from .engine import translate
from .models import (Appointment, Callback, CallbackHelper, Customer, Employee, MaintenanceContract, Setting,
                     StatusEvent, Vehicle)
from .security import hash_secret

if TYPE_CHECKING:  # the store may one day offer fill_demo as a method: no import cycle at run time
    from .store import Store

MINUTE, HOUR, DAY = 60, 3600, 86400
BATCH = 20_000  # rows generated and written at a time: bounded memory, big enough for fast inserts


@dataclass(frozen=True)
class DemoSignIn:
    """Who can sign in to the demo shop, printed by ``repair-desktop demo``."""

    name: str
    role: Role
    pin: str


def fill_demo(store: Store, scale: int | None = None, *, seed: int = 7,
              progress: Callable[[int, int], None] | None = None) -> list[DemoSignIn]:
    """Fill an empty database with a demo shop; returns who can sign in, with their PINs.

    ``scale=None`` is a small lively shop (about 400 appointments, 60 callbacks);
    ``scale=N`` writes N appointments, about N/10 callbacks and N/5 customers.
    ``progress(done, total)`` is called after every batch. Raises
    ``ValidationError`` when the database already holds employees or appointments.
    """
    plan = Plan.small() if scale is None else Plan.bulk(scale)
    engine = store._write_engine
    try:
        with engine.connect() as connection, _write_transaction(connection):
            _require_empty(connection)
            shop = Shop(plan, Dice(seed), store._now(), _capacity(connection), _next_ids(connection))
            writer = SQLiteWriter(connection) if connection.dialect.name == "sqlite" else PostgresWriter(connection)
            with _indexes_and_keys_afterwards(connection):
                signins = _fill(shop, writer, progress or (lambda done, total: None))
            writer.finish()
    except DBAPIError as error:
        raise translate(error) from error
    _truncate_wal(engine)
    return signins


def _fill(shop: Shop, writer: Writer, progress: Callable[[int, int], None]) -> list[DemoSignIn]:
    """Write the staff, then every batch the generators make, reporting progress as batches land."""
    plan = shop.plan
    total = plan.customers + plan.appointments + plan.callbacks
    progress(0, total)
    rows, signins = _staff(shop)
    writer.write(Employee, rows)
    shop.active = _active_jobs(shop)
    done = 0
    for count, tables in _ahead(_batches(shop)):
        for model, table_rows in tables:
            writer.write(model, table_rows)
        done += count
        progress(done, total)
    progress(total, total)
    return signins


Batch = tuple[int, list[tuple[type, list[tuple]]]]  # (progress units, [(model, rows), ...]) in write order


def _batches(shop: Shop) -> Iterator[Batch]:
    """Everything after the staff, in the order foreign keys need: customers and vehicles, contracts, jobs."""
    for customers, vehicles in _customers_and_vehicles(shop):
        yield len(customers), [(Customer, customers), (Vehicle, vehicles)]
    yield 0, [(MaintenanceContract, _contracts(shop))]
    for appointments, events in _appointments(shop):
        yield len(appointments), [(Appointment, appointments), (StatusEvent, events)]
    for callbacks, helpers, events in _callbacks(shop):
        yield len(callbacks), [(Callback, callbacks), (CallbackHelper, helpers), (StatusEvent, events)]


_END = object()


def _ahead(batches: Iterator[Batch], depth: int = 2) -> Iterator[Batch]:
    """Run ``batches`` in a helper thread, ``depth`` batches ahead of the writer.

    The database does most of its work with the GIL released (SQLite's
    ``step``, PostgreSQL's COPY), so generating the next batch meanwhile uses
    the second core. Only the helper touches the random stream, so the data
    stays the same as without it. Errors in the helper are raised here.
    """
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                queue.put(batch)
            queue.put(_END)
        except BaseException as error:  # handed to the writer's thread, which raises it
            queue.put(error)

    helper = threading.Thread(target=produce, name="demo-data", daemon=True)
    helper.start()
    try:
        while (item := queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while helper.is_alive():  # unblock a helper waiting to put, then let it finish
            try:
                queue.get(timeout=0.05)
            except Empty:
                pass


# --- how big -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Sizes, and the least a region of the calendar must hold so that today's board looks real."""

    appointments: int
    callbacks: int
    customers: int
    technicians: int
    years: int  # of history before today
    today_min: int  # appointments today
    future_min: int  # appointments in the next three weeks
    callbacks_future_min: int  # pending callbacks waiting to be picked
    callbacks_recent_min: int  # callbacks of the last few days (the ones technicians hold now)

    @classmethod
    def small(cls) -> Plan:
        return cls(appointments=400, callbacks=60, customers=150, technicians=8, years=2,
                   today_min=12, future_min=45, callbacks_future_min=14, callbacks_recent_min=8)

    @classmethod
    def bulk(cls, scale: int) -> Plan:
        if scale < 1:
            raise ValidationError("The demo scale must be at least 1 appointment.")
        return cls(appointments=scale, callbacks=max(scale // 10, 1), customers=max(scale // 5, 50),
                   technicians=10, years=4, today_min=min(12, scale), future_min=min(45, scale),
                   callbacks_future_min=min(14, scale // 10), callbacks_recent_min=min(8, scale // 10))


# --- the calendar and how timestamps are stored ------------------------------------------------------------

OPENS, CLOSES = 8, 17  # the shop's local hours
APPOINTMENT_SLOT = 15 * MINUTE
CALLBACK_SLOT = 30 * MINUTE
FUTURE_DAYS = 15  # working days ahead that can be booked
RECENT_DAYS = 3  # working days before today whose jobs may still be in hand


class Calendar:
    """Working days (weekdays, plus the day the demo is made: the shop is open when you look at it).

    Times are whole seconds since the epoch (UTC) for speed; each working day
    knows when it opens in UTC, which follows the PC's time zone and its DST.
    """

    def __init__(self, now: datetime, years: int) -> None:
        self.now = int(now.timestamp())
        self.today = now.astimezone().date()
        first = self.today.replace(year=self.today.year - years, day=min(self.today.day, 28))
        past = (first + timedelta(n) for n in range((self.today - first).days))
        ahead = (self.today + timedelta(n) for n in range(1, 3 * FUTURE_DAYS))
        future = [d for d in ahead if d.weekday() < 5][:FUTURE_DAYS]
        self.days = [d for d in past if d.weekday() < 5] + [self.today] + future
        self.ordinals = [d.toordinal() for d in self.days]
        self.opens = [int(datetime(d.year, d.month, d.day, OPENS).astimezone().timestamp()) for d in self.days]
        self.today_index = len(self.days) - len(future) - 1
        self.start = self.opens[0] - DAY  # history begins the evening before the first working day

    def regions(self) -> dict[str, range]:
        """Day indices of the stretches the plan talks about."""
        t = self.today_index
        recent = max(0, t - RECENT_DAYS)
        return {"past": range(0, recent), "recent": range(recent, t), "today": range(t, t + 1),
                "future": range(t + 1, len(self.days))}

    def day_span(self, first: date, last: date) -> range:
        """Indices of the working days from ``first`` to ``last`` inclusive."""
        return range(bisect.bisect_left(self.ordinals, first.toordinal()),
                     bisect.bisect_right(self.ordinals, last.toordinal()))


_DAY_TEXT: dict[int, str] = {}
_TIME_TEXT: list[str] = []  # "HH:MM:SS.000000" for each second of a day, made on first use


def stamp(ts: int | None) -> str | None:
    """Seconds since the epoch as UTCDateTime stores them: naive UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``.

    A cached day prefix and time-of-day suffix: ~0.2 µs, where SQLAlchemy's
    type processing takes ~6 µs. ``_check_stamps`` proves the two equal.
    """
    if ts is None:
        return None
    day, second = divmod(ts, DAY)
    try:
        return _DAY_TEXT[day] + _TIME_TEXT[second]
    except (KeyError, IndexError):
        if not _TIME_TEXT:
            _TIME_TEXT.extend(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(DAY))
        _DAY_TEXT[day] = (date(1970, 1, 1) + timedelta(day)).isoformat() + " "
        return _DAY_TEXT[day] + _TIME_TEXT[second]


def _check_stamps(connection: Connection) -> None:
    """Refuse to write a timestamp that the column type would have written differently."""
    column = Appointment.__table__.c.scheduled_at.type
    dialect = connection.dialect
    process = column.dialect_impl(dialect).bind_processor(dialect)
    for ts in (0, 1_700_000_123, 1_900_000_000):
        expected = process(datetime.fromtimestamp(ts, UTC)) if process else None
        if isinstance(expected, str) and expected != stamp(ts):
            raise AssertionError(f"demo timestamps would be stored as {stamp(ts)!r}, not {expected!r}")


# --- the shop being built ------------------------------------------------------------------------------------


class Ids:
    """Counters of the next free id of each table: rows are written with their ids, so others can point at them."""

    def __init__(self, first: dict[str, int]) -> None:
        self._counters = {table: itertools.count(start) for table, start in first.items()}

    def take(self, table: str) -> int:
        return next(self._counters[table])

    def taker(self, table: str) -> Callable[[], int]:
        """``take`` for one table, as a bare function for the hot loops."""
        return self._counters[table].__next__


class Dice(random.Random):
    """``random.Random`` with quick draws: ``randrange`` and ``choice`` take ~0.5 µs, too much 20 million times."""

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """From ``low`` up to (not including) ``high``; ``low`` when the range is empty."""
        return low + int(self.random() * (high - low)) if high > low else low

    def pick(self, seq: Sequence):
        return seq[int(self.random() * len(seq))]


@dataclass
class Shop:
    """What the generators share: the plan, the one random stream, the calendar and the people."""

    plan: Plan
    rng: Dice
    clock: datetime
    capacity: int
    ids: Ids
    calendar: Calendar = field(init=False)
    technicians: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    desk_pool: list[int] = field(default_factory=list)  # who does desk work, weighted: clerks more than the manager
    customer_created: list[int] = field(default_factory=list)  # per customer, rising
    customer_ids: list[int] = field(default_factory=list)
    vehicles_before: list[int] = field(default_factory=list)  # vehicles of the customers before this one
    vehicle_ids: list[int] = field(default_factory=list)
    vehicle_owner: list[int] = field(default_factory=list)
    contract_spans: list[tuple[int, date, date]] = field(default_factory=list)  # (customer, from, to), not cancelled
    active: ActiveJobs | None = None  # dealt out once the technicians exist

    def __post_init__(self) -> None:
        self.calendar = Calendar(self.clock, self.plan.years)

    @property
    def now(self) -> int:
        return self.calendar.now

    def desk(self) -> int:
        """Someone at the counter (a clerk, sometimes the manager): who books, assigns, closes, cancels."""
        pool = self.desk_pool
        return pool[int(self.rng.random() * len(pool))]

    def worker(self, technician: int) -> int:
        """Who moves a technician's job along: usually the technician, now and then the desk for them."""
        return technician if self.rng.random() < 0.92 else self.desk()

    def other_technician(self, *busy: int) -> int:
        while (tech := self.rng.pick(self.technicians)) in busy:
            pass
        return tech

    def spread(self, count: int, minimums: dict[str, int], slot: int) -> list[int]:
        """``count`` start times on working days, sorted; each region gets at least its minimum.

        The past is weighted towards the present (the shop has grown); the
        future thins out (fewer bookings far ahead). Returns ``ts << 6 | slot``
        so the slot index (time of day) survives the sort.
        """
        cal, rng = self.calendar, self.rng
        counts = _region_counts(count, minimums, cal)
        keys: list[int] = []
        for region, days in cal.regions().items():
            n = counts[region]
            if not n or not days:
                continue
            weights = _region_weights(region, len(days))
            slots = (CLOSES - OPENS) * HOUR // slot
            for d in rng.choices(days, cum_weights=weights, k=n):
                s = rng.below(slots)
                keys.append((cal.opens[d] + s * slot) << 6 | s)
        keys.sort()
        return keys


def _region_counts(count: int, minimums: dict[str, int], cal: Calendar) -> dict[str, int]:
    """Each region's share of ``count`` by its number of days, raised to its minimum; the past takes the rest."""
    regions = cal.regions()
    total_days = len(cal.days)
    counts = {r: max(minimums.get(r, 0), round(count * len(d) / total_days)) for r, d in regions.items() if r != "past"}
    left = count
    for region in ("today", "future", "recent"):
        counts[region] = min(counts[region], left)
        left -= counts[region]
    counts["past"] = left
    return counts


def _region_weights(region: str, days: int) -> list[float]:
    """Cumulative weights over a region's days: past ramps up from 0.4 to 1, future fades from 1 to 0.4."""
    if region == "past":
        raw = [0.4 + 0.6 * i / max(days - 1, 1) for i in range(days)]
    elif region == "future":
        raw = [1.0 - 0.6 * i / max(days - 1, 1) for i in range(days)]
    else:
        raw = [1.0] * days
    return list(itertools.accumulate(raw))


# --- people -------------------------------------------------------------------------------------------------

MANAGER = "Linda Okafor"
FRONT_DESK = ("Jenny Park", "Marcus Reed")
TECHNICIAN_POOL = ("Carlos Mendoza", "Dave Kowalski", "Priya Raman", "Tom Becker", "Andre Jackson", "Mike Sullivan",
                   "Hector Alvarez", "Sam Whitfield", "Raj Patel", "Kevin O'Brien", "Luis Ortega", "Jake Morrison")
#: One PIN per role, easy to remember in a demo; each is hashed once (scrypt is slow on purpose).
PINS = {Role.MANAGER: "1234", Role.FRONT_DESK: "1111", Role.TECHNICIAN: "0000"}


def _staff(shop: Shop) -> tuple[list[tuple], list[DemoSignIn]]:
    rng = shop.rng
    people = [(MANAGER, Role.MANAGER)] + [(n, Role.FRONT_DESK) for n in FRONT_DESK]
    people += [(n, Role.TECHNICIAN) for n in rng.sample(TECHNICIAN_POOL, shop.plan.technicians)]
    hashes = {role: hash_secret(pin) for role, pin in PINS.items()}
    hired = stamp(shop.calendar.start - 30 * DAY)
    rows, signins = [], []
    for name, role in people:
        employee = shop.ids.take("employees")
        rows.append((employee, name, role.value, True, hashes[role], hired))
        signins.append(DemoSignIn(name, role, PINS[role]))
        shop.names[employee] = name
        if role == Role.TECHNICIAN:
            shop.technicians.append(employee)
        else:
            shop.desk_pool += [employee] * (1 if role == Role.MANAGER else 3)
    return rows, signins


# --- customers and their vehicles ---------------------------------------------------------------------------

FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Christopher Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Steven Ashley Paul "
    "Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah "
    "Ronald Stephanie Jason Rebecca Ryan Laura Jacob Sharon Gary Cynthia Nicholas Kathleen Eric Amy Jonathan Angela "
    "Larry Anna Justin Ruth Scott Brenda Brandon Pamela Benjamin Nicole Samuel Katherine Gregory Samantha Alexander "
    "Christine Patrick Emma Frank Catherine Raymond Olivia Jack Maria Dennis Heather Jerry Diane Tyler Julie Aaron "
    "Victoria Jose Kelly Adam Lauren Nathan Joan Henry Evelyn Zachary Grace Peter Chloe Kyle Mei Wei Aisha Omar "
    "Fatima Hiroshi Yuki Ana Diego Sofia Mateo Valentina Arjun Ananya Kwame Amara Ivan Olga Liam Noah Ava Mia").split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson "
    "Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
    "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris "
    "Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward "
    "Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders "
    "Patel Myers Long Ross Foster Jimenez Chen Wang Singh Okafor Mensah Kowalski Novak Schmidt Becker Rossi Ferrari "
    "Tanaka Sato Yamamoto Haddad Khan Ali Ivanova Petrov Larsen Olsen Murray Sullivan Byrne").split()
BUSINESS_KINDS = ("Plumbing", "Landscaping", "Courier Co.", "Electric", "Catering", "Florist", "Roofing",
                  "Cleaning Services", "Builders", "Pest Control", "Moving & Storage", "Home Care")
STREETS = ("Maple", "Oak", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Church", "River",
           "Sunset", "Highland", "Meadow", "Forest", "Spring", "Mill", "Ridge", "Walnut", "Franklin", "Lincoln",
           "Jefferson", "Madison", "Chestnut", "Willow", "Birch", "Cherry", "Orchard", "Valley")
STREET_KINDS = ("St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd", "Way", "Pl")
TOWNS = (("Springfield", "IL", "627"), ("Riverton", "IL", "628"), ("Oak Park", "IL", "603"),
         ("Naperville", "IL", "605"), ("Evanston", "IL", "602"), ("Joliet", "IL", "604"), ("Aurora", "IL", "605"), ("Elgin", "IL", "601"),
         ("Wheaton", "IL", "601"), ("Skokie", "IL", "600"))
AREA_CODES = ("217", "312", "630", "708", "773", "815", "847", "872")
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com")


def _customers_and_vehicles(shop: Shop) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Customers in the order they became customers, each with one to three vehicles.

    Two in five came over from the shop's old card file before the history
    starts; the rest joined since. ``shop`` remembers when each joined, so an
    appointment is only ever booked for a vehicle whose owner was already a
    customer.
    """
    rng, cal, n = shop.rng, shop.calendar, shop.plan.customers
    imported = n * 2 // 5
    joined = sorted([cal.start - rng.below(90 * DAY) for _ in range(imported)]
                    + [rng.between(cal.start, cal.now) for _ in range(n - imported)])
    next_customer, next_vehicle = shop.ids.taker("customers"), shop.ids.taker("vehicles")
    this_year = cal.today.year
    for first in range(0, n, BATCH):
        customers, vehicles = [], []
        for created in joined[first:first + BATCH]:
            customer = next_customer()
            customers.append((customer, *_contact(rng), stamp(created)))
            shop.customer_ids.append(customer)
            shop.customer_created.append(created)
            shop.vehicles_before.append(len(shop.vehicle_ids))
            r = rng.random()
            for _ in range(1 if r < 0.7 else 2 if r < 0.92 else 3):
                vehicle = next_vehicle()
                vehicles.append((vehicle, customer, *_vehicle(rng, this_year)))
                shop.vehicle_ids.append(vehicle)
                shop.vehicle_owner.append(customer)
        yield customers, vehicles
    shop.vehicles_before.append(len(shop.vehicle_ids))


def _contact(rng: Dice) -> tuple[str, str, str | None, str]:
    """Name, phone (555-01xx: reserved for fiction), e-mail at an example domain (or none) and address."""
    pick = rng.pick
    first, last = pick(FIRST_NAMES), pick(LAST_NAMES)
    number = rng.below(100)
    if rng.random() < 0.08:
        name = f"{last} {pick(BUSINESS_KINDS)}"
        email = f"office{number}@{last.lower()}-{pick(('works', 'co', 'services'))}.example.com"
    else:
        name = f"{first} {last}"
        email = f"{first.lower()}.{last.lower()}{number}@{pick(EMAIL_DOMAINS)}" if rng.random() < 0.8 else None
    phone = f"({pick(AREA_CODES)}) 555-01{number:02d}"
    town, state, zip_prefix = pick(TOWNS)
    address = (f"{rng.between(1, 9900)} {pick(STREETS)} {pick(STREET_KINDS)}, "
               f"{town}, {state} {zip_prefix}{rng.below(100):02d}")
    return name, phone, email, address


#: make -> (world manufacturer identifiers, models); newer-only models carry their first year.
MAKES = {
    "Toyota": (("JTD", "4T1", "2T3"), ("Corolla", "Camry", "RAV4", "Tacoma", "Highlander", "Prius", "Sienna")),
    "Honda": (("1HG", "2HG", "5J6"), ("Civic", "Accord", "CR-V", "Pilot", "Odyssey", "Fit")),
    "Ford": (("1FA", "1FT", "1FM"), ("F-150", "Escape", "Focus", "Explorer", "Fusion", "Transit", "Ranger")),
    "Chevrolet": (("1G1", "1GC", "2GN"), ("Silverado", "Malibu", "Equinox", "Impala", "Tahoe", "Express")),
    "Nissan": (("1N4", "JN8", "5N1"), ("Altima", "Rogue", "Sentra", "Frontier", "Pathfinder")),
    "Hyundai": (("KMH", "5NP", "5NM"), ("Elantra", "Sonata", "Tucson", "Santa Fe")),
    "Kia": (("KND", "5XY", "KNA"), ("Sorento", "Sportage", "Optima", "Soul", "Forte")),
    "Subaru": (("JF1", "JF2", "4S4"), ("Outback", "Forester", "Impreza", "Crosstrek")),
    "Volkswagen": (("3VW", "WVW", "1VW"), ("Jetta", "Golf", "Passat", "Tiguan")),
    "Jeep": (("1C4", "1J4"), ("Wrangler", "Grand Cherokee", "Cherokee", "Compass")),
    "Ram": (("1C6", "3C6"), ("1500", "2500", "ProMaster")),
    "Mazda": (("JM1", "JM3"), ("Mazda3", "Mazda6", "CX-5", "CX-9")),
    "BMW": (("WBA", "5UX"), ("3 Series", "5 Series", "X3", "X5")),
    "Mercedes-Benz": (("WDD", "W1K", "4JG"), ("C-Class", "E-Class", "GLC", "Sprinter")),
    "Tesla": (("5YJ", "7SA"), ("Model 3", "Model Y")),
}
MAKE_SHARES = (14, 12, 13, 11, 8, 6, 5, 5, 4, 5, 4, 4, 3, 3, 3)  # in percent, on the road around here
MAKE_POOL = tuple(make for make, share in zip(MAKES, MAKE_SHARES) for _ in range(share))
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # never I, O or Q
VIN_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 2010, 2011, ... 2030, then 2001 ... 2009
VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9)))
VIN_VALUES.update({str(d): d for d in range(10)})
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_PLANTS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
PLATE_LETTERS = tuple(a + b + c for a in _LETTERS for b in _LETTERS for c in _LETTERS)


def _model_codes() -> dict[str, tuple[str, ...]]:
    """Positions 4-8 of a VIN describe the model, body and engine: three variants of each model, fixed."""
    rng = random.Random("vin model codes")
    return {model: tuple("".join(rng.choices(VIN_CHARS, k=5)) for _ in range(3))
            for _, models in MAKES.values() for model in models}


VIN_MODEL_CODES = _model_codes()


def _vehicle(rng: Dice, this_year: int) -> tuple[str, str, int, str, str]:
    """Make, model, year, plate and a VIN whose year code and check digit are right."""
    pick = rng.pick
    make = pick(MAKE_POOL)
    wmis, models = MAKES[make]
    model = pick(models)
    oldest = 2012 if make == "Tesla" else 2004
    year = min(this_year, oldest + int((this_year - oldest + 1) * rng.random() ** 0.7))  # more new cars than old
    if rng.random() < 0.6:
        plate = f"{pick(PLATE_LETTERS)}-{rng.between(1000, 10000)}"
    else:
        plate = f"{rng.between(1, 10)}{pick(PLATE_LETTERS)}{rng.between(100, 1000)}"
    return make, model, year, plate, _vin(rng, pick(wmis) + pick(VIN_MODEL_CODES[model]), year)


def _vin(rng: Dice, prefix: str, year: int) -> str:
    """Manufacturer and model code, check digit, year code, plant, serial number: a VIN that validates."""
    body = (prefix + "0" + VIN_YEAR_CODES[(year - 2010) % 30] + rng.pick(VIN_PLANTS)
            + f"{rng.below(1_000_000):06d}")
    check = sum(map(operator.mul, map(VIN_VALUES.__getitem__, body), VIN_WEIGHTS)) % 11
    return body[:8] + ("X" if check == 10 else str(check)) + body[9:]


# --- maintenance contracts ----------------------------------------------------------------------------------

PLANS = ("AMC", "AMC", "AMC", "AMC Plus", "AMC Plus", "Fleet AMC")
#: What became of a holder's latest contract, with its end relative to today (days).
CONTRACT_FATES = (("active", 31, 365), ("expiring", 0, 30), ("expired", -400, -1), ("cancelled", -200, 300))
CONTRACT_FATE_WEIGHTS = tuple(itertools.accumulate((50, 12, 23, 15)))


def _contracts(shop: Shop) -> list[tuple]:
    """Annual contracts for three customers in ten, many of them renewed year after year.

    The latest contract of each holder is active, expiring within 30 days,
    expired or cancelled. ``shop.contract_spans`` keeps every contract that was
    not cancelled: callbacks may only fall inside one of those.
    """
    rng, cal = shop.rng, shop.calendar
    holders = sorted(rng.sample(range(len(shop.customer_ids)), round(len(shop.customer_ids) * 0.3)))
    rows = []
    for index in holders:
        customer = shop.customer_ids[index]
        joined = datetime.fromtimestamp(shop.customer_created[index]).date()
        fate, low, high = rng.choices(CONTRACT_FATES, cum_weights=CONTRACT_FATE_WEIGHTS)[0]
        ends = cal.today + timedelta(rng.randint(low, high))
        if ends < joined + timedelta(60):  # too new a customer to have had that: give them a running contract
            fate, ends = "active", cal.today + timedelta(rng.randint(31, 365))
        plan = rng.choice(PLANS)
        chain = []
        while ends >= joined and (not chain or rng.random() < 0.65):
            starts = max(ends - timedelta(364), joined)
            chain.append((starts, ends))
            ends = starts - timedelta(1)
        for k, (starts, ends) in enumerate(reversed(chain)):
            cancelled_at = None
            if fate == "cancelled" and k == len(chain) - 1:
                first = int(datetime(starts.year, starts.month, starts.day).timestamp())
                last = min(cal.now, int(datetime(ends.year, ends.month, ends.day).timestamp()))
                cancelled_at = rng.randrange(first, max(last, first + 1))
            else:
                shop.contract_spans.append((customer, starts, ends))
            rows.append((shop.ids.take("maintenance_contracts"), customer, plan, starts.isoformat(), ends.isoformat(),
                         cancelled_at is not None, stamp(cancelled_at)))
    return rows


# --- who holds what right now ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveJobs:
    """The jobs in hand at the moment, by technician: never more than the capacity limit each."""

    appointments_started: list[int]  # a technician per in-progress appointment
    appointments_assigned: list[int]
    callbacks_started: list[int]
    callbacks_claimed: list[int]


def _active_jobs(shop: Shop) -> ActiveJobs:
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


def _place_active(keys: Sequence[int], now: int, started: list[int], waiting: list[int],
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


# --- appointments ---------------------------------------------------------------------------------------------

CONCERNS = (
    "Oil change and filter", "Oil change, rotate tires", "Brakes squeal when stopping", "Replace front brake pads",
    "Grinding noise from rear brakes", "Check engine light on", "Check engine light flashing, runs rough",
    "A/C blowing warm air", "Heater not working", "Battery keeps going flat", "Car won't start in the morning",
    "Tire rotation and balance", "Vibration at highway speed", "Pulls to the left", "Wheel alignment",
    "Replace timing belt", "Coolant leak under the car", "Engine overheating in traffic", "Transmission slipping",
    "Hard shifting into second gear", "Clunk from front suspension over bumps",
    "Replace wiper blades and top up fluids",
    "State safety inspection", "Pre-purchase inspection", "Headlight out, driver side", "Power window stuck",
    "Squeaky belt on cold start", "Exhaust louder than usual", "Replace cabin and engine air filters",
    "Steering wheel shakes when braking", "ABS warning light on", "Tire pressure light stays on",
    "Fluid leak, reddish", "Replace spark plugs", "Rough idle", "Fuel economy dropped", "Replace serpentine belt",
    "Scheduled maintenance per owner's manual", "Noise from engine bay on acceleration", "Key fob not recognised")
MILEAGE_SERVICES = (15, 30, 45, 60, 75, 90, 105, 120)
CANCEL_BEFORE = ("Customer rescheduled", "Customer cancelled by phone", "Vehicle sold", "Booked twice by mistake",
                 "Customer went to the dealer for warranty work", "Customer fixed it themselves")
CANCEL_STARTED = ("Customer declined the estimate", "Parts on back order; customer will rebook",
                  "Customer took the vehicle elsewhere")
NO_SHOW = "Customer did not show up"
SCHEDULED, ASSIGNED, IN_PROGRESS, COMPLETED, CANCELLED = (s.value for s in A)


def _appointments(shop: Shop) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Appointments in the order of their scheduled time (so ids rise with it), with their histories."""
    plan = shop.plan
    keys = shop.spread(plan.appointments, {"today": plan.today_min, "future": plan.future_min}, APPOINTMENT_SLOT)
    work = shop.active
    fates = _place_active(keys, shop.now, work.appointments_started, work.appointments_assigned,
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
        steps = [["book", None, SCHEDULED, shop.desk(), created, None, None]]
        self.tellers[status](steps, ts, tech)
        appointment = self.next_id()
        self._settle_and_record(appointment, steps, events)
        return self._row(appointment, vehicle, ts, steps)

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
            steps.append(["assign_technician", SCHEDULED, ASSIGNED, shop.desk(), at - HOUR,
                          "Assigned to " + shop.names[other], other])
            source = ASSIGNED
        steps.append(["assign_technician", source, ASSIGNED, shop.desk(), at, "Assigned to " + shop.names[tech], tech])

    def _start(self, steps: list[list], ts: int, tech: int) -> int:
        rng = self.rng
        self._assign(steps, ts - rng.below(45 * MINUTE), tech)
        at = ts + rng.below(20 * MINUTE)
        steps.append(["start_work", ASSIGNED, IN_PROGRESS, self.shop.worker(tech), at, None, None])
        return at

    def _scheduled(self, steps: list[list], ts: int, tech: int) -> None:
        rng, shop = self.rng, self.shop
        if rng.random() < 0.03:  # assigned once, then taken back when the technician fell ill
            at = steps[0][AT] + rng.between(HOUR, 2 * DAY)
            steps.append(["assign_technician", SCHEDULED, ASSIGNED, shop.desk(), at, "Assigned to " + shop.names[tech],
                          tech])
            steps.append(["unassign", ASSIGNED, SCHEDULED, shop.desk(), at + rng.between(HOUR, DAY), None, None])

    def _assigned(self, steps: list[list], ts: int, tech: int) -> None:
        created = steps[0][AT]
        self._assign(steps, self.rng.between(created, min(ts, self.now)), tech)

    def _in_progress(self, steps: list[list], ts: int, tech: int) -> None:
        self._start(steps, ts, tech)

    def _completed(self, steps: list[list], ts: int, tech: int) -> None:
        started = self._start(steps, ts, tech)
        took = 30 * MINUTE + min(int(self.rng.expovariate(1 / (70 * MINUTE))), 6 * HOUR)
        steps.append(["complete_work", IN_PROGRESS, COMPLETED, self.shop.worker(tech), started + took, None, None])

    def _cancelled(self, steps: list[list], ts: int, tech: int) -> None:
        rng, desk = self.rng, self.shop.desk()
        r = rng.random()
        if ts > self.now or r < 0.6:  # called off beforehand
            at = rng.between(steps[0][AT], min(ts, self.now))
            steps.append(["cancel", SCHEDULED, CANCELLED, desk, at, rng.pick(CANCEL_BEFORE), None])
        elif r < 0.85:  # never came
            self._assign(steps, ts - rng.below(45 * MINUTE), tech)
            steps.append(["cancel", ASSIGNED, CANCELLED, desk, ts + rng.between(30 * MINUTE, 2 * HOUR), NO_SHOW, None])
        else:  # looked at, then called off
            started = self._start(steps, ts, tech)
            steps.append(["cancel", IN_PROGRESS, CANCELLED, desk, started + rng.between(10 * MINUTE, HOUR),
                          rng.pick(CANCEL_STARTED), None])

    def _concern(self) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return f"{rng.pick(MILEAGE_SERVICES)},000-mile service"
        return rng.pick(CONCERNS)

    def _row(self, appointment: int, vehicle: int, ts: int, steps: list[list]) -> tuple:
        """The row as the store would have left it after these steps."""
        shop = self.shop
        tech = assigned = started = completed = cancelled = reason = None
        for action, _, _, _, _, note, subject, at in steps:
            if action == "assign_technician":
                tech, assigned = subject, at
            elif action == "unassign":
                tech = assigned = None
            elif action == "start_work":
                started = at
            elif action == "complete_work":
                completed = at
            elif action == "cancel":
                cancelled, reason = at, note
        first, last = steps[0], steps[-1]
        moved = len(steps) > 1
        return (appointment, shop.vehicle_owner[vehicle], shop.vehicle_ids[vehicle], stamp(ts), self._concern(),
                last[TARGET], tech, assigned, started, completed, cancelled, reason, first[STAMP], first[ACTOR],
                last[STAMP] if moved else None, last[ACTOR] if moved else None,
                len(steps))  # version: the insert, then one update per change


# --- callbacks ------------------------------------------------------------------------------------------------

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
PENDING, OPEN, RESOLVED, CLOSED = C.PENDING.value, C.OPEN.value, C.RESOLVED.value, C.CLOSED.value


def _callbacks(shop: Shop) -> Iterator[tuple[list[tuple], list[tuple], list[tuple]]]:
    """Callbacks in the order of their scheduled time, each inside a contract of its customer."""
    plan, work = shop.plan, shop.active
    schedule = _callback_schedule(shop)
    keys = [key for key, _ in schedule]
    fates = _place_active(keys, shop.now, work.callbacks_started, work.callbacks_claimed, IN_PROGRESS, OPEN)
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
    counts = _region_counts(plan.callbacks, {"future": plan.callbacks_future_min,
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
        self.tellers = {PENDING: self._pending, OPEN: self._open, IN_PROGRESS: self._in_progress,
                        RESOLVED: self._resolved, CLOSED: self._closed, CANCELLED: self._cancelled}

    def tell(self, ts: int, customer: int, fate: Fate | None, helpers: list[tuple], events: list[tuple]) -> tuple:
        shop, rng = self.shop, self.rng
        priority = fate and fate.priority or rng.pick(PRIORITY_POOL)
        status = fate.status if fate else self._status(ts)
        tech = fate and fate.technician or rng.pick(shop.technicians)
        lead = rng.between(HOUR, 6 * HOUR) if priority == Priority.URGENT else rng.between(HOUR, 10 * DAY)
        steps = [["create_callback", None, PENDING, shop.desk(), self._created(ts, lead), None, None]]
        self.tellers[status](steps, ts, tech)
        callback = self.next_id()
        self._settle_and_record(callback, steps, events)
        helpers += [(callback, s[SUBJECT], s[ACTOR], s[STAMP]) for s in steps if s[ACTION] == "add_helper"]
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
        at = rng.between(created + 5 * MINUTE, min(ts, self.now))
        claimer = tech
        if rng.random() < 0.04:
            claimer = shop.other_technician(tech)
            steps.append(["claim_callback", PENDING, OPEN, claimer, at, None, None])
            at += rng.between(HOUR, 4 * HOUR)
            steps.append(["reassign_callback", OPEN, OPEN, shop.desk(), at, "Reassigned to " + shop.names[tech], tech])
        else:
            steps.append(["claim_callback", PENDING, OPEN, tech, at, None, None])
        if rng.random() < 0.2:
            helper = shop.other_technician(tech, claimer)
            steps.append(["add_helper", OPEN, OPEN, shop.desk(), at + rng.between(MINUTE, HOUR),
                          shop.names[helper] + " is helping", helper])

    def _start(self, steps: list[list], ts: int, tech: int) -> int:
        self._claim(steps, ts, tech)
        at = ts + self.rng.below(15 * MINUTE)
        steps.append(["start_callback", OPEN, IN_PROGRESS, tech, at, None, None])
        return at

    def _resolve(self, steps: list[list], ts: int, tech: int) -> int:
        at = self._start(steps, ts, tech) + self.rng.between(30 * MINUTE, 3 * HOUR)
        steps.append(["resolve_callback", IN_PROGRESS, RESOLVED, tech, at, None, None])
        return at

    def _pending(self, steps: list[list], ts: int, tech: int) -> None:
        if self.rng.random() < 0.05:  # picked, then handed back to the pool
            self._claim(steps, ts, tech)
            steps.append(["release_callback", OPEN, PENDING, self.shop.desk(), steps[-1][AT] + HOUR, None, None])

    def _open(self, steps: list[list], ts: int, tech: int) -> None:
        self._claim(steps, ts, tech)

    def _in_progress(self, steps: list[list], ts: int, tech: int) -> None:
        self._start(steps, ts, tech)

    def _resolved(self, steps: list[list], ts: int, tech: int) -> None:
        self._resolve(steps, ts, tech)

    def _closed(self, steps: list[list], ts: int, tech: int) -> None:
        at = self._resolve(steps, ts, tech) + self.rng.between(HOUR, 2 * DAY)
        steps.append(["close_callback", RESOLVED, CLOSED, self.shop.desk(), at, None, None])

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
        steps.append(["cancel_callback", source, CANCELLED, self.shop.desk(), at, rng.pick(CALLBACK_CANCEL), None])

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
            if action == "claim_callback":
                claimer, claimed = actor, at
            elif action == "reassign_callback":
                claimer, claimed = subject, at
            elif action == "release_callback":
                claimer = claimed = None
            elif action == "start_callback":
                started = at
            elif action == "resolve_callback":
                resolved = at
            elif action == "close_callback":
                closed = at
            elif action == "cancel_callback":
                cancelled, reason = at, note
        first, last = steps[0], steps[-1]
        moved = len(steps) > 1
        issue_type, description = rng.pick(CALLBACK_WORK)
        notes = rng.pick(CALLBACK_NOTES) if rng.random() < 0.4 else None
        job_number = f"CB-{self._local_year(first[AT])}-{callback:05d}"  # the store's scheme
        return (callback, job_number, customer, stamp(ts), description, notes, issue_type, priority.rank,
                last[TARGET], claimer, claimed, started, resolved, closed, cancelled, reason, None, None,
                first[STAMP], first[ACTOR], last[STAMP] if moved else None, last[ACTOR] if moved else None,
                len(steps) + 1,  # version: the insert, the job number, then one update per change
                *_deadlines(priority, first[AT], ts))


def _deadlines(priority: Priority, created: int, scheduled: int) -> tuple:
    """The deadline columns the store writes (domain/deadlines.py), from the default targets; the last quarter
    of a target begins three quarters (45 s a minute) after its start."""
    target, start = DEFAULT_TARGETS[priority], max(created, scheduled)
    return (stamp(created + target.respond_minutes * 60), stamp(created + target.respond_minutes * 45),
            stamp(start + target.resolve_minutes * 60), stamp(start + target.resolve_minutes * 45))


# --- writing -------------------------------------------------------------------------------------------------

#: The columns each generator's tuples fill, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "employees": ("id", "name", "role", "active", "secret_hash", "created_at"),
    "customers": ("id", "name", "phone", "email", "address", "created_at"),
    "vehicles": ("id", "customer_id", "make", "model", "year", "plate", "vin"),
    "maintenance_contracts": ("id", "customer_id", "plan", "starts_on", "ends_on", "cancelled", "cancelled_at"),
    "appointments": ("id", "customer_id", "vehicle_id", "scheduled_at", "concern", "status", "technician_id",
                     "assigned_at", "started_at", "completed_at", "cancelled_at", "cancel_reason", "created_at",
                     "created_by", "updated_at", "updated_by", "version"),
    "callbacks": ("id", "job_number", "customer_id", "scheduled_at", "description", "notes", "issue_type", "priority",
                  "status", "claimed_by", "claimed_at", "started_at", "resolved_at", "closed_at", "cancelled_at",
                  "cancel_reason", "deleted_at", "deleted_by", "created_at", "created_by", "updated_at",
                  "updated_by", "version", "respond_by", "respond_risk_at", "resolve_by", "resolve_risk_at"),
    "callback_helpers": ("callback_id", "technician_id", "added_by", "added_at"),
    "status_events": ("id", "entity_kind", "entity_id", "action", "from_status", "to_status", "actor_id", "at",
                      "note"),
}
ID_TABLES = ("employees", "customers", "vehicles", "maintenance_contracts", "appointments", "callbacks",
             "status_events")


class Writer:
    """Writes tuples into one table, inside the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.quote = connection.dialect.identifier_preparer.quote

    def write(self, model: type, rows: list[tuple]) -> None:
        if rows:
            table: Table = model.__table__
            self._write(table, COLUMNS[table.name], rows)

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Anything the database needs once all rows are in."""


class SQLiteWriter(Writer):
    """Multi-row ``INSERT … VALUES (…), (…)`` statements: about twice as fast as one row per statement."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        raw = connection.connection.driver_connection
        self.variables = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.statements: dict[tuple[str, int], str] = {}

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        per = max(1, min(500, self.variables // len(columns)))
        whole = len(rows) - len(rows) % per
        if whole:
            chunks = [tuple(itertools.chain.from_iterable(rows[i:i + per])) for i in range(0, whole, per)]
            self.connection.exec_driver_sql(self._sql(table, columns, per), chunks)
        if whole < len(rows):
            self.connection.exec_driver_sql(self._sql(table, columns, 1), rows[whole:])

    def _sql(self, table: Table, columns: tuple[str, ...], per: int) -> str:
        """``INSERT INTO t (a, b) VALUES (?, ?), (?, ?)…`` for ``per`` rows, made once per table and size."""
        key = (table.name, per)
        if key not in self.statements:
            one = "(" + ", ".join("?" * len(columns)) + ")"
            names = ", ".join(self.quote(c) for c in columns)
            self.statements[key] = f"INSERT INTO {self.quote(table.name)} ({names}) VALUES " + ", ".join([one] * per)
        return self.statements[key]


class PostgresWriter(Writer):
    """``COPY … FROM STDIN`` through psycopg: PostgreSQL's own bulk path, many times faster than INSERTs."""

    def _write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        names = ", ".join(self.quote(c) for c in columns)
        raw = self.connection.connection.driver_connection
        dbapi = self.connection.dialect.loaded_dbapi
        try:
            with raw.cursor() as cursor, cursor.copy(f"COPY {self.quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except dbapi.Error as error:
            raise DBAPIError.instance(f"COPY {table.name}", None, error, dbapi.Error) from error

    def finish(self) -> None:
        """Explicit ids leave the id sequences behind; move them past the demo's rows."""
        for name in ID_TABLES:
            self.connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {self.quote(name)} "
                "HAVING max(id) IS NOT NULL")


@contextmanager
def _write_transaction(connection: Connection) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE`` on SQLite: no other PC writes meanwhile).

    SQLite gets two per-connection settings for the load, both put back
    afterwards: a big page cache, which keeps the tables' growing ends and the
    index sorts in memory; and no foreign-key enforcement, which halves the
    cost of an appointment row (five parent lookups each). The generators write
    every parent before its children, with ids they handed out themselves;
    the tests check the result with ``PRAGMA foreign_key_check``. Durability is
    untouched: the load commits once, in WAL mode, with ``synchronous=FULL``.
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    raw = connection.connection.driver_connection
    cache_size = raw.execute("PRAGMA cache_size").fetchone()[0]
    foreign_keys = raw.execute("PRAGMA foreign_keys").fetchone()[0]
    try:
        raw.execute("PRAGMA cache_size = -262144")  # 256 MiB at most, taken only as pages are used
        raw.execute("PRAGMA foreign_keys = OFF")  # only possible outside a transaction
        with connection.begin():
            _check_stamps(connection)
            yield
    finally:
        raw.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
        raw.execute(f"PRAGMA cache_size = {int(cache_size)}")


@contextmanager
def _indexes_and_keys_afterwards(connection: Connection) -> Iterator[None]:
    """Load the tables without their secondary indexes (and, on PostgreSQL, foreign keys), then rebuild those.

    Keeping fifteen indexes up to date row by row cost more than the rest of
    the load; sorting each once at the end is several times cheaper. On
    PostgreSQL each row's foreign keys are checked by a trigger (five queries
    per appointment); adding a constraint back checks all rows in one join.
    Everything is dropped and recreated from the database's own catalog text,
    inside the transaction, so the schema afterwards is exactly the
    migrations' (and a failed load rolls back to it).
    """
    quote = connection.dialect.identifier_preparer.quote
    foreign_keys = _foreign_keys(connection)
    indexes = _secondary_indexes(connection)
    for table, name, _ in foreign_keys:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for name, _ in indexes:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield
    for _, definition in indexes:
        connection.exec_driver_sql(definition)
    for table, name, definition in foreign_keys:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
    if connection.dialect.name == "postgresql":
        for table in COLUMNS:  # fresh statistics, so the first queries are planned for the real sizes
            connection.exec_driver_sql(f"ANALYZE {quote(table)}")


def _secondary_indexes(connection: Connection) -> list[tuple[str, str]]:
    """``(name, CREATE INDEX …)`` of the indexes on the tables the demo fills, except those behind constraints."""
    if connection.dialect.name == "sqlite":
        query = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                     "AND tbl_name IN :tables ORDER BY name")
    else:
        query = text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                     "AND tablename IN :tables AND indexname NOT IN (SELECT conname FROM pg_constraint) "
                     "ORDER BY indexname")
    return [tuple(row) for row in connection.execute(_in_demo_tables(query))]


def _foreign_keys(connection: Connection) -> list[tuple[str, str, str]]:
    """``(table, name, FOREIGN KEY …)`` of the demo tables' foreign keys, on PostgreSQL."""
    if connection.dialect.name == "sqlite":
        return []  # SQLite can't drop a constraint; _write_transaction switches enforcement off instead
    query = text("SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                 "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                 "WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname IN :tables "
                 "ORDER BY t.relname, c.conname")
    return [tuple(row) for row in connection.execute(_in_demo_tables(query))]


def _in_demo_tables(query: TextClause) -> TextClause:
    return query.bindparams(bindparam("tables", value=tuple(COLUMNS), expanding=True))


def _truncate_wal(engine) -> None:
    """Give back the disk a big load's write-ahead log took; the commit has already checkpointed it.

    Best effort: while another connection reads, SQLite keeps the log, and the
    next checkpoint truncates it instead.
    """
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        try:
            connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:
            pass


def _require_empty(connection: Connection) -> None:
    for model in (Employee, Appointment):
        if connection.execute(select(model.id).limit(1)).first() is not None:
            raise ValidationError("This database already has data; demo data only goes into an empty one.")


def _capacity(connection: Connection) -> int:
    value = connection.execute(select(Setting.value).where(Setting.key == "capacity_limit")).scalar()
    return int(value) if value else DEFAULT_CAPACITY


def _next_ids(connection: Connection) -> Ids:
    """Ids after whatever is there (customers may have been typed in before the demo was asked for)."""
    tables = Appointment.metadata.tables
    return Ids({name: (connection.execute(select(func.max(tables[name].c.id))).scalar() or 0) + 1
                for name in ID_TABLES})
