"""The row of big numbers at the top of the workload tab: what the manager reads first."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from ...store import WorkloadReport



def muted_label(text: str) -> QLabel:
    """Secondary text in the palette's muted colour; a palette role, so it follows a light/dark switch live."""
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class SummaryCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = muted_label(title)
        self.value = QLabel("–")
        big = self.value.font()
        big.setPixelSize(24)
        big.setWeight(QFont.Weight.DemiBold)
        self.value.setFont(big)
        self.note = muted_label("")
        small = self.note.font()
        small.setPixelSize(11)
        self.note.setFont(small)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        for label in (self.title, self.value, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(label)

    def show_value(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.setAccessibleName(f"{self.title.text()}: {value}")
        self.setToolTip(note)


class SummaryCards(QWidget):
    """Technicians, available, busy and utilization exactly as ``Store.workload()`` counts them, waiting jobs,
    and callbacks past their deadline."""

    TITLES = {"total": "Technicians", "available": "Available", "busy": "Busy",
              "utilization": "Utilization", "waiting": "Waiting jobs", "late": "Late callbacks"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {key: SummaryCard(title) for key, title in self.TITLES.items()}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, card in self.cards.items():
            card.setObjectName(f"{key}Card")
            layout.addWidget(card)

    def show_report(self, report: WorkloadReport) -> None:
        w = report.workload
        slots = sum(t.capacity for t in w.technicians)
        jobs = sum(t.active_jobs for t in w.technicians)
        self.cards["total"].show_value(str(w.total), "active technicians")
        self.cards["available"].show_value(str(w.available), "can take another job")
        self.cards["busy"].show_value(str(w.busy), "at their capacity limit")
        self.cards["utilization"].show_value(f"{w.utilization_rate:.0%}", f"{jobs} of {slots} job slots in use")
        self.cards["waiting"].show_value(str(report.waiting_jobs), "booked, no technician yet")

    def show_late(self, count: int) -> None:
        """Callbacks whose next deadline has passed; red while there are any."""
        card = self.cards["late"]
        card.show_value(str(count), "not picked up or resolved in time" if count else "every callback on time")
        card.value.setStyleSheet("color: #b91c1c;" if count else "")

    def values(self) -> dict[str, str]:
        """The big numbers as shown, by key: for the PDF report and for tests."""
        return {key: card.value.text() for key, card in self.cards.items()}
