"""Backups from the window (File > Back up now…, Restore a backup…), the Database dialog, the start-up checks
(damaged file, schema too new, server unreachable) and the backup/restore subcommands."""

import socket
import sqlite3
import stat
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog
from sqlalchemy.engine import make_url

from repair_desktop import app as cli, config
from repair_desktop.store import AppointmentFilter
from repair_desktop.store.backup import back_up
from repair_desktop.ui.shell import startup_checks
from repair_desktop.ui.shell.backup_actions import BackupActions, start_daily_backup
from repair_desktop.ui.shell.database_dialog import DatabaseDialog
from repair_desktop.ui.shell.startup_checks import CHOOSE, QUIT, RESTORE, RETRY, SETTINGS, open_store
from support.program import run_app
from support.store_helpers import corrupt
from support.ui_helpers import local


@pytest.fixture(autouse=True)
def pc_settings(tmp_path, monkeypatch) -> QSettings:
    """This PC's settings (``config.settings()``) in an INI file in tmp_path, never the real user's."""
    ini = QSettings(str(tmp_path / "pc.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(config, "settings", lambda: ini)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.delenv("REPAIR_DESKTOP_DB", raising=False)
    return ini


def db_path(url: str) -> Path:
    return Path(make_url(url).database)


def appointments(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM appointments").fetchone()[0]


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def window(open_window, shop):
    return open_window(shop.desk)


def file_menu_texts(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]


# --- File > Back up now… / Restore a backup… ----------------------------------------------------------


def test_file_menu_offers_backup_restore_and_database(window):
    texts = file_menu_texts(window)
    assert {"&Back up now…", "&Restore a backup…", "&Database…"} <= set(texts)


def test_back_up_now_copies_in_the_background_with_a_progress_dialog(qtbot, window, tmp_path, monkeypatch,
                                                                   message_boxes):
    dest = tmp_path / "copies" / "now.db"
    dest.parent.mkdir()  # a save dialog offers only folders that exist
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(dest), "")))
    actions: BackupActions = window.backup_actions

    actions.back_up_action.trigger()

    # The outcome arrives through queued signals, so the dialog is up until the event loop runs again.
    assert window.findChild(QProgressDialog, "backupProgress") is actions.progress_dialog is not None
    assert not actions.back_up_action.isEnabled()
    qtbot.waitUntil(lambda: not actions.is_busy() and bool(message_boxes.calls), timeout=10_000)
    assert message_boxes.of("information") == [("Backup done", f"Backed up {db_path(window.store.url)} to {dest}.")]
    assert appointments(dest) == 5
    assert actions.back_up_action.isEnabled() and actions.progress_dialog is None
    assert "Backed up" in window.statusBar().currentMessage()


def test_restore_from_the_file_menu_brings_back_the_backup_and_keeps_the_replaced_file(
        qtbot, window, shop, tmp_path, monkeypatch, message_boxes):
    backup = tmp_path / "morning.db"
    back_up(shop.store.url, backup)
    shop.book(shop.golf, local(date.today(), 17), "Booked after the backup")
    live = db_path(shop.store.url)
    assert appointments(live) == 6
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), "")))

    window.backup_actions.restore_action.trigger()

    assert message_boxes.of("question")[0][0] == "Restore this backup?"
    assert appointments(live) == 5
    assert shop.store.count_appointments(AppointmentFilter()) == 5  # the window's store reads the restored file
    title, text = message_boxes.of("information")[0]
    assert title == "Backup restored" and "The replaced database was kept as" in text
    kept = Path(text.split("kept as ")[1].rstrip("."))
    assert appointments(kept) == 6
    assert window.user.id == shop.desk.id and window.tabs.count() == 4
    if hasattr(window, "watcher"):  # live refresh follows the restored file's change feed from its newest change
        assert window.watcher.is_running()
        assert window.watcher._follower.cursor == shop.store.latest_change_id()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(window, shop, tmp_path, monkeypatch, message_boxes):
    backup = tmp_path / "bad.db"
    back_up(shop.store.url, backup)
    corrupt(backup)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), "")))

    window.backup_actions.restore_action.trigger()

    (title, text), = message_boxes.of("warning")
    assert "bad.db is damaged" in text
    assert shop.store.count_appointments(AppointmentFilter()) == 5


