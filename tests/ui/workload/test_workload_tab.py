"""The workload tab against a real SQLite shop (``shop`` in conftest/ui_helpers): numbers, charts, assigning
waiting jobs, exports, refreshing, and the screenshot.

At the start: Tom Tech has "oil" (assigned) and "engine" (in progress), 2 of 3; Tara Tech has none and
finished "wipers" a moment ago; "brakes" waits for a technician.
"""

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

from PySide6 import QtGraphs  # noqa: F401  (lets Python read the charts' axis objects)
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QListWidget

from repair_desktop.domain.statuses import Role
from repair_desktop.store import DayCount, Store
from repair_desktop.ui.workload.chart_axes import chart_names, completion_bars, nice_axis
from repair_desktop.ui.shell.main_window import MainWindow
from repair_desktop.ui.workload.model import WAITING_JOB_MIME, WorkloadModel
from repair_desktop.ui.workload.tab import WorkloadTab, period_days
from support.ui_helpers import local, ok_button


def table(tab) -> list[list[str]]:
    model = tab.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def cards(tab) -> dict[str, str]:
    return tab.cards.values()


def qml(tab, name: str) -> QObject:
    found = tab.charts.throughput.rootObject().findChild(QObject, name)
    assert found is not None, name
    return found


def settled(qtbot, tab) -> None:
    """Wait until the tab has read and shown what it asked the store for (it reads off the GUI thread)."""
    qtbot.waitUntil(lambda: not tab.is_reading())


def refreshed(qtbot, tab) -> None:
    tab.refresh()
    settled(qtbot, tab)


def changed(qtbot, tab, kind: str, entity_id: int, until) -> None:
    """Tell the tab a job changed (as another tab would), then wait for it to show."""
    tab.events.changed.emit(kind, entity_id)
    qtbot.waitUntil(until)


def test_summary_and_table_agree_with_the_store(tab, shop):
    workload = shop.store.workload()
    assert cards(tab) == {"total": str(workload.total), "available": str(workload.available),
                          "busy": str(workload.busy), "utilization": f"{workload.utilization_rate:.0%}",
                          "waiting": "1", "late": "0"}
    assert cards(tab)["utilization"] == "33%"
    assert table(tab) == [["Tara Tech", "0/3", "Yes", "0", "1", "1", "0 min"],
                          ["Tom Tech", "2/3", "Yes", "1", "0", "0", "–"]]


def test_numbers_follow_assignments_and_completions(qtbot, tab, shop):
    brakes = shop.appointments["brakes"]
    shop.store.assign_technician(brakes, shop.tom.id, shop.desk.id)
    changed(qtbot, tab, "appointment", brakes, lambda: cards(tab)["busy"] == "1")
    assert cards(tab) == {"total": "2", "available": "1", "busy": "1", "utilization": "50%", "waiting": "0",
                          "late": "0"}
    assert table(tab)[1][:4] == ["Tom Tech", "3/3", "No", "1"]
    engine = shop.appointments["engine"]
    shop.store.complete_work(engine, shop.tom.id)
    changed(qtbot, tab, "appointment", engine, lambda: table(tab)[1][1] == "2/3")
    assert table(tab)[1][:6] == ["Tom Tech", "2/3", "Yes", "0", "1", "1"]
    workload = shop.store.workload()
    assert (cards(tab)["available"], cards(tab)["busy"]) == (str(workload.available), str(workload.busy))


