"""The shop's opening hours, one row per weekday: open or closed, and from when to when.

Shop settings and the first-start guide both show it. The editor only
collects the hours; saving them is the store's (``set_opening_hours``), which
refuses a day that closes before it opens, with a message naming the day.
"""

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QTimeEdit, QWidget

from ...domain.schedule import WEEKDAYS, OpeningHours

#: What a closed day's time fields show, ready for when the day is ticked open.
_CLOSED_DEFAULT = (time(8), time(17))


def _clock(name: str, accessible: str) -> QTimeEdit:
    field = QTimeEdit(objectName=name, displayFormat="HH:mm")
    field.setAccessibleName(accessible)
    return field


class OpeningHoursEditor(QWidget):
    """Seven rows (Monday first): a tick for "open", the opening and the closing time."""

    def __init__(self, hours: OpeningHours, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openingHours")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, title in enumerate(("", "Opens", "Closes"), start=0):
            grid.addWidget(QLabel(title), 0, column)
        self.rows: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for day, name in enumerate(WEEKDAYS):
            open_box = QCheckBox(name, objectName=f"open{day}")
            open_box.setAccessibleName(f"Open on {name}")
            opens, closes = _clock(f"opens{day}", f"{name} opens at"), _clock(f"closes{day}", f"{name} closes at")
            open_box.toggled.connect(opens.setEnabled)
            open_box.toggled.connect(closes.setEnabled)
            for column, widget in enumerate((open_box, opens, closes)):
                grid.addWidget(widget, day + 1, column)
            self.rows.append((open_box, opens, closes))
        grid.setColumnStretch(3, 1)
        self.set_hours(hours)

    def set_hours(self, hours: OpeningHours) -> None:
        for day, (open_box, opens, closes) in enumerate(self.rows):
            window = hours.get(day)
            start, end = window or _CLOSED_DEFAULT
            opens.setTime(QTime(start.hour, start.minute))
            closes.setTime(QTime(end.hour, end.minute))
            open_box.setChecked(window is not None)
            opens.setEnabled(window is not None)
            closes.setEnabled(window is not None)

    def hours(self) -> OpeningHours:
        """What the rows say: ``{weekday: (opens, closes) or None}``, for ``store.set_opening_hours``."""
        return {day: (opens.time().toPython(), closes.time().toPython()) if open_box.isChecked() else None
                for day, (open_box, opens, closes) in enumerate(self.rows)}
