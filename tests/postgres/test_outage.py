"""The server goes away mid-shift: the window says so in the status bar, keeps what was typed,
never freezes or shows a traceback, and recovers by itself when the server is back."""

import time

import pytest

from repair_desktop.store import Store
from repair_desktop.ui.callbacks.dialogs import EditCallbackDialog
from repair_desktop.ui.callbacks.model import CallbacksModel
from support.live_helpers import REFRESH_BOUND_SECONDS, build_live_shop, open_window, row_text
from support.ui_helpers import record_message_boxes

TYPED = "Customer called back: the noise comes and goes"


def test_the_window_rides_out_a_server_restart(qtbot, pg_server, pg_url, monkeypatch, tmp_path):
    if not pg_server.can_restart:
        pytest.skip("an external test server (REPAIR_DESKTOP_TEST_PG) can't be stopped by the tests")
    boxes = record_message_boxes(monkeypatch)
    store, other = Store.open(pg_url), Store.open(pg_url)
    try:
        shop = build_live_shop(store)
        window = open_window(qtbot, store, shop.desk, tmp_path / "desk.ini", "callbacks")
        tab = window.tab("callbacks")
        selected = shop.callbacks[1]
        tab.select(selected)
        dialog = EditCallbackDialog(store, tab.current(), shop.desk.id, tab)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.description.setPlainText(TYPED)
        assert window.connection_label.isHidden()

        pg_server.stop()
        try:
            qtbot.waitUntil(lambda: not window.connection_label.isHidden(), timeout=5000)
            assert "Database unreachable" in window.connection_label.text()
            started = time.perf_counter()
            dialog.accept()  # saving now fails fast, on the GUI thread, with the desk's words
            assert time.perf_counter() - started < 2
            assert dialog.isVisible() and dialog.description.toPlainText() == TYPED
            assert "can't be reached" in dialog.problem.text()
            assert tab.current().id == selected  # the list and its selection stay on screen
        finally:
            pg_server.start()

        qtbot.waitUntil(lambda: window.connection_label.isHidden(), timeout=15000)
        assert tab.current().id == selected
        dialog.accept()  # what was typed during the outage is saved now
        assert dialog.result() == dialog.DialogCode.Accepted
        assert store.callback(selected).description == TYPED
        other.update_callback(shop.callbacks[0], shop.manager.id, description="After the outage")
        qtbot.waitUntil(lambda: row_text(tab.model, shop.callbacks[0], CallbacksModel.COL_DESCRIPTION)
                        == "After the outage", timeout=int(REFRESH_BOUND_SECONDS * 1000))
        assert "Something went wrong" not in boxes.titles()
        window.close()
        assert not window.watcher.is_running()
    finally:
        other.close()
        store.close()
