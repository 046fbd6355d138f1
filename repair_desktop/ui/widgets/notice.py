"""A message line above a list: green when something was done, red when the store refused; nothing to click away."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

_STYLES = {
    "done": "background: #dcfce7; color: #14532d; border: 1px solid #86efac;",
    "refused": "background: #fee2e2; color: #7f1d1d; border: 1px solid #fca5a5;",
}


class Notice(QLabel):
    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=object_name, wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.kind = ""
        self.hide()

    def done(self, text: str) -> None:
        self._show("done", text)

    def refused(self, text: str) -> None:
        self._show("refused", text)

    def clear(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setStyleSheet(f"QLabel {{ {_STYLES[kind]} border-radius: 4px; padding: 6px 10px; }}")
        self.setText(text)
        self.show()
