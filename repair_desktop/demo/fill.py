"""Filling an empty database with the demo shop: the generators run one batch ahead of the writer (``ahead``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import DBAPIError

from ..domain.schedule import decode_hours
from ..store import Store
from ..store.capacity import CAPACITY_SETTING, capacity
from ..store.engine import translate
from ..store.models import Employee
from ..store.plan_rules import OPENING_HOURS_SETTING
from .ahead import ahead
from .people import sign_ins
from .search_lines import SearchLines, scratch_folder, search_lines_afterwards
from .shop import DemoSignIn, Plan, Recipe
from .writer import (JOB_TABLES, PEOPLE_TABLES, PostgresWriter, SQLiteWriter, Writer, first_ids,
                     indexes_and_keys_afterwards, require_empty, truncate_wal, write_transaction)


#: A job a technician took is on their plan, as the store keeps it (assigning plans the assigned technician),
#: so the Schedule tab shows the shop's work on each technician's row.
PLAN_TAKEN_JOBS = ("UPDATE appointments SET planned_technician_id = technician_id "
                   "WHERE technician_id IS NOT NULL AND planned_technician_id IS NULL")


def fill_demo(store: Store, scale: int | None = None, *, seed: int = 7,
              progress: Callable[[int, int], None] | None = None) -> list[DemoSignIn]:
    """Fill an empty database with a demo shop; returns who can sign in, with their PINs.

    ``scale=None`` is a busy shop (about 4,900 appointments over nine months and three weeks ahead,
    240 callbacks, five entries of time off);
    ``scale=N`` writes N appointments, about N/10 callbacks and N/5 customers.
    ``progress(done, total)`` is called after every batch. Raises
    ``ValidationError`` when the database already holds employees or appointments.
    """
    plan = Plan.small() if scale is None else Plan.bulk(scale)
    engine = store.write_engine
    try:
        with scratch_folder(engine) as folder, engine.connect() as connection:
            try:
                with write_transaction(connection):
                    require_empty(connection)
                    first = first_ids(connection)
                    recipe = Recipe(plan, seed, store.now(), capacity(connection.scalar(CAPACITY_SETTING)), first,
                                    decode_hours(connection.scalar(OPENING_HOURS_SETTING)))
                    writer = SQLiteWriter(connection) if connection.dialect.name == "sqlite" else \
                        PostgresWriter(connection)
                    # The people's indexes come back first, so the directory's lines can be read (and indexed on
                    # the second core) while the jobs' much bigger indexes are rebuilt
                    with (search_lines_afterwards(connection, first, folder) as lines,
                          indexes_and_keys_afterwards(connection, JOB_TABLES)):
                        with indexes_and_keys_afterwards(connection, PEOPLE_TABLES):
                            signins = _fill(recipe, writer, progress or (lambda done, total: None), lines)
                            connection.exec_driver_sql(PLAN_TAKEN_JOBS)
                        lines.customers_indexed()
                    writer.finish()
            finally:
                # SQLite's FTS5 keeps a search index's structure per connection, and the load replaced the
                # indexes underneath it, from a scratch file still attached (search_builder): this connection
                # is closed rather than going back to the pool, whether the load went in or not
                connection.invalidate()
    except DBAPIError as error:
        raise translate(error) from error
    truncate_wal(engine)
    return signins


def _fill(recipe: Recipe, writer: Writer, progress: Callable[[int, int], None],
          lines: SearchLines) -> list[DemoSignIn]:
    """Write every batch the generators make, staff first, reporting progress as batches land."""
    plan = recipe.plan
    total = plan.customers + plan.appointments + plan.callbacks
    progress(0, total)
    signins: list[DemoSignIn] = []
    done = 0
    for count, tables in ahead(recipe):
        for model, rows in tables:
            writer.write(model, rows)
            lines.written(model.__tablename__, rows)
            if model is Employee:
                signins = sign_ins(rows)
        done += count
        progress(done, total)
    progress(total, total)
    return signins
