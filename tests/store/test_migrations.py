"""Creating and upgrading the schema: empty files, old files full of a shop's data, and files from the future."""

import sqlite3
import warnings
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import TextClause, text
from sqlalchemy.engine import make_url


from repair_desktop.domain.errors import SchemaTooNew, StoreUnavailable
from repair_desktop.store import Store
from repair_desktop.store.engine import make_engines
from repair_desktop.store.models import Base
from repair_desktop.store.schema import current_revision, head_revision, migrate
from support.store_helpers import FakeClock, raises_exactly

#: The search tables of migrations 0005 and 0007 on SQLite: each FTS5 table, its shadow tables and its list of terms.
SEARCH_TABLES = {f"{name}{part}" for name in ("appointment_search", "callback_search", "directory_search")
                 for part in ("", "_terms", "_data", "_idx", "_content", "_docsize", "_config")}
#: The models' indexes on expressions (sort keys), by name: the SQL each must hold.
EXPRESSION_INDEXES = {index.name: str(index.expressions[0]) for table in Base.metadata.tables.values()
                      for index in table.indexes if isinstance(index.expressions[0], TextClause)}
#: The tables of the models, plus Alembic's own and the search tables (kept by triggers, not mapped).
TABLES = set(Base.metadata.tables) | {"alembic_version"} | SEARCH_TABLES


def path_of(url):
    return Path(make_url(url).database)


def raw(url, sql, *args):
    with closing(sqlite3.connect(path_of(url))) as db:
        return db.execute(sql, args).fetchall()


def revision_of(url):
    return raw(url, "SELECT version_num FROM alembic_version")[0][0]


def tables_of(url):
    """The database's tables, without SQLite's own (sqlite_sequence, ...)."""
    return {t for (t,) in raw(url, "SELECT name FROM sqlite_master WHERE type = 'table'")
            if not t.startswith("sqlite_")}


def old_database(url, revision="0001", statements=()):
    """A database created by an older Repair Desktop, filled with raw SQL as that version wrote it."""
    read, write = make_engines(url)
    try:
        assert migrate(write, revision) is None  # a new file: nothing to back up
        with write.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        read.dispose()
        write.dispose()


SHOP_AT_0001 = [
    "INSERT INTO employees (id, name, role, active, secret_hash, created_at) VALUES "
    "(1, 'Maria Manager', 'manager', 1, NULL, '2025-05-01 08:00:00.000000'),"
    "(2, 'Dan Desk', 'front_desk', 1, NULL, '2025-05-01 08:00:00.000000'),"
    "(3, 'Tom Turner', 'technician', 1, NULL, '2025-05-01 08:00:00.000000'),"
    "(4, 'Old Timer', 'technician', 0, NULL, '2025-05-01 08:00:00.000000')",
    "INSERT INTO customers (id, name, phone, email, address, created_at) VALUES "
    "(1, 'Ann O''Able', '555-0100', 'ann@example.com', '1 High St', '2025-05-02 09:00:00.000000')",
    "INSERT INTO vehicles (id, customer_id, make, model, year, plate, vin) VALUES (1, 1, 'VW', 'Golf', 2019, 'AB12 CDE', NULL)",
    "INSERT INTO maintenance_contracts (id, customer_id, plan, starts_on, ends_on, cancelled, cancelled_at) VALUES "
    "(1, 1, 'AMC', '2025-01-01', '2027-12-31', 0, NULL)",
    "INSERT INTO appointments (id, customer_id, vehicle_id, scheduled_at, concern, status, technician_id, assigned_at, "
    "started_at, completed_at, cancelled_at, cancel_reason, created_at, created_by, updated_at, updated_by, version) VALUES "
    "(1, 1, 1, '2025-06-01 08:00:00.000000', 'Brakes squeal', 'in_progress', 3, '2025-06-01 08:05:00.000000', "
    "'2025-06-01 08:30:00.000000', NULL, NULL, NULL, '2025-05-30 10:00:00.000000', 2, '2025-06-01 08:30:00.000000', 3, 3),"
    "(2, 1, 1, '2025-06-02 08:00:00.000000', 'Service', 'scheduled', NULL, NULL, NULL, NULL, NULL, NULL, "
    "'2025-05-30 10:00:00.000000', 2, NULL, NULL, 1)",
    "INSERT INTO callbacks (id, job_number, customer_id, scheduled_at, description, notes, issue_type, priority, status, "
    "claimed_by, claimed_at, started_at, resolved_at, closed_at, cancelled_at, cancel_reason, deleted_at, deleted_by, "
    "created_at, created_by, updated_at, updated_by, version) VALUES "
    "(1, 'CB-2025-00001', 1, '2025-06-03 08:00:00.000000', 'Noise again', NULL, NULL, 0, 'open', 3, "
    "'2025-06-03 07:00:00.000000', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2025-06-02 10:00:00.000000', 2, "
    "'2025-06-03 07:00:00.000000', 3, 2),"
    "(2, 'CB-2025-00002', 1, '2025-06-04 08:00:00.000000', 'Rattle', NULL, NULL, 3, 'pending', NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, NULL, '2025-06-02 10:00:00.000000', 2, NULL, NULL, 1)",
    "INSERT INTO status_events (id, entity_kind, entity_id, action, from_status, to_status, actor_id, at, note) VALUES "
    "(1, 'appointment', 1, 'book', NULL, 'scheduled', 2, '2025-05-30 10:00:00.000000', NULL),"
    "(2, 'appointment', 1, 'assign_technician', 'scheduled', 'assigned', 2, '2025-06-01 08:05:00.000000', 'Assigned to Tom Turner'),"
    "(3, 'appointment', 1, 'start_work', 'assigned', 'in_progress', 3, '2025-06-01 08:30:00.000000', NULL),"
    "(4, 'callback', 1, 'create_callback', NULL, 'pending', 2, '2025-06-02 10:00:00.000000', NULL),"
    "(5, 'callback', 1, 'claim_callback', 'pending', 'open', 3, '2025-06-03 07:00:00.000000', NULL)",
]


