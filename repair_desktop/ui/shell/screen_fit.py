"""The main window on the screen it opens on: never larger than the screen's free area, never off every screen.

The first window used to open at 1280x800, so on a 1366x768 laptop (about 728 px
free under a task bar) its status bar and the bottom of every list ran off the
screen. A size and place remembered from a bigger or a second monitor that is
gone now is brought back onto a screen the same way.
"""

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The first window's size where the screen has room for it.
FIRST_SIZE = QSize(1280, 800)
#: Room left for the window's title bar and frame, which are not part of its size (measured: 30-37 px on the
#: usual Windows and Linux desktops).
FRAME = QSize(16, 40)


def fitted(wanted: QRect, available: QRect) -> QRect:
    """``wanted`` made no larger than ``available`` less the frame, and moved (as little as it takes) so that
    its frame lies on it."""
    room = QSize(available.width() - FRAME.width(), available.height() - FRAME.height())
    size = wanted.size().boundedTo(room)
    left = min(max(wanted.x(), available.left() + FRAME.width() // 2),
               available.left() + available.width() - FRAME.width() // 2 - size.width())
    top = min(max(wanted.y(), available.top() + FRAME.height() - FRAME.width() // 2),
              available.top() + available.height() - FRAME.width() // 2 - size.height())
    return QRect(QPoint(left, top), size)


def fit_on_screen(window: QWidget, remembered: bool) -> None:
    """Size a first window to ``FIRST_SIZE`` or its screen, centred; keep a ``remembered`` one where it was when
    it still lies on one screen's free area, else bring it onto the screen nearest to it."""
    screens = QGuiApplication.screens()
    if not screens:
        return
    if remembered:
        place = window.geometry()  # Qt's restoreGeometry moved it onto a screen, but not clear of its frame
        if any(fitted(place, screen.availableGeometry()) == place for screen in screens):
            return
        screen = QGuiApplication.screenAt(place.center()) or window.screen() or screens[0]
        window.setGeometry(fitted(place, screen.availableGeometry()))
        return
    available = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    centred = QRect(QPoint(), FIRST_SIZE)
    centred.moveCenter(available.center())
    window.setGeometry(fitted(centred, available))
