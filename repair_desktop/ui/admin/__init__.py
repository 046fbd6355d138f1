"""Shop administration for the manager: settings dialogs."""
