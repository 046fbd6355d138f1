"""Fields that take no more than the store accepts: the same lengths and dates, so the desk rarely meets the refusal.

The store still checks everything (a script or another PC goes through it too);
when it refuses anyway, the dialog shows its message and keeps what was typed.
"""

from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLineEdit, QPlainTextEdit, QSpinBox

from ...domain.limits import FIRST_CAR_YEAR, FUTURE_LIMIT, LONG_TEXT, PAST_LIMIT, SECRET_TEXT, SHORT_TEXT


def short_text(*fields: QLineEdit | QComboBox) -> None:
    """Names, phones, e-mails, plates, makes, models, plans and issue types: at most ``SHORT_TEXT`` characters."""
    for field in fields:
        (field.lineEdit() if isinstance(field, QComboBox) else field).setMaxLength(SHORT_TEXT)


def secret(*fields: QLineEdit) -> None:
    """PINs and passwords: at most ``SECRET_TEXT`` characters."""
    for field in fields:
        field.setMaxLength(SECRET_TEXT)


def model_year(now: datetime | None = None) -> QSpinBox:
    """A model year from ``FIRST_CAR_YEAR`` to next year, starting on "Year unknown" (read it with
    ``year_of``): the store takes no other."""
    spin = QSpinBox(minimum=FIRST_CAR_YEAR - 1, maximum=(now or datetime.now()).year + 1,
                    specialValueText="Year unknown")
    spin.setValue(spin.minimum())
    return spin


def year_of(spin: QSpinBox) -> int | None:
    return spin.value() if spin.value() > spin.minimum() else None


def long_text(*edits: QPlainTextEdit) -> None:
    """Concerns, descriptions, notes and reasons: typing or pasting past ``LONG_TEXT`` characters is cut there."""
    for edit in edits:
        edit.textChanged.connect(lambda e=edit: _cut(e, LONG_TEXT))


def _cut(edit: QPlainTextEdit, limit: int) -> None:
    text = edit.toPlainText()
    if len(text) <= limit:
        return
    cursor = edit.textCursor()
    cursor.setPosition(len(text[:limit].encode("utf-16-le")) // 2)  # Qt counts UTF-16 units, the store characters
    cursor.movePosition(cursor.MoveOperation.End, cursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()  # one edit: Undo brings back what was cut


def schedule_range(edit: QDateTimeEdit, now: datetime | None = None, keep: datetime | None = None) -> None:
    """From a year back to two years ahead of ``now``, as the store accepts; ``keep`` (a job's time as saved)
    stays reachable even when it lies outside."""
    now = now or datetime.now()
    first, last = now - PAST_LIMIT, now + FUTURE_LIMIT
    if keep is not None:
        first, last = min(first, keep), max(last, keep)
    edit.setDateTimeRange(QDateTime(first), QDateTime(last))
