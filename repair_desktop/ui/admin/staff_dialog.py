"""Staff (the manager's): who works here, in which role, with a PIN or not, and how loaded each technician is.

Add, rename, change role, deactivate and reactivate, set or clear a PIN; the
store refuses what would leave the shop without a manager or strand a
technician's jobs, and its message (naming the jobs to hand over) shows above
the list. The selected person's audit lines show below it.
"""

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ...domain.errors import DomainError, ValidationError
from ...domain.limits import SHORT_TEXT
from ...domain.statuses import Role
from ...store import Page, Store
from ...store.staff import StaffMember
from ..widgets.badges import BadgeDelegate
from ..widgets.field_limits import secret
from ..widgets.forms import SubmitDialog, problem_label, submit_dialog
from ..widgets.paged_model import Column, PagedTableModel
from ..widgets.tables import row_table
from .audit_text import audit_text


class StaffModel(PagedTableModel[StaffMember]):
    """Everyone who works or worked here, by name: a shop's staff is one page."""

    COL_NAME, COL_ROLE, COL_ACCESS, COL_PIN, COL_LOAD = range(5)

    def __init__(self, store: Store, parent=None) -> None:
        self.capacity = 0
        self.COLUMNS = (
            Column("Name", lambda m: m.name),
            Column("Role", lambda m: m.role.label),
            Column("Access", lambda m: "Active" if m.active else "Deactivated",
                   badge=lambda m: "active" if m.active else "cancelled"),
            Column("PIN", lambda m: "Set" if m.has_pin else "None"),
            Column("Current load", lambda m: f"{m.active_jobs} of {self.capacity} jobs"
                   if m.role == Role.TECHNICIAN else "—"),
        )

        def fetch(_key: str, _descending: bool, _after: tuple | None) -> Page[StaffMember]:
            self.capacity = store.capacity_limit()
            return Page(store.staff(), None)

        super().__init__(fetch, "", parent)


def role_picker(current: Role = Role.TECHNICIAN) -> QComboBox:
    picker = QComboBox(objectName="role")
    picker.setAccessibleName("Role")
    for role in Role:
        picker.addItem(role.label, role.value)
    picker.setCurrentIndex(list(Role).index(current))
    return picker


def pin_fields() -> tuple[QLineEdit, QLineEdit]:
    pin = QLineEdit(objectName="pin", echoMode=QLineEdit.EchoMode.Password)
    pin.setAccessibleName("PIN")
    repeat = QLineEdit(objectName="pinRepeat", echoMode=QLineEdit.EchoMode.Password)
    repeat.setAccessibleName("Repeat PIN")
    secret(pin, repeat)
    return pin, repeat


def checked_pin(pin: QLineEdit, repeat: QLineEdit) -> str | None:
    """The PIN typed twice alike (None when both are empty); ``ValidationError`` otherwise."""
    if pin.text() != repeat.text():
        raise ValidationError("The two PINs differ; please type them again.")
    return pin.text() or None


def add_employee_dialog(parent: QWidget, store: Store, actor: int) -> SubmitDialog:
    name = QLineEdit(objectName="name", maxLength=SHORT_TEXT, placeholderText="Full name")
    name.setAccessibleName("Name")
    role = role_picker()
    pin, repeat = pin_fields()
    return submit_dialog(parent, "Add employee", "&Add", [("&Name", name), ("&Role", role), ("&PIN (optional)", pin),
                                                            ("Re&peat PIN", repeat)],
                         lambda: store.add_employee(name.text(), role.currentData(), checked_pin(pin, repeat),
                                                    actor=actor))


def edit_employee_dialog(parent: QWidget, store: Store, member: StaffMember, actor: int) -> SubmitDialog:
    """Rename or change the role, against the version the list showed (a stale save says who saved first)."""
    version = [member.version]
    name = QLineEdit(member.name, objectName="name", maxLength=SHORT_TEXT)
    name.setAccessibleName("Name")
    role = role_picker(member.role)

    def reload_fresh() -> str:
        fresh = store.employee(member.id)
        version[0] = fresh.version
        return f"Saved now: {fresh.name}, {fresh.role.label}."

    return submit_dialog(parent, f"Edit {member.name}", "&Save", [("&Name", name), ("&Role", role)],
                         lambda: store.update_employee(member.id, actor, name=name.text(), role=role.currentData(),
                                                       expected_version=version[0]), reload_fresh)


