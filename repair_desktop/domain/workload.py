"""The manager's view of who is free and who is busy: plain numbers, computed once."""

from dataclasses import dataclass

#: Active jobs a technician may hold at once when the shop never set its own limit.
DEFAULT_CAPACITY = 3
#: How far back a technician's average time from start to completion looks, in days.
AVERAGE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class TechnicianLoad:
    technician_id: int
    name: str
    active_jobs: int
    capacity: int

    @property
    def is_available(self) -> bool:
        return self.active_jobs < self.capacity

    @property
    def load_text(self) -> str:
        """How the desk reads a load: ``"2/3"``."""
        return f"{self.active_jobs}/{self.capacity}"


@dataclass(frozen=True)
class Workload:
    technicians: tuple[TechnicianLoad, ...]

    @property
    def total(self) -> int:
        return len(self.technicians)

    @property
    def available(self) -> int:
        return sum(t.is_available for t in self.technicians)

    @property
    def busy(self) -> int:
        """Technicians at their capacity: nothing more can be given to them."""
        return self.total - self.available

    @property
    def utilization_rate(self) -> float:
        """Active jobs over total capacity, 0.0 to 1.0 (0.0 for a shop with no technicians)."""
        capacity = sum(t.capacity for t in self.technicians)
        return sum(t.active_jobs for t in self.technicians) / capacity if capacity else 0.0
