"""The main window: what each role is offered, who is signed in, switching user, and the remembered layout."""

import gc
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QLabel

from repair_desktop.ui.appointments.model import AppointmentsModel
from repair_desktop.ui.appointments.tab import AppointmentsTab
from repair_desktop.ui.shell.application import freeze_when_built
from repair_desktop.ui.shell.main_window import MainWindow
from repair_desktop.ui.shell.signin_dialog import SignInDialog
from support.ui_helpers import PINS, cancel_button, click, click_header, local, ok_button, settled


def tab_names(window: MainWindow) -> list[str]:
    return [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def toolbar_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.toolbar.actions()]


@pytest.mark.parametrize("who, tabs", [
    ("manager", ["appointments", "schedule", "workload", "callbacks"]),
    ("desk", ["appointments", "schedule", "workload", "callbacks"]),
    ("tom", ["appointments", "callbacks"]),
])
def test_each_role_gets_its_tabs(open_window, shop, who, tabs):
    window = open_window(getattr(shop, who))

    assert tab_names(window) == tabs
    assert tab_titles(window) == [t.capitalize() for t in tabs]
    assert isinstance(window.tab("appointments"), AppointmentsTab)
    assert window.tabs.currentWidget() is window.tab("appointments")


def built_tabs(window: MainWindow) -> list[str]:
    """Names of the tabs that are real tabs already (not waiting to be built), read without building any."""
    return [window.tabs.widget(i).objectName() for i in range(window.tabs.count())
            if type(window.tabs.widget(i)).__name__ != "_TabToBuild"]


def test_the_other_tabs_are_built_in_idle_time_after_the_first_paint(qtbot, open_window, shop):
    window = open_window(shop.manager)

    qtbot.waitUntil(lambda: built_tabs(window) == ["appointments", "schedule", "workload", "callbacks"], timeout=10000)
    assert window.tabs.currentWidget() is window.tab("appointments")  # building them did not switch tabs
    assert [a.text() for a in window.toolbar.actions()] == [a.text() for a in window.tab("appointments").actions_in_order]


def test_a_tab_chosen_before_the_idle_build_reaches_it_is_built_at_once(qtbot, shop, settings):
    window = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(window)
    assert built_tabs(window) == ["appointments"]  # nothing else before the window is painted

    assert window.show_tab("callbacks")  # the person clicks before the first paint and before the idle build

    assert built_tabs(window) == ["appointments", "callbacks"]
    assert window.tabs.currentWidget() is window.tab("callbacks")
    with qtbot.waitSignal(window.tabs_built, timeout=10000):
        window.show()
    assert built_tabs(window) == ["appointments", "schedule", "workload", "callbacks"]
    assert window.tabs.currentWidget().objectName() == "callbacks"


def test_a_window_built_without_idle_build_builds_a_tab_only_when_shown(qtbot, shop, settings):
    window = MainWindow(shop.store, shop.manager, settings, build_when_idle=False)  # --screenshot
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._painted)
    for _ in range(3):  # turns of the event loop in which a wrongly queued idle build would run
        QCoreApplication.processEvents()

    assert built_tabs(window) == ["appointments"]
    window.show_tab("workload")
    assert built_tabs(window) == ["appointments", "workload"]


@pytest.mark.parametrize("who, text", [
    ("manager", "Mia Manager · Manager"),
    ("desk", "Fran Desk · Front desk"),
    ("tara", "Tara Tech · Technician"),
])
def test_status_bar_names_the_signed_in_person_and_role(open_window, shop, who, text):
    window = open_window(getattr(shop, who))

    label = window.statusBar().findChild(QLabel, "signedIn")
    assert label.isVisible()
    assert label.text() == f"Signed in: {text}"
    assert any(w.text() == "Database: shop.db (this PC)" for w in window.statusBar().findChildren(QLabel))


