"""The store on a real PostgreSQL server: the same rules, listings and refusals as on SQLite.

Each test gets a fresh database on the session's private server (marked
``postgres`` automatically). The listing shop is built once for the module in
its own database.
"""

import re
import time
from datetime import UTC, date, datetime, timedelta, timezone

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


import repair_desktop.store.engine as engine_module
from repair_desktop.domain.errors import (AlreadyClaimed, CapacityExceeded, ConflictError, InvalidTransition,
                                          NoActiveContract, NotFound, PermissionDenied, SchemaTooNew,
                                          StoreUnavailable, ValidationError)
from repair_desktop.domain.statuses import AppointmentStatus as A, CallbackStatus as C
from repair_desktop.store import AppointmentFilter, CallbackFilter, Store
from repair_desktop.store.engine import make_engines
from repair_desktop.store.schema import head_revision, migrate
from support.store_helpers import (APPOINTMENT_ACTIONS, APPOINTMENT_SORT_VALUES, CALLBACK_ACTIONS,
                                   CALLBACK_SORT_VALUES, HOSTILE_SEARCHES, T0, FakeClock, RunningClock,
                                   appointment_in, assert_pages_cover, callback_in, check_appointment_cell,
                                   check_callback_cell, make_listing_shop, make_shop, raises_exactly, text_matches,
                                   walk_pages)


def scalar(url, sql):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def shop(pg_store):
    return make_shop(pg_store)


# --- schema --------------------------------------------------------------------------------------------

def test_an_empty_database_gets_the_whole_schema_once(pg_url):
    store = Store.open(pg_url)
    try:
        assert (store.dialect, store.backup_before_upgrade, store.capacity_limit()) == ("postgresql", None, 3)
    finally:
        store.close()
    assert scalar(pg_url, "SELECT version_num FROM alembic_version") == head_revision()
    again = Store.open(pg_url)
    again.close()
    assert scalar(pg_url, "SELECT count(*) FROM settings") == 1


def test_an_old_database_is_upgraded_keeping_its_data(pg_url):
    read, write = make_engines(pg_url)
    try:
        migrate(write, "0001")
        with write.begin() as conn:
            conn.execute(text("INSERT INTO employees (id, name, role, active, created_at) VALUES "
                              "(1, 'Maria Manager', 'manager', true, '2025-05-01 08:00'),"
                              "(2, 'Tom Turner', 'technician', true, '2025-05-01 08:00')"))
            conn.execute(text("INSERT INTO customers (id, name, created_at) VALUES (1, 'Ann Able', '2025-05-01 08:00')"))
            conn.execute(text("INSERT INTO vehicles (id, customer_id, make, model, plate) VALUES (1, 1, 'VW', 'Golf', 'AB1')"))
            conn.execute(text("INSERT INTO appointments (id, customer_id, vehicle_id, scheduled_at, concern, status, "
                              "technician_id, created_at, version) VALUES "
                              "(1, 1, 1, '2025-06-01 08:00', 'Brakes', 'assigned', 2, '2025-05-30 10:00', 2)"))
            conn.execute(text("INSERT INTO settings (key, value) VALUES ('capacity_limit', '4')"))
    finally:
        read.dispose()
        write.dispose()
    store = Store.open(pg_url)
    try:
        assert store.backup_before_upgrade is None  # PostgreSQL is backed up by its own tools
        assert scalar(pg_url, "SELECT version_num FROM alembic_version") == head_revision()
        assert store.capacity_limit() == 4
        row = store.appointment(1)
        assert (row.status, row.technician_name, row.scheduled_at) == ("assigned", "Tom Turner",
                                                                        datetime(2025, 6, 1, 8, tzinfo=UTC))
        assert store.workload().technicians[0].active_jobs == 1
    finally:
        store.close()


def test_a_database_from_a_newer_version_is_refused(pg_url):
    Store.open(pg_url).close()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    error = raises_exactly(SchemaTooNew, Store.open, pg_url)
    assert isinstance(error, StoreUnavailable)
    assert str(error).startswith("This database was upgraded by a newer Repair Desktop. ")
    assert scalar(pg_url, "SELECT version_num FROM alembic_version") == "0099_from_the_future"


