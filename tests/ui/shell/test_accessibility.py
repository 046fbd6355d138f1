"""Keyboard and screen-reader habits: unique shortcuts, menu mnemonics, accessible names,
tab order that follows the layout, the user guide on F1, icons in both colour schemes."""

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDateEdit, QHeaderView,
                               QLabel, QLineEdit, QMenu, QPlainTextEdit, QTabBar, QTextEdit, QWidget)

from repair_desktop.ui.shell import icons
from repair_desktop.ui.shell.help_dialog import GUIDE, HelpDialog, about_text
from repair_desktop.ui.shell.main_window import MainWindow
from repair_desktop.ui.shell.theme import dark_palette

ROLES = ["manager", "desk", "tom"]
#: What a person types into, picks from or presses (QDateEdit and every date/time/number field are spin boxes).
INTERACTIVE = (QLineEdit, QComboBox, QAbstractButton, QAbstractItemView, QDateEdit, QAbstractSpinBox, QTextEdit,
               QPlainTextEdit)


@pytest.fixture
def window_for(open_window, shop):
    """``window_for(who)``: a shown main window signed in as ``shop.<who>``."""
    return lambda who: open_window(getattr(shop, who))


def live_actions(window: MainWindow) -> list[QAction]:
    """The actions whose shortcut works right now: the window's own and those on visible widgets."""
    found = []
    for action in window.findChildren(QAction):
        if action.shortcut().isEmpty() or not action.isVisible():
            continue
        widgets = [o for o in action.associatedObjects() if isinstance(o, QWidget)]
        if any(w.isVisible() or isinstance(w, QMenu) and w.menuAction().isVisible() for w in widgets):
            found.append(action)
    return found


def tab_indexes(window: MainWindow) -> range:
    return range(window.tabs.count())


@pytest.mark.parametrize("who", ROLES)
def test_no_two_actions_share_a_shortcut_on_any_tab(window_for, who):
    window = window_for(who)
    for index in tab_indexes(window):
        window.tabs.setCurrentIndex(index)
        keys = Counter()
        for action in set(live_actions(window)):
            for sequence in action.shortcuts():
                keys[sequence.toString(QKeySequence.SequenceFormat.PortableText)] += 1
        clashes = {k: n for k, n in keys.items() if n > 1}
        assert not clashes, f"{who} on {window.tabs.widget(index).objectName()}: {clashes}"


def mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


@pytest.mark.parametrize("who", ROLES)
def test_every_menu_and_menu_item_has_its_own_mnemonic(window_for, who):
    window = window_for(who)
    top = [a for a in window.menuBar().actions() if a.isVisible()]
    assert all(mnemonic(a.text()) for a in top), [a.text() for a in top]
    assert len({mnemonic(a.text()) for a in top}) == len(top)
    for index in tab_indexes(window):
        window.tabs.setCurrentIndex(index)
        for menu_action in top:
            items = [a for a in menu_action.menu().actions() if not a.isSeparator() and a.isVisible()]
            letters = [mnemonic(a.text()) for a in items]
            where = f"{who}, {window.tabs.widget(index).objectName()}, {menu_action.text()}"
            assert None not in letters, f"{where}: {[a.text() for a in items]}"
            assert len(set(letters)) == len(letters), f"{where}: {[a.text() for a in items]}"


@pytest.mark.parametrize("who", ROLES)
def test_every_toolbar_action_has_an_icon_and_a_shortcut(window_for, who):
    window = window_for(who)
    for index in tab_indexes(window):
        window.tabs.setCurrentIndex(index)
        for action in window.toolbar.actions():
            assert not action.icon().isNull(), action.text()
            assert not action.shortcut().isEmpty(), action.text()


def has_a_name(widget: QWidget) -> bool:
    if widget.accessibleName().strip():
        return True
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return True
    buddies = [label for label in widget.window().findChildren(QLabel) if label.buddy() is widget]
    return bool(buddies)


def interactive_widgets(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, (QTabBar, QHeaderView)):
            continue  # a table's header is read out as part of the table
        if widget.parent() is not None and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # a combo box's or date field's own line edit: the outer control carries the name
        if type(widget).__name__.startswith("QCalendar") or widget.objectName().startswith("qt_"):
            continue  # Qt's internals (scroll bar buttons, calendar pop-up, corner button)
        if not widget.isVisibleTo(root):
            continue
        found.append(widget)
    return found


@pytest.mark.parametrize("who", ROLES)
def test_every_control_on_every_tab_has_an_accessible_name(window_for, who):
    window = window_for(who)
    for index in tab_indexes(window):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in interactive_widgets(tab) if not has_a_name(w)]
        assert not nameless, f"{who}, {tab.objectName()}: {nameless}"


