"""Light or dark: the window follows the system's colour scheme (Qt's ``styleHints().colorScheme()``).

``REPAIR_DESKTOP_COLOR_SCHEME=dark`` (or ``light``) asks for a scheme instead of the
system's, for screenshots and for people who want one. Platform styles that do not
draw a dark scheme themselves get Qt's Fusion style with a dark palette.
"""

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from .dark_style import DarkStyle

ENV = "REPAIR_DESKTOP_COLOR_SCHEME"
SCHEMES = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}


#: The scheme asked for with REPAIR_DESKTOP_COLOR_SCHEME (None: the system's).
wanted: Qt.ColorScheme | None = None


def follow_color_scheme(app: QApplication) -> None:
    """Apply the wanted scheme now and whenever the system's changes."""
    global wanted
    wanted = SCHEMES.get(os.environ.get(ENV, "").strip().lower())
    if wanted is not None:
        app.styleHints().setColorScheme(wanted)
    if app.property("repairDesktopPlatformStyle") is None:  # the first call: remember, and follow changes
        app.setProperty("repairDesktopPlatformStyle", app.style().name())
        app.styleHints().colorSchemeChanged.connect(_scheme_changed)
    _apply(app, wanted)


def _scheme_changed(*_) -> None:
    if (app := QApplication.instance()) is not None:
        _apply(app, wanted)


def scheme_is_dark(app: QGuiApplication | None = None) -> bool:
    app = app or QGuiApplication.instance()
    scheme = app.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _apply(app: QApplication, wanted) -> None:
    dark = wanted == Qt.ColorScheme.Dark if wanted is not None else scheme_is_dark(app)
    ours = bool(app.property("repairDesktopDarkPalette"))
    if dark and (ours or app.palette().color(QPalette.ColorRole.Window).lightness() >= 128):
        app.setStyle(DarkStyle())   # the platform's style did not go dark: Fusion does
        app.setPalette(dark_palette())
        app.setProperty("repairDesktopDarkPalette", True)
    elif not dark and ours:
        app.setStyle(QStyleFactory.create(app.property("repairDesktopPlatformStyle") or "Fusion"))
        app.setPalette(app.style().standardPalette())
        app.setProperty("repairDesktopDarkPalette", False)


def dark_palette() -> QPalette:
    """A calm dark palette with enough contrast for text, links and selections (WCAG AA or better)."""
    p = QPalette()
    c = {  # role: (active/inactive, disabled)
        QPalette.ColorRole.Window: ("#23262b", "#23262b"),
        QPalette.ColorRole.WindowText: ("#e6e8eb", "#7d838c"),
        QPalette.ColorRole.Base: ("#1b1d21", "#1f2125"),
        QPalette.ColorRole.AlternateBase: ("#262a30", "#262a30"),
        QPalette.ColorRole.ToolTipBase: ("#30343a", "#30343a"),
        QPalette.ColorRole.ToolTipText: ("#e6e8eb", "#7d838c"),
        QPalette.ColorRole.PlaceholderText: ("#8d939c", "#60656d"),
        QPalette.ColorRole.Text: ("#e6e8eb", "#7d838c"),
        QPalette.ColorRole.Button: ("#2d3137", "#2a2d32"),
        QPalette.ColorRole.ButtonText: ("#e6e8eb", "#7d838c"),
        QPalette.ColorRole.BrightText: ("#ff6b6b", "#ff6b6b"),
        QPalette.ColorRole.Light: ("#3b4048", "#3b4048"),
        QPalette.ColorRole.Midlight: ("#33373e", "#33373e"),
        QPalette.ColorRole.Mid: ("#4a5059", "#4a5059"),
        QPalette.ColorRole.Dark: ("#141518", "#141518"),
        QPalette.ColorRole.Shadow: ("#000000", "#000000"),
        QPalette.ColorRole.Highlight: ("#3d7be0", "#3a3f47"),
        QPalette.ColorRole.HighlightedText: ("#ffffff", "#9aa0a8"),
        QPalette.ColorRole.Link: ("#7fb0ff", "#7d838c"),
        QPalette.ColorRole.LinkVisited: ("#c39bff", "#7d838c"),
    }
    for role, (normal, disabled) in c.items():
        p.setColor(QPalette.ColorGroup.Active, role, QColor(normal))
        p.setColor(QPalette.ColorGroup.Inactive, role, QColor(normal))
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p
