"""When the database misbehaves: locked, read-only, full, unreachable, not a database at all.

Whatever happens, only ``StoreUnavailable`` (a DomainError with a message for
the desk) may leave the store, never a driver's exception, and it must come
within the bounded wait instead of freezing the window.
"""

import dataclasses
import os
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from pg_server import free_port

import repair_desktop.store.engine as engine_module
from repair_desktop.domain.errors import StoreUnavailable
from repair_desktop.store import Store
from support.store_helpers import T0, RunningClock, make_shop, raises_exactly


@pytest.fixture
def quick_timeout(monkeypatch):
    """A bounded wait of 1 second instead of 5, so the tests that wait it out are quick."""
    monkeypatch.setattr(engine_module, "BUSY_WAIT_SECONDS", 1)
    return 1


def path_of(url):
    return make_url(url).database


def writes_to_try(shop):
    """One call per kind of write the desk makes, each a fresh attempt."""
    s = shop.store
    return {
        "add_customer": lambda: s.add_customer("Walk-in"),
        "book_appointment": lambda: s.book_appointment(shop.vehicle, T0, "Tyres", shop.desk),
        "create_callback": lambda: s.create_callback(shop.customer, T0, "Noise", "high", shop.desk),
        "set_capacity_limit": lambda: s.set_capacity_limit(4, shop.manager),
    }


# --- locked ------------------------------------------------------------------------------------------

def test_a_write_waits_for_a_lock_then_gives_up_with_store_unavailable(sqlite_url, quick_timeout):
    # The constant is read when the engines are made, so it is patched before Store.open.
    store = Store.open(sqlite_url)
    try:
        shop = make_shop(store)
        with closing(sqlite3.connect(path_of(sqlite_url), isolation_level=None)) as other_pc:
            other_pc.execute("BEGIN IMMEDIATE")  # another PC in the middle of a long write
            for name, write in writes_to_try(shop).items():
                started = time.monotonic()
                error = raises_exactly(StoreUnavailable, write)
                waited = time.monotonic() - started
                assert quick_timeout * 0.9 <= waited < quick_timeout + 2, (name, waited)
                assert "busy" in str(error) and "1 second" in str(error)
            # reading goes on while someone writes (WAL)
            assert [c.name for c in store.find_customers()] == ["Ann Customer"]
            assert store.workload().total == 3
            other_pc.execute("ROLLBACK")
        # the lock is gone: the same writes work, and nothing half-done was left behind
        assert store.count_appointments() == 0
        store.add_customer("Walk-in")
        assert [c.name for c in store.find_customers()] == ["Ann Customer", "Walk-in"]
    finally:
        store.close()


def test_opening_a_locked_database_gives_up_too(sqlite_url, quick_timeout):
    Store.open(sqlite_url).close()
    with closing(sqlite3.connect(path_of(sqlite_url), isolation_level=None)) as other_pc:
        other_pc.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        raises_exactly(StoreUnavailable, Store.open, sqlite_url)
        assert time.monotonic() - started < quick_timeout + 2
        other_pc.execute("ROLLBACK")
    Store.open(sqlite_url).close()


def test_by_default_a_write_waits_a_few_seconds_for_a_lock_and_says_how_long(sqlite_url):
    store = Store.open(sqlite_url)
    try:
        with closing(sqlite3.connect(path_of(sqlite_url), isolation_level=None)) as other_pc:
            other_pc.execute("BEGIN IMMEDIATE")
            started = time.monotonic()
            error = raises_exactly(StoreUnavailable, store.add_customer, "Walk-in")
            waited = time.monotonic() - started
            other_pc.execute("ROLLBACK")
    finally:
        store.close()
    said = int(re.search(r"(\d+) seconds?", str(error)).group(1))
    assert 1 <= said <= 10  # long enough to ride out another PC's save, short enough to wait for at a desk
    assert said * 0.9 <= waited < said + 2  # and it waited what it says


# --- read-only ---------------------------------------------------------------------------------------

def read_only_url(sqlite_url):
    """The same file opened read-only by SQLite itself: refused even for root, unlike chmod."""
    return f"sqlite:///file:{path_of(sqlite_url)}?mode=ro&uri=true"


