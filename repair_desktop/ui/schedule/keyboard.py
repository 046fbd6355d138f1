"""Re-planning without a mouse: the day view's keys, and the words a screen reader says for a block.

Tab and Shift+Tab go from block to block (by row, then by start; past the last one the focus leaves the view),
and a click selects a block too. The arrow keys then move a ghost of the selected block, as a drag does: Left and
Right by a quarter hour, Up and Down to the row above or below (the Unplanned lane is the last row), Shift+Left
and Shift+Right shorten or lengthen it by a quarter hour. Nothing is asked of the store until Enter, which asks
for the ghost's plan exactly as releasing a drag does (so a refusal shows the store's message and the block stays
where it was); Escape drops the ghost. Delete takes the job off its technician's plan (it goes to the Unplanned
lane at the same time, as dropping it there does; the appointment itself stays booked). Enter with no ghost opens
the job, like a double-click.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFocusEvent, QKeyEvent

from ...domain.schedule import MAX_DURATION, QUARTER
from ...store import PlannedJob


def block_name(job: PlannedJob, row_title: str) -> str:
    """What a block says to a screen reader and in its tooltip: whose row, when, status, who and what."""
    late = ", late" if job.late else ""
    concern = " ".join(job.concern.split())
    return (f"{row_title}: {job.starts_at.astimezone():%H:%M} to {job.ends_at.astimezone():%H:%M}, "
            f"{job.duration_minutes} min, {job.status.replace('_', ' ')}{late}. {job.customer_name}, {job.vehicle}. "
            f"{concern}")


class KeyboardPlanning:
    """The day view's keyboard part (mixed into ``DayView``, which holds ``rows``, ``drag`` and the signals)."""

    #: the appointment id of the selected block (None: none selected); kept across reloads of the day
    selected: int | None = None

    # --- selection ------------------------------------------------------------------------------------

    def blocks(self) -> list[tuple]:
        """Every (row, job) on screen, in the keyboard's order."""
        return [(row, job) for row in self.rows for job in sorted(row.jobs, key=lambda j: (j.starts_at,
                                                                                             j.appointment_id))]

    def selected_block(self) -> tuple | None:
        return next(((row, job) for row, job in self.blocks() if job.appointment_id == self.selected), None)

    def select(self, appointment_id: int | None) -> None:
        """Select a block (its ghost, if another block had one, is dropped) and tell assistive technology."""
        if self.drag is not None and self.drag.job.appointment_id != appointment_id:
            self.drag = None
        self.selected = appointment_id
        hit = self.selected_block()
        self.setAccessibleDescription(block_name(hit[1], hit[0].title) if hit else "")
        if hit is not None:
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
        self.update()

    def focusNextPrevChild(self, forward: bool) -> bool:
        order = [job.appointment_id for _, job in self.blocks()]
        if self.hasFocus() and self.selected in order:
            index = order.index(self.selected) + (1 if forward else -1)
            if 0 <= index < len(order):
                self.select(order[index])
                return True
        return super().focusNextPrevChild(forward)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        order = [job.appointment_id for _, job in self.blocks()]
        if order and self.selected not in order:
            backwards = event.reason() == Qt.FocusReason.BacktabFocusReason
            self.select(order[-1] if backwards else order[0])

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.drag is not None and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.drag = None  # a ghost not asked for is not a plan
            self.update()

    # --- keys -----------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        hit = self.selected_block()
        if hit is None or not self.may_plan:
            return super().keyPressEvent(event)
        row, job = hit
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.drag is None:
                self.jobActivated.emit(job.appointment_id)
            else:
                self.request_plan()
        elif key == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None
            self.update()
        elif key == Qt.Key.Key_Delete and row.technician_id is not None:
            self.planRequested.emit(job, None, job.starts_at, job.duration_minutes)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = QUARTER if key == Qt.Key.Key_Right else -QUARTER
            ghost = self._ghost(row, job)
            if shift:
                ghost.minutes = min(MAX_DURATION, max(QUARTER, ghost.minutes + step))
            else:
                ghost.start_minutes = self._snap(ghost.start_minutes) + step
            self._ghost_moved()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not shift:
            ghost = self._ghost(row, job)
            index = self.rows.index(ghost.target_row) + (1 if key == Qt.Key.Key_Down else -1)
            ghost.target_row = self.rows[min(max(index, 0), len(self.rows) - 1)]
            self._ghost_moved()
        else:
            return super().keyPressEvent(event)
        event.accept()

    def _ghost(self, row, job: PlannedJob):
        if self.drag is None or self.drag.job.appointment_id != job.appointment_id:
            self.drag = self.start_drag(row, job, resize=False, grab_minutes=0.0)
        return self.drag

    def _ghost_moved(self) -> None:
        drag = self.drag
        end = self.instant_at(drag.start_minutes + drag.minutes).astimezone()
        self.setAccessibleDescription(f"Move to {drag.target_row.title}, "
                                      f"{self.instant_at(drag.start_minutes).astimezone():%H:%M} to {end:%H:%M}, "
                                      f"{drag.minutes} min. Enter to plan it, Escape to leave it.")
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
        self.update()