@pytest.mark.parametrize("who", ROLES)
def test_tab_order_goes_left_to_right_then_down_through_the_filters(window_for, who):
    """Tabbing through a tab's top row (search and filters) visits them in reading order."""
    window = window_for(who)
    for index in tab_indexes(window):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        row = [w for w in interactive_widgets(tab) if isinstance(w, (QLineEdit, QComboBox, QDateEdit))
               and w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if len(row) < 2:
            continue
        first = min(row, key=lambda w: (w.mapTo(tab, w.rect().topLeft()).y() // 20, w.mapTo(tab, w.rect().topLeft()).x()))
        visited, widget = [], first
        for _ in range(500):  # Qt's focus chain: the order Tab follows
            if widget in row and widget not in visited:
                visited.append(widget)
            widget = widget.nextInFocusChain()
            if widget is first:
                break
        in_chain = visited
        positions = [(w.mapTo(tab, w.rect().topLeft()).y() // 20, w.mapTo(tab, w.rect().topLeft()).x())
                     for w in in_chain]
        same_row = [p for p in positions if p[0] == positions[0][0]]
        assert same_row == sorted(same_row), f"{who}, {tab.objectName()}: {[w.objectName() for w in in_chain]}"


def test_f1_opens_the_user_guide_at_the_signed_in_role(window_for, qtbot):
    assert GUIDE.exists()
    window = window_for("tom")
    assert window.help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    dialog = HelpDialog(window, role=window.user.role)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "Front desk" in text and "Technician" in text and "Manager" in text
    images = dialog.browser.document().toHtml().count("<img")
    assert images >= 3


def test_about_names_the_version_licence_and_database(shop):
    text = about_text(shop.store, "shop.db (this PC)")
    assert "0." in text and "MIT" in text and "SQLite file" in text and "shop.db (this PC)" in text


def test_action_icons_take_the_palette_text_colour():
    light = QGuiApplication.palette()
    dark = dark_palette()
    for name in set(icons.ACTION_ICONS.values()):
        for palette in (light, dark):
            image = icons.icon(name, palette).pixmap(24, 24).toImage()
            colours = {image.pixelColor(x, y).name() for x in range(24) for y in range(24)
                       if image.pixelColor(x, y).alpha() == 255}
            assert colours == {palette.color(QPalette.ColorRole.WindowText).name()}, name


def test_the_application_icon_has_every_size():
    sizes = {s.width() for s in icons.app_icon().availableSizes()}
    assert {16, 24, 32, 48, 64, 128, 256, 512} <= sizes


def dialogs(shop):
    from repair_desktop.ui.appointments.dialogs import BookAppointmentDialog
    from repair_desktop.ui.callbacks.dialogs import CreateCallbackDialog
    from repair_desktop.ui.callbacks.contracts_dialog import ContractsDialog
    from repair_desktop.ui.shell.signin_dialog import FirstRunDialog, SignInDialog

    return {
        "sign in": lambda: SignInDialog(shop.store),
        "first run": lambda: FirstRunDialog(shop.store),
        "book": lambda: BookAppointmentDialog(shop.store, shop.desk.id),
        "new callback": lambda: CreateCallbackDialog(shop.store, shop.desk.id),
        "contracts": lambda: ContractsDialog(shop.store, shop.desk.id),
        "help": lambda: HelpDialog(None),
    }


@pytest.mark.parametrize("name", ["sign in", "first run", "book", "new callback", "contracts", "help"])
def test_every_control_in_the_dialogs_has_an_accessible_name(qtbot, shop, name):
    dialog = dialogs(shop)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in interactive_widgets(dialog) if not has_a_name(w)]
    assert not nameless, f"{name}: {nameless}"


def test_the_dark_scheme_gives_a_dark_palette_and_back(qapp, monkeypatch):
    """REPAIR_DESKTOP_COLOR_SCHEME=dark (as the system saying "dark"): Fusion with a dark palette; back to light
    when the scheme goes back."""
    from repair_desktop.ui.shell import theme
    from repair_desktop.ui.shell.dark_style import DarkStyle
    from repair_desktop.ui.workload.chart_data import is_dark

    style, palette = qapp.style().name(), qapp.palette()
    monkeypatch.setenv(theme.ENV, "dark")
    try:
        theme.follow_color_scheme(qapp)
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 60
        assert qapp.palette().color(QPalette.ColorRole.WindowText).lightness() > 200
        assert is_dark(qapp.palette())
        assert isinstance(qapp.style(), DarkStyle)  # whose check boxes show their edge
        monkeypatch.setenv(theme.ENV, "light")
        theme.follow_color_scheme(qapp)
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        theme.wanted = None
        qapp.styleHints().unsetColorScheme()
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setProperty("repairDesktopDarkPalette", False)
