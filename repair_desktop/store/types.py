"""Column types that keep Python values honest across SQLite and PostgreSQL."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, SmallInteger
from sqlalchemy.types import TypeDecorator

from ..domain.statuses import Priority


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC.

    A naive datetime handed in is taken as the PC's local wall-clock time (what
    the desk typed), so every PC of a shop agrees on the instant.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class PriorityRank(TypeDecorator[Priority]):
    """Stores a priority as its rank (0 = urgent) so ``ORDER BY priority`` puts urgent first and uses an index."""

    impl = SmallInteger
    cache_ok = True

    def process_bind_param(self, value, dialect) -> int | None:
        return None if value is None else Priority(value).rank

    def process_result_value(self, value: int | None, dialect) -> Priority | None:
        return None if value is None else Priority.from_rank(value)
