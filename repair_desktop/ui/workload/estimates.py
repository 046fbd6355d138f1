"""How the estimates held up, and how full the coming fortnight is: two panels of the Workload tab.

Efficiency per technician is the estimated minutes of the jobs they completed in
the period against the minutes those jobs took (started to completed): above
100 % they beat the estimates. The fortnight is the shop's booked hours against
its available hours (opening hours less time off) per day, drawn as bars.
"""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QSizePolicy, QTableView, QWidget

from ...store import DayLoad, Efficiency
from ..schedule.day_view import hours_label
from ..schedule.week_model import heat

Index = QModelIndex | QPersistentModelIndex


class EfficiencyModel(QAbstractTableModel):
    HEADERS = ("Technician", "Jobs done", "Estimated", "Took", "Efficiency")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Efficiency] = []

    def set_rows(self, rows: list[Efficiency]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            ratio = row.ratio
            return (row.name, str(row.jobs), f"{hours_label(row.estimated_minutes)} h",
                    f"{hours_label(row.actual_minutes)} h", "—" if ratio is None else f"{ratio:.0%}")[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.ratio is not None:
            return (f"{row.name}'s completed jobs were estimated at {hours_label(row.estimated_minutes)} h and "
                    f"took {hours_label(row.actual_minutes)} h from start to completion.")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class FortnightBars(QWidget):
    """The shop's booked against available hours for each coming day: a bar per day, filled to its share."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[DayLoad] = []
        self.setAccessibleName("Booked hours in the next 14 days")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_days(self, days: list[DayLoad]) -> None:
        self.days = list(days)
        self.setToolTip("\n".join(f"{d.day:%a %d %b}: {hours_label(d.booked_minutes)} of "
                                  f"{hours_label(d.available_minutes)} h booked" for d in self.days))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 160)

    def paintEvent(self, event) -> None:
        if not self.days:
            return
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        line = painter.fontMetrics().height()
        width = self.width() / len(self.days)
        chart = QRectF(0, line + 4, self.width(), self.height() - 2 * line - 10)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft,
                         "Next 14 days: booked of available hours")
        for n, day in enumerate(self.days):
            slot = QRectF(n * width + 3, chart.top(), width - 6, chart.height())
            painter.fillRect(slot, palette.color(QPalette.ColorRole.AlternateBase))
            share = min(day.share, 1.0) if day.available_minutes else 0.0
            filled = QRectF(slot.left(), slot.bottom() - slot.height() * share, slot.width(), slot.height() * share)
            painter.fillRect(filled, heat(day) or QColor(0, 0, 0, 0))
            painter.drawText(QRectF(slot.left(), slot.bottom() + 2, slot.width(), line),
                             Qt.AlignmentFlag.AlignHCenter, f"{day.day:%a}"[:2] + f" {day.day.day}")
        painter.end()


class EstimatesPanel(QWidget):
    """Efficiency per technician for the period, beside the coming fortnight's bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EfficiencyModel(self)
        self.table = QTableView(objectName="efficiencyTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Efficiency against the estimates")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.bars = FortnightBars()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.bars, 2)

    def show_numbers(self, efficiency: list[Efficiency], fortnight: list[DayLoad]) -> None:
        self.model.set_rows(efficiency)
        self.bars.show_days(fortnight)

    def overall(self) -> str:
        """The whole team's estimated minutes against the minutes taken, as a share ("—" with none timed)."""
        estimated = sum(r.estimated_minutes for r in self.model.rows if r.actual_minutes)
        took = sum(r.actual_minutes for r in self.model.rows)
        return f"{estimated / took:.0%}" if took else "—"
