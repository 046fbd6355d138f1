"""Every job's history: the status changes recorded in the same transaction as each change, oldest first."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .base import StoreBase, reads
from .models import Employee, StatusEvent
from .rows import StatusEventRecord, TimelineEntry


class HistoryMixin(StoreBase):
    @reads
    def history(self, s: Session, kind: str, entity_id: int) -> list[StatusEventRecord]:
        """Every recorded change of one appointment or callback, oldest first."""
        return list(s.scalars(select(StatusEvent).where(StatusEvent.entity_kind == kind,
                                                        StatusEvent.entity_id == entity_id)
                              .order_by(StatusEvent.id)))

    @reads
    def timeline(self, s: Session, kind: str, entity_id: int) -> list[TimelineEntry]:
        """The history with people's names, for the detail panel."""
        rows = s.execute(select(StatusEvent, Employee.name).join(Employee, Employee.id == StatusEvent.actor_id)
                         .where(StatusEvent.entity_kind == kind, StatusEvent.entity_id == entity_id)
                         .order_by(StatusEvent.id))
        return [TimelineEntry(e.at, e.action, e.from_status, e.to_status, name, e.note) for e, name in rows]
