"""The Schedule tab: the shop's days per technician, planned by dragging, and a week's load at a glance."""
