"""Callback deadlines in the store: the shop's targets, each callback's deadlines, and announcing passed ones.

The targets are shop settings, one row per priority ("respond,resolve" minutes),
read with the defaults for a priority the shop never set. A callback's
deadlines are written when it is created and whenever its priority or
scheduled time changes. Changing the targets does not move the deadlines of
callbacks already there: those were the promise made when each was created
(or last re-prioritised), and a target change is a change of terms from now on.

``check_deadlines`` is the only thing that announces a passed deadline. Any
window calls it now and then; each deadline is announced exactly once however
many PCs call at the same moment, because the announcement is a conditional
UPDATE of the callback's marker (``*_late_announced_at IS NULL``): on SQLite
writers queue, and on PostgreSQL a second UPDATE waits for the first one's row
lock and then finds the marker set. Before any write, a read asks the partial
indexes of migration 0009 (which hold only the deadlines still to announce)
whether anything has passed: with nothing late that is an empty index range.
"""

from datetime import datetime

from sqlalchemy import ColumnElement, Update, and_, bindparam, or_, select, text
from sqlalchemy.orm import Session

from ..domain.deadlines import (DEFAULT_TARGETS, UNRESOLVED_STATUSES, CallbackDeadlines, DeadlineKind,
                                DeadlineState, DeadlineTarget, check_targets, deadlines_for)
from ..domain.statuses import CallbackStatus, Priority, Role
from .base import reads, writes
from .capacity import one_of
from .models import DEADLINE_WATCHES, Callback, Employee, Setting
from .notifications import NotificationsMixin, snippet
from .staff import MANAGERS

#: One setting per priority: ``deadline_targets.urgent`` = ``"120,480"``.
_SETTING = "deadline_targets.{}"
_TARGET_SETTINGS = select(Setting.key, Setting.value).where(Setting.key.like("deadline_targets.%"))
_NOW = bindparam("now", type_=Callback.__table__.c.respond_by.type)
_TABLE = Callback.__table__
#: Per deadline: its kind, its column, its announcement marker, and its partial index's condition.
_WATCHES = [(DeadlineKind(kind), _TABLE.c[f"{kind}_by"], _TABLE.c[f"{kind}_late_announced_at"], text(watch))
            for kind, watch in DEADLINE_WATCHES.items()]
#: Has any deadline still to be announced passed? Asked of the partial indexes alone.
_ANY_DUE = select(or_(*(select(_TABLE.c.id).where(watch, column < _NOW).exists() for _, column, _, watch in _WATCHES)))


def _announce_statement(column, marker, watch) -> Update:
    """Mark every passed, unannounced deadline of one kind as announced now; returns what it marked."""
    return (_TABLE.update().where(watch, column < _NOW).values({marker: _NOW})
            .returning(_TABLE.c.id, _TABLE.c.job_number, _TABLE.c.description, _TABLE.c.created_by, column))


_ANNOUNCE = [(kind, _announce_statement(column, marker, watch)) for kind, column, marker, watch in _WATCHES]
_ACTIVE_MANAGERS = select(Employee.id).where(Employee.role == Role.MANAGER, Employee.active.is_(True))
_LATE_TEXT = {DeadlineKind.RESPOND: "{job} is late: nobody picked it up by {due} ({what}).",
              DeadlineKind.RESOLVE: "{job} is late: it was due to be resolved by {due} ({what})."}


def deadline_condition(state: DeadlineState, now: datetime) -> ColumnElement[bool]:
    """Callbacks whose next deadline (respond while pending, then resolve) is in ``state`` at ``now``."""
    pending = Callback.status == CallbackStatus.PENDING
    working = one_of(Callback.status, UNRESOLVED_STATUSES - {CallbackStatus.PENDING})
    if state == DeadlineState.LATE:
        return or_(and_(pending, Callback.respond_by < now), and_(working, Callback.resolve_by < now))
    if state == DeadlineState.AT_RISK:
        return or_(and_(pending, Callback.respond_risk_at <= now, Callback.respond_by >= now),
                   and_(working, Callback.resolve_risk_at <= now, Callback.resolve_by >= now))
    return or_(and_(pending, Callback.respond_risk_at > now), and_(working, Callback.resolve_risk_at > now))


