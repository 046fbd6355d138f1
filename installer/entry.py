"""The frozen program's entry point (PyInstaller runs this file): the same as the ``repair-desktop`` command."""

import sys

from repair_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
