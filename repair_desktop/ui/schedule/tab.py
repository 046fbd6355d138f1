"""The Schedule tab (front desk, manager): one day per technician, or a week's load, planned by dragging.

A drag asks the store for the plan; whatever it answers, the day is read again,
so a refused block is back where it was, with the store's message shown. Other
PCs' changes arrive on ``JobEvents`` like this window's own: the shown day is
read again once the burst of changes is over (a day is one query).
"""

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QDateEdit, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QScrollArea, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...store import DaySchedule, PlannedJob, Store
from ..widgets.errors import show_refusal
from ..widgets.events import JobEvents
from ..widgets.long_text import ElidedLabel
from .day_view import DayView, hours_label
from .week_model import DAY_ROLE, WeekModel

#: How long a burst of changes from other PCs may run before the day is read again.
REFRESH_DELAY_MS = 150
#: Unplanned appointments read for the day view: more than its few lanes can show.
UNPLANNED_READ = 120


def day_label(day: date) -> str:
    """"Tuesday 1 December": the day as the summary names it."""
    return f"{day:%A} {day.day} {day:%B}"


def day_summary(schedule: DaySchedule) -> str:
    """The line above the day: its opening hours and the hours booked of those available."""
    booked = hours_label(schedule.booked_minutes)
    if schedule.opening is None:
        return f"{day_label(schedule.day)}, closed" + (f": {booked} h booked" if schedule.booked_minutes else "")
    opens, closes = (t.astimezone() for t in schedule.opening)
    return (f"{day_label(schedule.day)}, open {opens:%H:%M}–{closes:%H:%M}: {booked} of "
            f"{hours_label(schedule.available_minutes)} h booked")


class ScheduleTab(QWidget):
    #: the day or week on screen was read again
    loaded = Signal()

    def __init__(self, store: Store, user, events: JobEvents, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        """``user``: the signed-in employee (their id acts); ``today``: the day shown first."""
        super().__init__(parent)
        self.store, self.user, self.events = store, user, events
        self.day = today or store.local_today()
        self.view = DayView()
        self.view.planRequested.connect(self.plan)
        self.week = WeekModel(self)
        self._stale = False
        self._refresh = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS, timeout=self.refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        self.pages = QStackedWidget()
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.view)
        self.pages.addWidget(scroll)
        self.pages.addWidget(self._build_week())
        layout.addWidget(self.pages)
        self.message = QLabel(objectName="loadProblem", wordWrap=True)
        self.message.setStyleSheet("color: #b91c1c;")
        self.message.hide()
        layout.addWidget(self.message)
        events.changed.connect(self._changed)
        self.refresh()

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.today_button = QPushButton("&Today", clicked=lambda: self.show_day(self.store.local_today()))
        self.previous_button = QPushButton("◀", clicked=lambda: self.step(-1))
        self.previous_button.setAccessibleName("Previous")
        self.previous_button.setToolTip("The day (or week) before")
        self.next_button = QPushButton("▶", clicked=lambda: self.step(1))
        self.next_button.setAccessibleName("Next")
        self.next_button.setToolTip("The day (or week) after")
        self.date_edit = QDateEdit(calendarPopup=True, displayFormat="ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Day shown")
        self.date_edit.setDate(QDate(self.day))
        self.date_edit.dateChanged.connect(lambda picked: self.show_day(picked.toPython()))
        self.day_button = QPushButton("&Day", checkable=True, checked=True)
        self.week_button = QPushButton("&Week", checkable=True)
        mode = QButtonGroup(self)
        mode.addButton(self.day_button)
        mode.addButton(self.week_button)
        self.week_button.toggled.connect(self._mode_changed)
        self.summary = ElidedLabel(object_name="scheduleSummary")  # elides rather than widen the window
        for widget in (self.today_button, self.previous_button, self.next_button, self.date_edit, self.day_button,
                       self.week_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        return bar

    def _build_week(self) -> QTableView:
        self.week_table = QTableView(objectName="weekTable")
        self.week_table.setModel(self.week)
        self.week_table.setAccessibleName("Week overview")
        self.week_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.week_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.week_table.doubleClicked.connect(lambda index: self.open_day(index.data(DAY_ROLE)))
        self.week_table.activated.connect(lambda index: self.open_day(index.data(DAY_ROLE)))
        return self.week_table

    # --- what is shown ---------------------------------------------------------------------------------

    @property
    def showing_week(self) -> bool:
        return self.week_button.isChecked()

    def week_start(self) -> date:
        return self.day - timedelta(days=self.day.weekday())

    def show_day(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self.date_edit.blockSignals(True)  # the picker follows; its signal would read the day twice
            self.date_edit.setDate(QDate(day))
            self.date_edit.blockSignals(False)
        self.refresh()

    def step(self, direction: int) -> None:
        self.show_day(self.day + timedelta(days=7 * direction if self.showing_week else direction))

    def open_day(self, day: date | None) -> None:
        """From the week: the day view of ``day``."""
        if day is None:
            return
        self.day_button.setChecked(True)
        self.show_day(day)

    def _mode_changed(self) -> None:
        self.pages.setCurrentIndex(1 if self.showing_week else 0)
        self.refresh()

    def refresh(self) -> None:
        """Read the shown day (or week) again."""
        self._stale = False
        try:
            if self.showing_week:
                week = self.store.schedule_week(self.week_start())
                self.week.set_week(week)
                booked = sum(d.booked_minutes for t in week.technicians for d in t.days)
                available = sum(d.available_minutes for t in week.technicians for d in t.days)
                self.summary.setText(f"Week of {day_label(self.week_start())}: {hours_label(booked)} of "
                                     f"{hours_label(available)} h booked")
            else:
                schedule = self.store.schedule_day(self.day, unplanned_limit=UNPLANNED_READ)
                self.view.set_schedule(schedule)
                self.summary.setText(day_summary(schedule))
        except DomainError as error:
            self.message.setText(error.message)
            self.message.show()
            return
        self.message.hide()
        self.loaded.emit()

    def _changed(self, kind: str, _entity_id: int) -> None:
        if kind not in ("appointment", "employee", "settings"):
            return
        if self.isVisible():
            self._refresh.start()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- planning by dragging --------------------------------------------------------------------------

    def plan(self, job: PlannedJob, technician_id: int | None, starts_at: datetime, minutes: int) -> bool:
        """Ask the store for the plan; show its refusal. The day is read again either way."""
        try:
            self.store.plan_appointment(job.appointment_id, technician_id, starts_at, minutes, self.user.id,
                                        expected_version=job.version)
        except DomainError as error:
            self.refresh()
            show_refusal(self, error)
            return False
        self.refresh()
        self.events.changed.emit("appointment", job.appointment_id)
        self._refresh.stop()  # that was this tab's own change, read just now: no second read 150 ms later
        return True
