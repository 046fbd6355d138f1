"""Opening the database at start-up, with a clear way out of every problem and never a crash.

- A SQLite file that fails ``PRAGMA quick_check``: restore a backup, choose another database, or quit.
- A schema newer than this program (``SchemaTooNew``): update Repair Desktop (or choose another database).
- A server that refuses the login or can't be reached: fix it in the Database dialog, retry, or quit.
- An address that can't hold a database (not an address at all, a folder, a missing or read-only folder, memory):
  the same choices, with the reason in the address check's words.

With ``--screenshot`` nothing is asked: the problem goes to stderr and the program exits non-zero.
"""

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...domain.errors import DomainError, SchemaTooNew, StoreUnavailable
from ...store import Store
from ...store.backup import checked_before_open, quick_check, restore, sqlite_file
from ...store.locations import check_url
from ..widgets.background import Task
from .database_dialog import DatabaseDialog

QUIT, RETRY, RESTORE, CHOOSE, SETTINGS = "quit", "retry", "restore", "choose", "settings"


class StartupProblem(Exception):
    """What stops the store from opening: ``kind`` is "damaged", "too_new" or "unavailable"."""

    def __init__(self, kind: str, title: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.title, self.message = kind, title, message


def try_open(url: str, *, create_folder: bool = True) -> Store:
    """``Store.open(url)`` after the address's check and the file's quick check (big files: see
    ``check_in_background``); raises ``StartupProblem`` with the person's words."""
    try:
        check_url(url, create_folder=create_folder)  # before the quick check: a read-only folder is not damage
    except StoreUnavailable as error:
        raise StartupProblem("unavailable", error.title, error.message) from error
    database = sqlite_file(url)
    if database is not None and checked_before_open(database) and (problem := quick_check(database)) is not None:
        raise StartupProblem("damaged", "The database file is damaged",
                             f"The database file {database} failed its check ({problem}), so Repair Desktop "
                             "did not open it. Restore a backup, or choose another database.")
    try:
        return Store.open(url)
    except SchemaTooNew as error:
        raise StartupProblem("too_new", error.title, error.message) from error
    except DomainError as error:
        raise StartupProblem("unavailable", error.title, error.message) from error


def ask(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]],
        icon=QMessageBox.Icon.Critical) -> str:
    """A message box with one button per ``(key, label)``; the key of the one pressed (the last on Escape)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("startupProblem")
    buttons = {}
    for key, label in choices:
        role = QMessageBox.ButtonRole.RejectRole if key == QUIT else QMessageBox.ButtonRole.AcceptRole
        buttons[box.addButton(label, role)] = key
    box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(list(buttons)[-1])
    box.exec()
    return buttons.get(box.clickedButton(), choices[-1][0])


CHOICES = {
    "damaged": [(RESTORE, "Restore a backup…"), (CHOOSE, "Choose another database…"), (QUIT, "Quit")],
    "too_new": [(CHOOSE, "Choose another database…"), (QUIT, "Quit")],
    "unavailable": [(SETTINGS, "Database settings…"), (RETRY, "Retry"), (QUIT, "Quit")],
}


def open_store(url: str, *, interactive: bool = True, save_choice: Callable[[DatabaseDialog], None] | None = None,
               backups: Path | None = None, create_folder: bool = True) -> tuple[Store, str] | None:
    """The opened store and the URL it is on (the person may have chosen another), or None to quit.

    Not interactive (``--screenshot``): the problem is printed to stderr and None comes back.
    ``create_folder=False`` for a typed address: its missing folder is a problem to show, not a folder to make
    (an address chosen in the Database dialog again may make its folder, as "Test connection" said).
    """
    while True:
        try:
            return try_open(url, create_folder=create_folder), url
        except StartupProblem as problem:
            if not interactive:
                print(f"repair-desktop: {problem.message}", file=sys.stderr)
                return None
            text = problem.message
            if problem.kind == "too_new":
                text += "\n\nUpdate Repair Desktop on this PC, then start it again."
            choice = ask(None, problem.title, text, CHOICES[problem.kind])
        if choice == QUIT:
            return None
        if choice == RESTORE:
            _restore_into(url, backups)
        elif choice in (CHOOSE, SETTINGS):
            dialog = DatabaseDialog(url)
            if dialog.exec():
                if save_choice is not None:
                    save_choice(dialog)
                url, create_folder = dialog.url(), True
        # RETRY, or after any of the above: try again


def _restore_into(url: str, backups: Path | None) -> None:
    database = sqlite_file(url)
    if database is None:
        return
    source, _ = QFileDialog.getOpenFileName(None, "Restore which backup?", str(backups or database.parent),
                                            "Repair Desktop backups (*.db *.bak);;All files (*)")
    if not source:
        return
    try:
        kept = restore(Path(source), database)
    except DomainError as error:
        QMessageBox.warning(None, error.title, error.message)
        return
    QMessageBox.information(None, "Backup restored",
                            f"Restored {Path(source).name}." + (f" The damaged database was kept as {kept}."
                                                                if kept else ""))


def check_in_background(url: str, parent) -> Task | None:
    """A big SQLite file's quick check, off the GUI thread after the window shows; warns if it fails."""
    database = sqlite_file(url)
    if database is None or checked_before_open(database):
        return None
    task = Task(lambda progress: quick_check(database), parent)

    def report(problem: str | None) -> None:
        if problem is not None:
            QMessageBox.warning(parent, "The database file is damaged",
                                f"The database file {database} failed its check ({problem}). Keep working only "
                                "if you must: restore a backup (File › Restore a backup…) as soon as you can.")

    task.succeeded.connect(report)
    task.start()
    return task
