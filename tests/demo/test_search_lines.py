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
from repair_desktop.demo.search_lines import SearchLines
from repair_desktop.store import Store

MOMENT = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)
SEARCH_TABLES = ("appointment_search", "callback_search", "directory_search")
WORDS = ("brake", "smith", "555-01", "toyota", "oil", "cb-", "zq")


def _fill(url: str, scale: int | None, through_triggers: bool, monkeypatch, walk_in: bool = True) -> Store:
    """A store at ``url`` with a walk-in customer typed in before the demo (or not), then the demo."""
    store = Store.open(url, clock=lambda: MOMENT)
    if walk_in:
        store.add_customer("Walk-in Before Demo", phone="555-0100")
    with monkeypatch.context() as patch:
        if through_triggers:  # the load as the store's triggers see it: a line written per row
            patch.setattr(demo_fill, "search_lines_afterwards",
                          lambda connection, first, folder: contextlib.nullcontext(SearchLines()))
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
        return [connection.execute(text(f"SELECT * FROM {name} ORDER BY id")).all() for name in SEARCH_TABLES]


def _integrity_check(store: Store) -> None:
    """FTS5's own check of an index against its lines; raises when they disagree."""
    with store.write_engine.begin() as connection:
        for name in SEARCH_TABLES:
            connection.execute(text(f"INSERT INTO {name} ({name}) VALUES ('integrity-check')"))


# The walk-in customer's directory line is there before the demo, so the directory gets the demo's lines the
# other way (one INSERT … SELECT at the end) than the empty search tables (built beside the load and copied in)
@pytest.mark.parametrize("scale, walk_in", [(None, True), (1500, True), (1500, False)],
                         ids=["default shop", "scale 1500", "scale 1500 into an empty directory"])
def test_sqlite_search_tables_are_what_the_triggers_write(tmp_path, monkeypatch, scale, walk_in):
    indexes = []
    for name, through_triggers in (("lines", False), ("triggers", True)):
        store = _fill(f"sqlite:///{tmp_path / name}.db", scale, through_triggers, monkeypatch, walk_in)
        _integrity_check(store)
        indexes.append(_sqlite_index(store))
        store.close()
    demo, triggers = indexes
    assert all(demo[:len(SEARCH_TABLES)]), "every search table has lines"
    assert any(demo[len(SEARCH_TABLES):]), "some words are found"
    assert demo == triggers
    assert [path.name for path in tmp_path.iterdir() if path.is_dir()] == [], "no scratch folder is left"


def test_sqlite_a_connection_that_used_the_search_index_before_the_demo_writes_into_the_demos(tmp_path):
    # FTS5 remembers an index's structure per connection; the demo puts a new index underneath it
    store = Store.open(f"sqlite:///{tmp_path / 'used.db'}")
    with store.write_engine.begin() as connection:  # the pooled connection the demo will write with
        assert connection.execute(text("SELECT count(*) FROM appointment_search WHERE doc MATCH 'zzz'")).scalar() == 0
    fill_demo(store, 300)
    desk = next(e for e in store.employees(role="front_desk"))
    booked = store.book_appointment(1, MOMENT, "Quxqux rattle", desk.id)
    _integrity_check(store)
    with store.read_engine.connect() as connection:
        found = connection.execute(text("SELECT rowid FROM appointment_search WHERE doc MATCH :word ORDER BY rowid"),
                                   {"word": '"rattle"'}).scalars().all()
        assert booked.id in found and len(found) == connection.execute(
            text("SELECT count(*) FROM appointments WHERE concern LIKE '%rattle%'")).scalar()
        assert connection.execute(text("SELECT count(*) FROM appointment_search")).scalar() == 301
    store.close()


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
