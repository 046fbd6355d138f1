"""The demo's load on SQLite: through a rollback journal when it has the file to itself, safe when cut short."""

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text

import pytest

from repair_desktop.demo import fill_demo
from repair_desktop.demo.writer import rollback_journal
from repair_desktop.store import Store

#: Runs a load in a fresh process and ends that process half-way, as a crash or a power cut would: a page
#: cache of a few pages makes the load write into the file (and its journal) long before its commit.
_CUT_SHORT = textwrap.dedent("""
    import os, sys
    from repair_desktop.demo import fill_demo, writer
    from repair_desktop.store import Store

    writer.LOAD_CACHE_KIB = 64
    store = Store.open("sqlite:///" + sys.argv[1])

    def progress(done, total):
        if done >= 25_000:
            os._exit(3)  # no commit, no rollback, no clean-up

    fill_demo(store, 40_000, progress=progress)
""")


def _journals(path: Path) -> dict[str, bool]:
    return {suffix: Path(f"{path}{suffix}").exists() for suffix in ("-journal", "-wal")}


def _count(store: Store, table: str) -> int:
    with store.read_engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def test_a_load_alone_goes_through_a_rollback_journal_and_leaves_wal_on(tmp_path):
    path = tmp_path / "alone.db"
    store = Store.open(f"sqlite:///{path}")
    seen = []
    fill_demo(store, 2000, progress=lambda done, total: seen.append(_journals(path)))
    assert seen[-1] == {"-journal": True, "-wal": False}  # the rows went to the file, not through the log
    with store.write_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert _count(store, "appointments") == 2000
    store.close()


def test_a_load_while_another_connection_has_the_file_open_goes_through_the_log(tmp_path):
    path = tmp_path / "shared.db"
    store = Store.open(f"sqlite:///{path}")
    other = sqlite3.connect(path)  # another PC's connection, idle: leaving WAL would need the file alone
    other.execute("SELECT count(*) FROM appointments").fetchone()
    seen = []
    fill_demo(store, 2000, progress=lambda done, total: seen.append(_journals(path)))
    assert seen[-1] == {"-journal": False, "-wal": True}
    assert other.execute("SELECT count(*) FROM appointments").fetchone()[0] == 2000
    other.close()
    store.close()


def _mode(path: Path) -> str:
    """The journal mode a new connection finds in the file (no store: its connections set WAL when they open)."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize("fails", [False, True])
def test_the_rollback_journal_is_the_loads_only_and_wal_comes_back(tmp_path, fails):
    path = tmp_path / "mode.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("CREATE TABLE t (x)")
    try:
        with rollback_journal(raw):
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            if fails:
                raise OSError("disk full")
    except OSError:
        assert fails
    assert _mode(path) == "wal"
    other = sqlite3.connect(path)  # another connection has the file open: the load stays in the log
    other.execute("SELECT count(*) FROM t").fetchone()
    with rollback_journal(raw):
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    raw.close()
    assert _mode(path) == "wal"


def test_a_load_cut_short_is_rolled_back_when_the_file_is_next_opened(tmp_path):
    path = tmp_path / "cut.db"
    Store.open(f"sqlite:///{path}").close()
    empty = path.stat().st_size
    run = subprocess.run([sys.executable, "-c", _CUT_SHORT, str(path)], capture_output=True, text=True,
                         cwd=Path(__file__).parents[2], timeout=120)
    assert run.returncode == 3, run.stderr
    assert _journals(path)["-journal"] and path.stat().st_size > empty  # hot: the load had written into the file
    store = Store.open(f"sqlite:///{path}")
    assert _count(store, "appointments") == _count(store, "employees") == 0
    with store.write_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    fill_demo(store, 1000)  # and the demo goes in afterwards
    assert _count(store, "appointments") == 1000
    store.close()
