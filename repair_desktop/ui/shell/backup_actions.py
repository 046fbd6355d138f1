"""File menu: "Back up now…", "Restore a backup…" and "Database…", plus the daily backup at start-up.

The copy runs in a ``Task`` (a QThread) and a progress dialog follows it, so the window keeps
painting and other PCs keep working. A restore checks the chosen file first, closes this
window's connections, puts the file in place (the replaced database is kept beside it) and
shows the restored data.
"""

import logging
import threading
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QProgressDialog

from ... import config
from ...config import data_folder
from ...domain.errors import DomainError
from ...store import Store
from ...store.backup import back_up, daily_backup, restore, sqlite_file
from ..widgets.background import Task
from .database_dialog import DatabaseDialog

log = logging.getLogger("repair_desktop")


def backups_folder() -> Path:
    return data_folder() / "backups"


def start_daily_backup(url: str, folder: Path | None = None, today: date | None = None) -> threading.Thread | None:
    """Today's SQLite copy in a background thread (None for a server: its own backups are the server's job).

    A daemon thread: quitting mid-copy leaves only a ``.part`` file, which the next start replaces.
    """
    database = sqlite_file(url)
    if database is None:
        return None
    folder = folder or backups_folder()

    def run() -> None:
        try:
            daily_backup(database, folder, today)
        except DomainError as error:
            log.warning("The daily backup failed: %s", error.message)
        except Exception:  # noqa: BLE001 - never let a background copy take the window down
            log.exception("The daily backup failed")

    thread = threading.Thread(target=run, name="daily-backup", daemon=True)
    thread.start()
    return thread


class BackupActions(QObject):
    """Adds the three actions to ``menu`` of ``window`` (a ``MainWindow``: ``store``, ``user``, ``set_user``)."""

    def __init__(self, window: QMainWindow, menu: QMenu, settings: QSettings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.task: Task | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.back_up_action = menu.addAction("&Back up now…")
        self.back_up_action.setObjectName("backUpNow")
        self.back_up_action.triggered.connect(self.back_up_now)
        self.restore_action = menu.addAction("&Restore a backup…")
        self.restore_action.setObjectName("restoreBackup")
        self.restore_action.triggered.connect(self.restore_backup)
        self.restore_action.setEnabled(sqlite_file(window.store.url) is not None)
        self.database_action = menu.addAction("&Database…")
        self.database_action.setObjectName("databaseSettings")
        self.database_action.triggered.connect(self.choose_database)

    @property
    def store(self) -> Store:
        return self.window.store

    # --- back up now ---------------------------------------------------------------------------

    def back_up_now(self) -> None:
        is_file = sqlite_file(self.store.url) is not None
        suggested = backups_folder() / f"shop-{datetime.now():%Y-%m-%d-%H%M}.{'db' if is_file else 'dump'}"
        backups_folder().mkdir(parents=True, exist_ok=True)
        wanted = "Repair Desktop backups (*.db)" if is_file else "pg_dump archives (*.dump)"
        dest, _ = QFileDialog.getSaveFileName(self.window, "Back up the database to", str(suggested),
                                              f"{wanted};;All files (*)")
        if not dest:
            return
        url = self.store.url
        self._run(lambda progress: back_up(url, dest, progress), "Backing up the database…",
                  self._backed_up)

    def _backed_up(self, result) -> None:
        self.window.statusBar().showMessage(result.message, 10_000)
        QMessageBox.information(self.window, "Backup done", result.message)

    def _run(self, work, label: str, on_success) -> None:
        self.back_up_action.setEnabled(False)
        self.restore_action.setEnabled(False)
        dialog = QProgressDialog(label, "", 0, 0, self.window)
        dialog.setObjectName("backupProgress")
        dialog.setCancelButton(None)  # a half-made copy is worth nothing; it is quick anyway
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress_dialog = dialog
        self.task = Task(work, self)
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(on_success)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.task.start()

    def _progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setValue(done)

    def _failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, DomainError) else f"The backup failed: {error}"
        QMessageBox.warning(self.window, "Backup failed", message)

    def _finished(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.back_up_action.setEnabled(True)
        self.restore_action.setEnabled(sqlite_file(self.store.url) is not None)

    def is_busy(self) -> bool:
        return self.task is not None and self.task.isRunning()

    # --- restore -------------------------------------------------------------------------------

    def restore_backup(self) -> None:
        database = sqlite_file(self.store.url)
        if database is None:
            return
        source, _ = QFileDialog.getOpenFileName(self.window, "Restore which backup?", str(backups_folder()),
                                                "Repair Desktop backups (*.db *.bak);;All files (*)")
        if not source:
            return
        answer = QMessageBox.question(
            self.window, "Restore this backup?",
            f"Replace the shop's data with {Path(source).name}?\n\nEverything entered after that backup was made "
            "is no longer shown. The current database is kept beside it, so nothing is thrown away.\n\n"
            "Close Repair Desktop on any other window using this database first.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        watcher = getattr(self.window, "watcher", None)  # the live-refresh follower polls the file meanwhile
        was_following = watcher is not None and watcher.is_running()
        if watcher is not None:
            watcher.stop()
        self.store.close()  # let go of the file; the store reconnects on its next call
        try:
            kept = restore(Path(source), database)
        except DomainError as error:
            QMessageBox.warning(self.window, error.title, error.message)
            return
        finally:
            self.store.close()  # again: drop any connection opened on the old file meanwhile
            if watcher is not None:
                _follow_from_now(watcher, restart=was_following)
        self._show_restored_data()
        text = f"Restored {Path(source).name}." + (f" The replaced database was kept as {kept}." if kept else "")
        self.window.statusBar().showMessage(text, 10_000)
        QMessageBox.information(self.window, "Backup restored", text)

    def _show_restored_data(self) -> None:
        user = self.window.user
        same = [e for e in self.store.employees() if e.id == user.id and e.name == user.name and e.active]
        if same:
            self.window.set_user(same[0])  # rebuilds every tab from the restored data
            return
        self.window.set_user(user)
        self.window.switch_user()  # the person signed in is not in the backup: sign in again

    # --- database settings ---------------------------------------------------------------------

    def choose_database(self) -> None:
        dialog = DatabaseDialog(self.store.url, self.window)
        if dialog.exec():
            dialog.save(self.settings if self.settings is not None else config.settings())
            QMessageBox.information(self.window, "Database",
                                    "Repair Desktop will use this database the next time it starts on this PC.")


def _follow_from_now(watcher, restart: bool) -> None:
    """The restored file's change feed has other (older) ids: follow it from its newest change on."""
    follower = getattr(watcher, "_follower", None)
    if follower is not None:
        follower.cursor = None
        follower.ahead.clear()
        follower.gaps.clear()
    if restart:
        watcher.start()

