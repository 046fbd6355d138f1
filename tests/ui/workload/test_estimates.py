"""The Workload tab's estimates and deadline charts, and the tables under them: efficiency per technician for the
period, the coming fortnight's booked hours, and the share of callback deadlines kept, per bar and per technician;
the same on the PDF report's second page."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6 import QtGraphs  # noqa: F401  (lets Python read the charts' series)
from PySide6.QtCore import QObject, Qt
from PySide6.QtPdf import QPdfDocument

from repair_desktop.store import (DayLoad, Efficiency, OnTimeCount, OnTimeDay, OnTimeReport, OnTimeTechnician,
                                  Store)
from repair_desktop.ui.widgets.events import JobEvents
from repair_desktop.ui.workload.analytics_values import estimate_values, on_time_values
from repair_desktop.ui.workload.chart_data import ChartData
from repair_desktop.ui.workload.estimates import EfficiencyModel, EstimatesPanel
from repair_desktop.ui.workload.on_time_model import OnTimeModel
from repair_desktop.ui.workload.tab import WorkloadTab
from support.ui_helpers import local

MONDAY = date(2026, 3, 2)


def texts(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def report(days: int, technicians=()) -> OnTimeReport:
    per_day = tuple(OnTimeDay(MONDAY + timedelta(days=n), OnTimeCount(1, n % 2), OnTimeCount(n % 3 == 0, 0))
                    for n in range(days))
    respond = sum((d.respond for d in per_day), OnTimeCount())
    resolve = sum((d.resolve for d in per_day), OnTimeCount())
    return OnTimeReport(per_day[0].day, per_day[-1].day, per_day, tuple(technicians), respond, resolve)


def test_efficiency_rows_read_as_hours_and_a_share(qtbot, check_model):
    model = EfficiencyModel()
    check_model(model)
    model.set_rows([Efficiency(1, "Tom Tech", 2, 150, 120), Efficiency(2, "Tara Tech", 0, 0, 0)])
    assert texts(model) == [["Tom Tech", "2", "2.5 h", "2 h", "125%"], ["Tara Tech", "0", "0 h", "0 h", "—"]]
    assert "took 2 h" in model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Efficiency"
    panel = EstimatesPanel(ChartData())
    qtbot.addWidget(panel)
    panel.show_numbers(model.rows, [])
    assert panel.overall() == "125%" and panel.chart_data.value("efficiencyTook") == [2.0, 0.0]
    panel.show_on_time(report(1))
    assert panel.on_time.rowCount() == 0 and panel.chart_data.value("onTimeSettled") == 2


def test_on_time_rows_say_kept_of_due(check_model):
    model = OnTimeModel()
    check_model(model)
    model.set_report(report(2, [OnTimeTechnician(1, "Tom Tech", OnTimeCount(3, 1), OnTimeCount()),
                                OnTimeTechnician(2, "Tara Tech", OnTimeCount(0, 2), OnTimeCount(1, 0))]))
    assert texts(model) == [["Tom Tech", "3 of 4 (75%)", "—"], ["Tara Tech", "0 of 2 (0%)", "1 of 1 (100%)"]]
    assert "3 were picked up by it and 1 were not" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Picked up on time"


def test_on_time_bars_follow_the_throughput_charts_grouping():
    week = on_time_values(report(7))
    assert week["onTimeTitle"] == "Callbacks on time per day" and week["onTimeLabels"][0] == "Mon"
    assert week["onTimeRespond"] == [100, 50, 100, 50, 100, 50, 100]  # a bar with nothing settled would be 0
    assert week["onTimeResolve"] == [100, 0, 0, 100, 0, 0, 100]
    assert week["onTimeSummary"] == "picked up 70% of 10, resolved 100% of 3"
    quarter = on_time_values(report(90))
    assert quarter["onTimeTitle"] == "Callbacks on time per week" and len(quarter["onTimeLabels"]) == 13
    assert quarter["onTimeRespond"][0] == round(7 / 10 * 100)  # a whole week's deadlines, Monday to Sunday
    assert on_time_values(report(1))["onTimeSettled"] == 2


def test_the_fortnight_and_efficiency_in_hours():
    days = [DayLoad(MONDAY, 240, 540), DayLoad(MONDAY + timedelta(days=1), 0, 540), DayLoad(MONDAY, 0, 0)]
    values = estimate_values([Efficiency(1, "Tom Tech", 2, 150, 120)], days)
    assert (values["fortnightLabels"][:2], values["fortnightBooked"], values["fortnightAvailable"]) == (
        ["Mo 2", "Tu 3"], [4.0, 0.0, 0.0], [9.0, 9.0, 0.0])
    assert values["fortnightShownLabels"][0] == "Mo 2"  # a look ahead labels its first day, today
    assert values["fortnightSummary"] == "4 of 18 h booked"
    assert (values["efficiencyEstimated"], values["efficiencyTook"], values["efficiencyTeam"]) == (
        [2.5], [2.0], "team 125% of estimate · ")
    assert values["fortnightEmpty"] == ""
    nobody = estimate_values([], [DayLoad(MONDAY, 0, 0)])
    assert (nobody["fortnightSummary"], nobody["fortnightEmpty"], nobody["efficiencyTeam"]) == (
        "", "No technicians yet", "")
    assert estimate_values([], [])["fortnightShownLabels"] == []  # no days, no labels (and no error)
    closed = estimate_values([Efficiency(1, "Tom Tech", 0, 0, 0)], [DayLoad(MONDAY, 0, 0)])
    assert (closed["fortnightEmpty"], closed["efficiencyTeam"]) == ("Nobody has open hours in the next 14 days", "")


@pytest.fixture
def busy_yesterday(shop, sqlite_url):
    """Yesterday at 10:00 two urgent callbacks came in; Tom picked one up at 10:30 and resolved it at 11:00, the
    other was never picked up. Today Tom finished a 30-minute job that he started five minutes ago."""
    s, tom = shop.store, shop.tom
    yesterday = date.today() - timedelta(days=1)
    s.add_contract(shop.alice.id, yesterday - timedelta(days=30), yesterday + timedelta(days=300))
    clock = [local(yesterday, 10).astimezone(UTC)]
    then = Store.open(sqlite_url, clock=lambda: clock[0])
    try:
        kept, _ = (then.create_callback(shop.alice.id, local(yesterday, 10), "Squeak", "urgent", shop.desk.id).id
                   for _ in range(2))
        clock[0] += timedelta(minutes=30)
        then.claim_callback(kept, tom.id)
        then.start_callback(kept, tom.id)
        clock[0] += timedelta(minutes=30)
        then.resolve_callback(kept, tom.id)
    finally:
        then.close()
    job = s.book_appointment(shop.golf.id, datetime.now() - timedelta(minutes=5), "Quick check", shop.desk.id,
                             duration_minutes=30).id
    s.assign_technician(job, tom.id, shop.desk.id)
    s.start_work(job, tom.id)
    s.complete_work(job, tom.id)
    return yesterday


@pytest.fixture
def tab(qtbot, shop, busy_yesterday):
    widget = WorkloadTab(shop.store, shop.manager, JobEvents())
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.charts.setCurrentWidget(widget.charts.analytics)
    qtbot.waitUntil(widget.is_ready)
    return widget


def series(tab, name: str):
    found = tab.charts.analytics.rootObject().findChild(QObject, name)
    assert found is not None, name
    return found.property("values")


def test_the_charts_draw_the_stores_numbers(tab, shop, busy_yesterday):
    data = tab.chart_data
    names = data.value("efficiencyNames")
    assert names == ["Tara", "Tom"] and data.value("efficiencyEstimated")[1] == 0.5
    assert series(tab, "estimatedSet") == data.value("efficiencyEstimated")
    assert series(tab, "tookSet") == data.value("efficiencyTook")
    assert len(series(tab, "availableSet")) == 14 and series(tab, "bookedSet") == data.value("fortnightBooked")
    yesterday = data.value("onTimeLabels").index(f"{busy_yesterday.day} {busy_yesterday:%b}")
    assert series(tab, "respondSet")[yesterday] == 50 and series(tab, "resolveSet")[yesterday] == 50
    assert data.value("onTimeSummary") == "picked up 50% of 2, resolved 50% of 2"
    assert data.value("onTimeNames") == ["Tara", "Tom"]
    assert series(tab, "techRespondSet") == [0, 100] and series(tab, "techResolveSet") == [0, 100]
    assert texts(tab.estimates.on_time) == [["Tara Tech", "—", "—"], ["Tom Tech", "1 of 1 (100%)", "1 of 1 (100%)"]]
    assert {r[0]: r[1:3] for r in texts(tab.estimates.model)}["Tom Tech"] == ["1", "0.5 h"]
    fortnight = tab.store.shop_load(tab.store.local_today(), 14)
    assert datetime.combine(fortnight[0].day, time()) <= datetime.now()
    assert data.value("fortnightAvailable") == [round(d.available_minutes / 60, 1) for d in fortnight]


def test_an_empty_period_says_so(qtbot, tab):
    tab.period.setCurrentText("Today")  # yesterday's callbacks are outside it
    qtbot.waitUntil(lambda: tab.chart_data.value("onTimeSettled") == 0 and tab.is_ready())
    panel = tab.charts.analytics.rootObject().findChild(QObject, "onTimePanel")
    assert panel.property("emptyText") == "No callback deadlines fell in this period"
    assert tab.chart_data.value("onTimeTitle") == "Callbacks on time per day"


def test_the_pdf_report_has_the_estimates_and_deadlines_page(qtbot, tmp_path, tab):
    tab.charts.setCurrentWidget(tab.charts.throughput)  # the other page is drawn for the paper all the same
    qtbot.waitUntil(tab.is_ready)
    pdf = tmp_path / "report.pdf"
    assert tab.write_pdf(str(pdf))
    document = QPdfDocument()
    document.load(str(pdf))
    assert document.pageCount() == 2
    second = " ".join(document.getAllText(1).text().split())  # a header wraps in its column
    for words in ("Estimates and deadlines", "Picked up on time", "Resolved on time", "1 of 1 (100%)", "Efficiency"):
        assert words in second, words
    assert tab.charts.currentWidget() is tab.charts.throughput


def test_the_chart_page_is_remembered(qtbot, tab, shop, settings):
    tab.save_layout(settings)  # on the estimates and deadlines page
    again = WorkloadTab(shop.store, shop.manager, JobEvents())
    qtbot.addWidget(again)
    assert again.charts.currentWidget() is again.charts.throughput  # a first start opens on throughput
    again.restore_layout(settings)
    assert again.charts.currentWidget() is again.charts.analytics
