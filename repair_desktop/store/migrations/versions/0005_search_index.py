"""Search tables an index for "contains" covers, kept in step with the jobs by triggers.

A search word must appear in one of a job's searched columns, which
``LIKE '%word%'`` answers only by reading every row: 3-5 s for a rare word at
1,000,000 appointments. Each job's searched text now also sits, joined into one
line, in a search table: an FTS5 table with the trigram tokenizer on SQLite, a
table with a pg_trgm GIN index on PostgreSQL (lower-cased there, as the store
compares). Triggers rewrite a job's line when the job, its customer's name or
its vehicle changes, so the store never has to remember; this migration fills
the tables from the rows already there.

Two spaces end each line, so every character of it, the last included, starts
a trigram: the store finds one- and two-letter words through the index's terms.

The SQL is written out here, not imported, so the migration stays what it was
when later code changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The searched text of an appointment ``a`` (customer ``c``, vehicle ``v``) and of a callback ``b``.
APPOINTMENT_DOC = "{c}.name || ' ' || {v}.plate || ' ' || {v}.make || ' ' || {v}.model || ' ' || {a}.concern || '  '"
CALLBACK_DOC = "{c}.name || ' ' || coalesce({b}.job_number, '') || ' ' || {b}.description || '  '"


def _appointment_doc(a: str, c: str = "c", v: str = "v") -> str:
    return APPOINTMENT_DOC.format(a=a, c=c, v=v)


def _callback_doc(b: str, c: str = "c") -> str:
    return CALLBACK_DOC.format(b=b, c=c)


# One line per job, as ``SELECT id, doc`` over every job or, with a condition, some of them.
_APPOINTMENT_LINES = (f"SELECT a.id, {_appointment_doc('a')} FROM appointments a "
                      "JOIN customers c ON c.id = a.customer_id JOIN vehicles v ON v.id = a.vehicle_id")
_CALLBACK_LINES = f"SELECT b.id, {_callback_doc('b')} FROM callbacks b JOIN customers c ON c.id = b.customer_id"

SQLITE_UPGRADE = [
    "CREATE VIRTUAL TABLE appointment_search USING fts5(doc, tokenize = 'trigram')",
    "CREATE VIRTUAL TABLE appointment_search_terms USING fts5vocab(appointment_search, 'row')",
    "CREATE VIRTUAL TABLE callback_search USING fts5(doc, tokenize = 'trigram')",
    "CREATE VIRTUAL TABLE callback_search_terms USING fts5vocab(callback_search, 'row')",
    f"INSERT INTO appointment_search (rowid, doc) {_APPOINTMENT_LINES}",
    f"INSERT INTO callback_search (rowid, doc) {_CALLBACK_LINES}",
    f"""CREATE TRIGGER appointment_search_insert AFTER INSERT ON appointments BEGIN
        INSERT INTO appointment_search (rowid, doc) SELECT NEW.id, {_appointment_doc('NEW')}
        FROM customers c, vehicles v WHERE c.id = NEW.customer_id AND v.id = NEW.vehicle_id; END""",
    f"""CREATE TRIGGER appointment_search_update AFTER UPDATE OF customer_id, vehicle_id, concern ON appointments BEGIN
        UPDATE appointment_search SET doc = (SELECT {_appointment_doc('NEW')} FROM customers c, vehicles v
        WHERE c.id = NEW.customer_id AND v.id = NEW.vehicle_id) WHERE rowid = NEW.id; END""",
    """CREATE TRIGGER appointment_search_delete AFTER DELETE ON appointments BEGIN
        DELETE FROM appointment_search WHERE rowid = OLD.id; END""",
    f"""CREATE TRIGGER callback_search_insert AFTER INSERT ON callbacks BEGIN
        INSERT INTO callback_search (rowid, doc) SELECT NEW.id, {_callback_doc('NEW')}
        FROM customers c WHERE c.id = NEW.customer_id; END""",
    f"""CREATE TRIGGER callback_search_update AFTER UPDATE OF customer_id, job_number, description ON callbacks BEGIN
        UPDATE callback_search SET doc = (SELECT {_callback_doc('NEW')} FROM customers c
        WHERE c.id = NEW.customer_id) WHERE rowid = NEW.id; END""",
    """CREATE TRIGGER callback_search_delete AFTER DELETE ON callbacks BEGIN
        DELETE FROM callback_search WHERE rowid = OLD.id; END""",
    f"""CREATE TRIGGER customer_search_rename AFTER UPDATE OF name ON customers BEGIN
        UPDATE appointment_search SET doc = (SELECT {_appointment_doc('a', c='NEW')} FROM appointments a
        JOIN vehicles v ON v.id = a.vehicle_id WHERE a.id = appointment_search.rowid)
        WHERE rowid IN (SELECT id FROM appointments WHERE customer_id = NEW.id);
        UPDATE callback_search SET doc = (SELECT {_callback_doc('b', c='NEW')} FROM callbacks b
        WHERE b.id = callback_search.rowid)
        WHERE rowid IN (SELECT id FROM callbacks WHERE customer_id = NEW.id); END""",
    f"""CREATE TRIGGER vehicle_search_change AFTER UPDATE OF plate, make, model ON vehicles BEGIN
        UPDATE appointment_search SET doc = (SELECT {_appointment_doc('a', v='NEW')} FROM appointments a
        JOIN customers c ON c.id = a.customer_id WHERE a.id = appointment_search.rowid)
        WHERE rowid IN (SELECT id FROM appointments WHERE vehicle_id = NEW.id); END""",
]

SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER {name}" for name in (
        "vehicle_search_change", "customer_search_rename", "callback_search_delete", "callback_search_update",
        "callback_search_insert", "appointment_search_delete", "appointment_search_update",
        "appointment_search_insert")),
    "DROP TABLE callback_search_terms", "DROP TABLE callback_search",
    "DROP TABLE appointment_search_terms", "DROP TABLE appointment_search",
]


def _pg_function(name: str, body: str) -> str:
    return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; "
            "RETURN NULL; END $$")


def _pg_upsert(table: str, lines: str, where: str) -> str:
    return (f"INSERT INTO {table} (id, doc) SELECT id, lower(doc) FROM ({lines} WHERE {where}) AS line (id, doc) "
            "ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc")


POSTGRES_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE appointment_search (id integer PRIMARY KEY, doc text NOT NULL)",
    "CREATE TABLE callback_search (id integer PRIMARY KEY, doc text NOT NULL)",
    f"INSERT INTO appointment_search (id, doc) SELECT id, lower(doc) FROM ({_APPOINTMENT_LINES}) AS line (id, doc)",
    f"INSERT INTO callback_search (id, doc) SELECT id, lower(doc) FROM ({_CALLBACK_LINES}) AS line (id, doc)",
    "CREATE INDEX ix_appointment_search_doc ON appointment_search USING gin (doc gin_trgm_ops)",
    "CREATE INDEX ix_callback_search_doc ON callback_search USING gin (doc gin_trgm_ops)",
    _pg_function("appointment_search_write", _pg_upsert("appointment_search", _APPOINTMENT_LINES, "a.id = NEW.id")),
    _pg_function("appointment_search_remove", "DELETE FROM appointment_search WHERE id = OLD.id"),
    _pg_function("callback_search_write", _pg_upsert("callback_search", _CALLBACK_LINES, "b.id = NEW.id")),
    _pg_function("callback_search_remove", "DELETE FROM callback_search WHERE id = OLD.id"),
    _pg_function("customer_search_rename",
                 _pg_upsert("appointment_search", _APPOINTMENT_LINES, "a.customer_id = NEW.id") + "; "
                 + _pg_upsert("callback_search", _CALLBACK_LINES, "b.customer_id = NEW.id")),
    _pg_function("vehicle_search_change", _pg_upsert("appointment_search", _APPOINTMENT_LINES, "a.vehicle_id = NEW.id")),
    "CREATE TRIGGER appointment_search_write AFTER INSERT OR UPDATE OF customer_id, vehicle_id, concern "
    "ON appointments FOR EACH ROW EXECUTE FUNCTION appointment_search_write()",
    "CREATE TRIGGER appointment_search_remove AFTER DELETE ON appointments "
    "FOR EACH ROW EXECUTE FUNCTION appointment_search_remove()",
    "CREATE TRIGGER callback_search_write AFTER INSERT OR UPDATE OF customer_id, job_number, description "
    "ON callbacks FOR EACH ROW EXECUTE FUNCTION callback_search_write()",
    "CREATE TRIGGER callback_search_remove AFTER DELETE ON callbacks "
    "FOR EACH ROW EXECUTE FUNCTION callback_search_remove()",
    "CREATE TRIGGER customer_search_rename AFTER UPDATE OF name ON customers "
    "FOR EACH ROW EXECUTE FUNCTION customer_search_rename()",
    "CREATE TRIGGER vehicle_search_change AFTER UPDATE OF plate, make, model ON vehicles "
    "FOR EACH ROW EXECUTE FUNCTION vehicle_search_change()",
]

POSTGRES_DOWNGRADE = [
    "DROP TRIGGER vehicle_search_change ON vehicles", "DROP TRIGGER customer_search_rename ON customers",
    "DROP TRIGGER callback_search_remove ON callbacks", "DROP TRIGGER callback_search_write ON callbacks",
    "DROP TRIGGER appointment_search_remove ON appointments", "DROP TRIGGER appointment_search_write ON appointments",
    *(f"DROP FUNCTION {name}()" for name in (
        "vehicle_search_change", "customer_search_rename", "callback_search_remove", "callback_search_write",
        "appointment_search_remove", "appointment_search_write")),
    "DROP TABLE callback_search", "DROP TABLE appointment_search",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UPGRADE if op.get_bind().dialect.name == "sqlite" else POSTGRES_UPGRADE)


def downgrade() -> None:
    _run(SQLITE_DOWNGRADE if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWNGRADE)
