"""The appointments waiting for a technician, earliest first; drag one onto a technician to assign it."""

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from ...store import AppointmentRow
from ..widgets.formatting import short, when
from ..widgets.long_text import cell_text, eliding_list, tooltip
from ..widgets.paged_model import ROW_ROLE
from .model import WAITING_JOB_MIME


def job_text(row: AppointmentRow) -> str:
    return cell_text(f"{short(row.scheduled_at)} · {row.vehicle} · {row.concern}")


class WaitingJobsList(QListWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingJobs")
        self.setAccessibleName("Waiting jobs")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setUniformItemSizes(True)
        eliding_list(self)  # long concerns end in "…"; the tooltip has it all

    def show_jobs(self, rows: Sequence[AppointmentRow]) -> None:
        """Show fresh rows; untouched when nothing changed, and the selected job stays selected."""
        if [self.item(i).data(ROW_ROLE) for i in range(self.count())] == list(rows):
            return
        selected = self.current_job()
        self.clear()
        for row in rows:
            item = QListWidgetItem(job_text(row))
            item.setData(ROW_ROLE, row)
            item.setToolTip(tooltip(f"{when(row.scheduled_at)}\n{row.customer_name}, {row.vehicle}\n{row.concern}"))
            self.addItem(item)
            if selected is not None and row.id == selected.id:
                self.setCurrentItem(item)

    def current_job(self) -> AppointmentRow | None:
        item = self.currentItem()
        return item.data(ROW_ROLE) if item is not None else None

    def jobs(self) -> list[AppointmentRow]:
        return [self.item(i).data(ROW_ROLE) for i in range(self.count())]

    def mimeTypes(self) -> list[str]:
        return [WAITING_JOB_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        row: AppointmentRow = items[0].data(ROW_ROLE)
        data.setData(WAITING_JOB_MIME, f"{row.id}:{row.version}".encode())
        data.setText(job_text(row))
        return data
