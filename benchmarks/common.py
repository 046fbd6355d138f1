"""Helpers every benchmark shares: timing, summaries, where the databases live, and building them."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("REPAIR_DESKTOP_BENCH_CACHE", Path(__file__).resolve().parent / ".cache"))


def summary(samples_ms: list[float]) -> dict:
    """Median, best and worst of a list of milliseconds (plus how many samples).

    The best is what the code costs when nothing else on the machine gets in its way: other work only ever adds
    time, so on a shared machine it is the steadiest of the three for comparing two measurements."""
    if not samples_ms:
        return {"median_ms": None, "best_ms": None, "worst_ms": None, "n": 0}
    return {"median_ms": round(statistics.median(samples_ms), 3), "best_ms": round(min(samples_ms), 3),
            "worst_ms": round(max(samples_ms), 3), "n": len(samples_ms)}


def over_runs(runs: list[list[float]]) -> dict:
    """The summary of every sample of several runs, with how far the runs' medians lay apart.

    The spread of the per-run medians says how sure a median is on this machine: a change that moves a figure by
    less than that range is within its noise."""
    medians = [statistics.median(samples) for samples in runs if samples]
    spread = [round(min(medians), 3), round(max(medians), 3)] if medians else None
    return {**summary([ms for samples in runs for ms in samples]), "run_medians_ms": spread}


def timed(call: Callable[[], object]) -> float:
    """Milliseconds ``call`` took."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def print_measured(url: str, measure: Callable[[object], dict]) -> int:
    """Open the store at ``url``, print what ``measure(store)`` returns as JSON, and close it (a script's main)."""
    import json
    import sys

    from repair_desktop.store import Store

    store = Store.open(url)
    try:
        out = measure(store)
    finally:
        store.close()
    json.dump(out, sys.stdout, indent=1)
    return 0


def rss_mb() -> float:
    """This process's resident memory, in MB (Linux)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def schema_key() -> str:
    """The schema head and the demo generator's size: a cached database is rebuilt when either changes."""
    from repair_desktop.store.schema import head_revision

    demo = sum(f.stat().st_size for f in (ROOT / "repair_desktop" / "demo").glob("*.py"))
    migrations = sum(f.stat().st_size for f in (ROOT / "repair_desktop" / "store" / "migrations").rglob("*.py"))
    return f"{head_revision()}-{demo}-{migrations}"


def sqlite_db(scale: int, log: Callable[[str], None] = print) -> Path:
    """A SQLite file holding ``repair-desktop demo --scale scale``, built once and kept in the cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{scale}-{schema_key()}.db"
    if path.exists():
        return path
    for old in CACHE.glob(f"demo-{scale}-*.db*"):  # an older schema's copy
        old.unlink()
    partial = path.with_suffix(".building.db")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    log(f"building the {scale:,}-appointment demo database (cached in {CACHE}) ...")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "repair_desktop", "demo", "--scale", str(scale),
                    "--db", f"sqlite:///{partial}"], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    log(f"  built in {time.perf_counter() - started:.0f} s")
    return path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def event_engines(store) -> list:
    """The engines to listen on for everything ``store`` sends, each once: on PostgreSQL the reads' engine is the
    writes' engine with other options, and the events of the one fire for the other too."""
    read, write = store.read_engine, store.write_engine
    return [write] if read.pool is write.pool else [read, write]
