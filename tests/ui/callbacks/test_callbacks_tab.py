"""The Callbacks tab on a real SQLite file: the desk's board (create, edit, delete, reassign, release, add a
helper, close, cancel, filter, search, history) and a technician's Available jobs and My callbacks (pick, a claim
lost to a colleague or refused for capacity, start, resolve, the urgent-callback alert)."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QListWidget, QPlainTextEdit

from repair_desktop.domain.deadlines import DeadlineState
from repair_desktop.domain.errors import NotFound
from repair_desktop.domain.statuses import CallbackStatus
from repair_desktop.domain.transitions import CALLBACK_WORKFLOW
from repair_desktop.store import CallbackFilter, ContractStanding, Store
from repair_desktop.ui.widgets.badges import BadgeDelegate
from repair_desktop.ui.callbacks.dialogs import why_missing_text
from repair_desktop.ui.callbacks.model import CallbacksModel
from repair_desktop.ui.callbacks.tab import CallbacksTab, make_callbacks_tab
from repair_desktop.ui.callbacks.contracts_dialog import EXPIRING, ContractsDialog
from repair_desktop.ui.widgets.events import JobEvents
from repair_desktop.ui.shell.main_window import MainWindow
from repair_desktop.ui.callbacks.technician_jobs import TechnicianJobsTab
from support.callback_shop import add_callbacks
from support.ui_helpers import click, local, ok_button, read_csv, settled, shown, today

BOARD_ACTIONS = {"edit": "edit_action", "reassign_callback": "reassign_action", "release_callback": "release_action",
                 "add_helper": "helper_action", "close_callback": "close_action", "cancel_callback": "cancel_action",
                 "delete_callback": "delete_action"}


@pytest.fixture
def cb(shop):
    return add_callbacks(shop)


@pytest.fixture
def events():
    """The window's shared "a job changed" signal, with a record of every emission."""
    e = JobEvents()
    e.seen = []
    e.changed.connect(lambda kind, entity_id: e.seen.append((kind, entity_id)))
    return e


@pytest.fixture
def board(qtbot, cb, events) -> CallbacksTab:
    tab = CallbacksTab(cb.shop.store, cb.shop.desk, events)
    qtbot.addWidget(tab)
    return tab


@pytest.fixture
def open_jobs(qtbot, cb, events):
    def open_(technician) -> TechnicianJobsTab:
        tab = TechnicianJobsTab(cb.shop.store, technician, events)
        qtbot.addWidget(tab)
        return tab
    return open_


def listed(cb, model) -> list[str]:
    by_id = {v: k for k, v in cb.callbacks.items()}
    return [by_id.get(model.row_at(i).id, model.row_at(i).job_number) for i in range(model.rowCount())]


def select(tab, cb, name: str) -> None:
    tab.select(cb.callbacks[name])
    assert tab.current().id == cb.callbacks[name]


def cell(tab, name_or_row, column: int) -> str:
    model = tab.model
    row = model.row_of(name_or_row) if isinstance(name_or_row, int) else name_or_row
    return model.data(model.index(row, column))


def timeline(detail) -> list[str]:
    return [detail.timeline.item(i).text() for i in range(detail.timeline.count())]


# --- the board ---------------------------------------------------------------------------------------------------

def test_board_lists_callbacks_still_to_close_urgent_first_with_badges_and_details(board, cb):
    assert listed(cb, board.model) == ["urgent", "rattle", "noise", "leak", "tyres"]  # not the cancelled one
    assert board.status.currentText() == "Active (not closed)"
    for column in (CallbacksModel.COL_PRIORITY, CallbacksModel.COL_STATUS):
        assert isinstance(board.table.itemDelegateForColumn(column), BadgeDelegate)
    assert board.current().id == cb.callbacks["urgent"]
    details = {key: label.text() for key, label in board.detail.labels.items()}
    assert details["job"] == cb.job("urgent") and details["customer"] == "Alice Archer"
    assert details["priority"] == "Urgent" and details["technicians"] == "Nobody yet"
    assert details["created_by"].startswith("Fran Desk, ")
    assert details["deadline"].startswith("Pick up by ")
    assert board.expiring.text().endswith("1 contract ending within 30 days</a>")  # Bob's


