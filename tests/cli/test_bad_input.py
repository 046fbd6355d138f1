"""Bad input to the command line ends cleanly: one line on stderr saying what is wrong, exit code 1, within
seconds, no traceback, no dialog nobody can see, and nothing made on disk.

Each case runs the program as a person would (``python -m repair_desktop`` in a child process, no screen).
"""

import shutil
import time

import pytest

from pg_server import free_port
from repair_desktop.store import Store
from support.program import run_app
from support.read_only import read_only

#: The longest a refusal may take, start-up included, on a busy test machine.
SECONDS = 10


def refused(tmp_path, *args, env=None):
    """Run the program; check it ended the clean way; return its one line on stderr."""
    started = time.monotonic()
    done = run_app(tmp_path, *args, env=env)
    took = time.monotonic() - started

    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("repair-desktop")
    assert took < SECONDS
    return lines[0]


def made(tmp_path):
    """Everything in the test's folder but the child's home (its settings and data folders are its own)."""
    return sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.relative_to(tmp_path).parts[0] != "home")


@pytest.fixture
def shop_db(tmp_path):
    path = tmp_path / "shop.db"
    store = Store.open(f"sqlite:///{path}")
    store.add_employee("Mia Manager", "manager")
    store.close()
    return path


# --- an address that is not a database URL ---------------------------------------------------------------

NOT_AN_ADDRESS = ("repair-desktop: 'garbage' is not a database address. Give a file as sqlite:///path/to/shop.db, "
                  "or a server as postgresql+psycopg://user@server/database.")


@pytest.mark.parametrize("command", [["--screenshot", "x.png"], ["migrate"], ["demo"], ["backup", "b.db"],
                                     ["restore", "b.db"]])
def test_an_address_that_is_not_a_url_is_one_line(tmp_path, command):
    assert refused(tmp_path, "--db", "garbage", *command) == NOT_AN_ADDRESS
    assert made(tmp_path) == []


def test_the_environments_address_is_checked_the_same_way(tmp_path):
    assert refused(tmp_path, "--screenshot", "x.png", env={"REPAIR_DESKTOP_DB": "garbage"}) == NOT_AN_ADDRESS
    assert made(tmp_path) == []


# --- a folder that does not exist is a typo, never made ---------------------------------------------------

@pytest.mark.parametrize("command", [["migrate"], ["demo", "--scale", "20"], ["--screenshot", "x.png"],
                                     ["restore", "b.db"]])
def test_a_typed_database_in_a_missing_folder_is_refused_and_nothing_is_made(tmp_path, command):
    path = tmp_path / "some" / "typo" / "folder" / "x.db"

    line = refused(tmp_path, "--db", f"sqlite:///{path}", *command)

    assert line == (f"repair-desktop: The folder {path.parent} does not exist, so there is no database at {path}. "
                    "Check the path for a typo; Repair Desktop makes a new database file, never its folders.")
    assert made(tmp_path) == []


def test_the_environments_missing_folder_is_refused_too(tmp_path):
    path = tmp_path / "typo" / "x.db"

    line = refused(tmp_path, "migrate", env={"REPAIR_DESKTOP_DB": f"sqlite:///{path}"})

    assert f"The folder {path.parent} does not exist" in line
    assert made(tmp_path) == []


# --- a file or folder that is not a database --------------------------------------------------------------

@pytest.mark.parametrize("command", [["migrate"], ["demo"], ["backup", "b.db"]])
def test_a_file_that_is_not_a_database_is_one_line(tmp_path, command):
    notes = tmp_path / "notes.txt"
    notes.write_text("Tuesday: order brake pads\n")

    line = refused(tmp_path, "--db", f"sqlite:///{notes}", *command)

    assert "not a database" in line
    assert made(tmp_path) == ["notes.txt"] and notes.read_text() == "Tuesday: order brake pads\n"


