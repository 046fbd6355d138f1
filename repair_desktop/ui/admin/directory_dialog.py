"""The customer directory (front desk and manager): find a customer as you type, then work on their page.

Every keystroke asks the store for the first page of matches (name, phone,
e-mail or plate, every word); more pages come as the list scrolls. A customer
can also be added here; their page (``customer_page.py``) edits the rest.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from ...domain.limits import SHORT_TEXT
from ...store import Store
from ...store.directory import DirectoryEntry
from ..widgets.events import JobEvents
from ..widgets.forms import submit_dialog
from ..widgets.paged_model import Column, PagedTableModel
from ..widgets.tables import row_table
from .customer_page import CustomerPage


class DirectoryModel(PagedTableModel[DirectoryEntry]):
    """Customers matching the search box, by name, a page at a time."""

    COLUMNS = (Column("Name", lambda e: e.name), Column("Phone", lambda e: e.phone or ""),
               Column("E-mail", lambda e: e.email or ""), Column("Vehicles", lambda e: e.plates))

    def __init__(self, store: Store, parent=None) -> None:
        self.text = ""
        super().__init__(lambda key, descending, after: store.search_customers(self.text, after=after), "", parent)

    def search(self, text: str) -> None:
        self.text = text
        self.reload()


def add_customer_dialog(parent: QWidget, store: Store, actor: int, name: str = ""):
    fields = []
    for label, object_name, value in (("&Name", "newName", name), ("&Phone", "newPhone", ""),
                                      ("&E-mail", "newEmail", ""), ("A&ddress", "newAddress", "")):
        field = QLineEdit(value, objectName=object_name, maxLength=SHORT_TEXT)
        field.setAccessibleName(label.replace("&", ""))
        fields.append((label, field))
    (_, n), (_, p), (_, e), (_, a) = fields
    return submit_dialog(parent, "New customer", "&Add customer", fields,
                         lambda: store.add_customer(n.text(), p.text(), e.text(), a.text(), actor=actor))


class DirectoryDialog(QDialog):
    def __init__(self, store: Store, actor: int, events: JobEvents | None = None, parent: QWidget | None = None,
                 *, search: str = "") -> None:
        super().__init__(parent)
        self.store, self.actor, self.events = store, actor, events
        self.setWindowTitle("Customer directory")
        self.resize(1180, 700)
        self.search = QLineEdit(search, objectName="directorySearch", clearButtonEnabled=True,
                                placeholderText="Find a customer: name, phone, e-mail or plate")
        self.search.setAccessibleName("Customer search")
        self.model = DirectoryModel(store, self)
        self.table = row_table(self.model, "directoryTable", "Customers")
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((170, 125, 180)):  # the plates keep a column in view
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton("&New customer…", objectName="newCustomer")
        self.page = CustomerPage(store, actor, self)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch()
        column.addLayout(row)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.page)
        self.splitter.setSizes([640, 540])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(close)
        self.search.textChanged.connect(self.find)
        self.table.selectionModel().currentRowChanged.connect(self._picked)
        self.add_button.clicked.connect(self.add_customer)
        self.page.saved.connect(self._saved)
        self.page.open_job.connect(self._open_job)
        self.page.job_created.connect(self._job_created)
        self.find()
        self.search.setFocus()

    def find(self, *_) -> None:
        """The first page of matches for what is typed now; the first customer's page opens."""
        self.model.search(self.search.text())
        if self.model.rowCount():
            self.table.selectRow(0)
        self._picked()

    def _picked(self, *_) -> None:
        index = self.table.currentIndex()
        entry = self.model.row_at(index.row()) if index.isValid() else None
        if entry is None or self.page.customer is None or entry.id != self.page.customer.id:
            self.page.show_customer(entry.id if entry else None)

    def _saved(self, customer_id: int) -> None:
        """Show the saved customer's line afresh; the window's lists that show them follow too."""
        fresh = next((e for e in self.store.search_customers(self.page.customer.name).rows if e.id == customer_id),
                     None)
        if fresh is not None:
            self.model.replace(fresh)
        if self.events is not None:
            self.events.changed.emit("customer", customer_id)

    def add_customer(self) -> None:
        dialog = add_customer_dialog(self, self.store, self.actor, self.search.text().strip())
        if dialog.exec():
            customer = dialog.result_value
            self.search.setText(customer.name)  # finds them, and opens their page
            row = self.model.row_of(customer.id)
            if row >= 0:
                self.table.selectRow(row)

    def _job_created(self, kind: str, job_id: int) -> None:
        """The window's lists show a job booked or created from the customer's page."""
        if self.events is not None:
            self.events.changed.emit(kind, job_id)

    def _open_job(self, kind: str, job_id: int) -> None:
        """Close the directory and show the job in its tab (the main window listens on ``events.open_job``)."""
        if self.events is not None:
            self.events.open_job.emit(kind, job_id)
            self.accept()
