"""Live refresh on SQLite: two stores on one file stand for two PCs; the window polls the change feed
off the GUI thread and shows the other PC's changes in place within 2 seconds."""

import pytest

from repair_desktop.store import Store
from support.live_helpers import (build_live_shop, scenario_appointments, scenario_clean_close, scenario_conflict,
                                  scenario_latency, scenario_new_pending_callback)


@pytest.fixture
def live(store):
    shop = build_live_shop(store)
    other = Store.open(store.url)  # the second PC
    yield shop, other
    other.close()


def test_another_pcs_edits_show_in_place_within_two_seconds(qtbot, live, tmp_path):
    shop, other = live
    scenario_latency(qtbot, shop, other, tmp_path, "SQLite (polling)")


def test_an_appointment_assigned_elsewhere_shows_its_technician(qtbot, live, tmp_path):
    scenario_appointments(qtbot, *live, tmp_path)


def test_available_jobs_follow_the_other_pcs(qtbot, live, tmp_path):
    scenario_new_pending_callback(qtbot, *live, tmp_path)


def test_two_clerks_editing_one_callback(qtbot, live, tmp_path):
    scenario_conflict(qtbot, *live, tmp_path)


def test_closing_the_window_stops_the_watcher(qtbot, live, tmp_path):
    scenario_clean_close(qtbot, live[0], tmp_path)


def test_the_feed_names_each_change_once_and_skips_nothing(live):
    shop, other = live
    start = other.latest_change_id()
    shop.store.assign_technician(shop.appointments[0], shop.tom.id, shop.desk.id)
    shop.store.update_callback(shop.callbacks[0], shop.desk.id, description="New words")
    last, changes = other.changes_since(start)
    assert changes == [("appointment", shop.appointments[0]), ("notification", shop.tom.id),
                       ("callback", shop.callbacks[0])]
    assert other.changes_since(last) == (last, [])
    assert last == other.latest_change_id()


def test_old_feed_lines_are_pruned(sqlite_url):
    from datetime import UTC, datetime, timedelta

    past = Store.open(sqlite_url, clock=lambda: datetime.now(UTC) - timedelta(days=8))
    try:
        build_live_shop(past)
    finally:
        past.close()
    now = Store.open(sqlite_url)
    try:
        old = now.latest_change_id()
        assert old > 0
        now.add_customer("Dan Driver")  # this store's first feed line prunes the week-old ones
        rows = now.change_rows_since(0)
        assert [r[1] for r in rows] == ["customer"] and rows[0][0] == old + 1  # ids never reused
    finally:
        now.close()


def test_a_late_commit_below_the_cursor_is_not_missed(store, qtbot):
    """Ids are taken before commit: a gap is waited for, so a slower transaction's change still arrives."""
    from repair_desktop.ui.shell.change_watcher import _Follower

    follower = _Follower(store, 10, include_own=True)
    emitted = []
    follower.changes.connect(emitted.append)
    follower._pass_on([(12, "callback", 5, "pc")])  # 11 not committed yet
    assert emitted == [[("callback", 5)]] and follower.cursor == 10
    follower._pass_on([(11, "appointment", 7, "pc"), (12, "callback", 5, "pc")])
    assert emitted[-1] == [("appointment", 7)] and follower.cursor == 12
    follower.store = type("Other", (), {"origin": "me"})()
    follower.include_own = False
    follower._pass_on([(13, "callback", 5, "me"), (14, "callback", 6, "pc")])
    assert emitted[-1] == [("callback", 6)] and follower.cursor == 14
