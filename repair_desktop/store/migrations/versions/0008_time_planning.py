"""Planning the shop's days: an estimated duration, a planned technician and a promised time per
appointment, and the technicians' time off.

Existing appointments get the default estimate of 60 minutes, and those a
technician already took (assigned, in progress, completed) are planned for that
technician, so their time shows on the schedule. The indexes let a plan check
read only one technician's jobs near its time (``planned_technician_id,
scheduled_at``), and time off only what has not ended yet.

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("appointments", sa.Column("duration_minutes", sa.Integer(), nullable=False,
                                            server_default=sa.text("60")))
    if op.get_bind().dialect.name == "sqlite":  # ALTER can't add a named constraint there; a column's REFERENCES it can
        op.execute("ALTER TABLE appointments ADD COLUMN planned_technician_id INTEGER REFERENCES employees (id)")
    else:
        op.add_column("appointments", sa.Column("planned_technician_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_appointments_planned_technician_id_employees", "appointments", "employees",
                              ["planned_technician_id"], ["id"])
    op.add_column("appointments", sa.Column("promised_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE appointments SET planned_technician_id = technician_id "
               "WHERE status IN ('assigned', 'in_progress', 'completed') AND technician_id IS NOT NULL")
    op.create_index("ix_appointments_planned_scheduled", "appointments", ["planned_technician_id", "scheduled_at"],
                    unique=False)
    op.create_table(
        "time_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["technician_id"], ["employees.id"], name="fk_time_off_technician_id_employees"),
        sa.ForeignKeyConstraint(["created_by"], ["employees.id"], name="fk_time_off_created_by_employees"),
        sa.PrimaryKeyConstraint("id", name="pk_time_off"),
    )
    op.create_index("ix_time_off_technician_ends", "time_off", ["technician_id", "ends_at"], unique=False)
    op.create_index("ix_time_off_ends_starts", "time_off", ["ends_at", "starts_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_time_off_ends_starts", table_name="time_off")
    op.drop_index("ix_time_off_technician_ends", table_name="time_off")
    op.drop_table("time_off")
    op.drop_index("ix_appointments_planned_scheduled", table_name="appointments")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_appointments_planned_technician_id_employees", "appointments", type_="foreignkey")
    for column in ("promised_at", "planned_technician_id", "duration_minutes"):
        op.drop_column("appointments", column)
