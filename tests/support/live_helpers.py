"""Helpers for the live-refresh, conflict and outage tests, on SQLite and on PostgreSQL alike.

Two ``Store``s on one database stand for two shop PCs; each gets its own ``MainWindow`` in the one test
process. Changes are made through the *other* store (as the other PC would) and the window is watched until
it shows them.
"""

import statistics
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as wall, timedelta

from PySide6.QtCore import QSettings

from repair_desktop.store import EmployeeRecord, Store

from .ui_helpers import show_window

#: The bound the issue sets for another PC's change to show.
REFRESH_BOUND_SECONDS = 2.0


@dataclass
class LiveShop:
    store: Store
    manager: EmployeeRecord
    desk: EmployeeRecord
    tom: EmployeeRecord
    tara: EmployeeRecord
    customer_id: int
    vehicle_id: int
    appointments: list[int] = field(default_factory=list)
    callbacks: list[int] = field(default_factory=list)


def build_live_shop(store: Store) -> LiveShop:
    """A manager, a desk clerk, two technicians, one customer under contract, three appointments, three callbacks."""
    today = date.today()
    manager = store.add_employee("Mia Manager", "manager")
    desk = store.add_employee("Fran Desk", "front_desk", actor=manager.id)
    tom = store.add_employee("Tom Tech", "technician", actor=manager.id)
    tara = store.add_employee("Tara Tech", "technician", actor=manager.id)
    customer = store.add_customer("Alice Archer", "555-0101")
    vehicle = store.add_vehicle(customer.id, "Ford", "Focus", "AA-111")
    store.add_contract(customer.id, today - timedelta(days=30), today + timedelta(days=300))
    shop = LiveShop(store, manager, desk, tom, tara, customer.id, vehicle.id)
    for hour in (9, 11, 13):
        shop.appointments.append(
            store.book_appointment(vehicle.id, at(today + timedelta(days=1), hour), f"Job at {hour}", desk.id).id)
    for hour, priority in ((10, "high"), (12, "medium"), (14, "low")):
        shop.callbacks.append(store.create_callback(customer.id, at(today + timedelta(days=1), hour),
                                                    f"Callback at {hour}", priority, desk.id).id)
    return shop


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, wall(hour))


def open_window(qtbot, store: Store, user: EmployeeRecord, settings_path, tab: str):
    """A shown main window on ``store`` (one PC), signed in as ``user``, on ``tab``, following the change feed."""
    window = show_window(qtbot, store, user, QSettings(str(settings_path), QSettings.Format.IniFormat), tab)
    qtbot.waitUntil(window.watcher.is_running, timeout=2000)
    return window


def row_text(model, entity_id: int, column: int) -> str | None:
    row = model.row_of(entity_id)
    return None if row < 0 else model.data(model.index(row, column))


def measure(qtbot, rounds: int, change, shown) -> list[float]:
    """Seconds from each ``change(i)`` (on the other PC) until ``shown(i)`` holds in this window."""
    latencies = []
    for i in range(rounds):
        start = time.perf_counter()
        change(i)
        qtbot.waitUntil(lambda: shown(i), timeout=int(REFRESH_BOUND_SECONDS * 1000))
        latencies.append(time.perf_counter() - start)
    return latencies


def report(engine: str, latencies: list[float]) -> str:
    line = (f"{engine}: {len(latencies)} changes from another PC, refresh latency median "
            f"{statistics.median(latencies) * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms")
    print(line)
    return line


# --- scenarios shared by the SQLite (polling) and PostgreSQL (NOTIFY) tests ----------------------------------


def scenario_latency(qtbot, shop: LiveShop, other: Store, tmp_path, engine: str, rounds: int = 20) -> list[float]:
    """Another PC edits a callback ``rounds`` times; this window's board shows each edit in place, within the
    bound, while the clerk's selected row and scroll position stay put."""
    from repair_desktop.ui.callbacks.model import CallbacksModel

    window = open_window(qtbot, shop.store, shop.desk, tmp_path / f"{engine}-a.ini", "callbacks")
    tab = window.tab("callbacks")
    edited, selected = shop.callbacks[0], shop.callbacks[1]
    tab.select(selected)
    scroll = tab.table.verticalScrollBar().value()
    rows_before = tab.model.rowCount()
    latencies = measure(
        qtbot, rounds,
        lambda i: other.update_callback(edited, shop.manager.id, description=f"Revision {i}"),
        lambda i: row_text(tab.model, edited, CallbacksModel.COL_DESCRIPTION) == f"Revision {i}")
    assert tab.current().id == selected
    assert tab.table.verticalScrollBar().value() == scroll
    assert tab.model.rowCount() == rows_before  # updated in place: no reload, no duplicates
    assert tab.detail.isVisible()
    created = other.create_callback(shop.customer_id, at(date.today() + timedelta(days=1), 11), "Door rattles",
                                    "medium", shop.desk.id)  # between the high one and the 12:00 medium one
    qtbot.waitUntil(lambda: tab.model.row_of(created.id) == 1, timeout=int(REFRESH_BOUND_SECONDS * 1000))
    assert tab.current().id == selected
    report(engine, latencies)
    assert max(latencies) < REFRESH_BOUND_SECONDS
    return latencies


