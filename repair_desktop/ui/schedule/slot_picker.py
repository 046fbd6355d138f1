"""The time part of booking: how long the job takes, who it is planned for, and the first free times to pick.

The free times come from the store (``free_slots``) for the duration entered,
from the time in the form's "When" field on: picking one fills in the time and
the technician. "Anyone" books without a plan; the Schedule tab plans it later.
"""

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QHBoxLayout, QListWidget, QListWidgetItem, QSpinBox, QWidget

from ...domain.errors import DomainError
from ...domain.schedule import DEFAULT_DURATION, MAX_DURATION, MIN_DURATION, QUARTER
from ...store import Store
from ..widgets.long_text import bounded_combo, eliding_list

#: How many free times the form offers.
OFFERED = 6


class SlotPicker(QWidget):
    def __init__(self, store: Store, when: QDateTimeEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.when = store, when
        self.duration = QSpinBox(minimum=MIN_DURATION, maximum=MAX_DURATION, singleStep=QUARTER, suffix=" min")
        self.duration.setValue(DEFAULT_DURATION)
        self.duration.setAccessibleName("Estimated duration")
        self.technician = bounded_combo(QComboBox())
        self.technician.setAccessibleName("Planned technician")
        self.technician.addItem("Anyone (plan later)", None)
        for tech in store.employees(role="technician"):
            self.technician.addItem(tech.name, tech.id)
        self.slots = eliding_list(QListWidget())
        self.slots.setAccessibleName("First free times")
        self.slots.setMaximumHeight(110)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.duration)
        row.addWidget(self.technician, 1)
        self.row = QWidget()
        self.row.setLayout(row)
        # The timer lives and dies with the list it fills: a change that arrives as the dialog closes must not
        # fire into a list Qt has already deleted.
        self._reload = QTimer(self.slots, singleShot=True, interval=150, timeout=self.offer)
        self.duration.valueChanged.connect(self._reload.start)
        self.technician.currentIndexChanged.connect(self._reload.start)
        self.when.dateTimeChanged.connect(self._reload.start)
        self.slots.itemActivated.connect(self.pick)
        self.slots.itemClicked.connect(self.pick)
        self.offer()

    @property
    def technician_id(self) -> int | None:
        return self.technician.currentData()

    def offer(self) -> None:
        """List the first free times for the duration (and technician) chosen, from the time in "When" on."""
        self.slots.clear()
        after = max(self.when.dateTime().toPython(), datetime.now()).astimezone()
        try:
            found = self.store.free_slots(self.duration.value(), after=after, technician_id=self.technician_id,
                                          limit=OFFERED)
        except DomainError as error:
            self.slots.addItem(error.message)
            return
        for slot in found:
            item = QListWidgetItem(f"{slot.starts_at.astimezone():%a %d %b %H:%M}   {slot.technician_name}")
            item.setData(Qt.ItemDataRole.UserRole, (slot.starts_at, slot.technician_id))
            self.slots.addItem(item)
        if not found:
            self.slots.addItem("No free time in the coming three months for this duration.")

    def pick(self, item: QListWidgetItem) -> None:
        picked = item.data(Qt.ItemDataRole.UserRole)
        if picked is None:
            return
        starts_at, technician_id = picked
        for widget in (self.when, self.technician):
            widget.blockSignals(True)
        self.when.setDateTime(QDateTime(starts_at.astimezone().replace(tzinfo=None)))
        self.technician.setCurrentIndex(self.technician.findData(technician_id))
        for widget in (self.when, self.technician):
            widget.blockSignals(False)
