"""What ``on_time_report`` returns: how many callback deadlines were kept, per local day and per technician."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class OnTimeCount:
    """Deadlines of one kind that are settled: kept (done by the deadline, or at it) or missed."""

    on_time: int = 0
    late: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late

    @property
    def share(self) -> float | None:
        """The share kept, 0..1; None when no deadline of the kind was settled."""
        return self.on_time / self.total if self.total else None

    def __add__(self, other: "OnTimeCount") -> "OnTimeCount":
        return OnTimeCount(self.on_time + other.on_time, self.late + other.late)


@dataclass(frozen=True)
class OnTimeDay:
    day: date  # the local day the deadlines fell on
    respond: OnTimeCount  # picked up (claimed) by ``respond_by``
    resolve: OnTimeCount  # resolved by ``resolve_by``


@dataclass(frozen=True)
class OnTimeTechnician:
    """The deadlines of the callbacks a technician holds (claimed, or claimed and resolved)."""

    technician_id: int
    name: str
    respond: OnTimeCount
    resolve: OnTimeCount


@dataclass(frozen=True)
class OnTimeReport:
    """Callback deadlines that fell in ``first_day``..``last_day`` (local days, inclusive) and are settled."""

    first_day: date
    last_day: date
    per_day: tuple[OnTimeDay, ...]  # every day of the period, oldest first, zeros included
    technicians: tuple[OnTimeTechnician, ...]  # active technicians and anyone else holding one, by name
    respond: OnTimeCount  # the whole shop, callbacks nobody picked up included
    resolve: OnTimeCount
