"""Run every benchmark and print the table:
``python3 -m benchmarks [--scale N] [--quick] [--no-postgres] [--latency-ms N]``.

Databases come from ``repair-desktop demo --scale N``, built once and cached in
``benchmarks/.cache`` (keyed by scale and schema). Results: a table on stdout
and ``benchmarks/results/latest.json``. Every figure is the median and the
worst of several runs, next to its floor where it has one. The interactions
and workload queries run on PostgreSQL too (a database of the same scale on a
private server kept in the cache), and a second table shows both side by side.
With ``--latency-ms N`` the PostgreSQL interactions run once more through a
loopback proxy adding N ms each way (a server across the shop's network), and a
third table counts what each interaction sends: statements, transactions and
round trips on the wire.
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


def ui_benchmarks(url: str, runs: int, scroll: bool, latency_ms: float = 0) -> dict:
    command = [sys.executable, "-m", "benchmarks.ui_bench", url, str(runs)] + ([] if scroll else ["--no-scroll"])
    command += ["--latency-ms", str(latency_ms)] if latency_ms else []
    command += os.environ.get("REPAIR_DESKTOP_BENCH_UI_ARGS", "").split()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if done.returncode != 0:
        raise RuntimeError(f"ui_bench failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def on_postgres(results: dict, scale: int, runs: int, transitions_count: int, scroll: bool, log=print,
                latency_ms: float = 0) -> None:
    """The same interactions and workload queries on a PostgreSQL database of the same scale, and transitions.

    The server is the test suite's private one, its cluster kept in the cache so the big database is built once."""
    from .postgres import demo_database, kept_server
    from .store_bench import transitions, workload_queries

    server = kept_server(log)
    if server is None:
        return
    try:
        url = demo_database(server, scale, log)
        log("window interactions on PostgreSQL ...")
        results["ui_postgres"] = ui_benchmarks(url, runs, scroll)
        if latency_ms:
            log(f"window interactions on PostgreSQL through a proxy adding {latency_ms:g} ms each way ...")
            results["ui_postgres_proxy"] = ui_benchmarks(url, runs, scroll, latency_ms)
        log("workload queries on PostgreSQL ...")
        results["workload_postgres"] = workload_queries(url, runs)
        log("transitions on PostgreSQL ...")
        scratch = server.create_database()
        try:
            results["transitions_postgres"] = transitions(scratch.render_as_string(hide_password=False),
                                                          transitions_count)
        finally:
            server.drop_database(scratch.database)
    finally:
        server.close()


def run(scale: int, runs: int, transitions_count: int, postgres: bool, scroll: bool, log=print,
        latency_ms: float = 0) -> dict:
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
        on_postgres(results, scale, runs, transitions_count, scroll, log, latency_ms)
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


def engines_table(results: dict) -> str:
    """Every interaction and workload query on SQLite and PostgreSQL side by side: median (the range of the runs'
    medians) and worst, in ms, and whether each met its target."""
    engines = [(title, results.get(key), results.get(workload)) for title, key, workload in
               (("SQLite", "ui", "workload"), ("PostgreSQL", "ui_postgres", "workload_postgres"),
                (f"PostgreSQL +{results.get('ui_postgres_proxy', {}).get('latency_ms', 0):g} ms", "ui_postgres_proxy",
                 None))]
    engines = [engine for engine in engines if engine[1]]
    head = "| What | " + " | ".join(f"{title} median (runs) | {title} worst | Met" for title, _, _ in engines) + " |"
    lines = [f"Scale: {results['scale']:,} appointments; {results['runs']} runs each; times in ms.", "", head,
             "|---|" + "---:|---:|---|" * len(engines)]

    def cell(s: dict | None, met) -> str:
        if not s or s.get("median_ms") is None:
            return " - | - | "
        spread = s.get("run_medians_ms")
        around = f" ({_ms(spread[0], '')}–{_ms(spread[1], '')})" if spread and len(spread) == 2 else ""
        return f"{_ms(s['median_ms'], '-')}{around} | {_ms(s['worst_ms'], '-')} | {'yes' if met(s) else '**no**'}"

    def interaction_met(s: dict) -> bool:
        return s["worst_ms"] <= INTERACTION_MS

    for name in dict.fromkeys(n for _, ui, _ in engines for n in ui["interactions"]):
        lines.append(f"| {name} | " + " | ".join(cell(ui["interactions"].get(name), interaction_met)
                                                 for _, ui, _ in engines) + " |")
    for what in ("page", "jump"):
        if all(ui.get("scroll") for _, ui, _ in engines):
            title = "scroll to the end, each page" if what == "page" else "jump back up/down after scrolling"
            lines.append(f"| {title} | " + " | ".join(cell(ui["scroll"][what], interaction_met)
                                                      for _, ui, _ in engines) + " |")
    for name in dict.fromkeys(n for _, _, workload in engines for n in (workload or {})):
        row = []
        for _, _, workload in engines:
            w = (workload or {}).get(name)
            row.append(cell(w and {**w["store"], "raw": w["raw"]["median_ms"]},
                            lambda s: s["median_ms"] <= WORKLOAD_RATIO * s["raw"]))
        lines.append(f"| {name} (vs {WORKLOAD_RATIO}x raw SQL) | " + " | ".join(row) + " |")
    return "\n".join(lines)


def wire_table(results: dict) -> str:
    """What each interaction sent at most in one action: statements and transactions on each engine, and the round
    trips the proxy counted on the wire."""
    engines = [(title, results[key]) for title, key in (("SQLite", "ui"), ("PostgreSQL", "ui_postgres"),
                                                        ("PostgreSQL via proxy", "ui_postgres_proxy")) if key in results]
    lines = ["Most sent by one action, each figure the largest of any one action of that interaction: statements / "
             "transactions opened (reads on PostgreSQL send no BEGIN or COMMIT for theirs) / round trips on the wire "
             "(through the proxy).", "",
             "| What | " + " | ".join(title for title, _ in engines) + " |", "|---|" + "---:|" * len(engines)]

    def cell(s: dict | None) -> str:
        if not s or "most_statements" not in s:
            return "-"
        trips = f" / {s['most_round_trips']}" if "most_round_trips" in s else ""
        return f"{s['most_statements']} / {s['most_transactions']}{trips}"

    for name in dict.fromkeys(n for _, ui in engines for n in ui["interactions"]):
        lines.append(f"| {name} | " + " | ".join(cell(ui["interactions"].get(name)) for _, ui in engines) + " |")
    for what in ("page", "jump"):
        if all(ui.get("scroll") for _, ui in engines):
            lines.append(f"| scroll: {what} | " + " | ".join(cell(ui["scroll"][what]) for _, ui in engines) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=int, default=1_000_000, help="appointments in the demo database (1,000,000)")
    p.add_argument("--quick", action="store_true", help="3 runs instead of 5, fewer transitions")
    p.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL (its interactions, workload queries and transitions)")
    p.add_argument("--no-scroll", action="store_true", help="skip scrolling to the end of the table")
    p.add_argument("--latency-ms", type=float, default=0,
                   help="also run the PostgreSQL interactions through a loopback proxy adding this delay each way")
    p.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = p.parse_args(argv)
    runs = 3 if args.quick else 5
    results = run(args.scale, runs, 30 if args.quick else 100, not args.no_postgres, not args.no_scroll,
                  latency_ms=args.latency_ms)
    text = table(results)
    if results.get("ui_postgres"):
        text += "\n\n" + engines_table(results)
    text += "\n\n" + wire_table(results)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({**results, "table": text}, indent=2))
    print(f"\nWrote {args.output}")
    return 0
