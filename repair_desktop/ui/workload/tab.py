"""The manager's screen: who is free, who is overloaded, and how the period went.

Headline numbers and the technician table show right now; the charts' history
follows the period picker. The tab reloads when a job changes in this window
(``JobEvents.changed``) and polls the store's cheap ``change_mark()`` every few
seconds while it is on screen, so changes from other PCs arrive too; a reload
that finds nothing new changes nothing on screen.
"""

import csv
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QSplitter, QVBoxLayout, QWidget)

from ...domain.deadlines import DeadlineState
from ...domain.errors import DomainError
from ...domain.statuses import AppointmentStatus
from ...domain.transitions import APPOINTMENT_WORKFLOW
from ...store import AppointmentFilter, CallbackFilter, EmployeeRecord, Store, TechnicianStats, WorkloadReport
from ..admin.team_notice import no_technicians_notice
from ..widgets.capacity_bar import CapacityBarDelegate
from .estimates import EstimatesPanel
from .chart_data import ChartData, is_dark
from .charts import ChartPages
from ..widgets.errors import attempt
from ..widgets.events import JobEvents
from ..widgets.reads import BackgroundReads, Read
from ..widgets.summary_cards import SummaryCards, muted_label
from .waiting_jobs import WaitingJobsList
from .dialogs import assign_waiting_dialog
from .model import WorkloadModel
from .pdf import PdfPage, write_pdf
from ..widgets.tables import row_table
from ..widgets.actions import tab_action

PERIODS = ("Today", "This week", "Last 30 days", "Custom range")
#: How often the tab asks the store whether anything changed, while it is on screen.
POLL_MS = 10_000
#: Waiting jobs listed (earliest first); a shop with more has bigger problems than this list.
WAITING_SHOWN = 200
_WAITING = AppointmentFilter(statuses=frozenset({AppointmentStatus.SCHEDULED}))
_LATE = CallbackFilter(deadline=DeadlineState.LATE)


def period_days(choice: str, today: date, custom_from: date, custom_to: date) -> tuple[date, date]:
    """First and last local day (inclusive) of a period choice. "This week" is Monday to Sunday."""
    monday = today - timedelta(days=today.weekday())
    return {
        "Today": (today, today),
        "This week": (monday, monday + timedelta(days=6)),
        "Last 30 days": (today - timedelta(days=29), today),
    }.get(choice, (min(custom_from, custom_to), max(custom_from, custom_to)))


