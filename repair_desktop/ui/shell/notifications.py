"""The signed-in person's notifications in the status bar: an unread count always in sight, and a list.

The list shows the newest 50, unread ones in bold. Clicking one marks it read
and opens its job (the window selects it in its tab); "Mark all read" marks
every one of the person's notifications. The count comes from
``NotificationWatch``, which follows the change feed.
"""

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListView, QMainWindow, QPushButton,
                               QToolButton, QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...store import EmployeeRecord, NotificationRow, Store
from ..widgets.formatting import short
from ..widgets.paged_model import ROW_ROLE
from .notification_watch import NotificationWatch
from .technician_load import TechnicianLoadLabel

#: How many notifications the list shows (newest first).
SHOWN = 50

Index = QModelIndex | QPersistentModelIndex


class NotificationsModel(QAbstractListModel):
    """One person's newest notifications; never holds a session, reads again on ``reload``."""

    load_failed = Signal(str)

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.employee_id: int | None = None
        self._rows: list[NotificationRow] = []

    def follow(self, employee_id: int) -> None:
        self.employee_id = employee_id
        self.reload()

    def reload(self) -> None:
        try:
            rows = self.store.notifications(self.employee_id, limit=SHOWN) if self.employee_id is not None else []
        except DomainError as error:
            self.load_failed.emit(error.message)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.text}\n{short(row.created_at)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{'Read' if row.is_read else 'Unread'}: {row.text}"
        if role == Qt.ItemDataRole.FontRole and not row.is_read:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == ROW_ROLE:
            return row
        return None

    def row_at(self, row: int) -> NotificationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


class NotificationPanel(QFrame):
    """The list that drops down from the status bar; ``opened(kind, id)`` when a notification is clicked."""

    opened = Signal(str, int)
    #: Something was marked read here: the count should be read again.
    marked = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("notificationPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.store = store
        self.model = NotificationsModel(store, self)
        self.list = QListView(objectName="notificationList")
        self.list.setAccessibleName("Notifications, newest first")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.empty = QLabel("No notifications yet.", objectName="noNotifications")
        self.error = QLabel(objectName="notificationError", wordWrap=True)
        self.error.hide()
        self.model.load_failed.connect(self._failed)
        self.mark_all = QPushButton("Mark all read", objectName="markAllRead")
        self.mark_all.clicked.connect(self.mark_all_read)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Notifications</b>"))
        top.addStretch()
        top.addWidget(self.mark_all)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        self.resize(460, 380)

    def show_for(self, employee_id: int, below: QWidget) -> None:
        """Read the person's newest notifications and show the list just above ``below`` (the status bar)."""
        self.error.hide()
        self.model.follow(employee_id)
        self._show_state()
        corner = below.mapToGlobal(QPoint(below.width(), 0))
        self.move(max(0, corner.x() - self.width()), max(0, corner.y() - self.height()))
        self.show()
        self.list.setFocus()

    def _show_state(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.list.setVisible(has_rows)
        self.mark_all.setEnabled(any(not self.model.row_at(i).is_read for i in range(self.model.rowCount())))

    def _failed(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is None:
            return
        if not row.is_read and self._mark([row.id]):
            self.model.reload()
        self.hide()
        self.opened.emit(row.entity_kind, row.entity_id)

    def mark_all_read(self) -> None:
        if self._mark(None):
            self.model.reload()
            self._show_state()

    def _mark(self, ids: list[int] | None) -> bool:
        try:
            self.store.mark_read(self.model.employee_id, ids)
        except DomainError as error:
            self._failed(error.message)
            return False
        self.marked.emit()
        return True


class NotificationButton(QToolButton):
    """``Notifications: 3`` in the status bar (bold while any are unread); a click drops the list down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="notificationButton")
        self.setAutoRaise(True)
        self.show_count(0)

    def show_count(self, count: int) -> None:
        self.setText(f"Notifications: {count}" if count else "Notifications")
        self.setAccessibleName(f"Notifications, {count} unread")
        self.setToolTip(f"{count} unread notification{'s' if count != 1 else ''}. Click to see the list.")
        font = self.font()
        font.setBold(count > 0)
        self.setFont(font)


class StatusBarNotices(QObject):
    """What a window's status bar tells the signed-in person: their unread count (with the list behind it), a
    technician's own load, and the minute timer that checks the callbacks' deadlines."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.watch = NotificationWatch(window.store, window.events, self)
        self.button = NotificationButton()
        self.panel = NotificationPanel(window.store, window)
        self.load = TechnicianLoadLabel(window.store, window.events)
        window.statusBar().addPermanentWidget(self.load)
        window.statusBar().addPermanentWidget(self.button)
        self.watch.count_changed.connect(self.button.show_count)
        self.button.clicked.connect(self.show_list)
        self.panel.marked.connect(self.watch.refresh)
        self.panel.opened.connect(window.open_job)
        self.watch.ticked.connect(self._repaint_lists)

    def follow(self, user: EmployeeRecord) -> None:
        self.watch.follow(user.id)
        self.load.follow(user)

    def show_list(self) -> None:
        if self.watch.employee_id is not None:
            self.panel.show_for(self.watch.employee_id, self.window.statusBar())

    def _repaint_lists(self) -> None:
        """A deadline's state moves with the clock: the lists on show paint it afresh."""
        if (tab := self.window.centralWidget()) is not None:
            for view in tab.findChildren(QAbstractItemView):
                view.viewport().update()
