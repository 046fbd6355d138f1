"""The demo's rows are made one batch ahead of the writer: in a helper thread, or for a big shop a helper process.

The database does most of its work with the GIL released (SQLite's ``step``,
PostgreSQL's COPY), so making the next batch meanwhile uses the second core.
A thread is enough for the default shop. For a big one it is not: making a
million appointments is 19 s of pure Python, which holds the GIL, and the
load's thread needs the GIL too, to bind each value of its INSERTs; the two
took turns (5 ms at a time, Python's switch interval), and the load's thread
waited for the GIL as long as it worked. A process has a GIL of its own. It is
handed the recipe (plain values), makes the same shop from it (same seed,
same rows), and sends each batch back pickled, about 1 % of what making it
costs. It starts a fresh interpreter ("spawn", on every system alike), half
a second that only pays off for a big shop, hence ``PROCESS_FROM``.

Errors in the helper are raised in the writer's thread; a helper process that
dies without a word (killed, out of memory) is an error too, not a wait.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from queue import Empty, Queue

from ..store.models import (Appointment, Callback, CallbackHelper, Customer, Employee, MaintenanceContract,
                            StatusEvent, TimeOff, Vehicle)
from .appointments import appointment_batches
from .callbacks import callback_batches
from .people import contracts, customers_and_vehicles, staff
from .shop import Recipe, Shop
from .stories import active_jobs
from .workdays import time_off, workday_batches

Batch = tuple[int, list[tuple[type, list[tuple]]]]  # (progress units, [(model, rows), ...]) in write order

#: From this many appointments on, the rows are made in a helper process (about 20 s of Python for a million).
PROCESS_FROM = 100_000


def batches(shop: Shop) -> Iterator[Batch]:
    """Every row of the shop, in the order foreign keys need: staff, customers and vehicles, contracts, jobs."""
    yield 0, [(Employee, staff(shop))]
    shop.active = active_jobs(shop)
    for customers, vehicles in customers_and_vehicles(shop):
        yield len(customers), [(Customer, customers), (Vehicle, vehicles)]
    yield 0, [(MaintenanceContract, contracts(shop))]
    if shop.plan.jobs_per_day:  # the default shop: its days laid out on the technicians' plans, with time off
        yield 0, [(TimeOff, time_off(shop))]
    for appointments, events in (workday_batches if shop.plan.jobs_per_day else appointment_batches)(shop):
        yield len(appointments), [(Appointment, appointments), (StatusEvent, events)]
    for callbacks, helpers, events in callback_batches(shop):
        yield len(callbacks), [(Callback, callbacks), (CallbackHelper, helpers), (StatusEvent, events)]


def ahead(recipe: Recipe) -> Iterator[Batch]:
    """``batches`` of the recipe's shop, made in a helper that runs a batch or two ahead of the caller."""
    if recipe.plan.appointments >= PROCESS_FROM:
        return _from_process(recipe)
    return _from_thread(recipe)


def _make(recipe: Recipe, put: Callable[[object], None], stopped: Callable[[], bool] = lambda: False) -> None:
    """The helper's work: ``put`` each batch, then None; or the error that stopped it."""
    try:
        for batch in batches(recipe.shop()):
            if stopped():
                return
            put(batch)
        put(None)
    except BaseException as error:  # raised by the writer's thread
        put(error)


def _received(get: Callable[[], object]) -> Iterator[Batch]:
    """The helper's batches up to its end marker; its error is raised here."""
    while (item := get()) is not None:
        if isinstance(item, BaseException):
            raise item
        yield item  # type: ignore[misc]


def _from_thread(recipe: Recipe) -> Iterator[Batch]:
    queue: Queue = Queue(maxsize=2)
    stop = threading.Event()
    helper = threading.Thread(target=_make, args=(recipe, queue.put, stop.is_set), name="demo-data", daemon=True)
    helper.start()
    try:
        yield from _received(queue.get)
    finally:
        stop.set()
        while helper.is_alive():  # unblock a helper waiting to put, then let it finish
            try:
                queue.get(timeout=0.05)
            except Empty:
                pass


def _from_process(recipe: Recipe) -> Iterator[Batch]:
    """Batches through a one-way pipe: the helper waits in ``send`` while the writer is busy, so it stays a batch
    ahead. Once it has sent its end marker it is let finish; a writer that stops early terminates it."""
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    helper = context.Process(target=_make_and_send, args=(recipe, writer), name="demo-data", daemon=True)
    try:
        helper.start()
    except BaseException:
        reader.close()
        raise
    finally:
        writer.close()  # the helper's copy is its own: its end, or a crash, is then the reader's EOF
    ended = False
    try:
        yield from _received(lambda: _receive(reader, helper))
        ended = True
    finally:
        if not ended and helper.is_alive():  # the writer stopped early (an error, Ctrl+C): the rest isn't wanted
            helper.terminate()
        helper.join()
        reader.close()


def _make_and_send(recipe: Recipe, writer: Connection) -> None:
    """``_make`` in the helper process."""
    _make(recipe, lambda item: writer.send(_sendable(item)))


def _sendable(item: object) -> object:
    """An error with where it happened in the helper as a note (pickling drops the traceback), or as its
    traceback's text when it can't be pickled (``send`` would fail on it instead)."""
    if isinstance(item, BaseException):
        where = "".join(traceback.format_exception(item))
        try:
            pickle.loads(pickle.dumps(item))
        except Exception:
            return RuntimeError(where)
        item.add_note(f"In the demo's data helper:\n{where}")
    return item


def _receive(reader: Connection, helper: BaseProcess) -> object:
    """The helper's next item, or an error when it ended without sending one: killed mid-batch (half a message,
    then EOF), or before it began (on Windows the parent holds the pipe's sending end until the helper takes it
    over, so that end is no EOF: the helper's own end is waited for as well)."""
    if reader in wait([reader, helper.sentinel]):
        try:
            return reader.recv()
        except (EOFError, OSError):
            pass
    helper.join()
    raise RuntimeError(f"The demo's data helper stopped before the shop was made (exit code {helper.exitcode}).")
