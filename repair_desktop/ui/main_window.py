"""The main window: one tab per job area, menus and toolbar that follow the tab, and who is signed in."""

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from .. import __version__
from ..domain.statuses import Role
from ..store import Store
from ..store.models import Employee
from .appointments_tab import AppointmentsTab
from .callbacks_tab import make_callbacks_tab
from .events import JobEvents
from .placeholder_tab import PlaceholderTab
from .signin_dialog import SignInDialog

#: Tab names (for ``--tab``) in their order, with the roles that see each.
TABS = {
    "appointments": {Role.FRONT_DESK, Role.MANAGER, Role.TECHNICIAN},
    "workload": {Role.FRONT_DESK, Role.MANAGER},
    "callbacks": {Role.FRONT_DESK, Role.MANAGER, Role.TECHNICIAN},
}


def database_label(store: Store) -> str:
    """Where the data lives, as a person would say it."""
    from sqlalchemy.engine import make_url

    url = make_url(store.url)
    if url.get_backend_name() == "sqlite":
        return f"{Path(url.database or '').name} (this PC)"
    return f"{url.database} on {url.host or 'local server'}"


class MainWindow(QMainWindow):
    def __init__(self, store: Store, user: Employee, settings: QSettings) -> None:
        super().__init__()
        self.store, self.settings = store, settings
        self.events = JobEvents(self)
        self.setWindowTitle("Repair Desktop")
        self.resize(1280, 800)
        self.tabs = QTabWidget(objectName="tabs", documentMode=True)
        self.setCentralWidget(self.tabs)
        self.toolbar = QToolBar("Actions", objectName="actionsToolbar", movable=False)
        self.addToolBar(self.toolbar)
        self.user_label = QLabel(objectName="signedIn")
        self.statusBar().addPermanentWidget(QLabel(f"Database: {database_label(store)}"))
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_menus()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.set_user(user)
        if geometry := settings.value("window/geometry"):
            self.restoreGeometry(geometry)

    # --- menus ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.switch_user_action = self._action(file_menu, "S&witch user…", "Ctrl+Shift+U", self.switch_user)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.jobs_menu = self.menuBar().addMenu("&Jobs")
        view_menu = self.menuBar().addMenu("&View")
        self.refresh_action = self._action(view_menu, "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh)
        view_menu.addSeparator()
        for number, name in enumerate(TABS, start=1):
            self._action(view_menu, f"&{number} {name.capitalize()}", f"Alt+{number}",
                         lambda checked=False, n=name: self.show_tab(n))
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Repair Desktop", "", self.about)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # --- who is signed in ----------------------------------------------------------------------

    def set_user(self, user: Employee) -> None:
        """Rebuild the tabs for ``user``'s role; the role decides what the window offers."""
        self.user = user
        self._save_layout()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        for name, roles in TABS.items():
            if user.role in roles:
                tab = self._make_tab(name)
                tab.setObjectName(name)
                self.tabs.addTab(tab, name.capitalize())
        self.user_label.setText(f"Signed in: {user.name} · {user.role.label}")
        self._restore_layout()
        self._tab_changed()

    def _make_tab(self, name: str) -> QWidget:
        if name == "appointments":
            return AppointmentsTab(self.store, self.user, self.events)
        if name == "callbacks":
            return make_callbacks_tab(self.store, self.user, self.events)
        if name == "workload":
            from .workload_tab import WorkloadTab  # Qt Quick and Qt Graphs load only for those who see charts

            return WorkloadTab(self.store, self.user, self.events)
        return PlaceholderTab(f"The {name} tab is on its way in the next release.")

    def switch_user(self) -> None:
        dialog = SignInDialog(self.store, self)
        if dialog.exec():
            self.set_user(dialog.result_value)

    # --- tabs ----------------------------------------------------------------------------------

    def tab(self, name: str) -> QWidget | None:
        return next((self.tabs.widget(i) for i in range(self.tabs.count())
                     if self.tabs.widget(i).objectName() == name), None)

    def show_tab(self, name: str) -> bool:
        tab = self.tab(name)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
        return tab is not None

    def _tab_changed(self, *_) -> None:
        """Menus and toolbar show the current tab's actions."""
        tab = self.tabs.currentWidget()
        actions = getattr(tab, "actions_in_order", [])
        self.toolbar.clear()
        self.jobs_menu.clear()
        for action in actions:
            self.toolbar.addAction(action)
            self.jobs_menu.addAction(action)
        if export := getattr(tab, "export_action", None):
            self.jobs_menu.addSeparator()
            self.jobs_menu.addAction(export)
        self.jobs_menu.setEnabled(bool(actions))

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        if hasattr(tab, "refresh"):
            tab.refresh()

    # --- window chrome -------------------------------------------------------------------------

    def about(self) -> None:
        QMessageBox.about(self, "About Repair Desktop",
                          f"<h3>Repair Desktop {__version__}</h3><p>Appointments, technician workload and "
                          f"callbacks for auto repair shops.</p><p>Database: {database_label(self.store)}</p>"
                          "<p>Licensed under the MIT licence.</p>")

    def _save_layout(self) -> None:
        for i in range(self.tabs.count()):
            if hasattr(tab := self.tabs.widget(i), "save_layout"):
                tab.save_layout(self.settings)

    def _restore_layout(self) -> None:
        for i in range(self.tabs.count()):
            if hasattr(tab := self.tabs.widget(i), "restore_layout"):
                tab.restore_layout(self.settings)

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self._save_layout()
        self.settings.sync()
        super().closeEvent(event)
