"""The text and date limits every write path shares."""

from datetime import UTC, datetime, timedelta

import pytest

from repair_desktop.domain.errors import ValidationError
from repair_desktop.domain.limits import LONG_TEXT, SHORT_TEXT, check_scheduled, clean_text

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
