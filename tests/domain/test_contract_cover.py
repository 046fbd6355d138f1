"""When a maintenance contract covers a day, and when it counts as running out."""

from datetime import date, timedelta

import pytest

from repair_desktop.domain.contracts import EXPIRY_WARNING_DAYS, covers, expires_soon

ON = date(2026, 3, 2)


@pytest.mark.parametrize("starts, ends, cancelled, covered", [
    (ON, ON, False, True),  # both ends included
    (ON - timedelta(days=10), ON - timedelta(days=1), False, False),
    (ON + timedelta(days=1), ON + timedelta(days=10), False, False),
    (ON - timedelta(days=10), ON + timedelta(days=10), True, False),
])
def test_a_contract_covers_the_days_from_its_start_to_its_end_unless_cancelled(starts, ends, cancelled, covered):
    assert covers(starts, ends, cancelled, ON) is covered


def test_cover_ending_within_the_warning_days_with_nothing_booked_after_is_expiring():
    assert expires_soon(ON + timedelta(days=EXPIRY_WARNING_DAYS), None, ON)
    assert not expires_soon(ON + timedelta(days=EXPIRY_WARNING_DAYS + 1), None, ON)


def test_a_booked_follow_on_contract_or_no_cover_is_not_expiring():
    assert not expires_soon(ON + timedelta(days=3), ON + timedelta(days=4), ON)
    assert not expires_soon(None, None, ON)
