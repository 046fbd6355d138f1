"""Callback tickets for customers with an active maintenance contract: create, claim, work, close.

A claim locks the callback row and then the technician's row, so of two PCs
claiming the same job in the same millisecond one waits and then finds it taken.
"""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, aliased

from ..domain.errors import AlreadyClaimed, NoActiveContract, ValidationError
from ..domain.limits import LONG_TEXT, check_scheduled, clean_text
from ..domain.statuses import DESK_ROLES, CallbackStatus, Priority, Role
from ..domain.transitions import CALLBACK_WORKFLOW
from .base import StoreBase, reads, writes
from .leading_join import LeadingJoin
from .models import Callback, CallbackHelper, Customer, Employee, MaintenanceContract
from .paging import PAGE_SIZE, Page, keyset_parts, reaches
from .rows import search_words, CallbackFilter, CallbackRow
from .search import CALLBACK_SEARCH, CANDIDATE_CAP, Narrowing

_Claimer = aliased(Employee, name="claimer")
_Creator = aliased(Employee, name="creator")
_HELPERS = (select(func.count()).where(CallbackHelper.callback_id == Callback.id)
            .correlate(Callback).scalar_subquery())

#: Sort keys: each list ends before the id tie-break that ``list_callbacks`` appends.
CALLBACK_SORTS: dict[str, list[ColumnElement]] = {
    "priority": [Callback.priority, Callback.scheduled_at],
    "scheduled_at": [Callback.scheduled_at],
    "job_number": [Callback.id],  # job numbers grow with the id
    "status": [Callback.status, Callback.priority, Callback.scheduled_at],
    "customer": [Customer.name, Callback.customer_id],
    "created_at": [Callback.created_at],
}
#: Sorting by customer reads the customers first when nothing else narrows the list (see LeadingJoin).
_LEADING = {"customer": (Customer, Callback.customer_id)}


def _priority(value: str) -> Priority:
    try:
        return Priority(value)
    except ValueError:
        raise ValidationError(f"'{value}' is not a priority; choose urgent, high, medium or low.") from None


def _description(text: str) -> str:
    return clean_text(text, "description", limit=LONG_TEXT, required=True, ask="a description of the work")


def _notes(text: str | None) -> str | None:
    return clean_text(text, "notes", limit=LONG_TEXT)


def _issue_type(text: str | None) -> str | None:
    return clean_text(text, "issue type")


