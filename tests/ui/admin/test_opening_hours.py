"""The opening-hours editor in Shop settings: the week as saved, ticks and times, saved and audited; bad hours
are refused with the day named and the dialog keeps what was typed."""

from datetime import time

from PySide6.QtCore import QTime

from repair_desktop.ui.admin.audit_text import audit_text
from repair_desktop.ui.admin.settings_dialog import ShopSettingsDialog
from support.ui_helpers import click, ok_button


def open_settings(qtbot, shop) -> ShopSettingsDialog:
    dialog = ShopSettingsDialog(shop.store, shop.manager.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_editor_shows_the_usual_week_and_saves_a_change(qtbot, shop):
    dialog = open_settings(qtbot, shop)
    assert dialog.hours.hours() == shop.store.opening_hours()
    sunday, saturday = dialog.hours.rows[6], dialog.hours.rows[5]
    assert not sunday[0].isChecked() and not sunday[1].isEnabled()
    click(qtbot, sunday[0])
    assert sunday[1].isEnabled() and sunday[2].isEnabled()
    sunday[1].setTime(QTime(10, 0))
    sunday[2].setTime(QTime(14, 30))
    saturday[2].setTime(QTime(13, 0))
    click(qtbot, ok_button(dialog))
    assert not dialog.isVisible()
    hours = shop.store.opening_hours()
    assert (hours[5], hours[6], hours[0]) == ((time(8), time(13)), (time(10), time(14, 30)), (time(8), time(17)))
    assert "changed opening hours:" in audit_text(shop.store.audit("settings"))
    assert "Sat 08:00-13:00, Sun 10:00-14:30" in audit_text(shop.store.audit("settings"))


def test_a_day_closing_before_it_opens_is_refused_and_kept(qtbot, shop):
    dialog = open_settings(qtbot, shop)
    dialog.shop_name.setText("Riverside Auto")
    monday = dialog.hours.rows[0]
    monday[1].setTime(QTime(18, 0))
    click(qtbot, ok_button(dialog))
    assert dialog.isVisible() and "On Monday the shop must open before it closes" in dialog.problem.text()
    assert monday[1].time() == QTime(18, 0) and dialog.shop_name.text() == "Riverside Auto"
    assert shop.store.opening_hours()[0] == (time(8), time(17)) and shop.store.shop_name() == ""
