"""The search index: it follows every edit, narrows rare words, steps aside for common ones, never changes results.

Run on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm), since each keeps its own
index with its own triggers.
"""

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session


from repair_desktop.store import AppointmentFilter, CallbackFilter
from repair_desktop.store import search as search_index
from repair_desktop.store.models import Appointment
from repair_desktop.store.search import APPOINTMENT_SEARCH
from support.store_helpers import T0, make_shop, text_matches, walk_pages


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shop(request):
    store = request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")
    return make_shop(store)


def appointment_ids(store, words: str) -> set[int]:
    return {r.id for r in store.list_appointments(AppointmentFilter(text=words), limit=1000).rows}


def callback_ids(store, words: str) -> set[int]:
    return {r.id for r in store.list_callbacks(CallbackFilter(text=words), limit=1000).rows}


def raw_update(store, sql: str, **params) -> None:
    """A change made behind the store's back (another program, an administrator): the triggers still follow."""
    with store.write_engine.begin() as connection:
        connection.execute(text(sql), params)


def test_the_index_follows_every_edit(shop):
    store = shop.store
    booked = shop.book("Timing belt rattles")
    callback = shop.new_callback("Wiper motor stalls")
    job_number = store.callback(callback).job_number
    assert appointment_ids(store, "timing belt") == {booked}
    assert callback_ids(store, job_number) == {callback}, "the job number, set after the insert, is found"

    store.update_appointment(booked, shop.desk, concern="Gearbox whines", scheduled_at=T0 + timedelta(days=1))
    store.update_callback(callback, shop.desk, description="Heater fan squeaks")
    assert appointment_ids(store, "timing") == set() and appointment_ids(store, "gearbox") == {booked}
    assert callback_ids(store, "wiper") == set() and callback_ids(store, "heater") == {callback}

    raw_update(store, "UPDATE customers SET name = 'Bea Renamed' WHERE id = :id", id=shop.customer)
    raw_update(store, "UPDATE vehicles SET plate = 'ZX99 QRT', make = 'Skoda' WHERE id = :id", id=shop.vehicle)
    assert appointment_ids(store, "renamed") == {booked} and callback_ids(store, "renamed") == {callback}
    assert appointment_ids(store, "customer") == set() and callback_ids(store, "ann") == set()
    assert appointment_ids(store, "zx99 skoda") == {booked} and appointment_ids(store, "golf") == {booked}
    assert appointment_ids(store, "cde") == set() and appointment_ids(store, "VW") == set()
    assert stale_sort_keys(store) == 0

    other = store.add_customer("Cy Other", phone="555-0199").id
    moved_to = store.add_vehicle(other, "Kia", "Rio", "kk11 mov").id
    raw_update(store, "UPDATE appointments SET customer_id = :c, vehicle_id = :v WHERE id = :id",
               c=other, v=moved_to, id=booked)
    assert appointment_ids(store, "kk11 other") == {booked} and appointment_ids(store, "renamed") == set()
    assert stale_sort_keys(store) == 0


def stale_sort_keys(store) -> int:
    """PostgreSQL: the appointment lines whose copy of the customer's name, the plate, their ids or the scheduled
    time differs from the rows' (migration 0017); SQLite's lines carry none."""
    if store.read_engine.dialect.name == "sqlite":
        return 0
    with store.read_engine.connect() as connection:
        return connection.execute(text(
            "SELECT count(*) FROM appointments a JOIN customers c ON c.id = a.customer_id "
            "JOIN vehicles v ON v.id = a.vehicle_id LEFT JOIN appointment_search s ON s.id = a.id "
            "WHERE s.id IS NULL OR (s.customer_name, s.customer_id, s.plate, s.vehicle_id, s.scheduled_at) "
            "IS DISTINCT FROM (c.name, a.customer_id, v.plate, a.vehicle_id, a.scheduled_at)")).scalar()


def narrowing(store, words: list[str], leading: bool = False, thinned: bool = False):
    with Session(store.read_engine) as session:
        return APPOINTMENT_SEARCH.narrow(session, Appointment.id, words, leading, thinned)


def test_the_index_drives_for_few_candidates_filters_for_more_and_steps_aside_for_many(shop, monkeypatch):
    store = shop.store
    monkeypatch.setattr(search_index, "CANDIDATE_CAP", 5)
    monkeypatch.setattr(search_index, "DRIVE_LIMIT", 2)
    brakes = {shop.book(f"Brakes squeal, visit {i}", at=T0 + timedelta(hours=i)) for i in range(5)}
    wipers = {shop.book(f"Wipers smear, visit {i}", at=T0 + timedelta(hours=9 + i)) for i in range(3)}
    gearbox = shop.book("Gearbox whines", at=T0 + timedelta(hours=20))
    assert narrowing(store, ["brakes"]) is None, "5 candidates, at the cap: the list in its order, LIKE alone"
    assert narrowing(store, ["wipers"]).few is (store.dialect == "postgresql"), \
        "3: on SQLite the list in its order, each row checked against them; PostgreSQL reads the ids and sorts them"
    assert narrowing(store, ["gearbox"]).few is True, "1: read it, no list"
    assert str(narrowing(store, ["qqqqq"]).condition) in {"false", "0 = 1"}, "no candidate: nothing to read at all"
    for sort in ("scheduled_at", "customer", "technician"):
        for descending in (False, True):
            listed = {word: {r.id for r in walk_pages(store.list_appointments, 2, filter=AppointmentFilter(text=word),
                                                      sort=sort, descending=descending)}
                      for word in ("brakes", "wipers", "gearbox", "brakes gearbox")}
            assert listed == {"brakes": brakes, "wipers": wipers, "gearbox": {gearbox}, "brakes gearbox": set()}


