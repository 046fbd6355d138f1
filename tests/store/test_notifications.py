"""Notifications: who is told about each change (in the change's own transaction), reading and marking them."""

from datetime import timedelta

import pytest

from repair_desktop.domain.errors import CapacityExceeded, NotFound, PermissionDenied, ValidationError
from repair_desktop.domain.statuses import AppointmentStatus as A, CallbackStatus as C
from repair_desktop.store import NotificationRow, Store
from support.store_helpers import T0, appointment_in, callback_in, raises_exactly


def told(shop) -> dict[int, list[tuple[str, str, int]]]:
    """Everyone's notifications as ``(kind, entity kind, entity id)``, oldest first, by employee."""
    people = [shop.manager, shop.desk, shop.desk2, *shop.techs]
    return {p: [(n.kind, n.entity_kind, n.entity_id) for n in reversed(shop.store.notifications(p))] for p in people}


def only(shop, expected: dict[int, list[tuple]]) -> None:
    """Exactly these people were told exactly these things (everyone else nothing)."""
    everyone = told(shop)
    assert everyone == {p: expected.get(p, []) for p in everyone}


def test_assigning_tells_the_technician_who_gets_it_and_reassigning_the_one_who_loses_it(shop):
    s, (a, b, _) = shop.store, shop.techs
    job = shop.book()
    s.assign_technician(job, a, shop.desk)
    only(shop, {a: [("appointment_assigned", "appointment", job)]})
    s.assign_technician(job, b, shop.manager)
    only(shop, {a: [("appointment_assigned", "appointment", job), ("appointment_unassigned", "appointment", job)],
                b: [("appointment_assigned", "appointment", job)]})
    newest = s.notifications(a)[0]
    assert "Maria Manager" in newest.text and "Tech B" in newest.text and "AB12 CDE" in newest.text
    s.unassign(job, shop.desk)
    assert [n.kind for n in s.notifications(b)] == ["appointment_unassigned", "appointment_assigned"]


def test_completing_tells_whoever_assigned_it_but_nobody_about_their_own_act(shop):
    s, tech = shop.store, shop.techs[0]
    job = appointment_in(shop, A.IN_PROGRESS, tech)  # assigned by the desk
    s.complete_work(job, tech)
    assert told(shop)[shop.desk] == [("appointment_completed", "appointment", job)]
    assert "Tech A completed" in s.notifications(shop.desk)[0].text
    own = appointment_in(shop, A.IN_PROGRESS, tech)
    s.complete_work(own, shop.desk)  # the desk completes the job it assigned itself
    assert told(shop)[shop.desk] == [("appointment_completed", "appointment", job)]
    assert told(shop)[tech] == [("appointment_assigned", "appointment", job), ("appointment_assigned", "appointment", own)]


def test_an_urgent_callback_tells_every_active_technician(shop):
    s = shop.store
    s.set_employee_active(shop.techs[2], False, shop.manager)
    shop.new_callback(priority="high")
    urgent = shop.new_callback(priority="urgent")
    expected = [("callback_urgent", "callback", urgent)]
    only(shop, {shop.techs[0]: expected, shop.techs[1]: expected})
    assert "Available jobs" in s.notifications(shop.techs[0])[0].text


def test_reassigning_a_callback_tells_both_technicians_and_releasing_the_one_who_loses_it(shop):
    s, (a, b, _) = shop.store, shop.techs
    job = callback_in(shop, C.OPEN, a)
    s.reassign_callback(job, b, shop.desk)
    only(shop, {a: [("callback_taken", "callback", job)], b: [("callback_assigned", "callback", job)]})
    s.release_callback(job, shop.manager)
    assert told(shop)[b] == [("callback_assigned", "callback", job), ("callback_taken", "callback", job)]
    assert "back in Available jobs" in s.notifications(b)[0].text


def test_resolving_tells_whoever_created_it(shop):
    job = callback_in(shop, C.RESOLVED, shop.techs[0])
    only(shop, {shop.desk: [("callback_resolved", "callback", job)]})


