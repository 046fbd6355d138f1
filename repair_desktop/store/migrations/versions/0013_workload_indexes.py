"""Indexes that hold everything the Workload tab's figures read, so they are read from the index alone.

The technician table and the charts count finished work over a period by its
finish time, per technician, with the time it took: each completed job read
through the finish-time index was one more lookup of its row. At a million
appointments (SQLite, the statements alone, on a machine with other work) the
30-day count per technician went from 159 ms to 102 ms, the period's
averages from 132 ms to 75 ms, the callbacks' from 53 ms and 42 ms to 30 ms
and 21 ms, and the period's finished callbacks by status and priority from
69 ms to 3.5 ms (``status, scheduled_at`` is a range; ``status, priority,
scheduled_at`` was not).

Revision ID: 0013
Revises: 0014
Create Date: 2026-12-01
"""

from alembic import op

revision = "0013"
down_revision = "0014"
branch_labels = None
depends_on = None

INDEXES = (("ix_appointments_completed_work", "appointments", ["completed_at", "technician_id", "started_at"]),
           ("ix_callbacks_resolved_work", "callbacks", ["resolved_at", "claimed_by", "started_at", "deleted_at"]),
           ("ix_callbacks_status_scheduled_priority", "callbacks", ["status", "scheduled_at", "priority", "deleted_at"]))


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
