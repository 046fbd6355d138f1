"""Small callback reads the screens ask for often: who is on a job."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .base import StoreBase, reads
from .models import Callback, CallbackHelper, Employee


class CallbackQueriesMixin(StoreBase):
    @reads
    def callback_technicians(self, s: Session, callback_id: int) -> list[str]:
        """Everyone on the job by name: the claimer first, then helpers in the order they joined."""
        claimer = s.scalar(select(Employee.name).join(Callback, Callback.claimed_by == Employee.id)
                           .where(Callback.id == callback_id))
        helpers = s.scalars(select(Employee.name).join(CallbackHelper, CallbackHelper.technician_id == Employee.id)
                            .where(CallbackHelper.callback_id == callback_id)
                            .order_by(CallbackHelper.added_at, Employee.name))
        return ([claimer] if claimer else []) + list(helpers)
