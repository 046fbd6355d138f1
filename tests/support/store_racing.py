"""Several PCs at once: a pool of processes, each with its own Store, released together at a barrier.

Each worker process ("PC") is started with the "spawn" method (a fresh
interpreter, nothing shared with the test process but what is passed), opens
its own ``Store`` on the URL it is given and keeps it for the following rounds.
A round hands every worker one store call; all of them wait at one barrier,
warmed up and connected, and make their call the moment the last one arrives.
Each reports what happened (``"won"``, or the DomainError's class name) and
when its call started and ended, so a test can also show the calls overlapped.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from dataclasses import dataclass

ROUND_TIMEOUT = 120  # seconds; only reached when something is badly wrong


@dataclass(frozen=True)
class Outcome:
    worker: int
    result: str  # "won", or the DomainError subclass's name
    message: str
    started: float  # time.monotonic(): the same clock in every process on one machine
    ended: float
    value: int | None = None  # what the call returned, when that is a number


def _worker(index: int, inbox, outbox, barrier) -> None:  # runs in the child process
    from repair_desktop.domain.errors import DomainError
    from repair_desktop.store import Store

    store = None
    try:
        while True:
            job = inbox.get()
            if job is None:
                break
            url, method, args, kwargs = job
            if method == "close":
                if store is not None:
                    store.close()
                    store = None
                outbox.put(("closed", index))
                continue
            if method != "open" and (store is None or store.url != url):
                if store is not None:
                    store.close()
                store = Store.open(url)
                store.capacity_limit()  # warm up: connect both engines before the race
                with store.write_engine.connect():
                    pass
            barrier.wait(ROUND_TIMEOUT)
            started = time.monotonic()
            value = None
            try:
                if method == "open":  # race the opening (and migrating) itself
                    if store is not None:
                        store.close()
                    store = Store.open(url)
                else:
                    value = getattr(store, method)(*args, **kwargs)
                result, message = "won", ""
            except DomainError as error:
                result, message = type(error).__name__, str(error)
            except Exception as error:  # noqa: BLE001 - a raw exception is a finding, report it
                result = f"RAW {type(error).__module__}.{type(error).__qualname__}"
                message = traceback.format_exc()
            number = value if isinstance(value, int) else None
            outbox.put(("outcome", Outcome(index, result, message, started, time.monotonic(), number)))
    except BaseException:  # noqa: BLE001
        outbox.put(("crashed", index, traceback.format_exc()))
    finally:
        if store is not None:
            store.close()


class RacePool:
    """``size`` worker processes; ``race(calls)`` runs one call per worker, all released at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        context = multiprocessing.get_context("spawn")
        self._barrier = context.Barrier(size)
        self._outbox = context.Queue()
        self._inboxes = [context.Queue() for _ in range(size)]
        self._processes = [context.Process(target=_worker, args=(i, self._inboxes[i], self._outbox, self._barrier),
                                           name=f"pc-{i}", daemon=True) for i in range(size)]
        for process in self._processes:
            process.start()

    def race(self, url: str, calls: list[tuple]) -> list[Outcome]:
        """Worker i makes ``calls[i]``, a (method name, args[, kwargs]); returns the outcomes by worker."""
        assert len(calls) == self.size, "every worker takes part in every round"
        for inbox, (method, args, *kwargs) in zip(self._inboxes, calls):
            inbox.put((url, method, tuple(args), kwargs[0] if kwargs else {}))
        outcomes = [self._receive("outcome") for _ in range(self.size)]
        return sorted(outcomes, key=lambda o: o.worker)

    def release(self) -> None:
        """Every worker closes its store (before a test's database is dropped)."""
        for inbox in self._inboxes:
            inbox.put(("", "close", (), {}))
        for _ in range(self.size):
            self._receive("closed")

    def _receive(self, kind: str):
        try:
            message = self._outbox.get(timeout=ROUND_TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"a worker did not answer within {ROUND_TIMEOUT}s") from None
        if message[0] == "crashed":
            raise AssertionError(f"worker {message[1]} crashed:\n{message[2]}")
        assert message[0] == kind, message
        return message[1]

    def close(self) -> None:
        for inbox in self._inboxes:
            inbox.put(None)
        for process in self._processes:
            process.join(30)
            if process.is_alive():
                process.terminate()
                process.join(10)
        for q in (*self._inboxes, self._outbox):
            q.close()
            q.join_thread()


_shared: RacePool | None = None


def shared_pool(config, size: int) -> RacePool:
    """One pool for the whole test run (SQLite and PostgreSQL races alike): starting processes costs."""
    global _shared
    if _shared is None:
        _shared = RacePool(size)
        config.add_cleanup(_close_shared)
    assert _shared.size == size
    return _shared


