"""The workload table: one row per active technician, a handful of rows, so no paging.

A refresh that finds the same technicians updates the changed cells in place
(``dataChanged``), so the view neither flickers nor loses its selection. Waiting
jobs dropped on a row are handed to the tab as a request; the model itself never
changes a job.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from ..widgets.capacity_bar import LOAD_ROLE
from ..widgets.long_text import cell_text, tooltip
from ..widgets.paged_model import ROW_ROLE, Column, ColumnsModel
from ...domain.workload import AVERAGE_WINDOW_DAYS
from ...store import TechnicianStats

Index = QModelIndex | QPersistentModelIndex

#: MIME type of a waiting appointment being dragged: ``"<id>:<version>"``.
WAITING_JOB_MIME = "application/x-repair-desktop-waiting-appointment"


def work_time(value: timedelta | None) -> str:
    """``2 h 15 min``, ``45 min``, or a dash when there is nothing to average."""
    if value is None:
        return "–"
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


class WorkloadModel(ColumnsModel):
    COL_NAME, COL_LOAD, COL_AVAILABLE, COL_IN_PROGRESS, COL_TODAY, COL_WEEK, COL_AVERAGE = range(7)
    COLUMNS = (
        Column("Technician", lambda r: r.name),
        Column("Active jobs", lambda r: r.load.load_text),
        Column("Available", lambda r: "Yes" if r.load.is_available else "No"),
        Column("In progress", lambda r: str(r.in_progress)),
        Column("Done today", lambda r: str(r.completed_today)),
        Column("Done this week", lambda r: str(r.completed_this_week)),
        Column(f"Avg. job time ({AVERAGE_WINDOW_DAYS} days)", lambda r: work_time(r.average_work)),
    )
    #: A waiting job was dropped on a technician: (appointment id, its version, technician id).
    job_dropped = Signal(int, int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[TechnicianStats] = []

    @property
    def rows(self) -> list[TechnicianStats]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[TechnicianStats]) -> None:
        """Show fresh numbers; in place when the technicians are the same, else a reset."""
        rows = list(rows)
        if [r.technician_id for r in rows] != [r.technician_id for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        for number, (old, new) in enumerate(zip(self._rows, rows)):
            if old != new:
                self._rows[number] = new
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.COLUMNS) - 1))

    def row_at(self, row: int) -> TechnicianStats | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, technician_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.technician_id == technician_id), -1)

    # --- QAbstractTableModel -------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.COLUMNS):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(self.COLUMNS[column].text(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tooltip(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.COL_NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == LOAD_ROLE and column == self.COL_LOAD:
            return row.load.active_jobs, row.load.capacity
        if role == ROW_ROLE:
            return row
        return None

    def _tooltip(self, row: TechnicianStats, column: int) -> str:
        if column == self.COL_LOAD:
            return (f"{row.name} has {row.load.active_jobs} of {row.load.capacity} active jobs"
                    + ("." if row.load.is_available else ": fully booked."))
        if column == self.COL_AVERAGE:
            return f"From start of work to completion, over jobs finished in the last {AVERAGE_WINDOW_DAYS} days"
        return self.COLUMNS[column].text(row)

    # --- dropping waiting jobs on a technician -------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self) -> list[str]:
        return [WAITING_JOB_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Only on a technician with room: what the store would refuse is refused while dragging."""
        target = self._target(row, parent)
        return data.hasFormat(WAITING_JOB_MIME) and target is not None and target.load.is_available

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        target = self._target(row, parent)
        if target is None or not data.hasFormat(WAITING_JOB_MIME):  # numbers may be stale: the store decides
            return False
        appointment_id, version = (int(part) for part in bytes(data.data(WAITING_JOB_MIME)).decode().split(":"))
        self.job_dropped.emit(appointment_id, version, target.technician_id)
        return False  # nothing was added to the table: the tab asks the store, then refreshes

    def _target(self, row: int, parent: Index) -> TechnicianStats | None:
        """The technician under the drop: the row dropped on (``parent``), else the row below the gap."""
        return self.row_at(parent.row() if parent.isValid() else row)
