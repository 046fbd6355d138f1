"""Builders for the planning tests: a shop on either engine, and times on the wall clock of one March week.

Times are naive (local time) in the week of Monday 2 March 2026, so the tests
read the same whatever zone the PC is in, against the shop's default hours
(Mon-Fri 08:00-17:00, Sat 08:00-12:00, Sunday closed).
"""

from datetime import UTC, datetime, timedelta

import pytest


from repair_desktop.store import Store
from support.store_helpers import T0, FakeClock, make_shop

MONDAY = datetime(2026, 3, 2)


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    """``day`` days after Monday 2 March 2026, at ``hour:minute`` on the wall clock."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


def local(hour: int, minute: int = 0, day: int = 0) -> datetime:
    """``at(...)`` as the aware UTC instant the store hands back."""
    return at(hour, minute, day).astimezone(UTC)


def book(shop, hour=9, minute=0, day=0, minutes=60, tech=None, **kwargs) -> int:
    return shop.store.book_appointment(shop.vehicle, at(hour, minute, day), "Service", shop.desk,
                                       duration_minutes=minutes, technician_id=tech, **kwargs).id


def plan(shop, job, tech, hour, minute=0, day=0, minutes=60, actor=None, **kwargs):
    return shop.store.plan_appointment(job, tech, at(hour, minute, day), minutes, actor or shop.desk, **kwargs)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shop(request):
    """A staffed shop whose clock stands at Monday morning, on either engine."""
    if request.param == "sqlite":
        yield make_shop(request.getfixturevalue("clocked_store"))
        return
    store = Store.open(request.getfixturevalue("pg_url"), clock=FakeClock(T0))
    yield make_shop(store)
    store.close()