def test_each_role_gets_its_own_view_of_the_tab(qtbot, cb, events, settings):
    shop = cb.shop
    for user, view in ((shop.desk, CallbacksTab), (shop.manager, CallbacksTab), (shop.tom, TechnicianJobsTab)):
        tab = make_callbacks_tab(shop.store, user, events)
        qtbot.addWidget(tab)
        assert type(tab) is view
    window = MainWindow(shop.store, shop.tara, settings)
    qtbot.addWidget(window)
    assert window.show_tab("callbacks") and isinstance(window.tab("callbacks"), TechnicianJobsTab)
    assert [a.text() for a in window.toolbar.actions()] == ["&Pick this job", "&Start work", "Mark &resolved"]


def test_filter_by_status_and_priority(qtbot, board, cb):
    board.status.setCurrentText("Pending")
    settled(qtbot, board)
    assert listed(cb, board.model) == ["urgent", "tyres"]
    board.status.setCurrentText("Resolved/Closed")
    settled(qtbot, board)
    assert listed(cb, board.model) == ["noise"]
    board.status.setCurrentText("Cancelled")
    settled(qtbot, board)
    assert listed(cb, board.model) == ["wipers"]
    board.status.setCurrentText("All statuses")
    settled(qtbot, board)
    board.priority.setCurrentText("Low")
    settled(qtbot, board)
    assert listed(cb, board.model) == ["wipers", "tyres"]
    board.status.setCurrentText("In progress")
    settled(qtbot, board)
    assert listed(cb, board.model) == []
    assert board.current() is None and not board.edit_action.isEnabled()
    assert board.detail.labels["job"].text() == ""


def test_search_as_you_type_matches_customer_job_number_and_description(qtbot, board, cb):
    qtbot.keyClicks(board.search, "tyre")
    qtbot.waitUntil(lambda: listed(cb, board.model) == ["tyres"])
    board.search.clear()
    qtbot.keyClicks(board.search, cb.job("leak"))
    qtbot.waitUntil(lambda: listed(cb, board.model) == ["leak"])
    board.search.clear()
    qtbot.keyClicks(board.search, "BOB")
    qtbot.waitUntil(lambda: listed(cb, board.model) == ["leak", "tyres"])
    assert board.current().id == cb.callbacks["leak"]


@pytest.mark.parametrize("name", ["urgent", "rattle", "leak", "noise"])
def test_actions_are_enabled_exactly_where_the_workflow_and_the_role_allow(board, cb, name):
    select(board, cb, name)
    status = cb.row(name).status
    enabled = {action for action, attribute in BOARD_ACTIONS.items() if getattr(board, attribute).isEnabled()}
    assert enabled == {a for a in BOARD_ACTIONS if CALLBACK_WORKFLOW.allows(a, status)}
    assert board.new_action.isEnabled() and board.contracts_action.isEnabled()


def test_actions_per_status_as_the_desk_reads_them(board, cb):
    expected = {
        "urgent": {"edit", "cancel_callback", "delete_callback"},
        "rattle": {"edit", "reassign_callback", "release_callback", "add_helper", "cancel_callback"},
        "leak": {"edit", "reassign_callback", "add_helper", "cancel_callback"},
        "noise": {"close_callback", "delete_callback"},
    }
    for name, actions in expected.items():
        select(board, cb, name)
        assert {a for a, attr in BOARD_ACTIONS.items() if getattr(board, attr).isEnabled()} == actions, name


