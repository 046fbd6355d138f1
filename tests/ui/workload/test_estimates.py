"""The Workload tab's estimates panel: efficiency per technician for the period, and the coming fortnight's load."""

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt

from repair_desktop.store import DayLoad, Efficiency
from repair_desktop.ui.widgets.events import JobEvents
from repair_desktop.ui.workload.estimates import EfficiencyModel, EstimatesPanel
from repair_desktop.ui.workload.tab import WorkloadTab


def texts(model: EfficiencyModel) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_efficiency_rows_read_as_hours_and_a_share(qtbot, check_model):
    model = EfficiencyModel()
    check_model(model)
    model.set_rows([Efficiency(1, "Tom Tech", 2, 150, 120), Efficiency(2, "Tara Tech", 0, 0, 0)])
    assert texts(model) == [["Tom Tech", "2", "2.5 h", "2 h", "125%"], ["Tara Tech", "0", "0 h", "0 h", "—"]]
    assert "took 2 h" in model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Efficiency"
    panel = EstimatesPanel()
    qtbot.addWidget(panel)
    panel.show_numbers(model.rows, [])
    assert panel.overall() == "125%"


def test_the_fortnight_bars_say_each_days_hours(qtbot):
    panel = EstimatesPanel()
    qtbot.addWidget(panel)
    monday = date(2026, 3, 2)
    panel.show_numbers([], [DayLoad(monday, 240, 540), DayLoad(monday + timedelta(days=1), 0, 540)])
    panel.resize(800, 200)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.bars.toolTip().splitlines() == ["Mon 02 Mar: 4 of 9 h booked", "Tue 03 Mar: 0 of 9 h booked"]
    assert not panel.bars.grab().isNull()


def test_the_workload_tab_shows_how_todays_estimates_held(qtbot, shop):
    s, tom = shop.store, shop.tom
    now = datetime.now()
    job = s.book_appointment(shop.golf.id, now - timedelta(minutes=5), "Quick check", shop.desk.id,
                             duration_minutes=30).id
    s.assign_technician(job, tom.id, shop.desk.id)
    s.start_work(job, tom.id)
    s.complete_work(job, tom.id)
    tab = WorkloadTab(s, shop.manager, JobEvents())
    qtbot.addWidget(tab)
    tab.resize(1280, 900)
    tab.show()
    qtbot.waitUntil(tab.is_ready)
    rows = {r[0]: r for r in texts(tab.estimates.model)}
    assert rows["Tom Tech"][1:3] == ["1", "0.5 h"]
    assert len(tab.estimates.bars.days) == 14 and tab.estimates.bars.days[0].day == s.local_today()
    assert datetime.combine(tab.estimates.bars.days[0].day, time()) <= now
