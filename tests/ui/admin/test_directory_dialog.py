"""The customer directory: search as you type, the customer's page edited in place (a stale save keeps what was
typed), vehicles, contracts, and the customer's appointments and callbacks."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit, QSpinBox

from support.ui_helpers import click, local, ok_button

from repair_desktop.ui.admin.customer_changes import CustomerChangesModel
from repair_desktop.ui.admin.customer_page import CustomerJobsModel, VehiclesModel
from repair_desktop.ui.admin.directory_dialog import DirectoryDialog, DirectoryModel


def open_directory(qtbot, shop, actor=None) -> DirectoryDialog:
    dialog = DirectoryDialog(shop.store, (actor or shop.desk).id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def names(dialog: DirectoryDialog) -> list[str]:
    return [dialog.model.row_at(r).name for r in range(dialog.model.rowCount())]


def changes(page) -> list[tuple[str, str, str]]:
    """The Changes tab's rows as (who, record, what)."""
    model = page.changes
    return [tuple(model.data(model.index(r, c)) for c in (1, 2, 3)) for r in range(model.rowCount())]


def test_the_directory_model(shop, check_model):
    model = DirectoryModel(shop.store)
    model.search("")
    check_model(model)
    assert [model.row_at(r).name for r in range(model.rowCount())] == ["Alice Archer", "Bob Baker", "Carol Chen"]
    model.search("555-0202")
    assert [model.row_at(r).name for r in range(model.rowCount())] == ["Bob Baker"]


def test_the_page_models(shop, check_model):
    model = CustomerJobsModel(shop.store, "appointment")
    model.customer_id = shop.alice.id
    model.reload()
    check_model(model)
    assert sorted(model.row_at(r).id for r in range(model.rowCount())) == sorted(
        [shop.appointments["brakes"], shop.appointments["engine"]])


def test_the_callbacks_model(shop, check_model):
    store = shop.store
    for customer in (shop.alice, shop.bob):
        store.add_contract(customer.id, date.today() - timedelta(days=30), date.today() + timedelta(days=300))
    when = local(date.today() + timedelta(days=1), 10)
    hers = [store.create_callback(shop.alice.id, when + timedelta(hours=n), f"Check {n}", "medium", shop.desk.id).id
            for n in range(3)]
    store.create_callback(shop.bob.id, when, "Not hers", "high", shop.desk.id)
    model = CustomerJobsModel(store, "callback")
    model.customer_id = shop.alice.id
    model.reload()
    check_model(model)
    assert [model.row_at(r).id for r in range(model.rowCount())] == hers[::-1]  # newest first


def test_the_changes_model(shop, check_model):
    shop.store.update_vehicle(shop.golf.id, shop.desk.id, plate="NEW 1")
    model = CustomerChangesModel(shop.store)
    model.customer_id = shop.carol.id
    model.reload()
    check_model(model)
    assert model.data(model.index(0, 3)).startswith("changed plate:") and "NEW 1" in model.data(model.index(0, 2))


def test_vehicles_model(shop, check_model):
    model = VehiclesModel(shop.store)
    model.customer_id = shop.bob.id
    model.reload()
    check_model(model)
    assert [model.row_at(r).id for r in range(model.rowCount())] == [shop.corolla.id]


def test_search_as_you_type_and_the_first_customer_opens(qtbot, shop):
    dialog = open_directory(qtbot, shop)
    assert names(dialog) == ["Alice Archer", "Bob Baker", "Carol Chen"]
    qtbot.keyClicks(dialog.search, "bak")
    assert names(dialog) == ["Bob Baker"]
    assert dialog.page.heading.text() == "Bob Baker" and dialog.page.phone.text() == "555-0202"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, shop.golf.plate[:4])
    assert names(dialog) == ["Carol Chen"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "nobody-like-this")
    assert names(dialog) == [] and dialog.page.heading.text() == "Pick a customer on the left"
    assert changes(dialog.page) == [] and not dialog.page.no_changes.isHidden()