def test_a_file_that_is_not_a_database_stops_a_screenshot_with_one_line(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Tuesday: order brake pads\n")

    assert "not a database file" in refused(tmp_path, "--db", f"sqlite:///{notes}", "--screenshot", "x.png")
    assert made(tmp_path) == ["notes.txt"]


@pytest.mark.parametrize("command", [["migrate"], ["--screenshot", "x.png"]])
def test_a_folder_given_as_the_database_is_one_line(tmp_path, command):
    folder = tmp_path / "shop"
    folder.mkdir()

    line = refused(tmp_path, "--db", f"sqlite:///{folder}", *command)

    assert line == (f"repair-desktop: {folder} is a folder, not a database file. Give a file in it, such as "
                    f"{folder / 'shop.db'}.")
    assert made(tmp_path) == ["shop"]


def test_a_database_in_memory_is_one_line(tmp_path):
    assert "a database in memory" in refused(tmp_path, "--db", "sqlite://", "migrate")


# --- backups that can't be written ------------------------------------------------------------------------

def test_a_backup_into_a_missing_folder_is_one_line(tmp_path, shop_db):
    dest = tmp_path / "usb" / "backups" / "shop.db"

    line = refused(tmp_path, "--db", f"sqlite:///{shop_db}", "backup", str(dest))

    assert line == (f"repair-desktop: The folder {dest.parent} does not exist, so no backup was written. Check the "
                    "path, or make the folder first.")
    assert made(tmp_path) == ["shop.db"]


def test_a_backup_into_a_read_only_folder_is_one_line(tmp_path, shop_db):
    folder = tmp_path / "usb"
    folder.mkdir()

    with read_only(folder):
        line = refused(tmp_path, "--db", f"sqlite:///{shop_db}", "backup", str(folder / "b.db"))

    assert line == (f"repair-desktop: This PC may not write to the folder {folder}, so no backup was written. "
                    "Choose a folder you can write to.")
    assert made(tmp_path) == ["shop.db", "usb"]


def test_a_backup_onto_a_folder_asks_for_a_file_name(tmp_path, shop_db):
    folder = tmp_path / "usb"
    folder.mkdir()

    line = refused(tmp_path, "--db", f"sqlite:///{shop_db}", "backup", str(folder))

    assert line == f"repair-desktop: {folder} is a folder. Name the backup file, such as {folder / 'shop-backup.db'}."
    assert made(tmp_path) == ["shop.db", "usb"]


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_a_backup_of_a_server_nobody_answers_on_is_one_line(tmp_path):
    url = f"postgresql+psycopg://shop@127.0.0.1:{free_port()}/repair"

    line = refused(tmp_path, "--db", url, "backup", str(tmp_path / "shop.dump"))

    assert line.startswith("repair-desktop: pg_dump could not back up the database:")
    assert made(tmp_path) == []


# --- the subcommands' own arguments ----------------------------------------------------------------------

@pytest.mark.parametrize("scale, said", [("0", "wants at least 1 appointment, not 0"),
                                         ("lots", "wants a whole number of appointments, not 'lots'")])
def test_a_demo_scale_that_is_no_number_of_appointments_is_refused_before_any_database_is_made(tmp_path, scale,
                                                                                                said):
    line = refused(tmp_path, "--db", f"sqlite:///{tmp_path / 'demo.db'}", "demo", "--scale", scale)

    assert line == f"repair-desktop demo: argument --scale: {said} (see repair-desktop --help)"
    assert made(tmp_path) == []


@pytest.mark.parametrize("source, said", [("missing.db", "could not be read (No such file or directory)"),
                                          ("notes.txt", "is not a Repair Desktop backup")])
def test_a_restore_from_a_bad_source_is_one_line_and_keeps_the_database(tmp_path, shop_db, source, said):
    (tmp_path / "notes.txt").write_text("not a backup")
    before = shop_db.read_bytes()

    assert said in refused(tmp_path, "--db", f"sqlite:///{shop_db}", "restore", str(tmp_path / source))
    assert shop_db.read_bytes() == before


def test_an_unknown_tab_is_one_line(tmp_path):
    line = refused(tmp_path, "--tab", "garage", "--screenshot", "x.png")

    assert line.startswith("repair-desktop: argument --tab: invalid choice: 'garage'")
