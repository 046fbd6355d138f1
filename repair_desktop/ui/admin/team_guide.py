"""A new shop's first step after its manager is created: add the team (technicians, front desk) with their PINs.

Nobody can be given a job until the shop has a technician, so the guide asks
for at least one, and lets the manager skip it (Staff, in the Shop menu, does
the same any time). Opening hours and other settings are in Shop settings.
"""

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPushButton, QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.limits import SHORT_TEXT
from ...domain.statuses import Role
from ...store import Store
from ..widgets.forms import problem_label
from .staff_dialog import checked_pin, pin_fields, role_picker


class TeamGuideDialog(QDialog):
    def __init__(self, store: Store, manager_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.manager_id = store, manager_id
        self.setWindowTitle("Set up your team")
        self.resize(560, 520)
        intro = QLabel("Add the people who work here. Technicians take the jobs, so add at least one; the front "
                       "desk books and assigns. Each person signs in with their name and PIN. You can do this "
                       "later too: Shop, Staff. Opening hours and the capacity limit are in Shop, Shop settings.",
                       wordWrap=True)
        self.name = QLineEdit(objectName="teamName", maxLength=SHORT_TEXT, placeholderText="Full name")
        self.name.setAccessibleName("Name")
        self.role = role_picker(Role.TECHNICIAN)
        self.pin, self.repeat = pin_fields()
        self.add_button = QPushButton("&Add to the team", objectName="addToTeam")
        self.problem = problem_label()
        self.team = QListWidget(objectName="team")
        self.team.setAccessibleName("The team so far")
        self.buttons = QDialogButtonBox()
        self.done_button = self.buttons.addButton("&Done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = self.buttons.addButton("&Skip for now", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("&PIN", self.pin)
        form.addRow("Re&peat PIN", self.repeat)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(QLabel("The team so far:"))
        layout.addWidget(self.team, 1)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(self.add)
        self.add_button.setDefault(True)  # Enter adds the person typed; Done is a click of its own
        self.show_team()

    def show_team(self) -> None:
        self.team.clear()
        people = self.store.employees()
        for person in people:
            self.team.addItem(f"{person.name}  ({person.role.label})")
        has_technician = any(p.role == Role.TECHNICIAN for p in people)
        self.done_button.setEnabled(has_technician)
        self.done_button.setToolTip("" if has_technician else "Add at least one technician first, or skip for now")

    def add(self) -> None:
        """Add the person typed; the form empties for the next one (the role stays, for a run of technicians)."""
        try:
            self.store.add_employee(self.name.text(), self.role.currentData(), checked_pin(self.pin, self.repeat),
                                    actor=self.manager_id)
        except DomainError as error:
            self.problem.setText(error.message)
            self.problem.show()
            return
        self.problem.hide()
        for field in (self.name, self.pin, self.repeat):
            field.clear()
        self.name.setFocus()
        self.show_team()
