"""What one move sends to PostgreSQL: the job locked and read, its versioned UPDATE, and its history line written
by the same statement as its change-feed line (which also sends the NOTIFY): three statements, one round trip
each, and the same rows as on SQLite. An assignment adds the technician's lock, one statement for everything its
rules check, and the notification with its feed line."""

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import event

from support.store_helpers import make_shop


@pytest.fixture
def shop(pg_store):
    return make_shop(pg_store)


def _sent(store, call) -> list[str]:
    sent: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append(statement.split()[0].upper())

    event.listen(store.write_engine, "before_cursor_execute", before)
    try:
        call()
    finally:
        event.remove(store.write_engine, "before_cursor_execute", before)
    return sent


def test_a_move_is_three_statements_and_writes_one_history_and_one_feed_line(shop):
    store, job = shop.store, shop.book()
    store.assign_technician(job, shop.techs[0], shop.manager)
    mark = store.latest_change_id()
    assert _sent(store, lambda: store.start_work(job, shop.manager)) == ["SELECT", "UPDATE", "WITH"]
    assert [(kind, entity_id) for _, kind, entity_id, _ in store.change_rows_since(mark)] == [("appointment", job)]
    assert [e.action for e in store.history("appointment", job)] == ["book", "assign_technician", "start_work"]


def test_a_move_whose_job_was_already_announced_still_writes_its_history(shop):
    store = shop.store
    callback = shop.new_callback()
    store.claim_callback(callback, shop.techs[0])
    mark = store.latest_change_id()
    store.add_helper(callback, shop.techs[1], shop.desk)  # the helper row's flush announces the callback first
    assert [(kind, entity_id) for _, kind, entity_id, _ in store.change_rows_since(mark)] == [("callback", callback)]
    assert store.history("callback", callback)[-1].note == "Tech B is helping"


def test_a_plan_is_five_statements_what_it_checks_read_together_after_the_lock(shop):
    store, job = shop.store, shop.book()
    monday = store.local_today() + timedelta(days=7 - store.local_today().weekday())
    plan = (job, shop.techs[0], datetime.combine(monday, time(9)), 60, shop.manager)
    assert _sent(store, lambda: store.plan_appointment(*plan)) == [
        "SELECT",  # the job and the actor
        "SELECT",  # the technician, locked
        "SELECT",  # the time off in the way, the capacity limit, the opening hours, the jobs near the plan
        "UPDATE", "WITH"]
    assert [e.action for e in store.history("appointment", job)] == ["book", "plan"]


def test_an_assignment_is_seven_statements_and_tells_the_technician(shop):
    store, job = shop.store, shop.book()
    assert _sent(store, lambda: store.assign_technician(job, shop.techs[0], shop.manager)) == [
        "SELECT",  # the job, the actor and the job's vehicle
        "SELECT",  # the technician, locked
        "SELECT",  # their active jobs, the limit, time off and the jobs near the appointment's time
        "UPDATE", "WITH",
        "INSERT",  # the notification, to the technician if active
        "INSERT"]  # its feed line, with the NOTIFY
    (told,) = store.notifications(shop.techs[0])
    assert told.kind == "appointment_assigned" and "VW Golf (AB12 CDE)" in told.text