def test_charts_hold_the_store_numbers(qtbot, tab, shop):
    shop.store.add_contract(shop.alice.id, date.today() - timedelta(days=1), date.today() + timedelta(days=365))
    callback = shop.store.create_callback(shop.alice.id, local(date.today(), 12), "Squeak is back", "urgent",
                                          shop.desk.id)
    shop.store.assign_technician(shop.appointments["brakes"], shop.tom.id, shop.desk.id)
    changed(qtbot, tab, "callback", callback.id, lambda: tab.chart_data.value("fullJobs") == [0, 3])
    qtbot.waitUntil(tab.is_ready)
    data = tab.chart_data
    assert data.value("technicianNames") == ["Tara", "Tom"]
    assert (data.value("activeJobs"), data.value("fullJobs"), data.value("capacity")) == ([0, 0], [0, 3], 3)
    assert len(data.value("completedLabels")) == 30 and data.value("completedTotal") == 1
    assert data.value("completedAppointments")[-1] == 1 and data.value("completedCallbacks")[-1] == 0
    assert data.value("averageNames") == ["Tara", "Tom"] and data.value("averageHours") == [0.0, 0.0]
    assert data.value("callbackCounts")["pending"] == [1, 0, 0, 0]  # urgent, high, medium, low
    # ... and the QML series draw exactly those values
    assert qml(tab, "fullSet").property("values") == [0, 3]
    assert qml(tab, "activeSet").property("values") == [0, 0]
    assert qml(tab, "loadChart").property("axisX").property("categories") == ["Tara", "Tom"]
    assert qml(tab, "capacityLine").property("count") == 2
    assert qml(tab, "appointmentsSet").property("values")[-1] == 1
    assert qml(tab, "pendingSet").property("values") == [1, 0, 0, 0]
    assert qml(tab, "openSet").property("values") == [0, 0, 0, 0]


def test_period_picker_regroups_the_history(qtbot, tab):
    tab.period.setCurrentText("Today")
    settled(qtbot, tab)
    assert tab.chart_data.value("completedLabels") == [f"{date.today():%a}"]
    assert tab.chart_data.value("completedAppointments") == [1]
    tab.period.setCurrentText("This week")
    settled(qtbot, tab)
    assert len(tab.chart_data.value("completedLabels")) == 7
    tab.period.setCurrentText("Custom range")
    settled(qtbot, tab)
    assert tab.date_from.isVisible() and tab.date_to.isVisible()
    tab.date_to.setDate(date.today() - timedelta(days=1))
    settled(qtbot, tab)
    tab.date_from.setDate(date.today() - timedelta(days=120))
    settled(qtbot, tab)
    assert tab.chart_data.value("completedTitle") == "Jobs completed per week"
    assert tab.chart_data.value("completedTotal") == 0
    assert qml(tab, "completedPanel").property("emptyText") == "Nothing completed in this period"


def test_period_days():
    wednesday = date(2026, 11, 25)
    assert period_days("Today", wednesday, wednesday, wednesday) == (wednesday, wednesday)
    assert period_days("This week", wednesday, wednesday, wednesday) == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_days("Last 30 days", wednesday, wednesday, wednesday) == (date(2026, 10, 27), wednesday)
    assert period_days("Custom range", wednesday, date(2026, 12, 1), date(2026, 11, 1)) == (
        date(2026, 11, 1), date(2026, 12, 1))


def test_chart_arithmetic():
    assert nice_axis(0) == (1.0, 1.0) and nice_axis(7) == (8.0, 2.0) and nice_axis(2.4, whole=False) == (2.5, 0.5)
    assert chart_names(["Ann Lee", "Ann Park", "Bob Stone", "Cy"]) == ["Ann L.", "Ann P.", "Bob", "Cy"]
    start = date(2026, 9, 1)
    days = [DayCount(start + timedelta(days=n), 1, n % 2) for n in range(90)]
    weekly = completion_bars(days)
    assert weekly.unit == "week" and weekly.labels[0] == "31 Aug" and len(set(weekly.labels)) == len(weekly.labels)
    assert sum(weekly.appointments) == 90 and sum(weekly.callbacks) == 45
    daily = completion_bars(days[:30])
    assert daily.unit == "day" and len(daily.labels) == 30 and daily.shown_labels[-1] == daily.labels[-1]
    assert len(daily.shown_labels) <= 4


