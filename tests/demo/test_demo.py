"""Demo data: every status and priority is there, the shop's rules hold in it, and it is fast and repeatable.

The demo is what people judge the program by and what the charts and
benchmarks run on, so it must look like a store-made history: these tests
replay every event through the domain's workflow tables and permissions.
"""

import re
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from repair_desktop.domain.errors import PermissionDenied, ValidationError
from repair_desktop.domain.statuses import AppointmentStatus, CallbackStatus, Priority, Role
from repair_desktop.demo import DemoSignIn, fill_demo
from repair_desktop.domain.transitions import APPOINTMENT_WORKFLOW, BOOK, CALLBACK_WORKFLOW, CREATE_CALLBACK
from repair_desktop.store import Store
from repair_desktop.store.models import Appointment

EMPTY_MESSAGE = "This database already has data; demo data only goes into an empty one."
CREATIONS = {"appointment": BOOK, "callback": CREATE_CALLBACK}
WORKFLOWS = {"appointment": APPOINTMENT_WORKFLOW, "callback": CALLBACK_WORKFLOW}


def _open(path) -> Store:
    return Store.open("sqlite:///" + str(path))


def _rows(store: Store, sql: str, **params) -> list:
    with store.read_engine.connect() as connection:
        return list(connection.execute(text(sql), params))