# --- the rules ------------------------------------------------------------------------------------------

def test_every_appointment_move_is_allowed_exactly_when_the_table_allows_it(pg_store):
    for action in APPOINTMENT_ACTIONS:  # a staff per action, so nobody runs out of capacity
        shop = make_shop(pg_store, prefix=f"{action} ")
        for status in A:
            check_appointment_cell(shop, action, status)


def test_every_callback_move_is_allowed_exactly_when_the_table_allows_it(pg_store):
    for action in CALLBACK_ACTIONS:
        shop = make_shop(pg_store, prefix=f"{action} ")
        for status in C:
            check_callback_cell(shop, action, status)


def refused(error_type, message: str, call, *args, **kwargs) -> None:
    """``call`` raises exactly ``error_type`` and says ``message`` (a pattern where the text holds a time)."""
    error = raises_exactly(error_type, call, *args, **kwargs)
    assert re.fullmatch(message, str(error)), str(error)


UNREACHABLE = re.escape("The database can't be reached. Check the network or the server, then try again.")


def test_permissions(shop):
    s = shop.store
    a, b, c = shop.techs
    appointment_id = appointment_in(shop, A.ASSIGNED, a)
    technician = "; you are signed in as a technician\\."
    refused(PermissionDenied, "Only the technician on this job, the front desk or a manager can start work" + technician,
            s.start_work, appointment_id, b)
    refused(PermissionDenied, "Only the front desk or a manager can unassign the technician" + technician,
            s.unassign, appointment_id, a)
    refused(PermissionDenied, "Only the front desk or a manager can book appointments" + technician,
            s.book_appointment, shop.vehicle, T0, "x", a)
    assert s.start_work(appointment_id, a).status == "in_progress"
    callback_id = callback_in(shop, C.OPEN, a)
    refused(PermissionDenied, "Only a technician can pick jobs; you are signed in as the front desk\\.",
            s.claim_callback, shop.new_callback(), shop.desk)
    refused(PermissionDenied, "Only the technician on this job can start work" + technician, s.start_callback,
            callback_id, b)
    refused(PermissionDenied, "Only the technician on this job can start work; you are signed in as a manager\\.",
            s.start_callback, callback_id, shop.manager)
    refused(PermissionDenied, "Only a manager can change the capacity limit; you are signed in as the front desk\\.",
            s.set_capacity_limit, 5, shop.desk)
    refused(PermissionDenied, "That name and PIN don't match\\. Please try again\\.", s.authenticate, 9999, None)


def test_capacity_counts_appointments_and_callbacks(shop):
    s = shop.store
    a, b, _ = shop.techs
    appointment_in(shop, A.ASSIGNED, a)
    callback_in(shop, C.OPEN, a)
    done = appointment_in(shop, A.IN_PROGRESS, a)
    full = re.escape("Tech A already has 3 of 3 active jobs. Choose another technician, or finish or hand over "
                     "one of their jobs first.")
    refused(CapacityExceeded, full, s.claim_callback, shop.new_callback(), a)
    refused(CapacityExceeded, full, s.assign_technician, shop.book(), a, shop.desk)
    s.complete_work(done, a)
    assert s.claim_callback(shop.new_callback(), a).claimed_by == a
    s.set_capacity_limit(4, shop.manager)
    assert s.assign_technician(shop.book(), a, shop.desk).technician_id == a
    w = s.workload()
    assert [(t.active_jobs, t.capacity) for t in w.technicians] == [(4, 4), (0, 4), (0, 4)]
    assert (w.total, w.available, w.busy) == (3, 2, 1)
    assert w.utilization_rate == pytest.approx(4 / 12)
    assert [e.id for e in s.available_technicians()] == [b, shop.techs[2]]


