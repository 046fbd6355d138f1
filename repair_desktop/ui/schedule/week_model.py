"""The week overview: technicians by days, each cell booked against available hours, coloured as a heat map."""

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...store import DayLoad, WeekOverview
from .day_view import hours_label

#: Role under which a cell gives its day (a ``date``), to jump to it.
DAY_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def heat(load: DayLoad) -> QColor | None:
    """Green for a light day through amber to red for a full one; translucent, so text reads on either palette.
    None for a day with nothing booked."""
    if load.booked_minutes == 0:
        return None
    share = min(load.share if load.available_minutes else 1.0, 1.0)
    colour = QColor.fromHsv(int(120 * (1 - share)), 200, 220)
    colour.setAlpha(130)
    return colour


class WeekModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.week = WeekOverview((), ())

    def set_week(self, week: WeekOverview) -> None:
        self.beginResetModel()
        self.week = week
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.week.technicians)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.week.days)

    def load(self, index: Index) -> DayLoad:
        return self.week.technicians[index.row()].days[index.column()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        load = self.load(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if not load.available_minutes and not load.booked_minutes:
                return "—"
            return f"{hours_label(load.booked_minutes)} / {hours_label(load.available_minutes)} h"
        if role == Qt.ItemDataRole.BackgroundRole:
            return heat(load)
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self.week.technicians[index.row()].name
            return (f"{name}, {load.day:%A %d %B}: {hours_label(load.booked_minutes)} h booked of "
                    f"{hours_label(load.available_minutes)} h available. Double-click to open the day.")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == DAY_ROLE:
            return load.day
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            day: date = self.week.days[section]
            return f"{day:%a} {day.day} {day:%b}"
        return self.week.technicians[section].name
