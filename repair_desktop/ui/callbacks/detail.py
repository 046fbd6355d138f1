"""The selected callback in full, with everyone on it and its history: shared by the board and the technician view."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...store import CallbackRow, Store
from ..widgets.deadlines import deadline_text
from ..widgets.detail_fields import DetailFields
from ..widgets.errors import attempt
from ..widgets.formatting import when
from ..widgets.timeline import TimelineView

_FIELDS = (("job", "Job"), ("customer", "Customer"), ("phone", "Phone"), ("address", "Address"),
           ("priority", "Priority"), ("status", "Status"), ("deadline", "Deadline"), ("scheduled", "Scheduled"),
           ("issue_type", "Issue type"),
           ("description", "Description"), ("notes", "Notes"), ("technicians", "Technicians"),
           ("created_by", "Created by"))


class CallbackDetail(QWidget):
    """Fields over the history in a side panel; with ``wide``, two columns of fields beside the history, for a
    panel under a wide table."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, wide: bool = False) -> None:
        super().__init__(parent, objectName="callbackDetail")
        self.store = store
        self.fields = DetailFields(_FIELDS, columns=2 if wide else 1)
        self.labels = self.fields.labels
        self.timeline = TimelineView()
        history = QVBoxLayout()
        history.addWidget(QLabel("<b>History</b>"))
        history.addWidget(self.timeline, 1)
        layout = QHBoxLayout(self) if wide else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fields, 2 if wide else 1)
        layout.addLayout(history, 1)

    def show_callback(self, row: CallbackRow | None) -> None:
        """Fill the panel for ``row`` (empty for None); the names and history are read fresh from the store."""
        technicians, history = [], []
        if row is not None:
            technicians, history = attempt(self, lambda: self.store.callback_panel(row.id)) or ([], [])
        values = {} if row is None else {
            "job": row.job_number, "customer": row.customer_name, "phone": row.customer_phone or "",
            "address": row.customer_address or "", "priority": row.priority.label, "status": row.status.label,
            "deadline": deadline_text(row) or "None left (finished or cancelled)",
            "scheduled": when(row.scheduled_at), "issue_type": row.issue_type or "", "description": row.description,
            "notes": row.notes or "", "technicians": ", ".join(technicians) or "Nobody yet",
            "created_by": f"{row.created_by_name or ''}, {when(row.created_at)}",
        }
        self.fields.show_values(values)
        self.timeline.show_entries(history)
