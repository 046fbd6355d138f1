"""Cold start: ``repair-desktop --screenshot`` (first page of appointments painted, then exit) in a fresh process,
against the floor (``floor_window.py``) in a fresh process, alternating so machine noise hits both alike."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from .common import ROOT, summary


def _run(command: list[str]) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - started) * 1000


def cold_start(url: str, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        png = os.path.join(folder, "shot.png")
        app = [sys.executable, "-m", "repair_desktop", "--db", url, "--screenshot", png, "--tab", "appointments"]
        floor = [sys.executable, str(ROOT / "benchmarks" / "floor_window.py"), url, png]
        _run(app), _run(floor)  # warm the OS file cache: "cold" means a fresh process, not a cold disk
        app_ms, floor_ms = [], []
        for _ in range(runs):
            app_ms.append(_run(app))
            floor_ms.append(_run(floor))
    return {"app": summary(app_ms), "floor": summary(floor_ms)}
