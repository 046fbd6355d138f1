"""The Schedule tab with real widgets on a real database: the day per technician, dragging blocks, the week.

Drags are real mouse events (QTest) on the painted day view; the store decides, and refusals are recorded by
the autouse ``message_boxes`` fixture (conftest.py).
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.ui.schedule.block_style import block_colours
from repair_desktop.ui.schedule.day_view import CLOSED_DAY, HEADER_HEIGHT, NAME_WIDTH, NO_TECHNICIANS
from repair_desktop.ui.schedule.tab import REFRESH_DELAY_MS, ScheduleTab
from repair_desktop.ui.schedule.week_model import DAY_ROLE
from repair_desktop.ui.shell.theme import dark_palette
from repair_desktop.ui.widgets.events import JobEvents


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


MONDAY = next_monday()


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


@pytest.fixture
def planned(shop):
    """Next Monday: Tom has a 90-minute job at 09:00 and a lunch break, Tara a job at 13:00, one is unplanned."""
    s, desk = shop.store, shop.desk.id
    jobs = {
        "tom": s.book_appointment(shop.focus.id, at(9), "Timing belt", desk, duration_minutes=90,
                                  technician_id=shop.tom.id, promised_at=at(12)).id,
        "tara": s.book_appointment(shop.corolla.id, at(13), "Brake pads", desk, technician_id=shop.tara.id).id,
        "loose": s.book_appointment(shop.golf.id, at(10), "Rattle at speed", desk, duration_minutes=30).id,
    }
    s.add_time_off(shop.tom.id, at(12), at(13), "Lunch", shop.manager.id)
    return jobs


@pytest.fixture
def open_schedule(qtbot, shop):
    def open_(user=None, day: date = MONDAY) -> ScheduleTab:
        tab = ScheduleTab(shop.store, user or shop.desk, JobEvents(), today=day)
        qtbot.addWidget(tab)
        tab.resize(1300, 600)
        tab.show()
        qtbot.waitExposed(tab)
        return tab
    return open_


def block_of(tab: ScheduleTab, appointment_id: int):
    """The row and the rectangle of a job's block as the view lays it out now."""
    for row in tab.view.rows:
        for index, job in enumerate(row.jobs):
            if job.appointment_id == appointment_id:
                return row, tab.view.block_rect(row, index)
    raise AssertionError(f"appointment {appointment_id} is not on the day")


def row_named(tab: ScheduleTab, title: str):
    return next(r for r in tab.view.rows if r.title == title)


def drag(qtbot, tab: ScheduleTab, start: QPoint, end: QPoint) -> None:
    """Press at ``start``, move there in steps, release at ``end``; returns once the day was read again."""
    view = tab.view
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 5):
        QTest.mouseMove(view, start + (end - start) * step / 4)
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def minutes_px(tab: ScheduleTab, minutes: int) -> int:
    return round(minutes * tab.view.per_minute())


def test_the_day_has_a_row_per_technician_and_a_lane_for_the_unplanned(open_schedule, shop, planned):
    tab = open_schedule()
    assert [(r.title, [j.appointment_id for j in r.jobs]) for r in tab.view.rows] == [
        ("Tara Tech", [planned["tara"]]), ("Tom Tech", [planned["tom"]]), ("Unplanned", [planned["loose"]])]
    tom = row_named(tab, "Tom Tech")
    assert tom.subtitle == "1.5 of 8 h booked"
    assert [reason for _, _, reason in tom.time_off] == ["Lunch"]
    assert (tab.view.first_minute, tab.view.last_minute) == (8 * 60, 17 * 60)
    _, rect = block_of(tab, planned["tom"])
    assert rect.width() == pytest.approx(90 * tab.view.per_minute() - 2, abs=1)
    assert tab.summary.text() == f"Monday {MONDAY.day} {MONDAY:%B}, open 08:00–17:00: 2.5 of 17 h booked"


def test_overlapping_jobs_stack_in_lanes(open_schedule, shop, planned):
    extra = shop.store.book_appointment(shop.golf.id, at(9, 30), "Wipers", shop.desk.id,
                                        technician_id=shop.tom.id).id
    tab = open_schedule()
    row, first = block_of(tab, planned["tom"])
    _, second = block_of(tab, extra)
    assert row.job_lanes == [0, 1] and second.top() > first.bottom() - 1
    assert row.height > row_named(tab, "Tara Tech").height