def test_stale_edits_name_who_changed_it(clocked_shop, clock):
    s = clocked_shop.store
    appointment_id = clocked_shop.book()
    seen = s.appointment(appointment_id).version
    changed_at = clock.advance(minutes=1)
    s.update_appointment(appointment_id, clocked_shop.desk2, expected_version=seen, concern="Both")
    error = raises_exactly(ConflictError, s.update_appointment, appointment_id, clocked_shop.desk,
                           expected_version=seen, concern="Mine")
    assert (error.changed_by, error.changed_at) == ("Dora Desk", changed_at)


def test_contracts_and_bad_input(shop):
    s = shop.store
    other = s.add_customer("Bob Baker").id
    uncovered = re.escape("Bob Baker has no maintenance contract active on 02 Mar 2026. Add or renew their "
                          "contract first, or book a normal appointment.")
    refused(NoActiveContract, uncovered, s.create_callback, other, T0, "Noise", "high", shop.desk)
    s.add_contract(other, date(2025, 1, 1), date(2025, 12, 31))
    refused(NoActiveContract, uncovered, s.create_callback, other, T0, "Noise", "high", shop.desk)
    refused(ValidationError, "Please enter a description of the work\\.", s.create_callback, shop.customer, T0, "  ",
            "high", shop.desk)
    refused(ValidationError, "Please enter the scheduled time as a date and time\\.", s.book_appointment, shop.vehicle,
            None, "Tyres", shop.desk)
    refused(NotFound, "There is no appointment number 9999; it may have been deleted on another PC\\.",
            s.appointment, 9999)
    refused(NotFound, "There is no callback number 9999; it may have been deleted on another PC\\.",
            s.claim_callback, 9999, shop.techs[0])
    refused(ValidationError, "There is already an employee called Tech A; add a surname or initial\\.",
            s.add_employee, "Tech A", "technician", actor=shop.manager)


def test_claims_and_deleting(shop):
    s = shop.store
    a, b, _ = shop.techs
    callback_id = shop.new_callback()
    s.claim_callback(callback_id, a)
    job = s.callback(callback_id).job_number
    refused(AlreadyClaimed, f"{job} was picked by Tech A at \\d\\d:\\d\\d\\. It has left the Available jobs list\\.",
            s.claim_callback, callback_id, b)
    refused(InvalidTransition, "This callback is open, so you can't delete it while a technician holds it now\\.",
            s.delete_callback, callback_id, shop.desk)
    s.cancel_callback(callback_id, "duplicate", shop.desk)
    s.delete_callback(callback_id, shop.desk)
    assert s.list_callbacks().rows == [] and s.count_callbacks() == 0
    refused(NotFound, f"There is no callback number {callback_id}; it may have been deleted on another PC\\.",
            s.callback, callback_id)
    assert [e.action for e in s.history("callback", callback_id)][-1] == "delete_callback"
    assert scalar(s.url, f"SELECT count(*) FROM callbacks WHERE id = {callback_id}") == 1


def test_times_come_back_as_the_same_instants(clocked_shop):
    s = clocked_shop.store
    india = timezone(timedelta(hours=5, minutes=30))
    at = datetime(2026, 3, 2, 14, 45, 12, 345678, tzinfo=india)
    appointment_id = s.book_appointment(clocked_shop.vehicle, at, "Tyres", clocked_shop.desk).id
    row = s.appointment(appointment_id)
    assert row.scheduled_at == at and row.scheduled_at.tzinfo == UTC
    naive = datetime(2026, 3, 2, 14, 45)  # what the desk typed, on this PC's clock
    assert s.appointment(s.book_appointment(clocked_shop.vehicle, naive, "Oil", clocked_shop.desk).id
                         ).scheduled_at == naive.astimezone()


# --- listings -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def listing(pg_server):
    with pg_server.database() as url:
        clock = FakeClock()
        store = Store.open(url, clock=clock)
        try:
            yield make_listing_shop(store, clock)
        finally:
            store.close()


@pytest.fixture(scope="module")
def c_collation(listing):
    """Text sorts compare with Python's order only under the C collation (the private server's)."""
    return scalar(listing.shop.store.url, "SELECT datcollate FROM pg_database WHERE datname = current_database()") \
        in ("C", "POSIX")