def test_database_from_the_file_menu_is_stored_for_the_next_start(window, tmp_path, monkeypatch, pc_settings,
                                                                   message_boxes):
    def exec_(dialog):
        dialog.file_edit.setText(str(tmp_path / "elsewhere.db"))
        return 1

    monkeypatch.setattr(DatabaseDialog, "exec", exec_)

    window.backup_actions.database_action.trigger()

    assert pc_settings.value("database/url") == f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert "next time it starts" in message_boxes.of("information")[0][1]


def test_the_daily_backup_runs_off_the_gui_thread_and_skips_a_server(shop, tmp_path):
    thread = start_daily_backup(shop.store.url, tmp_path / "daily", date(2026, 3, 20))
    thread.join(10)
    assert appointments(tmp_path / "daily" / "shop-2026-03-20.db") == 5
    assert start_daily_backup("postgresql+psycopg://u@server/repair", tmp_path / "daily") is None


# --- the Database dialog -----------------------------------------------------------------------------


def test_database_dialog_stores_a_server_url_without_the_password(qtbot, tmp_path, pc_settings):
    dialog = DatabaseDialog("sqlite:///" + str(tmp_path / "shop.db"))
    qtbot.addWidget(dialog)
    assert dialog.local.isChecked() and dialog.file_edit.text() == str(tmp_path / "shop.db")

    dialog.server.setChecked(True)
    dialog.url_edit.setText("postgresql+psycopg://shop:s3cr:et@db.example:5433/repair")
    dialog.url_edit.editingFinished.emit()
    dialog.save(pc_settings)

    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(), dialog.user.text()) == \
        ("db.example", 5433, "repair", "shop")
    assert make_url(dialog.url()).password == "s3cr:et"  # this session connects with it
    assert pc_settings.value("database/url") == "postgresql+psycopg://shop@db.example:5433/repair"
    pgpass = tmp_path / "pgpass"
    assert pgpass.read_text() == "db.example:5433:repair:shop:s3cr\\:et\n"
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert config.database_url(None) == "postgresql+psycopg://shop@db.example:5433/repair"


def test_database_url_precedence(tmp_path, monkeypatch, pc_settings):
    monkeypatch.setattr(config, "default_db_url", lambda: "sqlite:///default.db")
    assert config.database_url(None) == "sqlite:///default.db"
    pc_settings.setValue("database/url", "sqlite:///chosen.db")
    assert config.database_url(None) == "sqlite:///chosen.db"
    monkeypatch.setenv("REPAIR_DESKTOP_DB", "sqlite:///env.db")
    assert config.database_url(None) == "sqlite:///env.db"
    assert config.database_url("sqlite:///cli.db") == "sqlite:///cli.db"


@pytest.mark.parametrize("where, expected", [
    ("good", "✔ Connected to"),
    ("new", "✔ There is no database at"),
    ("damaged", "✘ The file"),
    ("no server", "✘ The database can't be reached"),
])
def test_test_connection_says_what_is_there_without_freezing(qtbot, shop, tmp_path, where, expected):
    live = db_path(shop.store.url)
    shop.store.close()
    if where == "damaged":
        corrupt(live)
    url = {"new": "sqlite:///" + str(tmp_path / "new" / "x.db"),
           "no server": f"postgresql+psycopg://shop:pw@127.0.0.1:{free_port()}/repair"}.get(where, shop.store.url)
    dialog = DatabaseDialog(url)
    qtbot.addWidget(dialog)

    dialog.test_button.click()

    assert not dialog.test_button.isEnabled()  # until the probe's answer arrives on the GUI thread
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=10_000)
    assert dialog.result_label.text().startswith(expected), dialog.result_label.text()
    assert not (tmp_path / "new").exists()  # testing creates nothing


# --- start-up checks ---------------------------------------------------------------------------------


def test_a_big_file_is_checked_after_the_window_shows_and_a_damaged_one_is_reported(qtbot, shop, monkeypatch,
                                                                                     message_boxes):
    """Big files skip the check before opening (start-up stays fast) and get it in the background instead."""
    from repair_desktop.store import backup

    monkeypatch.setattr(backup, "CHECK_BEFORE_OPEN_BYTES", 0)  # every file counts as big
    shop.store.close()
    healthy = startup_checks.check_in_background(shop.store.url, None)
    qtbot.waitUntil(healthy.isFinished, timeout=10_000)
    QCoreApplication.sendPostedEvents()  # deliver the thread's queued result before judging it
    assert message_boxes.of("warning") == []

    corrupt(db_path(shop.store.url))
    damaged = startup_checks.check_in_background(shop.store.url, None)
    qtbot.waitUntil(lambda: bool(message_boxes.of("warning")), timeout=10_000)
    damaged.wait()
    (title, text), = message_boxes.of("warning")
    assert title == "The database file is damaged" and "Restore a backup" in text


