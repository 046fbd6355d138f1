"""The numbers, labels and colours the workload charts draw, as one QObject the QML binds to.

Python decides everything here (values, axis ranges, which labels to print,
colours from the system palette); ``WorkloadCharts.qml`` only declares how it
looks. ``changed`` fires only when a value really changed, so a refresh that
finds nothing new does not repaint the charts, and tests read the values back
from the same properties the QML reads.
"""

from datetime import date

from PySide6.QtCore import Property, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from ...domain.statuses import CallbackStatus, Priority
from ...store import DayLoad, Efficiency, OnTimeReport, PeriodReport, WorkloadReport
from ..widgets.badges import BADGE_COLOURS
from .analytics_values import ANALYTICS_COLOURS, EMPTY, estimate_values, on_time_values
from .chart_axes import chart_names, completion_bars, nice_axis

#: Series colours; each reads on both light and dark backgrounds. Callback statuses reuse the badges' colours.
COLOURS = {"active": "#2563eb", "full": "#dc2626", "capacity": "#d97706", "appointments": "#2563eb",
           "callbacks": "#0d9488", "average": "#7c3aed"}


def _exposed(name: str, kind: str, notify: Signal) -> Property:
    return Property(kind, lambda self: self._values[name], notify=notify)


class ChartData(QObject):
    changed = Signal()

    # Right now (from the workload report)
    technicianNames = _exposed("technicianNames", "QVariantList", changed)
    activeJobs = _exposed("activeJobs", "QVariantList", changed)  # technicians with room
    fullJobs = _exposed("fullJobs", "QVariantList", changed)  # technicians at their capacity
    capacity = _exposed("capacity", int, changed)
    loadAxisMax = _exposed("loadAxisMax", float, changed)
    # The period (from the period report)
    periodText = _exposed("periodText", str, changed)
    completedTitle = _exposed("completedTitle", str, changed)
    completedLabels = _exposed("completedLabels", "QVariantList", changed)
    completedShownLabels = _exposed("completedShownLabels", "QVariantList", changed)
    completedAppointments = _exposed("completedAppointments", "QVariantList", changed)
    completedCallbacks = _exposed("completedCallbacks", "QVariantList", changed)
    completedTotal = _exposed("completedTotal", int, changed)
    completedAxisMax = _exposed("completedAxisMax", float, changed)
    completedAxisStep = _exposed("completedAxisStep", float, changed)
    averageNames = _exposed("averageNames", "QVariantList", changed)
    averageHours = _exposed("averageHours", "QVariantList", changed)
    averageJobs = _exposed("averageJobs", int, changed)
    averageAxisMax = _exposed("averageAxisMax", float, changed)
    averageAxisStep = _exposed("averageAxisStep", float, changed)
    priorityLabels = _exposed("priorityLabels", "QVariantList", changed)
    callbackCounts = _exposed("callbackCounts", "QVariantMap", changed)  # status -> counts per priority
    callbackLegend = _exposed("callbackLegend", "QVariantList", changed)  # [{label, color}] by status
    callbackTotal = _exposed("callbackTotal", int, changed)
    callbackAxisMax = _exposed("callbackAxisMax", float, changed)
    callbackAxisStep = _exposed("callbackAxisStep", float, changed)
    # Estimates and deadlines (analytics_values.py: efficiency, the coming fortnight, callbacks on time)
    efficiencyNames = _exposed("efficiencyNames", "QVariantList", changed)
    efficiencyEstimated = _exposed("efficiencyEstimated", "QVariantList", changed)
    efficiencyTook = _exposed("efficiencyTook", "QVariantList", changed)
    efficiencyJobs = _exposed("efficiencyJobs", int, changed)
    efficiencyTeam = _exposed("efficiencyTeam", str, changed)
    efficiencyAxisMax = _exposed("efficiencyAxisMax", float, changed)
    efficiencyAxisStep = _exposed("efficiencyAxisStep", float, changed)
    fortnightLabels = _exposed("fortnightLabels", "QVariantList", changed)
    fortnightShownLabels = _exposed("fortnightShownLabels", "QVariantList", changed)
    fortnightBooked = _exposed("fortnightBooked", "QVariantList", changed)
    fortnightAvailable = _exposed("fortnightAvailable", "QVariantList", changed)
    fortnightEmpty = _exposed("fortnightEmpty", str, changed)
    fortnightSummary = _exposed("fortnightSummary", str, changed)
    fortnightAxisMax = _exposed("fortnightAxisMax", float, changed)
    fortnightAxisStep = _exposed("fortnightAxisStep", float, changed)
    onTimeTitle = _exposed("onTimeTitle", str, changed)
    onTimeLabels = _exposed("onTimeLabels", "QVariantList", changed)
    onTimeShownLabels = _exposed("onTimeShownLabels", "QVariantList", changed)
    onTimeRespond = _exposed("onTimeRespond", "QVariantList", changed)
    onTimeResolve = _exposed("onTimeResolve", "QVariantList", changed)
    onTimeSettled = _exposed("onTimeSettled", int, changed)
    onTimeSummary = _exposed("onTimeSummary", str, changed)
    onTimeNames = _exposed("onTimeNames", "QVariantList", changed)
    onTimeTechRespond = _exposed("onTimeTechRespond", "QVariantList", changed)
    onTimeTechResolve = _exposed("onTimeTechResolve", "QVariantList", changed)
    # Colours: the system palette, and the fixed series colours
    dark = _exposed("dark", bool, changed)
    textColor = _exposed("textColor", QColor, changed)
    mutedTextColor = _exposed("mutedTextColor", QColor, changed)
    backgroundColor = _exposed("backgroundColor", QColor, changed)
    panelColor = _exposed("panelColor", QColor, changed)
    borderColor = _exposed("borderColor", QColor, changed)
    gridColor = _exposed("gridColor", QColor, changed)
    colors = _exposed("colors", "QVariantMap", changed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values: dict = {
            "technicianNames": [], "activeJobs": [], "fullJobs": [], "capacity": 0, "loadAxisMax": 1.0,
            "periodText": "", "completedTitle": "Jobs completed", "completedLabels": [], "completedShownLabels": [],
            "completedAppointments": [], "completedCallbacks": [], "completedTotal": 0, "completedAxisMax": 1.0,
            "completedAxisStep": 1.0, "averageNames": [], "averageHours": [], "averageJobs": 0,
            "averageAxisMax": 1.0, "averageAxisStep": 1.0, "priorityLabels": [p.label for p in Priority],
            "callbackCounts": {s.value: [0] * len(Priority) for s in CallbackStatus},
            "callbackLegend": [{"label": s.label, "color": BADGE_COLOURS[s.value]} for s in CallbackStatus],
            "callbackTotal": 0, "callbackAxisMax": 1.0, "callbackAxisStep": 1.0,
            "colors": {**COLOURS, **ANALYTICS_COLOURS, **{s.value: BADGE_COLOURS[s.value] for s in CallbackStatus}},
            **EMPTY,
        }
        self.show_palette(QGuiApplication.palette(), is_dark(QGuiApplication.palette()))

    def value(self, name: str):
        """What the QML sees under ``name``: for tests and for the PDF report."""
        return self._values[name]

    def _update(self, **values) -> None:
        fresh = {**self._values, **values}
        if fresh != self._values:
            self._values = fresh
            self.changed.emit()

    def show_now(self, report: WorkloadReport) -> None:
        loads = report.workload.technicians
        capacity = max((t.capacity for t in loads), default=0)
        self._update(technicianNames=chart_names([t.name for t in loads]),
                     activeJobs=[0 if not t.is_available else t.active_jobs for t in loads],
                     fullJobs=[t.active_jobs if not t.is_available else 0 for t in loads],
                     capacity=capacity,
                     loadAxisMax=float(max([capacity, *(t.active_jobs for t in loads)]) + 1))

    def show_period(self, report: PeriodReport, period_name: str) -> None:
        bars = completion_bars(report.completed_per_day)
        tallest = max((a + c for a, c in zip(bars.appointments, bars.callbacks)), default=0)
        completed_max, completed_step = nice_axis(tallest)
        hours = [round(a.average_work.total_seconds() / 3600, 1) if a.average_work else 0.0
                 for a in report.average_work]
        average_max, average_step = nice_axis(max(hours, default=0.0) * 1.15, whole=False)  # room for bar labels
        counts = {s.value: [report.callbacks_with(p, s) for p in Priority] for s in CallbackStatus}
        tallest_priority = max((sum(column) for column in zip(*counts.values())), default=0)
        callback_max, callback_step = nice_axis(tallest_priority)
        self._update(periodText=f"{period_name}: {period_span(report.first_day, report.last_day)}",
                     completedTitle=f"Jobs completed per {bars.unit}", completedLabels=bars.labels,
                     completedShownLabels=bars.shown_labels, completedAppointments=bars.appointments,
                     completedCallbacks=bars.callbacks, completedTotal=sum(bars.appointments) + sum(bars.callbacks),
                     completedAxisMax=completed_max, completedAxisStep=completed_step,
                     averageNames=chart_names([a.name for a in report.average_work]), averageHours=hours,
                     averageJobs=sum(a.jobs for a in report.average_work),
                     averageAxisMax=average_max, averageAxisStep=average_step,
                     callbackCounts=counts, callbackTotal=sum(c.count for c in report.callbacks),
                     callbackAxisMax=callback_max, callbackAxisStep=callback_step)

    def show_estimates(self, efficiency: list[Efficiency], fortnight: list[DayLoad]) -> None:
        self._update(**estimate_values(efficiency, fortnight))

    def show_on_time(self, report: OnTimeReport) -> None:
        self._update(**on_time_values(report))

    def show_palette(self, palette: QPalette, dark: bool) -> None:
        self.palette_source = palette, dark
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        self._update(dark=dark, textColor=text, mutedTextColor=palette.color(QPalette.ColorRole.PlaceholderText),
                     backgroundColor=window, panelColor=palette.color(QPalette.ColorRole.Base),
                     borderColor=palette.color(QPalette.ColorRole.Mid), gridColor=_blend(text, window, 0.15))


def paper_palette() -> QPalette:
    """Dark ink on white: how the charts print, whatever the screen's colour scheme."""
    palette = QPalette(QColor("white"))
    for role, colour in ((QPalette.ColorRole.WindowText, "#111827"), (QPalette.ColorRole.Text, "#111827"),
                         (QPalette.ColorRole.Base, "white"), (QPalette.ColorRole.Mid, "#d1d5db"),
                         (QPalette.ColorRole.PlaceholderText, "#6b7280")):
        palette.setColor(role, QColor(colour))
    return palette


def is_dark(palette: QPalette) -> bool:
    """The system's colour scheme when it says; otherwise judge by the window colour."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def period_span(first: date, last: date) -> str:
    """``24 Nov 2026``, ``23 – 29 Nov 2026`` or ``27 Oct – 25 Nov 2026``."""
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def _blend(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(*(x * amount + y * (1 - amount) for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3])))
