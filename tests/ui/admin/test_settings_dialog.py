"""The Shop settings dialog: shop name and capacity limit, saved only when changed; the title follows."""

from support.ui_helpers import click, ok_button

from repair_desktop.ui.admin.settings_dialog import ShopSettingsDialog


def test_saving_the_shop_name_and_capacity(qtbot, shop):
    dialog = ShopSettingsDialog(shop.store, shop.manager.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert (dialog.shop_name.text(), dialog.capacity.value()) == ("", 3)
    assert (dialog.capacity.minimum(), dialog.capacity.maximum()) == (1, 10)
    qtbot.keyClicks(dialog.shop_name, "Riverside Auto")
    dialog.capacity.setValue(5)
    click(qtbot, ok_button(dialog))
    assert not dialog.isVisible()
    assert shop.store.settings().shop_name == "Riverside Auto" and shop.store.capacity_limit() == 5
    again = ShopSettingsDialog(shop.store, shop.manager.id)
    qtbot.addWidget(again)
    assert "Mia Manager changed capacity limit: 3 → 5" in again.history.toPlainText()


def test_a_refusal_keeps_the_dialog_open(qtbot, shop):
    dialog = ShopSettingsDialog(shop.store, shop.desk.id)  # the menu offers it to managers only; the store agrees
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.capacity.setValue(4)
    click(qtbot, ok_button(dialog))
    assert dialog.isVisible() and "Only a manager" in dialog.problem.text()
    assert shop.store.capacity_limit() == 3


def test_the_window_title_shows_the_shop_name_and_the_menu_follows_the_role(open_window, shop, modal, qtbot):
    window = open_window(shop.manager)
    assert window.windowTitle() == "Mia Manager (Manager)"
    assert window.shop_menu.offers("staff") and window.shop_menu.offers("settings")

    def rename(dialog):
        qtbot.keyClicks(dialog.shop_name, "Riverside Auto")
        click(qtbot, ok_button(dialog))

    modal.run(window.shop_menu.settings_action.trigger, rename)
    assert window.windowTitle() == "Riverside Auto · Mia Manager (Manager)"
    window.set_user(shop.desk)
    assert window.shop_menu.offers("customers") and not window.shop_menu.offers("staff")
    window.set_user(shop.tom)
    assert not window.shop_menu.menu.menuAction().isVisible()
