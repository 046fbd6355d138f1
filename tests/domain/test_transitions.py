"""The two workflow tables of domain/transitions.py, checked cell by cell against the tables as the shop states them."""

import pytest

from repair_desktop.domain.errors import DomainError, InvalidTransition
from repair_desktop.domain.statuses import DESK_ROLES, AppointmentStatus as A, CallbackStatus as C, Role
from repair_desktop.domain.transitions import APPOINTMENT_WORKFLOW, CALLBACK_WORKFLOW

DESK = frozenset({Role.FRONT_DESK, Role.MANAGER})
TECH = frozenset({Role.TECHNICIAN})
NOBODY = frozenset()

# The shop's tables, written out again by hand: action -> (sources, target, roles, owner_may).
# A target of None means the status stays as it is.
APPOINTMENT_SPEC = {
    "assign_technician": ({A.SCHEDULED, A.ASSIGNED}, A.ASSIGNED, DESK, False),
    "unassign": ({A.ASSIGNED}, A.SCHEDULED, DESK, False),
    "start_work": ({A.ASSIGNED}, A.IN_PROGRESS, DESK, True),
    "complete_work": ({A.IN_PROGRESS}, A.COMPLETED, DESK, True),
    "cancel": ({A.SCHEDULED, A.ASSIGNED, A.IN_PROGRESS}, A.CANCELLED, DESK, False),
    "edit": ({A.SCHEDULED, A.ASSIGNED, A.IN_PROGRESS}, None, DESK, False),
    "plan": ({A.SCHEDULED, A.ASSIGNED}, None, DESK, False),
}

CALLBACK_SPEC = {
    "claim_callback": ({C.PENDING}, C.OPEN, TECH, False),
    "start_callback": ({C.OPEN}, C.IN_PROGRESS, NOBODY, True),
    "resolve_callback": ({C.IN_PROGRESS}, C.RESOLVED, NOBODY, True),
    "close_callback": ({C.RESOLVED}, C.CLOSED, DESK, False),
    "reassign_callback": ({C.OPEN, C.IN_PROGRESS}, None, DESK, False),
    "release_callback": ({C.OPEN}, C.PENDING, DESK, False),
    "cancel_callback": ({C.PENDING, C.OPEN, C.IN_PROGRESS}, C.CANCELLED, DESK, False),
    "add_helper": ({C.OPEN, C.IN_PROGRESS}, None, DESK, False),
    "edit": ({C.PENDING, C.OPEN, C.IN_PROGRESS}, None, DESK, False),
    # Deleting hides the row; not while a technician holds the job.
    "delete_callback": ({C.PENDING, C.RESOLVED, C.CLOSED, C.CANCELLED}, None, DESK, False),
}

TABLES = [
    pytest.param(APPOINTMENT_WORKFLOW, APPOINTMENT_SPEC, A, id="appointment"),
    pytest.param(CALLBACK_WORKFLOW, CALLBACK_SPEC, C, id="callback"),
]

CELLS = [pytest.param(APPOINTMENT_WORKFLOW, APPOINTMENT_SPEC, action, status, id=f"appointment-{action}-{status}")
         for action in APPOINTMENT_SPEC for status in A] + \
        [pytest.param(CALLBACK_WORKFLOW, CALLBACK_SPEC, action, status, id=f"callback-{action}-{status}")
         for action in CALLBACK_SPEC for status in C]


def test_desk_roles_are_front_desk_and_manager():
    assert DESK_ROLES == DESK


@pytest.mark.parametrize("table, design, statuses", TABLES)
def test_the_table_has_exactly_the_designed_actions(table, design, statuses):
    actions = {a for s in statuses for a in table.actions_from(s)}
    assert actions == set(design)


@pytest.mark.parametrize("table, design, action, status", CELLS)
def test_every_cell_allows_or_refuses_as_designed(table, design, action, status):
    sources, target, _, _ = design[action]
    assert table.allows(action, status) is (status in sources)
    if status in sources:
        assert table.move(action, status) == (target if target is not None else status)
        assert action in table.actions_from(status)
    else:
        with pytest.raises(InvalidTransition) as refused:
            table.move(action, status)
        assert isinstance(refused.value, DomainError)
        message = str(refused.value)
        assert status.label.lower() in message, "the desk is told what state the job is in"
        assert table[action].label in message, "and what it can't do"
        assert action not in table.actions_from(status)


@pytest.mark.parametrize("table, design, statuses", TABLES)
def test_who_may_do_what(table, design, statuses):
    for action, (_, _, roles, owner_may) in design.items():
        assert table[action].roles == roles, action
        assert table[action].owner_may is owner_may, action


@pytest.mark.parametrize("status", [A.COMPLETED, A.CANCELLED])
def test_completed_and_cancelled_appointments_are_final(status):
    assert APPOINTMENT_WORKFLOW.actions_from(status) == []


@pytest.mark.parametrize("status", [C.CLOSED, C.CANCELLED])
def test_closed_and_cancelled_callbacks_can_only_be_hidden(status):
    assert CALLBACK_WORKFLOW.actions_from(status) == ["delete_callback"]


def test_a_held_callback_cannot_be_deleted():
    for status in (C.OPEN, C.IN_PROGRESS):
        with pytest.raises(InvalidTransition, match="while a technician holds it"):
            CALLBACK_WORKFLOW.move("delete_callback", status)


def test_every_status_can_be_reached_from_the_start():
    for table, start, statuses in ((APPOINTMENT_WORKFLOW, A.SCHEDULED, A), (CALLBACK_WORKFLOW, C.PENDING, C)):
        seen, todo = {start}, [start]
        while todo:
            status = todo.pop()
            for action in table.actions_from(status):
                nxt = table.move(action, status)
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        assert seen == set(statuses)


def test_unknown_action_is_a_programming_error():
    with pytest.raises(KeyError):
        APPOINTMENT_WORKFLOW.allows("teleport", A.SCHEDULED)