def _scalar(store: Store, sql: str, **params):
    with store.read_engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The default demo shop, filled once for the read-only checks of this module."""
    store = _open(tmp_path_factory.mktemp("demo") / "demo.db")
    signins = fill_demo(store)
    yield store, signins
    store.close()


# --- what the default demo shows ---------------------------------------------------------------------------------


def test_default_demo_has_every_status_and_priority(demo):
    store, _ = demo
    appointments = Counter(dict(_rows(store, "SELECT status, count(*) FROM appointments GROUP BY status")))
    callbacks = Counter(dict(_rows(store, "SELECT status, count(*) FROM callbacks GROUP BY status")))
    assert set(appointments) == {s.value for s in AppointmentStatus}
    assert set(callbacks) == {s.value for s in CallbackStatus}
    assert 3800 <= sum(appointments.values()) <= 5500  # nine months of a busy shop, and the weeks ahead
    assert 200 <= sum(callbacks.values()) <= 280
    assert appointments["completed"] > appointments["cancelled"] > 0  # history is mostly finished work
    priorities = {row.priority for row in store.available_callbacks()}
    assert priorities == set(Priority)  # pending callbacks of every priority wait to be picked


def test_default_demo_looks_like_a_working_day(demo):
    store, _ = demo
    today = datetime.now().astimezone().date()
    scheduled = _rows(store, "SELECT scheduled_at FROM appointments")
    local_days = Counter(_parse(r[0]).astimezone().date() for r in scheduled)
    next_open = min(day for day in local_days if day > today and day.weekday() < 5)
    assert local_days[next_open] >= 10
    assert sum(n for day, n in local_days.items() if day > today) >= 100  # the next weeks are booked
    assert min(local_days) <= today - timedelta(days=240)  # and there is history for the charts
    load = store.workload()
    assert 6 <= load.total <= 10
    assert load.busy >= 1 and load.available >= 1
    assert sum(t.active_jobs for t in load.technicians) >= 4


def test_staff_sign_ins_authenticate(demo):
    store, signins = demo
    roles = Counter(s.role for s in signins)
    assert roles[Role.MANAGER] == 1 and roles[Role.FRONT_DESK] == 2 and 6 <= roles[Role.TECHNICIAN] <= 10
    assert all(isinstance(s, DemoSignIn) and re.fullmatch(r"\d{4}", s.pin) for s in signins)
    ids = {e.name: e.id for e in store.employees()}
    for signin in signins:
        employee = store.authenticate(ids[signin.name], signin.pin)
        assert employee.role == signin.role
    with pytest.raises(PermissionDenied):
        store.authenticate(ids[signins[0].name], "9999")
    hashes = [r[0] for r in _rows(store, "SELECT secret_hash FROM employees")]
    assert all(h.startswith("scrypt$") for h in hashes)


def test_customers_vehicles_and_contracts_look_real(demo):
    store, _ = demo
    customers = _rows(store, "SELECT name, phone, email, address FROM customers")
    assert len(customers) >= 100
    assert all(c.name and re.fullmatch(r"\(\d{3}\) 555-01\d\d", c.phone) and c.address for c in customers)
    assert sum(c.email is not None for c in customers) > len(customers) // 2
    assert all(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", c.email) for c in customers if c.email)
    vehicles = _rows(store, "SELECT make, model, year, plate, vin FROM vehicles")
    assert len(vehicles) >= len(customers)
    assert all(1990 < v.year <= date.today().year and v.plate and _vin_is_valid(v.vin) for v in vehicles)
    contracts = _rows(store, "SELECT customer_id, starts_on, ends_on, cancelled FROM maintenance_contracts")
    holders = {c.customer_id for c in contracts}
    assert 0.2 <= len(holders) / len(customers) <= 0.4
    today = date.today()
    kinds = Counter(_contract_kind(c, today) for c in contracts)
    assert kinds["active"] and kinds["expired"] and kinds["cancelled"] and kinds["expiring"] >= 1


# --- the rules hold in the data -----------------------------------------------------------------------------------


def test_no_technician_is_over_capacity(demo):
    store, _ = demo
    _assert_capacity(store)


def test_every_job_a_technician_took_is_on_their_plan(demo):
    store, _ = demo
    assert _scalar(store, "SELECT count(*) FROM appointments WHERE technician_id IS NOT NULL AND "
                          "(planned_technician_id IS NULL OR planned_technician_id != technician_id)") == 0
    assert _scalar(store, "SELECT count(*) FROM appointments WHERE planned_technician_id IS NOT NULL") > 0


def test_every_status_change_has_its_event(demo):
    store, _ = demo
    _assert_history_matches_rows(store)


def test_every_row_points_at_a_real_parent(demo):
    store, _ = demo
    assert _rows(store, "PRAGMA foreign_key_check") == []


def test_history_of_a_sample_matches_the_rows(demo):
    store, _ = demo
    for kind, table in (("appointment", "appointments"), ("callback", "callbacks")):
        for row in _rows(store, f"SELECT id, status FROM {table} WHERE id % 7 = 1"):
            history = store.history(kind, row.id)
            assert history[0].from_status is None and history[0].action == CREATIONS[kind]
            assert history[-1].to_status == row.status
            assert all(a.at < b.at for a, b in zip(history, history[1:]))
            assert all(a.to_status == b.from_status for a, b in zip(history, history[1:]))


def test_every_event_is_a_permitted_move_by_a_permitted_person(demo):
    store, _ = demo
    _assert_events_are_permitted(store)


def test_rows_carry_the_timestamps_of_their_status(demo):
    store, _ = demo
    _assert_rows_match_their_status(store)


def test_callbacks_have_unique_job_numbers_and_active_contracts(demo):
    store, _ = demo
    callbacks = _rows(store, "SELECT id, job_number, customer_id, created_at FROM callbacks")
    _assert_job_numbers(store)
    for c in callbacks:
        created = store.history("callback", c.id)[0].at.astimezone()
        assert c.job_number == f"CB-{created.year}-{c.id:05d}"
    _assert_callbacks_within_contracts(store)


def test_some_callbacks_have_helpers(demo):
    store, _ = demo
    helpers = _rows(store, "SELECT h.callback_id, h.technician_id, c.claimed_by FROM callback_helpers h "
                           "JOIN callbacks c ON c.id = h.callback_id")
    assert helpers
    assert all(h.technician_id != h.claimed_by for h in helpers)
    assert max(r.technician_count for r in store.list_callbacks(limit=1000).rows) >= 2
    events = _scalar(store, "SELECT count(*) FROM status_events WHERE action = 'add_helper'")
    assert events == len(helpers)


def test_timestamps_are_stored_as_the_column_type_stores_them(demo):
    store, _ = demo
    raw = _rows(store, "SELECT id, scheduled_at, created_at FROM appointments ORDER BY id LIMIT 5")
    dialect = store.read_engine.dialect
    process = Appointment.__table__.c.scheduled_at.type.dialect_impl(dialect).bind_processor(dialect)
    for r in raw:
        row = store.appointment(r.id)
        assert process(row.scheduled_at) == r.scheduled_at
        assert process(row.created_at) == r.created_at
    assert _scalar(store, "SELECT max(at) FROM status_events") <= process(datetime.now(UTC))


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 7, 11, 0),  # a Saturday: the shop is open the day you look at it
    datetime(2026, 3, 9, 6, 30),  # Monday before opening: jobs in hand are from Friday
    datetime(2026, 3, 10, 23, 45),  # late evening: today's jobs are all done
    datetime(2025, 12, 31, 16, 0),  # New Year's Eve: job numbers change year tomorrow
    datetime(2026, 3, 29, 9, 10),  # a Sunday when clocks change in Europe
], ids=str)
def test_the_rules_hold_whenever_the_demo_is_made(tmp_path, moment):
    instant = moment.astimezone(UTC)  # the PC's wall-clock time
    store = Store.open("sqlite:///" + str(tmp_path / "moment.db"), clock=lambda: instant)
    fill_demo(store)
    statuses = {r[0] for r in _rows(store, "SELECT DISTINCT status FROM appointments")}
    assert statuses == {s.value for s in AppointmentStatus}
    assert {r[0] for r in _rows(store, "SELECT DISTINCT status FROM callbacks")} == {s.value for s in CallbackStatus}
    assert {c.priority for c in store.available_callbacks()} == set(Priority)
    dialect = store.read_engine.dialect
    process = Appointment.__table__.c.scheduled_at.type.dialect_impl(dialect).bind_processor(dialect)
    assert _scalar(store, "SELECT max(at) FROM status_events") <= process(instant)
    _assert_capacity(store)
    _assert_history_matches_rows(store)
    _assert_events_are_permitted(store)
    _assert_rows_match_their_status(store)
    _assert_callbacks_within_contracts(store)
    _assert_job_numbers(store)
    store.close()


# --- filling ------------------------------------------------------------------------------------------------------


def test_a_second_fill_is_refused(demo):
    store, _ = demo
    before = _scalar(store, "SELECT count(*) FROM appointments")
    with pytest.raises(ValidationError) as refused:
        fill_demo(store, 100)
    assert str(refused.value) == EMPTY_MESSAGE
    assert _scalar(store, "SELECT count(*) FROM appointments") == before


def test_a_database_with_only_customers_gets_the_demo_after_them(store):
    kept = store.add_customer("Walk-in Before Demo", phone="555-0100")
    fill_demo(store, 300)
    assert store.customer(kept.id).name == "Walk-in Before Demo"
    assert _scalar(store, "SELECT count(*) FROM customers") == 1 + 60


def test_the_store_keeps_working_after_the_demo(store):
    fill_demo(store, 500)
    desk = next(e for e in store.employees(role="front_desk"))
    vehicle = _rows(store, "SELECT id FROM vehicles ORDER BY id DESC LIMIT 1")[0].id
    booked = store.book_appointment(vehicle, datetime.now(UTC) + timedelta(days=1), "Oil change", desk.id)
    assert booked.id == 501
    when = datetime.now(UTC) + timedelta(hours=2)
    holder = store.customers_with_active_contract(when.astimezone().date())[0]
    callback = store.create_callback(holder.id, when, "Check brakes", "high", desk.id)
    assert callback.job_number not in {r[0] for r in _rows(store, f"SELECT job_number FROM callbacks "
                                                                  f"WHERE id <> {callback.id}")}
    assert [e.action for e in store.history("appointment", booked.id)] == ["book"]


def test_the_schema_and_connection_settings_are_as_before(tmp_path):
    store = _open(tmp_path / "schema.db")
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    before = _rows(store, indexes)
    fill_demo(store, 1000)
    assert _rows(store, indexes) == before
    with store.write_engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == -2000  # SQLite's default
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []  # every row points at a real parent
    store.close()


def test_a_failed_fill_leaves_the_database_as_it_was(store, monkeypatch):
    from repair_desktop.demo import ahead as demo_ahead

    def broken(shop):
        yield from ()
        raise OSError("disk full")

    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    before = _rows(store, schema)
    monkeypatch.setattr(demo_ahead, "callback_batches", broken)  # fails after appointments were written
    with pytest.raises(OSError):
        fill_demo(store, 1000)
    assert _scalar(store, "SELECT count(*) FROM appointments") == 0
    assert _scalar(store, "SELECT count(*) FROM employees") == 0
    assert _rows(store, schema) == before
    monkeypatch.undo()
    fill_demo(store, 1000)  # and it can still be filled
    assert _scalar(store, "SELECT count(*) FROM appointments") == 1000


def test_a_load_that_fails_beside_a_helper_process_leaves_nothing_behind(tmp_path, monkeypatch):
    """The writer fails while the helper process makes rows: the helper is stopped, the load rolled back, the
    scratch folder removed, and the database can still be filled."""
    import multiprocessing

    from repair_desktop.demo import ahead as demo_ahead

    monkeypatch.setattr(demo_ahead, "PROCESS_FROM", 0)
    store = Store.open("sqlite:///" + str(tmp_path / "shop.db"))
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    before = _rows(store, schema)
    calls = []

    def full_disk(done, total):
        calls.append(done)
        if len(calls) == 4:  # customers written, jobs still to come
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        fill_demo(store, 2000, progress=full_disk)
    assert multiprocessing.active_children() == []
    assert _scalar(store, "SELECT count(*) FROM employees") == 0
    assert _rows(store, schema) == before
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [], "no scratch folder is left"
    fill_demo(store, 2000)
    assert _scalar(store, "SELECT count(*) FROM appointments") == 2000
    store.close()


def test_progress_is_reported_up_to_the_total(store):
    calls = []
    fill_demo(store, 2000, progress=lambda done, total: calls.append((done, total)))
    totals = {total for _, total in calls}
    assert len(totals) == 1 and calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_scale_must_be_positive(store):
    with pytest.raises(ValidationError):
        fill_demo(store, 0)
    assert store.employees() == []


@pytest.mark.parametrize("scale", [None, 1000], ids=["default", "scale"])
def test_same_seed_and_clock_give_the_same_shop(tmp_path, scale, monkeypatch):
    """The same shop again for the same seed and clock, whether its rows were made in a helper thread (the first
    two) or a helper process (the third); another seed, another shop."""
    from repair_desktop.demo import ahead as demo_ahead

    moment = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
    dumps, sign_ins = [], []
    for name, seed, process_from in (("a", 7, 10 ** 9), ("b", 7, 10 ** 9), ("p", 7, 0), ("c", 8, 10 ** 9)):
        monkeypatch.setattr(demo_ahead, "PROCESS_FROM", process_from)
        store = Store.open("sqlite:///" + str(tmp_path / f"{name}.db"), clock=lambda: moment)
        sign_ins.append(fill_demo(store, scale, seed=seed))
        dumps.append([_rows(store, f"SELECT * FROM {table} ORDER BY 1, 2") for table in
                      ("customers", "vehicles", "maintenance_contracts", "appointments", "callbacks",
                       "callback_helpers", "status_events", "time_off")]
                     + [_rows(store, "SELECT id, name, role, active, created_at FROM employees ORDER BY id")])
        store.close()
    assert dumps[0] == dumps[1] == dumps[2]
    assert sign_ins[0] == sign_ins[1] == sign_ins[2]
    assert dumps[0] != dumps[3]


# --- bulk -----------------------------------------------------------------------------------------------------------


def test_ten_thousand_appointments_in_bulk(store):
    started = time.perf_counter()
    fill_demo(store, 10_000)
    assert time.perf_counter() - started < 30
    assert _scalar(store, "SELECT count(*) FROM appointments") == 10_000
    assert 900 <= _scalar(store, "SELECT count(*) FROM callbacks") <= 1000
    assert _scalar(store, "SELECT count(*) FROM customers") == 2000
    events = _scalar(store, "SELECT count(*) FROM status_events WHERE entity_kind = 'appointment'")
    assert 3.0 <= events / 10_000 <= 4.5
    _assert_capacity(store)
    _assert_history_matches_rows(store)
    _assert_job_numbers(store)
    assert _rows(store, "PRAGMA foreign_key_check") == []


PG_SCHEMA = """
    SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
    UNION ALL
    SELECT 'constraint', c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
    JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema()
    ORDER BY 1, 2"""


def test_bulk_demo_on_postgresql(pg_store):
    schema = _rows(pg_store, PG_SCHEMA)
    fill_demo(pg_store, 2000)
    assert _rows(pg_store, PG_SCHEMA) == schema  # indexes and foreign keys rebuilt exactly as they were
    assert _scalar(pg_store, "SELECT count(*) FROM appointments") == 2000
    _assert_capacity(pg_store)
    _assert_history_matches_rows(pg_store)
    _assert_job_numbers(pg_store)
    desk = pg_store.employees(role="front_desk")[0]
    vehicle = _rows(pg_store, "SELECT max(id) FROM vehicles")[0][0]
    booked = pg_store.book_appointment(vehicle, datetime.now(UTC) + timedelta(days=1), "Oil change", desk.id)
    assert booked.id == 2001  # the id sequences were moved past the demo's rows
    assert pg_store.add_customer("After the demo").id == 401


# --- helpers ----------------------------------------------------------------------------------------------------


def _assert_capacity(store: Store) -> None:
    load = store.workload()
    limit = store.capacity_limit()
    assert all(t.active_jobs <= limit for t in load.technicians)
    assert load.total >= 6


def _assert_history_matches_rows(store: Store) -> None:
    """Over every row: the status is the last event's, and each event starts where the previous ended, later."""
    for kind, table in (("appointment", "appointments"), ("callback", "callbacks")):
        mismatched = _scalar(store, f"""
            SELECT count(*) FROM {table} t
            WHERE t.status <> COALESCE((SELECT e.to_status FROM status_events e
                                        WHERE e.entity_kind = :kind AND e.entity_id = t.id
                                        ORDER BY e.id DESC LIMIT 1), '')""", kind=kind)
        assert mismatched == 0, f"{mismatched} {table} whose status is not their last event's"
    broken = _scalar(store, """
        SELECT count(*) FROM (
            SELECT from_status, at, action, entity_kind,
                   LAG(to_status) OVER (PARTITION BY entity_kind, entity_id ORDER BY id) AS before,
                   LAG(at) OVER (PARTITION BY entity_kind, entity_id ORDER BY id) AS at_before,
                   ROW_NUMBER() OVER (PARTITION BY entity_kind, entity_id ORDER BY id) AS n
            FROM status_events) x
        WHERE (n = 1 AND (from_status IS NOT NULL OR action NOT IN ('book', 'create_callback')))
           OR (n > 1 AND (from_status IS NULL OR from_status <> before OR at <= at_before))""")
    assert broken == 0, f"{broken} events that do not follow on from the one before"


