"""The window's interactions, measured in one process:
``python3 -m benchmarks.ui_bench URL RUNS [--no-scroll] [--latency-ms N]``.

Prints one JSON object. Every time is from the action (a tab click, a filter
choice, a header click, a search text applied: the debounce is left out) to the
rows painted: the action, then Qt's event queue run until it is empty and every
list's first page read off the GUI thread has arrived, which lays out and paints
the view (offscreen, as in the tests). Each interaction
also says the most statements and transactions one action of it sent, and the
longest its own call held the GUI thread (``most_held_ms``: a first page read
off the GUI thread leaves the search box free meanwhile), and with
``--latency-ms N`` (PostgreSQL) the store talks to its server through a
loopback proxy adding N ms each way, which counts the round trips on the wire.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from contextlib import contextmanager

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from .common import over_runs, rss_mb, summary  # noqa: E402


#: Counts what each action sends to the database (``main`` sets it up).
WIRE = None
#: The longest the GUI thread was held by one action's own call (its store reads on the GUI thread, the rows' reset)
#: since the last ``measured``: while it is held, typing and clicks wait.
HELD_MS = [0.0]
#: An interaction this slow is measured in one run only (the worst is already known to miss by far).
GIVE_UP_MS = 2000


def settle() -> None:
    """Run the event queue until it is empty and no list waits for a first page read on its reading thread."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from repair_desktop.ui.widgets.background_list import BackgroundListModel

    QApplication.processEvents()
    lists = [m for w in QApplication.topLevelWidgets() for m in w.findChildren(BackgroundListModel)]
    while any(model.loading() for model in lists):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)  # the page's arrival wakes it
    QApplication.processEvents()


