"""A search sorted by concern read block by block (``concern_blocks``): taken only when the blocks whose concern
holds the words are the whole answer, and the pages the same as the rule and the sort give, every way.

The listing shop's concerns repeat, as a shop's do. To it are added a customer whose name holds a word of one of
those concerns, and a concern longer than the sort's key holding a word only past it, so that each search below
is either a set of blocks or not, for a reason. The search index is made to say "too many to read" for every
search, as it does for common words at a million jobs, so every search here reaches the block reading.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest

from repair_desktop.domain.statuses import AppointmentStatus as A
from repair_desktop.store import AppointmentFilter, Store
from repair_desktop.store import appointments as appointments_module, concern_blocks as blocks_module
from repair_desktop.store import search as search_index
from support.store_helpers import (APPOINTMENT_SORT_VALUES, HOSTILE_SEARCHES, T0, FakeClock, ListingShop,
                                   assert_pages_cover, make_listing_shop, text_matches)

#: Word -> whether its blocks are the whole answer ("sqlite": only where the index counts the lines holding it).
SEARCHES = {
    "squeal": True,  # only in the "Brakes squeal" jobs
    "brakes SQUEAL": True,  # two words of one concern, any case
    "oil": True,  # in four concerns: the page goes from block to block
    "IL": "sqlite",  # PostgreSQL's trigram index can't look up a two-letter word
    "a/c": "sqlite",  # nor three characters without three letters in a row
    "brakes": False,  # also in a customer's name
    "zebra": False,  # also in a concern past its first 120 characters
    "squeal ann": False,  # one word in the concern, one in a name: no block holds both
}
FILTERS = {
    "all": (AppointmentFilter(), lambda r: True),
    "completed": (AppointmentFilter(statuses=frozenset({A.COMPLETED})), lambda r: r.status is A.COMPLETED),
}


@contextmanager
def blocks_shop_at(url: str) -> Iterator[ListingShop]:
    """The listing shop with the cases below, in a store at ``url``, closed afterwards."""
    clock = FakeClock()
    store = Store.open(url, clock=clock)
    try:
        listing = make_listing_shop(store, clock)
        _add_block_cases(listing)
        yield listing
    finally:
        store.close()


def _add_block_cases(listing: ListingShop) -> None:
    """The customer and the long concern that keep "brakes" and "zebra" from being blocks alone."""
    store, desk = listing.shop.store, listing.shop.desk
    customer = store.add_customer("Brakesmith Garage", phone="555-0199").id
    vehicle = store.add_vehicle(customer, "Ford", "Transit", "BR4 KES").id
    store.book_appointment(vehicle, T0 + timedelta(hours=2), "A/C not cold", desk)
    for concern in ("Oil change", "Oil filter", "Oil leak", "Oil change"):
        store.book_appointment(vehicle, T0 + timedelta(hours=2), concern, desk)
    for _ in range(2):
        store.book_appointment(vehicle, T0 + timedelta(hours=3), "Zebra stripes on the hood", desk)
    long = "Noise from the front left wheel at motorway speed, worse when turning right, checked twice by the " \
           "customer already; see the zebra"
    assert long.lower().index("zebra") >= 120
    store.book_appointment(vehicle, T0 + timedelta(hours=4), long, desk)


@pytest.fixture(scope="module")
def blocks_shop(tmp_path_factory):
    with blocks_shop_at("sqlite:///" + str(tmp_path_factory.mktemp("blocks") / "shop.db")) as listing:
        yield listing


@pytest.fixture
def walked(monkeypatch):
    """The search index says every search finds too many lines to read, on either engine; the block reading's
    results, None or parts, are recorded."""
    for name in ("CANDIDATE_CAP", "DRIVE_LIMIT", "PAIRED_DRIVE_LIMIT", "THINNED_CAP"):
        monkeypatch.setattr(search_index, name, 1)
    monkeypatch.setattr(search_index, "_walk_sooner", lambda *args, **kwargs: True)
    seen = []

    def recorded(*args, **kwargs):
        seen.append(blocks_module.concern_blocks(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(appointments_module, "concern_blocks", recorded)
    return seen


def _matching(store, search: str, keep) -> list:
    rows = store.list_appointments(sort="id", limit=10_000).rows
    return [r for r in rows if keep(r) and text_matches(search, [r.customer_name, r.plate, r.make, r.model,
                                                                 r.concern])]


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("search", list(SEARCHES))
def test_a_search_by_concern_reads_its_blocks_only_when_they_are_the_whole_answer(blocks_shop, walked, search,
                                                                                     name):
    store = blocks_shop.shop.store
    flt, keep = FILTERS[name]
    subset = _matching(store, search, keep)
    assert subset or name != "all"
    for descending in (False, True):
        walked.clear()
        assert_pages_cover(store.list_appointments, subset, APPOINTMENT_SORT_VALUES["concern"], descending,
                           limits=(1, 3), sort="concern", filter=AppointmentFilter(statuses=flt.statuses,
                                                                                   text=search))
        assert walked and all((parts is not None) == _in_blocks(store, search) for parts in walked)


def _in_blocks(store, search: str) -> bool:
    """Whether the blocks are read for ``search`` on this store's engine."""
    return SEARCHES[search] is True or SEARCHES[search] == store.dialect


@pytest.mark.parametrize("search", HOSTILE_SEARCHES)
def test_hostile_searches_by_concern_match_literally(blocks_shop, walked, search):
    store = blocks_shop.shop.store
    subset = _matching(store, search, lambda r: True)
    for descending in (False, True):
        assert_pages_cover(store.list_appointments, subset, APPOINTMENT_SORT_VALUES["concern"], descending,
                           limits=(2,), sort="concern", filter=AppointmentFilter(text=search))


@pytest.mark.parametrize("descending", [False, True])
def test_more_concerns_than_blocks_are_read_as_any_search(blocks_shop, walked, monkeypatch, descending):
    monkeypatch.setattr(blocks_module, "MOST_BLOCKS", 3)
    store = blocks_shop.shop.store
    subset = _matching(store, "squeal", lambda r: True)
    assert_pages_cover(store.list_appointments, subset, APPOINTMENT_SORT_VALUES["concern"], descending,
                       limits=(2,), sort="concern", filter=AppointmentFilter(text="squeal"))
    assert walked and all(parts is None for parts in walked)


@pytest.mark.parametrize("descending", [False, True])
def test_a_cursor_from_a_block_no_longer_there_reads_as_any_search(blocks_shop, walked, descending):
    store = blocks_shop.shop.store
    first = store.list_appointments(AppointmentFilter(text="oil"), sort="concern", descending=descending, limit=1)
    assert walked[-1] is not None and first.next_cursor is not None
    moved = (first.next_cursor[0] + ", moved", *first.next_cursor[1:])
    rest = store.list_appointments(AppointmentFilter(text="oil"), sort="concern", descending=descending,
                                   after=moved, limit=100)
    assert walked[-1] is None
    assert rest.rows and all((r.concern[:120] < moved[0]) if descending else (r.concern[:120] > moved[0])
                             for r in rest.rows)
