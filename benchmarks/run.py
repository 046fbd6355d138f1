"""Run every benchmark and print the table: ``python3 -m benchmarks [--scale N] [--quick] [--no-postgres]``.

Databases come from ``repair-desktop demo --scale N``, built once and cached in
``benchmarks/.cache`` (keyed by scale and schema). Results: a table on stdout
and ``benchmarks/results/latest.json``. Every figure is the median and the
worst of several runs, next to its floor where it has one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, sqlite_db, sqlite_url

RESULTS = Path(__file__).resolve().parent / "results"

#: The speed targets, at 1,000,000 appointments.
START_RATIO, INTERACTION_MS, WORKLOAD_RATIO, TRANSITION_RATIO, MEMORY_MB = 1.5, 100.0, 2.0, 3.0, 300.0
#: The deadline check when nothing is late (100,000 callbacks at that scale), and opening a long notification list.
DEADLINE_CHECK_MS, NOTIFICATION_LIST_MS = 10.0, 100.0


def machine() -> dict:
    mem = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    return {"cpus": os.cpu_count(), "cpu": cpu, "ram_mb": mem, "python": platform.python_version(),
            "platform": platform.platform(), "load_avg_at_start": os.getloadavg()}


def ui_benchmarks(url: str, runs: int, scroll: bool) -> dict:
    command = [sys.executable, "-m", "benchmarks.ui_bench", url, str(runs)] + ([] if scroll else ["--no-scroll"])
    command += os.environ.get("REPAIR_DESKTOP_BENCH_UI_ARGS", "").split()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if done.returncode != 0:
        raise RuntimeError(f"ui_bench failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def postgres_transitions(count: int) -> dict | None:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from pg_server import PgServer, PgServerError
    except ImportError:
        return None
    from .store_bench import transitions

    try:
        server = PgServer.for_tests()
    except PgServerError as error:
        print(f"  PostgreSQL skipped: {error}")
        return None
    try:
        url = server.create_database()
        return transitions(url.render_as_string(hide_password=False), count)
    finally:
        server.close()


def run(scale: int, runs: int, transitions_count: int, postgres: bool, scroll: bool, log=print) -> dict:
    from .notice_bench import notice_queries
    from .start import cold_start
    from .store_bench import transitions, workload_queries

    results: dict = {"scale": scale, "runs": runs, "machine": machine(),
                     "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    url = sqlite_url(sqlite_db(scale, log))
    log("cold start ...")
    results["cold_start"] = cold_start(url, runs, without_check=True)
    log("window interactions ...")
    results["ui"] = ui_benchmarks(url, runs, scroll)
    log("workload queries ...")
    results["workload"] = workload_queries(url, runs)
    log("notifications and deadlines ...")
    results["notifications"] = notice_queries(url, runs)
    log("transitions on SQLite ...")
    with tempfile.TemporaryDirectory() as folder:
        results["transitions_sqlite"] = transitions(f"sqlite:///{folder}/transitions.db", transitions_count)
    if postgres:
        log("transitions on PostgreSQL ...")
        results["transitions_postgres"] = postgres_transitions(transitions_count)
    return results


def _ratio(a, b) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def _ms(value: float | None, missing: str) -> str:
    """Milliseconds to a tenth, or to a thousandth under one (a poll's 0.036 ms is not "0.0")."""
    if value is None:
        return missing
    return f"{value:.1f}" if value >= 1 else f"{value:.3f}"


def table(results: dict) -> str:
    """The results as a Markdown table (also what the README's Performance section shows)."""
    lines = [f"Scale: {results['scale']:,} appointments; {results['runs']} runs each; times in ms (median / worst).",
             "", "| What | Median | Worst | Floor (median) | Ratio | Target | Met |", "|---|---:|---:|---:|---:|---|---|"]

    def row(what, median, worst, floor=None, ratio=None, target="", met=None):
        cells = [what, _ms(median, "-"), _ms(worst, "-"), _ms(floor, ""), ratio or "", target,
                 "" if met is None else ("yes" if met else "**no**")]
        lines.append("| " + " | ".join(cells) + " |")

    start = results["cold_start"]
    app, floor = start["app"], start["floor"]
    row("cold start to first page painted", app["median_ms"], app["worst_ms"], floor["median_ms"],
        _ratio(app["median_ms"], floor["median_ms"]), f"≤ {START_RATIO}x floor",
        app["median_ms"] <= START_RATIO * floor["median_ms"])
    if bare := start.get("app_without_integrity_check"):
        row("cold start without the start-up integrity check", bare["median_ms"], bare["worst_ms"],
            floor["median_ms"], _ratio(bare["median_ms"], floor["median_ms"]), f"≤ {START_RATIO}x floor",
            bare["median_ms"] <= START_RATIO * floor["median_ms"])
    for name, s in results["ui"]["interactions"].items():
        row(name, s["median_ms"], s["worst_ms"], target=f"≤ {INTERACTION_MS:.0f} ms worst",
            met=s["worst_ms"] <= INTERACTION_MS)
    if scroll := results["ui"].get("scroll"):
        p = scroll["page"]
        row(f"scroll to the end: each of {scroll['pages']:,} pages", p["median_ms"], p["worst_ms"],
            target=f"≤ {INTERACTION_MS:.0f} ms worst", met=p["worst_ms"] <= INTERACTION_MS)
        j = scroll["jump"]
        row("jump back up/down after scrolling (re-read pages)", j["median_ms"], j["worst_ms"],
            target=f"≤ {INTERACTION_MS:.0f} ms worst", met=j["worst_ms"] <= INTERACTION_MS)
        lines.append(f"| scroll to the end: total for {scroll['rows']:,} rows | {scroll['total_s'] * 1000:.0f} | | | | | |")
        rss = results["ui"].get("rss_after_scroll_mb")
        lines.append(f"| memory (RSS) after scrolling {scroll['rows']:,} rows | {rss:.0f} MB | | "
                     f"{results['ui']['rss_start_mb']:.0f} MB at start | | < {MEMORY_MB:.0f} MB | "
                     f"{'yes' if rss < MEMORY_MB else '**no**'} |")
    for name, w in results["workload"].items():
        s, r = w["store"], w["raw"]
        row(f"{name} ({w['statements']} statements)", s["median_ms"], s["worst_ms"], r["median_ms"],
            _ratio(s["median_ms"], r["median_ms"]), f"≤ {WORKLOAD_RATIO}x raw SQL",
            s["median_ms"] <= WORKLOAD_RATIO * r["median_ms"])
    for name, n in results.get("notifications", {}).items():
        if "store" in n:
            s, r = n["store"], n["raw"]
            row(name, s["median_ms"], s["worst_ms"], r["median_ms"], _ratio(s["median_ms"], r["median_ms"]),
                f"≤ {WORKLOAD_RATIO}x raw SQL", s["median_ms"] <= WORKLOAD_RATIO * r["median_ms"])
        else:
            limit = DEADLINE_CHECK_MS if "deadline" in name else NOTIFICATION_LIST_MS
            row(name, n["median_ms"], n["worst_ms"], target=f"≤ {limit:.0f} ms worst", met=n["worst_ms"] <= limit)
    for engine in ("sqlite", "postgres"):
        t = results.get(f"transitions_{engine}")
        if not t:
            continue
        s, r = t["store"], t["raw"]
        row(f"transition on {engine} (store {s['per_s']:.0f}/s, raw {r['per_s']:.0f}/s)", s["median_ms"],
            s["worst_ms"], r["median_ms"], _ratio(s["median_ms"], r["median_ms"]), f"≤ {TRANSITION_RATIO}x raw SQL",
            s["median_ms"] <= TRANSITION_RATIO * r["median_ms"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=int, default=1_000_000, help="appointments in the demo database (1,000,000)")
    p.add_argument("--quick", action="store_true", help="3 runs instead of 5, fewer transitions")
    p.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL transitions")
    p.add_argument("--no-scroll", action="store_true", help="skip scrolling to the end of the table")
    p.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = p.parse_args(argv)
    runs = 3 if args.quick else 5
    results = run(args.scale, runs, 30 if args.quick else 100, not args.no_postgres, not args.no_scroll)
    text = table(results)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({**results, "table": text}, indent=2))
    print(f"\nWrote {args.output}")
    return 0
