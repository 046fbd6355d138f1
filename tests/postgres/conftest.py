"""Fixtures the PostgreSQL store tests share: a fake clock, and a staffed shop in a store that reads it."""

import pytest

from repair_desktop.store import Store
from support.store_helpers import FakeClock, make_shop


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def clocked_shop(pg_url, clock):
    store = Store.open(pg_url, clock=clock)
    yield make_shop(store)
    store.close()
