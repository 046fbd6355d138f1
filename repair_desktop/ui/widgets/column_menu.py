"""A table header's right-click menu that shows or hides columns; some start hidden.

At 1280x800 the Appointments list could not show every column beside its
detail panel: the timestamps a clerk rarely reads (assigned, started, completed;
the history has them too) start hidden, and one right-click on the header brings
any of them back. Which columns show is part of the header state each tab
already remembers per PC.
"""

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QTableView


def column_menu(table: QTableView, hidden: Iterable[int] = ()) -> None:
    """Hide ``hidden`` columns now, and give ``table``'s header a menu to show or hide any column but the last
    one showing."""
    header = table.horizontalHeader()
    for column in hidden:
        header.hideSection(column)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda at: header_menu(table).popup(header.mapToGlobal(at)))
    header.setToolTip("Right-click to show or hide columns")


def header_menu(table: QTableView) -> QMenu:
    """One checkable entry per column; the last column showing can't be hidden."""
    header, model = table.horizontalHeader(), table.model()
    menu = QMenu(table)
    menu.setObjectName("columnMenu")
    showing = header.count() - header.hiddenSectionCount()
    for column in range(header.count()):
        title = model.headerData(column, Qt.Orientation.Horizontal) or ""
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(header.isSectionHidden(column) or showing > 1)
        action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
    menu.aboutToHide.connect(menu.deleteLater)
    return menu