def _close_shared() -> None:
    global _shared
    if _shared is not None:
        _shared.close()
        _shared = None


def overlapped(outcomes: list[Outcome]) -> bool:
    """Did at least two of the calls run at the same time?"""
    spans = sorted((o.started, o.ended) for o in outcomes)
    return any(later_start < earlier_end for (_, earlier_end), (later_start, _) in zip(spans, spans[1:]))


@dataclass
class Tally:
    """Counts for the report: attempts, wins, refusals by kind, rounds whose calls overlapped."""

    attempts: int = 0
    wins: int = 0
    overlapping_rounds: int = 0
    rounds: int = 0

    def __post_init__(self) -> None:
        self.refusals: dict[str, int] = {}

    def add(self, outcomes: list[Outcome]) -> None:
        self.rounds += 1
        self.overlapping_rounds += overlapped(outcomes)
        for o in outcomes:
            self.attempts += 1
            if o.result == "won":
                self.wins += 1
            else:
                self.refusals[o.result] = self.refusals.get(o.result, 0) + 1

    def __str__(self) -> str:
        refused = ", ".join(f"{n} {k}" for k, n in sorted(self.refusals.items())) or "none"
        return (f"{self.attempts} attempts in {self.rounds} rounds: {self.wins} won, refused: {refused}; "
                f"calls overlapped in {self.overlapping_rounds}/{self.rounds} rounds")


# --- the races, the same on SQLite and on PostgreSQL -----------------------------------------------------

def run_claim_race(pool: RacePool, url: str, store, rounds: int = 20) -> Tally:
    """Every worker is a different technician claiming the same pending callback: exactly one wins."""
    from .store_helpers import make_shop

    shop = make_shop(store, technicians=pool.size)
    with store.write_engine.begin() as connection:  # past the range a manager may set: capacity never decides here
        connection.exec_driver_sql("UPDATE settings SET value = '1000' WHERE key = 'capacity_limit'")
    priorities = ["urgent", "high", "medium", "low"]
    callbacks = [shop.new_callback(f"Race {r}", priorities[r % 4]) for r in range(rounds)]
    names = {e.id: e.name for e in store.employees()}
    tally = Tally()
    for callback_id in callbacks:
        outcomes = pool.race(url, [("claim_callback", (callback_id, tech)) for tech in shop.techs])
        tally.add(outcomes)
        winners = [o for o in outcomes if o.result == "won"]
        assert len(winners) == 1, outcomes
        assert all(o.result == "AlreadyClaimed" for o in outcomes if o is not winners[0]), outcomes
        winner = shop.techs[winners[0].worker]
        assert all(names[winner] in o.message for o in outcomes if o is not winners[0])
        row = store.callback(callback_id)
        assert (row.status, row.claimed_by) == ("open", winner)
        assert shop.events("callback", callback_id) == [
            ("create_callback", None, "pending", shop.desk), ("claim_callback", "pending", "open", winner)]
    assert store.available_callbacks() == []
    assert sum(t.active_jobs for t in store.workload().technicians) == rounds
    assert tally.overlapping_rounds >= 1, "the claims never ran at the same time: not a race"
    return tally


def run_capacity_race(pool: RacePool, url: str, store, rounds: int = 6) -> Tally:
    """Half the workers assign appointments, half claim callbacks, all for one technician: exactly
    ``capacity`` jobs end up active, whatever the technician already held; the rest are refused."""
    from .store_helpers import appointment_in, callback_in, make_shop
    from repair_desktop.domain.statuses import AppointmentStatus, CallbackStatus

    shop = make_shop(store, technicians=rounds)
    limit = store.capacity_limit()
    desks = [shop.desk, shop.desk2, shop.manager]
    half = pool.size // 2
    tally = Tally()
    for r, tech in enumerate(shop.techs):
        held = r % limit  # 0, 1, 2 jobs already held
        for k in range(held):
            if k % 2:
                callback_in(shop, CallbackStatus.OPEN, tech)
            else:
                appointment_in(shop, AppointmentStatus.ASSIGNED, tech)
        appointments = [shop.book(f"Race {r}.{i}") for i in range(half)]
        callbacks = [shop.new_callback(f"Race {r}.{i}") for i in range(pool.size - half)]
        calls = [("assign_technician", (a, tech, desks[i % len(desks)])) for i, a in enumerate(appointments)]
        calls += [("claim_callback", (c, tech)) for c in callbacks]
        outcomes = pool.race(url, calls)
        tally.add(outcomes)
        won = [o for o in outcomes if o.result == "won"]
        assert len(won) == limit - held, outcomes
        assert all(o.result == "CapacityExceeded" for o in outcomes if o.result != "won"), outcomes
        load = {t.technician_id: t.active_jobs for t in store.workload().technicians}
        assert load[tech] == limit
        for o, job in zip(outcomes, appointments + callbacks):
            if o.worker < half:
                row, kind, holder = store.appointment(job), "appointment", store.appointment(job).technician_id
            else:
                row, kind, holder = store.callback(job), "callback", store.callback(job).claimed_by
            if o.result == "won":
                assert holder == tech and row.status in ("assigned", "open")
                assert len(store.history(kind, job)) == 2
            else:
                assert holder is None and row.status in ("scheduled", "pending")
                assert len(store.history(kind, job)) == 1
    assert tally.overlapping_rounds >= 1, "the calls never ran at the same time: not a race"
    return tally


