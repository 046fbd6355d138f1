"""``--screenshot`` keeps Qt's harmless no-screen warnings off the terminal, and every other message on it.

In a child process: a message handler is process-wide, and pytest-qt has its own in this one.
"""

import subprocess
import sys

from support.program import run_app

EMIT = """
from PySide6.QtCore import qWarning
from repair_desktop.ui.shell.qt_messages import quiet_offscreen_warnings

quiet_offscreen_warnings()
qWarning("This plugin does not support propagateSizeHints()")
qWarning("QRhiGles2: Failed to create temporary context")
qWarning("QRhiGles2: Failed to create context")
qWarning("QPainter::begin: Paint device returned engine == 0, type: 3")
"""


def test_only_the_harmless_offscreen_warnings_are_dropped():
    done = subprocess.run([sys.executable, "-c", EMIT], capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == ["QPainter::begin: Paint device returned engine == 0, type: 3"]


def test_a_screenshot_of_the_charts_leaves_the_terminal_quiet(tmp_path, shop):
    """The Workload tab's charts are what made Qt look for OpenGL; the picture is written all the same."""
    shop.store.close()
    shot = tmp_path / "workload.png"

    done = run_app(tmp_path, "--db", shop.store.url, "--screenshot", str(shot), "--tab", "workload")

    assert done.returncode == 0 and shot.is_file()
    assert done.stderr == ""
