"""Coloured status and priority badges, painted by a delegate so the model stays plain data."""

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

# The palette, chosen by computation (docs/decisions.md, "Colours"): every pair of badges that can share a list
# (an appointment's statuses; a callback's statuses and priorities; a contract's states) stays at least 15 CIEDE2000
# apart for normal vision and simulated protanopia, deuteranopia and tritanopia, and the badge's text is at least
# 4.5:1 on it. Lightness carries much of the difference (it survives every deficiency), so some badges are light
# with dark text and some dark with white text. One meaning, one colour: waiting, taken, in progress, done.
_WAITING, _TAKEN, _IN_PROGRESS, _DONE = "#084880", "#a0f0e8", "#a028ff", "#d8e8a8"
_CLOSED, _CANCELLED = "#707080", "#a8a098"
_URGENT, _HIGH, _MEDIUM, _LOW = "#c84050", "#703800", "#d89800", "#98a0d0"

#: Badge background by key (statuses, priorities, contract states).
BADGE_COLOURS = {
    "scheduled": _WAITING, "assigned": _TAKEN, "in_progress": _IN_PROGRESS, "completed": _DONE,
    "cancelled": _CANCELLED, "pending": _WAITING, "open": _TAKEN, "resolved": _DONE, "closed": _CLOSED,
    "urgent": _URGENT, "high": _HIGH, "medium": _MEDIUM, "low": _LOW,
    # maintenance contracts ("cancelled" above serves them too)
    "active": _DONE, "expiring": _HIGH, "expired": _CLOSED, "upcoming": _WAITING,
    # callback deadlines: amber in the last quarter of a target, red once it has passed. The badge's own words
    # ("At risk · …", "Late · …") say it too: no colour this far from all ten callback badges exists for every
    # vision, so these two are not in the palette's distance check. They have their own
    # (test_deadline_colours.py): apart from each other and from the list behind them (an on-time deadline
    # has no badge), at least 3:1 against light and dark lists, for every vision. The red is the
    # schedule's "late" red; a darker one (#b01818) faded into dark lists (2.0:1).
    "at_risk": "#f0c000", "late": "#dc2626",
}
#: Text on a light badge; white on a dark one.
DARK_TEXT = "#111827"
_DARK_TEXT_PLUS_FLARE = 0.0592  # DARK_TEXT's relative luminance + 0.05, as WCAG's contrast ratio adds it
#: Priorities are drawn as tags with square corners, statuses as round pills: a second cue besides colour.
TAG_KEYS = frozenset({"urgent", "high", "medium", "low"})


def badge_text_colour(background: str) -> str:
    """White or ``DARK_TEXT``, whichever reads better on ``background`` (WCAG relative luminance)."""
    channels = [int(background[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / _DARK_TEXT_PLUS_FLARE else DARK_TEXT


_TEXT = {key: QColor(badge_text_colour(colour)) for key, colour in BADGE_COLOURS.items()}
_FILL = {key: QColor(colour) for key, colour in BADGE_COLOURS.items()}
_EDGE = {key: colour.darker(140) for key, colour in _FILL.items()}  # keeps a light badge visible on white

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
        rect = QRectF(option.rect.x() + 4.5, option.rect.center().y() - height / 2 + 1.5, width, height)
        radius = 3 if key in TAG_KEYS else height / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(_EDGE[key])
        painter.setBrush(_FILL[key])
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(_TEXT[key])
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
