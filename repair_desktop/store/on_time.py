"""How well the shop keeps its callback promises: the share of deadlines kept, per local day and per technician.

A deadline counts once it is settled: **kept** when the callback was picked up
(claimed) by its ``respond_by``, or resolved by its ``resolve_by`` -- exactly at
the deadline is on time, as the lists show it ("late" only after it) -- and
**missed** when it was done after the deadline, or the deadline has passed and
it is still not done. A deadline still ahead and not yet met is not counted:
it may yet be kept. Each deadline counts on the local day it fell on, so a
period's figures do not move once its days are over (except for a late answer
to a deadline already counted as missed). Cancelled and deleted callbacks owe
nothing and do not count.

A technician's figures are those of the callbacks they hold: the one who
claimed it answers for both its response and its resolution. A callback nobody
picked up counts only in the shop's totals.

Each figure is one GROUP BY over a range of the deadline's own index (migration
0014), counted per hour in SQL and added into local days here, like the
throughput report in ``stats.py``.
"""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ..domain.statuses import CallbackStatus
from .base import reads
from .models import Callback, Employee
from .rows.on_time import OnTimeCount, OnTimeDay, OnTimeReport, OnTimeTechnician
from .stats import _HOUR, StatsMixin, _day_start, _local, _per_technician, _sub_hour_shift
from .workload import ACTIVE_TECHNICIAN

#: Per kind of deadline: the deadline column and the moment that keeps it.
_KINDS = {"respond": (Callback.respond_by, Callback.claimed_at), "resolve": (Callback.resolve_by, Callback.resolved_at)}


class OnTimeMixin(StatsMixin):
    @reads
    def on_time_report(self, s: Session, first_day: date, last_day: date, tz: tzinfo | None = None) -> OnTimeReport:
        """Callback deadlines that fell in the local days ``first_day``..``last_day`` and were kept or missed,
        per day and per technician, for pick-up (``respond_by``) and resolution (``resolve_by``)."""
        if last_day < first_day:
            first_day, last_day = last_day, first_day
        start, end = _day_start(first_day, tz), _day_start(last_day + timedelta(days=1), tz)
        shift = _sub_hour_shift(start, tz)
        now = self._now()
        days: dict[str, Counter[date]] = {}
        techs: dict[str, dict[int | None, OnTimeCount]] = {}
        for kind, (deadline, done) in _KINDS.items():
            kept = and_(done.is_not(None), done <= deadline)
            missed = or_(done > deadline, and_(done.is_(None), deadline < now))
            counts = (func.sum(case((kept, 1), else_=0)), func.sum(case((missed, 1), else_=0)))
            where = (deadline >= start, deadline < end, Callback.status != CallbackStatus.CANCELLED,
                     Callback.deleted_at.is_(None))
            days[kind] = self._on_time_per_day(s, deadline, counts, where, shift, tz)
            tech = _per_technician(Callback.claimed_by)
            techs[kind] = {t: OnTimeCount(int(on or 0), int(late or 0))
                           for t, on, late in s.execute(select(tech, *counts).where(*where).group_by(tech))}
        period = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
        per_day = tuple(OnTimeDay(d, days["respond"][d] or OnTimeCount(), days["resolve"][d] or OnTimeCount())
                        for d in period)
        held = {t for counts in techs.values() for t in counts if t is not None}
        people = s.execute(select(Employee.id, Employee.name).where(or_(
            ACTIVE_TECHNICIAN, Employee.id.in_(held)))
            .order_by(Employee.name, Employee.id))
        technicians = tuple(OnTimeTechnician(t, name, techs["respond"].get(t, OnTimeCount()),
                                             techs["resolve"].get(t, OnTimeCount())) for t, name in people)
        return OnTimeReport(first_day, last_day, per_day, technicians,
                            sum(techs["respond"].values(), OnTimeCount()), sum(techs["resolve"].values(), OnTimeCount()))

    def _on_time_per_day(self, s: Session, deadline: InstrumentedAttribute, counts: tuple[ColumnElement, ...],
                         where: tuple, shift: int, tz: tzinfo | None) -> defaultdict[date, OnTimeCount]:
        hour = ((self._seconds(deadline) + shift) // _HOUR).label("hour")
        per_day: defaultdict[date, OnTimeCount] = defaultdict(OnTimeCount)
        for number, on, late in s.execute(select(hour, *counts).where(*where).group_by(hour)):
            day = _local(datetime.fromtimestamp(int(number) * _HOUR - shift, UTC), tz).date()
            per_day[day] += OnTimeCount(int(on or 0), int(late or 0))
        return per_day