def wait_for(signal, timeout_ms: int = 30000) -> float:
    """Run the event loop until ``signal`` (connected before the action that emits it); milliseconds waited."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, started = QEventLoop(), time.perf_counter()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return (time.perf_counter() - started) * 1000


def timed_ui(action) -> float:
    if WIRE:
        WIRE.skip()
    started = time.perf_counter()
    action()
    HELD_MS[0] = max(HELD_MS[0], (time.perf_counter() - started) * 1000)
    settle()
    elapsed = (time.perf_counter() - started) * 1000
    if WIRE:
        WIRE.note()
    return elapsed


def measured(runs: list[list[float]]) -> dict:
    """``over_runs`` of the timings, with the most any one action sent to the database and held the GUI thread."""
    held, HELD_MS[0] = HELD_MS[0], 0.0
    return {**over_runs(runs), **(WIRE.most() if WIRE else {}), "most_held_ms": round(held, 1)}


def prefixes(word: str) -> list[str]:
    """What the box holds as someone types ``word``."""
    return [word[:n] for n in range(1, len(word) + 1)]


def type_and_apply(tab, text: str) -> float:
    """Put ``text`` in the search box, then time the filter the debounce would have run."""
    tab.search.blockSignals(True)
    tab.search.setText(text)
    tab.search.blockSignals(False)
    return timed_ui(tab.apply_filters)


def bench_table(tab, runs: int, status_all: str, searches: list[str], combos: dict) -> dict:
    """Sorting by each column, each filter choice, and typing each search, on one tab."""
    out: dict = {}
    model, table = tab.model, tab.table
    default_column = model.sort_column()  # filters and searches are measured in the tab's own order
    tab.status.setCurrentText(status_all)
    settle()
    from PySide6.QtCore import Qt

    for column, spec in enumerate(model.COLUMNS):
        if spec.sort_key is None:
            continue
        per_run = []
        for _ in range(runs):
            per_run.append([timed_ui(lambda: table.sortByColumn(column, order))
                            for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder)])
            if max(per_run[-1]) > GIVE_UP_MS:  # seconds per click: one run says enough, and keeps the suite short
                break
        out[f"sort by {spec.title}"] = measured(per_run)
    table.sortByColumn(default_column, Qt.SortOrder.AscendingOrder)
    for name, combo in combos.items():
        out[f"filter by {name}"] = measured([[timed_ui(lambda: combo.setCurrentIndex(i))
                                                for i in [*range(1, combo.count()), 0]] for _ in range(runs)])
    tab.status.setCurrentText(status_all)
    settle()
    for words in searches:
        per_run = []
        for _ in range(runs):
            per_run.append([type_and_apply(tab, text) for text in [*prefixes(words), ""]])
            if max(per_run[-1]) > GIVE_UP_MS:
                break
        out[f"search as you type '{words}'"] = measured(per_run)
    return out


def scroll_to_end(tab) -> dict:
    """Scroll the appointments table to its last row, page by page, as dragging the scroll bar down does."""
    table, model = tab.table, tab.model
    pages, started = [], time.perf_counter()
    while model.canFetchMore():
        before = model.rowCount()
        ms = timed_ui(table.scrollToBottom)
        if model.rowCount() == before and model.canFetchMore():
            ms += timed_ui(model.fetchMore)
        pages.append(ms)
    total = time.perf_counter() - started
    sent = WIRE.most() if WIRE else {}
    back = [timed_ui(table.scrollToTop), timed_ui(table.scrollToBottom)]
    for fraction in (0.5, 0.25, 0.75, 0.1, 0.9):
        back.append(timed_ui(lambda: table.scrollTo(model.index(int(model.rowCount() * fraction), 0))))
    held = sum(row is not None for row in model._rows)
    return {"rows": model.rowCount(), "rows_in_memory": held, "pages": len(pages), "total_s": round(total, 1),
            "page": {**summary(pages), **sent}, "jump": {**summary(back), **(WIRE.most() if WIRE else {})}}


def words_from(store) -> dict:
    """Search words a desk would type, chosen for the hard cases of a search index.

    Each is typed a letter at a time, so every word's one- and two-letter prefixes are measured too (``b``, ``br``
    match a large share of all jobs). From the data: a surname and a make with a first name (a two-word search of
    about a thousand jobs), a plate (a handful) and a job number. Common words of the demo's concerns and
    callback work (``brake``: about one job in eight; ``check engine``: two common words together), the commonest
    surname with the start of a first name (``smith ja``: a common word and two letters, few jobs holding both),
    and a word that matches nothing (``qzxw``, whose ``qz`` reads every line a trigram index cannot rule out).
    """
    from repair_desktop.store import AppointmentFilter, CallbackFilter

    row = store.list_appointments(AppointmentFilter(), sort="id", limit=1).rows[0]
    callback = store.list_callbacks(CallbackFilter(), sort="job_number", limit=1).rows[0]
    return {"appointments": [row.customer_name.split()[-1].lower(), row.plate[:5].lower(),
                             f"{row.make.lower()} {row.customer_name.split()[0].lower()}", "brake", "check engine",
                             "smith ja", "qzxw"],
            "callbacks": [callback.customer_name.split()[-1].lower(), callback.job_number[-5:],
                          callback.description.split()[0].lower(), "brake", "check engine", "qzxw"]}


def main(argv: list[str]) -> int:
    url, runs = argv[0], int(argv[1])
    scroll = "--no-scroll" not in argv
    if "--latency-ms" in argv:
        with _proxied(url, float(argv[argv.index("--latency-ms") + 1])) as (proxied, proxy):
            return _measure(proxied, runs, scroll, argv, proxy)
    return _measure(url, runs, scroll, argv, None)


@contextmanager
def _proxied(url: str, delay_ms: float):
    """``(url through the proxy, proxy)`` in a ``with``: the server's address swapped for the proxy's."""
    from sqlalchemy.engine import make_url

    from .latency_proxy import LatencyProxy

    parsed = make_url(url)
    with LatencyProxy(parsed.host or "127.0.0.1", parsed.port or 5432, delay_ms) as proxy:
        yield parsed.set(host=proxy.host, port=proxy.port).render_as_string(hide_password=False), proxy


def _measure(url: str, runs: int, scroll: bool, argv: list[str], proxy) -> int:
    global WIRE
    if "--keep-all" in argv:  # the model as it was before paging kept a bounded window: every row scrolled past stays in memory
        from repair_desktop.ui.widgets import paged_model

        paged_model.KEEP_PAGES = 10**9
    from PySide6.QtCore import QSettings

    from repair_desktop.store import Store
    from repair_desktop.ui.shell.application import freeze_when_built, make_application, screenshot_user
    from repair_desktop.ui.shell.main_window import MainWindow

    make_application()
    from .round_trips import Wire

    store = Store.open(url)
    WIRE = Wire(store, proxy)
    user = screenshot_user(store, None)
    results: dict = {"interactions": {}, "latency_ms": proxy.delay * 1000 if proxy else 0}
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(store, user, QSettings(f"{folder}/layout.ini", QSettings.Format.IniFormat))
        freeze_when_built(window)  # as the program does
        window.resize(1280, 800)
        window.show()
        # The tabs not shown are built in idle time right after the first paint; a person's first click on one
        # comes after that (a click before it builds the tab at once, as before).
        results["idle_tab_build_ms"] = round(wait_for(window.tabs_built), 1)
        settle()
        results["rss_start_mb"] = round(rss_mb(), 1)
        tabs: dict = {}
        sent: dict = {}
        for _ in range(runs):
            for name in ("workload", "callbacks", "appointments"):
                tabs.setdefault(f"open {name} tab", []).append([timed_ui(lambda: window.show_tab(name))])
                counts = sent.setdefault(f"open {name} tab", {})
                for key, value in WIRE.most().items():
                    counts[key] = max(value, counts.get(key, 0))
        results["interactions"].update({k: {**over_runs(v), **sent.get(k, {})} for k, v in tabs.items()})
        HELD_MS[0] = 0.0  # opening a tab reads on the GUI thread; the figure is for the lists' actions below
        words = words_from(store)
        appointments = window.tab("appointments")
        window.show_tab("appointments")
        settle()
        for key, value in bench_table(appointments, runs, "All statuses", words["appointments"],
                                      {"status": appointments.status, "technician": appointments.technician,
                                       "date": appointments.dates}).items():
            results["interactions"][f"appointments: {key}"] = value
        callbacks = window.tab("callbacks")
        window.show_tab("callbacks")
        settle()
        for key, value in bench_table(callbacks, runs, "All statuses", words["callbacks"],
                                      {"status": callbacks.status, "priority": callbacks.priority}).items():
            results["interactions"][f"callbacks: {key}"] = value
        if scroll:
            window.show_tab("appointments")
            appointments.search.setText("")
            appointments.dates.setCurrentText("Any date")
            appointments.technician.setCurrentIndex(0)
            appointments.status.setCurrentText("All statuses")
            appointments.table.sortByColumn(appointments.model.COL_SCHEDULED,
                                            __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
            settle()
            results["scroll"] = scroll_to_end(appointments)
            results["rss_after_scroll_mb"] = round(rss_mb(), 1)
        window.close()
    store.close()
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
