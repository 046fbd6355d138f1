"""Start-up from the command line: ``--screenshot`` (in a child process, so this process's QApplication stays
clean), ``--as``, ``--tab``, and the admin subcommands ``migrate`` and ``backup``."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from repair_desktop.app import main
from repair_desktop.domain.errors import DomainError
from repair_desktop.store import AppointmentFilter, Store
from repair_desktop.store.schema import head_revision
from repair_desktop.ui.shell.application import screenshot_user
from support.program import run_app
from support.ui_helpers import build_shop

TABLES = ("employees", "customers", "vehicles", "appointments", "status_events", "settings")


@pytest.fixture
def shop_url(shop):
    """The small shop's database (manager Mia Manager, technicians Tom Tech and Tara Tech), let go of."""
    shop.store.close()
    return shop.store.url


def png(path: Path) -> QImage:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull()
    return image


def test_screenshot_of_the_appointments_tab_writes_a_png(tmp_path, shop_url):
    shot = tmp_path / "appointments.png"

    done = run_app(tmp_path, "--db", shop_url, "--screenshot", str(shot), "--tab", "appointments")

    assert done.returncode == 0, done.stderr
    assert f"Wrote {shot}" in done.stdout
    assert done.stderr == ""  # none of Qt's harmless warnings about having no screen
    image = png(shot)
    assert (image.width(), image.height()) == (1280, 800)
    config = tmp_path / "home" / "config"
    assert not config.exists() or list(config.rglob("*.conf")) == []  # no remembered layout of anyone's touched



def test_the_window_imports_sqlalchemy_before_qt(tmp_path, shop_url):
    """PySide6's import hook inspects every module imported after it: SQLAlchemy's come first (70 ms of a start)."""
    shot = tmp_path / "start.png"
    done = run_app(tmp_path, "--db", shop_url, "--screenshot", str(shot), env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    first_qt = next(i for i, name in enumerate(imported) if name.startswith(("PySide6", "shiboken6")))
    assert "sqlalchemy.orm" in imported[:first_qt] and "repair_desktop.store" in imported[:first_qt]


def test_screenshot_of_the_schedule_tab_writes_a_png(tmp_path, shop_url):
    shot = tmp_path / "schedule.png"

    done = run_app(tmp_path, "--db", shop_url, "--screenshot", str(shot), "--tab", "schedule")

    assert done.returncode == 0, done.stderr
    assert (png(shot).width(), png(shot).height()) == (1280, 800)

def test_screenshot_signs_in_as_the_named_technician(tmp_path, shop_url):
    manager_shot, tom_shot = tmp_path / "manager.png", tmp_path / "tom.png"

    as_manager = run_app(tmp_path, "--db", shop_url, "--screenshot", str(manager_shot), "--tab", "appointments")
    as_tom = run_app(tmp_path, "--db", shop_url, "--screenshot", str(tom_shot), "--tab", "appointments",
                     "--as", "Tom Tech")

    assert as_manager.returncode == 0, as_manager.stderr
    assert as_tom.returncode == 0, as_tom.stderr
    assert png(tom_shot) != png(manager_shot)  # other tabs, other jobs, another name in the status bar


def test_screenshot_of_a_tab_the_role_does_not_have_fails_with_a_message(tmp_path, shop_url):
    shot = tmp_path / "workload.png"

    done = run_app(tmp_path, "--db", shop_url, "--screenshot", str(shot), "--tab", "workload", "--as", "Tom Tech")

    assert done.returncode == 1
    assert "repair-desktop: Tom Tech (Technician) has no workload tab." in done.stderr
    assert "Traceback" not in done.stderr
    assert not shot.exists()


@pytest.mark.parametrize("who, message", [
    (["--as", "Nobody Here"], "There is no employee called 'Nobody Here' to sign in as"),
    ([], None),
])
def test_screenshot_without_the_person_to_sign_in_as_fails_with_a_message(tmp_path, sqlite_url, shop_url, who,
                                                                         message):
    url = shop_url
    if not who:  # no manager at all: an empty shop
        url = "sqlite:///" + str(tmp_path / "empty.db")
        message = "There is no manager to sign in as"
    shot = tmp_path / "nobody.png"

    done = run_app(tmp_path, "--db", url, "--screenshot", str(shot), *who)

    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not shot.exists()


def test_screenshot_user_picks_the_first_manager_or_the_named_person(store):
    shop = build_shop(store)

    assert screenshot_user(store, None).id == shop.manager.id
    assert screenshot_user(store, "Tara Tech").id == shop.tara.id
    with pytest.raises(DomainError, match="There is no employee called 'Tara' to sign in as"):
        screenshot_user(store, "Tara")


# --- admin subcommands: no Qt window, so they run in this process -----------------------------------


@pytest.mark.parametrize("order", ["before", "after"])
def test_migrate_creates_the_schema(tmp_path, capsys, order):
    url = "sqlite:///" + str(tmp_path / "shop.db")
    args = ["--db", url, "migrate"] if order == "before" else ["migrate", "--db", url]

    assert main(args) == 0

    assert f"The database schema is at revision {head_revision()}." in capsys.readouterr().out
    with closing(sqlite3.connect(tmp_path / "shop.db")) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLES) <= tables
    assert main(args) == 0  # again: already current, nothing to do


def test_migrate_takes_the_database_from_the_environment(tmp_path, capsys, monkeypatch):
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("REPAIR_DESKTOP_DB", f"sqlite:///{path}")

    assert main(["migrate"]) == 0

    assert path.is_file()


def counts(path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def test_backup_copies_a_sqlite_database_with_every_row(tmp_path, shop_url, capsys):
    source = Path(shop_url.removeprefix("sqlite:///"))
    dest = tmp_path / "backup.db"

    assert main(["--db", shop_url, "backup", str(dest)]) == 0

    assert f"Backed up {source} to {dest}." in capsys.readouterr().out
    with closing(sqlite3.connect(dest)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert counts(dest) == counts(source)
    assert counts(dest)["appointments"] == 5
    original, copy = Store.open(shop_url), Store.open(f"sqlite:///{dest}")
    try:
        everything = AppointmentFilter()
        assert copy.list_appointments(everything).rows == original.list_appointments(everything).rows
        assert [e.name for e in copy.employees()] == [e.name for e in original.employees()]
        tom = next(e for e in copy.employees() if e.name == "Tom Tech")
        assert copy.authenticate(tom.id, "1111").id == tom.id  # the PIN hashes came along too
    finally:
        original.close()
        copy.close()


def test_backup_while_the_shop_keeps_working(tmp_path, shop_url, capsys):
    store = Store.open(shop_url)  # a PC with the database open, mid-shift
    try:
        desk = next(e for e in store.employees() if e.name == "Fran Desk")
        focus = store.find_customers("Alice")[0]
        vehicle = store.vehicles(focus.id)[0]
        store.book_appointment(vehicle.id, store.appointment(1).scheduled_at, "Booked just before the backup",
                               desk.id)

        assert main(["--db", shop_url, "backup", str(tmp_path / "live.db")]) == 0
    finally:
        store.close()

    assert counts(tmp_path / "live.db")["appointments"] == 6


def test_backup_of_a_missing_file_says_so(tmp_path, capsys):
    missing = tmp_path / "shop.db"

    assert main(["--db", f"sqlite:///{missing}", "backup", str(tmp_path / "b.db")]) == 1

    assert capsys.readouterr().err.strip() == f"repair-desktop: There is no database file at {missing}."
    assert not (tmp_path / "b.db").exists()