def _assert_events_are_permitted(store: Store) -> None:
    """Replay all history through the workflow tables, with the same permission rule as the store."""
    roles = dict(_rows(store, "SELECT id, role FROM employees"))
    events = _rows(store, "SELECT entity_kind, entity_id, action, from_status, to_status, actor_id, note "
                          "FROM status_events ORDER BY entity_kind, entity_id, id")
    owner: dict[tuple, int | None] = defaultdict(lambda: None)
    technician = {e.name: e.id for e in store.employees(role="technician")}
    for e in events:
        key = (e.entity_kind, e.entity_id)
        if e.action == CREATIONS[e.entity_kind]:
            assert e.from_status is None and Role(roles[e.actor_id]) in (Role.FRONT_DESK, Role.MANAGER)
            continue
        workflow = WORKFLOWS[e.entity_kind]
        status = (AppointmentStatus if e.entity_kind == "appointment" else CallbackStatus)(e.from_status)
        assert workflow.move(e.action, status) == e.to_status, e
        move = workflow[e.action]
        allowed = Role(roles[e.actor_id]) in move.roles or (move.owner_may and owner[key] == e.actor_id)
        assert allowed, e
        if e.action == "assign_technician":
            owner[key] = technician[e.note.removeprefix("Assigned to ")]
        elif e.action == "reassign_callback":
            owner[key] = technician[e.note.removeprefix("Reassigned to ")]
        elif e.action == "claim_callback":
            owner[key] = e.actor_id
        elif e.action in ("unassign", "release_callback"):
            owner[key] = None