def test_editing_details_in_place_and_a_stale_save_keeps_what_was_typed(qtbot, shop):
    dialog = open_directory(qtbot, shop)
    qtbot.keyClicks(dialog.search, "alice")
    page = dialog.page
    page.phone.clear()
    qtbot.keyClicks(page.phone, "555-9999")
    click(qtbot, page.save_button)
    assert shop.store.customer(shop.alice.id).phone == "555-9999"
    assert changes(page)[0] == ("Fran Desk", "details", "changed phone: 555-0101 → 555-9999")
    assert page.no_changes.isHidden()
    shop.store.update_customer(shop.alice.id, shop.manager.id, address="1 High St")  # another PC saves first
    qtbot.keyClicks(page.address, "2 Low Rd")
    click(qtbot, page.save_button)
    assert page.problem.isVisible() and "changed by Mia Manager" in page.problem.text()
    assert page.address.text() == "2 Low Rd" and page.reload_button.isVisible()
    click(qtbot, page.reload_button)
    assert page.address.text() == "2 Low Rd" and "1 High St" in page.problem.text()
    click(qtbot, page.save_button)
    assert shop.store.customer(shop.alice.id).address == "2 Low Rd"


def test_adding_and_editing_a_vehicle_and_a_contract(qtbot, shop, modal):
    dialog = open_directory(qtbot, shop)
    qtbot.keyClicks(dialog.search, "carol")
    page = dialog.page

    def add_vehicle(form):
        qtbot.keyClicks(form.findChild(QLineEdit, "make"), "Kia")
        qtbot.keyClicks(form.findChild(QLineEdit, "model"), "Rio")
        qtbot.keyClicks(form.findChild(QLineEdit, "plate"), "kia 1")
        form.findChild(QSpinBox, "year").setValue(2021)
        click(qtbot, ok_button(form))

    modal.run(page.add_vehicle, add_vehicle)
    plates = [page.vehicles.row_at(r).plate for r in range(page.vehicles.rowCount())]
    assert plates == [shop.golf.plate, "KIA 1"]
    page.vehicle_table.selectRow(1)

    def edit_vehicle(form):
        plate = form.findChild(QLineEdit, "plate")
        plate.clear()
        qtbot.keyClicks(plate, "KIA 2")
        click(qtbot, ok_button(form))

    modal.run(page.edit_vehicle, edit_vehicle)
    assert page.vehicles.row_at(1).plate == "KIA 2"
    assert "KIA 2" in dialog.model.row_at(0).plates

    def add_contract(form):
        form.findChildren(QDateEdit)[1].setDate(date.today() + timedelta(days=100))
        click(qtbot, ok_button(form))

    modal.run(page.add_contract, add_contract)
    assert [c.ends_on for c in shop.store.contracts(shop.carol.id)][0] == date.today() + timedelta(days=100)
    assert page.contracts.rowCount() == len(shop.store.contracts(shop.carol.id))
    newest = changes(page)[:3]  # the vehicles' and the contract's changes are the customer's too, newest first
    assert [what.split(" ")[0] for who, _, what in newest] == ["added", "changed", "added"]
    assert {who for who, _, _ in newest} == {"Fran Desk"} and newest[0][1].startswith("AMC contract from")
    assert newest[1][1:] == ("Kia Rio (KIA 2)", "changed plate: KIA 1 → KIA 2")
    assert newest[2][1:] == ("Kia Rio (KIA 2)", "added Kia Rio (KIA 1)")


def test_the_customers_jobs_are_listed_and_open_in_their_tab(qtbot, open_window, shop, modal):
    window = open_window(shop.desk)
    seen = []

    def look(dialog):
        qtbot.keyClicks(dialog.search, "alice")
        seen.append([dialog.page.appointments.row_at(r).id for r in range(dialog.page.appointments.rowCount())])
        index = dialog.page.appointments.index(0, 0)
        dialog.page.appointment_table.doubleClicked.emit(index)

    modal.run(window.shop_menu.customers_action.trigger, look)
    assert sorted(seen[0]) == sorted([shop.appointments["brakes"], shop.appointments["engine"]])
    assert window.tabs.currentWidget().objectName() == "appointments"
    assert window.tab("appointments").current().id == seen[0][0]


def test_booking_from_the_customers_page_picks_them(qtbot, shop, modal):
    dialog = open_directory(qtbot, shop)
    qtbot.keyClicks(dialog.search, "bob")
    before = dialog.page.appointments.rowCount()

    def book(form):
        assert form.matches.currentItem().data(Qt.ItemDataRole.UserRole) == shop.bob.id
        qtbot.keyClicks(form.concern, "Squeaky door")
        click(qtbot, ok_button(form))

    with qtbot.waitSignal(dialog.page.job_created) as told:
        modal.run(dialog.page.book_button.click, book)
    assert told.args[0] == "appointment"
    assert shop.store.appointment(told.args[1]).customer_id == shop.bob.id
    assert dialog.page.appointments.rowCount() == before + 1