def test_a_read_only_database_can_be_read_but_every_write_is_refused(sqlite_url, tmp_path, monkeypatch):
    store = Store.open(sqlite_url, clock=RunningClock())
    shop = make_shop(store)
    store.close()
    monkeypatch.chdir(tmp_path)
    ro = Store.open(read_only_url(sqlite_url), clock=RunningClock())  # its refusals must be about the file
    try:
        assert [c.name for c in ro.find_customers()] == ["Ann Customer"]
        assert ro.workload().total == 3 and ro.capacity_limit() == 3
        shop = dataclasses.replace(shop, store=ro)
        for name, write in writes_to_try(shop).items():
            error = raises_exactly(StoreUnavailable, write)
            assert "read-only" in str(error), name
        assert ro.count_appointments() == 0 and ro.capacity_limit() == 3
    finally:
        ro.close()
    # the URI form is not mistaken for a folder called "file:" in the working directory
    assert not (tmp_path / "file:").exists()


def test_a_missing_read_only_database_is_unavailable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raises_exactly(StoreUnavailable, Store.open, f"sqlite:///file:{tmp_path / 'nowhere.db'}?mode=ro&uri=true")
    assert not (tmp_path / "nowhere.db").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a 0444 file anyway; the mode=ro test covers root")
def test_a_file_without_write_permission_is_read_only(sqlite_url):
    store = Store.open(sqlite_url)
    shop = make_shop(store)
    store.close()
    path = Path(path_of(sqlite_url))
    path.chmod(0o444)
    try:
        store = Store.open(sqlite_url)
        try:
            assert [c.name for c in store.find_customers()] == ["Ann Customer"]
            shop = dataclasses.replace(shop, store=store)
            for write in writes_to_try(shop).values():
                raises_exactly(StoreUnavailable, write)
        finally:
            store.close()
    finally:
        path.chmod(0o644)


# --- full ----------------------------------------------------------------------------------------------

def test_a_full_disk_refuses_the_write_and_keeps_what_was_there(sqlite_url):
    """SQLite's own page limit stands in for a full disk: the driver reports SQLITE_FULL, as on a full disk."""
    store = Store.open(sqlite_url, clock=RunningClock())
    try:
        shop = make_shop(store)

        def no_room_to_grow(dbapi_connection, _record):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        write_engine = store.write_engine
        event.listen(write_engine, "connect", no_room_to_grow)
        write_engine.dispose()  # new connections, each with the limit
        big = "x" * 3000
        added = 0
        with pytest.raises(StoreUnavailable) as full:
            for i in range(200):
                store.add_customer(f"Customer {i}", address=big[:200])
                store.book_appointment(shop.vehicle, T0, big, shop.desk)
                added += 1
        assert type(full.value) is StoreUnavailable
        assert "full" in str(full.value)
        assert store.count_appointments() == added  # the failed transaction left nothing behind
        event.remove(write_engine, "connect", no_room_to_grow)
        write_engine.dispose()
        store.book_appointment(shop.vehicle, T0, big, shop.desk)
        assert store.count_appointments() == added + 1
    finally:
        store.close()


# --- unreachable or not a database ----------------------------------------------------------------------------

def test_an_unreachable_postgresql_server_is_reported_quickly():
    url = f"postgresql+psycopg://repair:secret@127.0.0.1:{free_port()}/shop"  # nobody listens there
    started = time.monotonic()
    error = raises_exactly(StoreUnavailable, Store.open, url)
    assert time.monotonic() - started < 5
    assert "can't be reached" in str(error)
    assert "secret" not in str(error)


@pytest.mark.parametrize("url", ["nonsense", "mysql://shop@localhost/shop", "postgresql+nodriver://x@localhost/y",
                                 "sqlite+nodriver:///x.db", ""])
def test_an_address_that_is_not_a_database_is_refused(url):
    error = raises_exactly(StoreUnavailable, Store.open, url)
    assert "database" in str(error).lower()


def test_a_file_that_is_not_a_database(tmp_path):
    garbage = tmp_path / "shop.db"
    garbage.write_bytes(os.urandom(8192))
    raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{garbage}")
    assert garbage.stat().st_size == 8192


def test_a_folder_where_the_file_should_be(tmp_path):
    (tmp_path / "shop.db").mkdir()
    raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{tmp_path / 'shop.db'}")


def test_a_path_through_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")
    error = raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{tmp_path / 'notes.txt' / 'shop.db'}")
    assert "folder" in str(error)
