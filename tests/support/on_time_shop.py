"""A morning of urgent callbacks whose deadlines were kept, missed and kept to the second, for ``on_time_report``
on SQLite and PostgreSQL. Times are UTC; the report is asked with ``tz=UTC`` so local days are UTC days."""

from dataclasses import dataclass
from datetime import timedelta

from support.store_helpers import T0

HOUR, SECOND = timedelta(hours=1), timedelta(seconds=1)


@dataclass
class OnTimeMorning:
    exact: int  # picked up exactly at its deadline; resolved a minute late (Tech A)
    slow: int  # picked up a second late; resolved exactly at its deadline (Tech B)
    ignored: int  # nobody picks it up
    cancelled: int  # cancelled after its pick-up deadline passed: owes nothing
    early: int  # a medium one picked up at once; its pick-up deadline is tomorrow (Tech A)


def on_time_morning(shop, clock) -> OnTimeMorning:
    """Five callbacks created at T0 (Monday 09:00); the clock ends at T0 + 9 h, past every urgent deadline."""
    s, (ann, bob, _) = shop.store, shop.techs
    clock.now = T0
    exact, slow, ignored, cancelled = (shop.new_callback(priority="urgent", at=T0) for _ in range(4))
    early = shop.new_callback(priority="medium", at=T0)
    clock.now = T0 + HOUR
    s.claim_callback(early, ann)
    clock.now = T0 + 2 * HOUR  # urgent: pick up within 2 h, resolve within 8 h
    s.claim_callback(exact, ann)
    clock.now += SECOND
    s.claim_callback(slow, bob)
    s.start_callback(exact, ann)
    s.start_callback(slow, bob)
    clock.now = T0 + 3 * HOUR
    s.cancel_callback(cancelled, "Customer sold the car", shop.desk)
    clock.now = T0 + 8 * HOUR
    s.resolve_callback(slow, bob)
    clock.now += timedelta(minutes=1)
    s.resolve_callback(exact, ann)
    clock.now = T0 + 9 * HOUR
    return OnTimeMorning(exact, slow, ignored, cancelled, early)
