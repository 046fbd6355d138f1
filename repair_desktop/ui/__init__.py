"""Qt widgets, item models and dialogs. They reach the store only through its public methods."""
