"""The window never grows with the data: a job with the longest texts the store accepts (and a 10,000-character
concern from before the store had limits) in every list and detail panel leaves every size hint as it was.

Before, one such concern made the main window 71,000 px wide, its minimum size too.
"""

import sqlite3
from contextlib import closing
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QListWidget

from repair_desktop.domain.limits import LONG_TEXT, SHORT_TEXT
from repair_desktop.ui.appointments.dialogs import BookAppointmentDialog, assign_dialog
from repair_desktop.ui.callbacks.contracts_dialog import ContractsDialog
from repair_desktop.ui.callbacks.dialogs import EditCallbackDialog
from repair_desktop.ui.shell.main_window import TABS, MainWindow
from repair_desktop.ui.widgets.long_text import (BREAK_EVERY, BREAK_LONGER_THAN, CELL_CHARACTERS, ElidedLabel, WrappingLabel,
                                                 breakable, cell_text, tooltip)
from sqlalchemy.engine import make_url
from support.ui_helpers import local, settled

LEGACY = 10_000  # a concern saved before the store refused more than LONG_TEXT characters


def text(length: int, spaces: bool) -> str:
    return ("Long words " * length)[:length].strip().ljust(length, "w") if spaces else "W" * length


def add_longest_job(shop, spaces: bool) -> dict:
    """Through the store: a customer, vehicle, technician and jobs with every text at its longest; then, as old
    data would have it, a 10,000-character concern written straight into the file."""
    store = shop.store
    short, long = text(SHORT_TEXT, spaces), text(LONG_TEXT, spaces)
    tech = store.add_employee("T" + short[1:], "technician", "4444", actor=shop.manager.id)
    email = "e" * (SHORT_TEXT - len("@example.com")) + "@example.com"
    customer = store.add_customer("C" + short[1:], short, email)
    vehicle = store.add_vehicle(customer.id, "M" + short[1:], "O" + short[1:], "P" + short[1:])
    today = local(date.today(), 15)
    assigned = store.book_appointment(vehicle.id, today, long, shop.desk.id).id
    store.assign_technician(assigned, tech.id, shop.desk.id)
    legacy = store.book_appointment(vehicle.id, today + timedelta(minutes=30), "to be replaced", shop.desk.id).id
    cancelled = store.book_appointment(vehicle.id, today + timedelta(hours=1), long, shop.desk.id).id
    store.cancel_appointment(cancelled, long, shop.desk.id)
    store.add_contract(customer.id, date.today() - timedelta(days=1), date.today() + timedelta(days=200),
                       plan="A" + short[1:])
    claimed = store.create_callback(customer.id, today, long, "urgent", shop.desk.id, notes=long,
                                    issue_type=short).id
    store.claim_callback(claimed, tech.id)
    waiting = store.create_callback(customer.id, today, long, "high", shop.desk.id, notes=long, issue_type=short).id
    with closing(sqlite3.connect(make_url(store.url).database)) as db, db:
        db.execute("UPDATE appointments SET concern = ? WHERE id = ?", (text(LEGACY, spaces), legacy))
    return {"tech": tech, "customer": customer, "assigned": assigned, "legacy": legacy, "cancelled": cancelled,
            "claimed": claimed, "waiting": waiting}


def hints(qtbot, window: MainWindow) -> list[tuple[str, QSize, QSize]]:
    """For each tab in turn, with its figures read: the window's minimum size and size hint (every tab built:
    each counts)."""
    tabs = [tab for name in TABS if (tab := window.tab(name)) is not None]

    def settled() -> None:
        # Every tab counts (the tabs share one stack), so wait for all of them to have shown their figures,
        # then for the layouts to take them in: a layout request climbs one parent per pass of the queue.
        qtbot.waitUntil(lambda: not any(getattr(tab, "is_reading", lambda: False)() for tab in tabs))
        for _ in range(10):
            QApplication.sendPostedEvents()
            QApplication.processEvents()

    for name in TABS:  # a tab reads its figures when first shown
        if window.show_tab(name):
            settled()
    seen = []
    for name in TABS:
        if window.show_tab(name):
            settled()
            seen.append((name, window.minimumSizeHint(), window.sizeHint()))
    return seen


def show_everything(qtbot, window: MainWindow, job: dict) -> None:
    """Select each long row in every list of every tab, so its detail panel and history show it."""
    if (appointments := window.tab("appointments")) is not None:
        appointments.status.setCurrentText("All statuses")
        settled(qtbot, appointments)
        for key in ("assigned", "legacy", "cancelled"):
            appointments.select(job[key])
            window.show_tab("appointments")
            QApplication.processEvents()
    if (callbacks := window.tab("callbacks")) is not None:
        for key in ("claimed", "waiting"):
            callbacks.select(job[key])
            QApplication.processEvents()


