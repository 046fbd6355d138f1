"""Seed the shop-wide settings with their defaults, so a shop can see and change them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.String))


def upgrade() -> None:
    # A shop on 0001 may already have set its own limit (set_capacity_limit adds the row): keep theirs.
    op.execute(settings.insert().from_select(
        ["key", "value"],
        sa.select(sa.literal("capacity_limit"), sa.literal("3"))
        .where(~sa.exists().where(settings.c.key == "capacity_limit"))))


def downgrade() -> None:
    op.execute(settings.delete().where(settings.c.key == "capacity_limit"))
