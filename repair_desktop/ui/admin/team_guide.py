"""A new shop's first steps after its manager is created: add the team (technicians, front desk) with their PINs,
then check the opening hours.

Nobody can be given a job until the shop has a technician, so the team step
asks for at least one before going on; the schedule plans jobs inside the
opening hours, so the second step shows them (the usual week is filled in) to
confirm or change. Either step can be skipped: Shop, Staff and Shop, Shop
settings do the same any time.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.limits import SHORT_TEXT
from ...domain.statuses import Role
from ...store import Store
from ..widgets.forms import problem_label
from ..widgets.long_text import eliding_list
from .opening_hours import OpeningHoursEditor
from .staff_dialog import checked_pin, pin_fields, role_picker

TEAM_STEP, HOURS_STEP = 0, 1


class TeamGuideDialog(QDialog):
    def __init__(self, store: Store, manager_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.manager_id = store, manager_id
        self.setWindowTitle("Set up your shop")
        self.resize(560, 560)
        self.name = QLineEdit(objectName="teamName", maxLength=SHORT_TEXT, placeholderText="Full name")
        self.name.setAccessibleName("Name")
        self.role = role_picker(Role.TECHNICIAN)
        self.pin, self.repeat = pin_fields()
        self.add_button = QPushButton("&Add to the team", objectName="addToTeam")
        self.problem = problem_label()
        self.team = eliding_list(QListWidget(objectName="team"))
        self.team.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long name keeps its role in view
        self.team.setAccessibleName("The team so far")
        self.saved_hours = store.opening_hours()
        self.hours = OpeningHoursEditor(self.saved_hours)
        self.hours_problem = problem_label("hoursProblem")
        self.steps = QStackedWidget(objectName="guideSteps")
        self.steps.addWidget(self._team_step())
        self.steps.addWidget(self._hours_step())
        self.back_button = QPushButton("‹ &Back", objectName="guideBack")
        self.skip_button = QPushButton("&Skip for now", objectName="guideSkip")
        self.next_button = QPushButton("&Next: opening hours ›", objectName="guideNext")
        self.done_button = QPushButton("&Done", objectName="guideDone")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch()
        for button in (self.skip_button, self.next_button, self.done_button):
            buttons.addWidget(button)
        for button in (self.back_button, self.skip_button, self.next_button, self.done_button):
            button.setAutoDefault(False)  # Enter adds the person typed; moving on is a click of its own
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.add_button.setDefault(True)
        self.skip_button.clicked.connect(self.reject)
        self.next_button.clicked.connect(lambda: self.show_step(HOURS_STEP))
        self.back_button.clicked.connect(lambda: self.show_step(TEAM_STEP))
        self.done_button.clicked.connect(self.finish)
        self.show_team()
        self.show_step(TEAM_STEP)

    def _team_step(self) -> QWidget:
        intro = QLabel("<b>Step 1 of 2: your team.</b> Add the people who work here. Technicians take the jobs, "
                       "so add at least one; the front desk books and assigns. Each person signs in with their "
                       "name and PIN. You can do this later too: Shop, Staff.", wordWrap=True)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("&PIN", self.pin)
        form.addRow("Re&peat PIN", self.repeat)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.add_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(QLabel("The team so far:"))
        layout.addWidget(self.team, 1)
        return page

    def _hours_step(self) -> QWidget:
        intro = QLabel("<b>Step 2 of 2: opening hours.</b> The schedule plans jobs inside these hours. The usual "
                       "week is filled in: untick the days you are closed and set the times. You can change them "
                       "later too: Shop, Shop settings.", wordWrap=True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.hours_problem)
        layout.addWidget(self.hours)
        layout.addStretch()
        return page

    def show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        on_team = step == TEAM_STEP
        self.back_button.setVisible(not on_team)
        self.next_button.setVisible(on_team)
        self.done_button.setVisible(not on_team)
        (self.name if on_team else self.hours.rows[0][0]).setFocus()

    def show_team(self) -> None:
        self.team.clear()
        people = self.store.employees()
        for person in people:
            self.team.addItem(f"{person.name}  ({person.role.label})")
        has_technician = any(p.role == Role.TECHNICIAN for p in people)
        self.next_button.setEnabled(has_technician)
        self.next_button.setToolTip("" if has_technician else "Add at least one technician first, or skip for now")

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

    def finish(self) -> None:
        """Save the opening hours when they were changed; a refusal (a day closing before it opens) stays here."""
        hours = self.hours.hours()
        if hours != self.saved_hours:
            try:
                self.store.set_opening_hours(hours, self.manager_id)
            except DomainError as error:
                self.hours_problem.setText(error.message)
                self.hours_problem.show()
                return
        self.accept()
