"""The customer directory: customers and their vehicles, finding them as the desk types, and a customer's page.

Customers and vehicles are the front desk's and the manager's to edit; each
edit checks the record's version (someone else may have saved first) and
writes audit lines. Adding a customer or a vehicle takes the actor as a
keyword: scripts that fill a shop may leave it out.

Finding: every word typed must appear, ignoring case, in the customer's name,
phone (also as bare digits), email or one of their vehicles' plates (also
without spaces). Migration 0007 keeps those joined into one line per customer
in a search table; the list is by name, a page at a time. Before the index,
the next ``DENSE_WINDOW`` customers by name are checked against the words: for
the first letters typed, and any common word, a page of matches is among them.
After that, SQLite narrows by its index as ``search.py`` does for jobs, and
PostgreSQL sorts the matching customers the index names (``directory_lookup.py``);
there, words a sample of the lines shows to be rare skip the window altogether.
"""

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.limits import check_year, clean_text
from ..domain.statuses import DESK_ROLES
from .audit import AuditMixin
from .models import Customer, Vehicle
from .paging import Page, after_clause, keyset_parts
from .search import DIRECTORY_SEARCH, search_words
from .base import reads, writes
from .directory_lookup import matching_page, sampled_counts

_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{5,17}")  # 17 since 1981; older cars have shorter ones
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: A directory page: what fills the list under the search box.
DIRECTORY_PAGE = 50
#: Customers read in name order, each checked against the words, before the search index is asked. Common words
#: ("smith", "example.com") fill a page within them at once, where the index would list tens of thousands of
#: candidates; rarer words fall through to the index, which names their few matches.
DENSE_WINDOW = 2_000


@dataclass(frozen=True)
class DirectoryEntry:
    """One customer in the directory's list."""

    id: int
    name: str
    phone: str | None
    email: str | None
    plates: str  # their vehicles' plates, comma-separated
    version: int


def _entry(row) -> DirectoryEntry:
    return DirectoryEntry(*row[:6])


def _plates() -> ColumnElement[str]:
    return (select(func.aggregate_strings(Vehicle.plate, ", ")).where(Vehicle.customer_id == Customer.id)
            .correlate(Customer).scalar_subquery())


def _email(value: str | None) -> str | None:
    email = clean_text(value, "email address")
    if email is not None and not _EMAIL.fullmatch(email):
        raise ValidationError(f"'{email}' doesn't look like an e-mail address.")
    return email


def _upper(value: str | None) -> str | None:
    """Plates and VINs are kept in capitals, made before the length check: "ß" becomes "SS"."""
    return value.upper() if isinstance(value, str) else value


def _vin(value: str | None) -> str | None:
    vin = clean_text(_upper(value), "VIN")
    if vin is not None and not _VIN.fullmatch(vin):
        raise ValidationError("A VIN has up to 17 letters and digits (never I, O or Q).")
    return vin


def _plate(value: str | None) -> str:
    return clean_text(_upper(value), "number plate", required=True)