def test_every_sort_both_ways_pages_to_the_whole(listing, c_collation):
    store = listing.shop.store
    appointments = store.list_appointments(sort="id", limit=10_000).rows
    callbacks = store.list_callbacks(sort="job_number", limit=10_000).rows
    assert sorted(r.id for r in appointments) == sorted(listing.appointments)
    assert sorted(r.id for r in callbacks) == sorted(listing.callbacks)
    text_keys = {"status", "customer", "vehicle", "concern", "technician"}
    for descending in (False, True):
        for listing_page, rows, values in ((store.list_appointments, appointments, APPOINTMENT_SORT_VALUES),
                                           (store.list_callbacks, callbacks, CALLBACK_SORT_VALUES)):
            for sort, value in values.items():
                if sort in text_keys and not c_collation:
                    # another collation orders text its own way: pages must still add up to its whole
                    whole = [r.id for r in listing_page(sort=sort, descending=descending, limit=10_000).rows]
                    for limit in (1, 6):
                        assert [r.id for r in walk_pages(listing_page, limit, sort=sort, descending=descending)] \
                            == whole
                    continue
                assert_pages_cover(listing_page, rows, value, descending, limits=(1, 7), sort=sort)


@pytest.mark.parametrize("share", [1, 10 ** 9], ids=["the-filter-drives", "the-sort-leads"])
def test_filters_page_too(listing, c_collation, share, monkeypatch):
    """A filter keeping few rows has them read and sorted, one keeping many is checked along the sort's order:
    every sort, both ways, pages the same."""
    from repair_desktop.store import listing as listing_module

    monkeypatch.setattr(listing_module, "FILTER_SHARE", share)
    store = listing.shop.store
    appointments = store.list_appointments(sort="id", limit=10_000).rows
    flt = AppointmentFilter(statuses=frozenset({A.ASSIGNED, A.CANCELLED}), scheduled_from=T0)
    subset = [r for r in appointments if r.status in (A.ASSIGNED, A.CANCELLED) and r.scheduled_at >= T0]
    assert subset and store.count_appointments(flt) == len(subset)
    callbacks = store.list_callbacks(sort="job_number", limit=10_000).rows
    claimed = CallbackFilter(claimed_by=listing.shop.techs[0], statuses=frozenset({C.OPEN, C.IN_PROGRESS, C.RESOLVED}))
    held = [r for r in callbacks if r.claimed_by == listing.shop.techs[0]
            and r.status in (C.OPEN, C.IN_PROGRESS, C.RESOLVED)]
    assert held and store.count_callbacks(claimed) == len(held)
    for listing_page, rows, values, f in ((store.list_appointments, subset, APPOINTMENT_SORT_VALUES, flt),
                                          (store.list_callbacks, held, CALLBACK_SORT_VALUES, claimed)):
        for descending in (False, True):
            for sort, value in values.items():
                if sort in {"status", "customer", "vehicle", "concern", "technician"} and not c_collation:
                    whole = [r.id for r in listing_page(f, sort=sort, descending=descending, limit=10_000).rows]
                    assert sorted(whole) == sorted(r.id for r in rows)
                    assert [r.id for r in walk_pages(listing_page, 2, filter=f, sort=sort,
                                                     descending=descending)] == whole
                    continue
                assert_pages_cover(listing_page, rows, value, descending, limits=(2,), sort=sort, filter=f)


@pytest.mark.parametrize("walk, leading", [(float("inf"), float("inf")), (0, 0), (0, float("inf"))],
                         ids=["candidates-sorted", "list-order-tested", "one-word-candidates-dense"])
