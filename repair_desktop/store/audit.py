"""Audit lines: who changed which field of a person, a customer, a vehicle, a contract or the settings, and when.

Staff, settings and the customer directory have no status workflow, so their
history is kept field by field: one line per changed field with the old and
the new value, written in the same transaction as the change, and shown oldest
first on the record's page. The newest line also says who saved a record last,
which is what a stale edit's ``ConflictError`` names.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .base import StoreBase, reads, stale
from .models import AuditLine, Base, Customer, Employee, Vehicle

#: What a change is made of: ``(field, old value, new value)``.
FieldChange = tuple[str, object, object]

_WRITE = AuditLine.__table__.insert()


@dataclass(frozen=True)
class AuditEntry:
    """One changed field, as a record's page shows it; ``actor_name`` is None for the shop's first manager."""

    at: datetime
    field: str
    old: str | None
    new: str | None
    actor_id: int | None
    actor_name: str | None


def as_text(value: object) -> str | None:
    """How a value is kept in an audit line: None stays None, a role or a number becomes its text."""
    return None if value is None else str(value)


class AuditMixin(StoreBase):
    @reads
    def audit(self, s: Session, kind: str, entity_id: int = 0) -> list[AuditEntry]:
        """The audit lines of one record, oldest first; ``kind`` is "employee", "customer", "vehicle",
        "contract" or "settings" (whose id is 0)."""
        rows = s.execute(select(AuditLine, Employee.name).outerjoin(Employee, Employee.id == AuditLine.actor_id)
                         .where(AuditLine.entity_kind == kind, AuditLine.entity_id == entity_id)
                         .order_by(AuditLine.id))
        return [AuditEntry(line.at, line.field, line.old_value, line.new_value, line.actor_id, name)
                for line, name in rows]

    def _audit(self, s: Session, kind: str, entity_id: int, actor: int | None, changes: Iterable[FieldChange]) -> None:
        """Write one audit line per change, in the caller's transaction."""
        now = self._now()
        lines = [{"entity_kind": kind, "entity_id": entity_id, "field": field, "old_value": as_text(old),
                  "new_value": as_text(new), "actor_id": actor, "at": now} for field, old, new in changes]
        if lines:
            s.connection().execute(_WRITE, lines)

    def _edit(self, s: Session, kind: str, record: Base, actor: int, values: dict[str, object]) -> list[FieldChange]:
        """Set each of ``values`` that differs on ``record``, audit those, and flush (which bumps the version
        once and announces the record on the change feed); returns what changed."""
        changes = [(field, getattr(record, field), value) for field, value in values.items()
                   if getattr(record, field) != value]
        for field, _, value in changes:
            setattr(record, field, value)
        if changes:
            s.flush()
            self._audit(s, kind, record.id, actor, changes)
        return changes

    def _check_edit(self, s: Session, kind: str, record: Employee | Customer | Vehicle, expected: int | None,
                    noun: str) -> None:
        """``ConflictError`` naming who saved last, when ``record`` moved past the version the edit started from."""
        if expected is None or record.version == expected:
            return
        last = s.execute(select(AuditLine.at, Employee.name).outerjoin(Employee, Employee.id == AuditLine.actor_id)
                         .where(AuditLine.entity_kind == kind, AuditLine.entity_id == record.id)
                         .order_by(AuditLine.id.desc()).limit(1)).first()
        raise stale(noun, last.name if last else None, last.at if last else None)
