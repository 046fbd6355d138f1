"""One day of the shop's plan, painted: a row per technician, jobs as blocks along the day, dragged to re-plan.

The view holds no state of its own beyond what the store last said: a drag
draws a ghost and, on release, asks for a plan (``planRequested``); the blocks
move only when the tab reloads the day. So a refusal needs no undo: the block
was never moved, and the ghost goes away.

Overlapping jobs of one technician are stacked in lanes (the lowest free lane,
taken by start), the row growing to hold them. Times snap to quarter hours of
the wall clock. The last row is the day's unplanned appointments: dropping a
job there plans it for nobody, dropping one of them on a technician's row plans
it for them.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...domain.schedule import QUARTER, WEEKDAYS, lanes
from ...store import DaySchedule, PlannedJob, TechnicianDay
from .block_style import late_colour, paint_block, quiet_text
from .keyboard import KeyboardPlanning, block_name

NAME_WIDTH = 190
HEADER_HEIGHT = 26
RIGHT_MARGIN = 40  # room for the last hour's label
LANE_HEIGHT = 44
ROW_PADDING = 4
EDGE = 6  # pixels at a block's right end that resize instead of move
#: The unplanned lane stacks at most this many lanes; the list of appointments has them all.
UNPLANNED_LANES = 4
#: Shown when the shop is closed that day (and no job says otherwise).
QUIET_HOURS = (time(8), time(17))
#: Under the Unplanned lane of a shop with no technicians yet.
NO_TECHNICIANS = "No technicians yet: each one gets a row here once a manager adds them (Shop ▸ Staff…)."
#: Under the rows of a day the shop is closed (``{weekday}``: "Sunday").
CLOSED_DAY = "Closed on {weekday}s: nothing can be planned that day. The opening hours are a shop setting."
HINT_HEIGHT = 36


@dataclass
class Row:
    technician_id: int | None  # None: the unplanned lane
    title: str
    subtitle: str
    top: float
    height: float
    jobs: list[PlannedJob]
    job_lanes: list[int]
    time_off: list[tuple[datetime, datetime, str]]


@dataclass
class Drag:
    job: PlannedJob
    row: Row
    resize: bool
    grab_minutes: float  # where in the block the mouse took it, in minutes from its start
    target_row: Row
    start_minutes: float
    minutes: int


def hours_label(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}"


def booked_label(tech: TechnicianDay, closed: bool) -> str:
    """A row's hours: booked of available; a day with no hours to give says why rather than "0 of 0 h"."""
    if tech.available_minutes:
        return f"{hours_label(tech.booked_minutes)} of {hours_label(tech.available_minutes)} h booked"
    why = "shop closed" if closed else "away all day"
    return f"{hours_label(tech.booked_minutes)} h booked, {why}" if tech.booked_minutes else why.capitalize()


