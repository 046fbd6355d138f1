"""Staff: the first manager, who may add and change employees, the rules that keep a shop workable, sign-in, PINs
and the audit lines every change writes; on SQLite and PostgreSQL."""

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest
from sqlalchemy.engine import make_url

from support.store_helpers import T0, appointment_in, callback_in, raises_exactly

from repair_desktop.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from repair_desktop.domain.statuses import AppointmentStatus as A, CallbackStatus as C, Role


@pytest.fixture
def boss(any_store) -> int:
    return any_store.add_employee("Maria Manager", "manager").id


def fields(entries) -> list[tuple]:
    return [(e.field, e.old, e.new, e.actor_name) for e in entries]


# --- who may add employees ---------------------------------------------------------------------------

def test_the_first_manager_needs_no_actor_and_everyone_after_needs_a_manager(any_store):
    store = any_store
    raises_exactly(PermissionDenied, store.add_employee, "Tom Turner", "technician")  # the manager comes first
    boss = store.add_employee("Maria Manager", "manager", "1234")
    assert (boss.name, boss.role, boss.active, boss.version) == ("Maria Manager", "manager", True, 1)
    error = raises_exactly(PermissionDenied, store.add_employee, "Max Manager", "manager")
    assert "manager" in str(error)
    raises_exactly(PermissionDenied, store.add_employee, "Tom Turner", "technician")
    tom = store.add_employee("Tom Turner", "technician", "1", actor=boss.id)
    desk = store.add_employee("Dan Desk", "front_desk", actor=boss.id)
    raises_exactly(PermissionDenied, store.add_employee, "Ada Able", "technician", actor=tom.id)
    raises_exactly(PermissionDenied, store.add_employee, "Ada Able", "technician", actor=desk.id)
    raises_exactly(PermissionDenied, store.add_employee, "Ada Able", "technician", actor=9999)
    assert [e.name for e in store.employees()] == ["Dan Desk", "Maria Manager", "Tom Turner"]


def test_a_shop_without_an_active_manager_may_add_one_with_no_actor(any_store, sqlite_url):
    """A database filled by a script before managers were required: its manager can still be created."""
    store = any_store
    boss = store.add_employee("Maria Manager", "manager").id
    store.add_employee("Tom Turner", "technician", actor=boss)
    with store.write_engine.begin() as connection:  # a script's doing, behind the store's back
        connection.exec_driver_sql("UPDATE employees SET role = 'technician' WHERE name = 'Maria Manager'")
    assert store.add_employee("Nina New", "manager").role == "manager"
    raises_exactly(PermissionDenied, store.add_employee, "Ned Next", "manager")


@pytest.mark.parametrize("name, role", [("", "technician"), ("  ", "manager"), (None, "manager"),
                                        ("Sam", "boss"), ("Sam", ""), ("Sam", None), ("x" * 201, "manager"),
                                        ("Sam\x00", "manager")])
def test_an_employee_needs_a_name_and_a_known_role(any_store, name, role):
    raises_exactly(ValidationError, any_store.add_employee, name, role)
    assert any_store.employees(include_inactive=True) == []


def test_names_are_unique_so_sign_in_is_unambiguous(any_store, boss):
    any_store.add_employee("  Tom Turner ", "technician", actor=boss)
    error = raises_exactly(ValidationError, any_store.add_employee, "Tom Turner", "manager", actor=boss)
    assert "Tom Turner" in str(error)
    raises_exactly(ValidationError, any_store.update_employee, boss, boss, name="Tom Turner")


def test_employees_by_role_and_name(any_store, boss):
    store = any_store
    tom = store.add_employee("  Tom Turner ", "technician", actor=boss)
    store.add_employee("Ada Able", Role.TECHNICIAN, actor=boss)
    assert (tom.name, tom.role) == ("Tom Turner", "technician") and tom.role is Role.TECHNICIAN
    assert [e.name for e in store.employees()] == ["Ada Able", "Maria Manager", "Tom Turner"]
    assert [e.name for e in store.employees(role="technician")] == ["Ada Able", "Tom Turner"]
    store.set_employee_active(tom.id, False, boss)
    assert [e.name for e in store.employees(role="technician")] == ["Ada Able"]
    assert [e.name for e in store.employees(include_inactive=True)] == ["Ada Able", "Maria Manager", "Tom Turner"]
    assert store.employee(tom.id).name == "Tom Turner"
    raises_exactly(NotFound, store.employee, 9999)


# --- changing an employee -------------------------------------------------------------------------------

def test_a_manager_renames_and_changes_roles(any_store, boss):
    store = any_store
    dan = store.add_employee("Dan Desk", "front_desk", actor=boss)
    tom = store.add_employee("Tom Turner", "technician", actor=boss).id
    changed = store.update_employee(dan.id, boss, name=" Daniel Desk ", role="manager", expected_version=dan.version)
    assert (changed.name, changed.role, changed.version) == ("Daniel Desk", "manager", dan.version + 1)
    assert store.update_employee(dan.id, boss).version == dan.version + 1  # nothing given: nothing changes
    raises_exactly(PermissionDenied, store.update_employee, dan.id, tom, name="Dan")
    raises_exactly(ValidationError, store.update_employee, dan.id, boss, role="boss")
    raises_exactly(ValidationError, store.update_employee, dan.id, boss, name=" ")
    raises_exactly(NotFound, store.update_employee, 9999, boss, name="Nobody")


