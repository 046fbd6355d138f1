"""PostgreSQL connections and notifications: a pooled connection is pinged only when the server spoke to it in
the pool, a dead one is replaced before use (a read on one lost without a word runs again on a new one), reads and
polls send no BEGIN or COMMIT, and every change of a transaction is still announced by its own NOTIFY."""

import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

import repair_desktop.store.engine as engine_module
from repair_desktop.store import AppointmentFilter, CallbackFilter, Store

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the benchmarks package lives next to the tests
from benchmarks.latency_proxy import LatencyProxy  # noqa: E402


def _kill_other_backends(url: str) -> None:
    """What a server restart does to the store's pooled connections, without restarting."""
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(pg_store, pg_url):
    pg_store.add_customer("Before")
    _kill_other_backends(pg_url)
    time.sleep(1.5)  # idle in the pool, as between two clicks (a plain wait: no event loop here)
    assert pg_store.add_customer("After").name == "After"  # no StoreUnavailable: its shutdown notice was seen


def test_a_read_on_a_connection_lost_without_a_word_runs_again_on_a_new_one(pg_store, pg_url, monkeypatch):
    pg_store.add_customer("Before")
    monkeypatch.setattr(engine_module, "server_spoke", lambda _connection: False)  # as if the notice never came
    _kill_other_backends(pg_url)
    assert [c.name for c in pg_store.search_customers("Before").rows] == ["Before"]


def test_a_read_or_a_poll_is_one_round_trip(pg_url):
    """No BEGIN or COMMIT around a read's or a poll's statement: each would be one more round trip to a server
    across the network. Counted on the wire, through the benchmark's proxy."""
    url = make_url(pg_url)
    with LatencyProxy(url.host, url.port, delay_ms=0) as proxy:
        store = Store.open(url.set(host=proxy.host, port=proxy.port).render_as_string(hide_password=False))
        try:
            store.add_customer("Somebody")
            trips = {}
            for name, read in (("page", lambda: store.list_appointments(AppointmentFilter(), sort="id", limit=200)),
                               ("poll", store.change_mark), ("count", lambda: store.count_callbacks(CallbackFilter()))):
                read()
                before = proxy.round_trips
                read()
                trips[name] = proxy.round_trips - before
            assert trips == {"page": 1, "poll": 1, "count": 1}
            assert store.add_customer("Still written in one transaction").name == "Still written in one transaction"
        finally:
            store.close()


def test_every_change_of_one_transaction_gets_its_own_notify(pg_store, pg_url):
    other = Store.open(pg_url)
    try:
        notifications = other.listen(timeout=0.2)
        assert next(notifications) is None  # listening
        pg_store.announce([("appointment", 7), ("callback", 8), ("appointment", 7)])
        payloads = []
        for payload in notifications:
            if payload is None:
                break
            payloads.append(payload)
        notifications.close()
        assert sorted(payloads) == ["appointment:7", "callback:8"]
    finally:
        other.close()


def test_a_connection_the_server_closed_a_moment_ago_is_replaced_too(pg_store, pg_url):
    pg_store.add_customer("Before")
    _kill_other_backends(pg_url)  # within PING_AFTER_IDLE_SECONDS: its shutdown notice waits on the socket
    assert pg_store.add_customer("After").name == "After"
