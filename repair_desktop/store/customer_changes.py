"""A customer's changes: the audit lines of the customer, their vehicles and their contracts, newest first.

The customer's page shows who changed what about the customer as a whole: a
plate fixed on one of their cars or a contract renewed belongs to their story
as much as a new phone number. Each line names its record ("Ford Focus
(AB1 CDE)", "AMC contract from 2026-01-01") so the reader knows which car or
contract it was; the list is read a page at a time, after the last line's id.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, and_, case, cast, literal, or_, select
from sqlalchemy.orm import Session

from .audit import AuditMixin
from .base import reads
from .models import AuditLine, Employee, MaintenanceContract, Vehicle
from .paging import Page, keyset_parts

#: Lines of a customer's changes read at a time.
CHANGES_PAGE = 50


@dataclass(frozen=True)
class CustomerChange:
    """One changed field of the customer ("customer"), one of their vehicles ("vehicle") or contracts
    ("contract"); ``record`` names it; ``actor_name`` is None for the shop's first manager."""

    id: int
    at: datetime
    kind: str
    entity_id: int
    record: str
    field: str
    old: str | None
    new: str | None
    actor_id: int | None
    actor_name: str | None


class CustomerChangesMixin(AuditMixin):
    @reads
    def customer_changes(self, s: Session, customer_id: int, *, after: tuple | None = None,
                         limit: int = CHANGES_PAGE) -> Page[CustomerChange]:
        """The changes to the customer, their vehicles and their contracts, newest first, a page at a time
        (hand ``next_cursor`` back as ``after``)."""
        vehicle_ids = select(Vehicle.id).where(Vehicle.customer_id == customer_id)
        contract_ids = select(MaintenanceContract.id).where(MaintenanceContract.customer_id == customer_id)
        kind, entity = AuditLine.entity_kind, AuditLine.entity_id
        vehicle = and_(kind == "vehicle", entity == Vehicle.id)
        contract = and_(kind == "contract", entity == MaintenanceContract.id)
        record = case((kind == "vehicle", Vehicle.make + " " + Vehicle.model + " (" + Vehicle.plate + ")"),
                      (kind == "contract", MaintenanceContract.plan + " contract from "
                       + cast(MaintenanceContract.starts_on, String)),
                      else_=literal("details"))
        stmt = (select(AuditLine.id, AuditLine.at, kind, entity, record, AuditLine.field, AuditLine.old_value,
                       AuditLine.new_value, AuditLine.actor_id, Employee.name)
                .outerjoin(Employee, Employee.id == AuditLine.actor_id)
                .outerjoin(Vehicle, vehicle).outerjoin(MaintenanceContract, contract)
                .where(or_(and_(kind == "customer", entity == customer_id),
                           and_(kind == "vehicle", entity.in_(vehicle_ids)),
                           and_(kind == "contract", entity.in_(contract_ids)))))
        return keyset_parts(s, [(stmt, [AuditLine.id])], True, after, limit, lambda r: CustomerChange(*r[:10]))
