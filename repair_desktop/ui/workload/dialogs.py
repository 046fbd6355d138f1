"""Giving a waiting job to a technician from the workload tab, with the store's own rules and messages."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ...domain.errors import ValidationError
from ...store import AppointmentRow, Store, TechnicianStats
from ..widgets.forms import SubmitDialog, submit_dialog
from ..widgets.paged_model import ROW_ROLE
from .waiting_jobs import job_text


def assign_waiting_dialog(parent: QWidget, store: Store, technician: TechnicianStats, jobs: Sequence[AppointmentRow],
                          actor: int, preselect: AppointmentRow | None = None) -> SubmitDialog:
    """Pick one of the waiting jobs for ``technician``; stays open with the store's message when refused."""
    choices = QListWidget()
    choices.setAccessibleName("Waiting jobs")
    choices.setMinimumWidth(480)
    for row in jobs:
        item = QListWidgetItem(job_text(row))
        item.setData(ROW_ROLE, row)
        choices.addItem(item)
        if preselect is not None and row.id == preselect.id:
            choices.setCurrentItem(item)
    if choices.count() and choices.currentItem() is None:
        choices.setCurrentRow(0)

    def submit():
        item = choices.currentItem()
        if item is None:
            raise ValidationError("There is no waiting job to give; every booked job already has a technician.")
        row: AppointmentRow = item.data(ROW_ROLE)
        return store.assign_technician(row.id, technician.technician_id, actor, expected_version=row.version)

    dialog = submit_dialog(parent, f"Give a waiting job to {technician.name} ({technician.load.load_text})",
                           "&Assign", [("&Job", choices)], submit)
    choices.itemDoubleClicked.connect(dialog.accept)
    choices.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog
