"""A customer's changes: their own, their vehicles' and their contracts', newest first, each naming its record and
who made it, a page at a time; another customer's changes never show. On SQLite and PostgreSQL."""

from datetime import date


def lines(page) -> list[tuple]:
    return [(c.kind, c.record, c.field, c.old, c.new, c.actor_name) for c in page.rows]


def test_the_customers_vehicles_and_contracts_changes_newest_first(any_store):
    s = any_store
    boss = s.add_employee("Maria Manager", "manager").id
    desk = s.add_employee("Fran Desk", "front_desk", actor=boss).id
    ann = s.add_customer("Ann Able", actor=desk).id
    other = s.add_customer("Bob Baker", actor=desk).id
    car = s.add_vehicle(ann, "Ford", "Focus", "AB1 CDE", actor=desk).id
    s.add_vehicle(other, "VW", "Golf", "ZZ9 ZZZ", actor=desk)  # someone else's: not on Ann's page
    deal = s.add_contract(ann, date(2026, 1, 1), date(2026, 12, 31), actor=desk).id
    s.update_customer(ann, boss, phone="555-0100")
    s.update_vehicle(car, desk, plate="AB1 CDF")
    s.renew_contract(deal, date(2027, 12, 31), boss)
    page = s.customer_changes(ann)
    assert lines(page) == [
        ("contract", "AMC contract from 2026-01-01", "ends_on", "2026-12-31", "2027-12-31", "Maria Manager"),
        ("vehicle", "Ford Focus (AB1 CDF)", "plate", "AB1 CDE", "AB1 CDF", "Fran Desk"),
        ("customer", "details", "phone", None, "555-0100", "Maria Manager"),
        ("contract", "AMC contract from 2026-01-01", "created", None, "AMC 2026-01-01 to 2026-12-31", "Fran Desk"),
        ("vehicle", "Ford Focus (AB1 CDF)", "created", None, "Ford Focus (AB1 CDE)", "Fran Desk"),
        ("customer", "details", "created", None, "Ann Able", "Fran Desk")]
    assert page.next_cursor is None
    assert [c.entity_id for c in page.rows if c.kind == "vehicle"] == [car, car]
    assert [(c.kind, c.record) for c in s.customer_changes(other).rows] == [("vehicle", "VW Golf (ZZ9 ZZZ)"),
                                                                            ("customer", "details")]
    assert s.customer_changes(9999).rows == []


def test_a_long_history_is_read_a_page_at_a_time(store):
    boss = store.add_employee("Maria Manager", "manager").id
    ann = store.add_customer("Ann Able").id
    for n in range(7):
        store.update_customer(ann, boss, phone=f"555-010{n}")
    first = store.customer_changes(ann, limit=3)
    assert [c.new for c in first.rows] == ["555-0106", "555-0105", "555-0104"]
    second = store.customer_changes(ann, after=first.next_cursor, limit=3)
    third = store.customer_changes(ann, after=second.next_cursor, limit=3)
    assert [c.new for c in second.rows + third.rows] == ["555-0103", "555-0102", "555-0101", "555-0100", "Ann Able"]
    assert third.next_cursor is None
