"""Employees and sign-in, customers, vehicles, maintenance contracts and shop settings."""

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import PermissionDenied, ValidationError
from ..domain.limits import SECRET_TEXT, check_secret, check_year, clean_text
from ..domain.statuses import DESK_ROLES, Role
from .base import reads, writes
from .capacity import CapacityMixin
from .models import Customer, Employee, MaintenanceContract, Setting, Vehicle
from .rows import ContractRecord, CustomerRecord, EmployeeRecord, VehicleRecord
from .search import search_words
from .security import hash_secret, verify_secret

_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{5,17}")  # 17 since 1981; older cars have shorter ones
MANAGERS = frozenset({Role.MANAGER})


def _upper(value: str | None) -> str | None:
    """Plates and VINs are kept in capitals, made before the length check: "ß" becomes "SS"."""
    return value.upper() if isinstance(value, str) else value


class PeopleMixin(CapacityMixin):
    # --- employees and sign-in ---------------------------------------------------------------

    @writes
    def add_employee(self, s: Session, name: str, role: str, secret: str | None = None) -> EmployeeRecord:
        name = clean_text(name, "employee's name", required=True)
        secret = check_secret(secret)
        try:
            role = Role(role)
        except ValueError:
            raise ValidationError(f"'{role}' is not a role; choose technician, front desk or manager.") from None
        if s.scalar(select(Employee.id).where(Employee.name == name)) is not None:
            raise ValidationError(f"There is already an employee called {name}; add a surname or initial.")
        employee = Employee(name=name, role=role, active=True, created_at=self._now(),
                            secret_hash=hash_secret(secret) if secret else None)
        s.add(employee)
        s.flush()
        return employee

    @writes
    def set_employee_active(self, s: Session, employee_id: int, active: bool, actor: int) -> EmployeeRecord:
        self._authorize(s, actor, MANAGERS, "change who works here")
        if not isinstance(active, bool):
            raise ValidationError("Please choose whether the employee is active: yes or no.")
        employee = self._get(s, Employee, employee_id, "employee", lock=True)
        employee.active = active
        return employee

    @writes
    def set_secret(self, s: Session, employee_id: int, secret: str | None, actor: int) -> None:
        """A manager sets anyone's PIN; everyone may change their own."""
        if actor != employee_id:
            self._authorize(s, actor, MANAGERS, "change someone else's PIN")
        employee = self._get(s, Employee, employee_id, "employee", lock=True)
        secret = check_secret(secret)
        employee.secret_hash = hash_secret(secret) if secret else None

    @reads
    def employees(self, s: Session, role: str | None = None, include_inactive: bool = False) -> list[EmployeeRecord]:
        stmt = select(Employee).order_by(Employee.name)
        if role is not None:
            stmt = stmt.where(Employee.role == Role(role))
        if not include_inactive:
            stmt = stmt.where(Employee.active.is_(True))
        return list(s.scalars(stmt))

    @reads
    def employee(self, s: Session, employee_id: int) -> EmployeeRecord:
        return self._get(s, Employee, employee_id, "employee")

    @reads
    def authenticate(self, s: Session, employee_id: int, secret: str | None) -> EmployeeRecord:
        """The employee when ``secret`` is right; an employee with no PIN set signs in with none.

        A secret no PIN could be (longer than any the store accepts, or not text) is simply wrong, refused
        before it is hashed.
        """
        employee = s.get(Employee, employee_id)
        wrong = PermissionDenied("That name and PIN don't match. Please try again.")
        possible = secret is None or (isinstance(secret, str) and len(secret) <= SECRET_TEXT)
        if employee is None or not employee.active or not possible:
            raise wrong
        if employee.secret_hash is None:
            if secret:
                raise wrong
            return employee
        if not secret or not verify_secret(secret, employee.secret_hash):
            raise wrong
        return employee

    # --- customers and vehicles ----------------------------------------------------------------

    @writes
    def add_customer(self, s: Session, name: str, phone: str | None = None, email: str | None = None,
                     address: str | None = None) -> CustomerRecord:
        name = clean_text(name, "customer's name", required=True)
        phone = clean_text(phone, "phone number")
        email = clean_text(email, "email address")
        if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise ValidationError(f"'{email}' doesn't look like an e-mail address.")
        customer = Customer(name=name, phone=phone, email=email, address=clean_text(address, "address"),
                            created_at=self._now())
        s.add(customer)
        s.flush()
        return customer

    @reads
    def customer(self, s: Session, customer_id: int) -> CustomerRecord:
        return self._get(s, Customer, customer_id, "customer")

    @reads
    def find_customers(self, s: Session, text: str = "", limit: int = 50) -> list[CustomerRecord]:
        stmt = select(Customer).order_by(Customer.name, Customer.id).limit(limit)
        for word in search_words(text):
            stmt = stmt.where(Customer.name.icontains(word, autoescape=True)
                              | Customer.phone.icontains(word, autoescape=True))
        return list(s.scalars(stmt))

    @writes
    def add_vehicle(self, s: Session, customer_id: int, make: str, model: str, plate: str,
                    year: int | None = None, vin: str | None = None) -> VehicleRecord:
        self._get(s, Customer, customer_id, "customer")
        make = clean_text(make, "make", required=True)
        model = clean_text(model, "model", required=True)
        plate = clean_text(_upper(plate), "number plate", required=True)
        year = check_year(year, self._now())
        vin = clean_text(_upper(vin), "VIN")
        if vin is not None and not _VIN.fullmatch(vin):
            raise ValidationError("A VIN has up to 17 letters and digits (never I, O or Q).")
        vehicle = Vehicle(customer_id=customer_id, make=make, model=model, plate=plate, year=year, vin=vin)
        s.add(vehicle)
        s.flush()
        return vehicle

    @reads
    def vehicles(self, s: Session, customer_id: int) -> list[VehicleRecord]:
        return list(s.scalars(select(Vehicle).where(Vehicle.customer_id == customer_id).order_by(Vehicle.id)))

    # --- maintenance contracts -----------------------------------------------------------------

    @writes
    def add_contract(self, s: Session, customer_id: int, starts_on: date, ends_on: date,
                     plan: str = "AMC") -> ContractRecord:
        self._get(s, Customer, customer_id, "customer")
        if not isinstance(starts_on, date) or not isinstance(ends_on, date):
            raise ValidationError("Please enter the date the contract starts and the date it ends.")
        if ends_on < starts_on:
            raise ValidationError("A contract can't end before it starts; check the dates.")
        contract = MaintenanceContract(customer_id=customer_id, plan=clean_text(plan, "plan", required=True),
                                       starts_on=starts_on, ends_on=ends_on, cancelled=False)
        s.add(contract)
        s.flush()
        return contract

    @writes
    def renew_contract(self, s: Session, contract_id: int, ends_on: date, actor: int) -> ContractRecord:
        self._authorize(s, actor, DESK_ROLES, "renew contracts")
        contract = self._get(s, MaintenanceContract, contract_id, "contract", lock=True)
        if not isinstance(ends_on, date):
            raise ValidationError("Please enter the date the renewed contract ends.")
        if ends_on < contract.starts_on:
            raise ValidationError("A contract can't end before it starts; check the dates.")
        contract.ends_on = ends_on
        contract.cancelled, contract.cancelled_at = False, None
        return contract

    @writes
    def cancel_contract(self, s: Session, contract_id: int, actor: int) -> ContractRecord:
        self._authorize(s, actor, DESK_ROLES, "cancel contracts")
        contract = self._get(s, MaintenanceContract, contract_id, "contract", lock=True)
        contract.cancelled, contract.cancelled_at = True, self._now()
        return contract

    @reads
    def contracts(self, s: Session, customer_id: int) -> list[ContractRecord]:
        return list(s.scalars(select(MaintenanceContract).where(MaintenanceContract.customer_id == customer_id)
                              .order_by(MaintenanceContract.starts_on.desc(), MaintenanceContract.id.desc())))

    @reads
    def customers_with_active_contract(self, s: Session, on: date, text: str = "", limit: int = 50) -> list[CustomerRecord]:
        """Customers a callback can be created for on ``on``: the callback form's picker."""
        stmt = (select(Customer).where(Customer.id.in_(self._active_contract_holders(on)))
                .order_by(Customer.name, Customer.id).limit(limit))
        for word in search_words(text):
            stmt = stmt.where(Customer.name.icontains(word, autoescape=True))
        return list(s.scalars(stmt))

    @staticmethod
    def _active_contract_holders(on: date):
        return select(MaintenanceContract.customer_id).where(
            MaintenanceContract.cancelled.is_(False),
            MaintenanceContract.starts_on <= on, MaintenanceContract.ends_on >= on)

    # --- shop settings -------------------------------------------------------------------------

    @reads
    def capacity_limit(self, s: Session) -> int:
        return self._capacity(s)

    @writes
    def set_capacity_limit(self, s: Session, limit: int, actor: int) -> None:
        """Lowering the limit never takes jobs away; it only stops new ones for those above it."""
        self._authorize(s, actor, MANAGERS, "change the capacity limit")
        try:
            limit = int(limit)
        except (TypeError, ValueError):
            limit = 0  # not a number: refused with the range below
        if not 1 <= limit <= 20:
            raise ValidationError("The capacity limit must be between 1 and 20 jobs per technician.")
        setting = s.get(Setting, "capacity_limit", with_for_update=True)
        if setting is None:
            s.add(Setting(key="capacity_limit", value=str(int(limit))))
        else:
            setting.value = str(int(limit))
