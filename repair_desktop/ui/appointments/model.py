"""The Appointments table: one row per appointment, paged from the store."""

from ...store import AppointmentFilter, AppointmentRow, Store
from ..widgets.formatting import short, when
from ..widgets.paged_model import Column, PagedTableModel


class AppointmentsModel(PagedTableModel[AppointmentRow]):
    COL_ID, COL_CUSTOMER, COL_VEHICLE, COL_CONCERN, COL_SCHEDULED, COL_STATUS, COL_TECHNICIAN, \
        COL_ASSIGNED, COL_STARTED, COL_COMPLETED = range(10)
    COLUMNS = (
        Column("#", lambda r: str(r.id), "id"),
        Column("Customer", lambda r: r.customer_name, "customer"),
        Column("Vehicle", lambda r: r.vehicle, "vehicle"),
        Column("Concern", lambda r: r.concern, "concern"),
        Column("Scheduled", lambda r: when(r.scheduled_at), "scheduled_at"),
        Column("Status", lambda r: r.status.label, "status", badge=lambda r: r.status.value),
        Column("Technician", lambda r: r.technician_name or "", "technician"),
        Column("Assigned", lambda r: short(r.assigned_at), "assigned_at"),
        Column("Started", lambda r: short(r.started_at), "started_at"),
        Column("Completed", lambda r: short(r.completed_at), "completed_at"),
    )

    def __init__(self, store: Store, parent=None) -> None:
        self.filter = AppointmentFilter()
        super().__init__(lambda key, desc, after: store.list_appointments(self.filter, sort=key, descending=desc,
                                                                          after=after),
                         "scheduled_at", parent)

    def set_filter(self, new: AppointmentFilter) -> None:
        if new != self.filter:
            self.filter = new
            self.reload()
