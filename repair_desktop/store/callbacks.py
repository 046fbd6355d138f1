"""Callback tickets for customers with an active maintenance contract: create, work, close, and their lists.

Who holds a callback (claiming, reassigning, releasing, helpers) is decided in ``claims.py``.
"""

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, aliased

from ..domain.callbacks import job_number
from ..domain.errors import NoActiveContract, ValidationError
from ..domain.limits import LONG_TEXT, check_scheduled, clean_text
from ..domain.statuses import DESK_ROLES, CallbackStatus, Priority
from ..domain.transitions import CALLBACK_WORKFLOW, CREATE_CALLBACK
from .base import reads, writes
from .deadlines import DeadlinesMixin, deadline_condition
from .leading_join import LeadingJoin
from .listing import Column, Listing
from .models import Callback, CallbackHelper, Customer, Employee, MaintenanceContract
from .paging import PAGE_SIZE, Page
from .rows import CallbackFilter, CallbackRecord, CallbackRow
from .search import CALLBACK_SEARCH

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
    "deadline": [Callback.priority, Callback.respond_by],  # Available Jobs: priority, then response deadline
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


class CallbacksMixin(DeadlinesMixin):
    @writes
    def create_callback(self, s: Session, customer_id: int, scheduled_at: datetime, description: str, priority: str,
                        actor: int, notes: str | None = None, issue_type: str | None = None) -> CallbackRecord:
        who = self._authorize(s, actor, DESK_ROLES, "create callbacks")
        customer = self._get(s, Customer, customer_id, "customer")
        now = self._now()
        callback = Callback(customer_id=customer.id, scheduled_at=check_scheduled(scheduled_at, now),
                            description=_description(description), notes=_notes(notes),
                            issue_type=_issue_type(issue_type), priority=_priority(priority),
                            status=CallbackStatus.PENDING, created_at=now, created_by=who.id)
        self._require_contract(s, customer, scheduled_at)
        self._set_deadlines(s, callback, now)
        s.add(callback)
        s.flush()
        callback.job_number = job_number(now.astimezone().year, callback.id)
        self._record(s, "callback", callback.id, CREATE_CALLBACK, None, CallbackStatus.PENDING, who, now)
        self._moved(s, "callback", CREATE_CALLBACK, callback, None, who, now)
        s.flush()
        return callback

    @writes
    def update_callback(self, s: Session, callback_id: int, actor: int, *, expected_version: int | None = None,
                        description: str | None = None, notes: str | None = None, priority: str | None = None,
                        issue_type: str | None = None, scheduled_at: datetime | None = None) -> CallbackRecord:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "edit", actor, expected_version, edit=True)
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
        if priority is not None or scheduled_at is not None:
            self._set_deadlines(s, callback, now)
        self._touch(callback, who, now)
        s.flush()
        return callback

    @writes
    def start_callback(self, s: Session, callback_id: int, actor: int) -> CallbackRecord:
        return self._timed_move(s, callback_id, actor, "start_callback", "started_at")

    @writes
    def resolve_callback(self, s: Session, callback_id: int, actor: int) -> CallbackRecord:
        return self._timed_move(s, callback_id, actor, "resolve_callback", "resolved_at")

    @writes
    def close_callback(self, s: Session, callback_id: int, actor: int) -> CallbackRecord:
        return self._timed_move(s, callback_id, actor, "close_callback", "closed_at")

    def _timed_move(self, s: Session, callback_id: int, actor: int, action: str, stamp: str) -> CallbackRecord:
        """A plain step forward: the status the workflow table names, and the time it happened in ``stamp``."""
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, action, actor)
        now = self._now()
        target = CALLBACK_WORKFLOW.move(action, callback.status)
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, target, action, who, now, **{stamp: now})

    @writes
    def cancel_callback(self, s: Session, callback_id: int, reason: str, actor: int, *,
                        expected_version: int | None = None) -> CallbackRecord:
        callback, who = self._begin_move(s, CALLBACK_WORKFLOW, callback_id, "cancel_callback", actor, expected_version)
        reason = clean_text(reason, "reason", limit=LONG_TEXT, required=True, ask="why the callback is cancelled")
        now = self._now()
        return self._finish_move(s, CALLBACK_WORKFLOW, callback, callback.status, CallbackStatus.CANCELLED, "cancel_callback", who, now,
                                 note=reason, cancelled_at=now, cancel_reason=reason)

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
    def available_callbacks(self, s: Session) -> list[CallbackRecord]:
        """Pending, not deleted, urgent first then by response deadline: the technicians' Available Jobs."""
        return list(s.scalars(select(Callback).where(Callback.status == CallbackStatus.PENDING,
                                                     Callback.deleted_at.is_(None))
                              .order_by(Callback.priority, Callback.respond_by, Callback.id)))

    @reads
    def my_callbacks(self, s: Session, technician_id: int) -> list[CallbackRecord]:
        """The technician's claimed jobs still to do (open or in progress), in the same order."""
        return list(s.scalars(select(Callback).where(
            Callback.claimed_by == technician_id, Callback.deleted_at.is_(None),
            Callback.status.in_((CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS)))
            .order_by(Callback.priority, Callback.scheduled_at, Callback.id)))

    @reads
    def callback(self, s: Session, callback_id: int) -> CallbackRow:
        return CALLBACKS.one(s, callback_id)

    @reads
    def list_callbacks(self, s: Session, filter: CallbackFilter = CallbackFilter(), *, sort: str = "priority",
                       descending: bool = False, after: tuple | None = None,
                       limit: int = PAGE_SIZE) -> Page[CallbackRow]:
        return CALLBACKS.page(s, self._judged(filter), sort, descending, after, limit)

    @reads
    def count_callbacks(self, s: Session, filter: CallbackFilter = CallbackFilter()) -> int:
        return CALLBACKS.count(s, self._judged(filter))

    def _judged(self, f: CallbackFilter) -> CallbackFilter:
        """``f`` with the moment its deadline state is judged at: the store's clock, unless the caller chose one."""
        return replace(f, at=self._now()) if f.deadline is not None and f.at is None else f



