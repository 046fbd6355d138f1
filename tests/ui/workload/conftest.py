"""The Workload tab on the small shop, shown, with its first figures read and on screen."""

import pytest

from repair_desktop.ui.widgets.events import JobEvents
from repair_desktop.ui.workload.tab import WorkloadTab


@pytest.fixture
def tab(qtbot, shop):
    widget = WorkloadTab(shop.store, shop.manager, JobEvents())
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitUntil(widget.is_ready)
    qtbot.waitUntil(lambda: not widget.is_reading())
    return widget
