"""Cold start: ``repair-desktop --screenshot`` (first page of appointments painted, then exit) in a fresh process,
against the floor (``floor_window.py``) in a fresh process, alternating so machine noise hits both alike."""

from __future__ import annotations

import compileall
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


#: The app with the start-up integrity check (``PRAGMA quick_check``, which reads the whole file) left
#: out: what the rest of start-up costs, reported beside the real figure.
#: The store first, as ``app.main`` imports it: SQLAlchemy's modules imported after Qt cost 70 ms more.
_WITHOUT_CHECK = ("import sys, repair_desktop.store, repair_desktop.ui.shell.startup_checks as checks; "
                  "checks.quick_check = lambda path: None; "
                  "from repair_desktop.app import main; sys.exit(main(sys.argv[1:]))")


def cold_start(url: str, runs: int, without_check: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        png = os.path.join(folder, "shot.png")
        app = [sys.executable, "-m", "repair_desktop", "--db", url, "--screenshot", png, "--tab", "appointments"]
        floor = [sys.executable, str(ROOT / "benchmarks" / "floor_window.py"), url, png]
        # As installed (the installer and pip ship bytecode), not as a checkout run with PYTHONDONTWRITEBYTECODE,
        # which compiles the program's hundred modules from source at every start; the floor's are compiled.
        compileall.compile_dir(ROOT / "repair_desktop", quiet=1)
        _run(app), _run(floor)  # warm the OS file cache: "cold" means a fresh process, not a cold disk
        bare = [sys.executable, "-c", _WITHOUT_CHECK, *app[3:]]
        app_ms, floor_ms, bare_ms = [], [], []
        for _ in range(runs):
            app_ms.append(_run(app))
            floor_ms.append(_run(floor))
            if without_check:
                bare_ms.append(_run(bare))
    result = {"app": summary(app_ms), "floor": summary(floor_ms)}
    if without_check:
        result["app_without_integrity_check"] = summary(bare_ms)
    return result
