"""Migration 0017: PostgreSQL's appointment lines carry the customer's name and the plate with their ids; down
again they are plain lines, which the triggers of that revision write; up again the keys are filled from the
rows. SQLite's tables don't change."""

from datetime import timedelta

from alembic import command
from sqlalchemy import text

from repair_desktop.store import AppointmentFilter
from support.store_helpers import T0, make_shop, move_schema


def _columns(store) -> list[str]:
    with store._write_engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            return [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(appointment_search)")]
        return list(connection.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'appointment_search' "
            "ORDER BY ordinal_position")).scalars())


def _by_customer(store) -> list[int]:
    return [r.id for r in store.list_appointments(AppointmentFilter(text="brake"), sort="customer").rows]


def test_down_to_0016_and_up_again(any_store):
    shop = make_shop(any_store)
    store = shop.store
    other = store.add_customer("Aaron Early", phone="555-0111").id
    first = shop.book("Brake pads worn")
    second = store.book_appointment(store.add_vehicle(other, "Kia", "Rio", "kk11 aa").id, T0 + timedelta(hours=2),
                                    "Brakes squeal", shop.desk).id
    postgresql = store.url.startswith("postgresql")
    keys = ["customer_name", "customer_id", "plate", "vehicle_id", "scheduled_at"] if postgresql else []
    assert set(keys) <= set(_columns(store)) and (postgresql or "customer_name" not in _columns(store))
    assert _by_customer(store) == [second, first]
    move_schema(store, "0016", command.downgrade)
    assert not set(keys) & set(_columns(store))
    third = shop.book("Brake fluid flush")  # its line written by 0016's triggers (the store reads only at head)
    with store._write_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM appointment_search WHERE doc LIKE '%brake%'")).scalar() \
            == 3
    move_schema(store, "head", command.upgrade)
    assert set(keys) <= set(_columns(store))
    assert _by_customer(store) == [second, first, third]
