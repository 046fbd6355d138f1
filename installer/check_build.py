"""Build the one-folder program with PyInstaller, run it offscreen, and report its size and start-up time.

    python3 installer/check_build.py [--dist DIR] [--no-build]

Builds ``build_installer.spec`` into DIR (default: ``dist/``), then with the built program:
fills a demo database (writes, and runs the Alembic migrations from the bundle) and a big one
(its rows made in a helper process, which the frozen program must start as such), renders each
tab with ``--screenshot`` (reads; the workload tab needs QML, Qt Quick and Qt Graphs), and checks
every picture was written and every run exited with 0. Prints the folder's size and the time to a
screenshot, frozen and from source. Exits non-zero on any failure.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout, installed or not

from repair_desktop.demo.ahead import PROCESS_FROM  # noqa: E402 (the checkout first)
NAME = "repair-desktop"
TABS = ["appointments", "workload", "callbacks"]
#: Qt modules that must never be in the build.
UNWANTED = ["WebEngine", "Qt63D", "Multimedia", "QtPdf", "Qt6Charts", "DataVisualization", "Quick3DXr", "Designer"]


def build(dist: Path, work: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level=WARN", "--distpath", str(dist),
                    "--workpath", str(work), str(ROOT / "build_installer.spec")], check=True, cwd=ROOT)
    return time.perf_counter() - started


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    return time.perf_counter() - started, result


def check(program_folder: Path, scratch: Path) -> dict:
    """Run the built program; returns the facts, raises AssertionError on a failure."""
    exe = program_folder / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    assert exe.exists(), f"{exe} was not built"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("REPAIR_DESKTOP_DB", None)
    files = [p.name for p in program_folder.rglob("*")]
    unwanted = sorted({f for f in files for u in UNWANTED if u in f})
    assert not unwanted, f"modules the program does not use were bundled: {unwanted}"
    assert list(program_folder.rglob("script.py.mako")), "the Alembic migrations are missing"
    assert list(program_folder.rglob("WorkloadCharts.qml")), "the QML is missing"
    url = f"sqlite:///{scratch / 'shop.db'}"
    _, demo = timed([str(exe), "demo", "--db", url], env)
    assert demo.returncode == 0, f"demo failed:\n{demo.stdout}\n{demo.stderr}"
    # A big demo's rows come from a helper process: the frozen program must start it as a helper, not a program
    big = f"sqlite:///{scratch / 'big.db'}"
    bulk_s, bulk = timed([str(exe), "demo", "--scale", str(PROCESS_FROM), "--db", big], env)
    assert bulk.returncode == 0 and "Demo shop ready" in bulk.stdout, \
        f"demo --scale failed:\n{bulk.stdout}\n{bulk.stderr}"
    facts = {"size_bytes": folder_size(program_folder), "big_demo_s": bulk_s, "frozen_s": {}, "source_s": {}}
    for tab in TABS:
        picture = scratch / f"frozen-{tab}.png"
        seconds, run = timed([str(exe), "--db", url, "--screenshot", str(picture), "--tab", tab], env)
        assert run.returncode == 0, f"--screenshot --tab {tab} exited with {run.returncode}:\n{run.stderr}"
        assert picture.exists() and picture.stat().st_size > 10_000, f"{picture} was not written"
        assert "could not load" not in run.stderr.lower(), f"the {tab} tab could not load its charts:\n{run.stderr}"
        facts["frozen_s"][tab] = seconds
        source = scratch / f"source-{tab}.png"
        seconds, run = timed([sys.executable, "-m", "repair_desktop", "--db", url, "--screenshot", str(source),
                              "--tab", tab], {**env, "PYTHONPATH": str(ROOT)})
        assert run.returncode == 0, run.stderr
        facts["source_s"][tab] = seconds
    return facts


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the built folder goes (default: dist/)")
    p.add_argument("--no-build", action="store_true", help="check an existing build in --dist")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        if not args.no_build:
            print(f"Built in {build(args.dist, scratch / 'work'):.0f} s")
        facts = check(args.dist / NAME, scratch)
    print(f"{args.dist / NAME}: {facts['size_bytes'] / 2**20:.0f} MiB")
    for tab in TABS:
        print(f"  --screenshot --tab {tab:<13} frozen {facts['frozen_s'][tab]:5.2f} s   "
              f"from source {facts['source_s'][tab]:5.2f} s")
    print(f"  demo --scale {PROCESS_FROM:,} (rows from a helper process) {facts['big_demo_s']:5.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