def test_an_empty_database_gets_the_whole_schema(sqlite_url):
    store = Store.open(sqlite_url)
    try:
        assert store.backup_before_upgrade is None
        assert store.capacity_limit() == 3
        assert store.dialect == "sqlite"
    finally:
        store.close()
    assert revision_of(sqlite_url) == head_revision()
    assert tables_of(sqlite_url) == TABLES
    assert raw(sqlite_url, "SELECT key, value FROM settings") == [("capacity_limit", "3")]
    assert sorted(p.name for p in path_of(sqlite_url).parent.iterdir() if ".bak" in p.name) == []


def test_the_migrations_build_exactly_the_models(sqlite_url):
    Store.open(sqlite_url).close()
    read, write = make_engines(sqlite_url)
    try:
        with read.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True,
                "include_name": lambda name, kind, _: not (kind == "table" and name in SEARCH_TABLES)})
            with warnings.catch_warnings():  # SQLAlchemy can't reflect them on SQLite: compared by their SQL below
                warnings.filterwarnings("ignore", ".*(reflection of|metadata-specified) expression-based index")
                diff = compare_metadata(context, Base.metadata)
            written = dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index'")).all())
    finally:
        read.dispose()
        write.dispose()
    assert diff == []
    for name, expression in EXPRESSION_INDEXES.items():
        assert expression in written[name], name


def test_a_database_missing_its_folder_gets_one(tmp_path):
    url = "sqlite:///" + str(tmp_path / "new" / "deeper" / "shop.db")
    Store.open(url).close()
    assert revision_of(url) == head_revision()


