"""The one way a list of jobs or people looks and behaves in this window."""

from PySide6.QtCore import QAbstractItemModel, QSettings
from PySide6.QtWidgets import QAbstractItemView, QSplitter, QTableView

from .long_text import CellDelegate


def row_table(model: QAbstractItemModel, object_name: str, accessible_name: str) -> QTableView:
    """A table that selects one whole row at a time, with striped single-line rows and no row numbers; a column
    sized to its content stops at ``CELL_WIDTH`` (long texts elide, their tooltip shows them)."""
    table = QTableView(objectName=object_name)
    table.setItemDelegate(CellDelegate(table))
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    # Rows added (a page read as the view scrolls) are laid out at once, not on the view's next timer turn, which
    # would paint the table a second time right after the first: a page showed in two paints.
    model.rowsInserted.connect(table.executeDelayedItemsLayout)
    return table


class RememberedLayout:
    """Column widths, order and sort, and the splitter, kept per PC under ``layout_key``."""

    layout_key: str
    table: QTableView
    splitter: QSplitter

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue(f"{self.layout_key}/header", self.table.horizontalHeader().saveState())
        settings.setValue(f"{self.layout_key}/splitter", self.splitter.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        if header := settings.value(f"{self.layout_key}/header"):
            self.table.horizontalHeader().restoreState(header)
        if splitter := settings.value(f"{self.layout_key}/splitter"):
            self.splitter.restoreState(splitter)
