"""The one store every window, script and test uses; see DESIGN.md for its contract."""

from .appointments import AppointmentsMixin
from .callbacks import CallbacksMixin
from .people import PeopleMixin
from .workload import HistoryMixin, WorkloadMixin


class Store(AppointmentsMixin, CallbacksMixin, WorkloadMixin, HistoryMixin, PeopleMixin):
    """``Store.open(url)``, then call its methods; each runs in one transaction and raises only ``DomainError``s."""
