"""The Appointments table: one row per appointment, paged from the store."""

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ...domain.schedule import is_late
from ...domain.statuses import AppointmentStatus
from ...store import AppointmentFilter, AppointmentRow, Store
from ..schedule.block_style import late_colour
from ..widgets.formatting import day_time, short
from ..widgets.background_list import BackgroundListModel
from ..widgets.paged_model import Column, Index


def matches(f: AppointmentFilter, row: AppointmentRow) -> bool:
    """Whether ``row`` passes ``f`` (its text search aside), as the store's listing would decide."""
    return ((not f.statuses or row.status in f.statuses)
            and (f.technician_id is None or row.technician_id == f.technician_id)
            and (f.scheduled_from is None or row.scheduled_at >= f.scheduled_from.astimezone())
            and (f.scheduled_to is None or row.scheduled_at < f.scheduled_to.astimezone()))


def list_order(row: AppointmentRow) -> tuple:
    """The list's own order (scheduled first), as the rows are held."""
    return row.scheduled_at, row.id


class AppointmentsModel(BackgroundListModel[AppointmentRow]):
    COL_ID, COL_CUSTOMER, COL_VEHICLE, COL_CONCERN, COL_SCHEDULED, COL_STATUS, COL_TECHNICIAN, \
        COL_ASSIGNED, COL_STARTED, COL_COMPLETED = range(10)
    COLUMNS = (
        Column("#", lambda r: str(r.id), "id"),
        Column("Customer", lambda r: r.customer_name, "customer"),
        Column("Vehicle", lambda r: r.vehicle, "vehicle"),
        Column("Concern", lambda r: r.concern, "concern"),
        Column("Scheduled", lambda r: day_time(r.scheduled_at), "scheduled_at"),
        Column("Status", lambda r: r.status.label, "status", badge=lambda r: r.status.value),
        Column("Technician", lambda r: r.technician_name or "", "technician"),
        Column("Assigned", lambda r: short(r.assigned_at), "assigned_at"),
        Column("Started", lambda r: short(r.started_at), "started_at"),
        Column("Completed", lambda r: short(r.completed_at), "completed_at"),
    )

    def __init__(self, store: Store, filter: AppointmentFilter = AppointmentFilter(), parent=None) -> None:
        super().__init__(store.list_appointments, filter, "scheduled_at", parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A job not completed by the time the customer was promised the car is red, as on the Schedule tab."""
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self._row(index.row()) if 0 <= index.row() < self.rowCount() else None
            late = row is not None and row.status != AppointmentStatus.CANCELLED and \
                is_late(row.promised_at, row.completed_at, datetime.now(UTC))
            return late_colour(QGuiApplication.palette()) if late else None  # readable light or dark
        return super().data(index, role)
