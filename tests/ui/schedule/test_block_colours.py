"""Every block of the day view is readable, light and dark: the text painted on each status colour, the late tag,
the late ring and the now line against the background, the second lines of a row (WCAG 2 contrast)."""

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyleFactory

from repair_desktop.domain.statuses import AppointmentStatus
from repair_desktop.store import PlannedJob
from repair_desktop.ui.schedule.block_style import (LATE_TAG, LATE_TAG_TEXT, block_colours, late_colour,
                                                    paint_block, quiet_text)
from repair_desktop.ui.shell.theme import dark_palette
from support.colour_vision import contrast

#: WCAG 2 AA for normal text; the late ring is a mark, but it is also the appointments list's text colour.
READABLE = 4.5


@pytest.fixture(params=["light", "dark"])
def palette(request, qapp) -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette() if request.param == "light" else dark_palette()


def job(status: AppointmentStatus, late: bool = False) -> PlannedJob:
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    return PlannedJob(1, 2, start, 90, status, "Mwangi Kamau", "Ford Focus (KBX 123A)", "Brakes squeal", None,
                      late, 1)


def painted_colours(palette: QPalette, planned: PlannedJob, inside: bool = False) -> set[str]:
    """The colours of the pixels a block is painted with, on the palette's background (``inside``: only those
    within the block, away from its edge)."""
    image = QImage(360, 60, QImage.Format.Format_RGB32)
    image.fill(palette.color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_block(painter, palette, QFontMetrics(painter.font()), QRectF(10, 8, 340, 44), planned)
    painter.end()
    xs, ys = (range(16, 344), range(12, 48)) if inside else (range(image.width()), range(image.height()))
    return {image.pixelColor(x, y).name() for x in xs for y in ys}


@pytest.mark.parametrize("status", list(AppointmentStatus))
def test_the_text_on_every_status_colour_reads(palette, status):
    fill, text = block_colours(status)
    assert contrast(fill, text) >= READABLE
    colours = painted_colours(palette, job(status), inside=True)
    assert {fill, text} <= colours  # the block is painted in these two, its letters' cores in the text colour
    assert max(colours, key=lambda c: contrast(fill, c)) == text  # the rest is the letters' anti-aliased edges


def test_light_statuses_get_dark_text_and_dark_ones_white():
    assert block_colours(AppointmentStatus.ASSIGNED)[1] != "#ffffff"  # light cyan
    assert block_colours(AppointmentStatus.COMPLETED)[1] != "#ffffff"  # light green
    assert block_colours(AppointmentStatus.SCHEDULED)[1] == "#ffffff"  # dark blue
    assert block_colours(AppointmentStatus.IN_PROGRESS)[1] == "#ffffff"  # purple


@pytest.mark.parametrize("status", list(AppointmentStatus))
def test_a_late_block_has_a_readable_tag_and_a_ring_that_stands_out(palette, status):
    assert contrast(LATE_TAG, LATE_TAG_TEXT) >= READABLE
    ring = late_colour(palette).name()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):  # technicians' rows, the unplanned lane
        assert contrast(ring, palette.color(role).name()) >= READABLE
    colours = painted_colours(palette, job(status, late=True))
    assert {ring, LATE_TAG, LATE_TAG_TEXT, *block_colours(status)} <= colours


def test_second_lines_read_on_the_background(palette):
    quiet = quiet_text(palette).name()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
        assert contrast(quiet, palette.color(role).name()) >= READABLE


def test_the_two_schemes_differ_where_they_must():
    light = QStyleFactory.create("Fusion").standardPalette()
    assert late_colour(light) != late_colour(dark_palette())
    assert QColor(quiet_text(light)).lightness() < 128 < QColor(quiet_text(dark_palette())).lightness()


def test_a_block_too_narrow_for_the_tag_still_has_its_ring(qapp):
    palette = QStyleFactory.create("Fusion").standardPalette()
    image = QImage(40, 60, QImage.Format.Format_RGB32)
    image.fill(palette.color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    paint_block(painter, palette, QFontMetrics(painter.font()), QRectF(4, 8, 30, 44),
                job(AppointmentStatus.SCHEDULED, late=True))
    painter.end()
    found = {image.pixelColor(x, y).name() for x in range(40) for y in range(60)}
    assert late_colour(palette).name() in found and LATE_TAG not in found
