"""The Callbacks tab: the desk's list, the technician's jobs, their dialogs, detail panel and contracts."""
