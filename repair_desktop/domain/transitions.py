"""The two workflow tables (appointments, callbacks) as data, one place each.

The store asks ``table.move(action, status)`` before every change, and the UI
asks ``table.allows(action, status)`` to decide which buttons to enable, so the
two can never disagree.
"""

from dataclasses import dataclass
from enum import StrEnum

from .errors import InvalidTransition
from .statuses import DESK_ROLES, AppointmentStatus as A, CallbackStatus as C, Role


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # how the desk says it: "start work"
    sources: frozenset[StrEnum]
    target: StrEnum | None  # None: the status stays as it is
    roles: frozenset[Role]  # roles that may do it to anyone's job
    owner_may: bool = False  # the job's own technician may do it too

    def permits(self, role: Role, is_owner: bool) -> bool:
        """Whether someone in ``role`` (holding the job or not) may make this move."""
        return role in self.roles or (self.owner_may and is_owner)


class WorkflowTable:
    def __init__(self, noun: str, transitions: list[Transition]) -> None:
        self.noun = noun
        self._by_action = {t.action: t for t in transitions}

    def __getitem__(self, action: str) -> Transition:
        return self._by_action[action]

    def allows(self, action: str, status: StrEnum) -> bool:
        return status in self._by_action[action].sources

    def actions_from(self, status: StrEnum) -> list[str]:
        return [a for a, t in self._by_action.items() if status in t.sources]

    def move(self, action: str, status: StrEnum) -> StrEnum:
        """The status after ``action``; ``InvalidTransition`` when the table has no such move."""
        t = self._by_action[action]
        if status not in t.sources:
            raise InvalidTransition(
                f"This {self.noun} is {status.label.lower()}, so you can't {t.label} now."
            )
        return t.target if t.target is not None else status


#: The history actions that create a job: it had no status before, so they are not moves in a table.
BOOK = "book"
CREATE_CALLBACK = "create_callback"


def _t(action, label, sources, target, roles=DESK_ROLES, owner_may=False) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(roles), owner_may)


APPOINTMENT_WORKFLOW = WorkflowTable("appointment", [
    _t("assign_technician", "assign a technician", {A.SCHEDULED, A.ASSIGNED}, A.ASSIGNED),
    _t("unassign", "unassign the technician", {A.ASSIGNED}, A.SCHEDULED),
    _t("start_work", "start work", {A.ASSIGNED}, A.IN_PROGRESS, owner_may=True),
    _t("complete_work", "complete it", {A.IN_PROGRESS}, A.COMPLETED, owner_may=True),
    _t("cancel", "cancel it", {A.SCHEDULED, A.ASSIGNED, A.IN_PROGRESS}, A.CANCELLED),
    _t("edit", "edit it", {A.SCHEDULED, A.ASSIGNED, A.IN_PROGRESS}, None),
    _t("plan", "plan it", {A.SCHEDULED, A.ASSIGNED}, None),
])

CALLBACK_WORKFLOW = WorkflowTable("callback", [
    # Claiming is done by a technician for themselves; no desk role claims for others.
    _t("claim_callback", "pick this job", {C.PENDING}, C.OPEN, roles={Role.TECHNICIAN}),
    _t("start_callback", "start work", {C.OPEN}, C.IN_PROGRESS, roles=(), owner_may=True),
    _t("resolve_callback", "mark it resolved", {C.IN_PROGRESS}, C.RESOLVED, roles=(), owner_may=True),
    _t("close_callback", "close it", {C.RESOLVED}, C.CLOSED),
    _t("reassign_callback", "reassign it", {C.OPEN, C.IN_PROGRESS}, None),
    _t("release_callback", "release it to the pool", {C.OPEN}, C.PENDING),
    _t("cancel_callback", "cancel it", {C.PENDING, C.OPEN, C.IN_PROGRESS}, C.CANCELLED),
    _t("add_helper", "add a helper", {C.OPEN, C.IN_PROGRESS}, None),
    _t("edit", "edit it", {C.PENDING, C.OPEN, C.IN_PROGRESS}, None),
    # Deleting hides the row; a job someone is working on must be cancelled or released first.
    _t("delete_callback", "delete it while a technician holds it", {C.PENDING, C.RESOLVED, C.CLOSED, C.CANCELLED}, None),
])
