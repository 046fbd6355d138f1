"""Input the store refuses, at every write path that takes text or a scheduled time, on SQLite and PostgreSQL.

Every text field is one row of ``FIELDS`` (which call writes it, where it lands,
its limit), and every check runs over all of them: the longest accepted text
round-trips exactly, one character more is refused, control characters (NUL
included) are refused, line breaks and tabs are kept, the ends are trimmed, and
empty text is refused or stored as NULL. A refusal must leave every table as it
was: each refused call is bracketed by a dump of the whole database.

Each engine holds one shop for the module (a fresh database per test would be
most of the run's time); tests only add rows and compare before with after.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select, text

from repair_desktop.domain.errors import PermissionDenied, ValidationError
from repair_desktop.domain.limits import FUTURE_LIMIT, LONG_TEXT, PAST_LIMIT, SECRET_TEXT, SHORT_TEXT
from repair_desktop.store import AppointmentFilter, Store
from repair_desktop.store.engine import make_engines
from repair_desktop.store.models import Base
from repair_desktop.store.schema import migrate
from support.store_helpers import T0, FakeClock, Shop, make_shop, raises_exactly

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_TAGS = itertools.count(1)


@dataclass
class LimitsShop(Shop):
    long_customer: int = 0  # a customer whose contract covers the whole scheduling window

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every table: what a refused call must leave exactly as it was."""
        engine = create_engine(self.store.url)
        try:
            with engine.connect() as connection:
                return {table.name: [tuple(row) for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns))] for table in Base.metadata.sorted_tables}
        finally:
            engine.dispose()

    def refuses(self, error_type, call, *args, **kwargs):
        """``call`` raises exactly ``error_type`` and changes nothing; returns the error."""
        before = self.dump()
        error = raises_exactly(error_type, call, *args, **kwargs)
        assert self.dump() == before, "a refused call changed the database"
        return error

    def stored(self, table: str, column: str, row_id: int):
        with self.store.read_engine.connect() as connection:
            return connection.execute(text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}).scalar_one()


@pytest.fixture(scope="module", params=ENGINES)
def shop(request, tmp_path_factory):
    if request.param == "sqlite":
        url, drop = "sqlite:///" + str(tmp_path_factory.mktemp("limits") / "shop.db"), None
    else:
        server = request.getfixturevalue("pg_server")
        database = server.create_database()
        url, drop = database.render_as_string(hide_password=False), database.database
    store = Store.open(url, clock=FakeClock())  # "now" stays at T0 for the whole module
    try:
        base = make_shop(store)
        long_customer = store.add_customer("Lena Longterm").id
        store.add_contract(long_customer, date(2024, 1, 1), date(2029, 12, 31))
        yield LimitsShop(**vars(base), long_customer=long_customer)
    finally:
        store.close()
        if drop is not None:
            server.ensure_running()
            server.drop_database(drop)


# --- the table: every text field a write path takes -----------------------------------------------------

#: Characters, not bytes, count: PostgreSQL's VARCHAR(n) counts characters too. No "ß" ("SS" in upper case).
_PATTERN = "Zoë-日本-Éclair-"


