"""The program as a person starts it: ``python -m repair_desktop`` in a child process, so the test process's
QApplication stays clean, with no screen and its home and XDG folders in the test's own tmp_path."""

import os
import subprocess
import sys
from pathlib import Path


def run_app(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m repair_desktop ARGS`` with no screen, and home and XDG folders inside tmp_path."""
    home = tmp_path / "home"
    runtime = home / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "REPAIR_DESKTOP_")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(runtime))
    return subprocess.run([sys.executable, "-m", "repair_desktop", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
