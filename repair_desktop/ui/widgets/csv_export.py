"""Export what a table shows (its filter and sort) to CSV, page by page, with a progress dialog."""

import csv
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from ...store import Page
from .errors import attempt
from .paged_model import Column, FilteredTableModel


def export_pages(parent: QWidget, path: str, columns: tuple[Column, ...],
                 fetch: Callable[[tuple | None], Page], total_hint: int = 0) -> int:
    """Write every row ``fetch`` pages through; returns the rows written (stops early if cancelled)."""
    progress = QProgressDialog("Exporting…", "Stop", 0, total_hint, parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    written, cursor = 0, None
    with open(path, "w", newline="", encoding="utf-8-sig") as f:  # the BOM makes Excel read UTF-8
        writer = csv.writer(f)
        writer.writerow([c.title for c in columns])
        while True:
            page = fetch(cursor)
            writer.writerows([c.text(row) for c in columns] for row in page.rows)
            written += len(page.rows)
            progress.setValue(min(written, total_hint) if total_hint else 0)
            QApplication.processEvents()
            if page.next_cursor is None or progress.wasCanceled():
                break
            cursor = page.next_cursor
    progress.close()
    return written


def export_list(parent: QWidget, noun: str, model: FilteredTableModel) -> None:
    """Ask where, then export the rows ``model`` shows, in its filter and order, through its own listing."""
    path, _ = QFileDialog.getSaveFileName(parent, f"Export {noun}", f"{noun}.csv", "CSV files (*.csv)")
    if not path:
        return
    f, (key, desc) = model.filter, model.sort_state
    attempt(parent, lambda: export_pages(parent, path, model.COLUMNS,
                                         lambda after: model.list_page(f, sort=key, descending=desc, after=after,
                                                                       limit=2000)))
