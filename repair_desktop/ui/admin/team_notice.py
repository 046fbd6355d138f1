"""What the places that need a technician (Assign, Workload) say while the shop has none: add them in Staff."""

from PySide6.QtWidgets import QLabel, QWidget

from ...domain.statuses import Role


def no_technicians_notice(near: QWidget, role: Role) -> QLabel:
    """A line for ``near``'s window: for a manager, with a link that opens Staff; for others, whom to ask."""
    if role == Role.MANAGER:
        text = 'No technicians yet, so nobody can be given a job. <a href="staff">Add them in Staff…</a>'
    else:
        text = "No technicians yet, so nobody can be given a job. A manager adds them under Shop, Staff."
    label = QLabel(text, objectName="noTechnicians", wordWrap=True)
    label.setStyleSheet("color: #b45309; font-weight: 600;")
    label.linkActivated.connect(lambda _link: near.window().shop_menu.open("staff"))
    return label
