"""Keeping the signed-in person's unread count current, and telling them about new notifications.

One mechanism for every PC: a notification written anywhere goes on the change
feed as ``("notification", employee id)``; the window's ChangeWatcher hands it
to ``JobEvents.changed`` and this watch reads the person's count again (one
indexed count) and the notifications newer than any it has seen. Each new one
goes out on ``JobEvents.notified`` (the technicians' urgent-callback banner
listens there) and, where the desktop has a tray, as a tray message. Signing
in never announces old notifications: the first look only sets the mark.

Passed deadlines are written by nobody's act, so a timer here asks the store
to check them every minute (``check_deadlines``: one indexed read when nothing
is late; however many PCs ask, each deadline is announced once). This window's
own writes don't come back on its feed, so a check that announced something
reads the count at once.
"""

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from ...domain.errors import DomainError
from ...store import NotificationRow, Store
from ..widgets.events import JobEvents

DEADLINE_CHECK_MS = 60_000
#: The newest unread notifications looked at for tray messages (more arriving at once are summed up).
NEWEST = 20


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
                app_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.icon = QSystemTrayIcon(app_icon, self)
            self.icon.setToolTip("Repair Desktop")
            self.icon.show()
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15000)


class NotificationWatch(QObject):
    #: The signed-in person's unread count, whenever it changes.
    count_changed = Signal(int)
    #: The deadline timer fired (lists repaint: a deadline's state moves with the clock).
    ticked = Signal()

    def __init__(self, store: Store, events: JobEvents, parent: QObject | None = None,
                 deadline_interval_ms: int = DEADLINE_CHECK_MS) -> None:
        super().__init__(parent)
        self.store, self.events = store, events
        self.employee_id: int | None = None
        self.count = 0
        self.seen = 0  # the newest notification id already announced (or there at sign-in)
        self.tray = TrayNotifier(self)
        events.changed.connect(self._changed)
        self.timer = QTimer(self, interval=deadline_interval_ms)
        self.timer.timeout.connect(self.check_deadlines)
        self.timer.start()

    def follow(self, employee_id: int) -> None:
        """Watch ``employee_id``'s notifications from now on (sign-in, switching user)."""
        self.employee_id = employee_id
        try:
            newest = self.store.notifications(employee_id, limit=1)
        except DomainError:
            newest = []
        self.seen = newest[0].id if newest else 0
        self.refresh()

    def _changed(self, kind: str, entity_id: int) -> None:
        if kind == "notification" and entity_id == self.employee_id:
            self.refresh()

    def refresh(self) -> None:
        """Read the count again; announce notifications newer than any seen. A failed read is skipped."""
        if self.employee_id is None:
            return
        try:
            count = self.store.unread_count(self.employee_id)
            fresh = [n for n in self.store.notifications(self.employee_id, unread_only=True, limit=NEWEST)
                     if n.id > self.seen] if count else []
        except DomainError:
            return  # the window says the database is unreachable; the next change or tick tries again
        if count != self.count:
            self.count = count
            self.count_changed.emit(count)
        if fresh:
            self.seen = fresh[0].id
            self._announce(fresh[::-1])

    def _announce(self, fresh: list[NotificationRow]) -> None:
        for row in fresh:
            self.events.notified.emit(row)
        if len(fresh) == 1:
            self.tray.notify("Repair Desktop", fresh[0].text)
        else:
            self.tray.notify("Repair Desktop", f"{len(fresh)} new notifications. The newest: {fresh[-1].text}")

    def check_deadlines(self) -> None:
        try:
            announced = self.store.check_deadlines()
        except DomainError:
            announced = 0
        if announced:
            self.refresh()
        self.ticked.emit()
