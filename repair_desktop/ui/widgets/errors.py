"""Where refusals and bugs meet the person at the desk.

A ``DomainError`` is a known refusal: its own message, in a calm dialog. Anything
else is a bug: the person gets an apology and where the details were written,
never a traceback, and the window keeps running with nothing typed lost.
"""

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.errors import DomainError

T = TypeVar("T")
log = logging.getLogger("repair_desktop")


def show_refusal(parent: QWidget | None, error: DomainError) -> None:
    QMessageBox.warning(parent, error.title, error.message)


def attempt(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Run a store call; on a refusal show its message and return None."""
    try:
        return action()
    except DomainError as error:
        show_refusal(parent, error)
        return None


def install_bug_handler(log_file: Path, *, interactive: bool = True) -> None:
    """Unexpected exceptions in Qt slots: log them, say sorry, keep the window alive.

    ``interactive=False`` (``--screenshot``, where nobody could close a dialog): one line on stderr instead of
    a dialog, and the details only in the log file.
    """

    def handle(kind, value, tb) -> None:
        if isinstance(value, DomainError):  # a refusal that slipped past a slot: still just a refusal
            if interactive:
                show_refusal(None, value)
            else:
                print(f"repair-desktop: {value.message}", file=sys.stderr)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        if interactive:
            log.error("Unexpected error\n%s", details)
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with log_file.open("a", encoding="utf-8") as f:
                f.write(details + "\n")
        except OSError:
            pass
        if not interactive:
            print(f"repair-desktop: an unexpected problem ({kind.__name__}); details were written to {log_file}",
                  file=sys.stderr)
            return
        QMessageBox.critical(None, "Something went wrong",
                             "Repair Desktop hit an unexpected problem; nothing you typed was thrown away.\n\n"
                             f"Details were written to {log_file} for whoever looks after the shop's PCs.")

    sys.excepthook = handle
