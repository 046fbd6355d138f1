"""The shared SQLAlchemy store: every rule of the shop, enforced in one transaction per call. No Qt here."""

from .paging import Page
from .rows import AppointmentFilter, AppointmentRow, CallbackFilter, CallbackRow, ContractRow, TimelineEntry
from .schedule_rows import (DayLoad, DaySchedule, Efficiency, PlannedJob, Slot, TechnicianDay, TechnicianWeek,
                            TimeOffRow, WeekOverview)
from .store import Store

__all__ = ["Store", "Page", "AppointmentFilter", "AppointmentRow", "CallbackFilter", "CallbackRow", "ContractRow",
           "TimelineEntry", "DayLoad", "DaySchedule", "Efficiency", "PlannedJob", "Slot", "TechnicianDay",
           "TechnicianWeek", "TimeOffRow", "WeekOverview"]
