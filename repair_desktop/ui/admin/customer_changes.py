"""The customer page's Changes: who changed what about the customer, their vehicles and contracts, newest first.

A table rather than a block of text, because a customer with years of
visits has a long history: it is read a page at a time as the view scrolls,
and the Record column says which car or contract a line is about.
"""

from ...store import Page, Store
from ..widgets.paged_model import Column, PagedTableModel
from .audit_text import what_changed, when_changed, who_changed


class CustomerChangesModel(PagedTableModel):
    """``customer_id``'s changes (None: none), newest first; ``reload()`` after setting it."""

    COLUMNS = (Column("When", when_changed), Column("Who", who_changed), Column("Record", lambda c: c.record),
               Column("Change", what_changed))

    def __init__(self, store: Store, parent=None) -> None:
        self.customer_id: int | None = None
        super().__init__(lambda key, descending, after: store.customer_changes(self.customer_id, after=after)
                         if self.customer_id is not None else Page([], None), "", parent)