class DeadlinesMixin(NotificationsMixin):
    @reads
    def deadline_targets(self, s: Session) -> dict[Priority, DeadlineTarget]:
        """The shop's targets for every priority, urgent first."""
        return self._targets(s)

    @writes
    def set_deadline_targets(self, s: Session, targets: dict, actor: int) -> dict[Priority, DeadlineTarget]:
        """Change the targets of the priorities in ``targets`` (the others stay); every value is checked
        before anything is written. Returns every priority's targets as they now are."""
        self._authorize(s, actor, MANAGERS, "change the callback deadlines")
        for priority, target in check_targets(targets).items():
            value = f"{target.respond_minutes},{target.resolve_minutes}"
            setting = s.get(Setting, _SETTING.format(priority), with_for_update=True)
            if setting is None:
                s.add(Setting(key=_SETTING.format(priority), value=value))
            else:
                setting.value = value
        s.flush()
        return self._targets(s)

    def _targets(self, s: Session) -> dict[Priority, DeadlineTarget]:
        stored = dict(s.connection().execute(_TARGET_SETTINGS).all())
        targets = {}
        for priority, default in DEFAULT_TARGETS.items():
            value = stored.get(_SETTING.format(priority))
            targets[priority] = DeadlineTarget(*map(int, value.split(","))) if value else default
        return targets

    def _deadlines(self, s: Session, priority: Priority, created_at: datetime,
                   scheduled_at: datetime) -> CallbackDeadlines:
        return deadlines_for(self._targets(s)[priority], created_at, scheduled_at)

    def _set_deadlines(self, s: Session, callback: Callback, now: datetime) -> None:
        """Recompute ``callback``'s deadlines from its priority and scheduled time. A deadline that moves
        past ``now`` again may be announced again when it passes: it is a new promise."""
        with s.no_autoflush:  # the callback's own changes are flushed once, with its new deadlines
            new = self._deadlines(s, callback.priority, callback.created_at, callback.scheduled_at)
        if new.respond_by != callback.respond_by and new.respond_by > now:
            callback.respond_late_announced_at = None
        if new.resolve_by != callback.resolve_by and new.resolve_by > now:
            callback.resolve_late_announced_at = None
        for name, value in vars(new).items():
            setattr(callback, name, value)

    def check_deadlines(self) -> int:
        """Announce every deadline that has passed and was not yet announced: a missed response while the
        callback is still pending, a missed resolution while it is not yet resolved (nor cancelled).

        Every active manager and the callback's creator are told. Returns how many deadlines this call
        announced (0 when another PC got there first). Costs one indexed read when nothing is late.
        """
        return self._announce_late() if self._deadline_passed() else 0

    @reads
    def _deadline_passed(self, s: Session) -> bool:
        return bool(s.scalar(_ANY_DUE, {"now": self._now()}))

    @writes
    def _announce_late(self, s: Session) -> int:
        now = self._now()
        connection = s.connection()
        late = [(kind, row) for kind, statement in _ANNOUNCE for row in connection.execute(statement, {"now": now})]
        if not late:
            return 0
        managers = set(connection.execute(_ACTIVE_MANAGERS).scalars())
        for kind, (callback_id, job, description, creator, due) in late:
            message = _LATE_TEXT[kind].format(job=job, due=f"{due.astimezone():%a %d %b %H:%M}",
                                              what=snippet(description))
            self._notify(s, {*managers, creator}, f"callback_{kind}_late", message, "callback", callback_id, now)
            self._announce(s, [("callback", callback_id)])
        return len(late)
