"""Who may do what in running the shop, act by act and role by role, on SQLite and PostgreSQL: the staff and the
settings are the manager's; customers, vehicles and contracts are the front desk's and the manager's; a
technician does none of it, and someone who left (deactivated) nothing at all. A refusal changes nothing."""

from datetime import date

import pytest

from support.store_helpers import raises_exactly

from repair_desktop.domain.errors import PermissionDenied

MANAGER, DESK, TECH, GONE = "manager", "desk", "technician", "deactivated"
ACTS = {  # act: the roles that may do it
    "add an employee": {MANAGER},
    "rename an employee": {MANAGER},
    "reactivate an employee": {MANAGER},
    "set someone else's PIN": {MANAGER},
    "set the capacity limit": {MANAGER},
    "rename the shop": {MANAGER},
    "set the opening hours": {MANAGER},
    "set the deadline targets": {MANAGER},
    "add a customer": {MANAGER, DESK},
    "edit a customer": {MANAGER, DESK},
    "add a vehicle": {MANAGER, DESK},
    "edit a vehicle": {MANAGER, DESK},
    "add a contract": {MANAGER, DESK},
}


def _do(shop, act: str, actor: int, n: int) -> None:
    store, other = shop.store, shop.techs[2]
    calls = {
        "add an employee": lambda: store.add_employee(f"New Person {n}", "technician", actor=actor),
        "rename an employee": lambda: store.update_employee(other, actor, name=f"Tech Renamed {n}"),
        "reactivate an employee": lambda: store.set_employee_active(other, True, actor),
        "set someone else's PIN": lambda: store.set_secret(other, f"{n:04d}", actor),
        "set the capacity limit": lambda: store.set_capacity_limit(4 + n % 2, actor),
        "rename the shop": lambda: store.set_shop_name(f"Shop {n}", actor),
        "set the opening hours": lambda: store.set_opening_hours(store.opening_hours(), actor),
        "set the deadline targets": lambda: store.set_deadline_targets(store.deadline_targets(), actor),
        "add a customer": lambda: store.add_customer(f"Customer {n}", actor=actor),
        "edit a customer": lambda: store.update_customer(shop.customer, actor, phone=f"555-{n:04d}"),
        "add a vehicle": lambda: store.add_vehicle(shop.customer, "Kia", "Rio", f"RIO {n}", actor=actor),
        "edit a vehicle": lambda: store.update_vehicle(shop.vehicle, actor, plate=f"AB{n} CDE"),
        "add a contract": lambda: store.add_contract(shop.customer, date(2028, 1, 1), date(2028, 12, 31),
                                                     actor=actor),
    }
    calls[act]()


def _snapshot(shop) -> tuple:
    store = shop.store
    return (sorted((e.name, e.role, e.active) for e in store.employees(include_inactive=True)), store.settings(),
            store.opening_hours(), store.deadline_targets(), [(c.name, c.phone) for c in store.find_customers()],
            [(v.plate, v.version) for v in store.vehicles(shop.customer)], len(store.contracts(shop.customer)))


@pytest.mark.parametrize("act", list(ACTS))
def test_each_act_is_allowed_to_its_roles_only(any_shop, act):
    shop = any_shop
    store = shop.store
    store.set_employee_active(shop.desk2, False, shop.manager)  # a clerk who left
    actors = {MANAGER: shop.manager, DESK: shop.desk, TECH: shop.techs[0], GONE: shop.desk2}
    for n, (role, actor) in enumerate(actors.items()):
        if role in ACTS[act]:
            _do(shop, act, actor, n)
        else:
            before = _snapshot(shop)
            raises_exactly(PermissionDenied, _do, shop, act, actor, n)
            assert _snapshot(shop) == before, (act, role)
