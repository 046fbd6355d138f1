"""Callback tables, paged from ``store.list_callbacks``: the desk's board and the technicians' two lists.

The board and My Callbacks show rows by priority, then scheduled time;
Available Jobs by priority, then the deadline for picking them up. Each list
shows the next deadline and its state (amber at risk, red late), with the
columns each reader needs: the desk sees who created and who holds a job, a
technician out on a job sees the customer's phone and address.
"""

from ...domain.statuses import CallbackStatus
from ...store import CallbackFilter, CallbackRow, Store
from ..widgets.deadlines import deadline_badge, deadline_state, deadline_text
from ..widgets.formatting import short
from ..widgets.background_list import BackgroundListModel
from ..widgets.paged_model import Column

JOB = Column("Job", lambda r: r.job_number, "job_number")
CUSTOMER = Column("Customer", lambda r: r.customer_name, "customer")
PRIORITY = Column("Priority", lambda r: r.priority.label, "priority", badge=lambda r: r.priority.value)
SCHEDULED = Column("Scheduled", lambda r: short(r.scheduled_at), "scheduled_at")
STATUS = Column("Status", lambda r: r.status.label, "status", badge=lambda r: r.status.value)
DESCRIPTION = Column("Description", lambda r: r.description)
ISSUE_TYPE = Column("Issue type", lambda r: r.issue_type or "")
CLAIMED_BY = Column("Claimed by", lambda r: r.claimed_by_name or "")
TECHNICIANS = Column("Technicians", lambda r: str(r.technician_count))
CREATED_BY = Column("Created by", lambda r: r.created_by_name or "")
PHONE = Column("Phone", lambda r: r.customer_phone or "")
ADDRESS = Column("Address", lambda r: r.customer_address or "")
DEADLINE = Column("Deadline", deadline_text, badge=deadline_badge)

#: What a technician's lists hold: jobs waiting for someone, and their own jobs still to finish.
AVAILABLE = CallbackFilter(statuses=frozenset({CallbackStatus.PENDING}))
STILL_TO_DO = frozenset({CallbackStatus.OPEN, CallbackStatus.IN_PROGRESS})


def list_order(row: CallbackRow) -> tuple:
    """Where a row sits in a list sorted the default way (priority, then scheduled time, then id)."""
    return row.priority.rank, row.scheduled_at, row.id


def deadline_order(row: CallbackRow) -> tuple:
    """Where a row sits in Available Jobs (priority, then the deadline for picking it up, then id)."""
    return row.priority.rank, row.respond_by, row.id


def matches(f: CallbackFilter, row: CallbackRow) -> bool | None:
    """Whether ``row`` passes ``f``; None when only the store can say (a text search)."""
    if f.text:
        return None
    return ((not f.statuses or row.status in f.statuses) and (not f.priorities or row.priority in f.priorities)
            and (f.claimed_by is None or row.claimed_by == f.claimed_by)
            and (f.deadline is None or deadline_state(row) == f.deadline))


class _CallbackListModel(BackgroundListModel[CallbackRow]):
    """Rows of ``store.list_callbacks`` for one filter, priority first."""

    #: The store's sort key for the list's own order, and where a row sits in it.
    SORT, order = "priority", staticmethod(list_order)

    def __init__(self, store: Store, filter: CallbackFilter, parent=None) -> None:
        super().__init__(store.list_callbacks, filter, self.SORT, parent)


class CallbacksModel(_CallbackListModel):
    """The admin board: every callback the filter lets through."""

    COL_JOB, COL_CUSTOMER, COL_PRIORITY, COL_SCHEDULED, COL_STATUS, COL_DEADLINE, COL_DESCRIPTION, COL_ISSUE_TYPE, \
        COL_CLAIMED_BY, COL_TECHNICIANS, COL_CREATED_BY = range(11)
    COLUMNS = (JOB, CUSTOMER, PRIORITY, SCHEDULED, STATUS, DEADLINE, DESCRIPTION, ISSUE_TYPE, CLAIMED_BY, TECHNICIANS,
               CREATED_BY)

    def __init__(self, store: Store, filter: CallbackFilter = CallbackFilter(), parent=None) -> None:
        super().__init__(store, filter, parent)


class AvailableJobsModel(_CallbackListModel):
    """Pending callbacks any technician may pick, urgent first, then the one to be picked up soonest."""

    SORT, order = "deadline", staticmethod(deadline_order)
    COL_PRIORITY, COL_DEADLINE, COL_CUSTOMER, COL_JOB, COL_DESCRIPTION, COL_SCHEDULED, COL_ISSUE_TYPE = range(7)
    COLUMNS = (PRIORITY, DEADLINE._replace(sort_key="deadline"), CUSTOMER, JOB, DESCRIPTION, SCHEDULED, ISSUE_TYPE)

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(store, AVAILABLE, parent)


class MyCallbacksModel(_CallbackListModel):
    """The signed-in technician's claimed callbacks that are open or in progress."""

    COL_PRIORITY, COL_STATUS, COL_DEADLINE, COL_CUSTOMER, COL_PHONE, COL_ADDRESS, COL_JOB, COL_DESCRIPTION, \
        COL_SCHEDULED = range(9)
    COLUMNS = (PRIORITY, STATUS, DEADLINE, CUSTOMER, PHONE, ADDRESS, JOB, DESCRIPTION, SCHEDULED)

    def __init__(self, store: Store, technician_id: int, parent=None) -> None:
        super().__init__(store, CallbackFilter(statuses=STILL_TO_DO, claimed_by=technician_id), parent)
