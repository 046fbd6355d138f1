"""The share of callback deadlines kept, per local day and per technician, with the clock injected: exactly at
the deadline is on time, a second after is late, and a deadline not yet due and not yet met is not counted."""

from datetime import UTC, timedelta

from repair_desktop.store import OnTimeCount
from support.on_time_shop import HOUR, on_time_morning
from support.store_helpers import T0

MONDAY, TUESDAY = T0.date(), T0.date() + timedelta(days=1)


def by_name(report):
    return {t.name: (t.respond, t.resolve) for t in report.technicians}


def test_kept_missed_and_exactly_at_the_deadline(clocked_shop, clock):
    on_time_morning(clocked_shop, clock)
    report = clocked_shop.store.on_time_report(MONDAY, TUESDAY, tz=UTC)
    monday, tuesday = report.per_day
    # exact: picked up at the deadline (kept); slow: a second after (missed); ignored: never (missed)
    assert monday.respond == OnTimeCount(on_time=1, late=2)
    # slow: resolved at the deadline (kept); exact: a minute after (missed); ignored: not resolved (missed)
    assert monday.resolve == OnTimeCount(on_time=1, late=2)
    # the medium one was picked up at once: kept, and counted on the day its deadline falls
    assert (tuesday.day, tuesday.respond, tuesday.resolve) == (TUESDAY, OnTimeCount(1, 0), OnTimeCount())
    assert by_name(report) == {"Tech A": (OnTimeCount(2, 0), OnTimeCount(0, 1)),
                               "Tech B": (OnTimeCount(0, 1), OnTimeCount(1, 0)),
                               "Tech C": (OnTimeCount(), OnTimeCount())}
    # nobody picked up the ignored one: it counts for the shop, against no technician
    assert (report.respond, report.resolve) == (OnTimeCount(2, 2), OnTimeCount(1, 2))
    assert report.respond.share == 0.5 and report.resolve.share == 1 / 3


def test_a_deadline_still_ahead_counts_only_once_kept(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    waiting = shop.new_callback(priority="urgent", at=T0)
    clock.now = T0 + 2 * HOUR  # exactly at the pick-up deadline: not missed yet
    assert s.on_time_report(MONDAY, MONDAY, tz=UTC).respond == OnTimeCount()
    clock.now += timedelta(microseconds=1)
    assert s.on_time_report(MONDAY, MONDAY, tz=UTC).respond == OnTimeCount(0, 1)
    s.claim_callback(waiting, shop.techs[0])  # answered late: still missed, now held by Tech A
    report = s.on_time_report(MONDAY, MONDAY, tz=UTC)
    assert report.respond == OnTimeCount(0, 1) and by_name(report)["Tech A"][0] == OnTimeCount(0, 1)


def test_a_deadline_at_midnight_counts_on_the_day_it_opens(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    s.set_deadline_targets({"high": (15 * 60, 24 * 60)}, shop.manager)  # Monday 09:00 + 15 h = Tuesday 00:00
    s.claim_callback(shop.new_callback(priority="high", at=T0), shop.techs[1])
    assert s.on_time_report(MONDAY, MONDAY, tz=UTC).respond == OnTimeCount()
    tuesday = s.on_time_report(TUESDAY, TUESDAY, tz=UTC)
    assert tuesday.per_day[0].respond == OnTimeCount(1, 0)
    assert by_name(tuesday)["Tech B"][0] == OnTimeCount(1, 0)


def test_an_empty_period_has_every_day_and_no_share(clocked_shop, clock):
    report = clocked_shop.store.on_time_report(TUESDAY, MONDAY, tz=UTC)  # given backwards: put in order
    assert [d.day for d in report.per_day] == [MONDAY, TUESDAY]
    assert report.respond == report.resolve == OnTimeCount() and report.respond.share is None
    assert [t.name for t in report.technicians] == ["Tech A", "Tech B", "Tech C"]


def test_a_former_technician_keeps_their_figures(clocked_shop, clock):
    shop, s = clocked_shop, clocked_shop.store
    on_time_morning(shop, clock)
    s.set_employee_active(shop.techs[1], False, shop.manager)
    assert by_name(s.on_time_report(MONDAY, MONDAY, tz=UTC))["Tech B"] == (OnTimeCount(0, 1), OnTimeCount(1, 0))
