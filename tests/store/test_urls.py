"""Database URLs taken apart and put together for the Database dialog, the About box and the status bar."""

import pytest

from repair_desktop.store.urls import DatabaseAddress


def test_a_server_url_comes_apart_with_its_password():
    address = DatabaseAddress.parse("postgresql+psycopg://shop:s3cr:et@db.example:5433/repair")
    assert address == DatabaseAddress("postgresql", "repair", "db.example", 5433, "shop", "s3cr:et")
    assert not address.is_sqlite


def test_a_sqlite_url_names_its_file():
    address = DatabaseAddress.parse("sqlite:////srv/shop/repair.db")
    assert address.is_sqlite and address.database == "/srv/shop/repair.db"
    assert address.url() == "sqlite:////srv/shop/repair.db"


@pytest.mark.parametrize("text", ["not a url", "", "://nothing"])
def test_what_is_not_a_url_is_none(text):
    assert DatabaseAddress.parse(text) is None


def test_a_server_url_is_written_with_or_without_its_password():
    address = DatabaseAddress.server("db.example", 5433, "repair", "shop", "p@ss:word")
    assert address.url(with_password=False) == "postgresql+psycopg://shop@db.example:5433/repair"
    assert DatabaseAddress.parse(address.url()).password == "p@ss:word"  # quoted, and read back whole


def test_empty_fields_of_a_server_count_as_not_given():
    address = DatabaseAddress.server("db.example", 5432, "repair", "", "")
    assert address.user is None and address.password is None
    assert address.url() == "postgresql+psycopg://db.example:5432/repair"


def test_a_file_in_the_home_folder_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert DatabaseAddress.file("~/shop.db").url() == f"sqlite:///{tmp_path}/shop.db"


def test_an_open_store_tells_where_its_data_is(store, sqlite_url):
    assert store.address == DatabaseAddress.parse(sqlite_url)
    assert store.address.is_sqlite
