"""The text and date limits every write path shares."""

from datetime import UTC, datetime, timedelta

import pytest

from repair_desktop.domain.errors import ValidationError
from repair_desktop.domain.limits import (FIRST_CAR_YEAR, LONG_TEXT, SECRET_TEXT, SHORT_TEXT, check_scheduled,
                                         check_secret, check_year, clean_text)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_text_is_trimmed_and_empty_becomes_none():
    assert clean_text("  Ada  ", "name") == "Ada"
    assert clean_text("   ", "phone") is None
    assert clean_text(None, "phone") is None


def test_required_text_names_the_field():
    with pytest.raises(ValidationError, match="name"):
        clean_text("  ", "name", required=True)


@pytest.mark.parametrize("limit", [SHORT_TEXT, LONG_TEXT])
def test_length_limit_is_inclusive(limit):
    assert clean_text("x" * limit, "note", limit=limit) == "x" * limit
    with pytest.raises(ValidationError, match=f"note can be at most {limit:,}"):
        clean_text("x" * (limit + 1), "note", limit=limit)


@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x85b"])
def test_control_characters_are_refused(bad):
    with pytest.raises(ValidationError, match="plate contains a control character"):
        clean_text(bad, "plate")


def test_line_breaks_and_tabs_are_kept_and_carriage_returns_folded():
    assert clean_text("one\r\ntwo\tthree\rfour", "concern", limit=LONG_TEXT) == "one\ntwo\tthree\nfour"


def test_non_text_is_refused():
    with pytest.raises(ValidationError, match="email must be text"):
        clean_text(42, "email")  # type: ignore[arg-type]


@pytest.mark.parametrize("delta", [timedelta(days=-365), timedelta(0), timedelta(days=730)])
def test_schedule_window_edges_are_accepted(delta):
    assert check_scheduled(NOW + delta, NOW) == NOW + delta


@pytest.mark.parametrize("when, words", [(datetime(1900, 1, 1, tzinfo=UTC), "a year in the past"),
                                         (datetime(9999, 1, 1, tzinfo=UTC), "two years ahead"),
                                         (NOW - timedelta(days=365, seconds=1), "a year in the past"),
                                         (NOW + timedelta(days=730, seconds=1), "two years ahead")])
def test_schedule_window_is_refused_outside(when, words):
    with pytest.raises(ValidationError, match=words):
        check_scheduled(when, NOW)


def test_naive_times_are_local_wall_clock():
    local = (NOW + timedelta(days=1)).astimezone().replace(tzinfo=None)
    assert check_scheduled(local, NOW) == local
    with pytest.raises(ValidationError, match="date and time"):
        check_scheduled("tomorrow", NOW)  # type: ignore[arg-type]


def test_a_missing_value_can_be_asked_for_in_the_forms_words():
    with pytest.raises(ValidationError, match=r"^Please enter what the customer wants done\.$"):
        clean_text(" ", "concern", required=True, ask="what the customer wants done")
    with pytest.raises(ValidationError, match=r"^The concern can be at most 4,000"):
        clean_text("x" * 4001, "concern", limit=LONG_TEXT, required=True, ask="what the customer wants done")


def test_a_secret_is_kept_exactly_as_typed():
    assert check_secret(" 12 34 ") == " 12 34 "
    assert check_secret("") is None and check_secret(None) is None
    assert check_secret("1" * SECRET_TEXT) == "1" * SECRET_TEXT
    for bad, words in [("1" * (SECRET_TEXT + 1), "PIN can be at most 200"), ("1\x002", "PIN contains a control"),
                       (1234, "PIN must be text")]:
        with pytest.raises(ValidationError, match=words):
            check_secret(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("year, expected", [(None, None), (FIRST_CAR_YEAR, FIRST_CAR_YEAR), (2027, 2027),
                                            ("1999", 1999)])
def test_model_years_run_from_the_first_car_to_next_year(year, expected):
    assert check_year(year, NOW) == expected


@pytest.mark.parametrize("year, words", [(FIRST_CAR_YEAR - 1, "from 1886 to 2027"), (2028, "from 1886 to 2027"),
                                         ("soon", "isn't a number"), (object(), "isn't a number")])
def test_other_years_are_refused(year, words):
    with pytest.raises(ValidationError, match=words):
        check_year(year, NOW)
