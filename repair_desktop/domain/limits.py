"""What the store accepts as text and as a scheduled time: plain rules every write path shares.

Why here and not in the widgets: a script, a second window or a race must meet
the same refusal, and each refusal names the field so the desk knows what to
fix. The dialogs read the same constants to cap their fields, so the desk
rarely meets the refusal at all.
"""

import re
from datetime import datetime, timedelta
from typing import Literal, overload

from .errors import ValidationError

#: Names, phones, emails, plates, makes, models, VINs and issue types.
SHORT_TEXT = 200
#: Concerns, descriptions, notes and reasons.
LONG_TEXT = 4000
#: How far from now an appointment or callback may be scheduled.
PAST_LIMIT = timedelta(days=365)
FUTURE_LIMIT = timedelta(days=2 * 365)
#: PINs and passwords: longer than anyone types at a desk, so a longer one is a paste gone wrong.
SECRET_TEXT = 200
#: A vehicle's model year: from the first car (Benz, 1886) to next year's models, already on sale.
FIRST_CAR_YEAR = 1886

# Every C0 control but tab (\t) and line feed (\n); carriage returns are folded into \n first. Also DEL and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@overload
def clean_text(value: str | None, field: str, *, limit: int = ..., required: Literal[True],
               ask: str | None = ...) -> str: ...
@overload
def clean_text(value: str | None, field: str, *, limit: int = ..., required: bool = ...,
               ask: str | None = ...) -> str | None: ...
def clean_text(value: str | None, field: str, *, limit: int = SHORT_TEXT, required: bool = False,
               ask: str | None = None) -> str | None:
    """``value`` trimmed, or None when it is empty and not ``required``; ``ValidationError`` naming ``field``
    when it is missing, too long or holds control characters other than line breaks and tabs.

    A missing required value asks "Please enter the {field}.", or "Please enter {ask}." when the form's
    question reads better than the field's name ("what the customer wants done").
    """
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"The {field} must be text.")
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        if required:
            raise ValidationError(f"Please enter {ask or 'the ' + field}.")
        return None
    _check_characters(text, field, limit)
    return text


def check_secret(value: str | None, field: str = "PIN") -> str | None:
    """``value`` exactly as typed (a PIN or password is never trimmed), or None when it is empty: no PIN;
    ``ValidationError`` naming ``field`` when it is longer than ``SECRET_TEXT`` or holds control characters."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"The {field} must be text.")
    if not value:
        return None
    _check_characters(value, field, SECRET_TEXT)
    return value


def _check_characters(text: str, field: str, limit: int) -> None:
    if _CONTROL.search(text):
        raise ValidationError(f"The {field} contains a control character; please retype it without one.")
    if len(text) > limit:
        raise ValidationError(f"The {field} can be at most {limit:,} characters long (it has {len(text):,}).")


def check_year(value: object, now: datetime) -> int | None:
    """``value`` as a model year from ``FIRST_CAR_YEAR`` to next year (by ``now``'s local date), or None when
    there is none; ``ValidationError`` otherwise."""
    if value is None:
        return None
    latest = now.astimezone().year + 1
    try:
        year = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError(f"The year '{value}' isn't a number; enter a year such as {latest - 1}.") from None
    if not FIRST_CAR_YEAR <= year <= latest:
        raise ValidationError(f"The year {year} can't be right; enter a year from {FIRST_CAR_YEAR} to {latest}.")
    return year


def check_scheduled(when: datetime, now: datetime, field: str = "scheduled time") -> datetime:
    """``when``, if it lies between a year before ``now`` and two years after; ``ValidationError`` otherwise.

    A naive ``when`` is the PC's local wall-clock time, as the store reads it everywhere.
    """
    if not isinstance(when, datetime):
        raise ValidationError(f"Please enter the {field} as a date and time.")
    instant = when.astimezone(now.tzinfo) if now.tzinfo else when
    if instant < now - PAST_LIMIT:
        raise ValidationError(f"The {field} can be at most a year in the past.")
    if instant > now + FUTURE_LIMIT:
        raise ValidationError(f"The {field} can be at most two years ahead.")
    return when
