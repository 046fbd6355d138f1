"""Shared fixtures: a SQLite store per test, a PostgreSQL database per test.

Every test gets its own empty database, so tests never see each other's rows
and can run in any order. PostgreSQL tests are marked ``postgres``
automatically; without a server, deselect them with ``-m "not postgres"``.
"""

import os

# Before anything imports Qt: CI has no screen, and tests must not open
# windows on a developer's desktop either.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from pg_server import PgServer, PgServerError  # noqa: E402  (tests/ is on sys.path)
from support.store_helpers import RunningClock  # noqa: E402


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def sqlite_url(tmp_path):
    return "sqlite:///" + str(tmp_path / "shop.db")


@pytest.fixture
def store(sqlite_url):
    from repair_desktop.store import Store

    s = Store.open(sqlite_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (private, or REPAIR_DESKTOP_TEST_PG).

    Fails, never skips, when PostgreSQL is missing: CI must run these tests.
    Tests may ``pg_server.stop()`` / ``pg_server.start()`` a private server.
    """
    try:
        server = PgServer.for_tests()
    except PgServerError as exc:
        error = str(exc)
    else:
        error = None
    if error:  # outside the except block: no chained tracebacks, just the reason
        pytest.fail(f"cannot start the PostgreSQL test server: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def pg_url(pg_server):
    """URL of a brand-new empty database, dropped after the test."""
    with pg_server.database() as url:  # restarted first, when a test stopped it
        yield url


@pytest.fixture
def pg_store(pg_url):
    from repair_desktop.store import Store

    s = Store.open(pg_url, clock=RunningClock())  # the store tests' dates (near T0) stay schedulable
    yield s
    s.close()