def test_create_a_callback_for_a_contract_customer(qtbot, board, cb, modal, events):
    def fill(dialog):
        dialog.search.setText("alice")
        assert dialog.picked_customer() == cb.shop.alice.id
        assert dialog.customers.currentItem().text().startswith("Alice Archer   555-0101   · contract runs until")
        dialog.scheduled.setDate(QDate(today() + timedelta(days=2)))
        dialog.priority.setCurrentIndex(dialog.priority.findData("urgent"))
        dialog.issue_type.setCurrentText("Noise")
        dialog.description.setPlainText("Clunk over speed bumps")
        dialog.notes.setPlainText("Needs a loan car")
        click(qtbot, ok_button(dialog))

    modal.run(board.new_action.trigger, fill)
    created = cb.shop.store.list_callbacks(CallbackFilter(text="clunk")).rows[0]
    assert (created.customer_name, created.priority, created.status) == ("Alice Archer", "urgent", "pending")
    assert (created.issue_type, created.notes, created.created_by_name) == ("Noise", "Needs a loan car", "Fran Desk")
    assert created.scheduled_at.astimezone().date() == today() + timedelta(days=2)
    assert board.current().id == created.id
    assert board.notice.isVisibleTo(board) and board.notice.kind == "done"
    assert board.notice.text() == (f"{created.job_number} is created and waiting in Available jobs: technicians "
                                   "can now pick it.")
    assert ("callback", created.id) in events.seen
    assert listed(cb, board.model)[:2] == ["urgent", created.job_number]  # urgent, then by scheduled time


def test_create_offers_only_customers_with_a_contract_and_says_why_others_are_missing(qtbot, board, cb, modal):
    before = cb.shop.store.count_callbacks()
    ended = f"{today() - timedelta(days=20):%d %b %Y}"

    def interact(dialog):
        dialog.description.setPlainText("Door rattles")
        dialog.search.setText("carol")
        assert dialog.customers.count() == 0
        assert f"1 customer matches “carol” without one: Carol Chen (contract ended {ended})." \
            in dialog.why_missing.text()
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible() and dialog.problem.text().startswith("Please pick the customer.")
        assert dialog.description.toPlainText() == "Door rattles"

        dialog.search.setText("bob")  # covered today, but not in 20 days
        assert dialog.picked_customer() == cb.shop.bob.id
        dialog.scheduled.setDate(QDate(today() + timedelta(days=20)))
        assert dialog.customers.count() == 0
        assert "Bob Baker (contract ended" in dialog.why_missing.text()

        dialog.scheduled.setDate(QDate(today()))
        dialog.search.setText("alice")  # listed, then her contract is cancelled on another PC
        cb.shop.store.cancel_contract(cb.shop.store.contracts(cb.shop.alice.id)[0].id, cb.shop.manager.id)
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible()
        assert dialog.problem.text().startswith("Alice Archer has no maintenance contract active on")
        assert dialog.description.toPlainText() == "Door rattles" and dialog.search.text() == "alice"
        dialog.reject()

    modal.run(board.new_action.trigger, interact)
    assert cb.shop.store.count_callbacks() == before


def test_the_picker_names_a_few_customers_left_out_and_counts_the_rest():
    day = date(2026, 11, 23)
    examples = [ContractStanding(n, name, None, day, None, None, None, 0) for n, name in enumerate(["Ann", "Bo"])]
    listed_only = "Only customers with a maintenance contract active on Mon 23 Nov 2026 are listed."
    assert why_missing_text(day, "", 0, []) == listed_only
    assert why_missing_text(day, "", 1, []) == f"{listed_only} 1 customer has no contract that day and is not shown."
    assert why_missing_text(day, "a", 2, examples) == (
        f"{listed_only} 2 customers match “a” without one: Ann (no maintenance contract); "
        "Bo (no maintenance contract).")
    assert why_missing_text(day, "a", 7, examples).endswith("Bo (no maintenance contract); and 5 more.")


def test_create_refuses_an_empty_description_and_keeps_the_rest(qtbot, board, cb, modal):
    def interact(dialog):
        dialog.search.setText("alice")
        dialog.priority.setCurrentIndex(dialog.priority.findData("high"))
        dialog.notes.setPlainText("Call before coming")
        dialog.description.setPlainText("   ")
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible() and dialog.problem.text() == "Please enter a description of the work."
        assert dialog.priority.currentData() == "high" and dialog.notes.toPlainText() == "Call before coming"
        assert dialog.picked_customer() == cb.shop.alice.id
        dialog.description.setPlainText("Steering pulls left")
        click(qtbot, ok_button(dialog))

    modal.run(board.new_action.trigger, interact)
    assert board.current().description == "Steering pulls left" and board.current().priority == "high"


