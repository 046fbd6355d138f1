"""A job's history as a timeline: when, who, what. Shared by appointments and callbacks."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from ...store import TimelineEntry
from .formatting import when
from .long_text import breakable

_ACTIONS = {
    "book": "booked it", "assign_technician": "assigned it", "unassign": "unassigned the technician",
    "start_work": "started work", "complete_work": "completed it", "cancel": "cancelled it",
    "create_callback": "created it", "claim_callback": "picked the job", "start_callback": "started work",
    "resolve_callback": "marked it resolved", "close_callback": "closed it", "reassign_callback": "reassigned it",
    "release_callback": "released it to the pool", "cancel_callback": "cancelled it", "add_helper": "added a helper",
    "delete_callback": "deleted it",
}


def describe(entry: TimelineEntry) -> str:
    what = _ACTIONS.get(entry.action, entry.action.replace("_", " "))
    line = f"{when(entry.at)}   {entry.actor_name} {what}"
    if entry.from_status and entry.from_status != entry.to_status:
        line += f"  ({entry.from_status.replace('_', ' ')} → {entry.to_status.replace('_', ' ')})"
    if entry.note:
        line += f"\n      {entry.note}"
    return line


class TimelineView(QListWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        self.setWordWrap(True)  # a long note wraps (anywhere it must: ``breakable``) and never scrolls sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # an entry taller than the list
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setAlternatingRowColors(True)

    def show_entries(self, entries: list[TimelineEntry]) -> None:
        self.clear()
        for entry in entries:
            self.addItem(QListWidgetItem(breakable(describe(entry))))
