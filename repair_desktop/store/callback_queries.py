"""Small callback reads the technicians' screen asks for often: kept tiny so polling them costs nothing."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.statuses import CallbackStatus, Priority
from .base import StoreBase, reads
from .models import Callback, CallbackHelper, Employee


class CallbackQueriesMixin(StoreBase):
    @reads
    def newest_urgent_callback_id(self, s: Session) -> int | None:
        """The highest id among pending urgent callbacks, or None.

        Technicians' screens poll this every few seconds; a larger number than
        last time means a new urgent job. It reads one corner of the
        (status, priority, scheduled_at) index.
        """
        return s.scalar(select(func.max(Callback.id)).where(
            Callback.status == CallbackStatus.PENDING, Callback.priority == Priority.URGENT,
            Callback.deleted_at.is_(None)))

    @reads
    def callback_technicians(self, s: Session, callback_id: int) -> list[str]:
        """Everyone on the job by name: the claimer first, then helpers in the order they joined."""
        claimer = s.scalar(select(Employee.name).join(Callback, Callback.claimed_by == Employee.id)
                           .where(Callback.id == callback_id))
        helpers = s.scalars(select(Employee.name).join(CallbackHelper, CallbackHelper.technician_id == Employee.id)
                            .where(CallbackHelper.callback_id == callback_id)
                            .order_by(CallbackHelper.added_at, Employee.name))
        return ([claimer] if claimer else []) + list(helpers)
