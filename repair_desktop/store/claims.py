"""Who holds a callback: claiming it, reassigning or releasing it, and the helpers working beside the claimer.

Exactly one technician wins a claim. ``claim_callback`` locks the callback's row
first and the technician's row next (``capacity.py``), so of two PCs claiming the
same job in the same millisecond one waits for the other's commit and then finds
it taken (``AlreadyClaimed``, naming who has it). Helpers never count against
capacity: only the claim does.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import AlreadyClaimed, ValidationError
from ..domain.statuses import CallbackStatus, Role
from ..domain.transitions import CALLBACK_WORKFLOW
from .base import reads, writes
from .capacity import CapacityMixin
from .models import Callback, CallbackHelper, Employee
from .rows import CallbackRecord


class ClaimsMixin(CapacityMixin):
    @writes
    def claim_callback(self, s: Session, callback_id: int, technician_id: int) -> CallbackRecord:
        callback = self._get(s, Callback, callback_id, "callback", lock=True)
        who = self._authorize(s, technician_id, frozenset({Role.TECHNICIAN}), "pick jobs")
        if callback.status in (CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS):
            claimer = s.get(Employee, callback.claimed_by)
            at = f" at {callback.claimed_at.astimezone():%H:%M}" if callback.claimed_at else ""
            name = "you" if claimer and claimer.id == who.id else (claimer.name if claimer else "someone else")
            raise AlreadyClaimed(f"{callback.job_number} was picked by {name}{at}. It has left the Available jobs list.")
        previous = callback.status
        CALLBACK_WORKFLOW.move("claim_callback", previous)
        self._technician_with_room(s, who.id)
        now = self._now()
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, previous, CallbackStatus.OPEN, "claim_callback", who, now,
                                 claimed_by=who.id, claimed_at=now)

    @writes
    def reassign_callback(self, s: Session, callback_id: int, technician_id: int, actor: int, *,
                          expected_version: int | None = None) -> CallbackRecord:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "reassign_callback", actor, expected_version)
        if callback.claimed_by == technician_id:
            raise ValidationError("That technician already holds this callback.")
        tech = self._technician_with_room(s, technician_id)
        # A helper who becomes the claimer is no longer also a helper.
        s.execute(CallbackHelper.__table__.delete().where(CallbackHelper.callback_id == callback.id,
                                                          CallbackHelper.technician_id == tech.id))
        now = self._now()
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, callback.status, "reassign_callback", who, now,
                                 note=f"Reassigned to {tech.name}", claimed_by=tech.id, claimed_at=now)

    @writes
    def release_callback(self, s: Session, callback_id: int, actor: int, *,
                         expected_version: int | None = None) -> CallbackRecord:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "release_callback", actor, expected_version)
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, CallbackStatus.PENDING, "release_callback", who,
                                 self._now(), claimed_by=None, claimed_at=None)

    @writes
    def add_helper(self, s: Session, callback_id: int, technician_id: int, actor: int) -> CallbackRecord:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "add_helper", actor)
        tech = self._get(s, Employee, technician_id, "employee")
        if tech.role != Role.TECHNICIAN or not tech.active:
            raise ValidationError(f"{tech.name} is not an active technician.")
        if tech.id == callback.claimed_by or s.get(CallbackHelper, (callback.id, tech.id)) is not None:
            raise ValidationError(f"{tech.name} is already working on {callback.job_number}.")
        now = self._now()
        s.add(CallbackHelper(callback_id=callback.id, technician_id=tech.id, added_by=who.id, added_at=now))
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, callback.status, "add_helper", who, now,
                                 note=f"{tech.name} is helping")

    @reads
    def callback_technicians(self, s: Session, callback_id: int) -> list[str]:
        """Everyone on the job by name: the claimer first, then helpers in the order they joined."""
        claimer = s.scalar(select(Employee.name).join(Callback, Callback.claimed_by == Employee.id)
                           .where(Callback.id == callback_id))
        helpers = s.scalars(select(Employee.name).join(CallbackHelper, CallbackHelper.technician_id == Employee.id)
                            .where(CallbackHelper.callback_id == callback_id)
                            .order_by(CallbackHelper.added_at, Employee.name))
        return ([claimer] if claimer else []) + list(helpers)
