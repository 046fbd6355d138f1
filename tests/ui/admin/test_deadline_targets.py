"""The manager's callback deadlines dialog: shows the targets in hours, saves them, and stays open when refused."""

from repair_desktop.domain.deadlines import DEFAULT_TARGETS, DeadlineTarget
from repair_desktop.domain.statuses import Priority
from repair_desktop.ui.admin.deadline_targets import DeadlineTargetsDialog
from support.ui_helpers import ok_button


def test_the_manager_changes_a_target_in_hours(qtbot, shop):
    dialog = DeadlineTargetsDialog(shop.store, shop.manager.id)
    qtbot.addWidget(dialog)
    respond, resolve = dialog.boxes[Priority.URGENT]
    assert (respond.value(), resolve.value()) == (2, 8)
    assert dialog.boxes[Priority.LOW][1].value() == 168
    respond.setValue(1.25)
    ok_button(dialog).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert shop.store.deadline_targets() == {**DEFAULT_TARGETS, Priority.URGENT: DeadlineTarget(75, 480)}


def test_a_refusal_keeps_the_dialog_open_with_the_stores_words(qtbot, shop):
    dialog = DeadlineTargetsDialog(shop.store, shop.desk.id)  # not a manager
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.boxes[Priority.HIGH][0].setValue(4)
    ok_button(dialog).click()
    assert dialog.isVisible() and dialog.problem.isVisibleTo(dialog)
    assert "Only a manager can change the callback deadlines" in dialog.problem.text()
    assert shop.store.deadline_targets() == DEFAULT_TARGETS
