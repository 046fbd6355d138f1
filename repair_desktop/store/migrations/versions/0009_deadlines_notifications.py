"""Callback deadlines and notifications.

Each callback gets its response and resolution deadlines (and where the last
quarter of each target begins), filled here for the callbacks already there
from the default targets (no shop has set its own before this revision), and
markers saying when a passed deadline was announced. Deadlines that had passed
before the upgrade are marked as announced at the upgrade: the shop made no
such promise then, and the first check after an upgrade must not send the
managers a notification for every old callback. They still show as late.

Two partial indexes hold only the deadlines still to be announced, so the
check that every window makes now and then reads an empty index range when
nothing is late, however many callbacks there are. Available Jobs sort by
priority, then response deadline: ``(status, priority, respond_by, id)``.

The SQL is written out here, not imported, so the migration stays what it was
when the program that wrote it is changed later.

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0010"
branch_labels = None
depends_on = None

#: The default targets in minutes by stored priority rank (0 urgent .. 3 low): (respond, resolve).
DEFAULTS = {0: (120, 480), 1: (480, 1440), 2: (1440, 4320), 3: (4320, 10080)}
COLUMNS = ("respond_by", "respond_risk_at", "resolve_by", "resolve_risk_at",
           "respond_late_announced_at", "resolve_late_announced_at")
WATCHES = {
    "respond": "status = 'pending' AND respond_late_announced_at IS NULL AND deleted_at IS NULL",
    "resolve": "(status = 'pending' OR status = 'open' OR status = 'in_progress') "
               "AND resolve_late_announced_at IS NULL AND deleted_at IS NULL",
}


def _plus(dialect: str, column: str, seconds: int) -> str:
    """``column + seconds`` in the database's own arithmetic, in the text SQLite stores times as."""
    if dialect == "sqlite":
        return f"strftime('%Y-%m-%d %H:%M:%f000', {column}, '+{seconds} seconds')"
    return f"{column} + interval '{seconds} seconds'"


def _backfill(dialect: str) -> None:
    later = "max" if dialect == "sqlite" else "greatest"
    start = f"{later}(created_at, scheduled_at)"
    for rank, (respond, resolve) in DEFAULTS.items():
        # risk: the last quarter of a target begins three quarters of it after its start (45 s per minute)
        op.execute(f"UPDATE callbacks SET respond_by = {_plus(dialect, 'created_at', respond * 60)}, "
                   f"respond_risk_at = {_plus(dialect, 'created_at', respond * 45)}, "
                   f"resolve_by = {_plus(dialect, start, resolve * 60)}, "
                   f"resolve_risk_at = {_plus(dialect, start, resolve * 45)} WHERE priority = {rank}")
    now = sa.bindparam("now", datetime.now(UTC).replace(tzinfo=None), type_=sa.DateTime())
    for deadline in ("respond", "resolve"):
        op.get_bind().execute(sa.text(f"UPDATE callbacks SET {deadline}_late_announced_at = :now "
                                      f"WHERE {deadline}_by < :now").bindparams(now))


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for column in COLUMNS:
        op.add_column("callbacks", sa.Column(column, sa.DateTime(), nullable=True))
    _backfill(dialect)
    op.create_index("ix_callbacks_status_priority_respond", "callbacks", ["status", "priority", "respond_by", "id"],
                    unique=False)
    for kind, watch in WATCHES.items():
        op.create_index(f"ix_callbacks_{kind}_watch", "callbacks", [f"{kind}_by"], unique=False,
                        sqlite_where=sa.text(watch), postgresql_where=sa.text(watch))
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entity_kind", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["recipient_id"], ["employees.id"],
                                name=op.f("fk_notifications_recipient_id_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index("ix_notifications_recipient_id", "notifications", ["recipient_id", "id"], unique=False)
    op.create_index("ix_notifications_recipient_unread", "notifications", ["recipient_id", "read_at", "id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_notifications_recipient_unread", table_name="notifications")
    op.drop_index("ix_notifications_recipient_id", table_name="notifications")
    op.drop_table("notifications")
    for kind in reversed(WATCHES):
        op.drop_index(f"ix_callbacks_{kind}_watch", table_name="callbacks")
    op.drop_index("ix_callbacks_status_priority_respond", table_name="callbacks")
    for column in reversed(COLUMNS):  # SQLite 3.35+ drops a column in place, keeping the search triggers
        op.drop_column("callbacks", column)