class CallbacksMixin(StoreBase):
    @writes
    def create_callback(self, s: Session, customer_id: int, scheduled_at: datetime, description: str, priority: str,
                        actor: int, notes: str | None = None, issue_type: str | None = None) -> Callback:
        who = self._authorize(s, actor, DESK_ROLES, "create callbacks")
        customer = self._get(s, Customer, customer_id, "customer")
        now = self._now()
        callback = Callback(customer_id=customer.id, scheduled_at=check_scheduled(scheduled_at, now),
                            description=_description(description), notes=_notes(notes),
                            issue_type=_issue_type(issue_type), priority=_priority(priority),
                            status=CallbackStatus.PENDING, created_at=now, created_by=who.id)
        self._require_contract(s, customer, scheduled_at)
        s.add(callback)
        s.flush()
        callback.job_number = f"CB-{now.astimezone().year}-{callback.id:05d}"
        self._record(s, "callback", callback.id, "create_callback", None, CallbackStatus.PENDING, who, now)
        s.flush()
        return callback

    @writes
    def update_callback(self, s: Session, callback_id: int, actor: int, *, expected_version: int | None = None,
                        description: str | None = None, notes: str | None = None, priority: str | None = None,
                        issue_type: str | None = None, scheduled_at: datetime | None = None) -> Callback:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "edit", actor, expected_version)
        now = self._now()
        if description is not None:
            callback.description = _description(description)
        if notes is not None:
            callback.notes = _notes(notes)
        if issue_type is not None:
            callback.issue_type = _issue_type(issue_type)
        if priority is not None:
            callback.priority = _priority(priority)
        if scheduled_at is not None:
            check_scheduled(scheduled_at, now)
            self._require_contract(s, self._get(s, Customer, callback.customer_id, "customer"), scheduled_at)
            callback.scheduled_at = scheduled_at
        self._touch(callback, who, now)
        s.flush()
        return callback

    @writes
    def claim_callback(self, s: Session, callback_id: int, technician_id: int) -> Callback:
        callback = self._get(s, Callback, callback_id, "callback", lock=True)
        who = self._authorize(s, technician_id, frozenset({Role.TECHNICIAN}), "pick jobs")
        if callback.status in (CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS):
            claimer = s.get(Employee, callback.claimed_by)
            at = f" at {callback.claimed_at.astimezone():%H:%M}" if callback.claimed_at else ""
            name = "you" if claimer and claimer.id == who.id else (claimer.name if claimer else "someone else")
            raise AlreadyClaimed(f"{callback.job_number} was picked by {name}{at}. It has left the Available Jobs list.")
        previous = callback.status
        CALLBACK_WORKFLOW.move("claim_callback", previous)
        self._technician_with_room(s, who.id)
        now = self._now()
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, previous, CallbackStatus.OPEN, "claim_callback", who, now,
                                 claimed_by=who.id, claimed_at=now)

    @writes
    def start_callback(self, s: Session, callback_id: int, actor: int) -> Callback:
        return self._timed_move(s, callback_id, actor, "start_callback", "started_at")

    @writes
    def resolve_callback(self, s: Session, callback_id: int, actor: int) -> Callback:
        return self._timed_move(s, callback_id, actor, "resolve_callback", "resolved_at")

    @writes
    def close_callback(self, s: Session, callback_id: int, actor: int) -> Callback:
        return self._timed_move(s, callback_id, actor, "close_callback", "closed_at")

    def _timed_move(self, s: Session, callback_id: int, actor: int, action: str, stamp: str) -> Callback:
        """A plain step forward: the status the workflow table names, and the time it happened in ``stamp``."""
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, action, actor)
        now = self._now()
        target = CALLBACK_WORKFLOW.move(action, callback.status)
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, target, action, who, now, **{stamp: now})

    @writes
    def reassign_callback(self, s: Session, callback_id: int, technician_id: int, actor: int, *,
                          expected_version: int | None = None) -> Callback:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "reassign_callback", actor, expected_version)
        if callback.claimed_by == technician_id:
            raise ValidationError("That technician already holds this callback.")
        tech = self._technician_with_room(s, technician_id)
        # A helper who becomes the claimer is no longer also a helper.
        s.execute(CallbackHelper.__table__.delete().where(CallbackHelper.callback_id == callback.id,
                                                          CallbackHelper.technician_id == tech.id))
        now = self._now()
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, callback.status, "reassign_callback", who, now,
                                 note=f"Reassigned to {tech.name}", claimed_by=tech.id, claimed_at=now)

    @writes
    def release_callback(self, s: Session, callback_id: int, actor: int, *,
                         expected_version: int | None = None) -> Callback:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "release_callback", actor, expected_version)
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, CallbackStatus.PENDING, "release_callback", who,
                                 self._now(), claimed_by=None, claimed_at=None)

    @writes
    def cancel_callback(self, s: Session, callback_id: int, reason: str, actor: int, *,
                        expected_version: int | None = None) -> Callback:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "cancel_callback", actor, expected_version)
        reason = clean_text(reason, "reason", limit=LONG_TEXT, required=True, ask="why the callback is cancelled")
        now = self._now()
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, CallbackStatus.CANCELLED, "cancel_callback", who, now,
                                 note=reason, cancelled_at=now, cancel_reason=reason)

    @writes
    def add_helper(self, s: Session, callback_id: int, technician_id: int, actor: int) -> Callback:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "add_helper", actor)
        tech = self._get(s, Employee, technician_id, "employee")
        if tech.role != Role.TECHNICIAN or not tech.active:
            raise ValidationError(f"{tech.name} is not an active technician.")
        if tech.id == callback.claimed_by or s.get(CallbackHelper, (callback.id, tech.id)) is not None:
            raise ValidationError(f"{tech.name} is already working on {callback.job_number}.")
        now = self._now()
        s.add(CallbackHelper(callback_id=callback.id, technician_id=tech.id, added_by=who.id, added_at=now))
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, callback.status, "add_helper", who, now,
                                 note=f"{tech.name} is helping")

    @writes
    def delete_callback(self, s: Session, callback_id: int, actor: int) -> None:
        """Hide the callback from every list; the row and its history stay, with who deleted it."""
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "delete_callback", actor)
        now = self._now()
        self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, callback.status, "delete_callback", who, now,
                          note="Deleted", deleted_at=now, deleted_by=who.id)



    def _require_contract(self, s: Session, customer: Customer, scheduled_at: datetime) -> None:
        day = scheduled_at.astimezone().date()
        holder = s.scalar(select(MaintenanceContract.id).where(
            MaintenanceContract.customer_id == customer.id, MaintenanceContract.cancelled.is_(False),
            MaintenanceContract.starts_on <= day, MaintenanceContract.ends_on >= day).limit(1))
        if holder is None:
            raise NoActiveContract(f"{customer.name} has no maintenance contract active on {day:%d %b %Y}. "
                                   "Add or renew their contract first, or book a normal appointment.")

    # --- lists -----------------------------------------------------------------------------------

    @reads
    def available_callbacks(self, s: Session) -> list[Callback]:
        """Pending, not deleted, urgent first then by scheduled time: the technicians' Available Jobs."""
        return list(s.scalars(select(Callback).where(Callback.status == CallbackStatus.PENDING,
                                                     Callback.deleted_at.is_(None))
                              .order_by(Callback.priority, Callback.scheduled_at, Callback.id)))

    @reads
    def my_callbacks(self, s: Session, technician_id: int) -> list[Callback]:
        """The technician's claimed jobs still to do (open or in progress), in the same order."""
        return list(s.scalars(select(Callback).where(
            Callback.claimed_by == technician_id, Callback.deleted_at.is_(None),
            Callback.status.in_((CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS)))
            .order_by(Callback.priority, Callback.scheduled_at, Callback.id)))

    @reads
    def callback(self, s: Session, callback_id: int) -> CallbackRow:
        row = s.execute(_rows_query().where(Callback.id == callback_id)).one_or_none()
        if row is None:
            self._get(s, Callback, callback_id, "callback")  # raises NotFound
        return _to_row(row)

    @reads
    def list_callbacks(self, s: Session, filter: CallbackFilter = CallbackFilter(), *, sort: str = "priority",
                       descending: bool = False, after: tuple | None = None,
                       limit: int = PAGE_SIZE) -> Page[CallbackRow]:
        keys = [*CALLBACK_SORTS[sort], Callback.id]
        narrowed = _narrowed(s, filter)
        if sort not in _LEADING:  # every key in the callbacks' own table: choose the page's ids there
            ids = _filtered(s, select(Callback.id), filter, narrowed)
            return keyset_parts(s, [(_rows_query(), keys)], descending, after, limit, _to_row, ids=ids)
        few = (narrowed is not None and narrowed.few) or not _unselective(s, filter)
        stmt = _filtered(s, _rows_query(None if few else _LEADING[sort]), filter, narrowed)
        return keyset_parts(s, [(stmt, keys)], descending, after, limit, _to_row)

    @reads
    def count_callbacks(self, s: Session, filter: CallbackFilter = CallbackFilter()) -> int:
        return s.scalar(_filtered(s, select(func.count(Callback.id)), filter, _narrowed(s, filter))) or 0


