"""The style of the dark scheme: Qt's Fusion, with the edges of check boxes and radio buttons drawn visibly.

Fusion draws an indicator's edge in the window colour darkened, which on a dark
window is near-black on near-black: an unticked "Active" or "Sunday" box could
not be seen at all. Here the edge is drawn over again in the palette's
placeholder-text grey (#8d939c on #1b1d21, a contrast of 6:1; dimmer when
disabled), in this one place for every dialog.
"""

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

_BOXES = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)


class DarkStyle(QProxyStyle):
    """Fusion for the dark palette (see the module's text)."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        round_ = element == QStyle.PrimitiveElement.PE_IndicatorRadioButton
        if element not in _BOXES and not round_:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, round_)
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        edge = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if round_:
            painter.drawEllipse(edge)
        else:
            painter.drawRect(edge)
        painter.restore()
