"""Who is on a callback: the claimer, then helpers."""

from datetime import date, datetime, time, timedelta

import pytest

from repair_desktop.store import Store


@pytest.fixture
def shop(store: Store):
    boss = store.add_employee("Boss", "manager").id
    desk = store.add_employee("Desk", "front_desk", actor=boss)
    tom = store.add_employee("Tom Tech", "technician", actor=boss)
    tara = store.add_employee("Tara Tech", "technician", actor=boss)
    ann = store.add_customer("Ann")
    store.add_contract(ann.id, date.today() - timedelta(days=10), date.today() + timedelta(days=100))
    at = datetime.combine(date.today(), time(15))

    def create(priority: str) -> int:
        return store.create_callback(ann.id, at, f"A {priority} job", priority, desk.id).id

    return store, desk.id, tom.id, tara.id, create


def test_technicians_on_a_job_are_the_claimer_then_helpers_in_the_order_they_joined(shop):
    store, desk, tom, tara, create = shop
    job = create("medium")
    assert store.callback_technicians(job) == []
    store.claim_callback(job, tom)
    assert store.callback_technicians(job) == ["Tom Tech"]
    store.add_helper(job, tara, desk)
    assert store.callback_technicians(job) == ["Tom Tech", "Tara Tech"]
    assert store.callback(job).technician_count == 2
    store.reassign_callback(job, tara, desk)  # the helper becomes the claimer, once
    assert store.callback_technicians(job) == ["Tara Tech"]
