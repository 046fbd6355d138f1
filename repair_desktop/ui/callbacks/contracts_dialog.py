"""Maintenance contracts: find a customer, then list, add, renew or cancel their contracts.

Callbacks are only for customers covered on the callback's day, so the desk
lands here when a customer is missing from the callback form, and to ring
round the contracts that run out within 30 days.
"""

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.contracts import EXPIRY_WARNING_DAYS
from ...store import ContractRecord, ContractStanding, Store
from ..widgets.badges import BADGE_COLOURS, BadgeDelegate
from .contracts_model import ContractsModel
from ..widgets.errors import attempt
from ..widgets.field_limits import short_text
from ..widgets.forms import SubmitDialog, grow_to_fit, submit_dialog
from ..widgets.long_text import CellDelegate, WrappingLabel, clipped, eliding_list

#: The text of a customer whose contract ends soon, on a light list and on a dark one: the contract badge's
#: "expiring" brown reads 9.3:1 on white but 1.8:1 on the dark palette's lists, where a light amber reads 9.1:1.
EXPIRING_TEXT = {False: BADGE_COLOURS["expiring"], True: "#f2b25c"}


def expiring_colour(palette: QPalette) -> QColor:
    """The "ends soon" text colour that reads on ``palette``'s list background."""
    return QColor(EXPIRING_TEXT[palette.color(QPalette.ColorRole.Base).lightness() < 128])


#: Which customers the list shows: label -> keyword arguments for ``store.contract_standings``.
SHOW_CHOICES = {
    "All customers": {},
    f"Contracts ending within {EXPIRY_WARNING_DAYS} days": {"expiring_within": EXPIRY_WARNING_DAYS},
    "Customers without an active contract": {"covered": False},
}
EXPIRING = list(SHOW_CHOICES)[1]


