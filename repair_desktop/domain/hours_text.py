"""Opening hours as one line the manager reads: "Mon-Fri 08:00-17:00, Sat 08:00-12:00, Sun closed"."""

from itertools import groupby

from .schedule import OpeningHours

_SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def describe_hours(hours: OpeningHours) -> str:
    """Consecutive weekdays with the same hours share one entry, so a week reads in a line (audit, settings)."""
    parts = []
    for window, run in groupby(range(7), key=lambda d: hours.get(d)):
        days = list(run)
        first, last = _SHORT_DAYS[days[0]], _SHORT_DAYS[days[-1]]
        named = first if len(days) == 1 else f"{first}-{last}"
        parts.append(f"{named} closed" if window is None else f"{named} {window[0]:%H:%M}-{window[1]:%H:%M}")
    return ", ".join(parts)
