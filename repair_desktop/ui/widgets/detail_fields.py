"""The selected job's fields, titled and wrapped, in a panel that scrolls: shared by the appointment and callback
detail panels.

A 4,000-character concern wraps to some 80 lines; inside a scroll area it scrolls
within the panel instead of making the panel, and so the window, taller.
"""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QScrollArea, QWidget

from .long_text import WrappingLabel


class DetailFields(QScrollArea):
    """``fields`` as ``(key, title)`` rows, split over ``columns`` forms side by side; ``labels[key]`` is each value."""

    def __init__(self, fields: Sequence[tuple[str, str]], columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        row = QHBoxLayout(inner)
        row.setContentsMargins(0, 0, 4, 0)
        self.forms = [QFormLayout() for _ in range(columns)]
        for form in self.forms:  # in a narrow panel a title goes above its value rather than push it off the edge
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, WrappingLabel] = {}
        for number, (key, title) in enumerate(fields):
            label = WrappingLabel()
            self.forms[number * columns // len(fields)].addRow(f"<b>{title}</b>", label)
            self.labels[key] = label
        for form in self.forms:
            row.addLayout(form, 1)
        self.setWidget(inner)

    def show_values(self, values: dict[str, str]) -> None:
        """Each label's text from ``values`` (empty when missing); the panel scrolls back to its top."""
        for key, label in self.labels.items():
            label.setText(values.get(key, ""))
        self.verticalScrollBar().setValue(0)

    def set_row_visible(self, key: str, visible: bool) -> None:
        label = self.labels[key]
        next(form for form in self.forms if form.indexOf(label) >= 0).setRowVisible(label, visible)
