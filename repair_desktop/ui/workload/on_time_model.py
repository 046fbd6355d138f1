"""Callbacks on time per technician, as a table: the deadlines of the callbacks each one holds, kept and due."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ...store import OnTimeCount, OnTimeReport, OnTimeTechnician
from ..widgets.paged_model import Column, ColumnsModel
from .analytics_values import share_text

Index = QModelIndex | QPersistentModelIndex


def kept_text(count: OnTimeCount) -> str:
    """``3 of 4 (75%)``; ``—`` when no deadline of the kind was settled."""
    return f"{count.on_time} of {count.total} ({share_text(count)})" if count.total else "—"


class OnTimeModel(ColumnsModel):
    COLUMNS = (Column("Technician", lambda r: r.name),
               Column("Picked up on time", lambda r: kept_text(r.respond)),
               Column("Resolved on time", lambda r: kept_text(r.resolve)))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[OnTimeTechnician] = []

    def set_report(self, report: OnTimeReport) -> None:
        self.beginResetModel()
        self._rows = list(report.technicians)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[column].text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column:
            count, what = (row.respond, "picked up") if column == 1 else (row.resolve, "resolved")
            return (f"Of the callbacks {row.name} holds whose deadline to be {what} fell in the period, "
                    f"{count.on_time} were {what} by it and {count.late} were not.") if count.total else None
        return None
