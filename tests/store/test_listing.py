"""Listings a page at a time: every sort key both ways, filters, cursors, and searches with hostile text.

One shop with ties in every sort key, jobs without a technician, deleted
callbacks and text full of LIKE wildcards and quotes is built once for the
module; the tests only read it.
"""

from datetime import timedelta

import pytest


from repair_desktop.domain.statuses import AppointmentStatus as A, CallbackStatus as C, Priority
from repair_desktop.store import AppointmentFilter, CallbackFilter, Store
from repair_desktop.store.appointments import APPOINTMENT_SORTS
from repair_desktop.store.callbacks import CALLBACK_SORTS
from repair_desktop.store import listing as listing_module, search as search_index
from support.store_helpers import (APPOINTMENT_SORT_VALUES, CALLBACK_SORT_VALUES, HOSTILE_SEARCHES, T0, FakeClock,
                                   assert_pages_cover, make_listing_shop, make_shop, text_matches, walk_pages)


@pytest.fixture(scope="module")
def listing(tmp_path_factory):
    clock = FakeClock()
    store = Store.open("sqlite:///" + str(tmp_path_factory.mktemp("listing") / "shop.db"), clock=clock)
    try:
        yield make_listing_shop(store, clock)
    finally:
        store.close()


@pytest.fixture(scope="module")
def all_appointments(listing):
    rows = listing.shop.store.list_appointments(sort="id", limit=10_000).rows
    assert sorted(r.id for r in rows) == sorted(listing.appointments)
    return rows


@pytest.fixture(scope="module")
def all_callbacks(listing):
    rows = listing.shop.store.list_callbacks(sort="job_number", limit=10_000).rows
    assert sorted(r.id for r in rows) == sorted(listing.callbacks)
    return rows


def test_the_shop_has_the_awkward_cases(all_appointments, all_callbacks):
    assert any(r.technician_id is None for r in all_appointments), "NULL technicians"
    assert any(r.technician_id is not None for r in all_appointments)
    assert any(r.started_at is None for r in all_appointments) and any(r.started_at for r in all_appointments)
    for value in APPOINTMENT_SORT_VALUES.values():
        values = [value(r) for r in all_appointments]
        assert len(set(values)) < len(values) or value is APPOINTMENT_SORT_VALUES["id"], "ties in every key"
    assert {r.status for r in all_appointments} == set(A)
    assert {r.status for r in all_callbacks} == set(C)
    assert {r.priority for r in all_callbacks} == set(Priority)


def test_every_sort_key_is_tested():
    assert set(APPOINTMENT_SORT_VALUES) == set(APPOINTMENT_SORTS)
    assert set(CALLBACK_SORT_VALUES) == set(CALLBACK_SORTS)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(APPOINTMENT_SORT_VALUES))
def test_appointment_pages_concatenate_to_the_sorted_whole(listing, all_appointments, sort, descending):
    store = listing.shop.store
    assert_pages_cover(store.list_appointments, all_appointments, APPOINTMENT_SORT_VALUES[sort], descending,
                       sort=sort)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(CALLBACK_SORT_VALUES))
def test_callback_pages_concatenate_to_the_sorted_whole(listing, all_callbacks, sort, descending):
    store = listing.shop.store
    assert_pages_cover(store.list_callbacks, all_callbacks, CALLBACK_SORT_VALUES[sort], descending, sort=sort)


def test_default_orders(listing, all_appointments, all_callbacks):
    store = listing.shop.store
    assert [r.id for r in walk_pages(store.list_appointments, 6)] == \
        [r.id for r in sorted(all_appointments, key=lambda r: (r.scheduled_at, r.id))]
    assert [r.id for r in walk_pages(store.list_callbacks, 6)] == \
        [r.id for r in sorted(all_callbacks, key=lambda r: (r.priority.rank, r.scheduled_at, r.id))]


APPOINTMENT_FILTERS = {
    "active": (AppointmentFilter(statuses=frozenset({A.ASSIGNED, A.IN_PROGRESS})),
               lambda r: r.status in (A.ASSIGNED, A.IN_PROGRESS)),
    "cancelled": (AppointmentFilter(statuses=frozenset({A.CANCELLED})), lambda r: r.status is A.CANCELLED),
    "from": (AppointmentFilter(scheduled_from=T0), lambda r: r.scheduled_at >= T0),
    "to": (AppointmentFilter(scheduled_to=T0 + timedelta(minutes=15)), lambda r: r.scheduled_at < T0 + timedelta(minutes=15)),
    "window": (AppointmentFilter(scheduled_from=T0, scheduled_to=T0 + timedelta(hours=1)),
               lambda r: T0 <= r.scheduled_at < T0 + timedelta(hours=1)),
    "text": (AppointmentFilter(text="ann BRAKES"),
             lambda r: text_matches("ann BRAKES", [r.customer_name, r.plate, r.make, r.model, r.concern])),
    "all_of_them": (AppointmentFilter(statuses=frozenset({A.SCHEDULED, A.ASSIGNED}), scheduled_from=T0 - timedelta(days=1),
                                      text="a"),
                    lambda r: r.status in (A.SCHEDULED, A.ASSIGNED) and r.scheduled_at >= T0 - timedelta(days=1)
                    and text_matches("a", [r.customer_name, r.plate, r.make, r.model, r.concern])),
}


