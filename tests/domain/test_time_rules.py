"""The time arithmetic of plans, on its own: durations, opening hours, crowded moments, free starts, lanes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from repair_desktop.domain.errors import ValidationError
from repair_desktop.domain.schedule import (DEFAULT_OPENING_HOURS, Busy, check_duration, check_opening_hours,
                                            crowded_moment, day_finder, decode_hours, encode_hours, free_starts,
                                            lanes, quarter_starts)

T = datetime(2026, 3, 2, 8, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T + timedelta(minutes=minutes)


def test_durations_are_whole_minutes_from_a_quarter_hour_to_ten_hours():
    assert [check_duration(m) for m in (15, 60, 600)] == [15, 60, 600]
    for bad in (14, 601, 1.5, "60", True, None):
        with pytest.raises(ValidationError):
            check_duration(bad)


def test_opening_hours_round_trip_through_the_setting_and_default_when_unset():
    hours = check_opening_hours({0: (time(7, 30), time(18)), 5: (time(9), time(13))})
    assert hours == {0: (time(7, 30), time(18)), 1: None, 2: None, 3: None, 4: None, 5: (time(9), time(13)), 6: None}
    assert decode_hours(encode_hours(hours)) == hours
    assert decode_hours(None) == DEFAULT_OPENING_HOURS
    assert DEFAULT_OPENING_HOURS[5] == (time(8), time(12)) and DEFAULT_OPENING_HOURS[6] is None


def test_the_first_crowded_moment_names_the_jobs_running_then():
    jobs = [Busy(at(0), at(60), 1), Busy(at(60), at(120), 2), Busy(at(30), at(90), 3)]
    assert crowded_moment(jobs, at(0), at(120), limit=3) == []
    assert [j.job_id for j in crowded_moment(jobs, at(0), at(120), limit=2)] == [1, 3]
    assert [j.job_id for j in crowded_moment(jobs, at(60), at(75), limit=2)] == [3, 2]
    assert crowded_moment(jobs, at(120), at(180), limit=1) == [], "touching ends don't overlap"


def test_free_starts_skip_every_start_whose_whole_duration_is_not_free():
    candidates = [at(15 * n) for n in range(12)]
    taken = [(at(60), at(90)), (at(30), at(45)), (at(150), at(400))]
    assert list(free_starts(candidates, timedelta(minutes=30), taken)) == [at(0), at(90), at(105), at(120)]
    assert list(free_starts(candidates, timedelta(minutes=15), [])) == candidates


def test_quarter_starts_fit_the_duration_before_closing_on_the_wall_clock():
    monday = date(2026, 3, 2)
    starts = quarter_starts(monday, DEFAULT_OPENING_HOURS, timedelta(minutes=60))
    assert starts[0].astimezone().time() == time(8) and starts[-1].astimezone().time() == time(16)
    assert len(starts) == 33
    assert quarter_starts(monday + timedelta(days=6), DEFAULT_OPENING_HOURS, timedelta(minutes=15)) == []


def test_lanes_stack_overlapping_spans_and_may_stop_at_a_number_of_lanes():
    spans = [(at(0), at(60)), (at(30), at(90)), (at(60), at(120)), (at(40), at(50))]
    assert lanes(spans) == [0, 1, 0, 2]
    assert lanes(spans, most=2) == [0, 1, 0, None]


def test_the_day_finder_places_instants_in_their_local_day():
    days = [date(2026, 3, 2), date(2026, 3, 3)]
    find = day_finder(days)
    noon = datetime.combine(days[1], time(12)).astimezone()
    assert (find(noon), find(noon + timedelta(days=1)), find(noon - timedelta(days=2))) == (days[1], None, None)