def _assert_rows_match_their_status(store: Store) -> None:
    for a in _rows(store, "SELECT * FROM appointments"):
        status = AppointmentStatus(a.status)
        assert (a.technician_id is not None) == (a.assigned_at is not None)
        if status in (AppointmentStatus.ASSIGNED, AppointmentStatus.IN_PROGRESS, AppointmentStatus.COMPLETED):
            assert a.technician_id is not None
        if status == AppointmentStatus.SCHEDULED:
            assert a.technician_id is None and a.started_at is None and a.cancelled_at is None
        if status in (AppointmentStatus.IN_PROGRESS, AppointmentStatus.COMPLETED):
            assert a.started_at is not None
        if status in (AppointmentStatus.SCHEDULED, AppointmentStatus.ASSIGNED):
            assert a.started_at is None
        assert (a.completed_at is not None) == (status == AppointmentStatus.COMPLETED)
        assert (a.cancelled_at is not None) == (a.cancel_reason is not None) == (status == AppointmentStatus.CANCELLED)
        stamps = [s for s in (a.created_at, a.assigned_at, a.started_at, a.completed_at) if s]
        assert stamps == sorted(stamps)
        assert a.version >= 1
    for c in _rows(store, "SELECT * FROM callbacks"):
        status = CallbackStatus(c.status)
        holding = status in (CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS, CallbackStatus.RESOLVED,
                             CallbackStatus.CLOSED)
        assert (c.claimed_by is not None) == (c.claimed_at is not None)
        if holding:
            assert c.claimed_by is not None
        if status == CallbackStatus.PENDING:
            assert c.claimed_by is None and c.started_at is None
        assert (c.resolved_at is not None) == (status in (CallbackStatus.RESOLVED, CallbackStatus.CLOSED))
        assert (c.closed_at is not None) == (status == CallbackStatus.CLOSED)
        assert (c.cancelled_at is not None) == (status == CallbackStatus.CANCELLED)
        assert c.deleted_at is None and c.created_by is not None


