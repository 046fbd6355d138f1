"""Migration 0019: on PostgreSQL the search tables' trigram indexes take each new line into their tree at once,
leaving no pending list for every lookup to read; down to 0018 new lines wait in the list again, up again the
waiting ones are merged. A scale demo's rebuilt indexes keep the setting."""

from alembic import command
from sqlalchemy import text

from repair_desktop.demo import fill_demo
from support.store_helpers import make_shop, move_schema

INDEXES = ("ix_appointment_search_doc", "ix_callback_search_doc", "ix_directory_search_doc")


def _pending(store) -> dict[str, int]:
    """Each search index's entries waiting in its pending list (``pgstattuple``'s count of the lines behind them)."""
    with store._write_engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pgstattuple"))
        return {name: connection.execute(text("SELECT pending_tuples FROM pgstatginindex(:name)"),
                                         {"name": name}).scalar_one() for name in INDEXES}


def _write_lines(shop, n: int = 3) -> None:
    """New lines in all three search tables: customers, bookings and callbacks."""
    for i in range(n):
        shop.store.add_customer(f"Walk-in {i}", phone=f"555-01{i:02d}")
        shop.book(f"Rattle {i}")
        shop.new_callback(f"Noise {i}")


def test_new_lines_wait_in_no_pending_list(pg_store):
    _write_lines(make_shop(pg_store))
    assert _pending(pg_store) == dict.fromkeys(INDEXES, 0)
    assert pg_store.search_customers("walk-in 2").rows  # and they are found


def test_down_to_0018_lines_wait_and_up_again_they_are_merged(pg_store):
    shop = make_shop(pg_store)
    move_schema(pg_store, "0018", command.downgrade)
    _write_lines(shop)
    waiting = _pending(pg_store)
    assert all(waiting.values()), waiting  # the default the migration turns off
    move_schema(pg_store, "head", command.upgrade)
    assert _pending(pg_store) == dict.fromkeys(INDEXES, 0)
    _write_lines(shop)
    assert _pending(pg_store) == dict.fromkeys(INDEXES, 0)


def test_a_scale_demo_rebuilds_the_indexes_without_a_pending_list(pg_store):
    fill_demo(pg_store, 300)
    _write_lines(make_shop(pg_store, prefix="after "))
    assert _pending(pg_store) == dict.fromkeys(INDEXES, 0)
