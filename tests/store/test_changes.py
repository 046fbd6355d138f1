"""The change feed other PCs follow: what ``announce`` and the store's own changes put on it."""

import gc
import weakref

from repair_desktop.store import Store


def test_announcing_puts_each_change_on_the_feed_once_in_order(store):
    start = store.latest_change_id()
    store.announce([("appointment", 7), ("callback", 8), ("appointment", 7)])
    last, changes = store.changes_since(start)
    assert changes == [("appointment", 7), ("callback", 8)]
    assert last == store.latest_change_id() > start
    assert store.changes_since(last) == (last, [])


def test_a_store_change_is_on_the_feed_with_the_store_as_its_origin(store):
    start = store.latest_change_id()
    employee = store.add_employee("Maria Manager", "manager")
    rows = store.change_rows_since(start)
    assert [(kind, entity, origin) for _, kind, entity, origin in rows] == [("employee", employee.id, store.origin)]


def test_a_closed_store_is_freed_with_its_feed_hook(sqlite_url):
    """The feed's hook lives in SQLAlchemy's registry of session listeners as long as the program; it must not
    keep the store (and its engines) alive once the store is closed and dropped."""
    opened = Store.open(sqlite_url)
    opened.add_employee("Maria Manager", "manager")  # a flush: the hook ran
    gone = weakref.ref(opened)
    opened.close()
    del opened
    gc.collect()
    assert gone() is None