_ROW_FIELDS = list(CallbackRow.__dataclass_fields__)


def _rows_query(leading: tuple | None = None) -> Select:
    """Every column of a row; with ``leading`` (the customers) read first, as LeadingJoin says."""
    stmt = (select(Callback.id, Callback.job_number, Callback.status, Callback.priority, Callback.scheduled_at,
                   Callback.description, Callback.notes, Callback.issue_type, Callback.customer_id,
                   Customer.name.label("customer_name"), Customer.phone.label("customer_phone"),
                   Customer.address.label("customer_address"), Callback.claimed_by,
                   _Claimer.name.label("claimed_by_name"),
                   (_HELPERS + case((Callback.claimed_by.is_(None), 0), else_=1)).label("technician_count"),
                   _Creator.name.label("created_by_name"), Callback.created_at, Callback.claimed_at,
                   Callback.started_at, Callback.resolved_at, Callback.closed_at, Callback.version))
    if leading is None:
        stmt = stmt.select_from(Callback).join(Customer, Customer.id == Callback.customer_id)
    else:
        stmt = stmt.select_from(LeadingJoin(Customer.__table__, Callback.__table__, Customer.id == Callback.customer_id))
    return (stmt.outerjoin(_Claimer, _Claimer.id == Callback.claimed_by)
            .outerjoin(_Creator, _Creator.id == Callback.created_by)
            .where(Callback.deleted_at.is_(None)))


def _unselective(s: Session, f: CallbackFilter) -> bool:
    """Whether the filter leaves so many rows that reading the customers' index first beats sorting them."""
    if not (f.statuses or f.priorities or f.claimed_by is not None or f.customer_id is not None):
        return True
    return reaches(s, _filtered(s, select(Callback.id), replace(f, text=""), None), CANDIDATE_CAP)


def _narrowed(s: Session, f: CallbackFilter) -> Narrowing | None:
    words = search_words(f.text)
    return CALLBACK_SEARCH.narrow(s, Callback.id, words) if words else None


def _filtered(s: Session, stmt: Select, f: CallbackFilter, narrowed: Narrowing | None) -> Select:
    """``stmt`` kept to the rows ``f`` selects; ``narrowed`` is the search index's say on its words (search.py)."""
    stmt = stmt.where(Callback.deleted_at.is_(None))
    if f.statuses:
        stmt = stmt.where(Callback.status.in_(f.statuses))
    if f.priorities:
        stmt = stmt.where(Callback.priority.in_(f.priorities))
    if f.claimed_by is not None:
        stmt = stmt.where(Callback.claimed_by == f.claimed_by)
    if f.customer_id is not None:
        stmt = stmt.where(Callback.customer_id == f.customer_id)
    if narrowed is not None:
        stmt = stmt.where(narrowed.condition)
    words = search_words(f.text)
    if words and not (narrowed is not None and narrowed.exact):
        stmt = stmt.where(CALLBACK_SEARCH.contains_all(s, Callback.id, words))
    return stmt


# The query's columns are the row's fields in order, so a row is built from a slice, not by name: a page of
# 200 rows in a quarter of the time (issue 7). Checked once here, so a column added to one and not the other fails
# at import, not with shifted values.
assert [c.name for c in _rows_query().selected_columns] == _ROW_FIELDS, "_rows_query must list CallbackRow's fields"
_FIELD_COUNT = len(_ROW_FIELDS)


def _to_row(r) -> CallbackRow:
    return CallbackRow(*r[:_FIELD_COUNT])