def test_creating_claiming_starting_and_adding_a_helper_tell_nobody(shop):
    job = callback_in(shop, C.IN_PROGRESS, shop.techs[0])
    shop.store.add_helper(job, shop.techs[1], shop.desk)
    only(shop, {})


def test_a_refused_change_tells_nobody(shop):
    s = shop.store
    s.set_capacity_limit(1, shop.manager)
    appointment_in(shop, A.ASSIGNED, shop.techs[0])
    before = told(shop)
    raises_exactly(CapacityExceeded, s.assign_technician, shop.book(), shop.techs[0], shop.desk)
    assert told(shop) == before


def test_the_list_is_newest_first_and_can_hold_only_the_unread(clocked_shop, clock):
    s, tech = clocked_shop.store, clocked_shop.techs[0]
    jobs = []
    for _ in range(3):
        jobs.append(clocked_shop.new_callback(priority="urgent"))
        clock.advance(minutes=1)
    listed = s.notifications(tech)
    assert [n.entity_id for n in listed] == jobs[::-1]
    assert all(isinstance(n, NotificationRow) and n.read_at is None and not n.is_read for n in listed)
    assert listed[0].created_at == T0 + timedelta(minutes=2)
    assert [n.entity_id for n in s.notifications(tech, limit=2)] == jobs[:0:-1]
    s.mark_read(tech, [listed[1].id])
    assert [n.entity_id for n in s.notifications(tech, unread_only=True)] == [jobs[2], jobs[0]]
    assert s.notifications(tech)[1].read_at == clock.now


def test_unread_count_and_marking_read(shop):
    s, tech = shop.store, shop.techs[0]
    assert s.unread_count(tech) == 0
    ids = [s.notifications(tech)[0].id for _ in range(3) if shop.new_callback(priority="urgent")]
    assert s.unread_count(tech) == 3 and s.unread_count(shop.techs[1]) == 3
    assert s.mark_read(tech, ids[:1]) == 1
    assert s.unread_count(tech) == 2
    assert s.mark_read(tech, ids[:1]) == 0  # already read: no harm
    assert s.mark_read(tech) == 2
    assert s.unread_count(tech) == 0 and s.unread_count(shop.techs[1]) == 3


def test_marking_someone_elses_or_unknown_notifications_is_refused_and_changes_nothing(shop):
    s, (a, b, _) = shop.store, shop.techs
    shop.new_callback(priority="urgent")
    mine, theirs = s.notifications(a)[0].id, s.notifications(b)[0].id
    raises_exactly(PermissionDenied, s.mark_read, a, [mine, theirs])
    raises_exactly(NotFound, s.mark_read, a, [mine, 99_999])
    raises_exactly(ValidationError, s.mark_read, a, ["all"])
    raises_exactly(NotFound, s.mark_read, 99_999)
    raises_exactly(NotFound, s.notifications, 99_999)
    raises_exactly(ValidationError, s.notifications, a, limit=0)
    assert s.unread_count(a) == s.unread_count(b) == 1


def test_notifications_go_on_the_change_feed(shop):
    s = shop.store
    mark = s.latest_change_id()
    job = shop.book()
    s.assign_technician(job, shop.techs[0], shop.desk)
    _, changes = s.changes_since(mark)
    assert ("notification", shop.techs[0]) in changes
    mark = s.latest_change_id()
    s.mark_read(shop.techs[0])
    assert s.changes_since(mark)[1] == [("notification", shop.techs[0])]


def test_a_second_pc_sees_the_same_notifications(shop, sqlite_url):
    other = Store.open(sqlite_url)
    try:
        job = shop.book()
        other.assign_technician(job, shop.techs[0], shop.desk)
        assert shop.store.unread_count(shop.techs[0]) == 1
        shop.store.mark_read(shop.techs[0])
        assert other.unread_count(shop.techs[0]) == 0
    finally:
        other.close()


@pytest.mark.parametrize("bad", ["1", None, 1.0])
def test_an_employee_is_named_by_their_number(shop, bad):
    raises_exactly(ValidationError, shop.store.unread_count, bad)
