"""The maintenance contracts dialog: customers with their standing, a customer's contracts with their state,
contracts ending within 30 days flagged, and adding, renewing and cancelling through the store."""

from dataclasses import fields
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDateEdit, QLineEdit

from repair_desktop.store import ContractRecord, ContractStanding
from repair_desktop.ui.widgets.badges import BADGE_COLOURS, BADGE_ROLE
from repair_desktop.ui.callbacks.contracts_dialog import (EXPIRING, ContractsDialog, a_year_after, expiring_colour,
                                                          standing_text)
from repair_desktop.ui.shell.theme import dark_palette
from support.colour_vision import contrast
from repair_desktop.ui.callbacks.contracts_model import ContractsModel, contract_state
from support.callback_shop import add_callbacks
from support.ui_helpers import click, ok_button, today


@pytest.fixture
def cb(shop):
    return add_callbacks(shop)


@pytest.fixture
def dialog(qtbot, cb):
    d = ContractsDialog(cb.shop.store, cb.shop.desk.id)
    qtbot.addWidget(d)
    return d


def listed(dialog) -> list[str]:
    return [dialog.customers.item(i).text() for i in range(dialog.customers.count())]


def named(parent, cls, accessible_name: str):
    found = [w for w in parent.findChildren(cls) if w.accessibleName() == accessible_name]
    assert len(found) == 1, accessible_name
    return found[0]


def pick(dialog, name: str) -> None:
    dialog.search.setText(name)
    assert dialog.picked_customer().name.startswith(name)


def states(dialog) -> list[str]:
    return [dialog.model.data(dialog.model.index(r, ContractsModel.COL_STATE)) for r in range(dialog.model.rowCount())]


@pytest.mark.parametrize("starts, ends, cancelled, expected", [
    (-30, 300, False, ("active", "Active")),
    (-30, 10, False, ("expiring", "Ends in 10 days")),
    (-30, 1, False, ("expiring", "Ends in 1 day")),
    (-30, 0, False, ("expiring", "Ends today")),
    (-30, -1, False, ("expired", "Expired")),
    (3, 300, False, ("upcoming", "Not started")),
    (-30, 10, True, ("cancelled", "Cancelled")),
])
def test_a_contracts_state_today(starts, ends, cancelled, expected):
    unread = dict.fromkeys(f.name for f in fields(ContractRecord))  # columns the state doesn't read
    row = ContractRecord(**{**unread, "id": 1, "customer_id": 1, "plan": "AMC", "cancelled": cancelled,
                            "starts_on": today() + timedelta(days=starts), "ends_on": today() + timedelta(days=ends)})
    assert contract_state(row, today()) == expected
    assert expected[0] in BADGE_COLOURS