@pytest.mark.parametrize("share", [1, 10 ** 9], ids=["the-filter-drives", "the-sort-leads"])
@pytest.mark.parametrize("sort", list(APPOINTMENT_SORT_VALUES))
@pytest.mark.parametrize("name", [*APPOINTMENT_FILTERS, "technician"])
def test_filtered_appointment_pages(listing, all_appointments, name, sort, share, monkeypatch):
    """A filter keeping few rows has them read and sorted; one keeping many is checked on each row of the sort's
    order (on SQLite with its columns hidden from the planner, so that order's index leads): the same pages."""
    monkeypatch.setattr(listing_module, "FILTER_SHARE", share)
    store = listing.shop.store
    if name == "technician":
        tech = listing.shop.techs[1]
        flt, keep = AppointmentFilter(technician_id=tech), lambda r: r.technician_id == tech
    else:
        flt, keep = APPOINTMENT_FILTERS[name]
    subset = [r for r in all_appointments if keep(r)]
    assert 0 < len(subset) < len(all_appointments), "a filter that selects something, not everything"
    assert store.count_appointments(flt) == len(subset)
    for descending in (False, True):
        assert_pages_cover(store.list_appointments, subset, APPOINTMENT_SORT_VALUES[sort], descending,
                           limits=(1, 4), sort=sort, filter=flt)


@pytest.mark.parametrize("drive", [search_index.DRIVE_LIMIT, 1], ids=["candidates-sorted", "list-order-tested"])
@pytest.mark.parametrize("sort", list(APPOINTMENT_SORT_VALUES))
def test_a_search_pages_in_every_sort_both_ways(listing, all_appointments, sort, drive, monkeypatch):
    """Few candidates are read whole and then sorted, their ids chosen first (joining only the sort key's
    table); more are tested as the list is read in its order: the same pages either way."""
    monkeypatch.setattr(search_index, "DRIVE_LIMIT", drive)
    monkeypatch.setattr(search_index, "PAIRED_DRIVE_LIMIT", drive)
    flt, keep = APPOINTMENT_FILTERS["text"]
    subset = [r for r in all_appointments if keep(r)]
    for descending in (False, True):
        assert_pages_cover(listing.shop.store.list_appointments, subset, APPOINTMENT_SORT_VALUES[sort], descending,
                           limits=(1, 3), sort=sort, filter=flt)


@pytest.mark.parametrize("share, thinning", [(1, 0.5), (10 ** 9, 1.1), (10 ** 9, 0)],
                         ids=["the-filter-drives", "the-filter-thins", "the-search-drives"])
@pytest.mark.parametrize("sort", list(APPOINTMENT_SORT_VALUES))
def test_a_search_with_a_filter_pages_in_every_sort_both_ways(listing, all_appointments, sort, share, thinning,
                                                              monkeypatch):
    """A filter keeping few rows (here: any, or none) has them read and the words checked on each; one keeping a
    minority has the search's candidates read further; otherwise the search index and the sort's order decide as
    without it: the same pages every way."""
    monkeypatch.setattr(listing_module, "FILTER_SHARE", share)
    monkeypatch.setattr(listing_module, "THINNING_SHARE", thinning)
    flt, keep = APPOINTMENT_FILTERS["all_of_them"]
    subset = [r for r in all_appointments if keep(r)]
    assert 1 < len(subset) < len(all_appointments)
    for descending in (False, True):
        assert_pages_cover(listing.shop.store.list_appointments, subset, APPOINTMENT_SORT_VALUES[sort], descending,
                           limits=(1, 3), sort=sort, filter=flt)


CALLBACK_FILTERS = {
    "held": (CallbackFilter(statuses=frozenset({C.OPEN, C.IN_PROGRESS})), lambda r: r.status in (C.OPEN, C.IN_PROGRESS)),
    "urgent": (CallbackFilter(priorities=frozenset({Priority.URGENT})), lambda r: r.priority is Priority.URGENT),
    "text": (CallbackFilter(text="noise"), lambda r: text_matches("noise", [r.customer_name, r.job_number, r.description])),
    "job_number": (CallbackFilter(text="CB-"), lambda r: True),
    "mixed": (CallbackFilter(statuses=frozenset({C.PENDING, C.CLOSED}), priorities=frozenset({Priority.LOW, Priority.URGENT})),
              lambda r: r.status in (C.PENDING, C.CLOSED) and r.priority in (Priority.LOW, Priority.URGENT)),
}


