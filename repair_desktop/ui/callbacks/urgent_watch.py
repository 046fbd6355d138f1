"""Noticing new urgent callbacks on a technician's screen, whichever PC created them.

A timer asks the store for the newest pending urgent callback's id every few
seconds (one tiny indexed query); a larger id than any seen before is a new
urgent job. The first look only sets the mark, so signing in never announces
old jobs. A poll that fails is skipped quietly: the next one tries again.
"""

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from ...domain.errors import DomainError
from ...store import Store

POLL_INTERVAL_MS = 5000


class UrgentCallbackWatch(QObject):
    #: The newest urgent callback, when one appeared since the last look.
    arrived = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None, interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.store = store
        self.seen = self._newest() or 0
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def _newest(self) -> int | None:
        try:
            return self.store.newest_urgent_callback_id()
        except DomainError:
            return None

    def check(self) -> None:
        newest = self._newest()
        if newest is None or newest <= self.seen:
            return
        self.seen = newest
        try:
            self.arrived.emit(self.store.callback(newest))
        except DomainError:  # taken or deleted in the meantime: nothing left to announce
            pass


class TrayNotifier(QObject):
    """A desktop notification where the desktop has a tray; elsewhere (offscreen, some kiosks) it does nothing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon: QSystemTrayIcon | None = None

    def notify(self, title: str, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self.icon is None:
            app_icon = QApplication.windowIcon()
            if app_icon.isNull():
                app_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.icon = QSystemTrayIcon(app_icon, self)
            self.icon.setToolTip("Repair Desktop")
            self.icon.show()
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 15000)