@pytest.mark.parametrize("own_limit", [None, "5"])
def test_an_old_database_is_backed_up_then_upgraded_keeping_its_data(sqlite_url, own_limit):
    statements = list(SHOP_AT_0001)
    if own_limit is not None:  # the shop had set its own limit while on 0001
        statements.append(f"INSERT INTO settings (key, value) VALUES ('capacity_limit', '{own_limit}')")
    old_database(sqlite_url, "0001", statements)
    assert revision_of(sqlite_url) == "0001"
    old_tables = tables_of(sqlite_url) - {"alembic_version"}
    assert {"appointments", "callbacks", "status_events", "settings", "employees"} <= old_tables
    before = {t: raw(sqlite_url, f"SELECT * FROM {t} ORDER BY 1") for t in old_tables}

    store = Store.open(sqlite_url, clock=FakeClock(datetime(2025, 6, 3, 12, tzinfo=UTC)))  # the shop's own day
    try:
        assert revision_of(sqlite_url) == head_revision() != "0001"
        assert tables_of(sqlite_url) == TABLES
        # the backup: beside the database, a complete copy of the old one
        backup = Path(store.backup_before_upgrade)
        assert backup.parent == path_of(sqlite_url).parent and backup.name.startswith("shop.db.before-upgrade-0001")
        assert backup.exists()
        with closing(sqlite3.connect(backup)) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
            for table, rows in before.items():
                assert old.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() == rows, table
        # the data, as the store reads it
        assert store.capacity_limit() == int(own_limit or 3)
        job = store.appointment(1)
        assert (job.status, job.technician_name, job.customer_name, job.plate) == \
            ("in_progress", "Tom Turner", "Ann O'Able", "AB12 CDE")
        assert [(e.action, e.actor_id) for e in store.history("appointment", 1)] == \
            [("book", 2), ("assign_technician", 2), ("start_work", 3)]
        assert store.callback(1).claimed_by_name == "Tom Turner"
        assert [c.job_number for c in store.available_callbacks()] == ["CB-2025-00002"]
        assert [(t.name, t.active_jobs) for t in store.workload().technicians] == [("Tom Turner", 2)]
        # and the shop carries on where it left off
        store.complete_work(1, 3)
        cb = store.create_callback(1, job.scheduled_at, "Follow-up", "high", 2)
        assert cb.id == 3
        assert store.claim_callback(2, 3).status == "open"
    finally:
        store.close()
    for table, rows in before.items():
        if table not in ("appointments", "callbacks", "status_events", "settings"):
            versioned = table in ("employees", "customers", "vehicles")  # 0007 gives each row version 1
            expected = [row + (1,) for row in rows] if versioned else rows
            assert raw(sqlite_url, f"SELECT * FROM {table} ORDER BY 1") == expected, table


def test_an_empty_old_database_is_upgraded_too(sqlite_url):
    old_database(sqlite_url, "0001")
    store = Store.open(sqlite_url)
    try:
        assert store.capacity_limit() == 3
        assert Path(store.backup_before_upgrade).exists()
    finally:
        store.close()
    assert revision_of(sqlite_url) == head_revision()


def test_opening_a_current_database_again_changes_nothing(sqlite_url):
    store = Store.open(sqlite_url)
    boss = store.add_employee("Maria Manager", "manager").id
    store.set_capacity_limit(5, boss)
    store.close()
    files = sorted(p.name for p in path_of(sqlite_url).parent.iterdir())
    again = Store.open(sqlite_url)
    try:
        assert again.backup_before_upgrade is None
        assert again.capacity_limit() == 5
        assert [e.name for e in again.employees()] == ["Maria Manager"]
    finally:
        again.close()
    assert revision_of(sqlite_url) == head_revision()
    assert sorted(p.name for p in path_of(sqlite_url).parent.iterdir()) == files


def test_a_database_from_a_newer_version_is_refused_untouched(sqlite_url):
    store = Store.open(sqlite_url)
    store.add_customer("Ann Able")
    store.close()
    with closing(sqlite3.connect(path_of(sqlite_url))) as db, db:
        db.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    files = sorted(p.name for p in path_of(sqlite_url).parent.iterdir())
    error = raises_exactly(SchemaTooNew, Store.open, sqlite_url)
    assert isinstance(error, StoreUnavailable)
    assert "newer Repair Desktop" in str(error)
    assert revision_of(sqlite_url) == "0099_from_the_future"
    assert raw(sqlite_url, "SELECT name FROM customers") == [("Ann Able",)]
    assert sorted(p.name for p in path_of(sqlite_url).parent.iterdir()) == files


def test_migrate_reports_the_revision(sqlite_url):
    read, write = make_engines(sqlite_url)
    try:
        migrate(write, "0001")
        with write.connect() as conn:
            assert current_revision(conn) == "0001"
        assert migrate(write) is not None  # a backup of the 0001 file
        with write.connect() as conn:
            assert current_revision(conn) == head_revision()
        assert migrate(write) is None
    finally:
        read.dispose()
        write.dispose()


def test_a_sqlite_too_old_for_the_search_tables_is_refused_before_anything_changes(sqlite_url, monkeypatch):
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    error = raises_exactly(StoreUnavailable, Store.open, sqlite_url)
    assert "3.31.1" in error.message and "3.34 or later" in error.message
    assert tables_of(sqlite_url) == set()
