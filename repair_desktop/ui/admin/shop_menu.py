"""The Shop menu: Staff and Shop settings for the manager, the Customer directory for the desk and the manager.

It follows whoever signs in (a technician sees no Shop menu), puts the shop's
name in the window's title, and tells the window's tabs when staff or settings
changed, as a change from another PC would.
"""

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ...domain.errors import DomainError
from ...domain.statuses import DESK_ROLES, Role
from ...store import Store

#: ``--dialog`` names, in the menu's order.
DIALOGS = ("staff", "customers", "settings")


def window_title(shop_name: str, user_name: str, role: Role) -> str:
    """"Riverside Auto · Mia Manager (Manager)"; Qt adds " — Repair Desktop"."""
    person = f"{user_name} ({role.label})"
    return f"{shop_name} · {person}" if shop_name else person


class ShopMenu:
    def __init__(self, window: QMainWindow, store: Store, before: QAction) -> None:
        self.window, self.store = window, store
        self.menu = QMenu("&Shop", window)
        window.menuBar().insertMenu(before, self.menu)
        self.staff_action = self._add("&Staff…", "Ctrl+Shift+S", lambda: self.open("staff"))
        self.customers_action = self._add("&Customer directory…", "Ctrl+Shift+F", lambda: self.open("customers"))
        self.settings_action = self._add("Shop s&ettings…", "", lambda: self.open("settings"))

    def _add(self, text: str, shortcut: str, slot) -> QAction:
        action = self.menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def follow(self, role: Role) -> None:
        """Offer what ``role`` may do; the store refuses the rest anyway."""
        manager = role == Role.MANAGER
        self.staff_action.setVisible(manager)
        self.settings_action.setVisible(manager)
        self.customers_action.setVisible(role in DESK_ROLES)
        self.menu.menuAction().setVisible(role in DESK_ROLES)

    def offers(self, name: str) -> bool:
        """Whether the signed-in person's menu offers the ``name`` dialog."""
        action = {"staff": self.staff_action, "customers": self.customers_action, "settings": self.settings_action}
        return action[name].isVisible()

    def title(self) -> str:
        user = self.window.user
        try:
            shop_name = self.store.shop_name()
        except DomainError:
            shop_name = ""  # the title can wait; the window says elsewhere when the database is away
        return window_title(shop_name, user.name, user.role)

    def dialog(self, name: str):
        """The ``name`` dialog (one of ``DIALOGS``) for the signed-in person, not yet shown."""
        actor = self.window.user.id
        if name == "staff":
            from .staff_dialog import StaffDialog

            return StaffDialog(self.store, actor, self.window)
        if name == "settings":
            from .settings_dialog import ShopSettingsDialog

            return ShopSettingsDialog(self.store, actor, self.window)
        from .directory_dialog import DirectoryDialog

        return DirectoryDialog(self.store, actor, self.window.events, self.window)

    def open(self, name: str) -> None:
        self.dialog(name).exec()
        self.window.setWindowTitle(self.title())
        self.window.events.changed.emit("employee" if name == "staff" else name, 0)