def test_sqlite_a_common_word_with_the_start_of_a_rarer_one_drives_with_the_lines_holding_both(store, monkeypatch):
    """"smith ja": the long word alone names many lines, its trigrams with the short word's few."""
    shop = make_shop(store)
    monkeypatch.setattr(search_index, "CANDIDATE_CAP", 6)
    monkeypatch.setattr(search_index, "DRIVE_LIMIT", 3)
    monkeypatch.setattr(search_index, "PAIRED_DRIVE_LIMIT", 4)
    smiths = [shop.book(f"Smith {name}, brakes", at=T0 + timedelta(hours=i))
              for i, name in enumerate(["Jamal", "Olga", "Omar", "Oscar", "Otto", "Ozzy", "Orla"])]
    assert narrowing(store, ["smith"]) is None, "7 candidates, over the cap"
    assert narrowing(store, ["smith", "ja"]).few is True, "1 holds both: it drives"
    assert narrowing(store, ["smith", "o"]) is None, "all seven hold both ('o' is in the customer's name), not few: the long word's own say"
    monkeypatch.setattr(search_index, "THINNED_CAP", 8)
    assert narrowing(store, ["smith", "o"], thinned=True).few is True, \
        "a filter thinning the list's order: the lines holding both drive up to THINNED_CAP"
    assert narrowing(store, ["smith"], thinned=True).few is True, "and so do the long word's"
    monkeypatch.setattr(search_index, "CANDIDATE_CAP", 8)
    assert narrowing(store, ["smith", "o"], leading=True).few is True, \
        "read through another table, the list's order costs more: the lines holding both drive up to the cap"
    monkeypatch.setattr(search_index, "PAIRED_DRIVE_LIMIT", 8)
    assert narrowing(store, ["smith", "o"]).few is True, "under the limit of the lines holding both, they drive"
    assert str(narrowing(store, ["smith", "jq"]).condition) in {"false", "0 = 1"}, "no trigram starts with jq"
    for words, want in (("smith ja", {smiths[0]}), ("smith o", set(smiths)), ("smith jq", set()),
                        ("ja smith", {smiths[0]}), ("SMITH JA", {smiths[0]}), ("smith ja brakes", {smiths[0]})):
        assert appointment_ids(store, words) == want, words


def test_sqlite_a_filter_thinning_the_walk_reads_candidates_up_to_its_cap_and_no_further(store, monkeypatch):
    """How many lines hold the words is told by where the first ``DRIVE_LIMIT`` of them end among the ids: over
    ``THINNED_CAP`` they are not read, and the list's order is walked."""
    shop = make_shop(store)
    monkeypatch.setattr(search_index, "DRIVE_LIMIT", 2)
    for i in range(24):
        shop.book("Brakes squeal" if i % 2 else "Wipers smear", at=T0 + timedelta(hours=i))
    with Session(store.read_engine) as session:
        lines = APPOINTMENT_SEARCH._lines_sqlite(
            session, "SELECT rowid FROM appointment_search WHERE appointment_search MATCH :match", '"brakes"')
    assert 8 <= lines <= 24, "12 of 24 lines, estimated from the ids of the first two"
    monkeypatch.setattr(search_index, "THINNED_CAP", 30)
    assert narrowing(store, ["brakes"], thinned=True).few is True, "under the cap: read and sorted"
    monkeypatch.setattr(search_index, "THINNED_CAP", 6)
    assert narrowing(store, ["brakes"], thinned=True) is None, "over it: the list's order is walked"


@pytest.mark.parametrize("words", ["ge", "g", "qz", "bo whi", "S", "Zö", "ö", "x\"", "%", "e_", "q"])
def test_short_words_give_what_the_list_gives(shop, words):
    """One- and two-letter words go through the index's trigrams on SQLite, and its regexes (or one pass over the
    lines) on PostgreSQL."""
    store = shop.store
    concerns = ["Gearbox whines", "Brakes squeal", "Zöe's car: 100% noisy", "Oil \"x\" leak", "Tyre_e swap",
                "Fault Q\U0010ffff"]  # the last character there is: its trigrams still start with "q"
    for i, concern in enumerate(concerns):
        shop.book(concern, at=T0 + timedelta(hours=i))
    rows = store.list_appointments(limit=1000).rows
    want = {r.id for r in rows if text_matches(words, [r.customer_name, r.plate, r.make, r.model, r.concern])}
    assert appointment_ids(store, words) == want
