"""The selected appointment in full beside the list: customer, vehicle, concern, who has it, and its history."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...store import AppointmentRow, Store
from ..widgets.detail_fields import DetailFields
from ..widgets.formatting import when
from ..widgets.timeline import TimelineView

_FIELDS = (("customer", "Customer"), ("phone", "Phone"), ("vehicle", "Vehicle"), ("concern", "Concern"),
           ("scheduled", "Scheduled"), ("status", "Status"), ("technician", "Technician"),
           ("reason", "Cancelled because"))


class AppointmentDetail(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="appointmentDetail")
        self.store = store
        self.fields = DetailFields(_FIELDS)
        self.labels = self.fields.labels
        self.timeline = TimelineView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fields, 1)
        layout.addWidget(QLabel("<b>History</b>"))
        layout.addWidget(self.timeline, 1)

    def show_appointment(self, row: AppointmentRow | None) -> None:
        values = {} if row is None else {
            "customer": row.customer_name, "phone": row.customer_phone or "", "vehicle": row.vehicle,
            "concern": row.concern, "scheduled": when(row.scheduled_at), "status": row.status.label,
            "technician": row.technician_name or "Not assigned", "reason": row.cancel_reason or "",
        }
        self.fields.show_values(values)
        self.fields.set_row_visible("reason", bool(values.get("reason")))
        self.timeline.show_entries(self.store.timeline("appointment", row.id) if row else [])
