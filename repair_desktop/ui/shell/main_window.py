"""The main window: one tab per job area, menus and toolbar that follow the tab, and who is signed in."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer, Signal
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from ...domain.access import TABS, tabs_for
from ...store import EmployeeRecord, Store
from ..appointments.tab import AppointmentsTab
from .backup_actions import BackupActions
from ..callbacks.tab import make_callbacks_tab
from ..schedule.tab import ScheduleTab
from .change_watcher import ChangeWatcher
from ..admin.shop_menu import ShopMenu
from ..widgets.events import JobEvents
from ..widgets.long_text import ElidedLabel
from .icons import apply_action_icons
from .notifications import StatusBarNotices
from .screen_fit import fit_on_screen
from .signin_dialog import SignInDialog

def database_label(store: Store) -> str:
    """Where the data lives, as a person would say it."""
    url = store.address
    if url.is_sqlite:
        return f"{Path(url.database or '').name} (this PC)"
    return f"{url.database} on {url.host or 'local server'}"


class _TabToBuild(QWidget):
    """Stands in for a tab until it is built (in idle time after the first paint, or when first shown, whichever
    comes first); ``MainWindow._built`` puts the real tab in its place."""


class MainWindow(QMainWindow):
    #: Every tab of the signed-in person is built (the idle build after the first paint has finished).
    tabs_built = Signal()

    def __init__(self, store: Store, user: EmployeeRecord, settings: QSettings, *, build_when_idle: bool = True) -> None:
        """``build_when_idle``: build the tabs not shown yet right after the first paint, one per event-loop turn,
        so the first click on them is as quick as any later one. Off for ``--screenshot``, which shows one tab and
        exits."""
        super().__init__()
        self.store, self.settings = store, settings
        self._build_when_idle, self._painted = build_when_idle, False
        self.events = JobEvents(self)
        self.setWindowTitle("Repair Desktop")
        self.tabs = QTabWidget(objectName="tabs", documentMode=True)
        self.setCentralWidget(self.tabs)
        self.toolbar = QToolBar("Actions", objectName="actionsToolbar", movable=False)
        self.addToolBar(self.toolbar)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)  # icon and words
        self.user_label = ElidedLabel(object_name="signedIn")
        self.statusBar().addPermanentWidget(ElidedLabel(f"Database: {database_label(store)}"))
        self.statusBar().addPermanentWidget(self.user_label)
        self.connection_label = QLabel("Database unreachable — retrying…", objectName="connectionState")
        self.connection_label.setStyleSheet("color: #b91c1c; font-weight: 600;")
        self.connection_label.hide()
        self.statusBar().insertPermanentWidget(0, self.connection_label)
        self.notices = StatusBarNotices(self)  # the unread count and list, a technician's load, deadline checks
        # Live refresh: changes from other PCs arrive on self.events like this window's own.
        self.events.open_job.connect(self.open_job)
        self.watcher = ChangeWatcher(store, self.events, self)
        self.watcher.unreachable.connect(self._database_unreachable)
        self.watcher.reachable.connect(self._database_reachable)
        if (app := QCoreApplication.instance()) is not None:
            app.aboutToQuit.connect(self.watcher.stop)
        self._build_menus()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.set_user(user)
        geometry = settings.value("window/geometry")
        fit_on_screen(self, remembered=bool(geometry) and self.restoreGeometry(geometry))

    # --- menus ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.switch_user_action = self._action(file_menu, "S&witch user…", "Ctrl+Shift+U", self.switch_user)
        file_menu.addSeparator()
        self.backup_actions = BackupActions(self, file_menu)  # Back up now…, Restore a backup…, Database…
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.jobs_menu = self.menuBar().addMenu("&Jobs")
        view_menu = self.menuBar().addMenu("&View")
        self.shop_menu = ShopMenu(self, self.store, view_menu.menuAction())
        self.refresh_action = self._action(view_menu, "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh)
        view_menu.addSeparator()
        for number, name in enumerate(TABS, start=1):
            self._action(view_menu, f"&{number} {name.capitalize()}", f"Alt+{number}",
                         lambda checked=False, n=name: self.show_tab(n))
        help_menu = self.menuBar().addMenu("&Help")
        self.help_action = self._action(help_menu, "&User guide", QKeySequence.StandardKey.HelpContents,
                                        self.show_help)
        help_menu.addSeparator()
        self.about_action = self._action(help_menu, "&About Repair Desktop", "", self.about)
        apply_action_icons(self)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # --- who is signed in ----------------------------------------------------------------------

    def set_user(self, user: EmployeeRecord) -> None:
        """Rebuild the tabs for ``user``'s role; the role decides what the window offers."""
        self.user = user
        self._save_layout()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        for name in tabs_for(user.role):
            # Only the first tab is built now; the others when first shown, which keeps start-up quick.
            tab = self._make_tab(name) if not self.tabs.count() else _TabToBuild()
            tab.setObjectName(name)
            apply_action_icons(tab)
            self.tabs.addTab(tab, name.capitalize())
        self.user_label.setText(f"Signed in: {user.name} · {user.role.label}")
        self.shop_menu.follow(user.role)
        self.setWindowTitle(self.shop_menu.title())  # Qt adds " — Repair Desktop"
        self.notices.follow(user)
        self._restore_layout()
        self._tab_changed()
        if self._painted:  # switching user: the window is on screen, the new person's other tabs follow now
            self._build_later()

    def _make_tab(self, name: str) -> QWidget:
        if name == "appointments":
            return AppointmentsTab(self.store, self.user, self.events)
        if name == "callbacks":
            return make_callbacks_tab(self.store, self.user, self.events)
        if name == "schedule":
            return ScheduleTab(self.store, self.user, self.events)
        from ..workload.tab import WorkloadTab  # Qt Quick and Qt Graphs load only for those who see charts

        return WorkloadTab(self.store, self.user, self.events)

    def switch_user(self) -> None:
        dialog = SignInDialog(self.store, self)
        if dialog.exec():
            self.set_user(dialog.result_value)

    # --- tabs ----------------------------------------------------------------------------------

    def tab(self, name: str) -> QWidget | None:
        return next((self._built(i) for i in range(self.tabs.count())
                     if self.tabs.widget(i).objectName() == name), None)

    def _built(self, index: int) -> QWidget:
        """The tab at ``index``, built now if it was waiting to be first shown."""
        waiting = self.tabs.widget(index)
        if not isinstance(waiting, _TabToBuild):
            return waiting
        name = waiting.objectName()
        tab = self._make_tab(name)
        tab.setObjectName(name)
        apply_action_icons(tab)
        if hasattr(tab, "restore_layout"):
            tab.restore_layout(self.settings)
        current, self._swapping = self.tabs.currentIndex(), True
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, tab, name.capitalize())
            self.tabs.setCurrentIndex(current)
        finally:
            self._swapping = False
        waiting.deleteLater()
        return tab

    def _build_next_waiting(self) -> None:
        """Build one tab still waiting, then give the event loop a turn (a click or a key) before the next."""
        waiting = next((i for i in range(self.tabs.count()) if isinstance(self.tabs.widget(i), _TabToBuild)), None)
        if waiting is None:
            self.tabs_built.emit()
            return
        self._built(waiting)
        self._build_later()

    def _build_later(self) -> None:
        QTimer.singleShot(0, self, self._build_next_waiting)

    def paintEvent(self, event) -> None:
        """After the first paint (the first page of rows is on screen), the other tabs are built in idle time."""
        super().paintEvent(event)
        if not self._painted and self._build_when_idle:
            self._build_later()
        self._painted = True

    def show_tab(self, name: str) -> bool:
        tab = self.tab(name)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
        return tab is not None

    def _tab_changed(self, *_) -> None:
        """Menus and toolbar show the current tab's actions."""
        if getattr(self, "_swapping", False):
            return
        if self.tabs.currentIndex() >= 0:
            self._built(self.tabs.currentIndex())
        tab = self.tabs.currentWidget()
        actions = getattr(tab, "actions_in_order", [])
        try:
            self.toolbar.clear()
            self.jobs_menu.clear()
        except RuntimeError:  # the window is being torn down: its menus are gone before its tabs
            return
        for action in actions:
            self.toolbar.addAction(action)
            self.jobs_menu.addAction(action)
        if export := getattr(tab, "export_action", None):
            self.jobs_menu.addSeparator()
            self.jobs_menu.addAction(export)
        self.jobs_menu.setEnabled(bool(actions))

    def open_job(self, kind: str, entity_id: int) -> None:
        """Show the job a notification is about: its tab, with the job selected."""
        name = "appointments" if kind == "appointment" else "callbacks"
        if self.show_tab(name) and hasattr(tab := self.tab(name), "show_job"):
            tab.show_job(entity_id)

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        if hasattr(tab, "refresh"):
            tab.refresh()

    def refresh_all(self) -> None:
        """Every tab reads its lists again (after the database came back), keeping selections."""
        for i in range(self.tabs.count()):
            if hasattr(tab := self.tabs.widget(i), "refresh"):
                tab.refresh()

    # --- the connection to the database --------------------------------------------------------

    def _database_unreachable(self, reason: str) -> None:
        """Say so, keep everything on screen and typed; the watcher keeps trying in the background."""
        self.connection_label.setToolTip(reason)
        self.connection_label.show()
        self.statusBar().showMessage("Database unreachable — retrying… Nothing you typed is lost.")

    def _database_reachable(self) -> None:
        self.connection_label.hide()
        self.statusBar().showMessage("Connected to the database again.", 5000)
        self.refresh_all()

    # --- window chrome -------------------------------------------------------------------------

    def about(self) -> None:
        from .help_dialog import about_text

        QMessageBox.about(self, "About Repair Desktop", about_text(self.store, database_label(self.store)))

    def show_help(self) -> None:
        """The user guide (F1), opened at the part for the signed-in person's role."""
        from .help_dialog import HelpDialog

        HelpDialog(self, role=self.user.role).show()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: icons follow the text colour
            apply_action_icons(self, self.palette())
            for i in range(self.tabs.count()):
                apply_action_icons(self.tabs.widget(i), self.palette())
        super().changeEvent(event)

    def _save_layout(self) -> None:
        for i in range(self.tabs.count()):
            if hasattr(tab := self.tabs.widget(i), "save_layout"):
                tab.save_layout(self.settings)

    def _restore_layout(self) -> None:
        for i in range(self.tabs.count()):
            if hasattr(tab := self.tabs.widget(i), "restore_layout"):
                tab.restore_layout(self.settings)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.watcher.start()

    def closeEvent(self, event) -> None:
        self.watcher.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self._save_layout()
        self.settings.sync()
        super().closeEvent(event)
