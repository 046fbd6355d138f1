"""Backups and restores (store/backup.py): consistent copies while another connection writes, checked
restores that refuse damaged and foreign files, and the daily copy kept for 14 days."""

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from repair_desktop.store import Store
from repair_desktop.store import backup as backups
from repair_desktop.store.backup import BackupError, back_up, check_backup, daily_backup, quick_check, restore
from repair_desktop.store.schema import head_revision
from support.read_only import read_only
from support.store_helpers import T0, corrupt, make_shop

JOBS = 12


def db_file(store: Store) -> Path:
    return Path(make_url(store.url).database)


def count(path: Path, table: str = "appointments") -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def integrity(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [r[0] for r in db.execute("PRAGMA integrity_check")]


@pytest.fixture
def shop(store):
    shop = make_shop(store)
    for n in range(JOBS):
        store.book_appointment(shop.vehicle, T0 + timedelta(hours=n), f"Job {n} " + "x" * 300, shop.desk)
    return shop


def test_backup_while_another_connection_writes_is_one_consistent_snapshot(shop, tmp_path):
    store, dest, calls = shop.store, tmp_path / "copy.db", []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) == 2:  # half-way: another PC books a job, which writes the pages already copied
            store.book_appointment(shop.vehicle, T0, "Booked during the backup", shop.desk)

    result = back_up(store.url, dest, progress, pages=2)

    assert result.destination == dest and f"to {dest}" in result.message
    assert len(calls) > 2 and calls[-1][0] == calls[-1][1]  # steps, ending at 100 %
    assert integrity(dest) == ["ok"]
    assert count(dest) == JOBS + 1  # SQLite restarted the copy after the write: the result is the newer snapshot
    assert count(dest, "status_events") == count(dest)  # every booking with its history entry
    assert not dest.with_name("copy.db.part").exists()
    with closing(sqlite3.connect(dest)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file


def test_backup_of_a_missing_file_and_pg_without_pg_dump_say_so(tmp_path, monkeypatch):
    with pytest.raises(BackupError, match="There is no database file at"):
        back_up(f"sqlite:///{tmp_path / 'none.db'}", tmp_path / "b.db")
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    with pytest.raises(BackupError, match="needs pg_dump, which is not installed"):
        back_up("postgresql+psycopg://shop@server/repair", tmp_path / "b.dump")


@pytest.mark.parametrize("where, said", [("missing/b.db", "does not exist, so no backup was written"),
                                         ("usb", "is a folder. Name the backup file"),
                                         ("usb/b.db", "may not write to the folder")])
def test_a_destination_that_cant_take_the_backup_is_refused_before_copying(shop, tmp_path, where, said):
    (tmp_path / "usb").mkdir()
    dest = tmp_path / where
    before = sorted(tmp_path.rglob("*"))

    with read_only(tmp_path / "usb"), pytest.raises(BackupError, match=said) as refused:
        back_up(shop.store.url, dest)

    assert refused.value.title == "Backup problem"
    assert sorted(tmp_path.rglob("*")) == before


def test_restore_puts_a_checked_backup_in_place_and_keeps_the_replaced_file(shop, tmp_path):
    store, live = shop.store, db_file(shop.store)
    back_up(store.url, tmp_path / "monday.db")
    store.book_appointment(shop.vehicle, T0, "Booked after the backup", shop.desk)
    store.close()

    kept = restore(tmp_path / "monday.db", live)

    assert count(live) == JOBS
    assert kept is not None and count(kept) == JOBS + 1  # nothing thrown away
    assert integrity(live) == ["ok"]
    reopened = Store.open(store.url)
    try:
        assert len(reopened.employees()) == 6
    finally:
        reopened.close()


def test_restore_refuses_a_corrupt_file_and_leaves_the_database_alone(shop, tmp_path):
    live = db_file(shop.store)
    back_up(shop.store.url, tmp_path / "bad.db")
    corrupt(tmp_path / "bad.db")
    shop.store.close()
    before = live.read_bytes()

    with pytest.raises(BackupError, match="bad.db is damaged"):
        restore(tmp_path / "bad.db", live)

    assert live.read_bytes() == before
    assert sorted(p.name for p in live.parent.iterdir() if p.name.startswith("shop.db")) == ["shop.db"]


@pytest.mark.parametrize("kind", ["other sqlite", "text", "newer"])
def test_restore_refuses_a_file_that_is_not_a_repair_desktop_database_it_knows(shop, tmp_path, kind):
    live, candidate = db_file(shop.store), tmp_path / "candidate.db"
    if kind == "other sqlite":
        with closing(sqlite3.connect(candidate)) as db:
            db.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        expected = "is not a Repair Desktop database"
    elif kind == "text":
        candidate.write_text("Dear customer, your car is ready.\n" * 100)
        expected = "is not a Repair Desktop backup"
    else:
        back_up(shop.store.url, candidate)
        with closing(sqlite3.connect(candidate)) as db:
            db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
            db.commit()
        expected = "made by a newer Repair Desktop"
    shop.store.close()
    before = live.read_bytes()

    with pytest.raises(BackupError, match=expected):
        restore(candidate, live)

    assert live.read_bytes() == before


def test_check_backup_names_the_revision(shop, tmp_path):
    back_up(shop.store.url, tmp_path / "ok.db")
    assert check_backup(tmp_path / "ok.db") == head_revision()


def test_quick_check_finds_a_damaged_file(shop, tmp_path):
    live = db_file(shop.store)
    shop.store.close()
    assert quick_check(live) is None
    assert quick_check(tmp_path / "nothing-yet.db") is None
    corrupt(live)
    assert quick_check(live)  # says what is wrong


def test_daily_backup_makes_one_copy_a_day_and_keeps_14_days(shop, tmp_path):
    live, folder, today = db_file(shop.store), tmp_path / "backups", date(2026, 3, 20)
    folder.mkdir()
    for back in range(1, 21):  # 20 earlier days' copies, and a stranger that is not ours
        (folder / f"shop-{today - timedelta(days=back)}.db").write_bytes(b"old")
    (folder / "notes.txt").write_text("keep me")
    (folder / "other-2020-01-01.db").write_bytes(b"another database's copy")

    made = daily_backup(live, folder, today)

    assert made == folder / "shop-2026-03-20.db"
    assert integrity(made) == ["ok"] and count(made) == JOBS
    days = [day for day, _ in backups.daily_backups(live, folder)]
    assert len(days) == 14 and days[0] == today - timedelta(days=13) and days[-1] == today
    assert (folder / "notes.txt").exists() and (folder / "other-2020-01-01.db").exists()
    assert daily_backup(live, folder, today) is None  # one a day
    assert daily_backup(live, folder, today + timedelta(days=1)) is not None
    assert len(backups.daily_backups(live, folder)) == 14


def test_restore_of_a_copied_live_file_takes_its_wal_along(shop, tmp_path):
    """A shop.db copied with its -wal beside it (say from another PC's folder) loses nothing."""
    store, live = shop.store, db_file(shop.store)
    other = tmp_path / "other"
    other.mkdir()
    with closing(sqlite3.connect(live)) as db:  # hold the WAL open so the copy has one with rows in it
        db.execute("PRAGMA wal_autocheckpoint=0")
        store.book_appointment(shop.vehicle, T0, "Only in the WAL", shop.desk)
        for suffix in ("", "-wal"):
            (other / f"shop.db{suffix}").write_bytes(Path(f"{live}{suffix}").read_bytes())
    store.close()
    assert Path(f"{other / 'shop.db'}-wal").stat().st_size > 0

    restore(other / "shop.db", tmp_path / "restored.db")

    assert count(tmp_path / "restored.db") == JOBS + 1
