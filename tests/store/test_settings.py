"""Shop settings: the capacity limit and the shop's name, the manager's only, range-checked and audited."""

from datetime import time

import pytest

from support.store_helpers import raises_exactly

from repair_desktop.domain.errors import PermissionDenied, ValidationError
from repair_desktop.store import Store


def test_the_capacity_limit_starts_at_three_and_persists(any_store):
    boss = any_store.add_employee("Maria Manager", "manager").id
    assert any_store.capacity_limit() == 3
    any_store.set_capacity_limit(7, boss)
    again = Store.open(any_store.url)
    try:
        assert again.capacity_limit() == 7 == again.settings().capacity_limit
    finally:
        again.close()


@pytest.mark.parametrize("limit", [0, 11, -1, "x", None, 2.5j])
def test_the_capacity_limit_is_one_to_ten(store, limit):
    boss = store.add_employee("Maria Manager", "manager").id
    error = raises_exactly(ValidationError, store.set_capacity_limit, limit, boss)
    assert "between 1 and 10" in str(error)
    assert store.capacity_limit() == 3


def test_the_ends_of_the_capacity_range_are_allowed(store):
    boss = store.add_employee("Maria Manager", "manager").id
    for limit in (1, 10, "4"):
        store.set_capacity_limit(limit, boss)
        assert store.capacity_limit() == int(limit)


def test_the_shop_names_itself(any_store):
    boss = any_store.add_employee("Maria Manager", "manager").id
    assert any_store.shop_name() == "" == any_store.settings().shop_name
    any_store.set_shop_name("  Joe's Garage ", boss)
    assert any_store.shop_name() == "Joe's Garage"
    raises_exactly(ValidationError, any_store.set_shop_name, "x" * 201, boss)
    raises_exactly(ValidationError, any_store.set_shop_name, "Bad\x07Name", boss)
    any_store.set_shop_name(" ", boss)  # blank: no name again
    assert any_store.shop_name() == ""


def test_settings_are_the_managers(shop):
    for actor in (shop.desk, shop.techs[0], 9999):
        raises_exactly(PermissionDenied, shop.store.set_capacity_limit, 5, actor)
        raises_exactly(PermissionDenied, shop.store.set_shop_name, "Mine", actor)
    shop.store.set_employee_active(shop.desk2, False, shop.manager)
    shop.store.update_employee(shop.desk, shop.manager, role="manager")
    shop.store.set_capacity_limit(5, shop.desk)  # a manager now
    assert shop.store.capacity_limit() == 5


def test_settings_changes_are_audited(any_store):
    boss = any_store.add_employee("Maria Manager", "manager").id
    any_store.set_capacity_limit(5, boss)
    any_store.set_capacity_limit(5, boss)  # the same: nothing to record
    any_store.set_shop_name("Joe's Garage", boss)
    any_store.set_shop_name(None, boss)
    assert [(e.field, e.old, e.new, e.actor_name) for e in any_store.audit("settings")] == [
        ("capacity_limit", "3", "5", "Maria Manager"), ("shop_name", None, "Joe's Garage", "Maria Manager"),
        ("shop_name", "Joe's Garage", None, "Maria Manager")]


def test_a_settings_change_is_on_the_change_feed(store):
    boss = store.add_employee("Maria Manager", "manager").id
    start = store.latest_change_id()
    store.set_shop_name("Joe's Garage", boss)
    assert store.changes_since(start)[1] == [("settings", 0)]


def test_opening_hours_changes_are_audited_as_the_manager_reads_them(any_store):
    boss = any_store.add_employee("Maria Manager", "manager").id
    defaults = any_store.opening_hours()
    any_store.set_opening_hours(defaults, boss)  # the hours the shop already keeps: nothing to record
    assert any_store.audit("settings") == []
    start = any_store.latest_change_id()
    later = {**defaults, 0: (time(9, 30), time(18)), 5: None}
    any_store.set_opening_hours(later, boss)
    any_store.set_opening_hours(later, boss)
    assert any_store.changes_since(start)[1] == [("settings", 0)]
    assert [(e.field, e.old, e.new, e.actor_name) for e in any_store.audit("settings")] == [
        ("opening_hours", "Mon-Fri 08:00-17:00, Sat 08:00-12:00, Sun closed",
         "Mon 09:30-18:00, Tue-Fri 08:00-17:00, Sat-Sun closed", "Maria Manager")]


def test_a_refused_opening_hours_change_writes_no_audit_line(shop):
    raises_exactly(PermissionDenied, shop.store.set_opening_hours, {0: (time(8), time(12))}, shop.desk)
    raises_exactly(ValidationError, shop.store.set_opening_hours, {0: (time(12), time(8))}, shop.manager)
    assert shop.store.audit("settings") == []
