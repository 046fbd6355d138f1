"""Start-up on an address that can't hold a database: the Database dialog is offered (never "Something went wrong"),
and a read-only folder is not mistaken for damage."""

from repair_desktop.store import Store
from repair_desktop.ui.shell.database_dialog import DatabaseDialog
from repair_desktop.ui.shell.startup_checks import QUIT, RETRY, SETTINGS, open_store
from support.read_only import read_only


def test_an_address_that_is_not_a_url_offers_the_database_dialog_and_leads_on(qtbot, asked, tmp_path, monkeypatch):
    questions, answers = asked
    answers.append(SETTINGS)
    chosen = tmp_path / "shop.db"
    shown = []

    def exec_(dialog):
        shown.append((dialog.local.isChecked(), dialog.file_edit.text()))
        dialog.file_edit.setText(str(chosen))
        return 1

    monkeypatch.setattr(DatabaseDialog, "exec", exec_)

    store, url = open_store("garbage")
    store.close()

    (title, text, keys), = questions
    assert title == "Database unavailable" and text.startswith("'garbage' is not a database address.")
    assert keys == [SETTINGS, RETRY, QUIT]
    assert shown == [(True, "")]  # the dialog opens on a file, with nothing of the garbage in it
    assert url == f"sqlite:///{chosen}" and chosen.is_file()


def test_a_typed_address_in_a_missing_folder_is_shown_and_nothing_is_made(qtbot, asked, tmp_path):
    questions, answers = asked
    answers.append(QUIT)
    path = tmp_path / "typo" / "shop.db"

    assert open_store(f"sqlite:///{path}", create_folder=False) is None

    (title, text, keys), = questions
    assert text.startswith(f"The folder {path.parent} does not exist")
    assert not path.parent.exists()


def test_a_healthy_database_in_a_read_only_folder_is_not_offered_a_restore(qtbot, asked, tmp_path):
    questions, answers = asked
    answers.append(QUIT)
    folder = tmp_path / "shared"
    folder.mkdir()
    Store.open(f"sqlite:///{folder / 'shop.db'}").close()

    with read_only(folder):
        assert open_store(f"sqlite:///{folder / 'shop.db'}") is None

    (title, text, keys), = questions
    assert title == "Database unavailable" and "Nothing is wrong with the file itself" in text
    assert "failed its check" not in text and keys == [SETTINGS, RETRY, QUIT]
