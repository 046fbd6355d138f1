"""The one way a tab makes its actions: shortcut shown in the tooltip, reachable while the tab has focus."""

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def tab_action(owner: QWidget, text: str, shortcut: str | QKeySequence.StandardKey, slot: Callable,
               tip: str) -> QAction:
    keys = QKeySequence(shortcut)
    action = QAction(text, owner, shortcut=keys, statusTip=tip, toolTip=f"{tip} ({keys.toString()})")
    action.triggered.connect(slot)
    owner.addAction(action)
    return action