@pytest.mark.parametrize("spaces", [False, True], ids=["one word", "with spaces"])
@pytest.mark.parametrize("who", ["manager", "desk", "tech"])
def test_the_longest_texts_leave_the_window_as_it_was(qtbot, shop, settings, who, spaces):
    def open_window(user) -> MainWindow:
        window = MainWindow(shop.store, user, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    people = {"manager": shop.manager, "desk": shop.desk, "tech": shop.tom}
    plain = open_window(people[who])
    before, size = hints(qtbot, plain), plain.size()
    plain.close()

    job = add_longest_job(shop, spaces)
    window = open_window(job["tech"] if who == "tech" else people[who])
    show_everything(qtbot, window, job)

    after = hints(qtbot, window)
    assert [(n, m.width(), h.width()) for n, m, h in after] == [(n, m.width(), h.width()) for n, m, h in before]
    # Heights may differ by what the jobs' states show (a technician's Start work button), never by text.
    assert all(m.height() <= b.height() + 40 and h.height() <= c.height() + 40
               for (_, m, h), (_, b, c) in zip(after, before))
    assert window.size() == size
    window.show_tab("appointments")
    tab = window.tab("appointments")
    tab.select(job["legacy"] if who != "tech" else job["assigned"])
    concern = tab.detail.labels["concern"]
    qtbot.waitUntil(concern.isVisible)
    assert concern.full_text() == tab.current().concern and concern.width() < window.width() // 2
    assert tab.detail.fields.widget().width() <= tab.detail.fields.viewport().width()  # wrapped inside the panel, not clipped


def test_lists_show_one_line_and_tooltips_wrap():
    legacy = "x" * LEGACY
    assert len(cell_text(legacy)) == CELL_CHARACTERS and cell_text(legacy).endswith("…")
    assert cell_text("Brakes squeal\nwhen cold") == "Brakes squeal when cold"
    assert cell_text("Oil change") == "Oil change"
    assert tooltip("Oil change") == "Oil change"
    assert tooltip(legacy).startswith("<p>") and len(tooltip(legacy)) < 1200
    assert tooltip("<b>not bold</b>\n" + "y" * 100).startswith("<p>&lt;b&gt;not bold&lt;/b&gt;<br>")
    address = "alice.archer@example.com".rjust(BREAK_LONGER_THAN, "a")
    assert breakable(address) == address  # real values stay exact
    assert max(len(run) for run in breakable(legacy).split("\u200b")) == BREAK_EVERY


def test_a_wrapping_label_wraps_anywhere_and_keeps_the_text(qtbot):
    label = WrappingLabel("z" * LEGACY)
    qtbot.addWidget(label)
    assert label.minimumSizeHint().width() < 400 and label.sizeHint().width() < 700
    assert label.full_text() == "z" * LEGACY
    assert label.heightForWidth(300) > 10 * label.fontMetrics().height()  # it wraps, to many lines


def test_an_elided_label_ends_in_an_ellipsis_and_tells_the_rest(qtbot):
    label = ElidedLabel("Signed in: " + "N" * SHORT_TEXT)
    qtbot.addWidget(label)
    label.resize(200, 20)
    label.show()
    assert label.text() == "Signed in: " + "N" * SHORT_TEXT and label.toolTip()
    assert label.sizeHint().width() < 400 and label.minimumSizeHint().width() < 100
    assert label.shown_text().endswith("…")
    assert label.fontMetrics().horizontalAdvance(label.shown_text()) <= 200


@pytest.mark.parametrize("spaces", [False, True], ids=["one word", "with spaces"])
def test_dialogs_keep_their_size_with_the_longest_texts(qtbot, shop, spaces):
    job = add_longest_job(shop, spaces)
    row = shop.store.appointment(job["legacy"])
    callback = shop.store.callback(job["waiting"])
    book = BookAppointmentDialog(shop.store, shop.desk.id)
    book.search.setText("C" + text(SHORT_TEXT, spaces)[1:20])
    dialogs = [book, assign_dialog(None, shop.store, row, shop.desk.id),
               EditCallbackDialog(shop.store, callback, shop.desk.id),
               ContractsDialog(shop.store, shop.desk.id, search="C" + text(SHORT_TEXT, spaces)[1:20])]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        assert dialog.minimumSizeHint().width() < 1000, type(dialog).__name__
        assert dialog.sizeHint().width() < 1100, type(dialog).__name__
        assert dialog.width() < 1100, type(dialog).__name__
    for view in book.findChildren(QListWidget):
        assert view.horizontalScrollBar().maximum() == 0  # elided, never scrolled sideways
    assert book.vehicle.sizeHint().width() < 500
    assert dialogs[2].findChild(ElidedLabel).text().startswith("C")
    assert Qt.TextElideMode.ElideRight == book.matches.textElideMode()
