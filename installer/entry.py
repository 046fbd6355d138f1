"""The frozen program's entry point (PyInstaller runs this file): the same as the ``repair-desktop`` command."""

import multiprocessing
import sys

from repair_desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a big demo's data is made in a helper process (demo/ahead.py)
    sys.exit(main())
