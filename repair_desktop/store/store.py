"""The one store every window, script and test uses; see DESIGN.md for its contract."""

from .appointments import AppointmentsMixin
from .callback_queries import CallbackQueriesMixin
from .callbacks import CallbacksMixin
from .changes import ChangesMixin
from .contracts import ContractsMixin
from .people import PeopleMixin
from .planning import PlanningMixin
from .schedule import ScheduleMixin
from .stats import StatsMixin
from .workload import HistoryMixin, WorkloadMixin


class Store(ScheduleMixin, StatsMixin, PlanningMixin, AppointmentsMixin, CallbacksMixin, CallbackQueriesMixin,
            ContractsMixin, WorkloadMixin, HistoryMixin, PeopleMixin, ChangesMixin):
    """``Store.open(url)``, then call its methods; each runs in one transaction and raises only ``DomainError``s."""
