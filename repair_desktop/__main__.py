"""``python -m repair_desktop``: the same as the ``repair-desktop`` command."""

import sys

from .app import main

sys.exit(main())
