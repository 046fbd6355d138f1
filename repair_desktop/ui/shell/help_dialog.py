"""Help: the user guide (``resources/help/guide.html``) in a browser window, and the About box's text."""

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ... import __version__
from ...domain.statuses import Role
from ...store import Store
from .resources import resource_path

GUIDE = resource_path("help", "guide.html")
#: Where each role's part of the guide starts.
ROLE_ANCHORS = {Role.FRONT_DESK: "front-desk", Role.TECHNICIAN: "technician", Role.MANAGER: "manager"}


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, role: Role | None = None) -> None:
        super().__init__(parent, objectName="helpDialog")
        self.setWindowTitle("User guide")
        self.resize(860, 700)
        self.browser = QTextBrowser(objectName="helpBrowser", openExternalLinks=True)
        self.browser.setAccessibleName("User guide")
        self.browser.setSearchPaths([str(GUIDE.parent)])
        if GUIDE.exists():
            self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)))
            if role in ROLE_ANCHORS:
                self.browser.scrollToAnchor(ROLE_ANCHORS[role])
        else:
            self.browser.setHtml(f"<p>The user guide is missing from this installation ({html.escape(str(GUIDE))}).</p>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Back, self, self.browser.backward)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


def database_description(store: Store) -> str:
    """The database in use, in full but without its password."""
    url = store.address
    if url.is_sqlite:
        return f"SQLite file {url.database}"
    return f"PostgreSQL database {url.database} on {url.host or 'localhost'} as {url.user or 'the current user'}"


def about_text(store: Store, label: str = "") -> str:
    """The About box: version, what it is for, the database in use (``label``, then in full), licences."""
    e = html.escape
    return (f"<h3>Repair Desktop {e(__version__)}</h3>"
            "<p>Appointments, technician workload and callbacks for auto repair shops.</p>"
            f"<p><b>Database:</b> {e(label)}<br>{e(database_description(store))}</p>"
            "<p>Licensed under the MIT licence. This program uses Qt and PySide6 under the LGPL v3, "
            "and SQLAlchemy, Alembic and psycopg.</p>"
            f"<p style='color: palette(placeholder-text)'>Qt {e(qVersion())} · PySide6 {e(pyside_version)} · "
            f"Python {e(platform.python_version())} · {e(platform.system())}</p>")
