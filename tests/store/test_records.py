"""What store methods return: plain frozen records with every column of their table, never ORM objects."""

import dataclasses
from datetime import date, datetime

import pytest
from sqlalchemy import String, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from support.store_helpers import T0, Shop

from repair_desktop.store import (AppointmentRecord, CallbackRecord, ContractRecord, CustomerRecord, EmployeeRecord,
                                  StatusEventRecord, VehicleRecord)
from repair_desktop.store import models
from repair_desktop.store.rows import records

RECORDS = {AppointmentRecord: models.Appointment, CallbackRecord: models.Callback, CustomerRecord: models.Customer,
           ContractRecord: models.MaintenanceContract, VehicleRecord: models.Vehicle,
           StatusEventRecord: models.StatusEvent}


@pytest.mark.parametrize("record, model", RECORDS.items(), ids=lambda v: v.__name__)
def test_a_record_has_every_column_of_its_table_under_its_name(record, model):
    assert [f.name for f in dataclasses.fields(record)] == [c.key for c in inspect(model).column_attrs]


def test_an_employee_record_says_whether_a_pin_is_set_but_never_carries_its_hash(store):
    with_pin = store.add_employee("Maria Manager", "manager", "1234")
    without = store.add_employee("Dan Desk", "front_desk", actor=with_pin.id)
    assert isinstance(with_pin, EmployeeRecord)
    assert (with_pin.has_secret, without.has_secret) == (True, False)
    names = {f.name for f in dataclasses.fields(EmployeeRecord)}
    assert "secret_hash" not in names and not any("hash" in repr(e) for e in store.employees())
    assert names >= {"id", "name", "role", "active", "created_at"}


def test_records_are_frozen(shop: Shop):
    appointment = shop.store.book_appointment(shop.vehicle, T0, "Brakes squeal", shop.desk)
    with pytest.raises(dataclasses.FrozenInstanceError):
        appointment.status = "completed"


def test_no_orm_object_leaves_the_store(shop: Shop):
    s = shop.store
    appointment = s.assign_technician(shop.book(), shop.techs[0], shop.desk)
    callback = s.claim_callback(shop.new_callback(), shop.techs[1])
    returned = [appointment, callback, s.customer(shop.customer), *s.vehicles(shop.customer),
                *s.contracts(shop.customer), *s.employees(), *s.available_technicians(),
                *s.history("appointment", appointment.id), *s.my_callbacks(shop.techs[1]),
                *s.find_customers("Ann"), *s.customers_with_active_contract(date(2026, 3, 2))]
    assert returned and all(type(r).__module__ == records.__name__ for r in returned)
    assert not any(isinstance(r, models.Base) for r in returned)


def test_a_record_carries_the_version_and_times_the_change_wrote(shop: Shop):
    appointment = shop.store.assign_technician(shop.book(), shop.techs[0], shop.desk)
    assert (appointment.status, appointment.technician_id, appointment.version) == ("assigned", shop.techs[0], 2)
    assert isinstance(appointment.assigned_at, datetime) and appointment.updated_by == shop.desk
    edited = shop.store.update_appointment(appointment.id, shop.desk, concern="Brakes and tyres")
    assert (edited.concern, edited.version) == ("Brakes and tyres", 3)


class _Scratch(DeclarativeBase):
    pass


class _Gadget(_Scratch):
    __tablename__ = "gadgets"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(20))
    serviced_on: Mapped[date | None]
    token: Mapped[str | None]


def test_a_record_follows_the_columns_of_its_table_with_nothing_to_add():
    gadget_record = records._record("GadgetRecord", _Gadget, "A gadget.", hidden=("token",),
                                    computed={"has_token": (bool, lambda g: g.token is not None)})
    try:
        fields = {f.name: f.type for f in dataclasses.fields(gadget_record)}
        assert fields == {"id": int, "label": str, "serviced_on": date | None, "has_token": bool}
        record = records.plain(_Gadget(id=1, label="jack", serviced_on=None, token="x"))
        assert record == gadget_record(id=1, label="jack", serviced_on=None, has_token=True)
        assert records.plain([_Gadget(id=2, label="lift", token=None)])[0].has_token is False
    finally:
        del records._MAKERS[_Gadget]
