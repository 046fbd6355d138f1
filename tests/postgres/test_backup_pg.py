"""PostgreSQL side of backups and the start-up checks: pg_dump, "Test connection", and a missing database."""

import shutil

import pytest
from sqlalchemy.engine import make_url

from repair_desktop.domain.errors import StoreUnavailable
from repair_desktop.store import Store
from repair_desktop.store.backup import back_up
from repair_desktop.store.probe import probe
from repair_desktop.ui.shell.startup_checks import StartupProblem, try_open


def test_probe_says_empty_then_ready_and_creates_nothing(pg_url):
    assert "it is empty, and Repair Desktop will set it up" in probe(pg_url)
    assert "it is empty" in probe(pg_url)  # probing twice changed nothing
    Store.open(pg_url).close()
    assert "a Repair Desktop database, ready to use" in probe(pg_url)


def test_a_missing_database_is_named_at_start_up_and_in_test_connection(pg_url):
    missing = make_url(pg_url).set(database="no_such_shop").render_as_string(hide_password=False)
    with pytest.raises(StoreUnavailable, match="The server has no database of that name"):
        probe(missing)
    with pytest.raises(StartupProblem, match="The server has no database of that name") as problem:
        try_open(missing)
    assert problem.value.kind == "unavailable"


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_pg_dump_backup(pg_store, tmp_path):
    pg_store.add_employee("Dan Desk", "manager")
    progress = []

    result = back_up(pg_store.url, tmp_path / "shop.dump", lambda done, total: progress.append((done, total)))

    assert result.destination.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert progress == [(0, 0)] and "restore with pg_restore" in result.message