def drop(tab, job_row: int, technician_row: int) -> None:
    """Drag a waiting job over a technician's row and drop it: the events a real drag delivers to the view."""
    data = tab.waiting.mimeData([tab.waiting.item(job_row)])
    at = tab.table.visualRect(tab.model.index(technician_row, WorkloadModel.COL_NAME)).center()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (QDragEnterEvent(at, Qt.DropAction.CopyAction, data, left, none),  # Qt: QPoint here,
                  QDragMoveEvent(at, Qt.DropAction.CopyAction, data, left, none),
                  QDropEvent(QPointF(at), Qt.DropAction.CopyAction, data, left, none)):  # QPointF here
        QApplication.sendEvent(tab.table.viewport(), event)


def test_dropping_a_waiting_job_on_a_technician_assigns_it(qtbot, tab, shop):
    tab.table.selectRow(0)
    drop(tab, job_row=0, technician_row=1)  # brakes -> Tom
    qtbot.waitUntil(lambda: table(tab)[1][1] == "3/3")
    assert shop.store.appointment(shop.appointments["brakes"]).technician_id == shop.tom.id
    assert tab.waiting.count() == 0
    assert tab.current().name == "Tom Tech"


def test_the_store_refuses_a_drop_on_a_technician_who_filled_up_elsewhere(qtbot, tab, shop, message_boxes):
    shop.fill_up(shop.tom, 1)  # another PC: the tab still shows Tom at 2/3
    drop(tab, job_row=0, technician_row=1)
    qtbot.waitUntil(lambda: bool(message_boxes.calls))
    assert message_boxes.of("warning") == [("Technician is fully booked",
                                            "Tom Tech already has 3 of 3 active jobs. Choose another technician, "
                                            "or finish or hand over one of their jobs first.")]
    assert shop.store.appointment(shop.appointments["brakes"]).technician_id is None
    settled(qtbot, tab)
    assert table(tab)[1][1] == "3/3"  # and the tab now shows the store as it is


def test_a_full_technician_takes_no_drop_and_no_assign(qtbot, tab, shop):
    shop.store.assign_technician(shop.appointments["brakes"], shop.tom.id, shop.desk.id)
    refreshed(qtbot, tab)
    tab.table.selectRow(1)
    assert not tab.assign_action.isEnabled()
    mime = QMimeData()
    mime.setData(WAITING_JOB_MIME, b"1:1")
    assert not tab.model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, tab.model.index(1, 0))
    assert tab.model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, tab.model.index(0, 0))


def test_assign_waiting_job_action(qtbot, tab, shop, modal):
    tab.table.selectRow(0)  # Tara
    assert tab.assign_action.isEnabled()

    def choose(dialog):
        assert dialog.findChild(QListWidget).count() == 1
        ok_button(dialog).click()

    modal.run(tab.assign_action.trigger, choose)
    assert shop.store.appointment(shop.appointments["brakes"]).technician_id == shop.tara.id
    settled(qtbot, tab)
    assert table(tab)[0][1] == "1/3" and cards(tab)["waiting"] == "0"


def test_pdf_report_and_csv(tmp_path, tab):
    pdf = tmp_path / "report.pdf"
    assert tab.write_pdf(str(pdf))
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-") and b"%%EOF" in content[-64:] and len(content) > 20_000
    csv_file = tmp_path / "table.csv"
    assert tab.write_csv(str(csv_file))
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Technician,Active jobs,Available,In progress,Done today,Done this week")
    assert lines[1:] == ["Tara Tech,0/3,Yes,0,1,1,0 min", "Tom Tech,2/3,Yes,1,0,0,–"]


def test_an_unwritable_export_gets_a_message(tmp_path, tab, message_boxes):
    assert not tab.write_pdf(str(tmp_path / "missing" / "report.pdf"))
    assert not tab.write_csv(str(tmp_path / "missing" / "table.csv"))
    assert [title for title, _ in message_boxes.of("warning")] == ["Could not save", "Could not save"]


