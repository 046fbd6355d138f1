"""A tab whose own issue has not landed yet says so plainly instead of showing nothing."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderTab(QWidget):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(text, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        label.setStyleSheet("color: palette(mid); font-size: 15px;")
        QVBoxLayout(self).addWidget(label)