def scenario_appointments(qtbot, shop: LiveShop, other: Store, tmp_path) -> None:
    """An appointment assigned on the other PC shows its technician here, and one booked there appears at its
    place in the list, the selection staying put."""
    from repair_desktop.ui.appointments.model import AppointmentsModel

    window = open_window(qtbot, shop.store, shop.desk, tmp_path / "appointments.ini", "appointments")
    tab = window.tab("appointments")
    changed, selected = shop.appointments[0], shop.appointments[2]
    tab.select(selected)
    other.assign_technician(changed, shop.tom.id, shop.desk.id)
    qtbot.waitUntil(lambda: row_text(tab.model, changed, AppointmentsModel.COL_TECHNICIAN) == "Tom Tech",
                    timeout=int(REFRESH_BOUND_SECONDS * 1000))
    assert tab.current().id == selected
    booked = other.book_appointment(shop.vehicle_id, at(date.today() + timedelta(days=1), 10),
                                    "Booked on the other PC", shop.desk.id)  # between the 9:00 and 11:00 jobs
    qtbot.waitUntil(lambda: tab.model.row_of(booked.id) == 1, timeout=int(REFRESH_BOUND_SECONDS * 1000))
    assert tab.current().id == selected
    assert tab.model.rowCount() == len(shop.appointments) + 1


def scenario_new_pending_callback(qtbot, shop: LiveShop, other: Store, tmp_path) -> None:
    """A technician's Available jobs gains a callback created on the desk's PC (urgent: at the top) and loses
    one a colleague picked on theirs; the technician's selection stays on the job they were looking at."""
    from repair_desktop.ui.callbacks.technician_jobs import TechnicianJobsTab

    window = open_window(qtbot, shop.store, shop.tom, tmp_path / "tom.ini", "callbacks")
    tab = window.tab("callbacks")
    assert isinstance(tab, TechnicianJobsTab)
    looking_at = shop.callbacks[2]
    assert tab.select(looking_at)
    created = other.create_callback(shop.customer_id, at(date.today() + timedelta(days=1), 8),
                                    "Steering pulls left", "urgent", shop.desk.id)
    bound = int(REFRESH_BOUND_SECONDS * 1000)
    qtbot.waitUntil(lambda: tab.available.row_of(created.id) == 0, timeout=bound)
    other.claim_callback(shop.callbacks[0], shop.tara.id)
    qtbot.waitUntil(lambda: tab.available.row_of(shop.callbacks[0]) < 0, timeout=bound)
    assert tab.current().id == looking_at
    assert tab.available_box.title() == "Available jobs (3)"


def scenario_conflict(qtbot, shop: LiveShop, other: Store, tmp_path) -> None:
    """Two clerks edit one callback on two PCs: the second save is refused with who and when, the typed
    description stays, "Reload" brings in the first clerk's priority, and saving again keeps both changes."""
    from repair_desktop.ui.callbacks.dialogs import EditCallbackDialog
    from repair_desktop.ui.callbacks.model import CallbacksModel

    window_a = open_window(qtbot, shop.store, shop.desk, tmp_path / "desk.ini", "callbacks")
    window_b = open_window(qtbot, other, shop.manager, tmp_path / "manager.ini", "callbacks")
    tab_a, tab_b = window_a.tab("callbacks"), window_b.tab("callbacks")
    target = shop.callbacks[1]
    tab_a.select(target)
    tab_b.select(target)
    desk_dialog = EditCallbackDialog(shop.store, tab_a.current(), shop.desk.id, tab_a)
    manager_dialog = EditCallbackDialog(other, tab_b.current(), shop.manager.id, tab_b)
    for dialog in (desk_dialog, manager_dialog):
        qtbot.addWidget(dialog)
        dialog.show()
    desk_dialog.description.setPlainText("Customer says the noise is worse at speed")  # half-way through typing
    manager_dialog.priority.setCurrentIndex(manager_dialog.priority.findData("urgent"))
    manager_dialog.accept()
    assert manager_dialog.result() == manager_dialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: row_text(tab_a.model, target, CallbacksModel.COL_PRIORITY) == "Urgent",
                    timeout=int(REFRESH_BOUND_SECONDS * 1000))  # the desk's list shows it; its dialog stays
    assert desk_dialog.isVisible()
    assert desk_dialog.description.toPlainText() == "Customer says the noise is worse at speed"

    desk_dialog.accept()
    assert desk_dialog.isVisible()
    assert "changed by Mia Manager at " in desk_dialog.problem.text()
    assert desk_dialog.description.toPlainText() == "Customer says the noise is worse at speed"
    assert desk_dialog.reload_button.isVisible()
    desk_dialog.reload_button.click()
    assert desk_dialog.priority.currentData() == "urgent"  # their change, offered
    assert desk_dialog.description.toPlainText() == "Customer says the noise is worse at speed"  # ours, kept
    assert "Urgent priority" in desk_dialog.problem.text()
    desk_dialog.accept()
    assert desk_dialog.result() == desk_dialog.DialogCode.Accepted
    saved = other.callback(target)
    assert (saved.priority, saved.description) == ("urgent", "Customer says the noise is worse at speed")


def scenario_clean_close(qtbot, shop: LiveShop, tmp_path) -> None:
    window = open_window(qtbot, shop.store, shop.manager, tmp_path / "close.ini", "appointments")
    window.close()
    assert not window.watcher.is_running()
