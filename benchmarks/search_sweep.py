"""Every make and name with the start of another: ``python3 -m benchmarks.search_sweep URL [appointments|callbacks]``.

The interaction benchmark types a dozen searches; a class of search it does not
type can still be slow. This sweep types the searches a desk makes a letter
before the list narrows to a name: each of the 15 makes and 25 of the demo's
first and last names, followed by each two-letter start of the demo's names
and makes (4,600 searches), and times the store's first page of each (the
tab's default sort) once. It then times the 40 slowest three times more, and
prints the distribution of the first pass and those retimed medians as one
JSON object. A full sweep takes about four and a half minutes at 1,000,000
appointments.
"""

from __future__ import annotations

import random
import statistics
import sys

from .common import print_measured, timed

#: The slowest of the first pass, timed again (three times each) for their medians.
RETIMED = 40


def searches() -> list[str]:
    """The sweep's searches: a long word (a make, or a name from a fixed draw) and a two-letter start."""
    from repair_desktop.demo.people import FIRST_NAMES, LAST_NAMES, MAKES

    names = FIRST_NAMES + LAST_NAMES
    starts = sorted({n[:2].lower() for n in names} | {m[:2].lower() for m in MAKES})
    longs = [m.lower() for m in MAKES] + [n.lower() for n in random.Random(1).sample(names, 25)]
    return list(dict.fromkeys(f"{word} {start}" for word in longs for start in starts))  # a name may be drawn twice


def sweep(store, tab: str, texts: list[str]) -> dict:
    """The first pass over ``texts`` on ``tab`` (its distribution) and the slowest of them timed again."""
    from repair_desktop.store import AppointmentFilter, CallbackFilter

    def first_page(text: str):
        if tab == "appointments":
            return lambda: store.list_appointments(AppointmentFilter(text=text))
        return lambda: store.list_callbacks(CallbackFilter(text=text))

    first: dict[str, float] = {}
    for text in texts:
        call = first_page(text)
        call()  # its pages in the cache, as when the word before it was typed
        first[text] = timed(call)
    slowest = sorted(first, key=first.get, reverse=True)[:RETIMED]
    again = {text: statistics.median(timed(first_page(text)) for _ in range(3)) for text in slowest}
    ms = sorted(first.values())

    def at(share: float) -> float:
        return round(ms[min(len(ms) - 1, int(len(ms) * share))], 1)

    return {"searches": len(ms), "median_ms": at(0.5), "p90_ms": at(0.9), "p99_ms": at(0.99), "max_ms": at(1),
            "over_40_ms": sum(m > 40 for m in ms),
            "slowest_retimed_ms": {t: round(m, 1) for t, m in sorted(again.items(), key=lambda kv: -kv[1])}}


def main(argv: list[str]) -> int:
    return print_measured(argv[0], lambda store: sweep(store, argv[1] if len(argv) > 1 else "appointments",
                                                       searches()))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
