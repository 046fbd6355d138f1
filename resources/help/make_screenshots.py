"""Render the user guide's pictures from a demo shop, so they never go stale.

    python3 resources/help/make_screenshots.py

Builds a demo database in a temporary folder with ``repair-desktop demo``, then runs
``repair-desktop --screenshot`` once per picture (offscreen, no screen needed) and writes
the PNGs next to this file. Commit what it writes. ``--dark`` renders the dark scheme too
(``*-dark.png``), for a look at both palettes.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
#: picture -> (tab, sign in as; None: the first manager, and the Shop dialog to render over it, if any)
SHOTS = {
    "front-desk-appointments": ("appointments", "Jenny Park"),
    "front-desk-schedule": ("schedule", "Jenny Park"),
    "front-desk-callbacks": ("callbacks", "Jenny Park"),
    "technician-callbacks": ("callbacks", "Mike Sullivan"),
    "technician-appointments": ("appointments", "Mike Sullivan"),
    "manager-workload": ("workload", None),
    "manager-staff": ("appointments", None, "staff"),
    "front-desk-customers": ("appointments", "Jenny Park", "customers"),
}


def run(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([sys.executable, "-m", "repair_desktop", *args], check=True, cwd=ROOT,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


def main() -> int:
    schemes = {"": "light", "-dark": "dark"} if "--dark" in sys.argv else {"": "light"}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/demo.db"
        run("demo", "--db", url)
        for name, (tab, person, *dialog) in SHOTS.items():
            for suffix, scheme in schemes.items():
                who = ["--as", person] if person else []
                over = ["--dialog", dialog[0]] if dialog else []
                run("--db", url, "--screenshot", str(HERE / f"{name}{suffix}.png"), "--tab", tab, *who, *over,
                    env={"REPAIR_DESKTOP_COLOR_SCHEME": scheme})
    return 0


if __name__ == "__main__":
    sys.exit(main())
