"""Fixtures for the widget tests: the small shop (support.shop_fixtures) and a big one, settings in tmp_path,
a model-tester fixture, a driver for modal dialogs, and a guard so that no message box
can ever block the run. Everything runs on a real SQLite file; nothing is mocked.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtTest import QAbstractItemModelTester

from repair_desktop.store import Store
from support.shop_fixtures import copy_database
from support.shop_fixtures import shop, shop_template  # noqa: F401  (fixtures found by name)
from support.ui_helpers import PINS, MessageBoxes, ModalDriver, local, record_message_boxes, show_window

# Qt's standard folders point into a throw-away test location: nothing here touches the real user's
# data or settings, even where some code path asks Qt for them.
QStandardPaths.setTestModeEnabled(True)

BIG_SHOP_APPOINTMENTS = 450  # more than two pages of the store's 200


@pytest.fixture(scope="session")
def big_shop_template(tmp_path_factory) -> Path:
    """A SQLite file with 450 appointments, built once through the store; tests get copies (``big_store``)."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    store = Store.open(f"sqlite:///{path}")
    try:
        manager = store.add_employee("Mia Manager", "manager", PINS["Mia Manager"])
        desk = store.add_employee("Fran Desk", "front_desk", PINS["Fran Desk"], actor=manager.id)
        customers = [store.add_customer(f"Customer {n:02d}", f"555-{n:04d}") for n in range(10)]
        vehicles = [store.add_vehicle(c.id, "Skoda", "Octavia", f"PL-{n:03d}") for n, c in enumerate(customers)]
        start = local(date.today(), 8)
        for n in range(BIG_SHOP_APPOINTMENTS):
            store.book_appointment(vehicles[n % 10].id, start + timedelta(minutes=30 * n),
                                   f"Service number {n:03d}", desk.id)
    finally:
        store.close()
    return path


@pytest.fixture
def big_store(big_shop_template, tmp_path):
    """A store on this test's own copy of the 450-appointment shop (its front desk clerk is ``Fran Desk``)."""
    path = tmp_path / "big.db"
    copy_database(big_shop_template, path)
    store = Store.open(f"sqlite:///{path}")
    yield store
    store.close()


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """The window's remembered layout, in an INI file inside tmp_path."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot, shop, settings):
    """``open_window(user, settings=...)``: a shown main window signed in as ``user``."""
    return lambda user, window_settings=settings: show_window(qtbot, shop.store, user, window_settings)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> MessageBoxes:
    """No test can hang on a message box: each static call is recorded instead of shown."""
    return record_message_boxes(monkeypatch)


@pytest.fixture
def modal() -> ModalDriver:
    return ModalDriver()


@pytest.fixture
def check_model(qtmodeltester, qtlog):
    """``check_model(model)``: pytest-qt's model tester, in both flavours, on one model per test.

    The Python tester asserts at once; Qt's C++ ``QAbstractItemModelTester`` reports ``FAIL!`` warnings,
    which are collected here. Both keep watching the model's signals for the rest of the test, so every
    reload, fetchMore and row change after the check is checked too (and again at the end of the test).
    """
    checked, testers = [], []

    def assert_no_failures() -> None:
        failures = [r.message for r in qtlog.records if "FAIL!" in r.message]
        assert not failures, failures

    def check(model) -> None:
        if not checked:
            qtmodeltester.check(model, force_py=True)
            qtmodeltester.check(model)
            checked.append(model)
        else:  # again, later in the test: a fresh C++ tester runs every check at once (and keeps watching)
            assert checked[0] is model, "one model per test: pytest-qt's Python tester watches a single model"
            testers.append(QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning))
        assert_no_failures()

    yield check
    assert_no_failures()
