"""The status bar's notifications: the unread count (live from another PC), the list that opens a job and marks
it read, "mark all read", and a technician's own load following assignments and completions.

In the small shop Tom holds two jobs (oil assigned, engine in progress), both given to him by Fran at the desk,
so he starts with two unread notifications; Tara completed the wipers job Fran gave her.
"""

import pytest
from PySide6.QtCore import Qt

from repair_desktop.store import Store
from repair_desktop.ui.shell.notifications import NotificationsModel


@pytest.fixture
def other_pc(shop):
    other = Store.open(shop.store.url)
    yield other
    other.close()


def click_row(qtbot, panel, row: int) -> None:
    rect = panel.list.visualRect(panel.model.index(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_unread_count_follows_a_change_made_on_another_pc(qtbot, open_window, shop, other_pc):
    window = open_window(shop.tom)
    button = window.notices.button
    assert button.text() == "Notifications: 2" and button.font().bold()
    other_pc.assign_technician(shop.appointments["brakes"], shop.tom.id, shop.desk.id)
    qtbot.waitUntil(lambda: button.text() == "Notifications: 3", timeout=5000)
    assert button.accessibleName() == "Notifications, 3 unread"
    other_pc.mark_read(shop.tom.id)  # Tom read them on the workshop PC
    qtbot.waitUntil(lambda: button.text() == "Notifications", timeout=5000)
    assert not button.font().bold()


def test_clicking_a_notification_opens_its_job_and_marks_it_read(qtbot, open_window, shop, check_model):
    window = open_window(shop.tom)
    window.notices.button.click()
    panel = window.notices.panel
    assert panel.isVisible()
    check_model(panel.model)
    newest = panel.model.row_at(0)
    assert (newest.kind, newest.entity_id) == ("appointment_assigned", shop.appointments["engine"])
    assert panel.model.data(panel.model.index(0), Qt.ItemDataRole.FontRole).bold()
    click_row(qtbot, panel, 0)
    assert not panel.isVisible()
    tab = window.tab("appointments")
    assert window.tabs.currentWidget() is tab and tab.current().id == shop.appointments["engine"]
    assert shop.store.unread_count(shop.tom.id) == 1
    assert window.notices.button.text() == "Notifications: 1"


def test_a_job_the_filters_hide_is_found_when_its_notification_is_opened(qtbot, open_window, shop):
    window = open_window(shop.desk)
    window.show_tab("callbacks")
    window.notices.button.click()
    panel = window.notices.panel
    assert [panel.model.row_at(r).kind for r in range(panel.model.rowCount())] == ["appointment_completed"]
    click_row(qtbot, panel, 0)  # the wipers job is completed: the "open" filter hides it
    tab = window.tab("appointments")
    assert window.tabs.currentWidget() is tab and tab.current().id == shop.appointments["wipers"]
    assert tab.status.currentText() == "All statuses" and tab.search.text() == "BB-222"


def test_mark_all_read_empties_the_count(qtbot, open_window, shop):
    window = open_window(shop.tom)
    window.notices.button.click()
    panel = window.notices.panel
    assert panel.mark_all.isEnabled()
    panel.mark_all.click()
    assert shop.store.unread_count(shop.tom.id) == 0
    assert window.notices.button.text() == "Notifications" and not panel.mark_all.isEnabled()
    assert not any(panel.model.data(panel.model.index(r), Qt.ItemDataRole.FontRole)
                   for r in range(panel.model.rowCount()))  # none bold any more


def test_signing_in_does_not_announce_old_notifications_but_new_ones_go_out(qtbot, open_window, shop, other_pc):
    window = open_window(shop.tom)
    arrived = []
    window.events.notified.connect(arrived.append)
    window.notices.watch.refresh()
    assert arrived == []
    other_pc.assign_technician(shop.appointments["brakes"], shop.tom.id, shop.desk.id)
    qtbot.waitUntil(lambda: len(arrived) == 1, timeout=5000)
    assert arrived[0].entity_id == shop.appointments["brakes"] and "Fran Desk gave you" in arrived[0].text
    assert window.notices.watch.tray.icon is None  # offscreen has no tray: the count and the list tell


def test_a_technicians_load_follows_assign_and_complete(qtbot, open_window, shop, other_pc):
    window = open_window(shop.tom)
    load = window.notices.load
    assert load.isVisible() and load.text() == "Your jobs: 2 of 3"
    other_pc.assign_technician(shop.appointments["brakes"], shop.tom.id, shop.desk.id)
    qtbot.waitUntil(lambda: load.text() == "Your jobs: 3 of 3 (full)", timeout=5000)
    window.show_tab("appointments")
    tab = window.tab("appointments")
    tab.select(shop.appointments["engine"])
    tab.complete_action.trigger()  # in this window: the label follows at once
    assert load.text() == "Your jobs: 2 of 3"


def test_only_technicians_see_a_load_and_only_managers_edit_deadlines(open_window, shop):
    desk = open_window(shop.desk)
    assert not desk.notices.load.isVisibleTo(desk) and not desk.shop_menu.offers("settings")
    desk.set_user(shop.manager)
    assert desk.shop_menu.offers("settings")  # the deadlines are a section of Shop settings
    file_menu = desk.menuBar().actions()[0].menu()
    assert not [a for a in file_menu.actions() if "deadline" in a.text().lower()]


def test_the_list_model_is_empty_before_anyone_is_followed(shop, check_model):
    model = NotificationsModel(shop.store)
    check_model(model)
    assert model.rowCount() == 0 and model.row_at(0) is None
    model.follow(shop.tara.id)
    check_model(model)
    assert model.rowCount() == 1 and "Fran Desk gave you Toyota Corolla (BB-222)" in model.index(0).data()
