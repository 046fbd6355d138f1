"""The "Database…" dialog: which database this PC uses, a SQLite file or a PostgreSQL server.

The choice is stored per PC in QSettings under ``database/url`` and used from the next start
(``--db`` and ``$REPAIR_DESKTOP_DB`` still win). The stored URL never holds the password: when
"Remember the password" is ticked the password goes into the user's own PostgreSQL password file
(``~/.pgpass``, or ``%APPDATA%\\postgresql\\pgpass.conf``; readable only by the user), which the
PostgreSQL driver reads by itself. "Test connection" runs a probe that changes nothing, off the GUI
thread with a 5-second timeout.
"""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout,
                               QWidget)

from ...config import DATABASE_SETTING
from ...domain.errors import DomainError
from ...store.probe import probe
from ...store.urls import DEFAULT_PORT, DatabaseAddress
from ..widgets.background import Task
from ..widgets.forms import grow_to_fit
from ..widgets.long_text import WrappingLabel


def pgpass_file() -> Path:
    if env := os.environ.get("PGPASSFILE"):
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def remember_password(url: DatabaseAddress) -> Path:
    """Write (or replace) the line for ``url``'s server, database and user in the password file, mode 0600."""
    path = pgpass_file()
    key = ":".join(_pgpass_field(str(v)) for v in (url.host or "localhost", url.port or DEFAULT_PORT,
                                                   url.database or "*", url.user or ""))
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith(key + ":")]
    lines.append(f"{key}:{_pgpass_field(url.password or '')}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return path


class DatabaseDialog(QDialog):
    """``exec()``, then ``url()`` (with the password, for this session) and ``save(settings)``."""

    def __init__(self, current_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Database")
        self.setObjectName("databaseDialog")
        self._task: Task | None = None
        self.local = QRadioButton("A database file on this PC (one-PC shop)", objectName="localChoice")
        self.server = QRadioButton("A PostgreSQL server (several PCs)", objectName="serverChoice")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)

        self.file_edit = QLineEdit(objectName="fileEdit")
        browse = QPushButton("Browse…", objectName="browseButton")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.file_box = QWidget()
        self.file_box.setLayout(file_row)

        self.host = QLineEdit(objectName="hostEdit", placeholderText="server name or address")
        self.port = QSpinBox(objectName="portSpin", minimum=1, maximum=65535, value=5432)
        self.database = QLineEdit(objectName="databaseEdit", placeholderText="repair")
        self.user = QLineEdit(objectName="userEdit")
        self.password = QLineEdit(objectName="passwordEdit", echoMode=QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Remember the password on this PC (in your PostgreSQL password file)",
                                  objectName="rememberCheck", checked=True)
        self.url_edit = QLineEdit(objectName="urlEdit", placeholderText="or paste postgresql://user@server/db")
        self.url_edit.editingFinished.connect(self._url_typed)
        server_form = QFormLayout()
        server_form.addRow("&Server:", self.host)
        server_form.addRow("&Port:", self.port)
        server_form.addRow("&Database:", self.database)
        server_form.addRow("&User:", self.user)
        server_form.addRow("Pass&word:", self.password)
        server_form.addRow("", self.remember)
        server_form.addRow("U&RL:", self.url_edit)
        self.server_box = QWidget()
        self.server_box.setLayout(server_form)

        self.test_button = QPushButton("&Test connection", objectName="testButton")
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = WrappingLabel(object_name="testResult")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Where this PC keeps the shop's data. The change takes effect the next time "
                                "Repair Desktop starts.", wordWrap=True))
        layout.addWidget(self.local)
        layout.addWidget(self.file_box)
        layout.addWidget(self.server)
        layout.addWidget(self.server_box)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result_label, 1)
        layout.addLayout(test_row)
        layout.addWidget(buttons)
        self.local.toggled.connect(self._choice_changed)
        self._load(current_url)

    # --- the fields and the URL ----------------------------------------------------------------

    def _load(self, url: str) -> None:
        parsed = DatabaseAddress.parse(url)
        if parsed is not None and parsed.backend == "postgresql":
            self.server.setChecked(True)
            self._fill_server(parsed)
        else:
            self.local.setChecked(True)
            if parsed is not None:
                self.file_edit.setText(parsed.database or "")
        self._choice_changed()

    def _fill_server(self, parsed: DatabaseAddress) -> None:
        self.host.setText(parsed.host or "")
        self.port.setValue(parsed.port or DEFAULT_PORT)
        self.database.setText(parsed.database or "")
        self.user.setText(parsed.user or "")
        if parsed.password:
            self.password.setText(parsed.password)

    def _url_typed(self) -> None:
        text = self.url_edit.text().strip()
        if not text:
            return
        parsed = DatabaseAddress.parse(text)
        if parsed is None:
            self.result_label.setText("That URL is not one Repair Desktop understands.")
            return
        self._fill_server(parsed)

    def _choice_changed(self, *_) -> None:
        self.file_box.setEnabled(self.local.isChecked())
        self.server_box.setEnabled(self.server.isChecked())
        self.result_label.clear()

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Database file", self.file_edit.text(),
                                              "Repair Desktop databases (*.db);;All files (*)",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.file_edit.setText(path)

    def url(self) -> str:
        """The chosen database, with the password (for this session only)."""
        return self._address().url()

    def _address(self) -> DatabaseAddress:
        if self.local.isChecked():
            return DatabaseAddress.file(self.file_edit.text().strip())
        return DatabaseAddress.server(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                                      self.user.text().strip(), self.password.text())

    def stored_url(self) -> str:
        """What goes into the settings: never a password."""
        return self._address().url(with_password=False)

    def validate(self) -> str | None:
        if self.local.isChecked():
            return None if self.file_edit.text().strip() else "Choose a database file."
        if not self.host.text().strip() or not self.database.text().strip():
            return "Enter the server and the database name."
        return None

    def accept(self) -> None:
        if problem := self.validate():
            self.result_label.setText(problem)
            return
        super().accept()

    def save(self, settings: QSettings) -> None:
        settings.setValue(DATABASE_SETTING, self.stored_url())
        if self.server.isChecked() and self.remember.isChecked() and self.password.text():
            remember_password(self._address())
        settings.sync()

    # --- Test connection -----------------------------------------------------------------------

    def test_connection(self) -> None:
        if problem := self.validate():
            self.result_label.setText(problem)
            return
        url = self.url()
        self.test_button.setEnabled(False)
        self.result_label.setText("Connecting…")
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._task = Task(lambda _progress: probe(url), self)
        self._task.succeeded.connect(lambda text: self._tested(True, text))
        self._task.failed.connect(lambda error: self._tested(False, error.message if isinstance(error, DomainError)
                                                              else f"Could not connect: {error}"))
        self._task.finished.connect(self._task_done)
        self._task.start()

    def _tested(self, ok: bool, text: str) -> None:
        self.result_label.setProperty("ok", ok)
        self.result_label.setText(("✔ " if ok else "✘ ") + text)
        grow_to_fit(self)

    def _task_done(self) -> None:
        self.unsetCursor()
        self.test_button.setEnabled(True)

    def is_testing(self) -> bool:
        return self._task is not None and self._task.isRunning()

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.wait()  # at most the probe's timeout: never destroy a running thread
        super().done(result)
