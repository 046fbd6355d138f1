"""The shared SQLAlchemy store: every rule of the shop, enforced in one transaction per call. No Qt here.

Callers get plain frozen rows (``rows/``), never the ORM classes of ``models.py``, which stay inside the store.
"""

from .notifications import NotificationRow
from .paging import Page
from .rows import (AppointmentFilter, AppointmentRecord, AppointmentRow, CallbackCount, CallbackFilter,
                   CallbackRecord, CallbackRow, ContractRecord, ContractStanding, CustomerRecord, DayCount,
                   EmployeeRecord, PeriodReport, StatusEventRecord, TechnicianAverage, TechnicianStats,
                   TimelineEntry, VehicleRecord, WorkloadReport)
from .rows import OnTimeCount, OnTimeDay, OnTimeReport, OnTimeTechnician
from .rows import (DayLoad, DaySchedule, Efficiency, PlannedJob, Slot, TechnicianDay, TechnicianWeek, TimeOffRow,
                   WeekOverview)
from .store import Store

__all__ = ["Store", "Page", "AppointmentFilter", "AppointmentRecord", "AppointmentRow", "CallbackCount",
           "CallbackFilter", "CallbackRecord", "CallbackRow", "ContractRecord", "ContractStanding", "CustomerRecord",
           "DayCount", "EmployeeRecord", "NotificationRow", "PeriodReport", "StatusEventRecord", "TechnicianAverage", "TechnicianStats",
           "TimelineEntry", "VehicleRecord", "WorkloadReport", "DayLoad", "DaySchedule", "Efficiency", "PlannedJob",
           "Slot", "TechnicianDay", "TechnicianWeek", "TimeOffRow", "WeekOverview", "OnTimeCount", "OnTimeDay",
           "OnTimeReport", "OnTimeTechnician"]
