"""Toolbar and menu icons: line drawings in ``resources/icons/actions/*.svg``, tinted to the palette's text colour.

The SVGs draw with ``currentColor``; each icon is rendered in the colour of the
palette's window text, so it reads in light and dark schemes alike. The
window calls :func:`apply_action_icons` again when the palette changes.
"""

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from .resources import resource_path

#: Sizes rendered for each icon (device pixels): menus, toolbars, and both again at 2x.
SIZES = (16, 20, 24, 32, 40, 48, 64)

#: A tab's action attribute -> the icon it shows.
ACTION_ICONS = {
    "book_action": "book", "assign_action": "assign", "unassign_action": "unassign", "start_action": "start",
    "complete_action": "complete", "cancel_action": "cancel", "export_action": "export", "find_action": "find",
    "new_action": "new-callback", "edit_action": "edit", "reassign_action": "reassign",
    "release_action": "release", "helper_action": "helper", "close_action": "close", "delete_action": "delete",
    "contracts_action": "contracts", "pick_action": "pick-job", "resolve_action": "resolve", "pdf_action": "pdf",
    "refresh_action": "refresh", "switch_user_action": "switch-user", "quit_action": "quit",
    "help_action": "help", "about_action": "about",
}


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon ``name`` (a file in resources/icons/actions) in the palette's text colour."""
    palette = palette or QGuiApplication.palette()
    return _tinted(name, palette.color(QPalette.ColorRole.WindowText).name())


@cache
def _tinted(name: str, color: str) -> QIcon:
    path = resource_path("icons", "actions", f"{name}.svg")
    try:
        svg = path.read_text(encoding="utf-8").replace("currentColor", color)
    except OSError:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    result = QIcon()
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(QPixmap.fromImage(image))
    return result


def apply_action_icons(owner, palette: QPalette | None = None) -> None:
    """Give each of ``owner``'s known actions (``book_action``, ``refresh_action``, ...) its icon."""
    for attribute, name in ACTION_ICONS.items():
        action = getattr(owner, attribute, None)
        if action is not None:
            action.setIcon(icon(name, palette))


def app_icon() -> QIcon:
    """The application's own icon, every size that is shipped."""
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        path = resource_path("icons", f"repair-desktop-{size}.png")
        if path.exists():
            result.addFile(str(path))
    return result


def is_dark_palette(palette: QPalette) -> bool:
    return QColor(palette.color(QPalette.ColorRole.Window)).lightness() < 128