def _rows_query(leading: tuple | None = None) -> Select:
    """Every column of a row; with ``leading`` (the customers) read first, as LeadingJoin says."""
    stmt = (select(Callback.id, Callback.job_number, Callback.status, Callback.priority, Callback.scheduled_at,
                   Callback.description, Callback.notes, Callback.issue_type, Callback.customer_id,
                   Customer.name.label("customer_name"), Customer.phone.label("customer_phone"),
                   Customer.address.label("customer_address"), Callback.claimed_by,
                   _Claimer.name.label("claimed_by_name"),
                   (_HELPERS + case((Callback.claimed_by.is_(None), 0), else_=1)).label("technician_count"),
                   _Creator.name.label("created_by_name"), Callback.created_at, Callback.claimed_at,
                   Callback.started_at, Callback.resolved_at, Callback.closed_at, Callback.version,
                   Callback.respond_by, Callback.resolve_by))
    if leading is None:
        stmt = stmt.select_from(Callback).join(Customer, Customer.id == Callback.customer_id)
    else:
        stmt = stmt.select_from(LeadingJoin(Customer.__table__, Callback.__table__, Customer.id == Callback.customer_id))
    return (stmt.outerjoin(_Claimer, _Claimer.id == Callback.claimed_by)
            .outerjoin(_Creator, _Creator.id == Callback.created_by)
            .where(Callback.deleted_at.is_(None)))


def _conditions(f: CallbackFilter, column: Column) -> list[ColumnElement[bool]]:
    conditions = [Callback.deleted_at.is_(None)]
    if f.statuses:
        conditions.append(column(Callback.status).in_(f.statuses))
    if f.priorities:
        conditions.append(column(Callback.priority).in_(f.priorities))
    if f.claimed_by is not None:
        conditions.append(column(Callback.claimed_by) == f.claimed_by)
    if f.customer_id is not None:
        conditions.append(column(Callback.customer_id) == f.customer_id)
    if f.deadline is not None:
        conditions.append(deadline_condition(f.deadline, f.at or datetime.now(UTC)))
    return conditions


#: The status and priority indexes hold their callbacks by priority, then scheduled time (the default order).
CALLBACKS = Listing("callback", CallbackRow, Callback.id, _rows_query, _conditions, CALLBACK_SEARCH, CALLBACK_SORTS,
                    _LEADING, filter_order="priority", indexed_sorts=frozenset({"priority", "status"}))