def set_pin_dialog(parent: QWidget, store: Store, member: StaffMember, actor: int) -> SubmitDialog:
    pin, repeat = pin_fields()

    def submit() -> bool:
        secret = checked_pin(pin, repeat)
        if secret is None:
            raise ValidationError("Please type the new PIN twice (Clear PIN removes it).")
        store.set_secret(member.id, secret, actor)
        return True

    return submit_dialog(parent, f"PIN for {member.name}", "&Set PIN", [("New &PIN", pin), ("Re&peat", repeat)],
                         submit)


class StaffDialog(QDialog):
    def __init__(self, store: Store, actor: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.setWindowTitle("Staff")
        self.resize(900, 640)  # a shop's dozen people without scrolling
        self.problem = problem_label()
        self.model = StaffModel(store, self)
        self.table = row_table(self.model, "staffTable", "Staff")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(StaffModel.COL_NAME, 220)
        self.table.setItemDelegateForColumn(StaffModel.COL_ACCESS, BadgeDelegate(self.table))
        self.add_button = QPushButton("&Add employee…", objectName="addEmployee")
        self.edit_button = QPushButton("&Rename or change role…", objectName="editEmployee")
        self.active_button = QPushButton("&Deactivate", objectName="toggleActive")
        self.pin_button = QPushButton("Set &PIN…", objectName="setPin")
        self.clear_pin_button = QPushButton("C&lear PIN", objectName="clearPin")
        self.history = QPlainTextEdit(objectName="staffHistory", readOnly=True)
        self.history.setAccessibleName("Changes to this employee")
        self.history.setMaximumHeight(150)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.active_button, self.pin_button, self.clear_pin_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Changes to the selected employee (oldest first):"))
        layout.addWidget(self.history)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.pin_button.clicked.connect(self.set_pin)
        self.clear_pin_button.clicked.connect(self.clear_pin)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.reload()

    def current(self) -> StaffMember | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def reload(self, select: int | None = None) -> None:
        """Read the list again, keeping (or moving to) the selected person."""
        keep = select if select is not None else getattr(self.current(), "id", None)
        self.model.reload()
        row = self.model.row_of(keep) if keep is not None else -1
        self.table.selectRow(max(row, 0))
        self._selected()

    def _selected(self, *_) -> None:
        member = self.current()
        self.edit_button.setEnabled(member is not None)
        self.active_button.setEnabled(member is not None)
        self.active_button.setText("&Deactivate" if member is None or member.active else "Re&activate")
        self.pin_button.setEnabled(member is not None)
        self.clear_pin_button.setEnabled(member is not None and member.has_pin)
        try:
            self.history.setPlainText(audit_text(self.store.audit("employee", member.id)) if member else "")
        except DomainError as error:
            self._refused(error)

    def _refused(self, error: DomainError) -> None:
        self.problem.setText(error.message)
        self.problem.show()

    def _run(self, action, select: int | None = None) -> None:
        """A store call from a button: its refusal shows above the list; success reads the list again."""
        try:
            action()
        except DomainError as error:
            self._refused(error)
            return
        self.problem.hide()
        self.reload(select)

    def _dialog_done(self, dialog: SubmitDialog, select: int | None = None) -> None:
        if dialog.exec():
            self.problem.hide()
            self.reload(select if select is not None else getattr(dialog.result_value, "id", None))

    def add(self) -> None:
        self._dialog_done(add_employee_dialog(self, self.store, self.actor))

    def edit(self) -> None:
        if (member := self.current()) is not None:
            self._dialog_done(edit_employee_dialog(self, self.store, member, self.actor), member.id)

    def toggle_active(self) -> None:
        if (member := self.current()) is not None:
            self._run(lambda: self.store.set_employee_active(member.id, not member.active, self.actor), member.id)

    def set_pin(self) -> None:
        if (member := self.current()) is not None:
            self._dialog_done(set_pin_dialog(self, self.store, member, self.actor), member.id)

    def clear_pin(self) -> None:
        if (member := self.current()) is not None:
            self._run(lambda: self.store.set_secret(member.id, None, self.actor), member.id)