def test_show_tab_picks_a_tab_the_role_has_and_refuses_one_it_has_not(open_window, shop):
    manager_window = open_window(shop.manager)
    assert manager_window.show_tab("workload") is True
    assert manager_window.tabs.currentWidget().objectName() == "workload"
    assert manager_window.show_tab("callbacks") is True
    assert manager_window.tabs.currentWidget().objectName() == "callbacks"
    assert manager_window.show_tab("appointments") is True
    assert manager_window.tabs.currentWidget() is manager_window.tab("appointments")

    tech_window = open_window(shop.tom)
    assert tech_window.show_tab("workload") is False
    assert tech_window.tabs.currentWidget().objectName() == "appointments"  # unchanged
    assert tech_window.show_tab("no such tab") is False


def test_toolbar_and_jobs_menu_follow_the_current_tab(open_window, shop):
    window = open_window(shop.desk)
    appointments = window.tab("appointments")
    assert toolbar_texts(window) == [a.text() for a in appointments.actions_in_order]
    assert window.jobs_menu.isEnabled()
    assert appointments.export_action in window.jobs_menu.actions()

    for name in ["workload", "callbacks", "appointments"]:
        window.show_tab(name)
        tab = window.tab(name)
        own = getattr(tab, "actions_in_order", [])
        assert toolbar_texts(window) == [a.text() for a in own], name
        assert window.jobs_menu.isEnabled() == bool(own)
        if name != "appointments":
            assert not set(window.toolbar.actions()) & set(appointments.actions_in_order)


def test_switch_user_rebuilds_the_tabs_for_the_new_role(qtbot, open_window, shop, modal):
    window = open_window(shop.manager)
    old_tab = window.tab("appointments")
    assert old_tab.book_action.isEnabled()

    def sign_in_as_tom(dialog):
        assert isinstance(dialog, SignInDialog)
        dialog.person.setCurrentIndex(dialog.person.findData(shop.tom.id))
        qtbot.keyClicks(dialog.pin, PINS["Tom Tech"])
        click(qtbot, ok_button(dialog))

    modal.run(window.switch_user_action.trigger, sign_in_as_tom)

    assert window.user.id == shop.tom.id
    assert tab_names(window) == ["appointments", "callbacks"]
    assert window.user_label.text() == "Signed in: Tom Tech · Technician"
    new_tab = window.tab("appointments")
    assert new_tab is not old_tab
    assert new_tab.user.id == shop.tom.id
    assert not new_tab.book_action.isEnabled()
    assert toolbar_texts(window) == [a.text() for a in new_tab.actions_in_order]
    assert new_tab.technician.currentData() == shop.tom.id  # a technician starts on their own jobs
    qtbot.waitUntil(lambda: built_tabs(window) == ["appointments", "callbacks"])  # the rest in idle time again


def test_switch_user_given_up_keeps_who_was_signed_in(qtbot, open_window, shop, modal):
    window = open_window(shop.desk)
    tab = window.tab("appointments")

    modal.run(window.switch_user_action.trigger, lambda dialog: click(qtbot, cancel_button(dialog)))

    assert window.user.id == shop.desk.id
    assert window.tab("appointments") is tab
    assert tab_names(window) == ["appointments", "schedule", "workload", "callbacks"]


def test_switch_user_with_a_wrong_pin_changes_nothing_until_the_pin_is_right(qtbot, open_window, shop, modal):
    window = open_window(shop.desk)

    def wrong_then_right(dialog):
        dialog.person.setCurrentIndex(dialog.person.findData(shop.manager.id))
        qtbot.keyClicks(dialog.pin, PINS["Fran Desk"])
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible() and dialog.problem.isVisible()
        assert window.user.id == shop.desk.id
        qtbot.keyClicks(dialog.pin, PINS["Mia Manager"])
        click(qtbot, ok_button(dialog))

    modal.run(window.switch_user_action.trigger, wrong_then_right)

    assert window.user.id == shop.manager.id
    assert window.user_label.text() == "Signed in: Mia Manager · Manager"