def test_edit_sends_what_changed_and_a_save_on_a_stale_copy_keeps_the_typing(qtbot, board, cb, modal):
    select(board, cb, "tyres")

    def edit(dialog):
        assert dialog.description.toPlainText() == "Check tyre pressures"
        dialog.description.setPlainText("Check tyre pressures and the spare")
        dialog.priority.setCurrentIndex(dialog.priority.findData("high"))
        dialog.scheduled.setDate(QDate(today() + timedelta(days=3)))
        click(qtbot, ok_button(dialog))

    modal.run(board.edit_action.trigger, edit)
    tyres = cb.row("tyres")
    assert (tyres.description, tyres.priority) == ("Check tyre pressures and the spare", "high")
    assert tyres.scheduled_at.astimezone().replace(tzinfo=None) == local(today() + timedelta(days=3), 10)
    assert cell(board, tyres.id, CallbacksModel.COL_DESCRIPTION) == "Check tyre pressures and the spare"
    assert board.current().version == tyres.version

    def stale(dialog):
        cb.shop.store.update_callback(tyres.id, cb.shop.manager.id, notes="Customer called again")
        dialog.description.setPlainText("My new words")
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible() and "changed by Mia Manager" in dialog.problem.text()
        assert dialog.description.toPlainText() == "My new words"
        dialog.reject()

    modal.run(board.edit_action.trigger, stale)
    assert cb.row("tyres").description == "Check tyre pressures and the spare"


def test_delete_asks_first_then_hides_the_callback_and_records_who(board, cb, message_boxes, events):
    select(board, cb, "tyres")
    job = cb.job("tyres")
    board.delete_action.trigger()
    (title, question), = message_boxes.of("question")
    assert title == "Delete callback" and question.startswith(f"Delete {job} for Bob Baker?")
    assert "tyres" not in listed(cb, board.model)
    with pytest.raises(NotFound):
        cb.shop.store.callback(cb.callbacks["tyres"])
    last = cb.shop.store.history("callback", cb.callbacks["tyres"])[-1]
    assert (last.action, last.actor_id) == ("delete_callback", cb.shop.desk.id)
    assert ("callback", cb.callbacks["tyres"]) in events.seen
    select(board, cb, "rattle")
    assert not board.delete_action.isEnabled()  # someone holds it: release or cancel it first


def test_reassign_offers_technicians_with_room(qtbot, board, cb, modal):
    select(board, cb, "rattle")

    def reassign(dialog):
        technicians = dialog.findChild(QListWidget)
        assert [technicians.item(i).text() for i in range(technicians.count())] == ["Tara Tech    1/3"]
        click(qtbot, ok_button(dialog))

    modal.run(board.reassign_action.trigger, reassign)
    assert cb.row("rattle").claimed_by_name == "Tara Tech"
    assert cell(board, cb.callbacks["rattle"], CallbacksModel.COL_CLAIMED_BY) == "Tara Tech"
    assert "Reassigned to Tara Tech" in timeline(board.detail)[-1]


def test_release_puts_the_job_back_in_the_pool(board, cb):
    select(board, cb, "rattle")
    board.release_action.trigger()
    rattle = cb.row("rattle")
    assert (rattle.status, rattle.claimed_by) == ("pending", None)
    assert cell(board, rattle.id, CallbacksModel.COL_STATUS) == "Pending"
    assert not board.release_action.isEnabled() and board.delete_action.isEnabled()


def test_add_a_helper_counts_them_on_the_job(qtbot, board, cb, modal):
    select(board, cb, "leak")

    def add(dialog):
        helpers = dialog.findChild(QListWidget)
        assert [helpers.item(i).text() for i in range(helpers.count())] == ["Tom Tech    3/3"]
        click(qtbot, ok_button(dialog))

    modal.run(board.helper_action.trigger, add)
    assert cb.row("leak").technician_count == 2
    assert cell(board, cb.callbacks["leak"], CallbacksModel.COL_TECHNICIANS) == "2"
    assert board.detail.labels["technicians"].text() == "Tara Tech, Tom Tech"