def text_of(length: int) -> str:
    """``length`` characters, none of them blank, different from every other call's (names are unique)."""
    tag = f"{next(_TAGS)}-"
    return (tag + _PATTERN * (length // len(_PATTERN) + 1))[:length]


def email_of(length: int) -> str:
    return text_of(length - 12) + "@example.com"


def vin_of(length: int) -> str:
    return ("WVWZZZ1KZ8W" + "1234567890" * (length // 10 + 1))[:length]


Write = Callable[[str], int]


@dataclass(frozen=True)
class Field:
    """One text field: ``prepare(shop)`` makes what the write needs and returns ``write(value) -> row id``."""

    id: str
    words: str  # how its refusals name it
    limit: int
    table: str
    column: str
    prepare: Callable[[LimitsShop], Write]
    required: bool = False
    longest: int | None = None  # the longest value its own rules allow, when shorter than the limit
    fill: Callable[[int], str] = text_of
    upper: bool = False  # stored in capitals
    free_text: bool = True  # may hold line breaks and tabs (no format rule of its own)


def _call(write: Callable[[LimitsShop, str], int]) -> Callable[[LimitsShop], Write]:
    return lambda shop: lambda value: write(shop, value)


def _on(new_job: Callable[[LimitsShop], int], write: Callable[[LimitsShop, int, str], object]):
    """A write to a job ``new_job`` makes first (an edit, a cancellation)."""
    def prepare(shop: LimitsShop) -> Write:
        job = new_job(shop)
        return lambda value: write(shop, job, value).id
    return prepare


def _edit_callback(key: str):
    return _on(LimitsShop.new_callback, lambda shop, job, v: shop.store.update_callback(job, shop.desk, **{key: v}))


def _new_vehicle(shop: LimitsShop, make="VW", model="Golf", plate="AB12 CDE", **more) -> int:
    return shop.store.add_vehicle(shop.customer, make, model, plate, **more).id


def _new_callback(shop: LimitsShop, description="Check the A/C", **more) -> int:
    return shop.store.create_callback(shop.customer, T0, description, "high", shop.desk, **more).id


FIELDS = [
    Field("employee name", "employee's name", SHORT_TEXT, "employees", "name", required=True,
          prepare=_call(lambda shop, v: shop.store.add_employee(v, "technician", actor=shop.manager).id)),
    Field("customer name", "customer's name", SHORT_TEXT, "customers", "name", required=True,
          prepare=_call(lambda shop, v: shop.store.add_customer(v).id)),
    Field("phone", "phone number", SHORT_TEXT, "customers", "phone",
          prepare=_call(lambda shop, v: shop.store.add_customer("Ann", phone=v).id)),
    Field("email", "email address", SHORT_TEXT, "customers", "email", fill=email_of, free_text=False,
          prepare=_call(lambda shop, v: shop.store.add_customer("Ann", email=v).id)),
    Field("address", "address", SHORT_TEXT, "customers", "address",
          prepare=_call(lambda shop, v: shop.store.add_customer("Ann", address=v).id)),
    Field("make", "make", SHORT_TEXT, "vehicles", "make", required=True,
          prepare=_call(lambda shop, v: _new_vehicle(shop, make=v))),
    Field("model", "model", SHORT_TEXT, "vehicles", "model", required=True,
          prepare=_call(lambda shop, v: _new_vehicle(shop, model=v))),
    Field("plate", "number plate", SHORT_TEXT, "vehicles", "plate", required=True, upper=True,
          prepare=_call(lambda shop, v: _new_vehicle(shop, plate=v))),
    Field("vin", "VIN", SHORT_TEXT, "vehicles", "vin", longest=17, fill=vin_of, upper=True, free_text=False,
          prepare=_call(lambda shop, v: _new_vehicle(shop, vin=v))),
    Field("plan", "plan", SHORT_TEXT, "maintenance_contracts", "plan", required=True,
          prepare=_call(lambda shop, v: shop.store.add_contract(shop.customer, date(2026, 1, 1),
                                                                date(2026, 12, 31), plan=v).id)),
    Field("concern", "concern", LONG_TEXT, "appointments", "concern", required=True,
          prepare=_call(lambda shop, v: shop.book(concern=v))),
    Field("concern edited", "concern", LONG_TEXT, "appointments", "concern", required=True,
          prepare=_on(LimitsShop.book, lambda shop, job, v: shop.store.update_appointment(job, shop.desk, concern=v))),
    Field("appointment cancel reason", "reason", LONG_TEXT, "appointments", "cancel_reason", required=True,
          prepare=_on(LimitsShop.book, lambda shop, job, v: shop.store.cancel_appointment(job, v, shop.desk))),
    Field("description", "description", LONG_TEXT, "callbacks", "description", required=True,
          prepare=_call(lambda shop, v: _new_callback(shop, description=v))),
    Field("notes", "notes", LONG_TEXT, "callbacks", "notes",
          prepare=_call(lambda shop, v: _new_callback(shop, notes=v))),
    Field("issue type", "issue type", SHORT_TEXT, "callbacks", "issue_type",
          prepare=_call(lambda shop, v: _new_callback(shop, issue_type=v))),
    Field("description edited", "description", LONG_TEXT, "callbacks", "description", required=True,
          prepare=_edit_callback("description")),
    Field("notes edited", "notes", LONG_TEXT, "callbacks", "notes",
          prepare=_edit_callback("notes")),
    Field("issue type edited", "issue type", SHORT_TEXT, "callbacks", "issue_type",
          prepare=_edit_callback("issue_type")),
    Field("callback cancel reason", "reason", LONG_TEXT, "callbacks", "cancel_reason", required=True,
          prepare=_on(LimitsShop.new_callback, lambda shop, job, v: shop.store.cancel_callback(job, v, shop.desk))),
]
FREE_TEXT = [f for f in FIELDS if f.free_text]


def as_stored(field: Field, value: str) -> str:
    return value.upper() if field.upper else value


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
def test_the_longest_accepted_text_round_trips_exactly(shop, field):
    value = field.fill(field.longest or field.limit)
    row_id = field.prepare(shop)(value)
    assert shop.stored(field.table, field.column, row_id) == as_stored(field, value)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
def test_one_character_more_is_refused_naming_the_field(shop, field):
    error = shop.refuses(ValidationError, field.prepare(shop), field.fill(field.limit + 1))
    assert error.message == (f"The {field.words} can be at most {field.limit:,} characters long "
                             f"(it has {field.limit + 1:,}).")


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x0b"],
                         ids=["NUL", "BEL", "ESC", "DEL", "NEL", "VT"])
def test_control_characters_are_refused(shop, field, control):
    value = field.fill(field.longest or 20)
    error = shop.refuses(ValidationError, field.prepare(shop), value[:5] + control + value[5:])
    assert error.message == f"The {field.words} contains a control character; please retype it without one."


@pytest.mark.parametrize("field", FREE_TEXT, ids=lambda f: f.id)
def test_line_breaks_and_tabs_are_kept_and_the_ends_trimmed(shop, field):
    word = field.fill(6)
    row_id = field.prepare(shop)(f" \t\r\n {word}\r\nsecond\tline\rthird \n\t ")
    assert shop.stored(field.table, field.column, row_id) == as_stored(field, f"{word}\nsecond\tline\nthird")


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
@pytest.mark.parametrize("empty", ["", " \t\r\n "], ids=["empty", "blank"])
def test_empty_text_is_refused_when_required_and_null_otherwise(shop, field, empty):
    if field.required:
        assert shop.refuses(ValidationError, field.prepare(shop), empty).message.startswith("Please enter ")
    else:
        write = field.prepare(shop)
        assert shop.stored(field.table, field.column, write(field.fill(field.longest or 20))) is not None
        assert shop.stored(field.table, field.column, write(empty)) is None


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.id)
def test_values_that_are_not_text_are_refused(shop, field):
    error = shop.refuses(ValidationError, field.prepare(shop), 42)
    assert error.message == f"The {field.words} must be text."


def test_a_ten_thousand_character_concern_without_spaces_is_refused_and_four_thousand_are_found(shop):
    shop.refuses(ValidationError, shop.book, "x" * 10_000)
    word = "q" * 1999 + "Z" + "q" * 2000  # one word, the longest a concern may be
    job = shop.book(concern=word)
    row = shop.store.appointment(job)
    assert (row.concern, len(row.concern)) == (word, LONG_TEXT)
    found = shop.store.list_appointments(AppointmentFilter(text="qqqzqqq"), limit=1000).rows
    assert job in [r.id for r in found]


# --- the scheduling window: a year back, two years ahead, by the store's clock ----------------------------

Schedule = Callable[[datetime], int]


def _book(shop: LimitsShop) -> Schedule:
    return lambda at: shop.store.book_appointment(shop.vehicle, at, "Service", shop.desk).id


def _move_appointment(shop: LimitsShop) -> Schedule:
    job = shop.book()
    return lambda at: shop.store.update_appointment(job, shop.desk, scheduled_at=at).id


def _create_callback(shop: LimitsShop) -> Schedule:
    return lambda at: shop.store.create_callback(shop.long_customer, at, "Check", "low", shop.desk).id


def _move_callback(shop: LimitsShop) -> Schedule:
    job = shop.store.create_callback(shop.long_customer, T0, "Check", "low", shop.desk).id
    return lambda at: shop.store.update_callback(job, shop.desk, scheduled_at=at).id


#: Each write path that takes a scheduled time: ``prepare(shop) -> schedule(at) -> id``, and how to read it back.
SCHEDULES = {"book": (_book, "appointment"), "move appointment": (_move_appointment, "appointment"),
             "create callback": (_create_callback, "callback"), "move callback": (_move_callback, "callback")}


@pytest.mark.parametrize("how", SCHEDULES)
@pytest.mark.parametrize("at", [T0 - PAST_LIMIT, T0, T0 + FUTURE_LIMIT,
                                (T0 - PAST_LIMIT).astimezone().replace(tzinfo=None)],
                         ids=["a year back", "now", "two years ahead", "a year back, local wall clock"])
def test_the_window_edges_are_accepted(shop, how, at):
    prepare, kind = SCHEDULES[how]
    job = prepare(shop)(at)
    assert getattr(shop.store, kind)(job).scheduled_at == at.astimezone(UTC)


@pytest.mark.parametrize("how", SCHEDULES)
@pytest.mark.parametrize("at, words", [
    (T0 - PAST_LIMIT - timedelta(seconds=1), "at most a year in the past"),
    (T0 + FUTURE_LIMIT + timedelta(seconds=1), "at most two years ahead"),
    (datetime(1900, 1, 1, tzinfo=UTC), "at most a year in the past"),
    (datetime(9999, 12, 31, tzinfo=UTC), "at most two years ahead"),
    ("tomorrow", "as a date and time"), (date(2026, 3, 3), "as a date and time"),
], ids=["a second too early", "a second too late", "1900", "9999", "text", "a date"])
def test_outside_the_window_is_refused_naming_the_field(shop, how, at, words):
    prepare, _ = SCHEDULES[how]
    error = shop.refuses(ValidationError, prepare(shop), at)
    assert error.message.startswith(("The scheduled time ", "Please enter the scheduled time ")), error.message
    assert words in error.message


# --- years, priorities and PINs ------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [1886, 2027, "1999"])
def test_model_years_from_the_first_car_to_next_year_are_accepted(shop, year):
    assert shop.stored("vehicles", "year", _new_vehicle(shop, year=year)) == int(year)


@pytest.mark.parametrize("year, words", [(1885, "from 1886 to 2027"), (2028, "from 1886 to 2027"),
                                         (-1, "from 1886 to 2027"), ("nineteen", "isn't a number"),
                                         ([2019], "isn't a number")])
def test_other_model_years_are_refused(shop, year, words):
    """Next year is the store clock's (T0 is in 2026), not the test machine's."""
    error = shop.refuses(ValidationError, _new_vehicle, shop, year=year)
    assert "year" in error.message and words in error.message


@pytest.mark.parametrize("priority", ["critical", "", None, 3, "URGENT "])
def test_a_priority_that_is_not_one_is_refused(shop, priority):
    shop.refuses(ValidationError, shop.store.create_callback, shop.customer, T0, "Check", priority, shop.desk)
    if priority is not None:  # an edit without a priority keeps the one there is
        shop.refuses(ValidationError, shop.store.update_callback, shop.new_callback(), shop.desk, priority=priority)


def test_a_pin_is_kept_exactly_as_typed_up_to_its_limit(shop):
    longest = "7" * (SECRET_TEXT - 2) + " \t"  # a PIN is never trimmed
    employee = shop.store.add_employee(text_of(20), "technician", longest, actor=shop.manager).id
    assert shop.store.authenticate(employee, longest).id == employee
    raises_exactly(PermissionDenied, shop.store.authenticate, employee, longest.strip())
    shop.store.set_secret(employee, " 1234 ", employee)
    assert shop.store.authenticate(employee, " 1234 ").id == employee
    raises_exactly(PermissionDenied, shop.store.authenticate, employee, "1234")
    shop.store.set_secret(employee, "", employee)  # no PIN: signs in with none
    assert shop.store.authenticate(employee, None).id == employee


@pytest.mark.parametrize("secret, words", [("1" * (SECRET_TEXT + 1), f"at most {SECRET_TEXT} characters"),
                                           ("12\x0034", "control character"), ("12\x1b", "control character"),
                                           (1234, "must be text")])
def test_a_pin_too_long_or_with_control_characters_is_refused(shop, secret, words):
    error = shop.refuses(ValidationError, shop.store.add_employee, text_of(20), "technician", secret,
                         actor=shop.manager)
    assert error.message.startswith("The PIN ") and words in error.message
    employee = shop.store.add_employee(text_of(20), "technician", "4321", actor=shop.manager).id
    assert shop.refuses(ValidationError, shop.store.set_secret, employee, secret, shop.manager).message == error.message
    assert shop.store.authenticate(employee, "4321").id == employee


def test_signing_in_with_a_secret_no_pin_could_be_is_simply_wrong(shop):
    employee = shop.store.add_employee(text_of(20), "technician", "4321", actor=shop.manager).id
    shop.refuses(PermissionDenied, shop.store.authenticate, employee, "4321" * 10_000)
    shop.refuses(PermissionDenied, shop.store.authenticate, employee, 4321)


# --- the columns have room: migrating an existing database -----------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_an_upgraded_database_has_room_for_the_longest_texts(request, engine):
    """The columns narrower than 200 characters widen; the rows and the vehicles' search trigger stay."""
    url = request.getfixturevalue("sqlite_url" if engine == "sqlite" else "pg_url")
    read, write = make_engines(url)
    try:
        migrate(write, "0006")
        with write.begin() as connection:
            for statement in [
                "INSERT INTO employees (id, name, role, active, created_at) "
                "VALUES (901, 'Dan Desk', 'front_desk', true, '2026-03-01 08:00')",
                "INSERT INTO customers (id, name, phone, created_at) "
                "VALUES (901, 'Ann Able', '555-0100', '2026-03-01 08:00')",
                "INSERT INTO vehicles (id, customer_id, make, model, plate) VALUES (901, 901, 'VW', 'Golf', 'AB1')",
                "INSERT INTO appointments (id, customer_id, vehicle_id, scheduled_at, concern, status, created_at, "
                "version) VALUES (901, 901, 901, '2026-03-02 09:00', 'Brakes', 'scheduled', '2026-03-01 08:00', 1)",
            ]:
                connection.execute(text(statement))
    finally:
        read.dispose()
        write.dispose()
    store = Store.open(url, clock=FakeClock())
    try:
        assert store.appointment(901).plate == "AB1"
        plate = "P" * (SHORT_TEXT - 3) + "XYZ"
        with store.write_engine.begin() as connection:  # a change behind the store's back: the trigger follows
            connection.execute(text("UPDATE vehicles SET plate = :plate WHERE id = 901"), {"plate": plate})
        assert [r.id for r in store.list_appointments(AppointmentFilter(text="pxyz")).rows] == [901]
        longest = {"name": text_of(SHORT_TEXT), "phone": text_of(SHORT_TEXT)}
        customer = store.add_customer(longest["name"], phone=longest["phone"])
        assert (customer.name, customer.phone) == (longest["name"], longest["phone"])
        assert store.add_employee(longest["name"], "manager").name == longest["name"]  # the shop's first manager
        vehicle = store.add_vehicle(customer.id, text_of(SHORT_TEXT), text_of(SHORT_TEXT), "q" * SHORT_TEXT)
        assert store.vehicles(customer.id)[0].plate == "Q" * SHORT_TEXT
        assert store.appointment(store.book_appointment(vehicle.id, T0, "Brakes", 901).id).plate == "Q" * SHORT_TEXT
    finally:
        store.close()
    if engine == "sqlite":
        engine_ = create_engine(url)
        try:
            with engine_.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").all() == [("ok",)]
        finally:
            engine_.dispose()
