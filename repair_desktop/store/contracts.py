"""Who holds a maintenance contract on a given day, and whose is running out.

The callback form offers only customers covered on the callback's day; these
queries let it say why anyone else is missing ("contract ended 03 Jan"), and let
the contracts dialog flag contracts the shop should renew soon.

Customers come first, by name and a page at a time; each one's contract facts
are correlated subqueries on the contracts' customer index, so a listing costs
the same whatever the size of the shop.
"""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from ..domain.contracts import EXPIRY_WARNING_DAYS
from ..domain.errors import ValidationError
from ..domain.limits import clean_text
from ..domain.statuses import DESK_ROLES
from .audit import AuditMixin
from .base import reads, writes
from .models import Customer, MaintenanceContract
from .rows import ContractRecord, ContractStanding
from .search import search_words


def _contract_fact(aggregate, column, *conditions) -> ColumnElement:
    """One fact about the current customer's live (not cancelled) contracts, as a scalar subquery."""
    return (select(aggregate(column))
            .where(MaintenanceContract.customer_id == Customer.id, *conditions)
            .correlate(Customer).scalar_subquery())


def _standing_columns(on: date) -> dict[str, ColumnElement]:
    live = MaintenanceContract.cancelled.is_(False)
    return {
        "covered_until": _contract_fact(func.max, MaintenanceContract.ends_on, live,
                                        MaintenanceContract.starts_on <= on, MaintenanceContract.ends_on >= on),
        "last_ended_on": _contract_fact(func.max, MaintenanceContract.ends_on, live, MaintenanceContract.ends_on < on),
        "next_starts_on": _contract_fact(func.min, MaintenanceContract.starts_on, live,
                                         MaintenanceContract.starts_on > on),
        "cancelled_contracts": _contract_fact(func.count, MaintenanceContract.id,
                                              MaintenanceContract.cancelled.is_(True)),
    }


def _matching(stmt: Select, text: str) -> Select:
    for word in search_words(text):
        stmt = stmt.where(Customer.name.icontains(word, autoescape=True)
                          | Customer.phone.icontains(word, autoescape=True))
    return stmt


def _covered_on(on: date) -> ColumnElement[bool]:
    return Customer.id.in_(select(MaintenanceContract.customer_id).where(
        MaintenanceContract.cancelled.is_(False), MaintenanceContract.starts_on <= on,
        MaintenanceContract.ends_on >= on))


def _expiring(on: date, within: int, facts: dict[str, ColumnElement]) -> ColumnElement[bool]:
    return and_(_covered_on(on), facts["next_starts_on"].is_(None),
                facts["covered_until"] <= on + timedelta(days=within))


def _dates(starts_on: date, ends_on: date) -> None:
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        raise ValidationError("Please enter the date the contract starts and the date it ends.")
    if ends_on < starts_on:
        raise ValidationError("A contract can't end before it starts; check the dates.")


class ContractsMixin(AuditMixin):
    """Adding, renewing and cancelling contracts (the front desk's and the manager's, each audited), and who
    is covered when. ``add_contract`` takes the actor as a keyword: scripts that fill a shop may leave it out."""

    @writes
    def add_contract(self, s: Session, customer_id: int, starts_on: date, ends_on: date, plan: str = "AMC", *,
                     actor: int | None = None) -> MaintenanceContract:
        if actor is not None:
            self._authorize(s, actor, DESK_ROLES, "add contracts")
        self._get(s, Customer, customer_id, "customer")
        _dates(starts_on, ends_on)
        contract = MaintenanceContract(customer_id=customer_id, plan=clean_text(plan, "plan", required=True),
                                       starts_on=starts_on, ends_on=ends_on, cancelled=False)
        s.add(contract)
        s.flush()
        self._audit(s, "contract", contract.id, actor,
                    [("created", None, f"{contract.plan} {starts_on.isoformat()} to {ends_on.isoformat()}")])
        return contract

    @writes
    def renew_contract(self, s: Session, contract_id: int, ends_on: date, actor: int) -> MaintenanceContract:
        """A new end date; a cancelled contract that is renewed runs again."""
        self._authorize(s, actor, DESK_ROLES, "renew contracts")
        contract = self._get(s, MaintenanceContract, contract_id, "contract", lock=True)
        if not isinstance(ends_on, date):
            raise ValidationError("Please enter the date the renewed contract ends.")
        _dates(contract.starts_on, ends_on)
        self._edit(s, "contract", contract, actor, {"ends_on": ends_on, "cancelled": False})
        contract.cancelled_at = None
        return contract

    @writes
    def cancel_contract(self, s: Session, contract_id: int, actor: int) -> MaintenanceContract:
        self._authorize(s, actor, DESK_ROLES, "cancel contracts")
        contract = self._get(s, MaintenanceContract, contract_id, "contract", lock=True)
        if not contract.cancelled:
            self._edit(s, "contract", contract, actor, {"cancelled": True})
            contract.cancelled_at = self._now()
        return contract

    @reads
    def contracts(self, s: Session, customer_id: int) -> list[ContractRecord]:
        return list(s.scalars(select(MaintenanceContract).where(MaintenanceContract.customer_id == customer_id)
                              .order_by(MaintenanceContract.starts_on.desc(), MaintenanceContract.id.desc())))

    @reads
    def customers_with_active_contract(self, s: Session, on: date, text: str = "", limit: int = 50) -> list[Customer]:
        """Customers a callback can be created for on ``on``: the callback form's picker."""
        stmt = select(Customer).where(_covered_on(on)).order_by(Customer.name, Customer.id).limit(limit)
        for word in search_words(text):
            stmt = stmt.where(Customer.name.icontains(word, autoescape=True))
        return list(s.scalars(stmt))

    @reads
    def contract_standings(self, s: Session, on: date, text: str = "", *, covered: bool | None = None,
                           expiring_within: int | None = None, limit: int = 50) -> list[ContractStanding]:
        """Customers matching ``text`` (name or phone) by name, each with their contract standing on ``on``.

        ``covered`` keeps only customers with (True) or without (False) a contract
        active on ``on``; ``expiring_within`` keeps those whose cover ends within
        that many days with no follow-on contract booked.
        """
        facts = _standing_columns(on)
        stmt = _matching(select(Customer.id, Customer.name, Customer.phone, *(c.label(k) for k, c in facts.items())),
                         text).order_by(Customer.name, Customer.id).limit(limit)
        if covered is not None:
            stmt = stmt.where(_covered_on(on) if covered else ~_covered_on(on))
        if expiring_within is not None:
            stmt = stmt.where(_expiring(on, expiring_within, facts))
        return [ContractStanding(r.id, r.name, r.phone, on, r.covered_until, r.last_ended_on, r.next_starts_on,
                                 r.cancelled_contracts) for r in s.execute(stmt)]

    @reads
    def count_uncovered_customers(self, s: Session, on: date, text: str = "") -> int:
        """How many customers matching ``text`` have no contract active on ``on``: "N more match without one"."""
        stmt = _matching(select(func.count(Customer.id)), text).where(~_covered_on(on))
        return s.scalar(stmt) or 0

    @reads
    def count_expiring_contracts(self, s: Session, on: date, within: int = EXPIRY_WARNING_DAYS) -> int:
        """Customers whose cover ends within ``within`` days of ``on`` with nothing booked after it."""
        return s.scalar(select(func.count(Customer.id)).where(_expiring(on, within, _standing_columns(on)))) or 0