def test_dragging_a_block_along_the_row_re_plans_it_snapped_to_quarter_hours(qtbot, open_schedule, shop, planned):
    tab = open_schedule()
    _, rect = block_of(tab, planned["tara"])
    start = rect.center().toPoint()
    drag(qtbot, tab, start, start + QPoint(minutes_px(tab, 62), 0))  # a little over an hour: snaps to 14:00
    row = shop.store.appointment(planned["tara"])
    assert (row.scheduled_at, row.planned_technician_id, row.duration_minutes) == (
        at(14).astimezone(UTC), shop.tara.id, 60)
    _, moved = block_of(tab, planned["tara"])
    assert moved.left() == pytest.approx(rect.left() + minutes_px(tab, 60), abs=2)
    with qtbot.assertNotEmitted(tab.loaded, wait=2 * REFRESH_DELAY_MS):  # its own change is not read twice
        pass


def test_dragging_a_block_to_another_row_plans_it_for_that_technician(qtbot, open_schedule, shop, planned):
    tab = open_schedule()
    _, rect = block_of(tab, planned["tara"])
    tom = row_named(tab, "Tom Tech")
    start = rect.center().toPoint()
    drag(qtbot, tab, start, QPoint(start.x() + minutes_px(tab, 60), int(tom.top + tom.height / 2)))
    row = shop.store.appointment(planned["tara"])
    assert (row.planned_technician_id, row.scheduled_at) == (shop.tom.id, at(14).astimezone(UTC))
    assert [j.appointment_id for j in row_named(tab, "Tom Tech").jobs] == [planned["tom"], planned["tara"]]


def test_a_refused_drag_shows_the_stores_message_and_the_block_goes_back(qtbot, open_schedule, shop, planned,
                                                                        message_boxes):
    tab = open_schedule()
    _, rect = block_of(tab, planned["tara"])
    tom = row_named(tab, "Tom Tech")
    start = rect.center().toPoint()
    drag(qtbot, tab, start, QPoint(start.x() - minutes_px(tab, 60), int(tom.top + tom.height / 2)))  # his lunch
    (title, text), = message_boxes.of("warning")
    assert title == "Schedule conflict" and "Tom Tech is off" in text and "Lunch" in text
    row = shop.store.appointment(planned["tara"])
    assert (row.planned_technician_id, row.scheduled_at) == (shop.tara.id, at(13).astimezone(UTC))
    assert block_of(tab, planned["tara"]) == (row_named(tab, "Tara Tech"), rect)
    assert tab.view.drag is None


def test_dragging_a_blocks_right_edge_changes_its_duration(qtbot, open_schedule, shop, planned):
    tab = open_schedule()
    _, rect = block_of(tab, planned["tara"])
    edge = QPoint(int(rect.right()) - 2, int(rect.center().y()))
    drag(qtbot, tab, edge, edge + QPoint(minutes_px(tab, 45), 0))
    row = shop.store.appointment(planned["tara"])
    assert (row.duration_minutes, row.scheduled_at) == (105, at(13).astimezone(UTC))


def test_an_unplanned_job_dropped_on_a_row_is_planned_for_that_technician(qtbot, open_schedule, shop, planned):
    tab = open_schedule()
    _, rect = block_of(tab, planned["loose"])
    tara = row_named(tab, "Tara Tech")
    start = rect.center().toPoint()
    drag(qtbot, tab, start, QPoint(start.x(), int(tara.top + tara.height / 2)))
    row = shop.store.appointment(planned["loose"])
    assert (row.planned_technician_id, row.scheduled_at, row.status) == (
        shop.tara.id, at(10).astimezone(UTC), AppointmentStatus.SCHEDULED)
    assert row_named(tab, "Unplanned").jobs == []


def test_a_late_job_is_marked_late(open_schedule, shop, planned):
    yesterday = date.today() - timedelta(days=1)  # wholly past at any hour (three hours back may be yesterday)
    shop.store.book_appointment(shop.golf.id, datetime.combine(yesterday, time(9)), "Overdue", shop.desk.id,
                                promised_at=datetime.combine(yesterday, time(11)))
    tab = open_schedule(day=yesterday)
    assert [j.late for j in row_named(tab, "Unplanned").jobs if j.concern == "Overdue"] == [True]


def test_another_pcs_change_moves_the_block(qtbot, open_schedule, shop, planned):
    tab = open_schedule()
    _, rect = block_of(tab, planned["tara"])
    shop.store.plan_appointment(planned["tara"], shop.tara.id, at(15), 60, shop.desk.id)
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        tab.events.changed.emit("appointment", planned["tara"])
    _, moved = block_of(tab, planned["tara"])
    assert moved.left() == pytest.approx(rect.left() + minutes_px(tab, 120), abs=2)


