"""The Staff dialog: the list with roles, access, PINs and loads; add, edit, deactivate, PINs; refusals shown."""

from PySide6.QtWidgets import QComboBox, QLineEdit

from support.ui_helpers import PINS, click, ok_button

from repair_desktop.ui.admin.staff_dialog import StaffDialog, StaffModel


def open_staff(qtbot, shop) -> StaffDialog:
    dialog = StaffDialog(shop.store, shop.manager.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cells(dialog_or_model, column: int) -> list[str]:
    model = getattr(dialog_or_model, "model", dialog_or_model)
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def select(dialog: StaffDialog, name: str) -> None:
    dialog.table.selectRow(cells(dialog, StaffModel.COL_NAME).index(name))
    assert dialog.current().name == name


def test_the_list_shows_everyone_with_role_access_pin_and_load(shop, check_model):
    shop.fill_up(shop.tara, 1)
    model = StaffModel(shop.store)
    model.reload()
    check_model(model)
    assert cells(model, StaffModel.COL_NAME) == ["Fran Desk", "Mia Manager", "Tara Tech", "Tom Tech"]
    assert cells(model, StaffModel.COL_ROLE) == ["Front desk", "Manager", "Technician", "Technician"]
    assert cells(model, StaffModel.COL_PIN) == ["Set"] * 4
    assert cells(model, StaffModel.COL_LOAD) == ["—", "—", "1 of 3 jobs", "2 of 3 jobs"]
    assert cells(model, StaffModel.COL_ACCESS) == ["Active"] * 4


def test_adding_an_employee_through_the_form(qtbot, shop, modal):
    dialog = open_staff(qtbot, shop)

    def fill(form):
        qtbot.keyClicks(form.findChild(QLineEdit, "name"), "Nina New")
        role = form.findChild(QComboBox, "role")
        role.setCurrentIndex(role.findData("technician"))
        qtbot.keyClicks(form.findChild(QLineEdit, "pin"), "4242")
        qtbot.keyClicks(form.findChild(QLineEdit, "pinRepeat"), "4242")
        click(qtbot, ok_button(form))

    modal.run(dialog.add_button.click, fill)

    assert dialog.current().name == "Nina New"
    nina = dialog.current().id
    assert shop.store.authenticate(nina, "4242").role == "technician"
    assert "Mia Manager added Nina New, Technician" in dialog.history.toPlainText()


def test_a_technician_holding_jobs_is_not_deactivated_and_the_jobs_are_named(qtbot, shop):
    dialog = open_staff(qtbot, shop)
    select(dialog, "Tom Tech")
    click(qtbot, dialog.active_button)
    assert dialog.problem.isVisible()
    assert "Tom Tech still holds 2 active jobs" in dialog.problem.text()
    assert f"#{shop.appointments['oil']} Oil change" in dialog.problem.text()
    assert dialog.current().active


def test_deactivating_and_reactivating(qtbot, shop):
    dialog = open_staff(qtbot, shop)
    select(dialog, "Fran Desk")
    click(qtbot, dialog.active_button)
    assert not dialog.current().active and dialog.active_button.text() == "Re&activate"
    assert shop.desk.id not in [e.id for e in shop.store.employees()]
    assert "changed access: active → deactivated" in dialog.history.toPlainText()
    click(qtbot, dialog.active_button)
    assert dialog.current().active and shop.store.authenticate(shop.desk.id, PINS["Fran Desk"])


def test_the_last_manager_stays(qtbot, shop):
    dialog = open_staff(qtbot, shop)
    select(dialog, "Mia Manager")
    click(qtbot, dialog.active_button)
    assert "only active manager" in dialog.problem.text()


def test_renaming_and_a_stale_edit_keeps_what_was_typed(qtbot, shop, modal):
    dialog = open_staff(qtbot, shop)
    select(dialog, "Fran Desk")
    shop.store.update_employee(shop.desk.id, shop.manager.id, name="Francesca Desk")  # as another PC would

    def rename(form):
        name = form.findChild(QLineEdit, "name")
        name.clear()
        qtbot.keyClicks(name, "Fran D. Desk")
        click(qtbot, ok_button(form))
        assert form.isVisible() and "changed by Mia Manager" in form.problem.text()
        assert name.text() == "Fran D. Desk"
        click(qtbot, form.reload_button)
        click(qtbot, ok_button(form))

    modal.run(dialog.edit_button.click, rename)

    assert shop.store.employee(shop.desk.id).name == "Fran D. Desk"
    assert dialog.current().name == "Fran D. Desk"


def test_setting_and_clearing_a_pin(qtbot, shop, modal):
    dialog = open_staff(qtbot, shop)
    select(dialog, "Tom Tech")

    def set_pin(form):
        qtbot.keyClicks(form.findChild(QLineEdit, "pin"), "9999")
        qtbot.keyClicks(form.findChild(QLineEdit, "pinRepeat"), "9999")
        click(qtbot, ok_button(form))

    modal.run(dialog.pin_button.click, set_pin)
    assert shop.store.authenticate(shop.tom.id, "9999").id == shop.tom.id
    click(qtbot, dialog.clear_pin_button)
    assert not dialog.current().has_pin and shop.store.authenticate(shop.tom.id, None).id == shop.tom.id
    assert "cleared the PIN" in dialog.history.toPlainText()
