"""Several PCs planning the same technician into the same hour at the same moment (see store_racing.py).

Half the workers plan an appointment already booked, half book a new one with
the technician given; each round aims them all at one hour of a coming Monday
in which the technician already holds 0, 1 or 2 planned jobs. Exactly as many
win as the capacity limit leaves room for; the rest get ``ScheduleConflict``.
"""

from datetime import date, datetime, time, timedelta
from support.store_racing import RacePool, Tally


def next_monday() -> date:
    """A Monday one to two weeks ahead of the real today: the workers' stores read the real clock."""
    today = date.today()
    return today + timedelta(days=7 + (7 - today.weekday()) % 7)


def run_plan_race(pool: RacePool, url: str, store, rounds: int = 6) -> Tally:
    from support.store_helpers import make_shop

    shop = make_shop(store, technicians=1)
    tech = shop.techs[0]
    limit = store.capacity_limit()
    desks = [shop.desk, shop.desk2, shop.manager]
    half = pool.size // 2
    monday = next_monday()
    tally = Tally()
    for r in range(rounds):
        start = datetime.combine(monday, time(8 + r))  # local wall-clock time, one hour per round
        held = r % limit
        for _ in range(held):
            store.book_appointment(shop.vehicle, start, "Held", shop.desk, technician_id=tech)
        booked = [shop.book(f"Race {r}.{i}", at=start - timedelta(days=1)) for i in range(half)]
        calls = [("plan_appointment", (job, tech, start, 60, desks[i % len(desks)])) for i, job in enumerate(booked)]
        calls += [("book_appointment", (shop.vehicle, start, f"Race {r}.{i}", desks[i % len(desks)]),
                   {"technician_id": tech}) for i in range(pool.size - half)]
        outcomes = pool.race(url, calls)
        tally.add(outcomes)
        won = [o for o in outcomes if o.result == "won"]
        assert len(won) == limit - held, outcomes
        assert all(o.result == "ScheduleConflict" for o in outcomes if o.result != "won"), outcomes
        day = store.schedule_day(monday)
        (row,) = day.technicians
        assert sum(1 for j in row.jobs if j.starts_at.astimezone().time() == start.time()) == limit
        for o, job in zip(outcomes[:half], booked):
            planned = store.appointment(job).planned_technician_id
            assert planned == (tech if o.result == "won" else None)
            assert len(store.history("appointment", job)) == (2 if o.result == "won" else 1)
    assert tally.overlapping_rounds >= 1, "the plans never ran at the same time: not a race"
    return tally
