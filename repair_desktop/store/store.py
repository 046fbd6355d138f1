"""The one store every window, script and test uses; docs/architecture.md describes it."""

from .appointments import AppointmentsMixin
from .callback_panel import CallbackPanelMixin
from .callbacks import CallbacksMixin
from .changes import ChangesMixin
from .claims import ClaimsMixin
from .contracts import ContractsMixin
from .customer_changes import CustomerChangesMixin
from .directory import DirectoryMixin
from .history import HistoryMixin
from .on_time import OnTimeMixin
from .planning import PlanningMixin
from .schedule import ScheduleMixin
from .settings import SettingsMixin
from .staff import StaffMixin
from .stats import StatsMixin
from .workload import WorkloadMixin


class Store(OnTimeMixin, ScheduleMixin, StatsMixin, PlanningMixin, AppointmentsMixin, CallbacksMixin, ClaimsMixin,
            ContractsMixin, WorkloadMixin, HistoryMixin, StaffMixin, DirectoryMixin, SettingsMixin, ChangesMixin,
            CustomerChangesMixin, CallbackPanelMixin):
    """``Store.open(url)``, then call its methods; each runs in one transaction and raises only ``DomainError``s."""
