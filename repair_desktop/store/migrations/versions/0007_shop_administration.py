"""Running the shop: versions on employees, customers and vehicles, the audit lines, and the directory's search.

- ``version`` (1 for every row already there) on employees, customers and
  vehicles: an edit made from a page opened earlier is refused when someone
  saved in between, instead of silently overwriting their change.
- ``audit_lines``: one row per changed field (who, when, old, new) of staff,
  settings, customers, vehicles and contracts, read per record oldest first.
- ``directory_search``: each customer's name, phone (also as bare digits),
  email and vehicles' plates (also without spaces) joined into one line, in a
  search table as migration 0005 keeps the jobs' (an FTS5 trigram table on
  SQLite, a pg_trgm GIN index on PostgreSQL, lower-cased there), so finding a
  customer as the desk types is an index lookup at any size. Triggers rewrite a
  customer's line when the customer or one of their vehicles changes; this
  migration fills it from the rows already there.

The SQL is written out here, not imported, so the migration stays what it was
when later code changes.

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None

VERSIONED = ("employees", "customers", "vehicles")

#: A phone as bare digits: "+44 (0)20 7946-0018" is also found as "02079460018".
_DIGITS = "coalesce({c}.phone, '')"
for _mark in (" ", "-", "(", ")", ".", "/", "+"):
    _DIGITS = f"replace({_DIGITS}, '{_mark}', '')"

#: The plates of customer ``{c}``'s vehicles, each also without its spaces ("AB12 CDE AB12CDE").
_PLATES = {
    "sqlite": "(SELECT group_concat(v.plate || ' ' || replace(v.plate, ' ', ''), ' ') FROM vehicles v "
              "WHERE v.customer_id = {c}.id)",
    "postgresql": "(SELECT string_agg(v.plate || ' ' || replace(v.plate, ' ', ''), ' ') FROM vehicles v "
                  "WHERE v.customer_id = {c}.id)",
}


def directory_doc(dialect: str, c: str) -> str:
    """The searched line of customer ``c``; two spaces end it so its last characters start trigrams too."""
    return (f"{c}.name || ' ' || coalesce({c}.phone, '') || ' ' || {_DIGITS.format(c=c)} || ' ' || "
            f"coalesce({c}.email, '') || ' ' || coalesce({_PLATES[dialect].format(c=c)}, '') || '  '")


def _sqlite_upgrade() -> list[str]:
    doc = directory_doc("sqlite", "c")
    refresh = "UPDATE directory_search SET doc = (SELECT {doc} FROM customers c WHERE c.id = {owner}) WHERE rowid = {owner};"
    return [
        "CREATE VIRTUAL TABLE directory_search USING fts5(doc, tokenize = 'trigram')",
        "CREATE VIRTUAL TABLE directory_search_terms USING fts5vocab(directory_search, 'row')",
        f"INSERT INTO directory_search (rowid, doc) SELECT c.id, {doc} FROM customers c",
        f"""CREATE TRIGGER directory_search_insert AFTER INSERT ON customers BEGIN
            INSERT INTO directory_search (rowid, doc) SELECT c.id, {doc} FROM customers c WHERE c.id = NEW.id; END""",
        f"""CREATE TRIGGER directory_search_update AFTER UPDATE OF name, phone, email ON customers BEGIN
            {refresh.format(doc=doc, owner="NEW.id")} END""",
        """CREATE TRIGGER directory_search_delete AFTER DELETE ON customers BEGIN
            DELETE FROM directory_search WHERE rowid = OLD.id; END""",
        f"""CREATE TRIGGER directory_search_vehicle_insert AFTER INSERT ON vehicles BEGIN
            {refresh.format(doc=doc, owner="NEW.customer_id")} END""",
        f"""CREATE TRIGGER directory_search_vehicle_update AFTER UPDATE OF plate, customer_id ON vehicles BEGIN
            {refresh.format(doc=doc, owner="NEW.customer_id")} {refresh.format(doc=doc, owner="OLD.customer_id")} END""",
        f"""CREATE TRIGGER directory_search_vehicle_delete AFTER DELETE ON vehicles BEGIN
            {refresh.format(doc=doc, owner="OLD.customer_id")} END""",
    ]


SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER directory_search_{name}" for name in (
        "vehicle_delete", "vehicle_update", "vehicle_insert", "delete", "update", "insert")),
    "DROP TABLE directory_search_terms", "DROP TABLE directory_search",
]


def _pg_upgrade() -> list[str]:
    doc = directory_doc("postgresql", "c")

    def upsert(owner: str) -> str:
        return (f"INSERT INTO directory_search (id, doc) SELECT c.id, lower({doc}) FROM customers c WHERE c.id = {owner} "
                "ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc")

    def function(name: str, body: str) -> str:
        return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; "
                "RETURN NULL; END $$")

    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE TABLE directory_search (id integer PRIMARY KEY, doc text NOT NULL)",
        f"INSERT INTO directory_search (id, doc) SELECT c.id, lower({doc}) FROM customers c",
        "CREATE INDEX ix_directory_search_doc ON directory_search USING gin (doc gin_trgm_ops)",
        function("directory_search_write", upsert("NEW.id")),
        function("directory_search_remove", "DELETE FROM directory_search WHERE id = OLD.id"),
        function("directory_search_vehicle",
                 f"IF TG_OP <> 'DELETE' THEN {upsert('NEW.customer_id')}; END IF; "
                 f"IF TG_OP <> 'INSERT' THEN {upsert('OLD.customer_id')}; END IF"),
        "CREATE TRIGGER directory_search_write AFTER INSERT OR UPDATE OF name, phone, email ON customers "
        "FOR EACH ROW EXECUTE FUNCTION directory_search_write()",
        "CREATE TRIGGER directory_search_remove AFTER DELETE ON customers "
        "FOR EACH ROW EXECUTE FUNCTION directory_search_remove()",
        "CREATE TRIGGER directory_search_vehicle AFTER INSERT OR DELETE OR UPDATE OF plate, customer_id ON vehicles "
        "FOR EACH ROW EXECUTE FUNCTION directory_search_vehicle()",
    ]


POSTGRES_DOWNGRADE = [
    "DROP TRIGGER directory_search_vehicle ON vehicles", "DROP TRIGGER directory_search_remove ON customers",
    "DROP TRIGGER directory_search_write ON customers",
    *(f"DROP FUNCTION directory_search_{name}()" for name in ("vehicle", "remove", "write")),
    "DROP TABLE directory_search",
]


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "audit_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_kind", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["employees.id"], name=op.f("fk_audit_lines_actor_id_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_lines")),
    )
    op.create_index("ix_audit_lines_entity", "audit_lines", ["entity_kind", "entity_id", "id"], unique=False)
    for statement in _sqlite_upgrade() if op.get_bind().dialect.name == "sqlite" else _pg_upgrade():
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWNGRADE if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWNGRADE:
        op.execute(statement)
    op.drop_index("ix_audit_lines_entity", table_name="audit_lines")
    op.drop_table("audit_lines")
    for table in reversed(VERSIONED):
        op.drop_column(table, "version")  # SQLite 3.35+ drops a column in place, keeping the tables' triggers
