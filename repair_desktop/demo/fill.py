"""Filling an empty database with the demo shop: the generators run one batch ahead of the writer."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from queue import Empty, Queue

from sqlalchemy.exc import DBAPIError

from ..domain.schedule import decode_hours
from ..store import Store
from ..store.capacity import CAPACITY_SETTING, capacity
from ..store.engine import translate
from ..store.models import (Appointment, Callback, CallbackHelper, Customer, Employee, MaintenanceContract,
                            StatusEvent, TimeOff, Vehicle)
from ..store.plan_rules import OPENING_HOURS_SETTING
from .appointments import appointment_batches
from .callbacks import callback_batches
from .people import contracts, customers_and_vehicles, staff
from .search_lines import SearchLines, search_lines_afterwards
from .shop import DemoSignIn, Dice, Ids, Plan, Shop
from .stories import active_jobs
from .workdays import time_off, workday_batches
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
        with engine.connect() as connection:
            with write_transaction(connection):
                require_empty(connection)
                first = first_ids(connection)
                shop = Shop(plan, Dice(seed), store.now(), capacity(connection.scalar(CAPACITY_SETTING)), Ids(first))
                shop.hours = decode_hours(connection.scalar(OPENING_HOURS_SETTING))
                writer = SQLiteWriter(connection) if connection.dialect.name == "sqlite" else PostgresWriter(connection)
                # The people's indexes come back first, so the directory's lines can be read (and indexed on
                # the second core) while the jobs' much bigger indexes are rebuilt
                with (search_lines_afterwards(connection, first) as lines,
                      indexes_and_keys_afterwards(connection, JOB_TABLES)):
                    with indexes_and_keys_afterwards(connection, PEOPLE_TABLES):
                        signins = _fill(shop, writer, progress or (lambda done, total: None), lines)
                        connection.exec_driver_sql(PLAN_TAKEN_JOBS)
                    lines.customers_indexed()
                writer.finish()
            # SQLite's FTS5 keeps a search index's structure per connection, and the load replaced the indexes
            # underneath it (search_builder): this connection is closed rather than going back to the pool
            connection.invalidate()
    except DBAPIError as error:
        raise translate(error) from error
    truncate_wal(engine)
    return signins


def _fill(shop: Shop, writer: Writer, progress: Callable[[int, int], None], lines: SearchLines) -> list[DemoSignIn]:
    """Write the staff, then every batch the generators make, reporting progress as batches land."""
    plan = shop.plan
    total = plan.customers + plan.appointments + plan.callbacks
    progress(0, total)
    rows, signins = staff(shop)
    writer.write(Employee, rows)
    shop.active = active_jobs(shop)
    done = 0
    for count, tables in _ahead(_batches(shop)):
        for model, table_rows in tables:
            writer.write(model, table_rows)
            lines.written(model.__tablename__, table_rows)
        done += count
        progress(done, total)
    progress(total, total)
    return signins


Batch = tuple[int, list[tuple[type, list[tuple]]]]  # (progress units, [(model, rows), ...]) in write order


def _batches(shop: Shop) -> Iterator[Batch]:
    """Everything after the staff, in the order foreign keys need: customers and vehicles, contracts, jobs."""
    for customers, vehicles in customers_and_vehicles(shop):
        yield len(customers), [(Customer, customers), (Vehicle, vehicles)]
    yield 0, [(MaintenanceContract, contracts(shop))]
    if shop.plan.jobs_per_day:  # the default shop: its days laid out on the technicians' plans, with time off
        yield 0, [(TimeOff, time_off(shop))]
    for appointments, events in (workday_batches if shop.plan.jobs_per_day else appointment_batches)(shop):
        yield len(appointments), [(Appointment, appointments), (StatusEvent, events)]
    for callbacks, helpers, events in callback_batches(shop):
        yield len(callbacks), [(Callback, callbacks), (CallbackHelper, helpers), (StatusEvent, events)]


_END = object()


def _ahead(batches: Iterator[Batch], depth: int = 2) -> Iterator[Batch]:
    """Run ``batches`` in a helper thread, ``depth`` batches ahead of the writer.

    The database does most of its work with the GIL released (SQLite's
    ``step``, PostgreSQL's COPY), so generating the next batch meanwhile uses
    the second core. Only the helper touches the random stream, so the data
    stays the same as without it. Errors in the helper are raised here.
    """
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                queue.put(batch)
            queue.put(_END)
        except BaseException as error:  # handed to the writer's thread, which raises it
            queue.put(error)

    helper = threading.Thread(target=produce, name="demo-data", daemon=True)
    helper.start()
    try:
        while (item := queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while helper.is_alive():  # unblock a helper waiting to put, then let it finish
            try:
                queue.get(timeout=0.05)
            except Empty:
                pass

