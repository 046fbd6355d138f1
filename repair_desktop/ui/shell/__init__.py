"""The window frame: the application, main window, sign-in, start-up checks, database and backup, help, theme and icons."""
