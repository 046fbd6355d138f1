"""One customer's maintenance contracts as a table, each with its state on today's date."""

from datetime import date

from ...domain.contracts import EXPIRY_WARNING_DAYS
from ...store import ContractRecord, Page, Store
from ..widgets.paged_model import Column, PagedTableModel


def contract_state(row: ContractRecord, today: date) -> tuple[str, str]:
    """``(badge key, label)``: whether the contract covers callbacks today, and for how much longer."""
    if row.cancelled:
        return "cancelled", "Cancelled"
    if row.ends_on < today:
        return "expired", "Expired"
    if row.starts_on > today:
        return "upcoming", "Not started"
    days = (row.ends_on - today).days
    if days <= EXPIRY_WARNING_DAYS:
        return "expiring", "Ends today" if days == 0 else f"Ends in {days} day{'s' if days > 1 else ''}"
    return "active", "Active"


class ContractsModel(PagedTableModel[ContractRecord]):
    """A customer has a handful of contracts, so they come as one page; newest first, as the store lists them."""

    COL_PLAN, COL_STARTS, COL_ENDS, COL_STATE = range(4)
    COLUMNS = (
        Column("Plan", lambda r: r.plan),
        Column("Starts", lambda r: f"{r.starts_on:%d %b %Y}"),
        Column("Ends", lambda r: f"{r.ends_on:%d %b %Y}"),
        Column("State", lambda r: contract_state(r, date.today())[1],
               badge=lambda r: contract_state(r, date.today())[0]),
    )

    def __init__(self, store: Store, parent=None) -> None:
        self.customer_id: int | None = None
        super().__init__(lambda key, desc, after: Page(store.contracts(self.customer_id) if self.customer_id else [],
                                                       None),
                         "", parent)

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.reload()
