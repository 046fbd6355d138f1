"""Alembic environment: always run from ``schema.migrate`` on a connection it already holds."""

from alembic import context

from repair_desktop.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only ALTER by copying tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
