"""In the dark scheme an unticked check box and radio button show their edge: Fusion alone draws it near-black on
the dark window, where it can't be seen."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleFactory, QStyleOptionButton

from repair_desktop.ui.shell.dark_style import DarkStyle
from repair_desktop.ui.shell.theme import dark_palette

P = QStyle.PrimitiveElement


def brightest_edge(style: QStyle, element: QStyle.PrimitiveElement) -> int:
    """How much lighter than the window the lightest pixel of an unticked, enabled indicator is."""
    palette = dark_palette()
    window = palette.color(QPalette.ColorRole.Window)
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(window)
    option = QStyleOptionButton()
    option.rect, option.palette = QRect(2, 2, 16, 16), palette
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    painter = QPainter(image)
    style.drawPrimitive(element, option, painter)
    painter.end()
    return max(QColor(image.pixel(x, y)).lightness() for x in range(24) for y in range(24)) - window.lightness()


@pytest.mark.parametrize("element", [P.PE_IndicatorCheckBox, P.PE_IndicatorRadioButton,
                                     P.PE_IndicatorItemViewItemCheck])
def test_an_unticked_indicator_stands_out_from_the_dark_window(qapp, element):
    assert brightest_edge(DarkStyle(), element) >= 60
    assert brightest_edge(QStyleFactory.create("Fusion"), element) < 60  # what it fixes

