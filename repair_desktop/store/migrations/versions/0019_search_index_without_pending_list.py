"""PostgreSQL: the search tables' trigram indexes take each new line at once, with no pending list.

A GIN index by default keeps new entries in an unsorted pending list and
merges them into its tree later (at 4 MB, or when the table is vacuumed or
analyzed). Every lookup reads the whole list besides the tree. A search by a
short word is many small lookups (a lone letter: 37), so the list is read 37
times: after 3,000 customers were added at the desk (300 pending pages), "q"
in the directory of 200,000 took 152 ms instead of 8. With no list, each new
line costs its index entries at the write (adding a customer: 1.40 → 1.58 ms
median), and every search costs what the tree gives, whenever autovacuum
last ran.

The lines already pending are merged now. SQLite's FTS5 tables have no such
list.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

INDEXES = ("ix_appointment_search_doc", "ix_callback_search_doc", "ix_directory_search_doc")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in INDEXES:
            op.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
            op.execute(f"SELECT gin_clean_pending_list('{name}')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in INDEXES:
            op.execute(f"ALTER INDEX {name} RESET (fastupdate)")
