"""Adding, renewing and cancelling contracts, and contract standings: who a callback can be created for on a day, why the others can't, whose cover runs out.

Every case is worked out by hand on a shop with one customer per situation,
and checked on SQLite and on PostgreSQL (the facts are correlated subqueries
whose date types each engine hands back its own way).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from support.store_helpers import raises_exactly

from repair_desktop.domain.errors import NoActiveContract, NotFound, PermissionDenied, ValidationError
from repair_desktop.store import Store
from repair_desktop.domain.contracts import EXPIRY_WARNING_DAYS

DAY = date(2026, 11, 23)


@dataclass
class Shop:
    store: Store
    desk: int
    ids: dict[str, int]


@pytest.fixture
def shop(any_store) -> Shop:
    """One customer per contract situation on DAY; ``ids`` by first name."""
    s = any_store
    desk = s.add_employee("Desk", "front_desk", actor=s.add_employee("Boss", "manager").id).id
    ids = {}

    def customer(name: str, phone: str, *contracts: tuple[int, int]) -> int:
        """``contracts``: (start, end) in days from DAY."""
        ids[name.split()[0].lower()] = c = s.add_customer(name, phone).id
        for start, end in contracts:
            s.add_contract(c, DAY + timedelta(days=start), DAY + timedelta(days=end))
        return c

    customer("Ann Covered", "555-0001", (-30, 300))
    customer("Bea Expiring", "555-0002", (-300, 10))
    customer("Cal Renewed", "555-0003", (-300, 10), (11, 375))  # follow-on contract booked
    customer("Dot Lapsed", "555-0004", (-400, -20))
    customer("Eli Later", "555-0005", (5, 370))
    s.cancel_contract(s.contracts(customer("Fay Cancelled", "555-0006", (-30, 300)))[0].id, desk)
    customer("Gus Nothing", "555-0007")
    customer("Hal Edge", "555-0008", (0, 0))  # covers DAY only, so it ends within the warning window
    customer("Ivy Overlap", "555-0009", (-30, 20), (-10, 200))  # two live contracts: covered until the later end
    return Shop(s, desk, ids)


def names(standings) -> list[str]:
    return [s.name for s in standings]


def test_every_customer_is_listed_by_name_with_why_they_can_or_cannot_have_a_callback(shop):
    standings = {s.name.split()[0]: s for s in shop.store.contract_standings(DAY)}
    assert list(standings) == ["Ann", "Bea", "Cal", "Dot", "Eli", "Fay", "Gus", "Hal", "Ivy"]
    explained = {name: s.explanation for name, s in standings.items()}
    assert explained == {
        "Ann": "contract runs until 19 Sep 2027",
        "Bea": "contract runs until 03 Dec 2026",
        "Cal": "contract runs until 03 Dec 2026",
        "Dot": "contract ended 03 Nov 2026",
        "Eli": "contract starts 28 Nov 2026",
        "Fay": "contract was cancelled",
        "Gus": "no maintenance contract",
        "Hal": "contract runs until 23 Nov 2026",
        "Ivy": "contract runs until 11 Jun 2027",
    }
    assert {n for n, s in standings.items() if s.is_covered} == {"Ann", "Bea", "Cal", "Hal", "Ivy"}
    assert isinstance(standings["Ann"].covered_until, date)
    assert standings["Cal"].next_starts_on == DAY + timedelta(days=11)
    assert standings["Fay"].cancelled_contracts == 1


def test_covered_customers_are_exactly_those_the_store_lets_a_callback_be_created_for(shop):
    covered = {s.customer_id for s in shop.store.contract_standings(DAY, covered=True)}
    uncovered = {s.customer_id for s in shop.store.contract_standings(DAY, covered=False)}
    assert covered.isdisjoint(uncovered) and len(covered | uncovered) == len(shop.ids)
    at_noon = datetime.combine(DAY, time(12))
    for customer_id in covered:
        shop.store.create_callback(customer_id, at_noon, "Check the noise", "medium", shop.desk)
    for customer_id in uncovered:
        with pytest.raises(NoActiveContract):
            shop.store.create_callback(customer_id, at_noon, "Check the noise", "medium", shop.desk)
    assert covered == {c.id for c in shop.store.customers_with_active_contract(DAY)}


def test_search_matches_every_word_in_the_name_or_the_phone(shop):
    assert names(shop.store.contract_standings(DAY, "bea")) == ["Bea Expiring"]
    assert names(shop.store.contract_standings(DAY, "0004")) == ["Dot Lapsed"]
    assert names(shop.store.contract_standings(DAY, "cal renewed")) == ["Cal Renewed"]
    assert names(shop.store.contract_standings(DAY, "cal lapsed")) == []
    assert names(shop.store.contract_standings(DAY, "e", covered=False)) == ["Dot Lapsed", "Eli Later",
                                                                            "Fay Cancelled"]
    assert names(shop.store.contract_standings(DAY, "%")) == []  # a wildcard is just a character


def test_counting_the_customers_a_search_leaves_out_for_having_no_cover(shop):
    assert shop.store.count_uncovered_customers(DAY) == 4  # Dot, Eli, Fay, Gus
    assert shop.store.count_uncovered_customers(DAY, "e") == 3
    assert shop.store.count_uncovered_customers(DAY, "ann") == 0
    assert shop.store.count_uncovered_customers(DAY + timedelta(days=400)) == len(shop.ids)


def test_expiring_means_covered_now_ending_within_the_window_with_nothing_booked_after(shop):
    expiring = shop.store.contract_standings(DAY, expiring_within=EXPIRY_WARNING_DAYS)
    assert names(expiring) == ["Bea Expiring", "Hal Edge"]  # Ivy is covered by her later contract
    assert all(s.expires_within() for s in expiring)
    assert shop.store.count_expiring_contracts(DAY) == 2
    assert names(shop.store.contract_standings(DAY, expiring_within=5)) == ["Hal Edge"]
    assert shop.store.count_expiring_contracts(DAY, within=400) == 4  # every covered customer but Cal
    everyone = {s.name.split()[0]: s.expires_within() for s in shop.store.contract_standings(DAY)}
    assert {n for n, soon in everyone.items() if soon} == {"Bea", "Hal"}


def test_renewing_or_cancelling_changes_the_standing_at_once(shop):
    bea = shop.store.contracts(shop.ids["bea"])[0]
    shop.store.renew_contract(bea.id, DAY + timedelta(days=365), shop.desk)
    assert shop.store.count_expiring_contracts(DAY) == 1
    shop.store.cancel_contract(shop.store.contracts(shop.ids["ann"])[0].id, shop.desk)
    assert "Ann Covered" in names(shop.store.contract_standings(DAY, covered=False))


def test_the_limit_keeps_the_first_names(shop):
    assert names(shop.store.contract_standings(DAY, limit=2)) == ["Ann Covered", "Bea Expiring"]


# --- adding, renewing, cancelling ---------------------------------------------------------------------------

def test_contracts_list_newest_first_and_know_when_they_are_active(any_store):
    store = any_store
    c = store.add_customer("Ann Able").id
    boss = store.add_employee("Maria Manager", "manager").id
    old = store.add_contract(c, date(2024, 1, 1), date(2024, 12, 31))
    new = store.add_contract(c, date(2026, 1, 1), date(2026, 12, 31), plan="AMC Gold", actor=boss)
    rows = store.contracts(c)
    assert [r.id for r in rows] == [new.id, old.id]
    assert (rows[0].plan, rows[0].cancelled) == ("AMC Gold", False)
    assert rows[0].is_active_on(date(2026, 1, 1)) and rows[0].is_active_on(date(2026, 12, 31))
    assert not rows[0].is_active_on(date(2027, 1, 1)) and not rows[1].is_active_on(date(2026, 6, 1))
    store.cancel_contract(new.id, boss)
    assert store.contracts(c)[0].cancelled and not store.contracts(c)[0].is_active_on(date(2026, 6, 1))
    assert store.customers_with_active_contract(date(2026, 6, 1)) == []
    store.renew_contract(new.id, date(2027, 12, 31), boss)
    renewed = store.contracts(c)[0]
    assert (renewed.cancelled, renewed.ends_on) == (False, date(2027, 12, 31))
    assert [x.id for x in store.customers_with_active_contract(date(2027, 6, 1))] == [c]
    assert [(e.field, e.old, e.new, e.actor_name) for e in store.audit("contract", new.id)] == [
        ("created", None, "AMC Gold 2026-01-01 to 2026-12-31", "Maria Manager"),
        ("cancelled", "False", "True", "Maria Manager"),
        ("ends_on", "2026-12-31", "2027-12-31", "Maria Manager"), ("cancelled", "True", "False", "Maria Manager")]


def test_contract_input_and_permissions_are_checked(store):
    c = store.add_customer("Ann Able").id
    boss = store.add_employee("Maria Manager", "manager").id
    tech = store.add_employee("Tom Turner", "technician", actor=boss).id
    raises_exactly(ValidationError, store.add_contract, c, date(2026, 2, 1), date(2026, 1, 31))
    raises_exactly(ValidationError, store.add_contract, c, None, date(2026, 1, 31))
    raises_exactly(ValidationError, store.add_contract, c, date(2026, 1, 1), None)
    raises_exactly(ValidationError, store.add_contract, c, "2026-01-01", date(2026, 1, 31))
    raises_exactly(ValidationError, store.add_contract, c, date(2026, 1, 1), date(2026, 1, 31), plan=" ")
    raises_exactly(NotFound, store.add_contract, 9999, date(2026, 1, 1), date(2026, 1, 31))
    raises_exactly(PermissionDenied, store.add_contract, c, date(2026, 1, 1), date(2026, 1, 31), actor=tech)
    assert store.contracts(c) == []
    one_day = store.add_contract(c, date(2026, 1, 1), date(2026, 1, 1))
    raises_exactly(ValidationError, store.renew_contract, one_day.id, date(2025, 12, 31), boss)
    raises_exactly(ValidationError, store.renew_contract, one_day.id, None, boss)
    raises_exactly(PermissionDenied, store.renew_contract, one_day.id, date(2026, 2, 1), tech)
    raises_exactly(PermissionDenied, store.cancel_contract, one_day.id, tech)
    raises_exactly(NotFound, store.cancel_contract, 9999, boss)
    assert store.contracts(c)[0].ends_on == date(2026, 1, 1)


def test_picking_a_customer_for_a_callback(store):
    day = date(2026, 6, 15)
    for i, name in enumerate(["Ann Able", "Anna Baker", "Bob Baker", "100% Motors"]):
        cid = store.add_customer(name).id
        if name != "Bob Baker":
            store.add_contract(cid, day - timedelta(days=i), day + timedelta(days=i))
    assert [c.name for c in store.customers_with_active_contract(day)] == ["100% Motors", "Ann Able", "Anna Baker"]
    assert [c.name for c in store.customers_with_active_contract(day, "ann")] == ["Ann Able", "Anna Baker"]
    assert [c.name for c in store.customers_with_active_contract(day, "%")] == ["100% Motors"]
    assert [c.name for c in store.customers_with_active_contract(day + timedelta(days=1))] == ["100% Motors",
                                                                                              "Anna Baker"]
    assert store.customers_with_active_contract(day, "Bob") == []
    assert len(store.customers_with_active_contract(day, limit=1)) == 1