class DayView(KeyboardPlanning, QWidget):
    #: (job, technician id or None, new start as an aware instant, minutes): a drag asks for this plan
    planRequested = Signal(object, object, object, int)
    #: a job was double-clicked: its appointment id
    jobActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the keyboard re-plans too (keyboard.py)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Day plan")
        self.schedule: DaySchedule | None = None
        self._midnight = datetime.combine(date.today(), time()).astimezone()
        self.rows: list[Row] = []
        self.hint = ""
        self.first_minute, self.last_minute = 8 * 60, 17 * 60
        self.drag: Drag | None = None
        self.may_plan = True

    # --- data -----------------------------------------------------------------------------------------

    def set_schedule(self, schedule: DaySchedule) -> None:
        self.schedule, self.drag = schedule, None
        self._midnight = datetime.combine(schedule.day, time()).astimezone()
        self.rows, top = [], float(HEADER_HEIGHT)
        for tech in schedule.technicians:
            row = self._row(tech.technician_id, tech.name, booked_label(tech, schedule.opening is None), top,
                            list(tech.jobs), [(t.starts_at, t.ends_at, t.reason or "Time off") for t in tech.time_off])
            self.rows.append(row)
            top += row.height
        count = schedule.unplanned_count
        unplanned = self._row(None, "Unplanned", f"{count} appointment{'s' * (count != 1)}", top,
                              list(schedule.unplanned), [], most=UNPLANNED_LANES)
        if len(unplanned.jobs) < count:  # a day with hundreds: the first lanes' worth
            unplanned.subtitle = f"{count} appointments, {len(unplanned.jobs)} shown"
        self.rows.append(unplanned)
        self.first_minute, self.last_minute = self._span(schedule)
        self.hint = (NO_TECHNICIANS if not schedule.technicians else
                     CLOSED_DAY.format(weekday=WEEKDAYS[schedule.day.weekday()]) if schedule.opening is None else "")
        self.setMinimumHeight(int(self.rows[-1].top + self.rows[-1].height) + 2 + HINT_HEIGHT * bool(self.hint))
        self.updateGeometry()
        self.select(self.selected)  # the selected block, wherever the day now has it

    @staticmethod
    def _row(technician_id, title, subtitle, top, jobs, time_off, most: int | None = None) -> Row:
        numbers = lanes([(j.starts_at, j.ends_at) for j in jobs], most)
        kept = [(job, lane) for job, lane in zip(jobs, numbers) if lane is not None]
        job_lanes = [lane for _, lane in kept]
        height = (max(job_lanes, default=0) + 1) * LANE_HEIGHT + 2 * ROW_PADDING
        return Row(technician_id, title, subtitle, top, height, [job for job, _ in kept], job_lanes, time_off)

    def _span(self, schedule: DaySchedule) -> tuple[int, int]:
        """The minutes of the day the view shows: the opening hours, widened to whole hours holding every job
        on screen."""
        if schedule.opening is not None:
            first, last = (self.minute_of(t) for t in schedule.opening)
        else:
            first, last = (t.hour * 60 for t in QUIET_HOURS)
        jobs = [job for row in self.rows for job in row.jobs]
        if jobs:
            first = min(first, self.minute_of(min(j.starts_at for j in jobs)))
            last = max(last, self.minute_of(max(j.ends_at for j in jobs)))
        return max(0, int(first) // 60 * 60), min(24 * 60, -(-int(last) // 60) * 60)

    # --- geometry -------------------------------------------------------------------------------------

    def minute_of(self, instant: datetime) -> float:
        """Minutes from the day's local midnight to ``instant``."""
        return (instant - self._midnight).total_seconds() / 60

    def instant_at(self, minute: float) -> datetime:
        return (self._midnight + timedelta(minutes=minute)).astimezone(UTC)

    def per_minute(self) -> float:
        return max(0.6, (self.width() - NAME_WIDTH - RIGHT_MARGIN) / max(60, self.last_minute - self.first_minute))

    def x_of(self, minute: float) -> float:
        return NAME_WIDTH + (minute - self.first_minute) * self.per_minute()

    def block_rect(self, row: Row, index: int) -> QRectF:
        job = row.jobs[index]
        left, right = self.x_of(self.minute_of(job.starts_at)), self.x_of(self.minute_of(job.ends_at))
        top = row.top + ROW_PADDING + row.job_lanes[index] * LANE_HEIGHT
        return QRectF(left + 1, top + 1, max(6.0, right - left - 2), LANE_HEIGHT - 2)

    def job_at(self, point: QPointF) -> tuple[Row, PlannedJob, QRectF] | None:
        for row in self.rows:
            for index, job in enumerate(row.jobs):
                rect = self.block_rect(row, index)
                if rect.contains(point):
                    return row, job, rect
        return None

    def row_at(self, y: float) -> Row | None:
        return next((r for r in self.rows if r.top <= y < r.top + r.height), None)

    def sizeHint(self) -> QSize:
        return QSize(1000, self.minimumHeight() or 300)

    # --- dragging -------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.job_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or hit is None or not self.may_plan:
            return super().mousePressEvent(event)
        row, job, rect = hit
        resize = event.position().x() >= rect.right() - EDGE and row.technician_id is not None
        self.select(job.appointment_id)
        self.drag = self.start_drag(row, job, resize, (event.position().x() - rect.left()) / self.per_minute())

    def start_drag(self, row: Row, job: PlannedJob, resize: bool, grab_minutes: float) -> Drag:
        return Drag(job, row, resize, grab_minutes, row, self.minute_of(job.starts_at), job.duration_minutes)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self.drag is None:
            hit = self.job_at(point)
            near_edge = hit is not None and point.x() >= hit[2].right() - EDGE and hit[0].technician_id is not None
            self.setCursor(Qt.CursorShape.SizeHorCursor if near_edge else Qt.CursorShape.ArrowCursor)
            return
        drag = self.drag
        if drag.resize:
            end = self._snap((point.x() - NAME_WIDTH) / self.per_minute() + self.first_minute)
            drag.minutes = int(max(QUARTER, end - drag.start_minutes))
        else:
            drag.target_row = self.row_at(point.y()) or drag.target_row
            drag.start_minutes = self._snap((point.x() - NAME_WIDTH) / self.per_minute() + self.first_minute
                                            - drag.grab_minutes)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.drag is None:
            return super().mouseReleaseEvent(event)
        self.request_plan()

    def request_plan(self) -> None:
        """Ask for the plan the drag (or the keyboard's ghost) shows, when it differs from the job's own."""
        drag, self.drag = self.drag, None
        self.update()
        moved = (drag.target_row is not drag.row or drag.minutes != drag.job.duration_minutes
                 or abs(drag.start_minutes - self.minute_of(drag.job.starts_at)) >= 1)
        if moved:
            self.planRequested.emit(drag.job, drag.target_row.technician_id, self.instant_at(drag.start_minutes),
                                    drag.minutes)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.job_at(event.position())
        if hit is not None:
            self.jobActivated.emit(hit[1].appointment_id)

    @staticmethod
    def _snap(minute: float) -> float:
        return round(minute / QUARTER) * QUARTER

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # a block's tooltip: all of it, however narrow the block
            assert isinstance(event, QHelpEvent)
            hit = self.job_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), block_name(hit[1], hit[0].title), self)
            return True
        return super().event(event)

    # --- painting -------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        for row in self.rows[-1:]:  # the unplanned lane's own background, under the hours' lines
            painter.fillRect(QRectF(0, row.top, self.width(), row.height),
                             palette.color(QPalette.ColorRole.AlternateBase))
        self._paint_hours(painter, palette)
        exposed = event.rect()
        for row in self.rows:  # only the rows in sight: a big shop's day is taller than the window
            if row.top <= exposed.bottom() and row.top + row.height >= exposed.top():
                self._paint_row(painter, palette, row)
        self._paint_now(painter, palette)
        if self.hint:
            painter.setPen(quiet_text(palette))
            painter.drawText(QRectF(8, self.rows[-1].top + self.rows[-1].height + 8, self.width() - 16, HINT_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft, self.hint)
        if self.drag is not None:
            self._paint_ghost(painter, self.drag)
        painter.end()

    def _paint_hours(self, painter: QPainter, palette: QPalette) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        grid = palette.color(QPalette.ColorRole.Mid)
        bottom = self.rows[-1].top + self.rows[-1].height if self.rows else float(self.height())
        shade = QColor(grid)
        shade.setAlpha(40)
        if self.schedule is not None and self.schedule.opening is not None:
            opens, closes = (self.x_of(self.minute_of(t)) for t in self.schedule.opening)
            painter.fillRect(QRectF(NAME_WIDTH, HEADER_HEIGHT, opens - NAME_WIDTH, bottom - HEADER_HEIGHT), shade)
            painter.fillRect(QRectF(closes, HEADER_HEIGHT, self.width() - closes, bottom - HEADER_HEIGHT), shade)
        elif self.schedule is not None:  # closed all day
            painter.fillRect(QRectF(NAME_WIDTH, HEADER_HEIGHT, self.width() - NAME_WIDTH, bottom - HEADER_HEIGHT), shade)
        for minute in range(self.first_minute, self.last_minute + 1, 60):
            x = self.x_of(minute)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, HEADER_HEIGHT - 4), QPointF(x, bottom))
            painter.setPen(text)
            painter.drawText(QRectF(x + 3, 4, 60, HEADER_HEIGHT - 6), Qt.AlignmentFlag.AlignLeft,
                             f"{minute // 60:02d}:00")

    def _paint_now(self, painter: QPainter, palette: QPalette) -> None:
        """Today: a line where the day has got to, over the rows."""
        now = self.minute_of(datetime.now(UTC))
        if self.rows and self.first_minute <= now <= self.last_minute:
            painter.setPen(QPen(late_colour(palette), 2))
            painter.drawLine(QPointF(self.x_of(now), HEADER_HEIGHT - 4),
                             QPointF(self.x_of(now), self.rows[-1].top + self.rows[-1].height))

    def _paint_row(self, painter: QPainter, palette: QPalette, row: Row) -> None:
        grid = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(0, row.top), QPointF(self.width(), row.top))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        bold = painter.font()
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.drawText(QRectF(8, row.top + 4, NAME_WIDTH - 12, 18), Qt.AlignmentFlag.AlignLeft, row.title)
        painter.restore()
        painter.setPen(quiet_text(palette))
        painter.drawText(QRectF(8, row.top + 22, NAME_WIDTH - 12, 18), Qt.AlignmentFlag.AlignLeft, row.subtitle)
        for start, end, reason in row.time_off:
            self._paint_time_off(painter, palette, row, start, end, reason)
        metrics = QFontMetrics(painter.font())
        for index, job in enumerate(row.jobs):
            paint_block(painter, palette, metrics, self.block_rect(row, index), job,
                        dimmed=self.drag is not None and self.drag.job is job,
                        selected=job.appointment_id == self.selected and self.hasFocus())

    def _paint_time_off(self, painter: QPainter, palette: QPalette, row: Row, start: datetime, end: datetime,
                        reason: str) -> None:
        left = max(float(NAME_WIDTH), self.x_of(self.minute_of(start)))
        right = min(float(self.width()), self.x_of(self.minute_of(end)))
        if right <= left:
            return
        rect = QRectF(left, row.top + 1, right - left, row.height - 2)
        colour = QColor(palette.color(QPalette.ColorRole.Text))
        colour.setAlpha(70)
        painter.fillRect(rect, QBrush(colour, Qt.BrushStyle.BDiagPattern))
        painter.setPen(quiet_text(palette))
        painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(painter.font()).elidedText(reason, Qt.TextElideMode.ElideRight,
                                                                 int(rect.width()) - 8))

    def _paint_ghost(self, painter: QPainter, drag: Drag) -> None:
        left = self.x_of(drag.start_minutes)
        width = drag.minutes * self.per_minute()
        rect = QRectF(left, drag.target_row.top + ROW_PADDING, width, drag.target_row.height - 2 * ROW_PADDING)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        start = self.instant_at(drag.start_minutes).astimezone()
        painter.drawText(rect.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         f"{start:%H:%M} · {drag.minutes} min")
