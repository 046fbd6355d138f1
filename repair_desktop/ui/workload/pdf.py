"""The workload report on A4: headline numbers, the charts as drawn, and the technician table on the first page;
each further page (the estimates and deadline charts) a heading, its charts and its tables side by side.

Tables are painted as text, not as screenshots, so they stay sharp when printed.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QLineF, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from ..widgets.capacity_bar import LOAD_ROLE, paint_bar
from .model import WorkloadModel

_DPI = 300
_INK, _MUTED, _RULE, _CARD = QColor("#111827"), QColor("#6b7280"), QColor("#d1d5db"), QColor("#f3f4f6")
#: Relative widths of the technician table's columns on paper.
_COLUMN_WEIGHTS = (2.4, 1.6, 1.0, 1.0, 1.0, 1.2, 2.2)


@dataclass(frozen=True)
class PdfPage:
    """A further page of the report: its heading, a picture of its charts, and its tables side by side."""

    title: str
    charts: QImage
    tables: Sequence[QAbstractItemModel]


def write_pdf(path: str, title: str, subtitle: str, cards: Mapping[str, str], charts: QImage,
              model: WorkloadModel, pages: Sequence[PdfPage] = ()) -> None:
    writer = QPdfWriter(path)
    writer.setResolution(_DPI)
    writer.setTitle(title)
    writer.setCreator("Repair Desktop")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"Could not write {path}; check the folder exists and you may save there.")
    try:
        page = QRectF(painter.viewport())
        mm = _DPI / 25.4
        top = _heading(painter, page, title, subtitle)
        top = _cards(painter, QRectF(page.left(), top + 3 * mm, page.width(), 15 * mm), cards) + 4 * mm
        table_height = min(8 * mm * (model.rowCount() + 1), page.height() * 0.4)
        top = _image(painter, QRectF(page.left(), top, page.width(), page.bottom() - top - table_height - 5 * mm),
                     charts) + 5 * mm
        _table(painter, QRectF(page.left(), top, page.width(), table_height), model)
        for more in pages:
            writer.newPage()
            _page(painter, page, more, subtitle)
    finally:
        painter.end()


def _page(painter: QPainter, page: QRectF, content: PdfPage, subtitle: str) -> None:
    mm = _DPI / 25.4
    top = _heading(painter, page, content.title, subtitle) + 4 * mm
    rows = max((m.rowCount() for m in content.tables), default=0) + 1
    table_height = min(8 * mm * rows, page.height() * 0.4)
    top = _image(painter, QRectF(page.left(), top, page.width(), page.bottom() - top - table_height - 5 * mm),
                 content.charts) + 5 * mm
    gap = 6 * mm
    width = (page.width() - gap * (len(content.tables) - 1)) / max(1, len(content.tables))
    for n, table in enumerate(content.tables):
        height = table_height * (table.rowCount() + 1) / rows
        _table(painter, QRectF(page.left() + n * (width + gap), top, width, height), table,
               (2.0, *[1.0] * (table.columnCount() - 1)))


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _heading(painter: QPainter, page: QRectF, title: str, subtitle: str) -> float:
    painter.setFont(_font(16, bold=True))
    painter.setPen(_INK)
    title_height = QFontMetricsF(painter.font(), painter.device()).height()
    painter.drawText(QRectF(page.left(), page.top(), page.width(), title_height), Qt.AlignmentFlag.AlignLeft, title)
    painter.setFont(_font(9))
    painter.setPen(_MUTED)
    sub_height = QFontMetricsF(painter.font(), painter.device()).height()
    painter.drawText(QRectF(page.left(), page.top() + title_height, page.width(), sub_height),
                     Qt.AlignmentFlag.AlignLeft, subtitle)
    return page.top() + title_height + sub_height


def _cards(painter: QPainter, area: QRectF, cards: Mapping[str, str]) -> float:
    gap = area.height() * 0.25
    width = (area.width() - gap * (len(cards) - 1)) / max(1, len(cards))
    for number, (label, value) in enumerate(cards.items()):
        box = QRectF(area.left() + number * (width + gap), area.top(), width, area.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_CARD)
        painter.drawRoundedRect(box, gap / 2, gap / 2)
        inner = box.adjusted(gap / 2, gap / 4, -gap / 2, -gap / 4)
        painter.setPen(_MUTED)
        painter.setFont(_font(8))
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
        painter.setPen(_INK)
        painter.setFont(_font(15, bold=True))
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, value)
    return area.bottom()


def _image(painter: QPainter, area: QRectF, image: QImage) -> float:
    """Draw ``image`` as large as fits, centred across ``area``; returns where it ends."""
    if image.isNull() or area.height() <= 0:
        return area.top()
    scale = min(area.width() / image.width(), area.height() / image.height())
    size = image.size().toSizeF() * scale
    target = QRectF(area.left() + (area.width() - size.width()) / 2, area.top(), size.width(), size.height())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)
    return target.bottom()


def _table(painter: QPainter, area: QRectF, model: QAbstractItemModel,
           weights: Sequence[float] = _COLUMN_WEIGHTS) -> None:
    rows = model.rowCount() + 1
    height = area.height() / rows
    total = sum(weights)
    widths = [area.width() * w / total for w in weights]
    font_points = min(9.0, height / (_DPI / 72) * 0.55)
    for row in range(rows):
        y = area.top() + row * height
        x = area.left()
        painter.setFont(_font(font_points, bold=row == 0))
        for column, width in enumerate(widths):
            cell = QRectF(x, y, width, height)
            x += width
            text_box = cell.adjusted(height * 0.2, 0, -height * 0.2, 0)
            align = Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignLeft if column == 0
                                                     else Qt.AlignmentFlag.AlignHCenter)
            if row == 0:
                painter.setPen(_INK)
                painter.drawText(text_box, align | Qt.TextFlag.TextWordWrap,
                                 model.headerData(column, Qt.Orientation.Horizontal))
                continue
            index = model.index(row - 1, column)
            load = index.data(LOAD_ROLE)
            if load is not None:
                bar = QRectF(text_box.left(), cell.top() + height * 0.2, text_box.width(), height * 0.6)
                paint_bar(painter, bar, *load, _RULE, _INK, index.data())
                continue
            painter.setPen(_INK)
            painter.drawText(text_box, align, index.data())
        painter.setPen(_RULE)
        painter.drawLine(QLineF(area.left(), y + height, area.right(), y + height))
