"""Indexes for the remaining sorts of the Appointments table at a million rows.

Sorting by the assigned, started or completed time reads ``coalesce(time,
'1900-01-01 …')`` (jobs without one first), and by concern its first 120
characters (a PostgreSQL index entry can't hold a long text): each read and
sorted the whole table (5-6 s). These expression indexes hold exactly those
expressions, ending in the id tie-break, so a page is an index range scan;
creation time, a plain column no index covered, gets one too, and so does
``(technician_id, id)``: sorting by technician reads the unassigned jobs, then
each technician's, in name order (``list_appointments``).
Sorting by customer or vehicle needs no new index: the listing reads the
customers' (vehicles') index first (see ``leading_join.py``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NEVER = "'1900-01-01 00:00:00.000000'"
INDEXES = {
    "ix_appointments_assigned_key": f"coalesce(assigned_at, {NEVER})",
    "ix_appointments_started_key": f"coalesce(started_at, {NEVER})",
    "ix_appointments_completed_key": f"coalesce(completed_at, {NEVER})",
    "ix_appointments_concern_key": "substr(concern, 1, 120)",
}


def upgrade() -> None:
    op.create_index("ix_appointments_created_id", "appointments", ["created_at", "id"], unique=False)
    op.create_index("ix_appointments_technician_id_id", "appointments", ["technician_id", "id"], unique=False)
    for name, expression in INDEXES.items():
        op.create_index(name, "appointments", [sa.text(expression), "id"], unique=False)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="appointments")
    op.drop_index("ix_appointments_technician_id_id", table_name="appointments")
    op.drop_index("ix_appointments_created_id", table_name="appointments")
