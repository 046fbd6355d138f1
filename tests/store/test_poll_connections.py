"""The polls' connections: one per thread, kept between polls, and closed with the store even while another
thread is in the middle of a poll."""

import threading

from sqlalchemy import event

from repair_desktop.store import Store


def connections_opened(store: Store) -> list[int]:
    opened: list[int] = []
    event.listen(store.read_engine.pool, "connect", lambda *_: opened.append(1))
    return opened


def test_each_thread_keeps_its_own_connection_between_polls(store):
    opened = connections_opened(store)
    marks = [store.change_mark() for _ in range(20)]
    assert len(set(marks)) == 1 and len(opened) == 1
    reader = threading.Thread(target=lambda: [store.workload() for _ in range(20)])
    reader.start()
    reader.join(10)
    assert len(opened) == 2  # the reading thread's own, opened once
    store.change_mark()
    assert len(opened) == 2


def test_a_poll_after_close_opens_a_new_connection_and_sees_the_store_as_it_is(store, sqlite_url):
    before = store.change_mark()
    store.close()
    other = Store.open(sqlite_url)
    try:
        other.set_capacity_limit(5, other.add_employee("Mia Manager", "manager").id)
    finally:
        other.close()
    assert store.change_mark() != before and store.workload().technicians == ()


def test_closing_the_store_waits_for_a_poll_running_on_another_thread(store):
    started, release = threading.Event(), threading.Event()

    def slow_poll():
        def hold(*_):
            started.set()
            release.wait(10)
            return 0
        with store._polls.cursor() as cursor:  # a poll in progress, held inside its statement
            cursor.connection.create_function("held", 0, hold)
            return cursor.execute("SELECT held()").fetchall()

    result: list = []
    poller = threading.Thread(target=lambda: result.append(slow_poll()))
    poller.start()
    assert started.wait(10)
    closer = threading.Thread(target=store.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # waits for the poll instead of closing its connection under it
    release.set()
    poller.join(10)
    closer.join(10)
    assert result == [[(0,)]] and not closer.is_alive()
