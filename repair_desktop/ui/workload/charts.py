"""The workload charts: ``WorkloadCharts.qml`` and ``AnalyticsCharts.qml`` (Qt Graphs), each in a QQuickWidget
on a page of ``ChartPages``, both fed by one ``ChartData``.

Each view counts rendered frames so a caller (the screenshot, the PDF export, a test)
can wait for pixels that show the latest data instead of sleeping.
"""

import logging
from pathlib import Path

from PySide6.QtCore import QSize, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QTabWidget, QWidget

from .chart_data import ChartData, paper_palette
from ..shell.resources import resource_path

log = logging.getLogger("repair_desktop")

QML = resource_path("qml", "WorkloadCharts.qml")
ANALYTICS_QML = resource_path("qml", "AnalyticsCharts.qml")


class WorkloadCharts(QQuickWidget):
    #: A frame was drawn.
    rendered = Signal()

    def __init__(self, data: ChartData, parent: QWidget | None = None, source: Path = QML) -> None:
        super().__init__(parent)
        self.data = data
        self.frames = 0
        self._stale = True  # the data changed since the last frame
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setMinimumSize(480, 300)
        self.setAccessibleName("Workload charts")
        self.setInitialProperties({"chartData": data})
        self.setSource(QUrl.fromLocalFile(str(source)))
        if self.status() != QQuickWidget.Status.Ready:  # e.g. Qt Graphs missing: the table still works
            log.error("The workload charts could not load: %s", "; ".join(e.toString() for e in self.errors()))
        data.changed.connect(self._data_changed)
        self.quickWindow().afterRendering.connect(self._frame_drawn)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The minimum size: the QML's implicit size follows its longest label (a technician's name), and the
        window must not."""
        return self.minimumSize()

    def is_ready(self) -> bool:
        """Loaded, and a frame showing the latest data has been drawn."""
        return self.status() == QQuickWidget.Status.Ready and self.frames > 0 and not self._stale

    def paper_image(self) -> QImage:
        """The charts in print colours, drawn right now (grabFramebuffer renders what changed before it grabs)."""
        on_screen = self.data.palette_source
        self.data.show_palette(paper_palette(), dark=False)
        try:
            return self.grabFramebuffer()
        finally:
            self.data.show_palette(*on_screen)

    def _data_changed(self) -> None:
        self._stale = True

    def _frame_drawn(self) -> None:
        self.frames += 1
        self._stale = False
        self.rendered.emit()


class ChartPages(QTabWidget):
    """The throughput charts and the estimates and deadline charts, as two pages over one ``ChartData``."""

    def __init__(self, data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartPages")
        self.throughput = WorkloadCharts(data)
        self.analytics = WorkloadCharts(data, source=ANALYTICS_QML)
        self.analytics.setAccessibleName("Estimates and deadline charts")
        self.addTab(self.throughput, "&Throughput")
        self.addTab(self.analytics, "&Estimates and deadlines")
        # A child of this widget, after its page stack: destroyed after the QML that binds to it, never before.
        data.setParent(self)
        self.data = data

    def is_ready(self) -> bool:
        """The page on show has drawn the latest data (a hidden page draws when it is shown)."""
        return self.currentWidget().is_ready()

    def paper_image(self, page: WorkloadCharts) -> QImage:
        """A page's charts in print colours, at the size of the page on show. A hidden page is brought up for
        the moment of drawing (nothing is painted on screen in between): a page never shown has not been laid
        out, and would print at its minimum size."""
        shown = self.currentWidget()
        self.setCurrentWidget(page)
        try:
            return page.paper_image()
        finally:
            self.setCurrentWidget(shown)