def test_a_stale_edit_names_who_saved_first(any_store, boss):
    store = any_store
    other = store.add_employee("Mo Manager", "manager", actor=boss).id
    dan = store.add_employee("Dan Desk", "front_desk", actor=boss)
    store.update_employee(dan.id, other, name="Daniel Desk", expected_version=dan.version)
    error = raises_exactly(ConflictError, store.update_employee, dan.id, boss, role="manager",
                           expected_version=dan.version)
    assert error.changed_by == "Mo Manager" and "Mo Manager" in str(error)
    assert store.employee(dan.id).role == "front_desk"


def test_the_last_active_manager_can_be_neither_deactivated_nor_demoted(any_store, boss):
    store = any_store
    for refused in (lambda: store.set_employee_active(boss, False, boss),
                    lambda: store.update_employee(boss, boss, role="front_desk")):
        error = raises_exactly(ValidationError, refused)
        assert "only active manager" in str(error)
    second = store.add_employee("Mo Manager", "manager", actor=boss).id
    store.update_employee(second, boss, role="technician")  # two managers: one may go
    store.update_employee(second, boss, role="manager")
    store.set_employee_active(boss, False, second)
    raises_exactly(ValidationError, store.set_employee_active, second, False, second)
    raises_exactly(PermissionDenied, store.set_employee_active, boss, True, boss)  # deactivated: can't act
    for unclear in ["no", None, 0, 2]:
        raises_exactly(ValidationError, store.set_employee_active, boss, unclear, second)
    assert not store.employee(boss).active
    store.set_employee_active(boss, True, second)
    assert {e.name for e in store.employees(role="manager")} == {"Maria Manager", "Mo Manager"}


def test_a_technician_holding_jobs_stays_until_they_are_handed_over_and_the_refusal_names_them(any_shop):
    shop = any_shop
    store, tech = shop.store, shop.techs[0]
    appointment_in(shop, A.COMPLETED, tech)  # finished work doesn't hold them
    job = appointment_in(shop, A.IN_PROGRESS, tech)
    assigned = appointment_in(shop, A.ASSIGNED, tech)
    callback = callback_in(shop, C.OPEN, tech)
    number = store.callback(callback).job_number
    for refused in (lambda: store.set_employee_active(tech, False, shop.manager),
                    lambda: store.update_employee(tech, shop.manager, role="front_desk")):
        message = str(raises_exactly(ValidationError, refused))
        assert "3 active jobs" in message
        assert f"#{job} Brakes squeal (VW Golf AB12 CDE)" in message and f"#{assigned} " in message
        assert number in message
    store.complete_work(job, shop.manager)
    store.unassign(assigned, shop.desk)
    store.release_callback(callback, shop.desk)
    store.set_employee_active(tech, False, shop.manager)
    assert tech not in {t.technician_id for t in store.workload().technicians}


def test_a_deactivated_employee_cannot_sign_in_or_be_picked_but_keeps_their_history(any_shop):
    shop = any_shop
    store, tech = shop.store, shop.techs[0]
    job = appointment_in(shop, A.COMPLETED, tech)
    store.set_secret(tech, "1111", shop.manager)
    store.set_employee_active(tech, False, shop.manager)
    error = raises_exactly(PermissionDenied, store.authenticate, tech, "1111")
    assert "Tech A" in str(error)
    assert tech not in [e.id for e in store.available_technicians()]
    assert tech not in [e.id for e in store.employees()]
    assert tech in [e.actor_id for e in store.history("appointment", job)]
    raises_exactly(ValidationError, store.assign_technician, shop.book(), tech, shop.desk)
    raises_exactly(PermissionDenied, store.set_secret, tech, "2222", tech)
    store.set_employee_active(tech, True, shop.manager)
    assert store.authenticate(tech, "1111").id == tech
    assert tech in [e.id for e in store.available_technicians()]


def test_only_a_manager_changes_who_works_here(any_shop):
    shop = any_shop
    store = shop.store
    for actor in (shop.desk, shop.techs[1]):
        raises_exactly(PermissionDenied, store.set_employee_active, shop.techs[0], False, actor)
        raises_exactly(PermissionDenied, store.update_employee, shop.techs[0], actor, name="X")
    raises_exactly(NotFound, store.set_employee_active, 9999, False, shop.manager)


