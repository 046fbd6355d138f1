"""Migration 0018: PostgreSQL keeps statistics of the appointments' technician and status together; down to 0017
they are gone, up again they are back. SQLite's schema doesn't change."""

from alembic import command
from sqlalchemy import text

from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.store import AppointmentFilter
from support.store_helpers import make_shop, move_schema


def _statistics(store) -> list[tuple[str, list[str]]]:
    """The appointments' extended statistics: name and kinds (``m`` most common values, ``f`` dependencies)."""
    with store._write_engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            return []
        return [(name, sorted(kinds, reverse=True)) for name, kinds in connection.execute(text(
            "SELECT stxname, stxkind::text[] FROM pg_statistic_ext WHERE stxrelid = 'appointments'::regclass"))]


def _scheduled_by_technician(store) -> list[int]:
    flt = AppointmentFilter(statuses=frozenset({AppointmentStatus.SCHEDULED}))
    return [r.id for r in store.list_appointments(flt, sort="technician").rows]


def test_down_to_0017_and_up_again(any_store):
    shop = make_shop(any_store)
    store = shop.store
    booked = [shop.book("Brake pads worn"), shop.book("Oil change")]
    postgresql = store.url.startswith("postgresql")
    want = [("st_appointments_technician_status", ["m", "f"])] if postgresql else []
    assert _statistics(store) == want
    move_schema(store, "0017", command.downgrade)
    assert _statistics(store) == []
    move_schema(store, "head", command.upgrade)
    assert _statistics(store) == want
    assert sorted(_scheduled_by_technician(store)) == sorted(booked)
