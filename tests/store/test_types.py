"""The column types' round trip on SQLite: what goes in as an instant comes back as the same aware UTC instant,
whichever way the text was written (by SQLAlchemy, by SQLite itself, by a bulk loader through the driver)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text

from repair_desktop.store.types import UTCDateTime

INSTANT = datetime(2026, 3, 29, 1, 30, 15, 250000, tzinfo=UTC)


@pytest.fixture
def table(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'types.db'}")
    stamps = Table("stamps", MetaData(), Column("id", Integer, primary_key=True), Column("at", UTCDateTime()))
    stamps.metadata.create_all(engine)
    yield engine, stamps
    engine.dispose()


def _read(engine, stamps) -> list[datetime | None]:
    with engine.connect() as connection:
        return list(connection.scalars(select(stamps.c.at).order_by(stamps.c.id)))


def test_an_instant_comes_back_the_same_and_aware_in_utc(table):
    engine, stamps = table
    kolkata = INSTANT.astimezone(timezone(timedelta(hours=5, minutes=30)))
    with engine.begin() as connection:
        connection.execute(insert(stamps), [{"at": INSTANT}, {"at": kolkata}, {"at": None}])
    assert _read(engine, stamps) == [INSTANT, INSTANT, None]
    assert [v.tzinfo for v in _read(engine, stamps)[:2]] == [UTC, UTC]


@pytest.mark.parametrize("stored, expected", [
    ("2026-03-29 01:30:15.250000", INSTANT),  # SQLAlchemy's own format
    ("2026-03-29 01:30:15", INSTANT.replace(microsecond=0)),  # SQLite's datetime() and the driver's adapter
    ("2026-03-29T01:30:15.250000", INSTANT),
    ("2026-03-29 01:30:15.250000+00:00", INSTANT),  # an aware value the driver adapted as it was
])
def test_text_written_by_other_hands_reads_as_the_same_instant(table, stored, expected):
    engine, stamps = table
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO stamps (at) VALUES (:at)"), {"at": stored})
    assert _read(engine, stamps) == [expected]
