"""Statuses, priorities and roles read naturally and order the way the desk expects."""

import pytest

from repair_desktop.domain.statuses import (ACTIVE_APPOINTMENT_STATUSES, ACTIVE_CALLBACK_STATUSES,
                                            AppointmentStatus, CallbackStatus, Priority, Role)


def test_statuses_compare_equal_to_their_text():
    assert AppointmentStatus.ASSIGNED == "assigned"
    assert CallbackStatus.IN_PROGRESS == "in_progress"
    assert f"{Priority.URGENT}" == "urgent"
    assert Role("front_desk") is Role.FRONT_DESK


def test_labels():
    assert AppointmentStatus.IN_PROGRESS.label == "In progress"
    assert CallbackStatus.PENDING.label == "Pending"
    assert Priority.HIGH.label == "High"
    assert [r.label for r in Role] == ["Technician", "Front desk", "Manager"]


def test_priority_rank_orders_urgent_first_and_round_trips():
    assert sorted(Priority, key=lambda p: p.rank) == [Priority.URGENT, Priority.HIGH, Priority.MEDIUM, Priority.LOW]
    for p in Priority:
        assert Priority.from_rank(p.rank) is p


def test_unknown_values_are_refused():
    with pytest.raises(ValueError):
        Priority("critical")
    with pytest.raises(ValueError):
        Role("owner")


def test_active_statuses_are_the_ones_that_count_against_capacity():
    assert ACTIVE_APPOINTMENT_STATUSES == {AppointmentStatus.ASSIGNED, AppointmentStatus.IN_PROGRESS}
    assert ACTIVE_CALLBACK_STATUSES == {CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS}
