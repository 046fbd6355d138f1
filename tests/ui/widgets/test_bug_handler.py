"""Bugs during ``--screenshot`` never open a dialog nobody can close: one line on stderr, details in the log."""

import sys

from PySide6.QtWidgets import QMessageBox

from repair_desktop.domain.errors import StoreUnavailable
from repair_desktop.ui.widgets.errors import install_bug_handler


def test_without_a_person_a_bug_is_one_line_and_its_details_go_to_the_log(qtbot, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    boxes = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: boxes.append(a)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: boxes.append(a)))
    log = tmp_path / "errors.log"
    install_bug_handler(log, interactive=False)

    try:
        raise KeyError("tab")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    sys.excepthook(StoreUnavailable, StoreUnavailable("The database can't be reached."), None)

    assert capsys.readouterr().err.splitlines() == [
        f"repair-desktop: an unexpected problem (KeyError); details were written to {log}",
        "repair-desktop: The database can't be reached."]
    assert boxes == []
    assert "Traceback" in log.read_text() and "KeyError: 'tab'" in log.read_text()
