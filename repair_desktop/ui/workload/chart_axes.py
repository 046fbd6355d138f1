"""Chart arithmetic with no Qt in it: round axis ranges, short unique names, days grouped into bars.

Qt Graphs draws exactly what it is given (a value axis does not pick its own
range, and a category axis drops repeated labels), so these decide it.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from ...store import DayCount


#: Longest period drawn a bar per day; longer ones get a bar per week, then per month.
DAILY_UP_TO_DAYS = 62
WEEKLY_UP_TO_DAYS = 400
#: About how many labels fit under a chart; the rest of the bars go unlabelled.
MAX_LABELS = 4
#: The longest name under a bar; a longer one (a name typed without spaces) ends in "…".
NAME_CHARACTERS = 16


def nice_axis(largest: float, whole: bool = True, ticks: int = 5) -> tuple[float, float]:
    """``(maximum, step)`` for a value axis from 0 that shows ``largest`` in about ``ticks`` round steps."""
    largest = max(largest, 1.0 if whole else 0.5)
    raw = largest / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1.0, round(step))
    return float(math.ceil(largest / step - 1e-9) * step), float(step)


def chart_names(names: Sequence[str]) -> list[str]:
    """First names where they are unique, else first name and initial, else the full name.

    Under a chart every label must differ (Qt Graphs merges repeated ones), and
    full names of eight technicians do not fit.
    """

    def short(name: str, long: bool) -> str:
        words = name.split()
        if len(words) < 2:
            return name
        return f"{words[0]} {words[-1][0]}." if long else words[0]

    firsts = [short(n, False) for n in names]
    labels = [f if firsts.count(f) == 1 else short(n, True) for f, n in zip(firsts, names)]
    labels = [label if labels.count(label) == 1 else name for label, name in zip(labels, names)]
    cut = [label if len(label) <= NAME_CHARACTERS else label[:NAME_CHARACTERS - 1] + "…" for label in labels]
    return [label if cut.count(label) == 1 else f"{label} {n}" for n, label in enumerate(cut, start=1)]


@dataclass(frozen=True)
class Bars:
    """Completions as bars: one per day, week or month, each with a unique label."""

    unit: str  # "day" | "week" | "month"
    labels: list[str]
    shown_labels: list[str]  # the labels printed under the axis; the others stay blank
    appointments: list[int]
    callbacks: list[int]


def bar_grouping(days: int) -> tuple[str, Callable[[date], str]]:
    """How a period of ``days`` days is drawn: its unit ("day", "week", "month") and each day's bar label."""
    if days <= DAILY_UP_TO_DAYS:
        return "day", (lambda d: f"{d:%a}") if days <= 7 else (lambda d: f"{d.day} {d:%b}")
    if days <= WEEKLY_UP_TO_DAYS:
        def monday(d: date) -> str:  # a week is labelled by its Monday; within 400 days no two share a date
            first = d - timedelta(days=d.weekday())
            return f"{first.day} {first:%b}"

        return "week", monday
    return "month", (lambda d: f"{d:%b %Y}")


def shown_labels(labels: list[str], newest: bool = True) -> list[str]:
    """The labels printed under the axis, counted from the newest bar (so that today is always labelled in a
    history) or from the first (today, in a look ahead)."""
    every = max(1, math.ceil(len(labels) / MAX_LABELS))
    return labels[::-1][::every][::-1] if newest else labels[::every]


def completion_bars(days: Sequence[DayCount]) -> Bars:
    """Group a period's day counts into bars that stay readable however long the period is."""
    unit, key = bar_grouping(len(days))
    labels: list[str] = []
    appointments: list[int] = []
    callbacks: list[int] = []
    for day in days:
        label = key(day.day)
        if not labels or labels[-1] != label:
            labels.append(label)
            appointments.append(0)
            callbacks.append(0)
        appointments[-1] += day.appointments
        callbacks[-1] += day.callbacks
    return Bars(unit, labels, shown_labels(labels), appointments, callbacks)
