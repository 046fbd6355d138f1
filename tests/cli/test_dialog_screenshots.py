"""``--screenshot FILE --dialog staff|customers|settings``: the Shop dialog, rendered over the window, as a PNG."""

import pytest
from PySide6.QtGui import QImage

from support.program import run_app


@pytest.fixture
def shop_url(shop):
    shop.store.close()
    return shop.store.url


@pytest.mark.parametrize("dialog", ["staff", "customers", "settings"])
def test_each_shop_dialog_renders_to_a_png(tmp_path, shop_url, dialog):
    shot = tmp_path / f"{dialog}.png"

    done = run_app(tmp_path, "--db", shop_url, "--screenshot", str(shot), "--dialog", dialog)

    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert not image.isNull() and image.width() < 1280  # the dialog, not the window behind it


def test_a_dialog_the_person_may_not_open_fails_with_a_message(tmp_path, shop_url):
    shot = tmp_path / "staff.png"

    done = run_app(tmp_path, "--db", shop_url, "--screenshot", str(shot), "--dialog", "staff", "--as", "Fran Desk")

    assert done.returncode == 1
    assert "repair-desktop: Fran Desk (Front desk) can't open staff." in done.stderr
    assert "Traceback" not in done.stderr and not shot.exists()