class WorkloadTab(QWidget):
    def __init__(self, store: Store, user: EmployeeRecord, events: JobEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.user, self.events = store, user, events
        self.report: WorkloadReport | None = None
        self._mark: tuple | None = None  # the store's change mark at the last reload
        self._today: date | None = None
        self.model = WorkloadModel(self)
        self.chart_data = ChartData()
        self.charts = ChartPages(self.chart_data)
        self.cards = SummaryCards()
        self._build_period_picker()
        self._build_table()
        self.waiting = WaitingJobsList()
        self._build_actions()
        self._build_layout()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._soon = QTimer(self, singleShot=True, interval=150)  # one reload for a burst of job changes
        self._soon.timeout.connect(self.refresh)
        self.period.currentIndexChanged.connect(self._period_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._period_changed)
        events.changed.connect(self._job_changed)
        # Queued: the store's refusal may open a message box, which must not happen inside the drop itself.
        self.model.job_dropped.connect(self.assign_dropped, Qt.ConnectionType.QueuedConnection)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._palette_changed)
        self.reads = BackgroundReads(self)
        self.reads.shown.connect(self._shown)
        self.reads.failed.connect(self._failed)
        self._selected: TechnicianStats | None = None
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _build_period_picker(self) -> None:
        self.period = QComboBox(objectName="periodPicker")
        self.period.setAccessibleName("Period for the history charts")
        self.period.addItems(PERIODS)
        self.period.setCurrentText("Last 30 days")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-6), calendarPopup=True, displayFormat="dd MMM yyyy")
        self.date_to = QDateEdit(today, calendarPopup=True, displayFormat="dd MMM yyyy")
        self.date_from.setAccessibleName("From date")
        self.date_to.setAccessibleName("To date")
        self._show_custom_dates()

    def _build_table(self) -> None:
        table = row_table(self.model, "workloadTable", "Technicians")
        table.setItemDelegateForColumn(WorkloadModel.COL_LOAD, CapacityBarDelegate(table))
        table.horizontalHeader().setStretchLastSection(True)
        table.setAcceptDrops(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        table.setDefaultDropAction(Qt.DropAction.CopyAction)
        table.setDropIndicatorShown(True)
        for column, width in ((WorkloadModel.COL_NAME, 140), (WorkloadModel.COL_LOAD, 100),
                              (WorkloadModel.COL_AVAILABLE, 75), (WorkloadModel.COL_IN_PROGRESS, 85),
                              (WorkloadModel.COL_TODAY, 85), (WorkloadModel.COL_WEEK, 110)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._update_actions)
        table.doubleClicked.connect(lambda _: self.assign_action.trigger())
        self.table = table

    def _build_actions(self) -> None:
        self.assign_action = tab_action(self, "&Assign waiting job…", "Ctrl+T", self.assign,
                                        "Give a job that is waiting for a technician to the selected technician")
        self.pdf_action = tab_action(self, "Export &PDF report…", "Ctrl+P", self.export_pdf,
                                     "Save the charts and the table as a one-page PDF")
        self.export_action = tab_action(self, "&Export table to CSV…", "Ctrl+E", self.export_csv,
                                        "Save the technician table as a CSV file")
        self.actions_in_order = [self.assign_action, self.pdf_action]
        self.waiting.currentItemChanged.connect(self._update_actions)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("&Period:", buddy=self.period))
        for widget in (self.period, self.date_from, self.date_to):
            top.addWidget(widget)
        top.addStretch()
        self.updated = muted_label("")
        self.updated.setObjectName("updated")
        top.addWidget(self.updated)
        self.waiting_title = QLabel(wordWrap=True, objectName="waitingTitle")
        waiting_panel = QWidget()
        column = QVBoxLayout(waiting_panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.waiting_title)
        column.addWidget(self.waiting, 1)
        now = QSplitter(Qt.Orientation.Horizontal, objectName="workloadNowSplitter")
        now.addWidget(self.table)
        now.addWidget(waiting_panel)
        now.setStretchFactor(0, 3)
        now.setStretchFactor(1, 2)
        now.setSizes([780, 480])
        splitter = QSplitter(Qt.Orientation.Vertical, objectName="workloadSplitter")
        splitter.addWidget(now)
        splitter.addWidget(self.charts)
        self.estimates = EstimatesPanel(self.chart_data)
        splitter.addWidget(self.estimates)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 340, 150])
        self.splitter, self.now_splitter = splitter, now
        self.message = QLabel(objectName="loadProblem", wordWrap=True)
        self.message.setStyleSheet("color: #b91c1c;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.cards)
        self.no_technicians = no_technicians_notice(self, self.user.role)
        layout.addWidget(self.no_technicians)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    # --- reading the store ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything again off the GUI thread; the figures on screen stay until the new ones arrive.

        The selected technician and waiting job stay selected. The change mark is
        read first: a change made while reading moves it again, so a poll reloads.
        """
        self._soon.stop()
        today = self.store.local_today()
        period = self.period.currentText()
        first, last = period_days(period, today, self.date_from.date().toPython(), self.date_to.date().toPython())
        store = self.store
        self.reads.start([
            Read(lambda: (store.change_mark(), today), self._set_mark),
            Read(store.workload_report, self._show_report),
            Read(lambda: store.period_report(first, last), lambda history: self.chart_data.show_period(history, period)),
            Read(lambda: store.list_appointments(_WAITING, sort="scheduled_at", limit=WAITING_SHOWN).rows,
                 self.waiting.show_jobs),
            Read(lambda: store.count_callbacks(_LATE), self.cards.show_late),
            Read(lambda: (store.efficiency(first, last), store.shop_load(today, 14)),
                 lambda numbers: self.estimates.show_numbers(*numbers)),
            Read(lambda: store.on_time_report(first, last), self.estimates.show_on_time),
        ], key=(today, first, last))

    def is_reading(self) -> bool:
        """Whether figures are being read (the ones on screen stay meanwhile)."""
        return self.reads.busy()

    def _set_mark(self, mark_and_day: tuple[tuple, date]) -> None:
        self.message.hide()
        self._mark, self._today = mark_and_day

    def _show_report(self, report: WorkloadReport) -> None:
        self._selected = self.current()
        self.report = report
        self.cards.show_report(report)
        self.model.set_rows(report.technicians)
        self.no_technicians.setVisible(not report.technicians)
        self.chart_data.show_now(report)

    def _shown(self) -> None:
        """After a refresh's figures are all on screen: the waiting list's title, the selection, the time."""
        report = self.report
        if report is None:
            return
        self.waiting_title.setText(
            f"<b>Waiting for a technician: {report.waiting_jobs}</b><br>"
            + ("Drag a job onto a technician, or select both and press Assign." if self.waiting.count()
               else "Nothing is waiting: every booked job has a technician."))
        selected = self._selected
        if self.table.currentIndex().row() < 0 and self.model.rowCount():
            self.table.selectRow(0)  # the first technician, when nothing was selected yet
        elif selected is not None and (row := self.model.row_of(selected.technician_id)) >= 0 \
                and self.table.currentIndex().row() != row:
            self.table.selectRow(row)
        self.updated.setText(f"Updated {datetime.now():%H:%M:%S}")
        self._update_actions()

    def _failed(self, message: str) -> None:
        """Keep showing what we had, and say why it is not fresh."""
        self.message.setText(message)
        self.message.show()

    def poll(self) -> None:
        """Reload only when the store changed (another PC, a script) or the day turned."""
        try:
            changed = self.store.change_mark() != self._mark or self.store.local_today() != self._today
        except DomainError:
            return  # the next poll tries again; the last numbers stay on screen
        if changed:
            self.refresh()

    def is_ready(self) -> bool:
        """Numbers loaded and the charts drawn with them: what a screenshot waits for."""
        return self.report is not None and self.charts.is_ready()

    def _job_changed(self, kind: str, entity_id: int) -> None:
        if kind == "notification":  # someone's notifications: no number here moves
            return
        if self.isVisible():
            self._soon.start()
        else:
            self._mark = None  # reload when shown

    def _period_changed(self) -> None:
        self._show_custom_dates()
        self.refresh()

    def _show_custom_dates(self) -> None:
        custom = self.period.currentText() == "Custom range"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._poll.start()
        self.poll()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._poll.stop()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._palette_changed()

    def _palette_changed(self, *_) -> None:
        self.chart_data.show_palette(self.palette(), is_dark(self.palette()))

    # --- assigning waiting jobs ----------------------------------------------------------------

    def current(self) -> TechnicianStats | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, technician_id: int) -> None:
        if (row := self.model.row_of(technician_id)) >= 0:
            self.table.selectRow(row)

    def can_assign(self, technician: TechnicianStats | None) -> bool:
        """What the store would allow: the signed-in role may assign, the technician has room, a job waits."""
        return (technician is not None and technician.load.is_available and self.waiting.count() > 0
                and APPOINTMENT_WORKFLOW["assign_technician"].permits(self.user.role, False))

    def _update_actions(self, *_) -> None:
        technician = self.current()
        self.assign_action.setEnabled(self.can_assign(technician))
        if technician is not None and not technician.load.is_available:
            self.assign_action.setStatusTip(f"{technician.name} is fully booked ({technician.load.load_text}).")
        self.pdf_action.setEnabled(self.report is not None)

    def assign(self) -> None:
        technician = self.current()
        if technician is None:
            return
        dialog = assign_waiting_dialog(self, self.store, technician, self.waiting.jobs(), self.user.id,
                                       preselect=self.waiting.current_job())
        if dialog.exec():
            self._assigned(dialog.result_value.id)

    def assign_dropped(self, appointment_id: int, version: int, technician_id: int) -> None:
        """A waiting job was dragged onto a technician: the same store call, and its message when refused."""
        if attempt(self, lambda: self.store.assign_technician(appointment_id, technician_id, self.user.id,
                                                              expected_version=version)) is not None:
            self.select(technician_id)
        self._assigned(appointment_id)  # refused or not, show the store as it is now

    def _assigned(self, appointment_id: int) -> None:
        self.events.changed.emit("appointment", appointment_id)
        self.refresh()

    # --- exports -------------------------------------------------------------------------------

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export technician table", "workload.csv", "CSV files (*.csv)")
        if path:
            self.write_csv(path)

    def write_csv(self, path: str) -> bool:
        """The table as shown; a handful of rows, so no paging and no progress dialog."""
        def write() -> None:
            with open(path, "w", newline="", encoding="utf-8-sig") as f:  # the BOM makes Excel read UTF-8
                writer = csv.writer(f)
                writer.writerow([c.title for c in WorkloadModel.COLUMNS])
                writer.writerows([c.text(row) for c in WorkloadModel.COLUMNS] for row in self.model.rows)

        return self._save(path, write)

    def export_pdf(self) -> None:
        name = f"workload-{datetime.now():%Y-%m-%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Export workload report", name, "PDF files (*.pdf)")
        if path:
            self.write_pdf(path)

    def write_pdf(self, path: str) -> bool:
        cards = {card.title.text(): card.value.text() for card in self.cards.cards.values()}
        cards["Estimates vs time taken"] = self.estimates.overall()
        subtitle = (f"Printed {datetime.now():%a %d %b %Y %H:%M} by {self.user.name} · "
                    f"charts: {self.chart_data.value('periodText')}")
        more = PdfPage("Estimates and deadlines", self.charts.paper_image(self.charts.analytics),
                       (self.estimates.model, self.estimates.on_time))
        return self._save(path, lambda: write_pdf(path, "Technician workload", subtitle, cards,
                                                  self.charts.paper_image(self.charts.throughput), self.model, [more]))

    def _save(self, path: str, write) -> bool:
        """Run ``write``; a file that can't be written gets a message, never a traceback."""
        try:
            write()
        except OSError as error:
            QMessageBox.warning(self, "Could not save", f"{path} could not be written: {error.strerror or error}")
            return False
        return True

    # --- remembered layout ---------------------------------------------------------------------

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("workload/header", self.table.horizontalHeader().saveState())
        settings.setValue("workload/splitter", self.splitter.saveState())
        settings.setValue("workload/nowSplitter", self.now_splitter.saveState())
        settings.setValue("workload/period", self.period.currentText())
        settings.setValue("workload/chartPage", self.charts.currentIndex())

    def restore_layout(self, settings: QSettings) -> None:
        if header := settings.value("workload/header"):
            self.table.horizontalHeader().restoreState(header)
        if splitter := settings.value("workload/splitter"):
            self.splitter.restoreState(splitter)
        if splitter := settings.value("workload/nowSplitter"):
            self.now_splitter.restoreState(splitter)
        if (period := settings.value("workload/period")) in PERIODS:
            self.period.setCurrentText(period)
        self.charts.setCurrentIndex(int(settings.value("workload/chartPage", 0)))