def a_year_after(day: date) -> date:
    """The same date next year (28 Feb for a 29 Feb)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def standing_text(standing: ContractStanding) -> str:
    """One line of the customer list; cover that runs out soon says when, so the desk can offer a renewal."""
    if standing.expires_within():
        days = (standing.covered_until - standing.on).days
        when = "today" if days == 0 else f"in {days} day{'s' if days > 1 else ''}"
        return f"{standing.name}   · contract ends {when} ({standing.covered_until:%d %b})"
    return f"{standing.name}   · {standing.explanation}"


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day), calendarPopup=True, displayFormat="dd MMM yyyy")
    edit.setAccessibleName(name)
    return edit


class ContractsDialog(QDialog):
    def __init__(self, store: Store, actor: int, parent: QWidget | None = None, *, search: str = "",
                 show: str = "All customers") -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.setWindowTitle("Maintenance contracts")
        self.resize(960, 500)
        self.search = QLineEdit(search, placeholderText="Search customers by name or phone", clearButtonEnabled=True)
        self.search.setAccessibleName("Customer search")
        self.show_choice = QComboBox()
        self.show_choice.setAccessibleName("Which customers")
        self.show_choice.addItems(SHOW_CHOICES)
        self.show_choice.setCurrentText(show)
        self.customers = eliding_list(QListWidget())
        self.customers.setAccessibleName("Customers")
        self.heading = WrappingLabel(object_name="contractsHeading", selectable=False)
        self.model = ContractsModel(store, self)
        self.table = QTableView(objectName="contractsTable")
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setAccessibleName("Contracts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setItemDelegateForColumn(ContractsModel.COL_STATE, BadgeDelegate(self.table))
        self.table.setColumnWidth(ContractsModel.COL_PLAN, 140)
        self.add_button = QPushButton("&Add contract…")
        self.renew_button = QPushButton("&Renew…")
        self.cancel_button = QPushButton("Ca&ncel contract")
        self.problem = QLabel(objectName="problem", wordWrap=True)
        self.problem.setStyleSheet("color: #b91c1c; font-weight: 600;")
        self.problem.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self._lay_out(close)
        self.search.textChanged.connect(self.find_customers)
        self.show_choice.currentIndexChanged.connect(self.find_customers)
        self.customers.currentItemChanged.connect(self._customer_changed)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self.add)
        self.renew_button.clicked.connect(self.renew)
        self.cancel_button.clicked.connect(self.cancel_contract)
        self.find_customers()

    def _lay_out(self, close: QDialogButtonBox) -> None:
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.show_choice)
        left.addWidget(self.customers, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.renew_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch()
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(columns, 1)
        layout.addWidget(close)

    # --- customers -------------------------------------------------------------------------------

    def picked_customer(self) -> ContractStanding | None:
        item = self.customers.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def find_customers(self) -> None:
        """List matching customers with their standing today, keeping the one picked if still listed."""
        keep = self.picked_customer()
        try:
            standings = self.store.contract_standings(date.today(), self.search.text().strip(), limit=100,
                                                      **SHOW_CHOICES[self.show_choice.currentText()])
        except DomainError as error:
            self._refused(error)
            return
        self.customers.blockSignals(True)
        self.customers.clear()
        for standing in standings:
            item = QListWidgetItem(standing_text(standing))
            item.setData(Qt.ItemDataRole.UserRole, standing)
            if standing.expires_within():
                item.setForeground(expiring_colour(self.customers.palette()))
            self.customers.addItem(item)
            if keep is not None and standing.customer_id == keep.customer_id:
                self.customers.setCurrentItem(item)
        if self.customers.currentItem() is None and self.customers.count():
            self.customers.setCurrentRow(0)
        self.customers.blockSignals(False)
        self._customer_changed()

    def _customer_changed(self, *_) -> None:
        standing = self.picked_customer()
        self.heading.setText(f"{standing.name}: {standing.explanation}" if standing
                             else "No customer matches; check the spelling or choose All customers.")
        self.model.show_customer(standing.customer_id if standing else None)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    # --- contracts -------------------------------------------------------------------------------

    def current(self) -> ContractRecord | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self, *_) -> None:
        contract = self.current()
        self.add_button.setEnabled(self.picked_customer() is not None)
        self.renew_button.setEnabled(contract is not None)
        self.cancel_button.setEnabled(contract is not None and not contract.cancelled
                                      and contract.ends_on >= date.today())

    def _changed(self, contract_id: int) -> None:
        """Show the customer's contracts and standing afresh, with ``contract_id`` selected."""
        self.problem.hide()
        self.find_customers()
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == contract_id:
                self.table.selectRow(row)

    def _refused(self, error: DomainError) -> None:
        self.problem.setText(error.message)
        self.problem.show()
        grow_to_fit(self)

    def add(self) -> None:
        standing = self.picked_customer()
        if standing is None:
            return
        dialog = add_contract_dialog(self, self.store, standing.customer_id, standing.name,
                                     [self.model.row_at(r) for r in range(self.model.rowCount())], self.actor)
        if dialog.exec():
            self._changed(dialog.result_value.id)

    def renew(self) -> None:
        contract = self.current()
        if contract is not None and renew_dialog(self, self.store, contract, self.actor).exec():
            self._changed(contract.id)

    def cancel_contract(self) -> None:
        contract, standing = self.current(), self.picked_customer()
        if contract is None or standing is None:
            return
        answer = QMessageBox.question(
            self, "Cancel contract",
            f"Cancel {clipped(standing.name, 60)}'s {clipped(contract.plan, 60)} contract ({contract.starts_on:%d %b %Y} to "
            f"{contract.ends_on:%d %b %Y})? No new callbacks can be created on it; callbacks already "
            "created stay as they are.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes \
                and attempt(self, lambda: self.store.cancel_contract(contract.id, self.actor)) is not None:
            self._changed(contract.id)


def add_contract_dialog(parent: QWidget, store: Store, customer_id: int, customer_name: str,
                        contracts: list[ContractRecord], actor: int) -> SubmitDialog:
    """Starts the day after the customer's current cover ends (or today), for a year."""
    live_ends = [c.ends_on for c in contracts if not c.cancelled and c.ends_on >= date.today()]
    starts = max(live_ends) + timedelta(days=1) if live_ends else date.today()
    plan = QLineEdit("AMC")
    plan.setAccessibleName("Plan")
    short_text(plan)
    starts_on = _date_edit(starts, "Starts on")
    ends_on = _date_edit(a_year_after(starts) - timedelta(days=1), "Ends on")
    return submit_dialog(parent, f"New contract for {customer_name}", "&Add contract",
                         [("&Plan", plan), ("&Starts", starts_on), ("&Ends", ends_on)],
                         lambda: store.add_contract(customer_id, starts_on.date().toPython(),
                                                    ends_on.date().toPython(), plan=plan.text(), actor=actor))


def renew_dialog(parent: QWidget, store: Store, contract: ContractRecord, actor: int) -> SubmitDialog:
    """A year on from the contract's end (or from today, when it has already run out)."""
    ends_on = _date_edit(a_year_after(max(contract.ends_on, date.today())), "New end date")
    note = QLabel(f"The {contract.plan} contract from {contract.starts_on:%d %b %Y} will run until the new date"
                  f"{'; renewing also lifts its cancellation' if contract.cancelled else ''}.", wordWrap=True)
    return submit_dialog(parent, "Renew contract", "&Renew", [("&Runs until", ends_on), ("", note)],
                         lambda: store.renew_contract(contract.id, ends_on.date().toPython(), actor))
