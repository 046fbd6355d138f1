"""PostgreSQL: a list of the search lines that hold a character outside ASCII, for one- and two-letter words.

pg_trgm can't look up a word shorter than three letters (``LIKE '%qz%'``
reads every entry of the index: 2.9 s for a word that matches nothing among a
million appointments). A two-letter word is always followed by some character
(every line ends in two spaces), so in a line of ASCII it matches the regular
expression ``qz[\\x01-\\x7f]``, whose trigrams (``qza`` ... ``qz9``, and
``qz`` ending a word) the index does look up. The lines that hold any other
character are the rest: these partial indexes list them (none in most shops,
and a word outside ASCII can only be in one of them), so the two together name
every line that can hold a short word.

SQLite's trigram table looks short words up by its own terms: nothing to add.

Revision ID: 0012
Revises: 0015
Create Date: 2026-12-01
"""

from alembic import op

revision = "0012"
down_revision = "0015"
branch_labels = None
depends_on = None

#: Written exactly so in the store's queries too: the planner uses a partial index only for its own condition.
UNUSUAL = r"doc ~ '[^\x01-\x7f]'"
TABLES = ("appointment_search", "callback_search", "directory_search")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"CREATE INDEX ix_{table}_unusual ON {table} (id) WHERE {UNUSUAL}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP INDEX ix_{table}_unusual")
