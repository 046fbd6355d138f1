"""Live refresh on PostgreSQL: two stores on one server database stand for two PCs; each window
LISTENs for the NOTIFY sent in the changing transaction and shows the other PC's change in place within
2 seconds. Also the conflict between two windows, and the feed itself."""

import pytest

from repair_desktop.store import Store
from support.live_helpers import (build_live_shop, scenario_appointments, scenario_conflict, scenario_latency,
                                  scenario_new_pending_callback)
from support.ui_helpers import record_message_boxes


@pytest.fixture
def live(pg_url, monkeypatch):
    record_message_boxes(monkeypatch)
    first, other = Store.open(pg_url), Store.open(pg_url)
    yield build_live_shop(first), other
    other.close()
    first.close()


def test_another_pcs_edits_show_in_place_within_two_seconds(qtbot, live, tmp_path):
    scenario_latency(qtbot, *live, tmp_path, "PostgreSQL (LISTEN/NOTIFY)")


def test_an_appointment_assigned_elsewhere_shows_its_technician(qtbot, live, tmp_path):
    scenario_appointments(qtbot, *live, tmp_path)


def test_available_jobs_follow_the_other_pcs(qtbot, live, tmp_path):
    scenario_new_pending_callback(qtbot, *live, tmp_path)


def test_two_clerks_editing_one_callback(qtbot, live, tmp_path):
    scenario_conflict(qtbot, *live, tmp_path)


def test_a_change_is_notified_on_commit_and_listed_in_the_feed(live):
    shop, other = live
    start = other.latest_change_id()
    notifications = other.listen(timeout=0.1)
    assert next(notifications) is None  # listening, nothing yet
    shop.store.assign_technician(shop.appointments[0], shop.tom.id, shop.desk.id)
    payloads = set()
    for _ in range(50):
        payload = next(notifications)
        if payload is None and payloads:
            break
        if payload is not None:
            payloads.add(payload)
    notifications.close()
    assert payloads == {f"appointment:{shop.appointments[0]}", f"notification:{shop.tom.id}"}
    last, changes = other.changes_since(start)
    assert changes == [("appointment", shop.appointments[0]), ("notification", shop.tom.id)]
    assert other.changes_since(last) == (last, [])


def test_a_refused_change_leaves_no_trace_in_the_feed(live):
    from repair_desktop.domain.errors import InvalidTransition

    shop, other = live
    start = other.latest_change_id()
    with pytest.raises(InvalidTransition):
        shop.store.complete_work(shop.appointments[0], shop.desk.id)  # never started
    assert other.changes_since(start) == (start, [])
