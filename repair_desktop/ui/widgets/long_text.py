"""Texts of any length in widgets of a set size: one line and elided in lists, wrapped in detail panels.

Qt sizes a label to its text, a list item to its text and a combo box to its
longest entry, and a window to the size hints of what it holds. One appointment
with a 10,000-character concern made the main window 71,000 px wide (its minimum
size too; 2,400 px with spaces in the text) and a screenshot took 10-14 s. The
helpers here keep every size hint independent of the data:

- ``cell_text`` gives lists one line of bounded length (the view elides it to
  the column), ``CellDelegate`` keeps a column that sizes itself to its content
  from growing past ``CELL_WIDTH``, and ``tooltip`` shows the whole text wrapped.
- ``breakable`` lets Qt wrap a run without spaces (a plate typed as 200 letters, a
  pasted URL): Qt wraps only where a line may break, so it gets zero-width spaces.
- ``WrappingLabel`` (detail panels, messages) wraps anywhere it must, so its
  minimum width no longer follows its longest word. ``ElidedLabel`` (one line:
  a name in the status bar or a heading) ends in "…" and shows the rest as a tooltip.
"""

import html
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QComboBox, QLabel, QListWidget, QSizePolicy, QStyledItemDelegate,
                               QStyleOptionViewItem, QWidget)

#: A run of more characters than this with nowhere to break gets places to break: longer than any real e-mail
#: address, phone number or plate, so copying one stays exact.
BREAK_LONGER_THAN = 32
#: ... one after every this many characters, so the run wraps in a panel as narrow as a few characters.
BREAK_EVERY = 8
#: A list cell shows at most this much of its text: more never fits a column, and laying out a 10,000-character
#: text on every paint of every visible row is what made the window slow to draw.
CELL_CHARACTERS = 300
#: The widest a column grows when it sizes itself to its content (a person can still drag it wider).
CELL_WIDTH = 240
#: A tooltip shows at most this much, wrapped (the detail panel shows the rest).
TOOLTIP_CHARACTERS = 1000
#: A combo box is as wide as this many characters, whatever its longest entry.
COMBO_CHARACTERS = 18

_ZERO_WIDTH_SPACE = "\u200b"
_LONG_RUN = re.compile(rf"\S{{{BREAK_LONGER_THAN + 1},}}")
_SPACES = re.compile(r"\s+")


def breakable(text: str) -> str:
    """``text`` with a zero-width space after every ``BREAK_EVERY`` characters of a run of more than
    ``BREAK_LONGER_THAN`` with nowhere to break."""
    if len(text) <= BREAK_LONGER_THAN:
        return text
    return _LONG_RUN.sub(lambda run: _ZERO_WIDTH_SPACE.join(
        run[0][i:i + BREAK_EVERY] for i in range(0, len(run[0]), BREAK_EVERY)), text)


def clipped(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, ending in "…" when cut."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def cell_text(text: str) -> str:
    """``text`` on one line (line breaks and runs of spaces read as one space), at most ``CELL_CHARACTERS`` long."""
    if len(text) <= 80 and "\n" not in text and "\t" not in text:  # nearly every cell: nothing to do
        return text
    return clipped(_SPACES.sub(" ", text[:CELL_CHARACTERS * 4]).strip(), CELL_CHARACTERS)


def tooltip(text: str) -> str:
    """``text`` as a tooltip that wraps (Qt wraps rich text only) and ends after ``TOOLTIP_CHARACTERS``."""
    if len(text) <= 80 and "\n" not in text:
        return text
    body = html.escape(breakable(clipped(text.strip(), TOOLTIP_CHARACTERS))).replace("\n", "<br>")
    return f"<p>{body}</p>"


def bounded_combo(combo: QComboBox, characters: int = COMBO_CHARACTERS) -> QComboBox:
    """``combo`` sized for ``characters``, not for its longest entry (a 200-character name); entries elide."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def eliding_list(view: QListWidget) -> QListWidget:
    """A list whose items are one line as wide as the list, elided at the right; no sideways scrolling."""
    view.setItemDelegate(CellDelegate(view, fit_viewport=True))
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)  # lay the items out again to the new width
    return view


class CellDelegate(QStyledItemDelegate):
    """Paints as Qt does; only the size a cell asks for is bounded (``CELL_WIDTH``, or the list's own width)."""

    def __init__(self, parent: QWidget, *, fit_viewport: bool = False) -> None:
        super().__init__(parent)
        self._view = parent if fit_viewport else None

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        widest = self._view.viewport().width() if self._view is not None else CELL_WIDTH
        return QSize(min(hint.width(), widest), hint.height())


class WrappingLabel(QLabel):
    """Plain text that wraps, at spaces where it can and anywhere it must; selectable, for detail panels."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, selectable: bool = True,
                 object_name: str = "") -> None:
        super().__init__(parent, objectName=object_name, wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        if selectable:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(breakable(text or ""))

    def full_text(self) -> str:
        """The text as given (without the places to break that were added for wrapping)."""
        return self.text().replace(_ZERO_WIDTH_SPACE, "")


class ElidedLabel(QLabel):
    """One line that ends in "…" where it does not fit (``text()`` stays whole; a long one is also the tooltip)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, object_name: str = "",
                 characters: int = 40) -> None:
        super().__init__(parent, objectName=object_name, textFormat=Qt.TextFormat.PlainText)
        self._characters = characters
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        line = cell_text(text or "")
        super().setText(line)
        self.setToolTip(tooltip(text) if len(line) > self._characters else "")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics, margins = self.fontMetrics(), self.contentsMargins()
        wanted = min(metrics.horizontalAdvance(self.text()), metrics.averageCharWidth() * self._characters)
        return QSize(wanted + margins.left() + margins.right() + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as it fits the label's width now."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())
