"""The callback deadlines section of Shop settings: the targets in hours, saved with the other settings; a
refused target (zero) keeps the dialog open with the store's words and what was typed, and saves nothing."""

from repair_desktop.domain.deadlines import DEFAULT_TARGETS, DeadlineTarget
from repair_desktop.domain.statuses import Priority
from repair_desktop.ui.admin.settings_dialog import ShopSettingsDialog
from support.ui_helpers import click, ok_button


def dialog_for(qtbot, shop, actor):
    dialog = ShopSettingsDialog(shop.store, actor.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_manager_changes_a_target_in_hours(qtbot, shop):
    dialog = dialog_for(qtbot, shop, shop.manager)
    respond, resolve = dialog.deadlines.boxes[Priority.URGENT]
    assert (respond.value(), resolve.value()) == (2, 8)
    assert dialog.deadlines.boxes[Priority.LOW][1].value() == 168
    respond.setValue(1.25)
    click(qtbot, ok_button(dialog))
    assert dialog.result() == dialog.DialogCode.Accepted
    assert shop.store.deadline_targets() == {**DEFAULT_TARGETS, Priority.URGENT: DeadlineTarget(75, 480)}


def test_a_zero_target_is_refused_and_nothing_is_saved(qtbot, shop):
    dialog = dialog_for(qtbot, shop, shop.manager)
    dialog.capacity.setValue(5)  # would be saved with the rest: nothing is, when a target is refused
    high_respond = dialog.deadlines.boxes[Priority.HIGH][0]
    high_respond.setValue(0)
    click(qtbot, ok_button(dialog))
    assert dialog.isVisible() and dialog.problem.isVisibleTo(dialog)
    assert "between 1 minute and 365 days" in dialog.problem.text()
    assert high_respond.value() == 0 and dialog.capacity.value() == 5  # what was typed stays
    assert shop.store.deadline_targets() == DEFAULT_TARGETS and shop.store.capacity_limit() == 3
    high_respond.setValue(6)
    click(qtbot, ok_button(dialog))
    assert not dialog.isVisible() and shop.store.deadline_targets()[Priority.HIGH] == DeadlineTarget(360, 1440)


def test_the_store_refuses_someone_who_is_not_a_manager(qtbot, shop):
    dialog = dialog_for(qtbot, shop, shop.desk)  # the menu offers it to managers only; the store agrees
    dialog.deadlines.boxes[Priority.HIGH][0].setValue(4)
    click(qtbot, ok_button(dialog))
    assert dialog.isVisible() and "Only a manager can change the callback deadlines" in dialog.problem.text()
    assert dialog.deadlines.boxes[Priority.HIGH][0].value() == 4
    assert shop.store.deadline_targets() == DEFAULT_TARGETS
