"""PostgreSQL: the directory's search lines keep one partial index of unusual lines, as the jobs' do.

The directory looked up two-letter words with an index of its own, of the
lines holding anything but printable ASCII (0015); it now uses the jobs'
lookup and migration 0012's index of the lines holding a character outside
ASCII, which every search table has. This drops the directory's second one.

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-01
"""

from alembic import op

revision = "0016"
down_revision = "0012"
branch_labels = None
depends_on = None

#: Migration 0015's condition, to build the index again on the way down.
WIDE = "doc ~ '[^ -~]'"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_directory_search_wide")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_directory_search_wide ON directory_search (id) WHERE {WIDE}")