class DirectoryMixin(AuditMixin):
    # --- customers ---------------------------------------------------------------------------------------

    @writes
    def add_customer(self, s: Session, name: str, phone: str | None = None, email: str | None = None,
                     address: str | None = None, *, actor: int | None = None) -> Customer:
        if actor is not None:
            self._authorize(s, actor, DESK_ROLES, "add customers")
        customer = Customer(name=clean_text(name, "customer's name", required=True),
                            phone=clean_text(phone, "phone number"), email=_email(email),
                            address=clean_text(address, "address"), created_at=self._now())
        s.add(customer)
        s.flush()
        self._audit(s, "customer", customer.id, actor, [("created", None, customer.name)])
        return customer

    @writes
    def update_customer(self, s: Session, customer_id: int, actor: int, *, name: str | None = None,
                        phone: str | None = None, email: str | None = None, address: str | None = None,
                        expected_version: int | None = None) -> Customer:
        """Change the fields given (None leaves one as it is; "" clears phone, e-mail or address)."""
        self._authorize(s, actor, DESK_ROLES, "edit customers")
        customer = self._get(s, Customer, customer_id, "customer", lock=True)
        self._check_edit(s, "customer", customer, expected_version, "customer")
        values: dict[str, object] = {}
        if name is not None:
            values["name"] = clean_text(name, "customer's name", required=True)
        if phone is not None:
            values["phone"] = clean_text(phone, "phone number")
        if email is not None:
            values["email"] = _email(email)
        if address is not None:
            values["address"] = clean_text(address, "address")
        self._edit(s, "customer", customer, actor, values)
        return customer

    @reads
    def customer(self, s: Session, customer_id: int) -> Customer:
        return self._get(s, Customer, customer_id, "customer")

    @reads
    def find_customers(self, s: Session, text: str = "", limit: int = 50) -> list[Customer]:
        stmt = select(Customer).order_by(Customer.name, Customer.id).limit(limit)
        for word in search_words(text):
            stmt = stmt.where(Customer.name.icontains(word, autoescape=True)
                              | Customer.phone.icontains(word, autoescape=True))
        return list(s.scalars(stmt))

    @reads
    def search_customers(self, s: Session, text: str = "", *, after: tuple | None = None,
                         limit: int = DIRECTORY_PAGE) -> Page[DirectoryEntry]:
        """Customers whose name, phone, e-mail or plates hold every word of ``text``, by name; a page at a time
        (hand ``next_cursor`` back as ``after``). Measured at 200,000 customers: docs/ and the report."""
        stmt = select(Customer.id, Customer.name, Customer.phone, Customer.email,
                      func.coalesce(_plates(), ""), Customer.version)
        keys = [Customer.name, Customer.id]
        words = search_words(text)
        if not words:
            return keyset_parts(s, [(stmt, keys)], False, after, limit, _entry)
        rule = DIRECTORY_SEARCH.contains_all(s, Customer.id, words)
        postgresql = s.get_bind().dialect.name == "postgresql"
        rare, sampled = sampled_counts(s, words) if postgresql else (None, [])
        if rare:  # the index names the few customers at once
            found = self._named_page(s, stmt, keys, words, sampled, after, limit)
            if found is not None:
                return found
        beyond = select(Customer.name, Customer.id).order_by(*keys).offset(DENSE_WINDOW).limit(1)
        if after is not None:
            beyond = beyond.where(after_clause(keys, after, False))
        bound = s.execute(beyond).first()  # the first customer past the window; None: the window reaches the end
        window = [rule] if bound is None else [rule, after_clause(keys, tuple(bound), True)]
        dense = keyset_parts(s, [(stmt.where(*window), keys)], False, after, limit, _entry)
        if bound is None or dense.next_cursor is not None:
            return dense  # every match after the cursor was in the window, or a whole page of them was
        if postgresql:
            found = self._named_page(s, stmt, keys, words, sampled, after, limit) if rare is None else None
            if found is not None:
                return found
            return keyset_parts(s, [(stmt.where(rule), keys)], False, after, limit, _entry)  # common: a page soonest
        narrowed = DIRECTORY_SEARCH.narrow(s, Customer.id, words)
        if narrowed is not None:
            stmt = stmt.where(narrowed.condition)
        if narrowed is None or not narrowed.exact:
            stmt = stmt.where(rule)
        return keyset_parts(s, [(stmt, keys)], False, after, limit, _entry)

    @staticmethod
    def _named_page(s: Session, stmt, keys, words: list[str], sampled: list[int], after: tuple | None,
                    limit: int) -> Page[DirectoryEntry] | None:
        """PostgreSQL: the page from the customers the index names, or None when the words are too common."""
        found = matching_page(s, words, sampled, after, limit)
        if found is None:
            return None
        ids, cursor = found
        return Page([_entry(r) for r in s.execute(stmt.where(Customer.id.in_(ids)).order_by(*keys))], cursor)

    # --- vehicles ----------------------------------------------------------------------------------------

    @writes
    def add_vehicle(self, s: Session, customer_id: int, make: str, model: str, plate: str,
                    year: int | None = None, vin: str | None = None, *, actor: int | None = None) -> Vehicle:
        if actor is not None:
            self._authorize(s, actor, DESK_ROLES, "add vehicles")
        self._get(s, Customer, customer_id, "customer")
        vehicle = Vehicle(customer_id=customer_id, make=clean_text(make, "make", required=True),
                          model=clean_text(model, "model", required=True), plate=_plate(plate),
                          year=check_year(year, self._now()),
                          vin=_vin(vin))
        s.add(vehicle)
        s.flush()
        self._audit(s, "vehicle", vehicle.id, actor, [("created", None, f"{vehicle.make} {vehicle.model} "
                                                                        f"({vehicle.plate})")])
        return vehicle

    @writes
    def update_vehicle(self, s: Session, vehicle_id: int, actor: int, *, make: str | None = None,
                       model: str | None = None, plate: str | None = None, year: int | str | None = None,
                       vin: str | None = None, expected_version: int | None = None) -> Vehicle:
        """Change the fields given (None leaves one as it is; "" clears the year or the VIN)."""
        self._authorize(s, actor, DESK_ROLES, "edit vehicles")
        vehicle = self._get(s, Vehicle, vehicle_id, "vehicle", lock=True)
        self._check_edit(s, "vehicle", vehicle, expected_version, "vehicle")
        values: dict[str, object] = {}
        if make is not None:
            values["make"] = clean_text(make, "make", required=True)
        if model is not None:
            values["model"] = clean_text(model, "model", required=True)
        if plate is not None:
            values["plate"] = _plate(plate)
        if year is not None:
            values["year"] = None if year == "" else check_year(year, self._now())
        if vin is not None:
            values["vin"] = _vin(vin)
        self._edit(s, "vehicle", vehicle, actor, values)
        return vehicle

    @reads
    def vehicle(self, s: Session, vehicle_id: int) -> Vehicle:
        return self._get(s, Vehicle, vehicle_id, "vehicle")

    @reads
    def vehicles(self, s: Session, customer_id: int) -> list[Vehicle]:
        return list(s.scalars(select(Vehicle).where(Vehicle.customer_id == customer_id).order_by(Vehicle.id)))
