"""How dates and times read at the desk: always the PC's local time, short and unambiguous."""

from datetime import datetime


def when(value: datetime | None) -> str:
    """``Mon 24 Nov 2026 09:30`` in local time, or an empty string."""
    return value.astimezone().strftime("%a %d %b %Y %H:%M") if value else ""


def short(value: datetime | None) -> str:
    """``24 Nov 09:30``: for timestamps in a crowded table."""
    return value.astimezone().strftime("%d %b %H:%M") if value else ""


def day_time(value: datetime | None) -> str:
    """``Mon 24 Nov 09:30`` this year, ``24 Nov 2027 09:30`` in another: a list's date column, a third narrower
    than ``when`` and still unambiguous."""
    if not value:
        return ""
    local = value.astimezone()
    return local.strftime("%a %d %b %H:%M" if local.year == datetime.now().year else "%d %b %Y %H:%M")
