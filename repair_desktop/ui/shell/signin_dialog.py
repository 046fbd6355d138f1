"""Signing a person in at this PC, and the very first start of an empty shop."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QLabel, QLineEdit, QMessageBox, QProgressDialog, QPushButton,
                               QWidget, QDialog, QApplication)

from ...domain.errors import ValidationError
from ...domain.limits import SHORT_TEXT
from ...domain.statuses import Role
from ...store import Store
from ..widgets.field_limits import secret
from ..widgets.forms import SubmitDialog
from ..widgets.long_text import bounded_combo


class SignInDialog(SubmitDialog):
    """Pick your name, type your PIN. A wrong PIN clears only the PIN."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Sign in to Repair Desktop", "&Sign in", parent)
        self.store = store
        self.person = bounded_combo(QComboBox(objectName="person"), 30)
        self.person.setAccessibleName("Your name")
        for employee in store.employees():
            self.person.addItem(f"{employee.name}  ({employee.role.label})", employee.id)
        self.pin = QLineEdit(objectName="pin", echoMode=QLineEdit.EchoMode.Password, placeholderText="PIN or password")
        self.pin.setAccessibleName("PIN or password")
        secret(self.pin)
        self.form.addRow("&Name", self.person)
        self.form.addRow("&PIN", self.pin)
        self.pin.setFocus()

    def submit(self):
        try:
            return self.store.authenticate(self.person.currentData(), self.pin.text())
        except Exception:
            self.pin.clear()
            self.pin.setFocus()
            raise


class FirstRunDialog(SubmitDialog):
    """An empty database: create the manager's account, or fill it with a demo shop to try things out."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Welcome to Repair Desktop", "&Create manager account", parent)
        self.store = store
        self.setMinimumWidth(420)  # the introduction reads in three lines, not six
        intro = QLabel("This shop has no employees yet. Create the manager's account to start, "
                       "or load a demo shop to look around first.", wordWrap=True)
        self.form.addRow(intro)
        self.name = QLineEdit(objectName="managerName", placeholderText="Your full name", maxLength=SHORT_TEXT)
        self.pin = QLineEdit(objectName="managerPin", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="managerPinRepeat", echoMode=QLineEdit.EchoMode.Password)
        secret(self.pin, self.repeat)
        self.form.addRow("&Name", self.name)
        self.form.addRow("&PIN", self.pin)
        self.form.addRow("&Repeat PIN", self.repeat)
        demo = QPushButton("Load &demo shop instead")
        demo.clicked.connect(self.load_demo)
        self.form.addRow(demo)
        self.demo_sign_ins: list = []

    def submit(self):
        if len(self.pin.text()) < 4:
            raise ValidationError("Please choose a PIN of at least 4 characters.")
        if self.pin.text() != self.repeat.text():
            raise ValidationError("The two PINs differ; please type them again.")
        return self.store.add_employee(self.name.text(), Role.MANAGER, self.pin.text())

    def load_demo(self) -> None:
        from ...demo import fill_demo  # only needed on this rare path

        progress = QProgressDialog("Creating a demo shop…", "", 0, 100, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)

        def report(done: int, total: int) -> None:
            progress.setValue(int(100 * done / max(total, 1)))
            QApplication.processEvents()

        self.demo_sign_ins = fill_demo(self.store, progress=report)
        progress.close()
        QMessageBox.information(self, "Demo shop ready", "Demo sign-ins:\n\n" + "\n".join(
            f"{s.name} ({s.role}): PIN {s.pin}" for s in self.demo_sign_ins))
        QDialog.accept(self)
