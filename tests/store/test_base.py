"""What the store hands the driver itself (``store.base``): values in the form SQLAlchemy would send them."""

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import sqlite

from repair_desktop.store.base import _parameters, _sql
from repair_desktop.store.models import Appointment, Callback

DIALECT = sqlite.dialect()
FINISHED = select(Appointment.id).where(Appointment.completed_at >= bindparam("start"))
RESOLVED = select(Callback.id).where(Callback.resolved_at >= bindparam("start"))


def test_a_value_sent_with_several_statements_of_a_poll_is_converted_once():
    for statement in (FINISHED, RESOLVED):
        _sql(statement, DIALECT)
    sent: dict = {}
    start = datetime(2026, 12, 1, tzinfo=UTC)
    first = _parameters(FINISHED, DIALECT, {"start": start}, sent=sent)
    again = _parameters(RESOLVED, DIALECT, {"start": start}, sent=sent)
    assert first == again == ("2026-12-01 00:00:00.000000",)
    assert again[0] is first[0]  # the first statement's conversion, not a new one
    # another value under the same name is converted anew, even when it is the same instant
    later = _parameters(FINISHED, DIALECT, {"start": datetime(2026, 12, 1, 3, tzinfo=timezone(timedelta(hours=2)))},
                        sent=sent)
    same_instant = _parameters(RESOLVED, DIALECT, {"start": start.astimezone(timezone(timedelta(hours=-5)))},
                               sent=sent)
    assert later == ("2026-12-01 01:00:00.000000",) and same_instant == first and same_instant[0] is not first[0]
