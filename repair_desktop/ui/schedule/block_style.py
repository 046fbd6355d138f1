"""How a job's block is painted: its status colour, text that reads on it, and the late mark, light or dark.

The status colours are the badges' (one meaning, one colour across the window); the text on a block is white or
near-black by the fill's luminance (``badge_text_colour``), so the light statuses (assigned, completed) carry
dark text and the dark ones white, at least 4.5:1 either way. Late is a red ring around the block and a red
"LATE" tag with white text: the ring's red is chosen per scheme so that it stands out from the view's background
(over 5:1 on the light and the dark palette), the tag's text reads on the tag whatever the block's colour.
"""

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen

from ...store import PlannedJob
from ..widgets.badges import BADGE_COLOURS, badge_text_colour

#: The ring round a late block and the line at the current time: on a light background, and on a dark one.
LATE_ON_LIGHT, LATE_ON_DARK = "#b91c1c", "#f87171"
#: The "LATE" tag: the late callback badge's red, with its text colour.
LATE_TAG = BADGE_COLOURS["late"]
LATE_TAG_TEXT = badge_text_colour(LATE_TAG)
#: A block whose status has no badge colour (none today; a new status would get this blue).
OTHER = "#2563eb"
#: Fill and text per status, worked out once: a busy day paints a few hundred blocks.
_COLOURS = {status: (QColor(fill), QColor(badge_text_colour(fill))) for status, fill in BADGE_COLOURS.items()}


def block_colours(status: str) -> tuple[str, str]:
    """The fill and the text colour (``#rrggbb``) of a block of this status."""
    fill = BADGE_COLOURS.get(status, OTHER)
    return fill, badge_text_colour(fill)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def late_colour(palette: QPalette) -> QColor:
    """The late red that stands out from ``palette``'s background."""
    return QColor(LATE_ON_DARK if is_dark(palette) else LATE_ON_LIGHT)


def quiet_text(palette: QPalette) -> QColor:
    """Text for second lines (a row's booked hours, time off's reason): the text colour three-quarters over the
    background. The palette's placeholder colour is only 3.9:1 on Fusion's white; this is 10:1 there, 8:1 dark."""
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor.fromRgbF(*(0.75 * t + 0.25 * b for t, b in zip(text.getRgbF()[:3], base.getRgbF()[:3])))


def paint_block(painter: QPainter, palette: QPalette, metrics: QFontMetrics, rect: QRectF, job: PlannedJob, *,
                dimmed: bool = False, selected: bool = False) -> None:
    """The block: rounded, in the status colour; the customer and vehicle on top, times and concern below.
    ``metrics``: the painter's font's (made once per paint, not per block)."""
    colour, text = _COLOURS.get(job.status) or (QColor(OTHER), QColor(badge_text_colour(OTHER)))
    if dimmed:
        colour = QColor(colour)
        colour.setAlpha(90)
    painter.setPen(QPen(late_colour(palette), 3) if job.late else Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
    if selected:  # the keyboard's block: a ring in the selection colour just outside it
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.SolidLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 6, 6)
    inner = rect.adjusted(6, 3, -6, -3)
    if job.late:
        inner.setLeft(inner.left() + _paint_late_tag(painter, metrics, inner) + 4)
    painter.setPen(text)
    first = f"{job.customer_name} · {job.vehicle}"
    painter.drawText(inner, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                     metrics.elidedText(first, Qt.TextElideMode.ElideRight, int(inner.width())))
    inner.setLeft(rect.left() + 6)
    second = f"{job.starts_at.astimezone():%H:%M}–{job.ends_at.astimezone():%H:%M}  {job.concern}"
    painter.drawText(inner, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                     metrics.elidedText(" ".join(second.split()), Qt.TextElideMode.ElideRight, int(inner.width())))


def _paint_late_tag(painter: QPainter, metrics: QFontMetrics, inner: QRectF) -> float:
    """The "LATE" tag at the top left of ``inner``; returns its width (0 when the block is too narrow for it)."""
    width = metrics.horizontalAdvance("LATE") + 8
    if width > inner.width() / 2:
        return 0.0
    tag = QRectF(inner.left(), inner.top(), width, metrics.height())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(LATE_TAG))
    painter.drawRoundedRect(tag, 3, 3)
    painter.setPen(QColor(LATE_TAG_TEXT))
    painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, "LATE")
    return width
