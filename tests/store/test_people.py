"""Employees and sign-in, customers, vehicles, maintenance contracts and shop settings."""

import sqlite3
from contextlib import closing
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import make_url


from repair_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from repair_desktop.domain.statuses import Role
from support.store_helpers import HOSTILE_TEXTS, raises_exactly


def raw_rows(sqlite_url, sql, *args):
    with closing(sqlite3.connect(make_url(sqlite_url).database)) as raw:
        return raw.execute(sql, args).fetchall()


# --- employees -------------------------------------------------------------------------------------

def test_employees_by_role_and_name(store):
    tom = store.add_employee("  Tom Turner ", "technician")
    store.add_employee("Ada Able", Role.TECHNICIAN)
    store.add_employee("Maria Manager", "manager")
    assert (tom.name, tom.role, tom.active) == ("Tom Turner", "technician", True)
    assert tom.role is Role.TECHNICIAN
    assert [e.name for e in store.employees()] == ["Ada Able", "Maria Manager", "Tom Turner"]
    assert [e.name for e in store.employees(role="technician")] == ["Ada Able", "Tom Turner"]
    assert store.employee(tom.id).name == "Tom Turner"
    raises_exactly(NotFound, store.employee, 9999)


@pytest.mark.parametrize("name, role", [("", "technician"), ("  ", "manager"), (None, "manager"),
                                        ("Sam", "boss"), ("Sam", ""), ("Sam", None)])
def test_an_employee_needs_a_name_and_a_known_role(store, name, role):
    raises_exactly(ValidationError, store.add_employee, name, role)
    assert store.employees(include_inactive=True) == []


def test_names_are_unique_so_sign_in_is_unambiguous(store):
    store.add_employee("Tom Turner", "technician")
    error = raises_exactly(ValidationError, store.add_employee, "Tom Turner", "manager")
    assert "Tom Turner" in str(error)


def test_deactivating_keeps_the_person_but_stops_them(store):
    boss = store.add_employee("Maria Manager", "manager").id
    tom = store.add_employee("Tom Turner", "technician").id
    desk = store.add_employee("Dan Desk", "front_desk").id
    raises_exactly(PermissionDenied, store.set_employee_active, tom, False, desk)
    store.set_employee_active(tom, False, boss)
    assert [e.name for e in store.employees()] == ["Dan Desk", "Maria Manager"]
    assert [e.name for e in store.employees(include_inactive=True)] == ["Dan Desk", "Maria Manager", "Tom Turner"]
    assert store.workload().total == 0
    raises_exactly(PermissionDenied, store.authenticate, tom, None)
    store.set_employee_active(tom, True, boss)
    assert store.authenticate(tom, None).id == tom
    raises_exactly(NotFound, store.set_employee_active, 9999, False, boss)
    for unclear in ["no", None, 0, 2]:
        raises_exactly(ValidationError, store.set_employee_active, tom, unclear, boss)
    assert store.employee(tom).active


# --- sign-in -----------------------------------------------------------------------------------------

def test_sign_in_with_the_right_pin_only(store):
    tom = store.add_employee("Tom Turner", "technician", secret="4711").id
    assert store.authenticate(tom, "4711").name == "Tom Turner"
    for wrong in ["4712", "", None, " 4711", "4711 ", "47110"]:
        error = raises_exactly(PermissionDenied, store.authenticate, tom, wrong)
        assert "don't match" in str(error)
    raises_exactly(PermissionDenied, store.authenticate, 9999, "4711")


def test_someone_without_a_pin_signs_in_with_none(store):
    ada = store.add_employee("Ada Able", "technician").id
    assert store.authenticate(ada, None).id == ada
    assert store.authenticate(ada, "").id == ada
    raises_exactly(PermissionDenied, store.authenticate, ada, "1234")