def test_close_a_resolved_callback(board, cb):
    select(board, cb, "noise")
    board.close_action.trigger()
    assert cb.row("noise").status == "closed"
    assert cell(board, cb.callbacks["noise"], CallbacksModel.COL_STATUS) == "Closed"
    assert not board.close_action.isEnabled()
    assert timeline(board.detail)[-1].endswith("Fran Desk closed it  (resolved → closed)")


def test_cancel_needs_a_reason(qtbot, board, cb, modal):
    select(board, cb, "urgent")

    def cancel(dialog):
        click(qtbot, ok_button(dialog))
        assert dialog.isVisible() and dialog.problem.text() == "Please enter why the callback is cancelled."
        dialog.findChild(QPlainTextEdit).setPlainText("Customer fixed it himself")
        click(qtbot, ok_button(dialog))

    modal.run(board.cancel_action.trigger, cancel)
    assert cb.row("urgent").status == "cancelled"
    assert timeline(board.detail)[-1].endswith("Customer fixed it himself")


def test_a_move_refused_by_the_store_shows_its_message_and_the_callback_as_it_now_is(board, cb, message_boxes):
    select(board, cb, "rattle")
    cb.shop.store.release_callback(cb.callbacks["rattle"], cb.shop.manager.id)  # on another PC
    board.release_action.trigger()
    (title, text), = message_boxes.of("warning")
    assert title == "Changed by someone else" and "Mia Manager" in text
    assert cell(board, cb.callbacks["rattle"], CallbacksModel.COL_STATUS) == "Pending"
    assert not board.release_action.isEnabled()


def test_the_board_filters_late_and_at_risk_callbacks_and_a_notification_finds_a_hidden_one(qtbot, board, cb):
    board.deadline.setCurrentText("Late")
    settled(qtbot, board)
    assert board.model.filter.deadline == DeadlineState.LATE
    assert listed(cb, board.model) == []  # every callback of the shop was created just now
    board.deadline.setCurrentText("At risk")
    settled(qtbot, board)
    assert board.model.filter.deadline == DeadlineState.AT_RISK
    board.show_job(cb.callbacks["noise"])  # resolved: on no deadline, so not at risk
    assert board.current().id == cb.callbacks["noise"]
    assert (board.deadline.currentText(), board.search.text()) == ("Any deadline", cb.job("noise"))


def test_a_callback_gone_from_the_list_on_refresh_leaves_nothing_selected(board, cb):
    select(board, cb, "tyres")
    cb.shop.store.delete_callback(cb.callbacks["tyres"], cb.shop.manager.id)  # on another PC

    board.refresh()

    assert "tyres" not in listed(cb, board.model)
    assert board.current() is None and not board.edit_action.isEnabled()  # no key acts on a job nobody picked
    assert board.detail.labels["job"].text() == ""


def test_a_callback_deleted_elsewhere_leaves_the_list_when_its_change_arrives(board, cb, events):
    select(board, cb, "urgent")
    cb.shop.store.delete_callback(cb.callbacks["tyres"], cb.shop.manager.id)  # on another PC

    events.changed.emit("callback", cb.callbacks["tyres"])

    assert "tyres" not in listed(cb, board.model)
    assert board.current().id == cb.callbacks["urgent"] and not board.notice.isVisibleTo(board)


def test_export_writes_the_filtered_list_in_its_order(qtbot, board, cb, tmp_path, monkeypatch):
    target = tmp_path / "callbacks.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    board.status.setCurrentText("All statuses")
    settled(qtbot, board)
    board.priority.setCurrentText("Low")
    settled(qtbot, board)
    board.table.sortByColumn(CallbacksModel.COL_SCHEDULED, Qt.SortOrder.DescendingOrder)
    settled(qtbot, board)

    board.export_action.trigger()

    rows = read_csv(target)
    assert rows[0] == [c.title for c in CallbacksModel.COLUMNS]
    assert rows[1:] == shown(board.model)
    assert [r[0] for r in rows[1:]] == [cb.job("tyres"), cb.job("wipers")]  # tomorrow first, then today


