"""The customer directory: customers and vehicles, edits with versions and audit lines, finding as the desk types,
and a customer's own appointments and callbacks; on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import text

from support.store_helpers import HOSTILE_TEXTS, T0, raises_exactly

from repair_desktop.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from repair_desktop.store import AppointmentFilter, CallbackFilter


def names(page) -> list[str]:
    return [entry.name for entry in page.rows]


def found(store, words: str) -> list[str]:
    return names(store.search_customers(words, limit=500))


def audit_fields(store, kind: str, entity_id: int) -> list[tuple]:
    return [(e.field, e.old, e.new, e.actor_name) for e in store.audit(kind, entity_id)]


# --- customers and vehicles ------------------------------------------------------------------------------

def test_customers_are_stored_tidy(any_store):
    c = any_store.add_customer("  Ann Able ", phone=" 555-0100 ", email=" ann@example.com ", address="  ")
    got = any_store.customer(c.id)
    assert (got.name, got.phone, got.email, got.address, got.version) == (
        "Ann Able", "555-0100", "ann@example.com", None, 1)
    raises_exactly(NotFound, any_store.customer, 9999)


@pytest.mark.parametrize("name, email", [("", None), ("   ", None), (None, None), ("Ann", "not-an-email"),
                                         ("Ann", "ann@"), ("Ann", "a b@example.com"), ("x" * 201, None),
                                         ("Ann\x00", None)])
def test_a_customer_needs_a_name_and_a_plausible_email(store, name, email):
    raises_exactly(ValidationError, store.add_customer, name, email=email)
    assert store.find_customers() == []


def test_finding_customers_by_words_of_name_or_phone(store):
    names_ = ["Ann Able", "Bob Baker", *HOSTILE_TEXTS]
    for i, n in enumerate(names_):
        store.add_customer(n, phone=f"555-01{i:02d}")
    assert [c.name for c in store.find_customers()] == sorted(names_)
    assert [c.name for c in store.find_customers("ann")] == ["Ann Able"]
    assert [c.name for c in store.find_customers("baker 555")] == ["Bob Baker"]
    assert store.find_customers("baker 0100") == []  # every word must match
    assert [c.name for c in store.find_customers("%")] == ["100% Motors"]
    assert len(store.find_customers(limit=3)) == 3


def test_vehicles_belong_to_a_customer(any_store):
    c = any_store.add_customer("Ann Able").id
    golf = any_store.add_vehicle(c, " VW ", " Golf ", " ab12 cde ", year=2019, vin=" wvwzzz1kz8w123456 ")
    old = any_store.add_vehicle(c, "Morris", "Minor", "XYZ 1", year=1962, vin="M1234")
    assert (golf.make, golf.model, golf.plate, golf.year, golf.vin, golf.version) == (
        "VW", "Golf", "AB12 CDE", 2019, "WVWZZZ1KZ8W123456", 1)
    assert old.vin == "M1234"
    assert [v.id for v in any_store.vehicles(c)] == [golf.id, old.id]
    assert any_store.vehicle(golf.id).plate == "AB12 CDE"
    assert any_store.vehicles(9999) == []
    raises_exactly(NotFound, any_store.add_vehicle, 9999, "VW", "Golf", "AB12")
    raises_exactly(NotFound, any_store.vehicle, 9999)


@pytest.mark.parametrize("make, model, plate, year, vin", [
    ("", "Golf", "AB12", None, None), ("VW", " ", "AB12", None, None), ("VW", "Golf", "", None, None),
    ("VW", "Golf", None, None, None), ("VW", "Golf", "AB12", 1885, None),
    ("VW", "Golf", "AB12", date.today().year + 2, None), ("VW", "Golf", "AB12", "nineteen", None),
    ("VW", "Golf", "AB12", None, "WVWZZZ1KZ8W12345O"), ("VW", "Golf", "AB12", None, "WVWZZZ1KZ8W1234567"),
    ("VW", "Golf", "AB12", None, "W-1"), ("VW", "Golf", "AB12", None, "IOQ12"), ("V" * 201, "Golf", "AB12", None, None),
])
def test_vehicle_details_are_checked(store, make, model, plate, year, vin):
    c = store.add_customer("Ann Able").id
    raises_exactly(ValidationError, store.add_vehicle, c, make, model, plate, year=year, vin=vin)
    assert store.vehicles(c) == []


# --- editing -----------------------------------------------------------------------------------------------

def test_the_desk_edits_a_customer_field_by_field(any_shop):
    shop, store = any_shop, any_shop.store
    before = store.customer(shop.customer)
    after = store.update_customer(shop.customer, shop.desk, phone=" 555-0199 ", address="1 High St",
                                  expected_version=before.version)
    assert (after.name, after.phone, after.email, after.address, after.version) == (
        "Ann Customer", "555-0199", "ann@example.com", "1 High St", before.version + 1)
    after = store.update_customer(shop.customer, shop.manager, name="Ann Customer-Smith", email="")
    assert (after.name, after.email, after.phone) == ("Ann Customer-Smith", None, "555-0199")
    raises_exactly(ValidationError, store.update_customer, shop.customer, shop.desk, name=" ")
    raises_exactly(ValidationError, store.update_customer, shop.customer, shop.desk, email="nope")
    raises_exactly(ValidationError, store.update_customer, shop.customer, shop.desk, address="a" * 201)
    raises_exactly(PermissionDenied, store.update_customer, shop.customer, shop.techs[0], phone="1")
    raises_exactly(NotFound, store.update_customer, 9999, shop.desk, phone="1")
    assert store.customer(shop.customer).phone == "555-0199"


def test_the_desk_edits_a_vehicle(any_shop):
    shop, store = any_shop, any_shop.store
    v = store.vehicle(shop.vehicle)
    after = store.update_vehicle(shop.vehicle, shop.desk, plate=" xy99 zzz ", year=2020, vin="wvwzzz1kz8w123456",
                                 expected_version=v.version)
    assert (after.make, after.model, after.plate, after.year, after.vin, after.version) == (
        "VW", "Golf", "XY99 ZZZ", 2020, "WVWZZZ1KZ8W123456", v.version + 1)
    after = store.update_vehicle(shop.vehicle, shop.manager, make="Volkswagen", model="Golf GTI", year="", vin="")
    assert (after.make, after.model, after.year, after.vin) == ("Volkswagen", "Golf GTI", None, None)
    for bad in ({"plate": ""}, {"year": 1885}, {"vin": "IOQ12"}, {"make": " "}):
        raises_exactly(ValidationError, store.update_vehicle, shop.vehicle, shop.desk, **bad)
    raises_exactly(PermissionDenied, store.update_vehicle, shop.vehicle, shop.techs[0], plate="AB1")
    raises_exactly(NotFound, store.update_vehicle, 9999, shop.desk, plate="AB1")


def test_a_stale_customer_or_vehicle_edit_names_who_saved_first_and_changes_nothing(any_shop):
    shop, store = any_shop, any_shop.store
    customer, vehicle = store.customer(shop.customer), store.vehicle(shop.vehicle)
    store.update_customer(shop.customer, shop.desk2, phone="555-0111", expected_version=customer.version)
    error = raises_exactly(ConflictError, store.update_customer, shop.customer, shop.desk, phone="555-0222",
                           expected_version=customer.version)
    assert error.changed_by == "Dora Desk" and "Dora Desk" in str(error)
    store.update_vehicle(shop.vehicle, shop.manager, year=2018, expected_version=vehicle.version)
    error = raises_exactly(ConflictError, store.update_vehicle, shop.vehicle, shop.desk, year=2017,
                           expected_version=vehicle.version)
    assert error.changed_by == "Maria Manager"
    assert (store.customer(shop.customer).phone, store.vehicle(shop.vehicle).year) == ("555-0111", 2018)


def test_directory_changes_are_audited_with_old_and_new_values(any_shop):
    shop, store = any_shop, any_shop.store
    new = store.add_customer("Bob Baker", actor=shop.desk).id
    store.update_customer(new, shop.desk, name="Bob Baker", phone="555-0300")  # the name is unchanged
    car = store.add_vehicle(new, "Ford", "Focus", "FO12 CUS", actor=shop.desk).id
    store.update_vehicle(car, shop.manager, plate="FO12 CUT")
    assert audit_fields(store, "customer", new) == [("created", None, "Bob Baker", "Dan Desk"),
                                                    ("phone", None, "555-0300", "Dan Desk")]
    assert audit_fields(store, "vehicle", car) == [("created", None, "Ford Focus (FO12 CUS)", "Dan Desk"),
                                                   ("plate", "FO12 CUS", "FO12 CUT", "Maria Manager")]
    raises_exactly(PermissionDenied, store.add_customer, "Cy", actor=shop.techs[0])
    raises_exactly(PermissionDenied, store.add_vehicle, new, "VW", "Up", "UP1", actor=shop.techs[0])


def test_customer_and_vehicle_changes_are_on_the_change_feed(any_shop):
    shop, store = any_shop, any_shop.store
    start = store.latest_change_id()
    store.update_customer(shop.customer, shop.desk, phone="555-0111")
    store.update_vehicle(shop.vehicle, shop.desk, plate="NEW 1")
    contract = store.add_contract(shop.customer, date(2028, 1, 1), date(2028, 12, 31), actor=shop.desk).id
    assert store.changes_since(start)[1] == [("customer", shop.customer), ("contract", contract)]


# --- finding ----------------------------------------------------------------------------------------------

@pytest.fixture
def directory(any_store):
    s = any_store
    ann = s.add_customer("Ann Smith", "555-0100", "ann@example.com").id
    s.add_vehicle(ann, "Ford", "Focus", "AB12 CDE")
    s.add_vehicle(ann, "VW", "Golf", "XY99 ZZZ")
    s.add_customer("Bob Smithers", "+44 (20) 7946-0018", "bob@smithers.co.uk")
    s.add_customer("Carol Carter", None, "carol@example.com")
    for name in HOSTILE_TEXTS:
        s.add_customer(name)
    return s


def test_a_customer_is_found_by_any_part_of_name_phone_email_or_plate(directory):
    s = directory
    assert {"Ann Smith", "Bob Smithers", "Slash/Dot Cars"} <= set(found(s, "s")) and "Carol Carter" not in found(s, "s")
    assert found(s, "smi") == found(s, "SMITH") == ["Ann Smith", "Bob Smithers"]
    assert found(s, "smith ann") == ["Ann Smith"]  # every word
    assert found(s, "0100") == ["Ann Smith"]
    assert found(s, "2079460018") == ["Bob Smithers"]  # the phone's digits, whatever it was typed with
    assert found(s, "7946-0018") == ["Bob Smithers"]
    assert found(s, "example.com") == ["Ann Smith", "Carol Carter"]
    assert found(s, "xy99") == found(s, "xy99zzz") == found(s, "ZZZ") == ["Ann Smith"]
    assert found(s, "qqqq") == found(s, "zq") == []
    assert found(s, "%") == ["100% Motors"] and found(s, "_") == ["under_score Ltd"]
    assert found(s, "'; DROP TABLE appointments; --") == ["'; DROP TABLE appointments; --"]
    assert found(s, "Größe") == ["Zoë Größe"] and found(s, "センター") == ["日本車センター"]
    assert len(found(s, "")) == 3 + len(HOSTILE_TEXTS)
    entry = s.search_customers("ann").rows[0]
    assert (entry.phone, entry.email, entry.plates, entry.version) == (
        "555-0100", "ann@example.com", "AB12 CDE, XY99 ZZZ", 1)


def test_the_search_follows_every_change(directory):
    s = directory
    boss = s.add_employee("Maria Manager", "manager").id
    ann = s.search_customers("ann smith").rows[0].id
    s.update_customer(ann, boss, name="Ann Jones", phone="555-0999", email="")
    assert found(s, "smith") == ["Bob Smithers"] and found(s, "jones 0999") == ["Ann Jones"]
    assert found(s, "ann@example") == []
    focus = s.vehicles(ann)[0].id
    s.update_vehicle(focus, boss, plate="NEW 123")
    assert found(s, "new123") == ["Ann Jones"] and found(s, "ab12") == []
    carol = s.search_customers("carol").rows[0].id
    s.add_vehicle(carol, "Kia", "Rio", "KIA 1")
    assert found(s, "kia1") == ["Carol Carter"]
    with s.write_engine.begin() as connection:  # moved to another owner, then scrapped, behind the store's back
        connection.execute(text("UPDATE vehicles SET customer_id = :c WHERE id = :v"), {"c": carol, "v": focus})
    assert found(s, "new123") == ["Carol Carter"] and found(s, "xy99") == ["Ann Jones"]
    with s.write_engine.begin() as connection:
        connection.execute(text("DELETE FROM vehicles WHERE id = :v"), {"v": focus})
    assert found(s, "new123") == []


def test_the_directory_pages_by_name(directory):
    s = directory
    everyone = found(s, "")  # by name, in the database's own collation
    seen, after = [], None
    while True:
        page = s.search_customers("", after=after, limit=3)
        seen += names(page)
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == everyone


# --- a customer's page -------------------------------------------------------------------------------------

def test_a_customers_page_lists_their_own_appointments_and_callbacks(any_shop):
    shop, store = any_shop, any_shop.store
    other = store.add_customer("Zed Other").id
    other_car = store.add_vehicle(other, "Kia", "Rio", "KIA 1").id
    store.add_contract(other, date(2025, 1, 1), date(2027, 12, 31))
    mine = [shop.book("Brakes"), shop.book("Tyres")]
    store.book_appointment(other_car, T0, "Not Ann's", shop.desk)
    callback = shop.new_callback()
    shop.new_callback(customer=other)
    page = store.list_appointments(AppointmentFilter(customer_id=shop.customer), limit=10)
    assert sorted(r.id for r in page.rows) == sorted(mine)
    assert [r.id for r in store.list_callbacks(CallbackFilter(customer_id=shop.customer)).rows] == [callback]
    assert store.count_appointments(AppointmentFilter(customer_id=other)) == 1
