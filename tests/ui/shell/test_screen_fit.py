"""The main window fits the screen it opens on, and a remembered place that no longer lies on a screen is corrected."""

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication

from repair_desktop.ui.shell.main_window import MainWindow
from repair_desktop.ui.shell.screen_fit import FIRST_SIZE, FRAME, fitted

#: A 1366x768 laptop with a 40 px task bar at the bottom.
LAPTOP = QRect(0, 0, 1366, 728)


def on(available: QRect, rect: QRect) -> bool:
    """``rect``, with its frame and title bar, lies on ``available``."""
    return available.contains(rect.adjusted(-FRAME.width() // 2, -(FRAME.height() - FRAME.width() // 2),
                                            FRAME.width() // 2, FRAME.width() // 2))


def test_the_first_window_fits_a_small_laptop_screen():
    wanted = QRect(0, 0, FIRST_SIZE.width(), FIRST_SIZE.height())
    wanted.moveCenter(LAPTOP.center())

    placed = fitted(wanted, LAPTOP)

    assert on(LAPTOP, placed)
    assert placed.width() == 1280 and placed.height() == 728 - FRAME.height()


def test_a_window_remembered_on_a_monitor_that_is_gone_comes_back():
    second_monitor = QRect(1900, 100, 1600, 1000)

    placed = fitted(second_monitor, LAPTOP)

    assert on(LAPTOP, placed) and placed.size() == QSize(1366 - FRAME.width(), 728 - FRAME.height())


def test_a_window_that_fits_stays_where_it_was():
    assert fitted(QRect(100, 80, 900, 600), LAPTOP) == QRect(100, 80, 900, 600)


def test_the_first_window_fits_the_screen_it_opens_on(qtbot, shop, settings):
    available = QGuiApplication.primaryScreen().availableGeometry()  # 800x800 on the test platform
    window = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(window)

    assert on(available, window.geometry())
    assert window.width() == min(FIRST_SIZE.width(), available.width() - FRAME.width())


def test_a_remembered_place_off_every_screen_is_corrected(qtbot, shop, settings):
    first = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(first)
    first.setGeometry(QRect(5000, 3000, 1800, 1200))  # on a monitor since unplugged
    settings.setValue("window/geometry", first.saveGeometry())
    first.close()

    window = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(window)

    assert on(QGuiApplication.primaryScreen().availableGeometry(), window.geometry())


def test_a_remembered_place_on_screen_is_kept(qtbot, shop, settings):
    first = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(first)
    first.setGeometry(QRect(60, 70, 600, 500))
    saved = QByteArray(first.saveGeometry())
    first.close()
    settings.setValue("window/geometry", saved)

    window = MainWindow(shop.store, shop.manager, settings)
    qtbot.addWidget(window)

    assert window.geometry() == QRect(60, 70, 600, 500)
