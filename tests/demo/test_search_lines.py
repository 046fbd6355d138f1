"""The demo writes the search tables in one statement each after the load: exactly what the triggers write per row.

Each test fills two databases with the same seed and clock, one the demo's
way and one with the search triggers firing for every row as the store's
own writes do, and compares every search table line by line (and, on
SQLite, the trigram index's vocabulary and a few searches).
"""

import contextlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from repair_desktop.demo import fill as demo_fill
from repair_desktop.demo import fill_demo
from repair_desktop.store import Store

MOMENT = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
SEARCH_TABLES = ("appointment_search", "callback_search", "directory_search")
WORDS = ("brake", "smith", "555-01", "toyota", "oil", "cb-", "zq")


def _fill(url: str, scale: int | None, through_triggers: bool, monkeypatch) -> Store:
    """A store at ``url`` with a walk-in customer typed in before the demo, then the demo."""
    store = Store.open(url, clock=lambda: MOMENT)
    store.add_customer("Walk-in Before Demo", phone="555-0100")
    with monkeypatch.context() as patch:
        if through_triggers:  # the load as the store's triggers see it: a line written per row
            patch.setattr(demo_fill, "search_lines_afterwards", lambda connection, first: contextlib.nullcontext())
        fill_demo(store, scale)
    return store


def _sqlite_index(store: Store) -> list:
    with store.read_engine.connect() as connection:
        tables = [connection.execute(text(f"SELECT rowid, doc FROM {name} ORDER BY rowid")).all()
                  + connection.execute(text(f"SELECT term, doc, cnt FROM {name}_terms ORDER BY term")).all()
                  for name in SEARCH_TABLES]
        found = [connection.execute(text(f"SELECT rowid FROM {name} WHERE {name} MATCH :word ORDER BY rowid"),
                                    {"word": f'"{word}"'}).all() for name in SEARCH_TABLES for word in WORDS]
    return tables + found


def _postgres_index(store: Store) -> list:
    with store.read_engine.connect() as connection:
        return [connection.execute(text(f"SELECT id, doc FROM {name} ORDER BY id")).all() for name in SEARCH_TABLES]


@pytest.mark.parametrize("scale", [None, 1500], ids=["default shop", "scale 1500"])
def test_sqlite_search_tables_are_what_the_triggers_write(tmp_path, monkeypatch, scale):
    indexes = []
    for name, through_triggers in (("lines", False), ("triggers", True)):
        store = _fill(f"sqlite:///{tmp_path / name}.db", scale, through_triggers, monkeypatch)
        indexes.append(_sqlite_index(store))
        store.close()
    demo, triggers = indexes
    assert all(demo[:len(SEARCH_TABLES)]), "every search table has lines"
    assert any(demo[len(SEARCH_TABLES):]), "some words are found"
    assert demo == triggers


def test_sqlite_triggers_are_back_after_the_demo(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'after.db'}")
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    with store.read_engine.connect() as connection:
        before = connection.execute(text(triggers)).all()
    fill_demo(store, 300)
    customer = store.add_customer("Quentin Zyxwv", phone="555-0199")
    with store.read_engine.connect() as connection:
        assert connection.execute(text(triggers)).all() == before
        line = connection.execute(text("SELECT doc FROM directory_search WHERE rowid = :id"), {"id": customer.id})
        assert "Quentin Zyxwv" in line.scalar_one()
    store.close()


def test_postgresql_search_tables_are_what_the_triggers_write(pg_server, monkeypatch):
    urls = [pg_server.create_database() for _ in range(2)]
    try:
        indexes = []
        for url, through_triggers in zip(urls, (False, True)):
            store = _fill(url.render_as_string(hide_password=False), 1500, through_triggers, monkeypatch)
            indexes.append(_postgres_index(store))
            store.close()
    finally:
        for url in urls:
            pg_server.drop_database(url.database)
    demo, triggers = indexes
    assert all(demo)
    assert demo == triggers
