"""One customer's page in the directory: details edited in place, vehicles, contracts, appointments and callbacks.

The details save against the version the page was opened at: when someone
saved first, the store's ``ConflictError`` names them, everything typed stays
in the fields, and "Reload their version" takes the new version to save over.
"""


from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from ...domain.errors import ConflictError, DomainError
from ...domain.limits import SHORT_TEXT
from ...store import AppointmentFilter, CallbackFilter, Page, Store
from ..widgets.badges import BadgeDelegate
from ..appointments.dialogs import BookAppointmentDialog
from ..callbacks.contracts_dialog import add_contract_dialog, renew_dialog
from ..callbacks.contracts_model import ContractsModel
from ..callbacks.dialogs import CreateCallbackDialog
from ..widgets.errors import attempt
from ..widgets.field_limits import model_year, year_of
from ..widgets.forms import SubmitDialog, problem_label, submit_dialog
from ..widgets.long_text import ElidedLabel
from ..widgets.paged_model import Column, PagedTableModel
from ..widgets.tables import row_table
from .customer_changes import CustomerChangesModel

#: Rows of a customer's appointments or callbacks read at a time (newest first).
JOBS_PAGE = 50


class VehiclesModel(PagedTableModel):
    """A customer's vehicles, oldest first: a handful, one page."""

    COLUMNS = (Column("Make", lambda v: v.make), Column("Model", lambda v: v.model),
               Column("Year", lambda v: str(v.year or "")), Column("Plate", lambda v: v.plate),
               Column("VIN", lambda v: v.vin or ""))

    def __init__(self, store: Store, parent=None) -> None:
        self.customer_id: int | None = None
        super().__init__(lambda key, desc, after: Page(store.vehicles(self.customer_id) if self.customer_id else [],
                                                       None), "", parent)


class CustomerJobsModel(PagedTableModel):
    """A customer's appointments (``kind`` "appointment") or callbacks, newest first, a page at a time."""

    def __init__(self, store: Store, kind: str, parent=None) -> None:
        self.customer_id: int | None = None
        if kind == "appointment":
            self.COLUMNS = (Column("When", lambda r: f"{r.scheduled_at.astimezone():%d %b %Y %H:%M}"),
                            Column("Vehicle", lambda r: r.vehicle), Column("Concern", lambda r: r.concern),
                            Column("Status", lambda r: r.status.label, badge=lambda r: r.status.value))

            def fetch(key, descending, after):
                return store.list_appointments(AppointmentFilter(customer_id=self.customer_id), sort="scheduled_at",
                                               descending=True, after=after, limit=JOBS_PAGE)
        else:
            self.COLUMNS = (Column("Job", lambda r: r.job_number),
                            Column("When", lambda r: f"{r.scheduled_at.astimezone():%d %b %Y %H:%M}"),
                            Column("Description", lambda r: r.description),
                            Column("Status", lambda r: r.status.label, badge=lambda r: r.status.value))

            def fetch(key, descending, after):
                return store.list_callbacks(CallbackFilter(customer_id=self.customer_id), sort="scheduled_at",
                                            descending=True, after=after, limit=JOBS_PAGE)

        super().__init__(lambda key, desc, after: fetch(key, desc, after) if self.customer_id else Page([], None),
                         "", parent)


def _text_field(name: str, accessible: str, value: str | None = "") -> QLineEdit:
    field = QLineEdit(value or "", objectName=name, maxLength=SHORT_TEXT)
    field.setAccessibleName(accessible)
    return field


def vehicle_dialog(parent: QWidget, store: Store, actor: int, customer_id: int, vehicle=None) -> SubmitDialog:
    """Add a vehicle to the customer, or edit ``vehicle`` against the version shown."""
    make = _text_field("make", "Make", getattr(vehicle, "make", ""))
    model = _text_field("model", "Model", getattr(vehicle, "model", ""))
    plate = _text_field("plate", "Number plate", getattr(vehicle, "plate", ""))
    year = model_year()
    year.setObjectName("year")
    year.setAccessibleName("Year")
    if getattr(vehicle, "year", None):
        year.setValue(vehicle.year)
    vin = _text_field("vin", "VIN", getattr(vehicle, "vin", ""))
    vin.setMaxLength(17)
    fields = [("&Make", make), ("M&odel", model), ("&Plate", plate), ("&Year", year), ("&VIN", vin)]
    if vehicle is None:
        return submit_dialog(parent, "Add vehicle", "&Add vehicle", fields, lambda: store.add_vehicle(
            customer_id, make.text(), model.text(), plate.text(), year=year_of(year), vin=vin.text() or None,
            actor=actor))
    version = [vehicle.version]

    def reload_fresh() -> str:
        fresh = store.vehicle(vehicle.id)
        version[0] = fresh.version
        return f"Saved now: {fresh.make} {fresh.model} ({fresh.plate})."

    return submit_dialog(parent, f"Edit {vehicle.make} {vehicle.model}", "&Save", fields, lambda: store.update_vehicle(
        vehicle.id, actor, make=make.text(), model=model.text(), plate=plate.text(), year=year_of(year) or "",
        vin=vin.text(), expected_version=version[0]), reload_fresh)


