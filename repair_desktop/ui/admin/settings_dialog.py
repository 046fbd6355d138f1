"""Shop settings (the manager's): the shop's name (the window's title), the capacity limit, the opening hours
and the callback deadlines.

Each setting sits in a group of its own so more can join without reshaping
the dialog; Save writes only what changed, and the settings' audit lines show
at the bottom.
"""

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox,
                               QWidget)

from ...domain.deadlines import check_targets
from ...domain.limits import SHORT_TEXT
from ...store import Store
from ...store.settings import CAPACITY_RANGE
from ..widgets.forms import SubmitDialog
from .audit_text import audit_text
from .deadline_targets import NOTE, DeadlineTargetsEditor
from .opening_hours import OpeningHoursEditor


class ShopSettingsDialog(SubmitDialog):
    def __init__(self, store: Store, actor: int, parent: QWidget | None = None) -> None:
        super().__init__("Shop settings", "&Save", parent)
        self.store, self.actor = store, actor
        self.saved = store.settings()
        self.saved_hours = store.opening_hours()
        self.saved_targets = store.deadline_targets()
        self.shop_name = QLineEdit(self.saved.shop_name, objectName="shopName", maxLength=SHORT_TEXT,
                                   placeholderText="e.g. Riverside Auto Repair")
        self.shop_name.setAccessibleName("Shop name")
        self.capacity = QSpinBox(objectName="capacityLimit", minimum=CAPACITY_RANGE.start,
                                 maximum=CAPACITY_RANGE.stop - 1, value=self.saved.capacity_limit, suffix=" jobs")
        self.capacity.setAccessibleName("Capacity limit per technician")
        self.form.addRow(self.group("Shop", [("Shop &name", self.shop_name)],
                                    "Shown in the window's title and on reports."))
        self.form.addRow(self.group("Workload", [("&Capacity limit", self.capacity)],
                                    "How many active jobs one technician may hold at once. Lowering it takes no "
                                    "job away; it only stops new ones for those above it."))
        self.hours = OpeningHoursEditor(self.saved_hours)
        self.deadlines = DeadlineTargetsEditor(self.saved_targets)
        # Side by side: one above the other, the dialog was taller than a 1280x800 screen. The row is a widget
        # from the start, so the groups have a parent the moment they are laid out.
        weeks = QWidget()
        row = QHBoxLayout(weeks)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.group("Opening hours", [("", self.hours)],
                                 "The schedule plans jobs inside these hours; plans already made stay."))
        row.addWidget(self.group("Callback deadlines", [("", self.deadlines)], NOTE))
        self.form.addRow(weeks)
        self.history = QPlainTextEdit(audit_text(store.audit("settings")), objectName="settingsHistory",
                                      readOnly=True)
        self.history.setAccessibleName("Changes to the settings")
        self.history.setMinimumHeight(100)  # it takes the room the dialog has beyond the groups
        self.form.addRow(QLabel("Changes (oldest first):"))
        self.form.addRow(self.history)
        self.resize(760, 640)  # the changes below the groups take what is left

    @staticmethod
    def group(title: str, fields: list[tuple[str, QWidget]], note: str) -> QGroupBox:
        """One titled section of the dialog: its fields and a line saying what they do."""
        box = QGroupBox(title)
        form = QFormLayout(box)
        for label, widget in fields:
            if label:
                form.addRow(label, widget)
            else:
                form.addRow(widget)
        explanation = QLabel(note, wordWrap=True)
        explanation.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # quieter, and still readable
        form.addRow(explanation)
        return box

    def submit(self) -> bool:
        targets = self.deadlines.targets()
        check_targets(targets)  # the store's own rule, before anything is written: a refusal changes nothing
        if self.hours.hours() != self.saved_hours:  # first: the one a mistyped day can have refused
            self.store.set_opening_hours(self.hours.hours(), self.actor)
        if self.shop_name.text().strip() != self.saved.shop_name:
            self.store.set_shop_name(self.shop_name.text(), self.actor)
        if self.capacity.value() != self.saved.capacity_limit:
            self.store.set_capacity_limit(self.capacity.value(), self.actor)
        if targets != self.saved_targets:
            self.store.set_deadline_targets(targets, self.actor)
        return True