def test_a_damaged_file_offers_restore_choose_or_quit(shop, asked):
    questions, answers = asked
    shop.store.close()
    corrupt(db_path(shop.store.url))
    answers.append(QUIT)

    assert open_store(shop.store.url) is None

    (title, text, keys), = questions
    assert title == "The database file is damaged" and "failed its check" in text
    assert keys == [RESTORE, CHOOSE, QUIT]


def test_a_damaged_file_can_be_restored_from_the_startup_dialog(shop, asked, tmp_path, monkeypatch, message_boxes):
    questions, answers = asked
    backup = tmp_path / "yesterday.db"
    back_up(shop.store.url, backup)
    shop.store.close()
    corrupt(db_path(shop.store.url))
    answers.append(RESTORE)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), "")))

    store, url = open_store(shop.store.url)
    try:
        assert url == shop.store.url and store.count_appointments(AppointmentFilter()) == 5
    finally:
        store.close()
    assert message_boxes.of("information")[0][0] == "Backup restored"


def test_the_real_startup_dialog_has_the_three_ways_out(qtbot, shop, modal):
    shop.store.close()
    corrupt(db_path(shop.store.url))
    seen = []

    def interact(box: QMessageBox) -> None:
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == "Quit").click()

    assert modal.run(lambda: open_store(shop.store.url), interact) is None
    assert seen == ["Restore a backup…", "Choose another database…", "Quit"]


def test_a_schema_newer_than_the_app_says_update(shop, asked, tmp_path, capsys):
    questions, answers = asked
    shop.store.close()
    with closing(sqlite3.connect(db_path(shop.store.url))) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_newer'")
        db.commit()
    answers.append(QUIT)

    assert open_store(shop.store.url) is None
    (title, text, keys), = questions
    assert title == "Please update Repair Desktop" and "Update Repair Desktop on this PC" in text
    assert keys == [CHOOSE, QUIT]

    assert open_store(shop.store.url, interactive=False) is None  # --screenshot: stderr, no dialog
    assert "newer Repair Desktop" in capsys.readouterr().err


def test_an_unreachable_server_offers_settings_retry_quit_and_settings_lead_on(shop, asked, tmp_path, monkeypatch,
                                                                               pc_settings):
    questions, answers = asked
    url = f"postgresql+psycopg://shop:pw@127.0.0.1:{free_port()}/repair"
    answers.extend([RETRY, SETTINGS])
    shop.store.close()
    chosen = shop.store.url

    def exec_(dialog):
        dialog.local.setChecked(True)
        dialog.file_edit.setText(str(db_path(chosen)))
        return 1

    monkeypatch.setattr(DatabaseDialog, "exec", exec_)

    store, opened_url = open_store(url, save_choice=lambda d: d.save(pc_settings))
    store.close()

    assert [q[2] for q in questions] == [[SETTINGS, RETRY, QUIT]] * 2
    assert "can't be reached" in questions[0][1]
    assert opened_url == chosen and pc_settings.value("database/url") == chosen


def test_screenshot_of_a_damaged_database_exits_with_a_message(tmp_path, shop):
    shop.store.close()
    corrupt(db_path(shop.store.url))

    done = run_app(tmp_path, "--db", shop.store.url, "--screenshot", str(tmp_path / "x.png"))

    assert done.returncode == 1
    assert "failed its check" in done.stderr and "Traceback" not in done.stderr


# --- the subcommands ---------------------------------------------------------------------------------


def test_backup_and_restore_subcommands(shop, tmp_path, capsys):
    url, live = shop.store.url, db_path(shop.store.url)
    assert cli.main(["--db", url, "backup", str(tmp_path / "b.db")]) == 0
    shop.book(shop.golf, local(date.today(), 17), "After the backup")
    shop.store.close()

    assert cli.main(["--db", url, "restore", str(tmp_path / "b.db")]) == 0

    out = capsys.readouterr().out
    assert f"Restored {tmp_path / 'b.db'} to {live}. The replaced database was kept as" in out
    assert appointments(live) == 5
    (tmp_path / "junk.db").write_text("not a database")
    assert cli.main(["--db", url, "restore", str(tmp_path / "junk.db")]) == 1
    assert "junk.db is not a Repair Desktop backup" in capsys.readouterr().err
    assert cli.main(["--db", "postgresql+psycopg://u@h/db", "restore", str(tmp_path / "b.db")]) == 1
    assert "pg_restore" in capsys.readouterr().err
