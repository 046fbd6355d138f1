"""The stack's floor for a cold start: a bare PySide6 window, SQLAlchemy's ORM imported, one query run.

Run in a fresh process by ``start.py``: it does what ``repair-desktop --screenshot``
does around the program itself (an application, one query through an ORM
session, a window shown, grabbed to a PNG after the same 100 ms, exit), so the
difference between the two is what Repair Desktop adds.
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402


def main(url: str, png: str) -> int:
    app = QApplication(sys.argv[:1])
    engine = create_engine(url)
    with Session(engine) as session:
        count = session.execute(text("SELECT id, scheduled_at, concern FROM appointments ORDER BY id LIMIT 200")).all()
    window = QMainWindow()
    window.setCentralWidget(QLabel(f"{len(count)} rows"))
    window.resize(1280, 800)
    window.show()
    result = {}

    def grab() -> None:
        result["ok"] = window.grab().save(png, "PNG")
        app.quit()

    QTimer.singleShot(100, grab)
    app.exec()
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
