"""What the store hands its callers: plain frozen rows, never ORM objects.

- ``records``: one table's row, every column under its own name (``AppointmentRecord``, ``EmployeeRecord``, ...),
  what the workflow and directory methods return;
- ``listings``: the flat rows a list shows (a job with its customer's and technician's names), their filters,
  and a customer's contract standing;
- ``reports``: the workload tab's counted numbers;
- ``schedule``: the plan of a day or a week, free slots, time off and efficiency;
- ``on_time``: how many callback deadlines were kept.
"""

from .listings import (AppointmentFilter, AppointmentRow, CallbackFilter, CallbackRow, ContractStanding,
                       TimelineEntry)
from .records import (AppointmentRecord, CallbackRecord, ContractRecord, CustomerRecord, EmployeeRecord,
                      StatusEventRecord, VehicleRecord, plain)
from .reports import (CallbackCount, DayCount, PeriodReport, TechnicianAverage, TechnicianStats,
                      WorkloadReport)
from .on_time import OnTimeCount, OnTimeDay, OnTimeReport, OnTimeTechnician
from .schedule import (DayLoad, DaySchedule, Efficiency, PlannedJob, Slot, TechnicianDay, TechnicianWeek, TimeOffRow,
                       WeekOverview)

__all__ = ["AppointmentFilter", "AppointmentRow", "CallbackFilter", "CallbackRow", "ContractStanding",
           "TimelineEntry", "AppointmentRecord", "CallbackRecord", "ContractRecord", "CustomerRecord",
           "EmployeeRecord", "StatusEventRecord", "VehicleRecord", "plain", "CallbackCount", "DayCount",
           "PeriodReport", "TechnicianAverage", "TechnicianStats", "WorkloadReport", "DayLoad", "DaySchedule",
           "Efficiency", "PlannedJob", "Slot", "TechnicianDay", "TechnicianWeek", "TimeOffRow", "WeekOverview",
           "OnTimeCount", "OnTimeDay", "OnTimeReport", "OnTimeTechnician"]
