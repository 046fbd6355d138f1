"""How the estimates held up and which callback deadlines were kept: the two tables under the Workload tab's charts.

Efficiency per technician is the estimated minutes of the jobs they completed in
the period against the minutes those jobs took (started to completed): above
100 % they beat the estimates. The charts of the same numbers, and of the coming
fortnight's booked hours, are on the charts' "Estimates and deadlines" page.
"""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QTableView, QWidget

from ...store import DayLoad, Efficiency, OnTimeReport
from ..schedule.day_view import hours_label
from .analytics_values import team_efficiency
from .chart_data import ChartData
from .on_time_model import OnTimeModel

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


class EstimatesPanel(QWidget):
    """Efficiency per technician for the period, beside the callbacks each one kept on time; it hands the same
    numbers to the charts' ``ChartData``."""

    def __init__(self, chart_data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart_data = chart_data
        self.model = EfficiencyModel(self)
        self.on_time = OnTimeModel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for model, name, accessible, stretch in (
                (self.model, "efficiencyTable", "Efficiency against the estimates", 3),
                (self.on_time, "onTimeTable", "Callbacks on time per technician", 2)):
            table = QTableView(objectName=name)
            table.setModel(model)
            table.setAccessibleName(accessible)
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            layout.addWidget(table, stretch)

    def show_numbers(self, efficiency: list[Efficiency], fortnight: list[DayLoad]) -> None:
        self.model.set_rows(efficiency)
        self.chart_data.show_estimates(efficiency, fortnight)

    def show_on_time(self, report: OnTimeReport) -> None:
        self.on_time.set_report(report)
        self.chart_data.show_on_time(report)

    def overall(self) -> str:
        """The whole team's estimated minutes against the minutes taken, as a share ("—" with none timed)."""
        return team_efficiency(self.model.rows)
