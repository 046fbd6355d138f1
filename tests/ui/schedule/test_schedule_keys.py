"""Re-planning on the Schedule tab with the keyboard only (QTest key clicks on the day view): Tab through the
blocks, arrows move a ghost, Shift+arrows change the duration, Enter asks the store, Escape drops the ghost,
Delete unplans. The store answers exactly as for a drag."""

from datetime import UTC

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from test_schedule_tab import at, block_of, open_schedule, planned, row_named  # noqa: F401  (fixtures by name)

SHIFT, NONE = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier


def keys(view, *presses) -> None:
    for press in presses:
        key, modifier = press if isinstance(press, tuple) else (press, NONE)
        QTest.keyClick(view, key, modifier)


@pytest.fixture
def keyboard(qtbot, open_schedule, planned):  # noqa: F811
    """The tab with the day view focused: Tara's 13:00 job (the first block) is selected."""
    tab = open_schedule()
    tab.view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(tab.view.hasFocus)
    assert tab.view.selected == planned["tara"]
    return tab


def commit(qtbot, tab) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        keys(tab.view, Qt.Key.Key_Return)


def test_tab_goes_from_block_to_block_then_out_of_the_view(keyboard, planned):
    view = keyboard.view
    keys(view, Qt.Key.Key_Tab)
    assert view.selected == planned["tom"]
    keys(view, Qt.Key.Key_Tab)
    assert view.selected == planned["loose"]
    keys(view, (Qt.Key.Key_Backtab, SHIFT))
    assert view.selected == planned["tom"]
    keys(view, Qt.Key.Key_Tab, Qt.Key.Key_Tab)
    assert not view.hasFocus() and view.selected == planned["loose"]


def test_the_selected_block_has_an_accessible_description(keyboard):
    text = keyboard.view.accessibleDescription()
    assert text.startswith("Tara Tech: 13:00 to 14:00, 60 min, scheduled.") and "Brake pads" in text


def test_arrows_move_a_ghost_and_enter_plans_it(qtbot, keyboard, shop, planned):
    view = keyboard.view
    keys(view, *[Qt.Key.Key_Right] * 5, Qt.Key.Key_Left)
    assert view.drag is not None and view.drag.start_minutes == 14 * 60
    assert "Move to Tara Tech, 14:00 to 15:00" in view.accessibleDescription()
    assert shop.store.appointment(planned["tara"]).scheduled_at == at(13).astimezone(UTC)  # nothing asked yet
    commit(qtbot, keyboard)
    assert shop.store.appointment(planned["tara"]).scheduled_at == at(14).astimezone(UTC)
    assert view.selected == planned["tara"] and view.drag is None


def test_down_moves_to_the_next_technicians_row(qtbot, keyboard, shop, planned):
    keys(keyboard.view, Qt.Key.Key_Down, Qt.Key.Key_Right)
    commit(qtbot, keyboard)
    row = shop.store.appointment(planned["tara"])
    assert (row.planned_technician_id, row.scheduled_at) == (shop.tom.id, at(13, 15).astimezone(UTC))
    assert planned["tara"] in [j.appointment_id for j in row_named(keyboard, "Tom Tech").jobs]
    assert keyboard.view.selected == planned["tara"]  # the selection follows the job to its new row


def test_shift_arrows_change_the_duration(qtbot, keyboard, shop, planned):
    keys(keyboard.view, (Qt.Key.Key_Right, SHIFT), (Qt.Key.Key_Right, SHIFT), (Qt.Key.Key_Right, SHIFT),
         (Qt.Key.Key_Left, SHIFT))
    commit(qtbot, keyboard)
    row = shop.store.appointment(planned["tara"])
    assert (row.duration_minutes, row.scheduled_at) == (90, at(13).astimezone(UTC))


def test_a_refused_move_shows_the_message_and_the_block_stays(qtbot, keyboard, shop, planned, message_boxes):
    _, before = block_of(keyboard, planned["tara"])
    keys(keyboard.view, Qt.Key.Key_Down, *[Qt.Key.Key_Left] * 4)  # Tom's lunch, 12:00
    commit(qtbot, keyboard)
    (title, text), = message_boxes.of("warning")
    assert title == "Schedule conflict" and "Tom Tech is off" in text
    assert block_of(keyboard, planned["tara"]) == (row_named(keyboard, "Tara Tech"), before)
    assert keyboard.view.selected == planned["tara"] and keyboard.view.drag is None


def test_escape_drops_the_ghost_and_enter_then_opens_the_job(qtbot, keyboard, shop, planned):
    view = keyboard.view
    keys(view, Qt.Key.Key_Right, Qt.Key.Key_Escape)
    assert view.drag is None
    with qtbot.waitSignal(view.jobActivated) as opened:
        keys(view, Qt.Key.Key_Return)
    assert opened.args == [planned["tara"]]
    assert shop.store.appointment(planned["tara"]).scheduled_at == at(13).astimezone(UTC)


def test_delete_takes_the_job_off_the_plan(qtbot, keyboard, shop, planned):
    with qtbot.waitSignal(keyboard.loaded, timeout=5000):
        keys(keyboard.view, Qt.Key.Key_Delete)
    row = shop.store.appointment(planned["tara"])
    assert (row.planned_technician_id, row.scheduled_at, row.status) == (None, at(13).astimezone(UTC), "scheduled")
    assert planned["tara"] in [j.appointment_id for j in row_named(keyboard, "Unplanned").jobs]
    assert keyboard.view.selected == planned["tara"]


def test_a_block_has_a_tooltip_with_all_of_it(qtbot, keyboard, planned):
    view = keyboard.view
    _, rect = block_of(keyboard, planned["tom"])
    point = rect.center().toPoint()
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, point, view.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().startswith("Tom Tech: 09:00 to 10:30, 90 min, scheduled.") and "Timing belt" in \
        QToolTip.text()
