"""Searching on PostgreSQL for words the trigram index can't look up whole: one and two letters, words outside
ASCII, and two-letter words between characters outside ASCII; found the same whether the sample calls the
words rare (looked up through the indexes) or common (each row of the list tested in order)."""

import pytest
from sqlalchemy import text

from repair_desktop.store import AppointmentFilter, CallbackFilter
from repair_desktop.store import search
from support.store_helpers import make_shop, text_matches, walk_pages

CONCERNS = ["Brake squeal", "Check engine light", "ßqzé rattle", "éqz", "qz-7 noise", "QZ", "Ölwechsel (oil)",
            "x_y 50% off", "a.b/c", "Zoë's car", "tyre #4", "Rear wiper"]
SEARCHES = ["q", "qz", "QZ", "zq", "z", "é", "ßq", "zé", "ö", "Ö", "Öl", "_", "_y", "%", "50", "#4", "#", ".b", "/",
            "'s", "s ", "ra", "r", "b q", "qz ßq", "qz e", "check qz", "brake", "oil wech", "xy", "7",
            "customer zo", "customer qz", "golf QZ", "customer ra", "customer xy"]


@pytest.fixture
def shop(pg_store):
    shop = make_shop(pg_store)
    for concern in CONCERNS:
        shop.book(concern)
        shop.new_callback(concern)
    return shop


def _found(shop) -> dict[str, tuple[list[int], list[int]]]:
    store = shop.store
    appointments = store.list_appointments(sort="id", limit=1000).rows
    callbacks = store.list_callbacks(sort="job_number", limit=1000).rows
    found = {}
    for words in SEARCHES:
        want = (sorted(r.id for r in appointments
                       if text_matches(words, [r.customer_name, r.plate, r.make, r.model, r.concern])),
                sorted(r.id for r in callbacks if text_matches(words, [r.customer_name, r.job_number, r.description])))
        got = (sorted(r.id for r in walk_pages(store.list_appointments, 3, filter=AppointmentFilter(text=words))),
               sorted(r.id for r in walk_pages(store.list_callbacks, 3, filter=CallbackFilter(text=words))))
        assert got == want, words
        assert store.count_appointments(AppointmentFilter(text=words)) == len(want[0]), words
        found[words] = got
    return found


def test_short_and_unusual_words_are_found_through_the_indexes(shop):
    found = _found(shop)
    assert found["qz"][0] and found["ßq"][0] and found["Ö"][0] and found["#4"][0], "the cases are in the data"
    assert not found["zq"][0] and not found["xy"][0]


def test_common_words_read_the_list_and_find_the_same(shop, monkeypatch):
    rare = _found(shop)
    monkeypatch.setattr(search, "SAMPLE_PERCENT", 100)  # the sample is the whole table
    monkeypatch.setattr(search, "WALK_BREAK_EVEN", 0)  # and every word counts as common
    assert _found(shop) == rare


def test_a_common_word_and_a_rarer_pair_are_looked_up_together_and_find_the_same(shop, monkeypatch):
    rare = _found(shop)
    monkeypatch.setattr(search, "SAMPLE_PERCENT", 100)  # the sample is the whole table
    monkeypatch.setattr(search, "WALK_BREAK_EVEN", float("inf"))  # no words are too common for the index
    monkeypatch.setattr(search, "PAIR_JOIN_SHARE", 0)  # and every long word common enough to take its pairs along
    asked: list[str] = []
    lines_holding = search.lines_holding_pg
    monkeypatch.setattr(search, "lines_holding_pg", lambda *a: asked.append(lines_holding(*a)[0]) or lines_holding(*a))
    assert _found(shop) == rare
    assert rare["customer zo"][0], "Zoë's car: the pair stands before a letter outside ASCII"
    assert any("UNION ALL" in sql for sql in asked), "the pairs went to the index"


def test_a_search_is_planned_for_its_words_each_time_it_runs(shop):
    """The driver prepares a statement run five times on a connection; left to choose, the server then plans it
    once for any words (a generic plan), and a two-letter word's plan reads every line of the search table."""
    store = shop.store
    for _ in range(15):
        assert store.list_appointments(AppointmentFilter(text="qz")).rows
    with store.read_engine.connect() as connection:
        generic, custom = connection.execute(text(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements")).one()
    assert custom > 0, "the searches were prepared on this connection"
    assert generic == 0
