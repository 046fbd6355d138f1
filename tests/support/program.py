"""The program as a person starts it: ``python -m repair_desktop`` in a child process, so the test process's
QApplication stays clean, with no screen and its home and XDG folders in the test's own tmp_path."""

import os
import subprocess
import sys
from pathlib import Path


def run_app(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
            stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess:
    """``python -m repair_desktop ARGS`` with no screen, and home and XDG folders inside tmp_path; ``env`` adds
    variables (``REPAIR_DESKTOP_DB``); ``stdout`` may be a terminal's file descriptor instead of a pipe."""
    home = tmp_path / "home"
    runtime = home / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    child_env = {k: v for k, v in os.environ.items()
                 if not k.startswith(("XDG_", "REPAIR_DESKTOP_")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    child_env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                     XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
                     XDG_RUNTIME_DIR=str(runtime), **(env or {}))
    return subprocess.run([sys.executable, "-m", "repair_desktop", *args], env=child_env, cwd=tmp_path,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)