def test_the_history_timeline_follows_the_selection(board, cb):
    select(board, cb, "leak")
    lines = timeline(board.detail)
    assert len(lines) == 3
    assert "Fran Desk created it" in lines[0]
    assert "Tara Tech picked the job  (pending → open)" in lines[1]
    assert "Tara Tech started work  (open → in progress)" in lines[2]


def test_contracts_are_reachable_from_the_tab_and_its_expiring_link(board, modal):
    shown = []
    modal.run(board.contracts_action.trigger, lambda d: (shown.append((type(d), d.show_choice.currentText())),
                                                         d.reject()))
    modal.run(lambda: board.expiring.linkActivated.emit("#"),
              lambda d: (shown.append((type(d), d.show_choice.currentText())), d.reject()))
    assert shown == [(ContractsDialog, "All customers"), (ContractsDialog, EXPIRING)]


# --- the technician's view ---------------------------------------------------------------------------------------

def test_technician_sees_available_jobs_and_their_own_callbacks(open_jobs, cb):
    jobs = open_jobs(cb.shop.tara)
    assert listed(cb, jobs.available) == ["urgent", "tyres"]
    assert listed(cb, jobs.mine) == ["leak"]
    assert (jobs.available_box.title(), jobs.my_box.title()) == ("Available jobs (2)", "My callbacks (1)")
    assert jobs.current().id == cb.callbacks["leak"]  # their own work first
    assert jobs.detail.labels["phone"].text() == "555-0202"
    assert jobs.resolve_button.isVisibleTo(jobs) and not jobs.start_button.isVisibleTo(jobs)
    assert not jobs.pick_button.isEnabled()
    select(jobs, cb, "urgent")
    assert jobs.pick_button.isEnabled() and jobs.pick_action.isEnabled()
    assert not jobs.start_button.isVisibleTo(jobs) and not jobs.resolve_button.isVisibleTo(jobs)
    assert jobs.my_table.currentIndex().row() == -1  # one selection across both lists


def test_picking_moves_the_job_from_available_to_my_callbacks(qtbot, open_jobs, cb, events):
    jobs = open_jobs(cb.shop.tara)
    select(jobs, cb, "urgent")
    click(qtbot, jobs.pick_button)
    assert listed(cb, jobs.available) == ["tyres"]
    assert listed(cb, jobs.mine) == ["urgent", "leak"]
    assert jobs.my_box.title() == "My callbacks (2)"
    assert jobs.current().id == cb.callbacks["urgent"] and jobs.my_table.currentIndex().row() == 0
    assert jobs.notice.kind == "done" and jobs.notice.text().startswith(f"You picked {cb.job('urgent')}.")
    assert (cb.row("urgent").status, cb.row("urgent").claimed_by) == ("open", cb.shop.tara.id)
    assert ("callback", cb.callbacks["urgent"]) in events.seen
    assert jobs.start_button.isVisibleTo(jobs) and not jobs.resolve_button.isVisibleTo(jobs)


def test_a_claim_lost_to_a_colleague_says_who_and_refreshes_the_list(qtbot, open_jobs, cb):
    cb.shop.store.set_capacity_limit(5, cb.shop.manager.id)
    jobs = open_jobs(cb.shop.tara)
    select(jobs, cb, "urgent")
    cb.shop.store.claim_callback(cb.callbacks["urgent"], cb.shop.tom.id)  # Tom, at another PC, is quicker
    click(qtbot, jobs.pick_button)
    assert jobs.notice.kind == "refused"
    assert jobs.notice.text().startswith(f"Job already taken. {cb.job('urgent')} was picked by Tom Tech at ")
    assert listed(cb, jobs.available) == ["tyres"]
    assert listed(cb, jobs.mine) == ["leak"]


def test_a_claim_past_capacity_says_so_and_leaves_the_job_available(qtbot, open_jobs, cb):
    jobs = open_jobs(cb.shop.tom)  # two appointments and one callback: 3 of 3
    select(jobs, cb, "urgent")
    click(qtbot, jobs.pick_button)
    assert jobs.notice.kind == "refused"
    assert jobs.notice.text().startswith("Technician is fully booked. Tom Tech already has 3 of 3 active jobs.")
    assert listed(cb, jobs.available) == ["urgent", "tyres"]
    assert cb.row("urgent").status == "pending"


