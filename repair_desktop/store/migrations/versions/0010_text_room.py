"""Room for the longest short text the store accepts: 200 characters in every name-like column.

Names, phones, makes, models, plates, plans and issue types may now be 200
characters long (``domain/limits.py``), but some columns were declared narrower:
employee names 120, phones 40, makes, models, plans and issue types 60, plates 20.
PostgreSQL enforces those lengths (a longer value was a driver error), so they
grow to 200. Widening a VARCHAR is a catalog change there, with no table
rewrite; PostgreSQL refuses to retype a column a trigger names, so the vehicles'
search trigger (``UPDATE OF plate, make, model``, migration 0005) is dropped and
created again around it.

SQLite ignores declared lengths, so only the declarations change: the tables'
CREATE statements, edited in place as SQLite documents for changes that leave
the stored rows as they are. Copying the tables instead would cost a big shop
minutes and drop their search triggers.

Going down narrows the columns again; PostgreSQL refuses that while a longer
value is stored, so nothing is cut short.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-01
"""

import re

from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None

WIDTH = 200
#: (table, column, its width before this revision)
COLUMNS = [
    ("employees", "name", 120),
    ("customers", "phone", 40),
    ("vehicles", "make", 60),
    ("vehicles", "model", 60),
    ("vehicles", "plate", 20),
    ("maintenance_contracts", "plan", 60),
    ("callbacks", "issue_type", 60),
]
VEHICLE_TRIGGER = ("CREATE TRIGGER vehicle_search_change AFTER UPDATE OF plate, make, model ON vehicles "
                   "FOR EACH ROW EXECUTE FUNCTION vehicle_search_change()")


def _postgres(widths: dict[tuple[str, str], int]) -> None:
    op.execute("DROP TRIGGER vehicle_search_change ON vehicles")
    for (table, column), width in widths.items():
        op.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE VARCHAR({width})')
    op.execute(VEHICLE_TRIGGER)


def _sqlite(widths: dict[tuple[str, str], int], before: dict[tuple[str, str], int]) -> None:
    """Rewrite each column's declared length in its table's CREATE statement, then tell every connection."""
    connection = op.get_bind()
    statements = dict(connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ({})".format(
            ", ".join(f"'{table}'" for table in {t for t, _ in widths}))).all())
    for (table, column), width in widths.items():
        statements[table], found = re.subn(rf'(\s"?{column}"?) VARCHAR\({before[table, column]}\)',
                                           rf"\1 VARCHAR({width})", statements[table])
        if found != 1:
            raise RuntimeError(f"{table}.{column} is not declared as VARCHAR({before[table, column]})")
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar_one()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    for table, sql in statements.items():
        connection.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table))
    connection.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")  # other connections re-read the schema
    connection.exec_driver_sql("PRAGMA writable_schema = OFF")


def _resize(widths: dict[tuple[str, str], int], before: dict[tuple[str, str], int]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite(widths, before)
    else:
        _postgres(widths)


def upgrade() -> None:
    old = {(table, column): width for table, column, width in COLUMNS}
    _resize(dict.fromkeys(old, WIDTH), old)


def downgrade() -> None:
    old = {(table, column): width for table, column, width in COLUMNS}
    _resize(old, dict.fromkeys(old, WIDTH))
