"""What the store accepts as text and as a scheduled time: plain rules every write path shares.

Why here and not in the widgets: a script, a second window or a race must meet
the same refusal, and each refusal names the field so the desk knows what to
fix. The dialogs read the same constants to cap their fields, so the desk
rarely meets the refusal at all.
"""

import re
from datetime import datetime, timedelta

from .errors import ValidationError

#: Names, phones, emails, plates, makes, models, VINs and issue types.
SHORT_TEXT = 200
#: Concerns, descriptions, notes and reasons.
LONG_TEXT = 4000
#: How far from now an appointment or callback may be scheduled.
PAST_LIMIT = timedelta(days=365)
FUTURE_LIMIT = timedelta(days=2 * 365)

# Every C0 control but tab (\t) and line feed (\n); carriage returns are folded into \n first. Also DEL and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str | None, field: str, *, limit: int = SHORT_TEXT, required: bool = False) -> str | None:
    """``value`` trimmed, or None when it is empty and not ``required``; ``ValidationError`` naming ``field``
    when it is missing, too long or holds control characters other than line breaks and tabs."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"The {field} must be text.")
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        if required:
            raise ValidationError(f"Please enter the {field}.")
        return None
    if _CONTROL.search(text):
        raise ValidationError(f"The {field} contains a control character; please retype it without one.")
    if len(text) > limit:
        raise ValidationError(f"The {field} can be at most {limit:,} characters long (it has {len(text):,}).")
    return text


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