def test_start_then_resolve_with_buttons_shown_only_when_the_move_is_allowed(qtbot, open_jobs, cb):
    cb.shop.store.claim_callback(cb.callbacks["tyres"], cb.shop.tara.id)
    jobs = open_jobs(cb.shop.tara)
    select(jobs, cb, "tyres")
    assert jobs.start_button.isVisibleTo(jobs) and not jobs.resolve_button.isVisibleTo(jobs)
    click(qtbot, jobs.start_button)
    assert cb.row("tyres").status == "in_progress"
    assert jobs.current().id == cb.callbacks["tyres"]
    assert not jobs.start_button.isVisibleTo(jobs) and jobs.resolve_button.isVisibleTo(jobs)
    click(qtbot, jobs.resolve_button)
    assert cb.row("tyres").status == CallbackStatus.RESOLVED
    assert listed(cb, jobs.mine) == ["leak"]  # done: the desk closes it from here
    assert jobs.notice.text() == f"{cb.job('tyres')} is resolved. The front desk closes it with the customer."


def test_a_new_urgent_callback_is_announced_to_a_signed_in_technician(qtbot, cb, settings):
    window = MainWindow(cb.shop.store, cb.shop.tara, settings)
    qtbot.addWidget(window)
    window.show()  # the change feed is followed while the window is shown
    window.show_tab("callbacks")
    jobs = window.tab("callbacks")
    assert not jobs.banner.isVisibleTo(jobs)  # the urgent job already there is not news
    desk_pc = Store.open(cb.shop.store.url)
    try:
        desk_pc.create_callback(cb.shop.bob.id, local(today(), 17), "Squeal from the belt", "low", cb.shop.desk.id)
        new = desk_pc.create_callback(cb.shop.alice.id, local(today(), 16), "Smoke from the bonnet", "urgent",
                                      cb.shop.desk.id)
    finally:
        desk_pc.close()
    qtbot.waitUntil(lambda: jobs.banner.isVisibleTo(jobs), timeout=5000)
    assert jobs.banner.text.text().startswith(f"New urgent callback {new.job_number} for Alice Archer: Smoke from")
    assert new.job_number in window.statusBar().currentMessage()
    assert new.id in [jobs.available.row_at(r).id for r in range(jobs.available.rowCount())]
    click(qtbot, jobs.banner.show_button)
    assert jobs.current().id == new.id and not jobs.banner.isVisibleTo(jobs)
    assert window.notices.watch.tray.icon is None  # offscreen has no tray: the banner is the notification


def test_the_urgent_banner_goes_once_the_job_has_left_available_jobs(qtbot, open_jobs, cb, events):
    jobs = open_jobs(cb.shop.tara)
    new = cb.shop.store.create_callback(cb.shop.alice.id, local(today(), 16), "Smoke from the bonnet", "urgent",
                                        cb.shop.desk.id)
    events.notified.emit(cb.shop.store.notifications(cb.shop.tara.id)[0])  # as the window's watch hands it on
    assert jobs.banner.isVisibleTo(jobs)
    cb.shop.store.claim_callback(new.id, cb.shop.tara.id)  # picked at the workshop PC
    jobs.refresh()
    assert not jobs.banner.isVisibleTo(jobs)


def test_changes_on_the_board_reach_the_technicians_lists_and_back(qtbot, board, open_jobs, cb):
    jobs = open_jobs(cb.shop.tara)
    select(board, cb, "rattle")
    board.release_action.trigger()
    assert listed(cb, jobs.available) == ["urgent", "rattle", "tyres"]
    select(jobs, cb, "rattle")
    click(qtbot, jobs.pick_button)
    assert cell(board, cb.callbacks["rattle"], CallbacksModel.COL_CLAIMED_BY) == "Tara Tech"
    assert cell(board, cb.callbacks["rattle"], CallbacksModel.COL_STATUS) == "Open"
