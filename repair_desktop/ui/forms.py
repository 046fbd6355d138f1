"""A dialog that submits to the store and stays open, fields intact, when the store refuses."""

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ..domain.errors import DomainError


class SubmitDialog(QDialog):
    """Subclasses fill ``self.form`` and implement ``submit()``; its return value lands in ``self.result_value``."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_value: Any = None
        self.problem = QLabel(objectName="problem", wordWrap=True)
        self.problem.setStyleSheet("color: #b91c1c; font-weight: 600;")
        self.problem.hide()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
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
            self.problem.setText(error.message)
            self.problem.show()
            return
        super().accept()


def submit_dialog(parent: QWidget, title: str, ok_text: str, fields: list[tuple[str, QWidget]],
                  submit: Callable[[], Any]) -> SubmitDialog:
    """A ``SubmitDialog`` built from labelled fields and a submit function, for the small forms."""
    dialog = SubmitDialog(title, ok_text, parent)
    for label, widget in fields:
        dialog.form.addRow(label, widget)
    dialog.submit = submit  # type: ignore[method-assign]
    return dialog
