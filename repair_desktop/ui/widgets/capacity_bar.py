"""A cell that reads "2/3" over a bar filled to the technician's share of their capacity.

Green while there is room, amber on the last free slot, red when fully booked:
the manager sees who is free without reading numbers.
"""

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Role under which a model gives a cell's ``(active jobs, capacity)`` for the bar.
LOAD_ROLE = Qt.ItemDataRole.UserRole + 2
ROOM, LAST_SLOT, FULL = QColor("#16a34a"), QColor("#d97706"), QColor("#dc2626")


def load_colour(active: int, capacity: int) -> QColor:
    if active >= capacity:
        return FULL
    return LAST_SLOT if active == capacity - 1 else ROOM


class CapacityBarDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        load = index.data(LOAD_ROLE)
        if load is None:
            super().paint(painter, option, index)
            return
        active, capacity = load
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        text_colour = option.palette.color(QPalette.ColorRole.HighlightedText if option.state
                                           & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text)
        paint_bar(painter, QRectF(option.rect).adjusted(6, 5, -6, -5), active, capacity,
                  option.palette.color(QPalette.ColorRole.Mid), text_colour, index.data() or "")


def paint_bar(painter: QPainter, rect: QRectF, active: int, capacity: int, track: QColor, text_colour: QColor,
              text: str) -> None:
    """The bar itself; the PDF report paints the same one."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    faint = QColor(track)
    faint.setAlphaF(0.35)
    painter.setBrush(faint)
    radius = rect.height() / 3
    painter.drawRoundedRect(rect, radius, radius)
    share = min(1.0, active / capacity) if capacity else 1.0
    if share > 0:
        painter.setBrush(load_colour(active, capacity))
        painter.drawRoundedRect(QRectF(rect.x(), rect.y(), rect.width() * share, rect.height()), radius, radius)
    painter.setPen(text_colour if share < 0.5 else QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
