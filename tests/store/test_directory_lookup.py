"""Finding customers past the first customers by name: the index's way (on PostgreSQL, the candidates it names,
sorted by name) must find exactly what reading the list finds, for every kind of word: two letters followed by a
letter, a digit, punctuation, a space, an accented letter or the end of the line; one letter; a mix; hostile text;
and page after page. On SQLite and PostgreSQL."""

import pytest

from support.store_helpers import HOSTILE_SEARCHES, HOSTILE_TEXTS

from repair_desktop.store import directory, directory_lookup, search

NAMES = ["Ann Smith", "Bob Smé", "Cy Osm", "Di Sm", "Ed Asm.Co", "Flo Kx\tTab", "Gus smoke", "Hal Qi", "Ivy Q",
         "Jo Sm-Ith", "Kim Smørrebrød", "Lu ÅSMUND", *HOSTILE_TEXTS]
SEARCHES = ["sm", "SM", "s", "q", "qi", "kx", "x", "sm ith", "sm co", "mé", "ø", "5-", "55", "-0", "ab", "0",
            "smith", "sm 555", "zz", *HOSTILE_SEARCHES]


@pytest.fixture
def people(any_store):
    for n, name in enumerate(NAMES):
        customer = any_store.add_customer(name, phone=f"555-{n:04d}" if n % 2 else None)
        if n % 3 == 0:
            any_store.add_vehicle(customer.id, "Kia", "Rio", f"AB{n} SM")
    return any_store


def everyone_matching(store, words: str, limit: int) -> list[str]:
    seen, after = [], None
    while True:
        page = store.search_customers(words, after=after, limit=limit)
        seen += [e.name for e in page.rows]
        if page.next_cursor is None:
            return seen
        after = page.next_cursor


@pytest.mark.parametrize("limit", [500, 2])
def test_the_index_finds_what_reading_the_list_finds(people, monkeypatch, limit):
    read = {words: everyone_matching(people, words, 500) for words in SEARCHES}  # the window holds everyone
    assert read["sm"] and read["q"] and read["mé"] == ["Bob Smé"]
    monkeypatch.setattr(directory, "DENSE_WINDOW", 1)  # past the first customer, the index's way
    for words, expected in read.items():
        assert everyone_matching(people, words, limit) == expected, words


def test_words_too_common_for_the_index_read_the_list(people, monkeypatch):
    expected = everyone_matching(people, "s", 500)
    monkeypatch.setattr(directory, "DENSE_WINDOW", 1)
    monkeypatch.setattr(directory_lookup, "CANDIDATE_CAP", 2)
    assert everyone_matching(people, "s", 2) == expected


@pytest.mark.parametrize("limit", [500, 2])
def test_words_the_sample_calls_rare_skip_the_first_customers(people, monkeypatch, limit):
    read = {words: everyone_matching(people, words, 500) for words in SEARCHES}
    # The whole table as the sample: every word held by fewer lines than the cap is rare, found by the index first.
    monkeypatch.setattr(search, "SAMPLE_PERCENT", 100)
    monkeypatch.setattr(directory_lookup, "SAMPLE_PERCENT", 100)
    monkeypatch.setattr(directory, "DENSE_WINDOW", 10**6)  # were the window read, it would hold every answer
    asked = []
    monkeypatch.setattr(directory_lookup, "lines_holding_pg", lambda *a: asked.append(a) or search.lines_holding_pg(*a))
    for words, expected in read.items():
        assert everyone_matching(people, words, limit) == expected, words
    if people.url.startswith("postgresql"):
        assert len(asked) >= len([w for w in SEARCHES if search.search_words(w)])