def test_secrets_are_stored_only_as_salted_hashes(store, sqlite_url):
    store.add_employee("Tom Turner", "technician", secret="4711")
    store.add_employee("Ada Able", "technician", secret="4711")
    store.add_employee("Åsa Öberg", "manager", secret="pässwörd ✓")
    hashes = [h for (h,) in raw_rows(sqlite_url, "SELECT secret_hash FROM employees ORDER BY id")]
    assert all(h.startswith("scrypt$") for h in hashes)
    assert hashes[0] != hashes[1], "the same PIN hashes differently for two people (salt)"
    dump = "\n".join(str(r) for r in raw_rows(sqlite_url, "SELECT * FROM employees"))
    assert "4711" not in dump and "pässwörd" not in dump
    assert store.authenticate(3, "pässwörd ✓").name == "Åsa Öberg"


def test_pins_are_changed_by_their_owner_or_a_manager(store):
    boss = store.add_employee("Maria Manager", "manager", secret="9").id
    tom = store.add_employee("Tom Turner", "technician", secret="1").id
    ada = store.add_employee("Ada Able", "technician", secret="2").id
    store.set_secret(tom, "1111", tom)
    assert store.authenticate(tom, "1111").id == tom
    raises_exactly(PermissionDenied, store.set_secret, tom, "2222", ada)
    raises_exactly(PermissionDenied, store.authenticate, tom, "2222")
    store.set_secret(tom, "3333", boss)
    assert store.authenticate(tom, "3333").id == tom
    store.set_secret(ada, None, boss)  # clear: signs in without one
    assert store.authenticate(ada, None).id == ada


# --- customers and vehicles ----------------------------------------------------------------------------

def test_customers_are_stored_tidy(store):
    c = store.add_customer("  Ann Able ", phone=" 555-0100 ", email=" ann@example.com ", address="  ")
    got = store.customer(c.id)
    assert (got.name, got.phone, got.email, got.address) == ("Ann Able", "555-0100", "ann@example.com", None)
    raises_exactly(NotFound, store.customer, 9999)


@pytest.mark.parametrize("name, email", [("", None), ("   ", None), (None, None), ("Ann", "not-an-email"),
                                         ("Ann", "ann@"), ("Ann", "a b@example.com")])
def test_a_customer_needs_a_name_and_a_plausible_email(store, name, email):
    raises_exactly(ValidationError, store.add_customer, name, email=email)
    assert store.find_customers() == []


def test_finding_customers_by_words_of_name_or_phone(store):
    names = ["Ann Able", "Bob Baker", *HOSTILE_TEXTS]
    ids = {n: store.add_customer(n, phone=f"555-01{i:02d}").id for i, n in enumerate(names)}
    assert [c.name for c in store.find_customers()] == sorted(names)
    assert [c.name for c in store.find_customers("ann")] == ["Ann Able"]
    assert [c.name for c in store.find_customers("555-0101")] == ["Bob Baker"]
    assert [c.name for c in store.find_customers("baker 555")] == ["Bob Baker"]
    assert store.find_customers("baker 0100") == []  # every word must match
    assert [c.name for c in store.find_customers("%")] == ["100% Motors"]
    assert [c.name for c in store.find_customers("_")] == ["under_score Ltd"]
    assert [c.name for c in store.find_customers("\\")] == ["Back\\slash Garage"]
    assert [c.name for c in store.find_customers("/")] == ["Slash/Dot Cars"]
    assert [c.name for c in store.find_customers("'")] == sorted(["O'Brien & Sons", "'; DROP TABLE appointments; --"])
    assert [c.name for c in store.find_customers("'; DROP TABLE appointments; --")] == [
        "'; DROP TABLE appointments; --"]
    assert [c.name for c in store.find_customers("Größe")] == ["Zoë Größe"]
    assert [c.name for c in store.find_customers("センター")] == ["日本車センター"]
    assert len(store.find_customers(limit=3)) == 3
    assert len(ids) == len(names)


def test_vehicles_belong_to_a_customer(store):
    c = store.add_customer("Ann Able").id
    golf = store.add_vehicle(c, " VW ", " Golf ", " ab12 cde ", year=2019, vin=" wvwzzz1kz8w123456 ")
    old = store.add_vehicle(c, "Morris", "Minor", "XYZ 1", year=1962, vin="M1234")
    assert (golf.make, golf.model, golf.plate, golf.year, golf.vin) == ("VW", "Golf", "AB12 CDE", 2019,
                                                                        "WVWZZZ1KZ8W123456")
    assert old.vin == "M1234"
    assert [v.id for v in store.vehicles(c)] == [golf.id, old.id]
    assert store.vehicles(9999) == []
    raises_exactly(NotFound, store.add_vehicle, 9999, "VW", "Golf", "AB12")