def _assert_callbacks_within_contracts(store: Store) -> None:
    rows = store.list_callbacks(limit=1000).rows
    assert len(rows) == _scalar(store, "SELECT count(*) FROM callbacks")
    for row in rows:
        day = row.scheduled_at.astimezone().date()
        assert any(contract.is_active_on(day) for contract in store.contracts(row.customer_id)), row.job_number


def _assert_job_numbers(store: Store) -> None:
    numbers = [r[0] for r in _rows(store, "SELECT job_number FROM callbacks")]
    assert len(numbers) == len(set(numbers))
    assert all(re.fullmatch(r"CB-\d{4}-\d{5,}", n) for n in numbers)


def _contract_kind(contract, today: date) -> str:
    ends = contract.ends_on if isinstance(contract.ends_on, date) else date.fromisoformat(contract.ends_on)
    if contract.cancelled:
        return "cancelled"
    if ends < today:
        return "expired"
    return "expiring" if ends <= today + timedelta(days=30) else "active"


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


_VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ",
                       (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9)))
_VIN_VALUES.update({str(d): d for d in range(10)})


def _vin_is_valid(vin: str) -> bool:
    """17 characters without I, O or Q, and the North American check digit in position 9."""
    if not re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", vin):
        return False
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    check = sum(_VIN_VALUES[c] * w for c, w in zip(vin, weights)) % 11
    return vin[8] == ("X" if check == 10 else str(check))
