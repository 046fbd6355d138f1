"""The one store every window, script and test uses; see DESIGN.md for its contract."""

from .appointments import AppointmentsMixin
from .callback_queries import CallbackQueriesMixin
from .callbacks import CallbacksMixin
from .changes import ChangesMixin
from .contracts import ContractsMixin
from .directory import DirectoryMixin
from .settings import SettingsMixin
from .staff import StaffMixin
from .stats import StatsMixin
from .workload import HistoryMixin, WorkloadMixin


class Store(StatsMixin, AppointmentsMixin, CallbacksMixin, CallbackQueriesMixin, ContractsMixin, WorkloadMixin,
            HistoryMixin, StaffMixin, DirectoryMixin, SettingsMixin, ChangesMixin):
    """``Store.open(url)``, then call its methods; each runs in one transaction and raises only ``DomainError``s."""