def run_stale_assign_race(pool: RacePool, url: str, store, rounds: int = 4) -> Tally:
    """Every worker assigns the same appointment, all from the same version of the form, each to a
    different technician: one assignment wins, the others are told someone changed it first."""
    from .store_helpers import make_shop

    shop = make_shop(store, technicians=pool.size)
    # Room for every round's winner: a technician who won three rounds would otherwise refuse the next one's
    # first arrival for capacity (rightly: it comes before anyone changed the form's version).
    store.set_capacity_limit(10, shop.manager)
    desks = [shop.desk, shop.desk2, shop.manager]
    tally = Tally()
    for r in range(rounds):
        appointment_id = shop.book(f"Race {r}")
        seen = store.appointment(appointment_id).version
        outcomes = pool.race(url, [("assign_technician", (appointment_id, tech, desks[i % len(desks)]),
                                    {"expected_version": seen}) for i, tech in enumerate(shop.techs)])
        tally.add(outcomes)
        won = [o for o in outcomes if o.result == "won"]
        assert len(won) == 1, outcomes
        assert all(o.result == "ConflictError" for o in outcomes if o is not won[0]), outcomes
        row = store.appointment(appointment_id)
        assert (row.technician_id, row.version) == (shop.techs[won[0].worker], seen + 1)
        assert len(store.history("appointment", appointment_id)) == 2
    return tally


def run_deadline_race(pool: RacePool, url: str, store, rounds: int = 4) -> Tally:
    """Every worker checks the deadlines at the same moment: each passed deadline is announced exactly once.

    The workers read the real clock, so the callbacks are created through a store whose clock is four days
    back: by now each pending one has missed its response and its resolution, each claimed one its resolution.
    ``store`` (on the tests' own clock) only builds the shop; a store on the real clock makes the callback that
    is on time and checks, after each round, that nothing is left to announce.
    """
    from datetime import UTC, datetime, timedelta

    from .store_helpers import FakeClock, make_shop
    from repair_desktop.store import Store

    shop = make_shop(store, technicians=2)
    store.set_capacity_limit(10, shop.manager)  # the most a shop may set
    past = Store.open(url, clock=FakeClock(datetime.now(UTC) - timedelta(days=4)))
    current = Store.open(url)
    tally = Tally()
    try:
        for r in range(rounds):
            pending = [past.create_callback(shop.customer, past._now(), f"Late {r}.{i}", "medium", shop.desk).id
                       for i in range(3)]
            claimed = [past.create_callback(shop.customer, past._now(), f"Held {r}.{i}", "high", shop.desk).id
                       for i in range(2)]
            for callback_id in claimed:
                past.claim_callback(callback_id, shop.techs[0])
            current.create_callback(shop.customer, datetime.now(UTC), f"On time {r}", "low", shop.desk)
            outcomes = pool.race(url, [("check_deadlines", ())] * pool.size)
            tally.add(outcomes)
            assert all(o.result == "won" for o in outcomes), outcomes
            late = 2 * len(pending) + len(claimed)
            assert sum(o.value for o in outcomes) == late, outcomes
            for person in (shop.manager, shop.desk):
                announced = [(n.kind, n.entity_id) for n in store.notifications(person, limit=500)]
                for callback_id in pending:
                    assert announced.count(("callback_respond_late", callback_id)) == 1
                    assert announced.count(("callback_resolve_late", callback_id)) == 1
                for callback_id in claimed:
                    assert announced.count(("callback_resolve_late", callback_id)) == 1
                    assert ("callback_respond_late", callback_id) not in announced
                assert len(announced) == late * (r + 1)
            assert current.check_deadlines() == 0
    finally:
        past.close()
        current.close()
    assert tally.overlapping_rounds >= 1, "the checks never ran at the same time: not a race"
    return tally