def test_view_menu_refresh_reads_changes_made_on_another_pc(open_window, shop):
    window = open_window(shop.desk)
    tab = window.tab("appointments")
    before = tab.model.rowCount()

    new_id = shop.book(shop.golf, local(date.today(), 12), "Rattle from the rear axle")  # another PC books
    assert tab.model.row_of(new_id) == -1
    window.refresh_action.trigger()

    assert tab.model.rowCount() == before + 1
    assert tab.model.row_of(new_id) >= 0


def test_geometry_and_appointments_header_are_saved_and_restored(qtbot, open_window, shop, tmp_path):
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    first = open_window(shop.desk, settings)
    screen, smallest = first.screen().availableGeometry(), first.minimumSizeHint()
    size = QSize(max(smallest.width(), 640) + 9, max(smallest.height(), 480) + 11)
    assert size != first.size()  # not the size every window opens with
    wanted = QRect(QPoint((screen.width() - size.width()) // 2, 48), size)
    assert screen.contains(wanted), "fits the (small) offscreen screen, so it can come back as it was"
    first.setGeometry(wanted)
    qtbot.waitUntil(lambda: first.size() == size)
    saved = first.geometry()
    table = first.tab("appointments").table
    table.horizontalHeader().resizeSection(AppointmentsModel.COL_CUSTOMER, 234)
    table.horizontalHeader().moveSection(AppointmentsModel.COL_CONCERN, 1)  # concern dragged next to the id
    click_header(qtbot, table, AppointmentsModel.COL_CUSTOMER)  # sorted by customer
    sort_order = table.horizontalHeader().sortIndicatorOrder()
    first.close()

    assert settings.value("window/geometry")
    assert settings.value("appointments/header")
    reread = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)  # as the next start reads it
    second = open_window(shop.desk, reread)

    assert second.geometry() == saved
    header = second.tab("appointments").table.horizontalHeader()
    assert header.sectionSize(AppointmentsModel.COL_CUSTOMER) == 234
    assert header.visualIndex(AppointmentsModel.COL_CONCERN) == 1
    assert header.sortIndicatorSection() == AppointmentsModel.COL_CUSTOMER
    assert header.sortIndicatorOrder() == sort_order
    settled(qtbot, second.tab("appointments"))  # the restored order's page is read off the GUI thread
    model = second.tab("appointments").model
    assert model.sort_state == ("customer", sort_order == Qt.SortOrder.DescendingOrder)  # rows follow the header
    names = [model.row_at(i).customer_name for i in range(model.rowCount())]
    assert names == sorted(names, reverse=sort_order == Qt.SortOrder.DescendingOrder)


def test_switching_user_keeps_the_appointments_layout(qtbot, open_window, shop, modal):
    window = open_window(shop.desk)
    window.tab("appointments").table.horizontalHeader().resizeSection(AppointmentsModel.COL_VEHICLE, 321)

    def sign_in_as_tara(dialog):
        dialog.person.setCurrentIndex(dialog.person.findData(shop.tara.id))
        qtbot.keyClicks(dialog.pin, PINS["Tara Tech"])
        click(qtbot, ok_button(dialog))

    modal.run(window.switch_user_action.trigger, sign_in_as_tara)

    assert window.tab("appointments").table.horizontalHeader().sectionSize(AppointmentsModel.COL_VEHICLE) == 321


def test_about_names_the_version_and_the_database(open_window, shop, message_boxes):
    from repair_desktop import __version__

    window = open_window(shop.desk)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&About Repair Desktop").trigger()

    [(title, text)] = message_boxes.of("about")
    assert title == "About Repair Desktop"
    assert __version__ in text and "shop.db (this PC)" in text


def test_once_every_tab_is_built_the_collector_stops_walking_the_window(qtbot, shop, settings):
    """Full collections walked the window's ~90,000 long-lived objects: a 55-80 ms pause now and then."""
    gc.unfreeze()
    window = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(window)
    freeze_when_built(window)
    try:
        assert gc.get_freeze_count() == 0
        with qtbot.waitSignal(window.tabs_built, timeout=10000):
            window.show()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