def test_the_day_buttons_move_through_the_days(qtbot, open_schedule, shop, planned):
    tab = open_schedule()
    with qtbot.waitSignal(tab.loaded):
        tab.next_button.click()
    assert tab.day == MONDAY + timedelta(days=1) and tab.date_edit.date().toPython() == tab.day
    assert [j for r in tab.view.rows for j in r.jobs] == []
    with qtbot.waitSignal(tab.loaded):
        tab.previous_button.click()
    assert [r.title for r in tab.view.rows if r.jobs] == ["Tara Tech", "Tom Tech", "Unplanned"]
    with qtbot.waitSignal(tab.loaded):
        tab.today_button.click()
    assert tab.day == date.today()


def test_the_week_overview_is_a_heat_map_that_opens_a_day(qtbot, open_schedule, shop, planned, check_model):
    tab = open_schedule()
    with qtbot.waitSignal(tab.loaded):
        tab.week_button.click()
    model = tab.week
    check_model(model)
    assert model.rowCount() == 2 and model.columnCount() == 7
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(2)] == ["Tara Tech", "Tom Tech"]
    tom_monday = model.index(1, 0)
    assert tom_monday.data() == "1.5 / 8 h" and tom_monday.data(DAY_ROLE) == MONDAY
    assert tom_monday.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None  # nothing booked
    assert model.index(0, 6).data() == "—"  # Sunday: closed
    with qtbot.waitSignal(tab.loaded):
        tab.open_day(model.index(0, 0).data(DAY_ROLE))
    assert tab.day_button.isChecked() and tab.pages.currentIndex() == 0 and tab.day == MONDAY


def test_a_day_with_many_unplanned_jobs_shows_the_first_lanes_of_them(open_schedule, shop):
    for n in range(12):
        shop.store.book_appointment(shop.golf.id, at(9), f"Walk-in {n}", shop.desk.id)
    tab = open_schedule()
    unplanned = row_named(tab, "Unplanned")
    assert unplanned.subtitle == "12 appointments, 4 shown"
    assert len(unplanned.jobs) == 4 and max(unplanned.job_lanes) == 3


def test_a_shop_without_technicians_says_where_they_come_from(qtbot, open_schedule, planned):
    tab = open_schedule()
    assert tab.view.hint == ""
    empty = replace(tab.store.schedule_day(MONDAY), technicians=())  # what a shop with no technicians reads
    tab.view.set_schedule(empty)
    assert [r.title for r in tab.view.rows] == ["Unplanned"] and tab.view.hint == NO_TECHNICIANS
    assert tab.view.minimumHeight() > tab.view.rows[-1].top + tab.view.rows[-1].height + 30


def test_a_closed_day_says_so_instead_of_zero_hours(open_schedule, shop, planned):
    tab = open_schedule(day=MONDAY + timedelta(days=6))
    assert tab.summary.text() == f"Sunday {tab.day.day} {tab.day:%B}, closed"
    assert {r.subtitle for r in tab.view.rows[:-1]} == {"Shop closed"}
    assert tab.view.hint == CLOSED_DAY.format(weekday="Sunday")


def test_a_technician_away_all_day_is_marked_away(qtbot, open_schedule, shop, planned):
    shop.store.add_time_off(shop.tara.id, at(7), at(18), "Course", shop.manager.id)
    tab = open_schedule()
    assert row_named(tab, "Tara Tech").subtitle == "1 h booked, away all day"
    assert row_named(tab, "Tom Tech").subtitle == "1.5 of 8 h booked" and tab.view.hint == ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_day_as_painted_light_and_dark_a_busy_day_and_an_empty_one(qtbot, open_schedule, shop, planned, scheme):
    tab = open_schedule()
    if scheme == "dark":
        tab.setPalette(dark_palette())

    def painted() -> tuple[set[str], bool]:
        """The colours the view paints, and whether its background is dark."""
        image = tab.view.grab().toImage()
        colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
                   for y in range(0, image.height(), 2)}
        return colours, image.pixelColor(NAME_WIDTH + 5, HEADER_HEIGHT + 10).lightness() < 128

    scheduled = block_colours(AppointmentStatus.SCHEDULED)[0]
    busy, dark = painted()
    assert scheduled in busy and dark == (scheme == "dark")
    with qtbot.waitSignal(tab.loaded):
        tab.step(1)  # Tuesday: nothing planned, nothing booked
    empty, dark = painted()
    assert scheduled not in empty and dark == (scheme == "dark")
