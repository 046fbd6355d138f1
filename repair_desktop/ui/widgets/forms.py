"""A dialog that submits to the store and stays open, fields intact, when the store refuses."""

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import ConflictError, DomainError
from .long_text import WrappingLabel


def grow_to_fit(dialog: QWidget) -> None:
    """Make ``dialog`` tall enough for what it holds at its width, after a line appeared or grew in it.

    A top-level window does not grow for the height its wrapped labels need at its width, so a problem line
    that appeared squeezed the form's introduction into a clipped strip.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    if needed > dialog.height():
        dialog.resize(width, needed)


def problem_label(name: str = "problem") -> WrappingLabel:
    """Where a form says why the store refused, in red above the fields; hidden until there is something to say."""
    label = WrappingLabel(object_name=name)
    label.setStyleSheet("color: #b91c1c; font-weight: 600;")
    label.hide()
    return label


class SubmitDialog(QDialog):
    """Subclasses fill ``self.form`` and implement ``submit()``; its return value lands in ``self.result_value``.

    When saving meets a ``ConflictError`` (someone changed the record since the dialog opened) and the dialog
    sets ``reload_fresh``, a "Reload" button appears: it reads the record again (a fresh version to save
    against) while everything typed stays, and returns a line saying what the record holds now.
    """

    reload_fresh: Callable[[], str] | None = None

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_value: Any = None
        self.problem = problem_label()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reload_button = QPushButton("&Reload their version", objectName="reloadButton")
        self.reload_button.setToolTip("Read the record as it is saved now; what you typed stays in the form")
        self.reload_button.clicked.connect(self._reload)
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reload_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def submit(self) -> Any:  # pragma: no cover - always overridden
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.result_value = self.submit()
        except DomainError as error:
            self.show_problem(error.message)
            self.reload_button.setVisible(isinstance(error, ConflictError) and self.reload_fresh is not None)
            return
        super().accept()

    def show_problem(self, message: str) -> None:
        """Say what is wrong above the form; the dialog grows to show it, and keeps everything typed."""
        self.problem.setText(message)
        self.problem.show()
        grow_to_fit(self)

    def _reload(self) -> None:
        try:
            now = self.reload_fresh() if self.reload_fresh is not None else ""
        except DomainError as error:
            self.show_problem(error.message)
            return
        self.reload_button.hide()
        self.show_problem(f"{now} What you typed is still here: press {self._ok_text()} to save it over "
                          "their version, or change it first.")

    def _ok_text(self) -> str:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "")


def submit_dialog(parent: QWidget, title: str, ok_text: str, fields: list[tuple[str, QWidget]],
                  submit: Callable[[], Any], reload_fresh: Callable[[], str] | None = None) -> SubmitDialog:
    """A ``SubmitDialog`` built from labelled fields and a submit function, for the small forms."""
    dialog = SubmitDialog(title, ok_text, parent)
    for label, widget in fields:
        dialog.form.addRow(label, widget)
    dialog.submit = submit  # type: ignore[method-assign]
    dialog.reload_fresh = reload_fresh
    return dialog
