"""Coloured status and priority badges, painted by a delegate so the model stays plain data."""

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Badge colours; white text on each stays readable in light and dark palettes.
BADGE_COLOURS = {
    "scheduled": "#2563eb", "assigned": "#4f46e5", "in_progress": "#b45309", "completed": "#15803d",
    "cancelled": "#6b7280", "pending": "#2563eb", "open": "#4f46e5", "resolved": "#15803d", "closed": "#475569",
    "urgent": "#dc2626", "high": "#ea580c", "medium": "#a16207", "low": "#16a34a",
    # maintenance contracts ("cancelled" above serves them too)
    "active": "#15803d", "expiring": "#b45309", "expired": "#475569", "upcoming": "#2563eb",
}

#: Role under which a model gives the badge's key ("in_progress", "urgent").
BADGE_ROLE = Qt.ItemDataRole.UserRole + 1


class BadgeDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        key = index.data(BADGE_ROLE)
        if key not in BADGE_COLOURS:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 16, option.rect.width() - 6)
        height = metrics.height() + 4
        rect = QRectF(option.rect.x() + 4, option.rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(BADGE_COLOURS[key]))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
