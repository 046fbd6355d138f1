"""What one move writes (moves write with plain Core statements instead of the ORM's flush, the ones every move
runs sent straight to the driver): the job's new values and version, one history line, and one change-feed line,
all in one transaction."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from repair_desktop.domain.errors import ConflictError
from repair_desktop.domain.statuses import AppointmentStatus, CallbackStatus, Priority
from repair_desktop.store.base import _HISTORY, send
from repair_desktop.store.models import Appointment, Callback
from repair_desktop.store.rows.records import plain


def _feed(store, since: int) -> list[tuple[str, int]]:
    return [(kind, entity_id) for _, kind, entity_id, _ in store.change_rows_since(since)]


def test_each_move_writes_its_values_one_history_line_and_one_feed_line(shop):
    """One feed line for the job, and one for each person the move notifies (here: the technician who gets it;
    the manager who assigned it completes it, and nobody is told about their own act)."""
    store, job = shop.store, shop.book()
    before = store.appointment(job).version
    told = {"assign_technician": [("notification", shop.techs[0])]}
    for step, (action, args) in enumerate([("assign_technician", (shop.techs[0],)), ("start_work", ()),
                                           ("complete_work", ())], start=1):
        mark = store.latest_change_id()
        returned = getattr(store, action)(job, *args, shop.manager)
        stored = store.appointment(job)
        assert (returned.status, returned.version, returned.technician_id) == (
            stored.status, stored.version, stored.technician_id)
        assert stored.version == before + step
        assert _feed(store, mark) == [("appointment", job), *told.get(action, [])]
        assert store.history("appointment", job)[-1].action == action
    done = store.appointment(job)
    assert done.status == AppointmentStatus.COMPLETED and done.completed_at is not None


def test_a_move_that_also_flushes_objects_writes_one_feed_line(shop):
    store = shop.store
    callback = shop.new_callback()
    store.claim_callback(callback, shop.techs[0])
    mark = store.latest_change_id()
    store.add_helper(callback, shop.techs[1], shop.desk)  # a helper row (ORM flush) and the move (Core)
    assert _feed(store, mark) == [("callback", callback)]
    assert store.history("callback", callback)[-1].note == "Tech B is helping"


def test_the_checks_of_an_assignment_send_no_status_as_a_parameter(shop):
    """SQLite plans a statement again on every run when a parameter meets a column named in a partial index's
    condition (``status`` has such indexes): the capacity and time checks write their statuses into the SQL."""
    store, job = shop.store, shop.book()
    statuses = {str(s) for s in (*AppointmentStatus, *CallbackStatus)}
    reads: list[tuple] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("SELECT"):
            reads.append(tuple(parameters))

    event.listen(store.write_engine, "before_cursor_execute", before)
    try:
        store.assign_technician(job, shop.techs[0], shop.manager)
    finally:
        event.remove(store.write_engine, "before_cursor_execute", before)
    assert len(reads) == 3  # the job with its vehicle; the technician, locked; what the rules check
    assert not [value for values in reads for value in values if value in statuses]


def test_a_statement_sent_straight_to_the_driver_is_written_as_sqlalchemy_would_write_it(shop):
    """``send`` skips SQLAlchemy's execution but not its types: a history line sent with it reads back the same
    as one written through a Core connection."""
    store = shop.store
    line = {"entity_kind": "appointment", "entity_id": shop.book(), "action": "start_work",
            "from_status": AppointmentStatus.ASSIGNED, "to_status": AppointmentStatus.IN_PROGRESS,
            "actor_id": shop.manager, "at": datetime(2026, 3, 2, 9, 30, 15, 250, tzinfo=UTC), "note": "sent"}
    with store._write_sessions.begin() as s:
        send(s, _HISTORY, line)
        s.connection().execute(_HISTORY, {**line, "note": "through Core"})
    with store.read_engine.connect() as connection:
        rows = connection.execute(text("SELECT entity_kind, entity_id, action, from_status, to_status, actor_id, at "
                                       "FROM status_events WHERE note IN ('sent', 'through Core')")).all()
    assert len(rows) == 2 and rows[0] == rows[1]
    assert store.history("appointment", line["entity_id"])[-1].at == line["at"]


def test_a_refusal_from_the_driver_reaches_the_desk_as_the_stores_message(shop):
    store = shop.store
    line = {"entity_kind": "appointment", "entity_id": 1, "action": "start_work", "from_status": None,
            "to_status": "in_progress", "actor_id": 999_999, "at": datetime.now(UTC), "note": None}
    with pytest.raises(IntegrityError), store._write_sessions.begin() as s:
        send(s, _HISTORY, line)  # no such employee: the foreign key refuses it
    with pytest.raises(ConflictError):
        store._transact(store._write_sessions.begin, lambda _store, s: send(s, _HISTORY, line), (), {})


def test_a_moves_record_is_the_row_as_the_orm_reads_it_back(shop):
    """A move reads its job straight from the driver and hands back a record built from that row and the values
    it wrote: field for field what the ORM reads afterwards (types included: enums, aware timestamps, ranks)."""
    store = shop.store
    job, callback = shop.book(), shop.new_callback()
    store.claim_callback(callback, shop.techs[1])
    returned = []
    for model, move in ((Appointment, lambda: store.assign_technician(job, shop.techs[0], shop.manager)),
                        (Appointment, lambda: store.start_work(job, shop.manager)),
                        (Callback, lambda: store.start_callback(callback, shop.techs[1]))):
        returned.append(move())
        with store._read_sessions.begin() as s:
            assert returned[-1] == plain(s.get(model, returned[-1].id))
    assert isinstance(returned[1].status, AppointmentStatus) and returned[1].started_at.tzinfo is not None
    assert isinstance(returned[2].priority, Priority)
