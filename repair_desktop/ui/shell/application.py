"""Running the window: the QApplication, opening the store, signing in, and ``--screenshot``."""

import gc
import os
import sys
import tempfile
from argparse import Namespace

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ... import config
from ...config import APPLICATION, ORGANIZATION, data_folder
from ...domain.errors import DomainError
from ...domain.statuses import Role
from ...store import EmployeeRecord, Store
from .backup_actions import backups_folder, start_daily_backup
from ..widgets.collector import collect_on_gui_thread
from ..widgets.errors import install_bug_handler
from .startup_checks import check_in_background, open_store
from .main_window import MainWindow
from ..admin.team_guide import TeamGuideDialog
from .qt_messages import quiet_offscreen_warnings
from .signin_dialog import FirstRunDialog, SignInDialog


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Repair Desktop")
    app.setDesktopFileName("repair-desktop")  # Wayland/X11 match the window to resources/linux's .desktop file
    from .icons import app_icon
    from .theme import follow_color_scheme

    app.setWindowIcon(app_icon())
    follow_color_scheme(app)  # dark when the system (or REPAIR_DESKTOP_COLOR_SCHEME) says so
    collect_on_gui_thread()  # the daily backup's thread starts before any window
    return app


def freeze_when_built(window: MainWindow) -> None:
    """Once every tab is built, move what exists to the collector's permanent generation (``gc.freeze``).

    The window's long-lived objects (modules, Qt wrappers: about 90,000) were
    walked by every full collection, a 55-80 ms pause that hit a keystroke or
    a click every few hundred; frozen, a full pass takes 3 ms. Objects freed by
    their reference count are freed as before.
    """
    window.tabs_built.connect(gc.freeze)


def run_window(url: str, args: Namespace, *, create_folder: bool = True) -> int:
    """``create_folder=False`` when the address was typed (``--db``): a missing folder is then reported, not made."""
    if args.screenshot:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no screen
        quiet_offscreen_warnings()
    app = make_application()
    install_bug_handler(data_folder() / "errors.log", interactive=not args.screenshot)
    opened = open_store(url, interactive=not args.screenshot, save_choice=_save_database_choice,
                        backups=backups_folder(), create_folder=create_folder)  # a way out, never a crash
    if opened is None:
        return 1
    store, url = opened
    try:
        if args.screenshot:
            return screenshot(store, args.screenshot, args.tab, args.as_name, args.dialog)
        start_daily_backup(url)  # off the GUI thread; SQLite only
        user = sign_in(store)
        if user is None:
            return 0
        window = MainWindow(store, user, QSettings())
        freeze_when_built(window)
        if args.tab:
            window.show_tab(args.tab)
        window.show()
        check = check_in_background(url, window)  # kept referenced while it runs
        result = app.exec()
        if check is not None:
            check.wait()
        return result
    finally:
        store.close()


def _save_database_choice(dialog) -> None:
    dialog.save(config.settings())


def sign_in(store: Store) -> EmployeeRecord | None:
    """The first-run dialog on an empty shop, then the sign-in dialog; None when the person gives up."""
    if not store.employees():
        first = FirstRunDialog(store)
        if not first.exec():
            return None
        if not first.demo_sign_ins:
            TeamGuideDialog(store, first.result_value.id).exec()  # skippable: Shop, Staff does the same later
            return first.result_value
    dialog = SignInDialog(store)
    return dialog.result_value if dialog.exec() else None


def screenshot_user(store: Store, name: str | None) -> EmployeeRecord:
    people = store.employees()
    match = [e for e in people if e.name == name] if name else [e for e in people if e.role == Role.MANAGER]
    if not match:
        wanted = f"employee called {name!r}" if name else "manager"
        raise DomainError(f"There is no {wanted} to sign in as; run 'repair-desktop demo' first.")
    return match[0]


def screenshot(store: Store, path: str, tab: str | None, as_name: str | None, dialog: str | None = None) -> int:
    """Render the window once its first page is shown (pages load as the window is built), write a PNG, exit;
    with ``dialog``, open that Shop dialog over it and render the dialog."""
    try:
        user = screenshot_user(store, as_name)
    except DomainError as error:
        print(f"repair-desktop: {error.message}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:  # never the user's remembered layout: pictures must repeat
        window = MainWindow(store, user, QSettings(f"{folder}/layout.ini", QSettings.Format.IniFormat),
                            build_when_idle=False)  # one tab, then exit: the others would only delay the picture
        if tab and not window.show_tab(tab):
            print(f"repair-desktop: {user.name} ({user.role.label}) has no {tab} tab.", file=sys.stderr)
            return 1
        if dialog and not window.shop_menu.offers(dialog):
            print(f"repair-desktop: {user.name} ({user.role.label}) can't open {dialog}.", file=sys.stderr)
            return 1
        window.resize(1280, 800)
        window.show()
        if dialog is None:
            return _grab(window, path)
        shown = window.shop_menu.dialog(dialog)
        shown.show()
        return _grab(shown, path)


#: The longest a screenshot waits for a tab that draws late (the workload charts) before taking what is there.
READY_WAIT_MS = 5000


def _grab(window: QWidget, path: str) -> int:
    result = {}
    current = window.tabs.currentWidget() if isinstance(window, MainWindow) else window
    ready = getattr(current, "is_ready", lambda: True)
    waited = QElapsedTimer()
    waited.start()

    def grab() -> None:
        if not ready() and waited.elapsed() < READY_WAIT_MS:
            QTimer.singleShot(50, grab)
            return
        result["ok"] = window.grab().save(path, "PNG")
        QApplication.quit()

    QTimer.singleShot(100, grab)
    QApplication.exec()
    if not result.get("ok"):
        print(f"repair-desktop: could not write {path}", file=sys.stderr)
        return 1
    print(f"Wrote {path}")
    return 0
