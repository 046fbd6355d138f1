"""Plain helpers for the widget tests (the fixtures that use them live in conftest.py).

A small shop built through the store's public API, a way to drive modal dialogs that the code under test
opens with ``exec()``, a recorder that stands in for ``QMessageBox``'s static functions, a shown main window,
and the rows of a table or an exported CSV file as text.
"""

import csv
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget

from sqlalchemy.engine import make_url

from repair_desktop.store import CustomerRecord, EmployeeRecord, Store, VehicleRecord
from repair_desktop.ui.shell.main_window import MainWindow

PINS = {"Mia Manager": "1234", "Fran Desk": "2222", "Tom Tech": "1111", "Tara Tech": "3333"}


def today() -> date:
    """Read at each use, as the store reads its clock: a run that passes midnight compares the same day."""
    return date.today()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time at the desk (naive local time, as the dialogs hand it to the store)."""
    return datetime.combine(day, time(hour, minute))


@dataclass
class Shop:
    """A small shop: a manager, a front desk clerk, two technicians, three customers and five appointments.

    Appointments (``appointments[name]`` -> id), relative to today so the date filters have something to find:

    =======  ===================  ==============  ===========  ==========
    name     customer / vehicle   scheduled       status       technician
    =======  ===================  ==============  ===========  ==========
    brakes   Alice / Focus        today 10:00     scheduled
    oil      Bob / Corolla        today 14:00     assigned     Tom
    engine   Alice / Focus        tomorrow 09:00  in progress  Tom
    wipers   Bob / Corolla        3 days ago      completed    Tara
    tyres    Carol / Golf         in 8 days       cancelled
    =======  ===================  ==============  ===========  ==========
    """

    store: Store
    manager: EmployeeRecord
    desk: EmployeeRecord
    tom: EmployeeRecord
    tara: EmployeeRecord
    alice: CustomerRecord
    bob: CustomerRecord
    carol: CustomerRecord
    focus: VehicleRecord
    corolla: VehicleRecord
    golf: VehicleRecord
    appointments: dict[str, int] = field(default_factory=dict)

    def book(self, vehicle: VehicleRecord, when: datetime, concern: str) -> int:
        return self.store.book_appointment(vehicle.id, when, concern, self.desk.id).id

    def fill_up(self, technician: EmployeeRecord, jobs: int) -> list[int]:
        """Book and assign ``jobs`` more appointments to ``technician`` through the store (as another PC would)."""
        ids = []
        for i in range(jobs):
            booked = self.book(self.golf, local(date.today(), 16, i), f"Extra job {i + 1} for {technician.name}")
            self.store.assign_technician(booked, technician.id, self.desk.id)
            ids.append(booked)
        return ids


def build_shop(store: Store) -> Shop:
    manager = store.add_employee("Mia Manager", "manager", PINS["Mia Manager"])
    desk = store.add_employee("Fran Desk", "front_desk", PINS["Fran Desk"], actor=manager.id)
    tom = store.add_employee("Tom Tech", "technician", PINS["Tom Tech"], actor=manager.id)
    tara = store.add_employee("Tara Tech", "technician", PINS["Tara Tech"], actor=manager.id)
    alice = store.add_customer("Alice Archer", "555-0101", "alice@example.com")
    bob = store.add_customer("Bob Baker", "555-0202")
    carol = store.add_customer("Carol Chen", "555-0303")
    focus = store.add_vehicle(alice.id, "Ford", "Focus", "AA-111", year=2015)
    corolla = store.add_vehicle(bob.id, "Toyota", "Corolla", "BB-222", year=2018)
    golf = store.add_vehicle(carol.id, "Volkswagen", "Golf", "CC-333")
    shop = Shop(store, manager, desk, tom, tara, alice, bob, carol, focus, corolla, golf)
    today = date.today()
    a = shop.appointments
    a["brakes"] = shop.book(focus, local(today, 10), "Brakes squeal when cold")
    a["oil"] = shop.book(corolla, local(today, 14), "Oil change")
    store.assign_technician(a["oil"], tom.id, desk.id)
    a["engine"] = shop.book(focus, local(today + timedelta(days=1), 9), "Check engine light is on")
    store.assign_technician(a["engine"], tom.id, desk.id)
    store.start_work(a["engine"], tom.id)
    a["wipers"] = shop.book(corolla, local(today - timedelta(days=3), 11), "Replace wiper blades")
    store.assign_technician(a["wipers"], tara.id, desk.id)
    store.start_work(a["wipers"], tara.id)
    store.complete_work(a["wipers"], tara.id)
    a["tyres"] = shop.book(golf, local(today + timedelta(days=8), 8), "Fit winter tyres")
    store.cancel_appointment(a["tyres"], "Customer sold the car", desk.id)
    return shop


def load_shop(store: Store, appointments: dict[str, int]) -> Shop:
    """The ``Shop`` of a database that ``build_shop`` filled (or a copy of one), read back through the store."""
    people = {e.name: e for e in store.employees()}
    customers = {c.name: c for c in store.find_customers()}
    alice, bob, carol = customers["Alice Archer"], customers["Bob Baker"], customers["Carol Chen"]
    return Shop(store, people["Mia Manager"], people["Fran Desk"], people["Tom Tech"], people["Tara Tech"],
                alice, bob, carol, store.vehicles(alice.id)[0], store.vehicles(bob.id)[0], store.vehicles(carol.id)[0],
                dict(appointments))


@dataclass
class MessageBoxes:
    """Every ``QMessageBox`` static call the code under test made, as ``(kind, title, text)``."""

    calls: list[tuple[str, str, str]] = field(default_factory=list)

    def of(self, kind: str) -> list[tuple[str, str]]:
        return [(title, text) for k, title, text in self.calls if k == kind]

    def titles(self) -> list[str]:
        return [title for _, title, _ in self.calls]


def record_message_boxes(monkeypatch) -> MessageBoxes:
    """No test can hang on a message box: each static call is recorded instead of shown (OK, Yes to questions)."""
    boxes = MessageBoxes()

    def recorder(kind: str, answer):
        def show(parent, title, text, *args, **kwargs):
            boxes.calls.append((kind, title, text))
            return answer
        return staticmethod(show)

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind, QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "about", recorder("about", None))
    return boxes


def show_window(qtbot, store: Store, user: EmployeeRecord, settings: QSettings, tab: str | None = None) -> MainWindow:
    """A shown main window on ``store``, signed in as ``user``, on ``tab`` when given."""
    window = MainWindow(store, user, settings)
    qtbot.addWidget(window)
    window.show()
    if tab is not None:
        window.show_tab(tab)
    qtbot.waitExposed(window)
    return window


def shown(model: QAbstractItemModel) -> list[list[str]]:
    """Every cell of the rows a table model holds, as the table shows them."""
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def read_csv(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


class ModalDriver:
    """Drive a modal dialog that the code under test opens with ``exec()``.

    ``run(opener, interact)`` arranges for ``interact(dialog)`` to run as soon as a dialog is the active
    modal widget, then calls ``opener()``, which blocks in ``exec()`` until the dialog closes. When
    ``interact`` fails, the dialog is rejected (so ``exec()`` returns) and the failure is raised from ``run``.
    """

    def run(self, opener: Callable[[], Any], interact: Callable[[QDialog], None], timeout: float = 5.0) -> Any:
        outcome: dict[str, Any] = {}
        deadline = clock.monotonic() + timeout

        def poll() -> None:
            if "returned" in outcome:  # the opener is done (it opened nothing): never touch a later dialog
                return
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QDialog) or not dialog.isVisible():
                if clock.monotonic() < deadline:
                    QTimer.singleShot(5, poll)
                return
            outcome["dialog"] = dialog
            try:
                interact(dialog)
            except BaseException as error:  # noqa: BLE001 - raised again below, once exec() has returned
                outcome["error"] = error
                if dialog.isVisible():
                    dialog.reject()

        QTimer.singleShot(0, poll)
        try:
            result = opener()
        finally:
            outcome["returned"] = True
        if "error" in outcome:
            raise outcome["error"]
        assert "dialog" in outcome, "the code under test opened no modal dialog"
        return result


    def run_in_turn(self, opener: Callable[[], Any], *steps: Callable[[QDialog], None], timeout: float = 10.0) -> Any:
        """Like ``run`` for an ``opener`` that opens modal dialogs one after another (the first start's manager,
        then the team): each new one is handed to the next of ``steps``."""
        pending, seen, errors = list(steps), [], []
        deadline = clock.monotonic() + timeout

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and dialog.isVisible() and not any(dialog is d for d in seen):
                seen.append(dialog)
                try:
                    pending.pop(0)(dialog)
                except BaseException as error:  # noqa: BLE001 - raised again below, once exec() has returned
                    errors.append(error)
                    dialog.reject()
            if pending and clock.monotonic() < deadline:
                QTimer.singleShot(5, poll)

        QTimer.singleShot(0, poll)
        result = opener()
        if errors:
            raise errors[0]
        assert not pending, f"{len(pending)} of the dialogs never opened"
        return result


def break_database(store: Store) -> None:
    """Make a SQLite store's database impossible to open (its engines reconnect on the next call): a folder
    stands where the file was. What a PC sees when the shared file vanishes or its disk goes away."""
    store.close()
    database = Path(make_url(store.url).database)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.mkdir()


def ok_button(dialog: QDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def cancel_button(dialog: QDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_header(qtbot, view, column: int) -> None:
    """Click a column's header section, as a person sorting the table does."""
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    assert 0 <= x < header.viewport().width(), "the header section is off screen"
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def settled(qtbot, shown) -> None:
    """Wait until the first page a filter, search or sort asked for is read (off the GUI thread) and shown;
    ``shown``: a list tab or its model."""
    model = getattr(shown, "model", shown)
    qtbot.waitUntil(lambda: not model.loading())