def test_a_year_after_keeps_the_date_and_turns_29_february_into_28():
    assert a_year_after(date(2026, 3, 1)) == date(2027, 3, 1)
    assert a_year_after(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize("days, text", [(0, "contract ends today"), (1, "contract ends in 1 day"),
                                         (30, "contract ends in 30 days")])
def test_a_customer_whose_cover_ends_soon_is_listed_with_when(days, text):
    standing = ContractStanding(1, "Ann", None, today(), today() + timedelta(days=days), None, None, 0)
    assert standing_text(standing) == f"Ann   · {text} ({today() + timedelta(days=days):%d %b})"


def test_contracts_model_shows_one_customers_contracts(cb, check_model):
    model = ContractsModel(cb.shop.store)
    model.show_customer(cb.shop.bob.id)
    check_model(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["Plan", "Starts", "Ends", "State"]
    assert model.rowCount() == 1
    assert model.data(model.index(0, ContractsModel.COL_ENDS)) == f"{today() + timedelta(days=10):%d %b %Y}"
    assert model.data(model.index(0, ContractsModel.COL_STATE)) == "Ends in 10 days"
    assert model.data(model.index(0, ContractsModel.COL_STATE), BADGE_ROLE) == "expiring"
    model.show_customer(None)
    assert model.rowCount() == 0
    cb.shop.store.add_contract(cb.shop.bob.id, today() + timedelta(days=11), today() + timedelta(days=375),
                               plan="AMC Plus")
    model.show_customer(cb.shop.bob.id)
    assert [model.row_at(r).plan for r in range(model.rowCount())] == ["AMC Plus", "AMC"]  # newest first


def test_customers_are_listed_with_their_standing_and_the_ones_ending_soon_flagged(dialog):
    assert listed(dialog) == [
        f"Alice Archer   · contract runs until {today() + timedelta(days=300):%d %b %Y}",
        f"Bob Baker   · contract ends in 10 days ({today() + timedelta(days=10):%d %b})",
        f"Carol Chen   · contract ended {today() - timedelta(days=20):%d %b %Y}",
    ]
    assert dialog.customers.item(1).foreground().color() == expiring_colour(dialog.customers.palette())
    assert dialog.picked_customer().name == "Alice Archer"  # the first is picked
    assert states(dialog) == ["Active"]
    dialog.show_choice.setCurrentText(EXPIRING)
    assert [t.split("   ")[0] for t in listed(dialog)] == ["Bob Baker"]
    assert states(dialog) == ["Ends in 10 days"]
    dialog.show_choice.setCurrentText("Customers without an active contract")
    assert [t.split("   ")[0] for t in listed(dialog)] == ["Carol Chen"]
    dialog.search.setText("nobody like this")
    assert listed(dialog) == [] and dialog.model.rowCount() == 0
    assert "No customer matches" in dialog.heading.text()
    assert not dialog.add_button.isEnabled() and not dialog.renew_button.isEnabled()


def test_opened_with_a_search_it_shows_that_customer(qtbot, cb):
    dialog = ContractsDialog(cb.shop.store, cb.shop.desk.id, search="carol")
    qtbot.addWidget(dialog)
    assert dialog.picked_customer().name == "Carol Chen"
    assert dialog.heading.text() == f"Carol Chen: contract ended {today() - timedelta(days=20):%d %b %Y}"
    assert states(dialog) == ["Expired"]
    assert dialog.renew_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_adding_a_contract_covers_the_customer_and_a_refusal_keeps_what_was_typed(qtbot, dialog, cb, modal):
    pick(dialog, "Carol")

    def refused_then_fixed(add):
        assert add.windowTitle() == "New contract for Carol Chen"
        plan, starts, ends = named(add, QLineEdit, "Plan"), named(add, QDateEdit, "Starts on"), \
            named(add, QDateEdit, "Ends on")
        assert starts.date().toPython() == today()  # her old contract ran out, so from today
        assert ends.date().toPython() == a_year_after(today()) - timedelta(days=1)
        plan.setText("AMC Gold")
        ends.setDate(starts.date().addDays(-1))
        click(qtbot, ok_button(add))
        assert add.isVisible() and "can't end before it starts" in add.problem.text()
        assert plan.text() == "AMC Gold"
        ends.setDate(starts.date().addDays(364))
        click(qtbot, ok_button(add))

    modal.run(dialog.add_button.click, refused_then_fixed)
    contracts = cb.shop.store.contracts(cb.shop.carol.id)
    assert [(c.plan, c.starts_on) for c in contracts][0] == ("AMC Gold", today())
    assert dialog.picked_customer().is_covered
    assert states(dialog) == ["Active", "Expired"]
    assert dialog.table.currentIndex().row() == 0  # the new contract is selected


def test_renewing_runs_the_contract_a_year_past_its_end_and_clears_the_flag(qtbot, dialog, cb, modal):
    pick(dialog, "Bob")
    old_end = today() + timedelta(days=10)

    def renew(renewal):
        assert named(renewal, QDateEdit, "New end date").date().toPython() == a_year_after(old_end)
        click(qtbot, ok_button(renewal))

    modal.run(dialog.renew_button.click, renew)
    assert cb.shop.store.contracts(cb.shop.bob.id)[0].ends_on == a_year_after(old_end)
    assert states(dialog) == ["Active"]
    assert listed(dialog) == [f"Bob Baker   · contract runs until {a_year_after(old_end):%d %b %Y}"]
    assert cb.shop.store.count_expiring_contracts(today()) == 0


def test_cancelling_asks_first_then_the_customer_loses_cover(dialog, cb, message_boxes):
    pick(dialog, "Alice")
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()
    (title, question), = message_boxes.of("question")
    assert title == "Cancel contract" and "Alice Archer's AMC contract" in question
    assert cb.shop.store.contracts(cb.shop.alice.id)[0].cancelled
    assert states(dialog) == ["Cancelled"]
    assert not dialog.cancel_button.isEnabled() and dialog.renew_button.isEnabled()
    assert dialog.heading.text() == "Alice Archer: contract was cancelled"


def test_a_technician_cannot_cancel_and_the_store_says_so(qtbot, cb, message_boxes):
    dialog = ContractsDialog(cb.shop.store, cb.shop.tom.id)
    qtbot.addWidget(dialog)
    dialog.cancel_button.click()
    (title, text), = message_boxes.of("warning")
    assert title == "Not permitted" and "cancel contracts" in text
    assert not cb.shop.store.contracts(cb.shop.alice.id)[0].cancelled


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_ends_soon_text_reads_on_light_and_dark_lists(qapp, scheme):
    palette = dark_palette() if scheme == "dark" else qapp.style().standardPalette()
    base = palette.color(QPalette.ColorRole.Base).name()
    assert contrast(expiring_colour(palette).name(), base) >= 4.5
