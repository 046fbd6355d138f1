"""Maintenance contracts: when one covers a day, and when the desk should be told it is running out."""

from datetime import date, timedelta

#: How far ahead a contract's end counts as "expiring soon".
EXPIRY_WARNING_DAYS = 30


def covers(starts_on: date, ends_on: date, cancelled: bool, day: date) -> bool:
    """Whether a contract covers ``day`` (both ends included): a callback may be created for that day."""
    return not cancelled and starts_on <= day <= ends_on


def expires_soon(covered_until: date | None, next_starts_on: date | None, on: date,
                 days: int = EXPIRY_WARNING_DAYS) -> bool:
    """Covered on ``on``, but not past ``on + days``, and no follow-on contract booked: time to renew."""
    return covered_until is not None and next_starts_on is None and covered_until <= on + timedelta(days=days)
