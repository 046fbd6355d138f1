"""One signal for "a job changed", shared by every tab of a window.

A tab that changes a job emits it; tabs that show jobs listen and refresh the
affected rows. Live refresh from other PCs feeds the same signal.
"""

from PySide6.QtCore import QObject, Signal


class JobEvents(QObject):
    #: (kind, entity id): kind is "appointment" or "callback" (also "notification" with the person's id,
    #: "employee" or "settings" from the change feed)
    changed = Signal(str, int)
    #: (kind, entity id): show this job in its tab (from a customer's page in the directory)
    open_job = Signal(str, int)
    #: A NotificationRow for the signed-in person, newer than any seen in this window (NotificationWatch)
    notified = Signal(object)