def test_the_staff_list_shows_pins_and_loads(any_shop):
    shop = any_shop
    store = shop.store
    appointment_in(shop, A.ASSIGNED, shop.techs[0])
    callback_in(shop, C.IN_PROGRESS, shop.techs[0])
    store.set_secret(shop.techs[1], "1111", shop.manager)
    store.set_employee_active(shop.techs[2], False, shop.manager)
    rows = {m.name: m for m in store.staff()}
    assert [m.name for m in store.staff()] == sorted(rows)
    assert (rows["Tech A"].active_jobs, rows["Tech A"].has_pin) == (2, False)
    assert (rows["Tech B"].active_jobs, rows["Tech B"].has_pin) == (0, True)
    assert rows["Tech C"].active is False and rows["Maria Manager"].role == "manager"


# --- sign-in and PINs -------------------------------------------------------------------------------

def test_sign_in_with_the_right_pin_only(any_store):
    tom = any_store.add_employee("Tom Turner", "manager", secret="4711").id
    assert any_store.authenticate(tom, "4711").name == "Tom Turner"
    for wrong in ["4712", "", None, " 4711", "4711 ", "47110"]:
        error = raises_exactly(PermissionDenied, any_store.authenticate, tom, wrong)
        assert "don't match" in str(error)
    raises_exactly(PermissionDenied, any_store.authenticate, 9999, "4711")


def test_someone_without_a_pin_signs_in_with_none(any_store, boss):
    ada = any_store.add_employee("Ada Able", "technician", actor=boss).id
    assert any_store.authenticate(ada, None).id == ada
    assert any_store.authenticate(ada, "").id == ada
    raises_exactly(PermissionDenied, any_store.authenticate, ada, "1234")


def test_secrets_are_stored_only_as_salted_hashes(store, sqlite_url):
    boss = store.add_employee("Åsa Öberg", "manager", secret="pässwörd ✓").id
    store.add_employee("Tom Turner", "technician", secret="4711", actor=boss)
    store.add_employee("Ada Able", "technician", secret="4711", actor=boss)
    with closing(sqlite3.connect(make_url(sqlite_url).database)) as raw:
        hashes = [h for (h,) in raw.execute("SELECT secret_hash FROM employees ORDER BY id")]
        dump = "\n".join(str(r) for table in ("employees", "audit_lines") for r in raw.execute(f"SELECT * FROM {table}"))
    assert all(h.startswith("scrypt$") for h in hashes)
    assert hashes[1] != hashes[2], "the same PIN hashes differently for two people (salt)"
    assert "4711" not in dump and "pässwörd" not in dump
    assert store.authenticate(boss, "pässwörd ✓").name == "Åsa Öberg"


def test_pins_are_changed_by_their_owner_or_a_manager(any_store, boss):
    store = any_store
    tom = store.add_employee("Tom Turner", "technician", secret="1", actor=boss).id
    ada = store.add_employee("Ada Able", "technician", secret="2", actor=boss).id
    store.set_secret(tom, "1111", tom)
    assert store.authenticate(tom, "1111").id == tom
    raises_exactly(PermissionDenied, store.set_secret, tom, "2222", ada)
    raises_exactly(PermissionDenied, store.authenticate, tom, "2222")
    store.set_secret(tom, "3333", boss)
    assert store.authenticate(tom, "3333").id == tom
    store.set_secret(ada, None, boss)  # cleared: signs in without one
    assert store.authenticate(ada, None).id == ada
    store.set_secret(tom, "", tom)
    assert store.authenticate(tom, "").id == tom
    raises_exactly(ValidationError, store.set_secret, tom, "9" * 201, tom)


# --- audit --------------------------------------------------------------------------------------------

def test_every_staff_change_writes_audit_lines_oldest_first(any_store):
    store = any_store
    boss = store.add_employee("Maria Manager", "manager", "9").id
    tom = store.add_employee("Tom Turner", "technician", "1", actor=boss).id
    store.update_employee(tom, boss, name="Tom T. Turner", role="front_desk")
    store.set_employee_active(tom, False, boss)
    store.set_employee_active(tom, False, boss)  # already so: nothing to record
    store.set_employee_active(tom, True, boss)
    store.set_secret(tom, "2", tom)
    store.set_secret(tom, None, boss)
    assert fields(store.audit("employee", tom)) == [
        ("created", None, "Tom Turner, Technician", "Maria Manager"), ("pin", None, "set", "Maria Manager"),
        ("name", "Tom Turner", "Tom T. Turner", "Maria Manager"),
        ("role", "technician", "front_desk", "Maria Manager"),
        ("active", "True", "False", "Maria Manager"), ("active", "False", "True", "Maria Manager"),
        ("pin", "set", "changed", "Tom T. Turner"), ("pin", "set", None, "Maria Manager")]
    assert fields(store.audit("employee", boss))[0] == ("created", None, "Maria Manager, Manager", None)
    assert store.audit("employee", 9999) == []


def test_audit_lines_carry_the_stores_clock(clocked_store, clock):
    boss = clocked_store.add_employee("Maria Manager", "manager").id
    clock.advance(minutes=5)
    clocked_store.update_employee(boss, boss, name="Maria M. Manager")
    assert [e.at for e in clocked_store.audit("employee", boss)] == [T0, T0 + timedelta(minutes=5)]
