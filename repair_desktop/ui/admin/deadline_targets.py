"""The manager's callback deadlines per priority: how soon a callback must be picked up, and resolved.

Hours with quarter-hour steps, as a shop states its promises; the store keeps
minutes and refuses what it must (the dialog stays open with its message). A
change applies to callbacks created or re-prioritised from then on.
"""

from PySide6.QtWidgets import QDoubleSpinBox, QGridLayout, QLabel, QWidget

from ...domain.deadlines import LONGEST_TARGET_MINUTES, DeadlineTarget
from ...domain.statuses import Priority
from ...store import Store
from ..widgets.forms import SubmitDialog


def _hours(minutes: int, name: str, accessible: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(objectName=name, decimals=2, singleStep=0.25, suffix=" h")
    box.setRange(0.25, LONGEST_TARGET_MINUTES / 60)
    box.setValue(minutes / 60)
    box.setAccessibleName(accessible)
    return box


class DeadlineTargetsDialog(SubmitDialog):
    def __init__(self, store: Store, actor: int, parent: QWidget | None = None) -> None:
        super().__init__("Callback deadlines", "&Save", parent)
        self.store, self.actor = store, actor
        self.setObjectName("deadlineTargetsDialog")
        grid = QGridLayout()
        for column, title in enumerate(("Priority", "Pick up within", "Resolve within"), start=0):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.boxes: dict[Priority, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        for row, (priority, target) in enumerate(store.deadline_targets().items(), start=1):
            respond = _hours(target.respond_minutes, f"{priority}Respond", f"{priority.label}: pick up within")
            resolve = _hours(target.resolve_minutes, f"{priority}Resolve", f"{priority.label}: resolve within")
            self.boxes[priority] = respond, resolve
            grid.addWidget(QLabel(priority.label), row, 0)
            grid.addWidget(respond, row, 1)
            grid.addWidget(resolve, row, 2)
        note = QLabel("Picking up counts from when the callback is created; resolving from the later of that and "
                      "its scheduled time. A callback is at risk in the last quarter and late after. New targets "
                      "apply to callbacks created or re-prioritised from now on.", wordWrap=True)
        self.form.addRow(grid)
        self.form.addRow(note)

    def targets(self) -> dict[Priority, tuple[int, int]]:
        return {p: (round(a.value() * 60), round(b.value() * 60)) for p, (a, b) in self.boxes.items()}

    def submit(self) -> dict[Priority, DeadlineTarget]:
        return self.store.set_deadline_targets(self.targets(), self.actor)
