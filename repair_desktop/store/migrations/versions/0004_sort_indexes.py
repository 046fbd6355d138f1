"""Indexes behind the table sorts that read a whole table at a million appointments.

Sorting every appointment by status, and every callback by priority, scheduled
time or creation time, read and sorted the whole table for each page (1-3 s at
1,000,000 appointments and 100,000 callbacks). With an index whose order is the
sort's keyset order, ending in the id tie-break, a page is an index range scan
(about 50 ms). One technician's appointments in scheduled order (the technician
filter, and a technician's own start) read all 100,000 of theirs and sorted
them (0.9 s); ``(technician_id, scheduled_at, id)`` makes it a range scan (2 ms).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_appointments_status_id", "appointments", ["status", "id"]),
    ("ix_appointments_technician_scheduled", "appointments", ["technician_id", "scheduled_at", "id"]),
    ("ix_callbacks_priority_scheduled_id", "callbacks", ["priority", "scheduled_at", "id"]),
    ("ix_callbacks_scheduled_id", "callbacks", ["scheduled_at", "id"]),
    ("ix_callbacks_created_id", "callbacks", ["created_at", "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
