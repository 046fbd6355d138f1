"""The small shop as fixtures: built once per session through the store's public API, copied into each test's
own SQLite file. The widget tests and the command-line tests both import them into their conftest."""

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from repair_desktop.store import Store
from .ui_helpers import Shop, build_shop, load_shop


def copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite file with its online backup API (nobody may have ``target`` open meanwhile)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory) -> tuple[Path, date, dict[str, int]]:
    """The small shop, built once per session through the store's public API (the PIN hashes are slow on
    purpose); each test's ``shop`` is a copy of this file."""
    path = tmp_path_factory.mktemp("shop") / "shop.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        built_on, appointments = date.today(), build_shop(store).appointments
    finally:
        store.close()
    return path, built_on, appointments


@pytest.fixture
def shop(store, shop_template) -> Shop:
    """The small shop of ui_helpers.build_shop in this test's own database, the one ``store`` opened."""
    template, built_on, appointments = shop_template
    if built_on != date.today():  # the run went past midnight: "today" in the copy is yesterday now
        return build_shop(store)
    store.close()  # let go of the file (the store reconnects on its next call) ...
    copy_database(template, Path(make_url(store.url).database))  # ... and fill it with the shop
    return load_shop(store, appointments)
