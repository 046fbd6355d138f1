"""The fixtures themselves work: if these fail, read nothing into other failures."""

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

_seen_pg_databases = []


def _query(url, statement):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(statement)).scalar_one()
    finally:
        engine.dispose()  # an undisposed engine leaks connections -> ResourceWarning


def test_qt_runs_offscreen():
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


def test_sqlite_url_points_into_tmp_path(sqlite_url, tmp_path):
    path = Path(make_url(sqlite_url).database)
    assert path.parent == tmp_path
    assert _query(sqlite_url, "SELECT 1") == 1
    assert path.exists()


@pytest.mark.parametrize("run", [1, 2])
def test_pg_url_is_a_fresh_postgresql_database(pg_url, request, run):
    assert request.node.get_closest_marker("postgres"), "pg tests must be marked automatically"
    assert make_url(pg_url).drivername == "postgresql+psycopg"
    assert _query(pg_url, "SELECT version()").startswith("PostgreSQL ")
    assert _query(pg_url, "SELECT current_database()") == make_url(pg_url).database
    assert _query(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0
    assert _query(pg_url, "SHOW server_encoding") == "UTF8"
    _seen_pg_databases.append(make_url(pg_url).database)
    assert len(set(_seen_pg_databases)) == len(_seen_pg_databases), "each test gets its own database"


def test_pg_server_restarts_on_the_same_url(pg_server, pg_url):
    if not pg_server.can_restart:
        pytest.skip("external server (REPAIR_DESKTOP_TEST_PG) cannot be restarted")
    pg_server.stop()
    with pytest.raises(OperationalError):
        _query(pg_url, "SELECT 1")
    pg_server.start()
    assert _query(pg_url, "SELECT 1") == 1