@pytest.mark.parametrize("make, model, plate, year, vin", [
    ("", "Golf", "AB12", None, None), ("VW", " ", "AB12", None, None), ("VW", "Golf", "", None, None),
    ("VW", "Golf", None, None, None), ("VW", "Golf", "AB12", 1885, None),
    ("VW", "Golf", "AB12", date.today().year + 2, None), ("VW", "Golf", "AB12", "nineteen", None),
    ("VW", "Golf", "AB12", None, "WVWZZZ1KZ8W12345O"), ("VW", "Golf", "AB12", None, "WVWZZZ1KZ8W1234567"),
    ("VW", "Golf", "AB12", None, "W-1"), ("VW", "Golf", "AB12", None, "IOQ12"),
])
def test_vehicle_details_are_checked(store, make, model, plate, year, vin):
    c = store.add_customer("Ann Able").id
    raises_exactly(ValidationError, store.add_vehicle, c, make, model, plate, year=year, vin=vin)
    assert store.vehicles(c) == []


# --- contracts -----------------------------------------------------------------------------------------

def test_contracts_list_newest_first_and_know_when_they_are_active(store):
    c = store.add_customer("Ann Able").id
    boss = store.add_employee("Maria Manager", "manager").id
    old = store.add_contract(c, date(2024, 1, 1), date(2024, 12, 31))
    new = store.add_contract(c, date(2026, 1, 1), date(2026, 12, 31), plan="AMC Gold")
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


def test_contract_input_is_checked(store):
    c = store.add_customer("Ann Able").id
    boss = store.add_employee("Maria Manager", "manager").id
    tech = store.add_employee("Tom Turner", "technician").id
    raises_exactly(ValidationError, store.add_contract, c, date(2026, 2, 1), date(2026, 1, 31))
    raises_exactly(ValidationError, store.add_contract, c, None, date(2026, 1, 31))
    raises_exactly(ValidationError, store.add_contract, c, date(2026, 1, 1), None)
    raises_exactly(ValidationError, store.add_contract, c, "2026-01-01", date(2026, 1, 31))
    raises_exactly(ValidationError, store.add_contract, c, date(2026, 1, 1), date(2026, 1, 31), plan=" ")
    raises_exactly(NotFound, store.add_contract, 9999, date(2026, 1, 1), date(2026, 1, 31))
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
    covered = {}
    for i, name in enumerate(["Ann Able", "Anna Baker", "Bob Baker", "100% Motors"]):
        cid = store.add_customer(name).id
        if name != "Bob Baker":
            store.add_contract(cid, day - timedelta(days=i), day + timedelta(days=i))
            covered[name] = cid
    assert [c.name for c in store.customers_with_active_contract(day)] == ["100% Motors", "Ann Able", "Anna Baker"]
    assert [c.name for c in store.customers_with_active_contract(day, "ann")] == ["Ann Able", "Anna Baker"]
    assert [c.name for c in store.customers_with_active_contract(day, "%")] == ["100% Motors"]
    assert [c.name for c in store.customers_with_active_contract(day + timedelta(days=1))] == ["100% Motors",
                                                                                              "Anna Baker"]
    assert store.customers_with_active_contract(day, "Bob") == []
    assert len(store.customers_with_active_contract(day, limit=1)) == 1


# --- settings --------------------------------------------------------------------------------------------

def test_the_capacity_setting_starts_at_three_and_persists(store, sqlite_url):
    boss = store.add_employee("Maria Manager", "manager").id
    assert store.capacity_limit() == 3
    store.set_capacity_limit(7, boss)
    assert raw_rows(sqlite_url, "SELECT value FROM settings WHERE key = 'capacity_limit'") == [("7",)]
    from repair_desktop.store import Store

    again = Store.open(sqlite_url)
    try:
        assert again.capacity_limit() == 7
    finally:
        again.close()
