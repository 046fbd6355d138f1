"""PostgreSQL: an index of the directory's search lines that hold anything but printable ASCII.

A word of two letters or digits is found through the trigram index by the
trigrams it starts ("sm" followed by a letter, a digit, punctuation, a space or
the end of the line), which pg_trgm can look up; only a line where it is
followed by some other character (an accented letter, say) escapes those, and
such lines are few: this index names them, so they are checked one by one
instead of reading every line (store/directory_lookup.py). SQLite's FTS5 index
has its own way with short words and needs nothing.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-01
"""

from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

#: A line with a character outside printable ASCII; store/directory_lookup.py asks with the same words.
WIDE = "doc ~ '[^ -~]'"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_directory_search_wide ON directory_search (id) WHERE {WIDE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_directory_search_wide")
