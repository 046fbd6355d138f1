"""Indexes on the callbacks' deadlines, for the on-time report.

``on_time_report`` counts the deadlines that fell in a period: a range of
``respond_by`` and one of ``resolve_by``. Without an index each of its four
statements read every callback (490 ms for 30 days at 100,000 callbacks on
SQLite); with these it reads the period's rows only. The partial indexes of
0009 hold only deadlines still to announce, so they cannot serve it.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-01
"""

from alembic import op

revision = "0014"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_callbacks_respond_by", "callbacks", ["respond_by"], unique=False)
    op.create_index("ix_callbacks_resolve_by", "callbacks", ["resolve_by"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_callbacks_resolve_by", table_name="callbacks")
    op.drop_index("ix_callbacks_respond_by", table_name="callbacks")