@pytest.mark.parametrize("share", [1, 10 ** 9], ids=["the-filter-drives", "the-sort-leads"])
@pytest.mark.parametrize("sort", list(CALLBACK_SORT_VALUES))
@pytest.mark.parametrize("name", [*CALLBACK_FILTERS, "claimed_by"])
def test_filtered_callback_pages(listing, all_callbacks, name, sort, share, monkeypatch):
    monkeypatch.setattr(listing_module, "FILTER_SHARE", share)
    store = listing.shop.store
    if name == "claimed_by":
        flt, keep = CallbackFilter(claimed_by=listing.shop.techs[2]), lambda r: r.claimed_by == listing.shop.techs[2]
    else:
        flt, keep = CALLBACK_FILTERS[name]
    subset = [r for r in all_callbacks if keep(r)]
    assert subset, "a filter that selects something"
    assert store.count_callbacks(flt) == len(subset)
    for descending in (False, True):
        assert_pages_cover(store.list_callbacks, subset, CALLBACK_SORT_VALUES[sort], descending, limits=(1, 4),
                           sort=sort, filter=flt)


def appointment_text(r):
    return [r.customer_name, r.plate, r.make, r.model, r.concern]


def callback_text(r):
    return [r.customer_name, r.job_number, r.description]


@pytest.mark.parametrize("cap, drive", [(search_index.CANDIDATE_CAP, search_index.DRIVE_LIMIT), (1000, 1), (1, 1)],
                         ids=["index-drives", "index-filters", "list-order"])
@pytest.mark.parametrize("search", HOSTILE_SEARCHES)
def test_hostile_searches_match_literally(listing, all_appointments, all_callbacks, search, cap, drive, monkeypatch):
    """Wildcards, quotes, backslashes and SQL are text to find, never syntax, however the index narrows."""
    monkeypatch.setattr(search_index, "CANDIDATE_CAP", cap)
    monkeypatch.setattr(search_index, "DRIVE_LIMIT", drive)
    monkeypatch.setattr(search_index, "PAIRED_DRIVE_LIMIT", drive)
    store = listing.shop.store
    want = [r for r in all_appointments if text_matches(search, appointment_text(r))]
    got = walk_pages(store.list_appointments, 5, filter=AppointmentFilter(text=search))
    assert sorted(r.id for r in got) == sorted(r.id for r in want)
    assert store.count_appointments(AppointmentFilter(text=search)) == len(want)
    want = [r for r in all_callbacks if text_matches(search, callback_text(r))]
    got = walk_pages(store.list_callbacks, 5, filter=CallbackFilter(text=search))
    assert sorted(r.id for r in got) == sorted(r.id for r in want)
    assert store.count_callbacks(CallbackFilter(text=search)) == len(want)
    # nothing was dropped or changed
    assert store.count_appointments() == len(all_appointments)
    assert store.count_callbacks() == len(all_callbacks)


def test_wildcards_find_only_themselves(listing):
    store = listing.shop.store
    percent = walk_pages(store.list_appointments, 100, filter=AppointmentFilter(text="%"))
    assert percent and all("%" in " ".join(appointment_text(r)) for r in percent)
    underscore = walk_pages(store.list_callbacks, 100, filter=CallbackFilter(text="_"))
    assert underscore and all("_" in " ".join(callback_text(r)) for r in underscore)
    injected = walk_pages(store.list_appointments, 100, filter=AppointmentFilter(text="'; DROP TABLE appointments; --"))
    assert injected and all("'; DROP TABLE appointments; --" in " ".join(appointment_text(r)) for r in injected)


# --- cursors -----------------------------------------------------------------------------------------

def test_a_cursor_survives_rows_added_and_removed_elsewhere(store, clock):
    """Keyset paging: new rows before the cursor don't shift the next page (no repeats, no gaps after it)."""
    shop = make_shop(store)
    ids = [shop.book(f"job {i}", T0 + timedelta(minutes=10 * i)) for i in range(10)]
    first = store.list_appointments(limit=4)
    assert [r.id for r in first.rows] == ids[:4]
    early = shop.book("walk-in", T0 - timedelta(days=1))  # sorts before everything
    store.cancel_appointment(ids[5], "no show", shop.desk)  # still listed, changed status
    rows, cursor = [], first.next_cursor
    while cursor is not None:
        page = store.list_appointments(after=cursor, limit=4)
        rows += page.rows
        cursor = page.next_cursor
    assert [r.id for r in rows] == ids[4:]
    assert early not in [r.id for r in rows]


def test_exactly_full_last_page_ends_without_an_empty_page(shop):
    store = shop.store
    for i in range(6):
        shop.book(f"job {i}")
    first = store.list_appointments(limit=3)
    assert len(first.rows) == 3 and first.next_cursor is not None
    second = store.list_appointments(after=first.next_cursor, limit=3)
    assert len(second.rows) == 3 and second.next_cursor is None
    whole = store.list_appointments(limit=6)
    assert len(whole.rows) == 6 and whole.next_cursor is None


def test_an_empty_shop_lists_one_empty_page(store):
    for page in (store.list_appointments(), store.list_callbacks()):
        assert (page.rows, page.next_cursor) == ([], None)
    assert store.count_appointments() == store.count_callbacks() == 0
