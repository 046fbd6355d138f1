"""Migration 0016: the directory's search lines keep one partial index of unusual lines (0012's, as every search
table), the directory's own (0015's) goes; down again it comes back. On SQLite, where neither exists, both ways
change nothing. Searching works at either revision."""

from alembic import command
from sqlalchemy import text

from repair_desktop.store.schema import head_revision
from support.store_helpers import move_schema


def _indexes(store) -> set[str]:
    with store._write_engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            return set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' "
                                               "AND tbl_name LIKE '%search%'")).scalars())
        return set(connection.execute(text("SELECT indexname FROM pg_indexes WHERE tablename LIKE '%search'"))
                   .scalars())


def test_down_to_0012_and_up_again(any_store):
    store = any_store
    ann = store.add_customer("Ann Smørrebrød", phone="555-0100")
    postgresql = store.url.startswith("postgresql")
    at_head = _indexes(store)
    assert "ix_directory_search_wide" not in at_head
    if postgresql:
        assert {"ix_appointment_search_unusual", "ix_callback_search_unusual",
                "ix_directory_search_unusual"} <= at_head
    move_schema(store, "0012", command.downgrade)
    sort_keys = ({f"ix_appointment_search_{sort}" for sort in ("customer", "vehicle", "scheduled")} if postgresql
                 else set())
    assert sort_keys <= at_head, "migration 0017's, gone below it"
    assert _indexes(store) == (at_head - sort_keys | {"ix_directory_search_wide"} if postgresql else at_head)
    move_schema(store, "head", command.upgrade)
    assert _indexes(store) == at_head
    with store._write_engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    assert [e.id for e in store.search_customers("sm").rows] == [ann.id]
    assert [e.id for e in store.search_customers("ø").rows] == [ann.id]
