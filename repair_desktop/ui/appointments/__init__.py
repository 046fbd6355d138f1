"""The Appointments tab: its list model, dialogs and timeline panel."""
