"""The callback deadlines per priority, a section of Shop settings: how soon a callback must be picked up, and
resolved.

Hours with quarter-hour steps, as a shop states its promises; the store keeps
minutes and refuses a target of zero or beyond a year, with a message naming
the priority, and Shop settings stays open with everything typed. A change
applies to callbacks created or re-prioritised from then on.
"""

from PySide6.QtWidgets import QDoubleSpinBox, QGridLayout, QLabel, QWidget

from ...domain.deadlines import LONGEST_TARGET_MINUTES, DeadlineTarget
from ...domain.statuses import Priority

#: What Shop settings says under the section.
NOTE = ("Picking up counts from when the callback is created; resolving from the later of that and its scheduled "
        "time. A callback is at risk in the last quarter and late after. New targets apply to callbacks created or "
        "re-prioritised from now on.")


def _hours(minutes: int, name: str, accessible: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(objectName=name, decimals=2, singleStep=0.25, suffix=" h")
    box.setRange(0, LONGEST_TARGET_MINUTES / 60)  # zero is the store's to refuse, in its words
    box.setValue(minutes / 60)
    box.setAccessibleName(accessible)
    return box


class DeadlineTargetsEditor(QWidget):
    """A row per priority (urgent first): pick up within, resolve within, in hours."""

    def __init__(self, targets: dict[Priority, DeadlineTarget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deadlineTargets")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, title in enumerate(("Priority", "Pick up within", "Resolve within")):
            grid.addWidget(QLabel(title), 0, column)
        self.boxes: dict[Priority, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        for row, (priority, target) in enumerate(targets.items(), start=1):
            respond = _hours(target.respond_minutes, f"{priority}Respond", f"{priority.label}: pick up within")
            resolve = _hours(target.resolve_minutes, f"{priority}Resolve", f"{priority.label}: resolve within")
            self.boxes[priority] = respond, resolve
            grid.addWidget(QLabel(priority.label), row, 0)
            grid.addWidget(respond, row, 1)
            grid.addWidget(resolve, row, 2)
        grid.setColumnStretch(3, 1)

    def targets(self) -> dict[Priority, DeadlineTarget]:
        """What the rows say, in minutes, for ``store.set_deadline_targets``."""
        return {p: DeadlineTarget(round(a.value() * 60), round(b.value() * 60)) for p, (a, b) in self.boxes.items()}