def test_a_search_pages_in_every_sort_both_ways(listing, c_collation, walk, leading, monkeypatch):
    """The words' candidates read whole and then sorted (their ids chosen first, joining only the sort key's
    table), or the list read in its order and each row tested, or (one word's dense candidates, the callbacks'
    "noise") the list read in its order and each row's id tested: the same pages every way."""
    from repair_desktop.store import search

    monkeypatch.setattr(search, "SAMPLE_PERCENT", 100)  # the sample is the whole table
    monkeypatch.setattr(search, "WALK_BREAK_EVEN", walk)
    monkeypatch.setattr(search, "LEADING_WALK_BREAK_EVEN", leading)
    store = listing.shop.store
    appointments = [r for r in store.list_appointments(sort="id", limit=10_000).rows
                    if text_matches("ann BRAKES", [r.customer_name, r.plate, r.make, r.model, r.concern])]
    callbacks = [r for r in store.list_callbacks(sort="job_number", limit=10_000).rows
                 if text_matches("noise", [r.customer_name, r.job_number, r.description])]
    assert 1 < len(appointments) < len(listing.appointments) and 1 < len(callbacks) < len(listing.callbacks)
    for listing_page, rows, values, flt in (
            (store.list_appointments, appointments, APPOINTMENT_SORT_VALUES, AppointmentFilter(text="ann BRAKES")),
            (store.list_callbacks, callbacks, CALLBACK_SORT_VALUES, CallbackFilter(text="noise"))):
        for descending in (False, True):
            for sort, value in values.items():
                if sort in {"status", "customer", "vehicle", "concern", "technician"} and not c_collation:
                    # another collation orders text its own way: the pages still add up to its whole
                    whole = [r.id for r in listing_page(flt, sort=sort, descending=descending, limit=10_000).rows]
                    assert sorted(whole) == sorted(r.id for r in rows)
                    for limit in (1, 3):
                        assert [r.id for r in walk_pages(listing_page, limit, filter=flt, sort=sort,
                                                         descending=descending)] == whole
                    continue
                assert_pages_cover(listing_page, rows, value, descending, limits=(1, 3), sort=sort, filter=flt)


@pytest.mark.parametrize("share, walk, thinning", [(1, 0, 0.5), (10 ** 9, 0, 0), (10 ** 9, float("inf"), 0),
                                                   (10 ** 9, 0, 1.1)],
                         ids=["the-filter-drives", "the-search-drives-walked", "the-search-drives-candidates",
                              "the-filter-thins"])
def test_a_search_with_a_filter_pages_in_every_sort_both_ways(listing, c_collation, share, walk, thinning,
                                                              monkeypatch):
    """A filter keeping few rows has them read and the words checked on each; otherwise the search index and
    the sort's order decide as without it (sorted by customer or vehicle, the search table's lines walked in
    order or their candidates sorted, each line's job checked against the filter): the same pages every way."""
    from repair_desktop.store import listing as listing_module, search

    monkeypatch.setattr(listing_module, "FILTER_SHARE", share)
    monkeypatch.setattr(listing_module, "THINNING_SHARE", thinning)
    monkeypatch.setattr(search, "SAMPLE_PERCENT", 100)  # the sample is the whole table
    monkeypatch.setattr(search, "WALK_BREAK_EVEN", walk)
    monkeypatch.setattr(search, "LEADING_WALK_BREAK_EVEN", walk)
    store = listing.shop.store
    flt = AppointmentFilter(statuses=frozenset({A.SCHEDULED, A.ASSIGNED}), text="a")
    rows = [r for r in store.list_appointments(sort="id", limit=10_000).rows if r.status in (A.SCHEDULED, A.ASSIGNED)
            and text_matches("a", [r.customer_name, r.plate, r.make, r.model, r.concern])]
    assert 1 < len(rows) < len(listing.appointments)
    for descending in (False, True):
        for sort, value in APPOINTMENT_SORT_VALUES.items():
            if sort in {"status", "customer", "vehicle", "concern", "technician"} and not c_collation:
                whole = [r.id for r in store.list_appointments(flt, sort=sort, descending=descending,
                                                               limit=10_000).rows]
                assert sorted(whole) == sorted(r.id for r in rows)
                continue
            assert_pages_cover(store.list_appointments, rows, value, descending, limits=(1, 3), sort=sort,
                               filter=flt)


