"""Create the shop's tables: people, customers, vehicles, contracts, jobs, history, settings.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=400), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_name'), ['name'], unique=False)

    op.create_table('employees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('technician', 'front_desk', 'manager', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('secret_hash', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employees')),
    sa.UniqueConstraint('name', name=op.f('uq_employees_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('callbacks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_number', sa.String(length=20), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('issue_type', sa.String(length=60), nullable=True),
    sa.Column('priority', sa.SmallInteger(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'open', 'in_progress', 'resolved', 'closed', 'cancelled', name='callbackstatus', native_enum=False, length=20), nullable=False),
    sa.Column('claimed_by', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claimed_by'], ['employees.id'], name=op.f('fk_callbacks_claimed_by_employees')),
    sa.ForeignKeyConstraint(['created_by'], ['employees.id'], name=op.f('fk_callbacks_created_by_employees')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_callbacks_customer_id_customers')),
    sa.ForeignKeyConstraint(['deleted_by'], ['employees.id'], name=op.f('fk_callbacks_deleted_by_employees')),
    sa.ForeignKeyConstraint(['updated_by'], ['employees.id'], name=op.f('fk_callbacks_updated_by_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks')),
    sa.UniqueConstraint('job_number', name=op.f('uq_callbacks_job_number'))
    )
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.create_index('ix_callbacks_claimed_by_status', ['claimed_by', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_callbacks_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_callbacks_resolved_at'), ['resolved_at'], unique=False)
        batch_op.create_index('ix_callbacks_status_priority_scheduled', ['status', 'priority', 'scheduled_at'], unique=False)

    op.create_table('maintenance_contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('plan', sa.String(length=60), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_maintenance_contracts_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_contracts'))
    )
    with op.batch_alter_table('maintenance_contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_maintenance_contracts_customer_id'), ['customer_id'], unique=False)

    op.create_table('status_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_kind', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['employees.id'], name=op.f('fk_status_events_actor_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_events'))
    )
    with op.batch_alter_table('status_events', schema=None) as batch_op:
        batch_op.create_index('ix_status_events_entity', ['entity_kind', 'entity_id', 'id'], unique=False)

    op.create_table('vehicles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('make', sa.String(length=60), nullable=False),
    sa.Column('model', sa.String(length=60), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('plate', sa.String(length=20), nullable=False),
    sa.Column('vin', sa.String(length=17), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_vehicles_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicles'))
    )
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicles_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicles_plate'), ['plate'], unique=False)

    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(), nullable=False),
    sa.Column('concern', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'assigned', 'in_progress', 'completed', 'cancelled', name='appointmentstatus', native_enum=False, length=20), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['employees.id'], name=op.f('fk_appointments_created_by_employees')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_appointments_customer_id_customers')),
    sa.ForeignKeyConstraint(['technician_id'], ['employees.id'], name=op.f('fk_appointments_technician_id_employees')),
    sa.ForeignKeyConstraint(['updated_by'], ['employees.id'], name=op.f('fk_appointments_updated_by_employees')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_appointments_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_completed_at'), ['completed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_scheduled_at'), ['scheduled_at'], unique=False)
        batch_op.create_index('ix_appointments_status_scheduled', ['status', 'scheduled_at'], unique=False)
        batch_op.create_index('ix_appointments_technician_status', ['technician_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_vehicle_id'), ['vehicle_id'], unique=False)

    op.create_table('callback_helpers',
    sa.Column('callback_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['employees.id'], name=op.f('fk_callback_helpers_added_by_employees')),
    sa.ForeignKeyConstraint(['callback_id'], ['callbacks.id'], name=op.f('fk_callback_helpers_callback_id_callbacks')),
    sa.ForeignKeyConstraint(['technician_id'], ['employees.id'], name=op.f('fk_callback_helpers_technician_id_employees')),
    sa.PrimaryKeyConstraint('callback_id', 'technician_id', name=op.f('pk_callback_helpers'))
    )


def downgrade() -> None:
    op.drop_table('callback_helpers')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_vehicle_id'))
        batch_op.drop_index('ix_appointments_technician_status')
        batch_op.drop_index('ix_appointments_status_scheduled')
        batch_op.drop_index(batch_op.f('ix_appointments_scheduled_at'))
        batch_op.drop_index(batch_op.f('ix_appointments_customer_id'))
        batch_op.drop_index(batch_op.f('ix_appointments_completed_at'))

    op.drop_table('appointments')
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vehicles_plate'))
        batch_op.drop_index(batch_op.f('ix_vehicles_customer_id'))

    op.drop_table('vehicles')
    with op.batch_alter_table('status_events', schema=None) as batch_op:
        batch_op.drop_index('ix_status_events_entity')

    op.drop_table('status_events')
    with op.batch_alter_table('maintenance_contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_maintenance_contracts_customer_id'))

    op.drop_table('maintenance_contracts')
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_index('ix_callbacks_status_priority_scheduled')
        batch_op.drop_index(batch_op.f('ix_callbacks_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_callbacks_customer_id'))
        batch_op.drop_index('ix_callbacks_claimed_by_status')

    op.drop_table('callbacks')
    op.drop_table('settings')
    op.drop_table('employees')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_name'))

    op.drop_table('customers')
