"""A technician's own load in the status bar, "Your jobs: 2 of 3", kept current by every job change.

Any change to an appointment or callback (made here, or on another PC and
brought by the change feed) and any change to the capacity setting reads it
again: ``workload()`` is the store's polled query, a fraction of a millisecond.
"""

from PySide6.QtWidgets import QLabel, QWidget

from ...domain.errors import DomainError
from ...domain.statuses import Role
from ...store import EmployeeRecord, Store
from ..widgets.events import JobEvents

#: The changes that can move a technician's load.
_MOVES_LOAD = frozenset({"appointment", "callback", "settings", "employee"})


class TechnicianLoadLabel(QLabel):
    def __init__(self, store: Store, events: JobEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="technicianLoad")
        self.store = store
        self.technician_id: int | None = None
        events.changed.connect(self._changed)
        self.hide()

    def follow(self, user: EmployeeRecord) -> None:
        """Show ``user``'s load when they are a technician; others see no label."""
        self.technician_id = user.id if user.role == Role.TECHNICIAN else None
        self.setVisible(self.technician_id is not None)
        self.refresh()

    def _changed(self, kind: str, _entity_id: int) -> None:
        if kind in _MOVES_LOAD:
            self.refresh()

    def refresh(self) -> None:
        if self.technician_id is None:
            return
        try:
            load = next((t for t in self.store.workload().technicians if t.technician_id == self.technician_id), None)
        except DomainError:
            return  # the window says the database is unreachable; the next change reads it again
        if load is None:
            return
        full = "" if load.is_available else " (full)"
        self.setText(f"Your jobs: {load.active_jobs} of {load.capacity}{full}")
        self.setAccessibleName(self.text())
        self.setToolTip("Your active jobs (assigned or in progress, and callbacks you picked) against the shop's "
                        "limit per technician.")