def test_refresh_updates_in_place_keeping_the_selection(qtbot, tab, shop, check_model):
    check_model(tab.model)
    tab.table.selectRow(1)
    resets = []
    tab.model.modelReset.connect(lambda: resets.append(1))
    chart_changes = []
    tab.chart_data.changed.connect(lambda: chart_changes.append(1))
    refreshed(qtbot, tab)  # nothing new: nothing on screen changes
    assert not chart_changes
    shop.store.complete_work(shop.appointments["engine"], shop.tom.id)
    tab.poll()  # found through the store's change mark, as a change from another PC is
    settled(qtbot, tab)
    assert table(tab)[1][1] == "1/3" and chart_changes
    assert not resets and tab.current().name == "Tom Tech"
    check_model(tab.model)


def test_poll_reads_nothing_more_when_nothing_changed(tab, shop, monkeypatch):
    calls = []
    monkeypatch.setattr(shop.store, "workload_report", lambda *a, **k: calls.append(1))
    tab.poll()
    assert not calls


def test_charts_follow_the_palette(qtbot, tab):
    app = QApplication.instance()
    original = app.palette()
    dark = QPalette(original)
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#2b2c2f")):
        dark.setColor(role, QColor(colour))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: tab.chart_data.value("dark"))
        assert tab.chart_data.value("backgroundColor") == QColor("#202124")
        assert tab.charts.throughput.rootObject().property("color") == QColor("#202124")
    finally:
        app.setPalette(original)
    qtbot.waitUntil(lambda: not tab.chart_data.value("dark"))


def test_main_window_shows_the_tab_to_desk_roles_only(qtbot, shop, settings):
    window = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(window)
    assert isinstance(window.tab("workload"), WorkloadTab)
    window.show()
    assert window.show_tab("workload")
    qtbot.waitUntil(window.tab("workload").is_ready)
    window.set_user(shop.tom)
    assert shop.tom.role == Role.TECHNICIAN and window.tab("workload") is None


def test_screenshot_waits_for_the_charts(tmp_path, shop):
    shot = tmp_path / "workload.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "repair_desktop", "--db", shop.store.url, "--screenshot",
                           str(shot), "--tab", "workload"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    # Tom's two active jobs are drawn in the "has room" blue somewhere in the charts' half of the window
    blue = QColor("#2563eb")
    assert any(image.pixelColor(QPoint(x, y)) == blue for x in range(0, 1280, 4) for y in range(420, 800, 4))


def test_a_new_capacity_limit_reaches_table_cards_and_charts(qtbot, tab, shop):
    shop.store.set_capacity_limit(4, shop.manager.id)
    tab.poll()
    settled(qtbot, tab)
    assert table(tab)[1][1] == "2/4" and cards(tab)["utilization"] == "25%"
    assert tab.chart_data.value("capacity") == 4 and tab.chart_data.value("loadAxisMax") == 5
    assert qml(tab, "capacityLine").property("count") == 2


def test_late_callbacks_show_as_a_card(qtbot, tab, shop, sqlite_url):
    """A callback created three hours ago (through a store whose clock is behind) missed its 2 h response."""
    today = date.today()
    shop.store.add_contract(shop.alice.id, today - timedelta(days=30), today + timedelta(days=300))
    earlier = Store.open(sqlite_url, clock=lambda: datetime.now(UTC) - timedelta(hours=3))
    try:
        late = earlier.create_callback(shop.alice.id, local(today, 15), "Brake light", "urgent", shop.desk.id).id
    finally:
        earlier.close()
    changed(qtbot, tab, "callback", late, lambda: cards(tab)["late"] == "1")
    assert tab.cards.cards["late"].note.text() == "not picked up or resolved in time"
    shop.store.claim_callback(late, shop.tara.id)  # picked up: the resolution deadline (8 h) is still ahead
    changed(qtbot, tab, "callback", late, lambda: cards(tab)["late"] == "0")
