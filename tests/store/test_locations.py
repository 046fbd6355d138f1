"""Addresses that can't hold a database are refused with the real cause, before a driver makes anything up.

Real files and folders throughout; the read-only folder is read-only for real
(see ``support.read_only``).
"""

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy.exc import OperationalError

from repair_desktop.domain.errors import StoreUnavailable
from repair_desktop.store import Store
from repair_desktop.store.engine import translate
from repair_desktop.store.locations import check_url
from repair_desktop.store.probe import probe
from support.read_only import read_only
from support.store_helpers import raises_exactly


def tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_an_address_that_is_not_a_url_names_itself_and_the_two_forms_that_work():
    error = raises_exactly(StoreUnavailable, Store.open, "garbage")

    assert error.message == ("'garbage' is not a database address. Give a file as sqlite:///path/to/shop.db, or a "
                             "server as postgresql+psycopg://user@server/database.")
    assert "SQLAlchemy" not in error.message


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_a_database_in_memory_is_refused_for_what_it_is(url):
    error = raises_exactly(StoreUnavailable, Store.open, url)

    assert error.message.startswith("That address is a database in memory, which would be gone when Repair Desktop "
                                    "closes")
    assert "no such table" not in error.message


def test_a_folder_given_as_the_database_is_named_a_folder(tmp_path):
    error = raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{tmp_path}")

    assert error.message == (f"{tmp_path} is a folder, not a database file. Give a file in it, such as "
                             f"{tmp_path / 'shop.db'}.")
    assert tree(tmp_path) == []


def test_a_path_through_a_file_is_not_a_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")

    error = raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{tmp_path / 'notes.txt' / 'shop.db'}")

    assert error.message.startswith(f"{tmp_path / 'notes.txt'} is a file, not a folder")


def test_a_typed_address_whose_folder_is_missing_is_refused_and_nothing_is_made(tmp_path):
    path = tmp_path / "typo" / "folder" / "shop.db"

    with pytest.raises(StoreUnavailable) as refused:
        check_url(f"sqlite:///{path}", create_folder=False)

    assert refused.value.message == (f"The folder {path.parent} does not exist, so there is no database at {path}. "
                                     "Check the path for a typo; Repair Desktop makes a new database file, never "
                                     "its folders.")
    assert tree(tmp_path) == []


def test_store_open_still_makes_the_folder_of_a_new_database(tmp_path):
    """The default data folder (and a folder chosen in the Database dialog) is made on first start."""
    path = tmp_path / "data" / "RepairDesktop" / "shop.db"

    Store.open(f"sqlite:///{path}").close()

    assert path.is_file()


def test_a_new_database_in_a_read_only_folder_says_the_folder_cant_be_written(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only(folder):
        error = raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{folder / 'shop.db'}")
        assert probe_refusal(f"sqlite:///{folder / 'shop.db'}") == error.message

    assert error.message == (f"No database can be made at {folder / 'shop.db'}: this PC may not write to the "
                             f"folder {folder}. Choose a folder you can write to, or ask whoever looks after the "
                             "shop's PCs.")
    assert "reached" not in error.message
    assert tree(folder) == []


def test_a_healthy_database_in_a_read_only_folder_is_not_called_damaged(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "shop.db"
    store = Store.open(f"sqlite:///{path}")
    store.add_employee("Mia Manager", "manager")
    store.close()
    with read_only(folder):
        error = raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{path}")
        assert probe_refusal(f"sqlite:///{path}") == error.message

    assert error.message.startswith(f"The database {path} is in a folder this PC may not write to ({folder}). "
                                    "Nothing is wrong with the file itself")
    assert "restore" not in error.message.lower() and "damaged" not in error.message
    with closing(sqlite3.connect(path)) as db:  # and indeed it is intact
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def probe_refusal(url):
    """What "Test connection" says about ``url``: the same words as opening it."""
    with pytest.raises(StoreUnavailable) as refused:
        probe(url)
    return refused.value.message


def test_a_read_only_uri_is_still_a_way_to_read_a_database_in_a_read_only_folder(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    Store.open(f"sqlite:///{folder / 'shop.db'}").close()
    monkeypatch.chdir(tmp_path)

    check_url(f"sqlite:///file:{folder / 'shop.db'}?mode=ro&uri=true")
    error = raises_exactly(StoreUnavailable, check_url, f"sqlite:///file:{folder / 'none.db'}?mode=ro&uri=true")

    assert error.message == f"There is no database file at {folder / 'none.db'} to open read-only. Check the path."


def test_a_file_that_is_not_a_database_says_so(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Tuesday: order brake pads\n" * 100)

    error = raises_exactly(StoreUnavailable, Store.open, f"sqlite:///{notes}")

    assert error.message == ("The database file is damaged, or it is not a database at all. Check the path, or "
                             "restore a backup.")
    assert notes.read_text() == "Tuesday: order brake pads\n" * 100


@pytest.mark.parametrize("driver_text, expected", [
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication '
     'failed for user "shop"', "The server refused the user name or password. Check them and try again."),
    ('connection failed: FATAL:  database "shpo" does not exist',
     "The server has no database of that name. Check the name, or create the database on the server first."),
    ("connection failed: Connection refused", "The database can't be reached. Check the network or the server, "
                                              "then try again."),
    ("unable to open database file", "The database file can't be opened. Check that its folder (or the network "
                                     "drive holding it) is there and that this PC may write to it, then try again."),
])
def test_a_driver_error_in_the_running_window_names_its_cause(driver_text, expected):
    """The same words at start-up, in "Test connection" and for a write in the running window."""
    error = translate(OperationalError("connect", {}, Exception(driver_text)))

    assert isinstance(error, StoreUnavailable) and error.message == expected
