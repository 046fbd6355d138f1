"""PostgreSQL: statistics of the technician and status of appointments together.

PostgreSQL estimates two conditions as if they were independent. The
completed jobs sorted by technician start with the unassigned ones, and no
completed job is unassigned; taken apart, the statistics say 8% of the jobs
are unassigned and 88% completed, so about 69,000 unassigned completed jobs
at 1,000,000 appointments. For that many the planner walked the completed
jobs in id order looking for unassigned ones (877,000 rows, 94 ms) rather
than look them up in the technician-and-status index and sort none. Extended
statistics (most common value pairs, and how far one column decides the
other) tell it the pair is empty: 127 → 19 ms for the page.

``ANALYZE`` fills them now; autovacuum keeps them current afterwards, as it
does the columns' own. SQLite has no such statistics: its listings hide the
filter's columns from its planner where they mislead it (listing.py).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

NAME = "st_appointments_technician_status"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE STATISTICS {NAME} (mcv, dependencies) ON technician_id, status FROM appointments")
        op.execute("ANALYZE appointments")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP STATISTICS {NAME}")
