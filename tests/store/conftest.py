"""Fixtures for the store tests: fast fresh stores, a fake clock, and a staffed shop.

``store`` here is the shared fixture's twin (a fresh SQLite file at ``sqlite_url``
at the head revision) but copies a file migrated once per session instead of
running the migrations again for every test: that is most of a test's time.
Migrating an empty file is tested on its own in test_migrations.py. ``shop``
likewise copies a file in which ``make_shop`` already ran once.
"""

import dataclasses
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url


from repair_desktop.store import Store
from support.store_helpers import FakeClock, RunningClock, make_shop


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "shop.db"
    Store.open("sqlite:///" + str(path)).close()
    assert not Path(str(path) + "-wal").exists(), "closing the store folds the WAL into the file"
    return path


def fresh_store(sqlite_url: str, template: Path, clock=None) -> Store:
    shutil.copyfile(template, make_url(sqlite_url).database)
    return Store.open(sqlite_url, clock=clock or RunningClock())


@pytest.fixture
def store(sqlite_url, migrated_template):
    s = fresh_store(sqlite_url, migrated_template)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request):
    """A fresh store on SQLite, then on PostgreSQL: tests of rules that must hold on both."""
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


@pytest.fixture
def any_shop(any_store):
    """``make_shop``'s shop, on SQLite, then on PostgreSQL."""
    return make_shop(any_store)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def clocked_store(sqlite_url, migrated_template, clock):
    """A fresh SQLite store whose "now" is ``clock``: timestamps the tests can predict."""
    s = fresh_store(sqlite_url, migrated_template, clock)
    yield s
    s.close()


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory, migrated_template):
    """A file holding the shop ``make_shop`` builds, and that shop's ids."""
    path = tmp_path_factory.mktemp("shop-template") / "shop.db"
    store = fresh_store("sqlite:///" + str(path), migrated_template)
    try:
        shop = make_shop(store)
    finally:
        store.close()
    assert not Path(str(path) + "-wal").exists()
    return path, dataclasses.replace(shop, store=None)


@pytest.fixture
def shop(sqlite_url, shop_template):
    path, ids = shop_template
    s = fresh_store(sqlite_url, path)
    yield dataclasses.replace(ids, store=s)
    s.close()


@pytest.fixture
def clocked_shop(sqlite_url, shop_template, clock):
    path, ids = shop_template
    s = fresh_store(sqlite_url, path, clock)
    yield dataclasses.replace(ids, store=s)
    s.close()