def test_hostile_searches_match_literally(listing):
    store = listing.shop.store
    appointments = store.list_appointments(sort="id", limit=10_000).rows
    callbacks = store.list_callbacks(sort="job_number", limit=10_000).rows
    for search in HOSTILE_SEARCHES:
        want = sorted(r.id for r in appointments
                      if text_matches(search, [r.customer_name, r.plate, r.make, r.model, r.concern]))
        for sort in ("scheduled_at", "customer", "vehicle"):  # the last two chosen in the search table
            got = walk_pages(store.list_appointments, 7, filter=AppointmentFilter(text=search), sort=sort)
            assert sorted(r.id for r in got) == want, (search, sort)
        want = sorted(r.id for r in callbacks if text_matches(search, [r.customer_name, r.job_number, r.description]))
        got = walk_pages(store.list_callbacks, 7, filter=CallbackFilter(text=search))
        assert sorted(r.id for r in got) == want, search
        assert [c.name for c in store.find_customers(search, limit=100)] == sorted(
            c.name for c in store.find_customers(limit=100) if text_matches(search, [c.name, c.phone])), search
    assert store.count_appointments() == len(appointments)


def test_reads_are_planned_for_a_server_holding_the_shop_in_memory(pg_store):
    """A page of a search's few candidates is read by their ids, not by a walk of all customers."""
    with pg_store.read_engine.connect() as connection:
        settings = dict(connection.execute(text(
            "SELECT name, setting FROM pg_settings WHERE name IN ('random_page_cost', 'plan_cache_mode', 'jit')")).all())
    assert settings == {"random_page_cost": "1.1", "plan_cache_mode": "force_custom_plan", "jit": "off"}


# --- faults ---------------------------------------------------------------------------------------------

def test_a_row_locked_elsewhere_gives_up_after_the_bounded_wait(pg_url, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_WAIT_SECONDS", 1)  # read when the engine is made
    store = Store.open(pg_url, clock=RunningClock())
    try:
        shop = make_shop(store)
        appointment_id = shop.book()
        u = make_url(pg_url)
        with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database) as other_pc:
            other_pc.execute("SELECT * FROM appointments WHERE id = %s FOR UPDATE", (appointment_id,))
            started = time.monotonic()
            refused(StoreUnavailable, re.escape("The database is busy with another PC's change and did not free up "
                                                "within 1 second. Please try again."),
                    store.assign_technician, appointment_id, shop.techs[0], shop.desk)
            assert 0.9 <= time.monotonic() - started < 4
            assert store.appointment(appointment_id).status == "scheduled"  # reads go on
            other_pc.rollback()
        assert store.assign_technician(appointment_id, shop.techs[0], shop.desk).status == "assigned"
    finally:
        store.close()


def test_a_server_that_goes_away_and_comes_back(pg_server, pg_url):
    if not pg_server.can_restart:
        pytest.skip("external server (REPAIR_DESKTOP_TEST_PG) cannot be restarted")
    store = Store.open(pg_url, clock=RunningClock())
    try:
        shop = make_shop(store)
        appointment_id = shop.book()
        pg_server.stop()
        try:
            calls = [lambda: store.appointment(appointment_id), store.workload, store.available_callbacks,
                     lambda: store.list_appointments(), lambda: store.assign_technician(appointment_id, shop.techs[0],
                                                                                        shop.desk),
                     lambda: store.add_customer("Walk-in"), lambda: store.authenticate(shop.desk, None)]
            for call in calls:
                started = time.monotonic()
                refused(StoreUnavailable, UNREACHABLE, call)
                assert time.monotonic() - started < 10
            refused(StoreUnavailable, UNREACHABLE, Store.open, pg_url)
        finally:
            pg_server.start()
        # the same store works again without being reopened
        assert store.assign_technician(appointment_id, shop.techs[0], shop.desk).status == "assigned"
    finally:
        store.close()


@pytest.mark.parametrize("change, said", [
    ({"username": "nobody_here"}, "The server refused the user name or password. Check them and try again."),
    ({"database": "no_such_shop"}, "The server has no database of that name. Check the name, or create the "
                                   "database on the server first."),
])
def test_a_refused_login_or_a_missing_database_is_named_not_called_unreachable(pg_url, change, said):
    url = make_url(pg_url).set(**change).render_as_string(hide_password=False)

    refused(StoreUnavailable, re.escape(said), Store.open, url)