class CustomerPage(QWidget):
    """The page of the customer picked in the directory; ``saved`` says which customer changed."""

    saved = Signal(int)
    #: The desk wants to open a job in its tab: ("appointment" | "callback", id).
    open_job = Signal(str, int)
    #: A job was booked or created from this page: ("appointment" | "callback", id).
    job_created = Signal(str, int)

    def __init__(self, store: Store, actor: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.customer = None
        self.version: int | None = None
        self.heading = ElidedLabel(object_name="customerHeading", characters=50)  # a 200-letter name can't widen
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.problem = problem_label("customerProblem")
        self.name = _text_field("customerName", "Customer name")
        self.phone = _text_field("customerPhone", "Phone")
        self.email = _text_field("customerEmail", "E-mail")
        self.address = _text_field("customerAddress", "Address")
        self.save_button = QPushButton("&Save details", objectName="saveCustomer")
        self.reload_button = QPushButton("&Reload their version", objectName="reloadCustomer")
        self.reload_button.hide()
        self.book_button = QPushButton("&Book appointment…", objectName="bookForCustomer")
        self.callback_button = QPushButton("New call&back…", objectName="callbackForCustomer")
        self.tabs = QTabWidget(objectName="customerTabs", documentMode=True)
        self.vehicles = VehiclesModel(store, self)
        self.contracts = ContractsModel(store, self)
        self.appointments = CustomerJobsModel(store, "appointment", self)
        self.callbacks = CustomerJobsModel(store, "callback", self)
        self.vehicle_table = row_table(self.vehicles, "vehiclesTable", "Vehicles")
        self.contract_table = row_table(self.contracts, "customerContracts", "Contracts")
        self.contract_table.setItemDelegateForColumn(ContractsModel.COL_STATE, BadgeDelegate(self.contract_table))
        self.appointment_table = row_table(self.appointments, "customerAppointments", "Appointments")
        self.callback_table = row_table(self.callbacks, "customerCallbacks", "Callbacks")
        self.vehicle_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((100, 100, 50, 100)):  # a year is four digits; the VIN's 17 stay whole
            self.vehicle_table.setColumnWidth(column, width)
        for table in (self.appointment_table, self.callback_table):
            table.setItemDelegateForColumn(table.model().columnCount() - 1, BadgeDelegate(table))
            table.horizontalHeader().setStretchLastSection(True)
        self.appointment_table.doubleClicked.connect(lambda i: self._open("appointment", self.appointments, i))
        self.callback_table.doubleClicked.connect(lambda i: self._open("callback", self.callbacks, i))
        self.changes = CustomerChangesModel(store, self)
        self.history = row_table(self.changes, "customerHistory", "Changes to this customer, their vehicles and "
                                 "contracts")
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # the time
        self.no_changes = QLabel("No changes recorded yet.", objectName="noChanges")
        self._lay_out()
        self.save_button.clicked.connect(self.save)
        self.book_button.clicked.connect(self.book)
        self.callback_button.clicked.connect(self.new_callback)
        self.reload_button.clicked.connect(self.reload_theirs)
        self.show_customer(None)

    def _lay_out(self) -> None:
        details = QFormLayout()
        details.addRow("&Name", self.name)
        details.addRow("&Phone", self.phone)
        details.addRow("&E-mail", self.email)
        details.addRow("A&ddress", self.address)
        save_row = QHBoxLayout()
        save_row.addWidget(self.book_button)
        save_row.addWidget(self.callback_button)
        save_row.addStretch()
        save_row.addWidget(self.reload_button)
        save_row.addWidget(self.save_button)
        details.addRow(save_row)
        self.tabs.addTab(self._with_buttons(self.vehicle_table, [("Add &vehicle…", self.add_vehicle),
                                                                 ("Ed&it vehicle…", self.edit_vehicle)]), "Vehicles")
        self.tabs.addTab(self._with_buttons(self.contract_table, [("Add &contract…", self.add_contract),
                                                                  ("Re&new…", self.renew_contract),
                                                                  ("Cancel con&tract", self.cancel_contract)]),
                         "Contracts")
        self.tabs.addTab(self.appointment_table, "Appointments")
        self.tabs.addTab(self.callback_table, "Callbacks")
        changes = QWidget()
        column = QVBoxLayout(changes)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.no_changes)
        column.addWidget(self.history, 1)
        self.tabs.addTab(changes, "Changes")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem)
        layout.addLayout(details)
        layout.addWidget(self.tabs, 1)

    def _with_buttons(self, table, buttons: list[tuple[str, object]]) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return page

    # --- showing -------------------------------------------------------------------------------

    def show_customer(self, customer_id: int | None) -> None:
        """Read the customer afresh (details, version, and every list); None empties the page."""
        self.problem.hide()
        self.reload_button.hide()
        try:
            self.customer = self.store.customer(customer_id) if customer_id is not None else None
        except DomainError as error:
            self.customer = None
            self._refused(error)
        customer = self.customer
        self.version = customer.version if customer else None
        self.heading.setText(customer.name if customer else "Pick a customer on the left")
        for field, value in ((self.name, "name"), (self.phone, "phone"), (self.email, "email"),
                             (self.address, "address")):
            field.setText(getattr(customer, value, None) or "")
            field.setCursorPosition(0)  # a long value shows its start
            field.setEnabled(customer is not None)
        for button in (self.save_button, self.book_button, self.callback_button):
            button.setEnabled(customer is not None)
        self.tabs.setEnabled(customer is not None)
        cid = customer.id if customer else None
        for model in (self.vehicles, self.appointments, self.callbacks, self.changes):
            model.customer_id = cid
            model.reload()
        self.contracts.show_customer(cid)
        self.no_changes.setVisible(self.changes.rowCount() == 0)

    def _refused(self, error: DomainError) -> None:
        self.problem.setText(error.message)
        self.problem.show()

    def _open(self, kind: str, model: PagedTableModel, index) -> None:
        if (row := model.row_at(index.row())) is not None:
            self.open_job.emit(kind, row.id)

    # --- details -------------------------------------------------------------------------------

    def save(self) -> None:
        if self.customer is None:
            return
        try:
            saved = self.store.update_customer(self.customer.id, self.actor, name=self.name.text(),
                                               phone=self.phone.text(), email=self.email.text(),
                                               address=self.address.text(), expected_version=self.version)
        except DomainError as error:
            self._refused(error)  # what was typed stays in the fields
            self.reload_button.setVisible(isinstance(error, ConflictError))
            return
        self.show_customer(saved.id)
        self.saved.emit(saved.id)

    def reload_theirs(self) -> None:
        """Take the saved version to save over, keeping every field as typed."""
        try:
            fresh = self.store.customer(self.customer.id)
        except DomainError as error:
            self._refused(error)
            return
        self.version = fresh.version
        self.reload_button.hide()
        self.problem.setText(f"Saved now: {fresh.name}, {fresh.phone or 'no phone'}, {fresh.email or 'no e-mail'}, "
                             f"{fresh.address or 'no address'}. What you typed is still here: Save details to save "
                             "it over their version.")

    # --- new jobs for this customer ------------------------------------------------------------

    def book(self) -> None:
        """The booking dialog, with this customer picked."""
        dialog = BookAppointmentDialog(self.store, self.actor, self)
        dialog.show_customer(self.customer.id, self.customer.name)
        self._job_dialog(dialog, "appointment")

    def new_callback(self) -> None:
        """The callback form, searching for this customer (listed when their contract covers the day)."""
        dialog = CreateCallbackDialog(self.store, self.actor, self)
        dialog.search.setText(self.customer.name)
        self._job_dialog(dialog, "callback")

    def _job_dialog(self, dialog: SubmitDialog, kind: str) -> None:
        if dialog.exec():
            self.job_created.emit(kind, dialog.result_value.id)
            self.show_customer(self.customer.id)

    # --- vehicles and contracts ----------------------------------------------------------------

    def _picked(self, table, model):
        index = table.currentIndex()
        return model.row_at(index.row()) if index.isValid() else None

    def _after_dialog(self, dialog: SubmitDialog) -> None:
        if dialog.exec():
            self.show_customer(self.customer.id)
            self.saved.emit(self.customer.id)

    def add_vehicle(self) -> None:
        if self.customer is not None:
            self._after_dialog(vehicle_dialog(self, self.store, self.actor, self.customer.id))

    def edit_vehicle(self) -> None:
        if (vehicle := self._picked(self.vehicle_table, self.vehicles)) is not None:
            self._after_dialog(vehicle_dialog(self, self.store, self.actor, self.customer.id, vehicle))

    def add_contract(self) -> None:
        if self.customer is not None:
            rows = [self.contracts.row_at(r) for r in range(self.contracts.rowCount())]
            self._after_dialog(add_contract_dialog(self, self.store, self.customer.id, self.customer.name, rows,
                                                   self.actor))

    def renew_contract(self) -> None:
        if (contract := self._picked(self.contract_table, self.contracts)) is not None:
            self._after_dialog(renew_dialog(self, self.store, contract, self.actor))

    def cancel_contract(self) -> None:
        if (contract := self._picked(self.contract_table, self.contracts)) is not None \
                and attempt(self, lambda: self.store.cancel_contract(contract.id, self.actor)) is not None:
            self.show_customer(self.customer.id)
