"""The shared SQLAlchemy store: every rule of the shop, enforced in one transaction per call. No Qt here."""

from .notifications import NotificationRow
from .paging import Page
from .rows import AppointmentFilter, AppointmentRow, CallbackFilter, CallbackRow, ContractRow, TimelineEntry
from .store import Store

__all__ = ["Store", "Page", "AppointmentFilter", "AppointmentRow", "CallbackFilter", "CallbackRow", "ContractRow",
           "NotificationRow", "TimelineEntry"]
