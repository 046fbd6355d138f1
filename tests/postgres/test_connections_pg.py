"""PostgreSQL connections and notifications: a pooled connection is pinged only after sitting idle,
a dead one is replaced before use, and every change of a transaction is still announced by its own NOTIFY."""

import psycopg
from sqlalchemy.engine import make_url

import repair_desktop.store.engine as engine_module
from repair_desktop.store import Store


def _kill_other_backends(url: str) -> None:
    """What a server restart does to the store's pooled connections, without restarting."""
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(pg_store, pg_url, monkeypatch):
    pg_store.add_customer("Before")
    _kill_other_backends(pg_url)
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)  # everything counts as idle
    assert pg_store.add_customer("After").name == "After"  # no StoreUnavailable: the ping found it dead


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
