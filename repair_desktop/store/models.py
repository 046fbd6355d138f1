"""The database tables, in SQLAlchemy 2's typed declarative style.

No relationships are mapped: every query says its joins out loud, so nothing
lazy-loads. These classes stay inside the store; callers get plain frozen
records built from them (``rows/records.py``).
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Integer, MetaData, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..domain.statuses import AppointmentStatus, CallbackStatus, Priority, Role
from .types import PriorityRank, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls) -> Enum:
    """Store a StrEnum by its value ("in_progress"), readable in the database."""
    return Enum(cls, native_enum=False, create_constraint=False, length=20,
                values_callable=lambda e: [m.value for m in e], validate_strings=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    secret_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # edits check it (0007)

    __mapper_args__ = {"version_id_col": version}


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    phone: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # edits check it (0007)

    __mapper_args__ = {"version_id_col": version}


class Vehicle(Base):
    __tablename__ = "vehicles"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    make: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    plate: Mapped[str] = mapped_column(String(200), index=True)
    vin: Mapped[str | None] = mapped_column(String(17))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # edits check it (0007)

    __mapper_args__ = {"version_id_col": version}


class MaintenanceContract(Base):
    __tablename__ = "maintenance_contracts"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    plan: Mapped[str] = mapped_column(String(200), default="AMC")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


#: How a missing time is written in a sort key, so that jobs without one sort first (the sort indexes of 0006).
NEVER_TEXT = "'1900-01-01 00:00:00.000000'"
#: A concern sorts by its first characters: a PostgreSQL index entry can't hold a long text (0006).
CONCERN_SORT_CHARS = 120


#: Per deadline (``respond``, ``resolve``), the condition under which it is still to be announced when it
#: passes. Constants in SQL: SQLite uses a partial index only for a query that spells its condition out alike.
DEADLINE_WATCHES = {
    "respond": "status = 'pending' AND respond_late_announced_at IS NULL AND deleted_at IS NULL",
    "resolve": "(status = 'pending' OR status = 'open' OR status = 'in_progress') "
               "AND resolve_late_announced_at IS NULL AND deleted_at IS NULL",
}


class _Tracked:
    """Who last changed a row and when, and a version that makes stale saves fail loudly."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)


#: The statuses of the Appointments tab's "Open (not finished)" view, as the partial index of that view states them.
OPEN_STATUSES_SQL = "status IN ('scheduled', 'assigned', 'in_progress')"

# The partial indexes below state their condition for SQLite only. On PostgreSQL the migrations (0009, 0011) make
# them partial with the same condition, but naming a PostgreSQL option here (``postgresql_where``) makes
# SQLAlchemy import its whole PostgreSQL dialect to check the option's name: 75 ms on every SQLite PC's start.
# Nothing reads the condition from these classes (the migrations build the schema; the test that compares the
# two runs on SQLite), so it is left to the migrations.


class Appointment(_Tracked, Base):
    __tablename__ = "appointments"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)  # the vehicle's owner when booked
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    concern: Mapped[str] = mapped_column(Text)
    status: Mapped[AppointmentStatus] = mapped_column(_enum(AppointmentStatus), default=AppointmentStatus.SCHEDULED)
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # the plan (migration 0008): estimated minutes, the technician it is planned for, when the car is promised back
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60, server_default=text("60"))
    planned_technician_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": _Tracked.version}  # type: ignore[dict-item]
    __table_args__ = (
        Index("ix_appointments_status_scheduled", "status", "scheduled_at"),
        Index("ix_appointments_planned_scheduled", "planned_technician_id", "scheduled_at"),  # one technician's plan
        Index("ix_appointments_technician_status", "technician_id", "status"),
        Index("ix_appointments_status_id", "status", "id"),  # sort by status (migration 0004)
        Index("ix_appointments_technician_scheduled", "technician_id", "scheduled_at", "id"),  # 0004 too
        Index("ix_appointments_created_id", "created_at", "id"),  # sort by creation time (0006)
        Index("ix_appointments_technician_id_id", "technician_id", "id"),  # sort by technician (0006)
        # finished work by finish time, with who did it and when they started: the Workload tab's figures (0013)
        Index("ix_appointments_completed_work", "completed_at", "technician_id", "started_at"),
        # the open jobs in list order: the Appointments tab's default view (0011)
        Index("ix_appointments_open_scheduled", "scheduled_at", "id", sqlite_where=text(OPEN_STATUSES_SQL)),
        # the sorts by a missing-first time or a long text, on the exact expressions they sort by (0006)
        *(Index(f"ix_appointments_{name}_key", text(expression), "id") for name, expression in (
            ("assigned", f"coalesce(assigned_at, {NEVER_TEXT})"), ("started", f"coalesce(started_at, {NEVER_TEXT})"),
            ("completed", f"coalesce(completed_at, {NEVER_TEXT})"), ("concern", f"substr(concern, 1, {CONCERN_SORT_CHARS})"))),
    )


