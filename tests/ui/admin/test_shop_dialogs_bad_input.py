"""Bad input in the shop's dialogs: empty, control characters, a name taken, PINs that differ or hold control
characters. Each says what is wrong in words for the desk, keeps the dialog open and everything typed, and
changes nothing in the store."""

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget

from repair_desktop.ui.admin.directory_dialog import DirectoryDialog, add_customer_dialog
from repair_desktop.ui.admin.settings_dialog import ShopSettingsDialog
from repair_desktop.ui.admin.staff_dialog import add_employee_dialog, set_pin_dialog
from repair_desktop.ui.admin.team_guide import TeamGuideDialog

BELL = "\x07"
EMPLOYEES = [  # name, PIN, repeated PIN, what the refusal says
    ("", "", "", "enter the employee's name"),
    ("   ", "", "", "enter the employee's name"),
    ("Tom Tech", "", "", "already"),
    (f"Nina{BELL}New", "", "", "employee's name"),
    ("Nina New", "4242", "4243", "PINs differ"),
    ("Nina New", f"42{BELL}2", f"42{BELL}2", "PIN"),
]


def typed(widget: QWidget) -> list[str]:
    return [field.text() for field in widget.findChildren(QLineEdit)]


def fill(widget: QWidget, values: dict[str, str]) -> None:
    for name, value in values.items():
        widget.findChild(QLineEdit, name).setText(value)


@pytest.mark.parametrize("name, pin, repeat, says", EMPLOYEES)
def test_adding_an_employee(qtbot, shop, name, pin, repeat, says):
    staff = shop.store.staff()
    dialog = add_employee_dialog(None, shop.store, shop.manager.id)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, {"name": name, "pin": pin, "pinRepeat": repeat})
    before = typed(dialog)
    dialog.accept()
    assert dialog.isVisible() and says in dialog.problem.text(), dialog.problem.text()
    assert typed(dialog) == before and shop.store.staff() == staff


@pytest.mark.parametrize("name, pin, repeat, says", EMPLOYEES)
def test_the_first_start_guide(qtbot, shop, name, pin, repeat, says):
    staff = shop.store.staff()
    guide = TeamGuideDialog(shop.store, shop.manager.id)
    qtbot.addWidget(guide)
    guide.show()
    fill(guide, {"teamName": name, "pin": pin, "pinRepeat": repeat})
    before = typed(guide)
    guide.add_button.click()
    assert guide.problem.isVisible() and says in guide.problem.text(), guide.problem.text()
    assert typed(guide) == before and shop.store.staff() == staff


@pytest.mark.parametrize("pin, repeat, says", [("", "", "type the new PIN twice"), ("1234", "1235", "PINs differ"),
                                               (f"1{BELL}34", f"1{BELL}34", "PIN")])
def test_setting_a_pin(qtbot, shop, pin, repeat, says):
    member = next(m for m in shop.store.staff() if m.name == "Tom Tech")
    dialog = set_pin_dialog(None, shop.store, member, shop.manager.id)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, {"pin": pin, "pinRepeat": repeat})
    dialog.accept()
    assert dialog.isVisible() and says in dialog.problem.text(), dialog.problem.text()
    assert typed(dialog) == [pin, repeat]
    assert shop.store.authenticate(member.id, "1111").name == "Tom Tech"  # the PIN it had


@pytest.mark.parametrize("values, says", [
    ({"newName": ""}, "enter the customer's name"),
    ({"newName": f"Ann{BELL}"}, "customer's name"),
    ({"newName": "Ann", "newEmail": "ann at example"}, "e-mail address"),
    ({"newName": "Ann", "newPhone": f"555{BELL}"}, "phone number"),
])
def test_adding_a_customer(qtbot, shop, values, says):
    count = len(shop.store.find_customers(limit=1000))
    dialog = add_customer_dialog(None, shop.store, shop.desk.id)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, values)
    before = typed(dialog)
    dialog.accept()
    assert dialog.isVisible() and says in dialog.problem.text(), dialog.problem.text()
    assert typed(dialog) == before and len(shop.store.find_customers(limit=1000)) == count


@pytest.mark.parametrize("field, value, says", [("name", "", "enter the customer's name"),
                                                ("address", f"1 High St{BELL}", "address"),
                                                ("email", "alice@", "e-mail address")])
def test_a_customers_page(qtbot, shop, field, value, says):
    dialog = DirectoryDialog(shop.store, shop.desk.id, search="alice")
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.page
    saved = shop.store.customer(shop.alice.id)
    getattr(page, field).setText(value)
    before = typed(page)
    page.save_button.click()
    assert page.problem.isVisible() and says in page.problem.text(), page.problem.text()
    assert typed(page) == before
    assert shop.store.customer(shop.alice.id).version == saved.version


def test_the_shop_name(qtbot, shop):
    dialog = ShopSettingsDialog(shop.store, shop.manager.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.shop_name.setText(f"Riverside{BELL}")
    dialog.accept()
    assert dialog.isVisible() and "shop's name" in dialog.problem.text(), dialog.problem.text()
    assert dialog.shop_name.text() == f"Riverside{BELL}" and shop.store.shop_name() == ""
