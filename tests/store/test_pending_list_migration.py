"""Migration 0019: on PostgreSQL the search tables' trigram indexes take each new line into their tree at once,
leaving no pending list for every lookup to read; down to 0018 new lines wait in the list again, up again the
waiting ones are merged. A scale demo's rebuilt indexes keep the setting. SQLite's schema doesn't change."""

from alembic import command
from sqlalchemy import text

from repair_desktop.demo import fill_demo
from repair_desktop.store import AppointmentFilter
from support.store_helpers import make_shop, move_schema

INDEXES = ("ix_appointment_search_doc", "ix_callback_search_doc", "ix_directory_search_doc")
NOTHING_PENDING = dict.fromkeys(INDEXES, 0)


def _merged_when_asked(store) -> dict[str, int]:
    """Each search index's pending pages, merged into its tree by asking (``gin_clean_pending_list``, which the
    indexes' owner may call; no extension or superuser needed)."""
    with store._write_engine.begin() as connection:
        return {name: connection.execute(text("SELECT gin_clean_pending_list(CAST(:name AS regclass))"),
                                         {"name": name}).scalar_one() for name in INDEXES}


def _write_lines(shop, n: int = 3) -> None:
    """New lines in all three search tables: customers, bookings and callbacks."""
    for i in range(n):
        shop.store.add_customer(f"Walk-in {i}", phone=f"555-01{i:02d}")
        shop.book(f"Rattle {i}")
        shop.new_callback(f"Noise {i}")


def test_new_lines_wait_in_no_pending_list(pg_store):
    _write_lines(make_shop(pg_store))
    assert _merged_when_asked(pg_store) == NOTHING_PENDING
    assert pg_store.search_customers("walk-in 2").rows  # and they are found


def test_down_to_0018_lines_wait_and_up_again_they_are_merged(pg_store):
    shop = make_shop(pg_store)
    move_schema(pg_store, "0018", command.downgrade)
    _write_lines(shop)
    waiting = _merged_when_asked(pg_store)
    assert all(waiting.values()), waiting  # the default the migration turns off
    _write_lines(shop)  # waiting again, for the migration to merge
    move_schema(pg_store, "head", command.upgrade)
    assert _merged_when_asked(pg_store) == NOTHING_PENDING
    _write_lines(shop)
    assert _merged_when_asked(pg_store) == NOTHING_PENDING


def test_a_scale_demo_rebuilds_the_indexes_without_a_pending_list(pg_store):
    fill_demo(pg_store, 300)
    _write_lines(make_shop(pg_store, prefix="after "))
    assert _merged_when_asked(pg_store) == NOTHING_PENDING


def test_sqlite_down_to_0018_and_up_again(store):
    shop = make_shop(store)
    booked = shop.book("Rattle under the floor")
    move_schema(store, "0018", command.downgrade)
    move_schema(store, "head", command.upgrade)
    assert [r.id for r in store.list_appointments(AppointmentFilter(text="rattle")).rows] == [booked]