class Callback(_Tracked, Base):
    __tablename__ = "callbacks"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_number: Mapped[str | None] = mapped_column(String(20), unique=True)  # set right after the insert
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    description: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    issue_type: Mapped[str | None] = mapped_column(String(200))
    priority: Mapped[Priority] = mapped_column(PriorityRank, default=Priority.MEDIUM)
    status: Mapped[CallbackStatus] = mapped_column(_enum(CallbackStatus), default=CallbackStatus.PENDING)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    # Deadlines (domain/deadlines.py), set whenever the priority or scheduled time is; None only on a row
    # written by something other than the store. ``*_late_announced_at``: when check_deadlines told people.
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_risk_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_risk_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    respond_late_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_late_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": _Tracked.version}  # type: ignore[dict-item]
    __table_args__ = (
        Index("ix_callbacks_status_priority_scheduled", "status", "priority", "scheduled_at"),
        Index("ix_callbacks_claimed_by_status", "claimed_by", "status"),
        # the Workload tab's figures: finished work by finish time, and callbacks by status over a period (0013)
        Index("ix_callbacks_resolved_work", "resolved_at", "claimed_by", "started_at", "deleted_at"),
        Index("ix_callbacks_status_scheduled_priority", "status", "scheduled_at", "priority", "deleted_at"),
        # the sorts of the callbacks board, each ending in the id tie-break (migration 0004)
        Index("ix_callbacks_priority_scheduled_id", "priority", "scheduled_at", "id"),
        Index("ix_callbacks_scheduled_id", "scheduled_at", "id"),
        Index("ix_callbacks_created_id", "created_at", "id"),
        # Available Jobs: pending, by priority then response deadline (migration 0009)
        Index("ix_callbacks_status_priority_respond", "status", "priority", "respond_by", "id"),
        # the deadlines check_deadlines has still to announce, and only those (0009)
        *(Index(f"ix_callbacks_{kind}_watch", f"{kind}_by", sqlite_where=text(watch))
          for kind, watch in DEADLINE_WATCHES.items()),
        # every deadline, kept or not, for the on-time report's period ranges (0014)
        Index("ix_callbacks_respond_by", "respond_by"),
        Index("ix_callbacks_resolve_by", "resolve_by"),
    )


class CallbackHelper(Base):
    """A technician helping the claimer; helpers do not count against capacity (only claims do)."""

    __tablename__ = "callback_helpers"
    callback_id: Mapped[int] = mapped_column(ForeignKey("callbacks.id"), primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    added_by: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StatusEvent(Base):
    """One line of an entity's history; written in the same transaction as the change it records."""

    __tablename__ = "status_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_kind: Mapped[str] = mapped_column(String(20))  # "appointment" | "callback"
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_status_events_entity", "entity_kind", "entity_id", "id"),)


class AuditLine(Base):
    """One field of one change to a person, a customer, a vehicle, a contract or the settings (0007).

    ``entity_kind`` is "employee", "customer", "vehicle", "contract" or "settings" (id 0); ``field`` is the
    attribute ("name", "role", "pin", ...) or "created"; ``actor_id`` is None only for the shop's first manager,
    who is added before anyone can sign in. Written in the same transaction as the change.
    """

    __tablename__ = "audit_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_audit_lines_entity", "entity_kind", "entity_id", "id"),)
class Notification(Base):
    """One message to one employee, written in the transaction of the change it tells about."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    entity_kind: Mapped[str] = mapped_column(String(20))  # "appointment" | "callback"
    entity_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_notifications_recipient_id", "recipient_id", "id"),  # one person's list, newest first
        Index("ix_notifications_recipient_unread", "recipient_id", "read_at", "id"),  # the unread count
    )
class TimeOff(Base):
    """A technician away (holiday, training, a dentist's hour): no plan may fall in it (migration 0008)."""

    __tablename__ = "time_off"
    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    # still to come (or under way) first: past time off is never read again
    __table_args__ = (Index("ix_time_off_technician_ends", "technician_id", "ends_at"),
                      Index("ix_time_off_ends_starts", "ends_at", "starts_at"))


class Setting(Base):
    """Shop-wide values, such as the capacity limit, as text keyed by name."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))


class Change(Base):
    """One line of the change feed other PCs follow: what changed (kind, id), written in the change's transaction.

    ``kind`` is "appointment", "callback", "employee", "customer", "contract" or "settings" (id 0); ``origin`` names the store
    (one per open window) that made it, so a PC can skip its own changes. Old lines are pruned.
    """

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused after pruning: followers never miss one
