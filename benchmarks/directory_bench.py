"""The customer directory's search as the desk types, at 200,000 customers, on SQLite and PostgreSQL.

``python3 -m benchmarks.directory_bench [--customers N] [--runs R] [--no-sqlite] [--no-postgres]`` fills a fresh database
with N customers (about 1.3 vehicles each) through plain INSERTs, which the search table's triggers follow as
they follow the store's own writes, then times ``search_customers`` for each keystroke of a few searches a
desk would type: a name letter by letter, a phone fragment, a plate fragment, an e-mail domain and a word
that matches nothing. Prints the median and the worst of R runs per keystroke (each after one warm-up).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from .common import ROOT, summary, timed

FIRST = ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Priya",
         "Wei", "Fatima", "Olga", "Kenji", "Amara", "Luca", "Sofia", "Mateo", "Aisha", "Noah")
LAST = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Okafor", "Kowalski", "Nguyen", "Patel", "Schmidt", "Rossi", "Ivanova", "Tanaka", "Haddad", "Becker")
MAKES = (("Ford", "Focus"), ("Toyota", "Corolla"), ("Honda", "Civic"), ("Chevrolet", "Malibu"), ("VW", "Golf"),
         ("Nissan", "Altima"), ("Hyundai", "Elantra"), ("Kia", "Rio"), ("Subaru", "Outback"), ("BMW", "320i"))
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
#: What the desk types, keystroke by keystroke: each prefix of these is one search.
TYPED = ("smith", "555-01", "kx7", "example.org", "qzxv")
BATCH = 10_000


def fill(store, customers: int, seed: int = 14) -> None:
    """``customers`` customers and their vehicles, in one transaction, with plain INSERTs."""
    rng = random.Random(seed)
    vehicle_id = 0
    with store._write_engine.begin() as connection:
        for start in range(1, customers + 1, BATCH):
            people, cars = [], []
            for cid in range(start, min(start + BATCH, customers + 1)):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                people.append({"id": cid, "name": f"{first} {last}", "version": 1,
                               "phone": f"555-{rng.randrange(10_000):04d}" if rng.random() < 0.9 else None,
                               "email": f"{first}.{last}{cid}@example.{rng.choice(('com', 'net', 'org'))}".lower()
                               if rng.random() < 0.7 else None,
                               "created_at": "2026-01-01 08:00:00.000000"})
                for _ in range(1 if rng.random() < 0.7 else 2):
                    vehicle_id += 1
                    make, model = rng.choice(MAKES)
                    plate = (f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}{rng.randrange(10)} "
                             f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}")
                    cars.append({"id": vehicle_id, "customer_id": cid, "make": make, "model": model, "plate": plate,
                                 "version": 1})
            connection.execute(text("INSERT INTO customers (id, name, phone, email, created_at, version) "
                                    "VALUES (:id, :name, :phone, :email, :created_at, :version)"), people)
            connection.execute(text("INSERT INTO vehicles (id, customer_id, make, model, plate, version) "
                                    "VALUES (:id, :customer_id, :make, :model, :plate, :version)"), cars)
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE customers; ANALYZE vehicles; ANALYZE directory_search")


def keystrokes(store, runs: int) -> list[dict]:
    """Per keystroke of each typed search: how many matched on the first page, the median and worst wall-clock
    ms, and the median CPU ms this process spent (SQLite's work; on a shared machine the steadier figure)."""
    results = []
    for word in TYPED:
        for n in range(1, len(word) + 1):
            typed = word[:n]
            page = store.search_customers(typed)  # warm-up, and the answer
            samples, cpu = [], []
            for _ in range(runs):
                started = time.process_time()
                samples.append(timed(lambda: store.search_customers(typed)))
                cpu.append((time.process_time() - started) * 1000)
            results.append({"typed": typed, "first_page": len(page.rows), "cpu_ms": sorted(cpu)[len(cpu) // 2],
                            **summary(samples)})
    return results


def measure(url: str, customers: int, runs: int) -> list[dict]:
    from repair_desktop.store import Store

    store = Store.open(url)
    try:
        started = time.perf_counter()
        fill(store, customers)
        print(f"  filled {customers:,} customers in {time.perf_counter() - started:.0f} s", flush=True)
        return keystrokes(store, runs)
    finally:
        store.close()


def show(engine: str, rows: list[dict]) -> None:
    print(f"{engine}: keystroke, first page rows, median ms, worst ms, median CPU ms (this process)")
    for row in rows:
        print(f"  {row['typed']!r:16} {row['first_page']:4d} {row['median_ms']:8.1f} {row['worst_ms']:8.1f} "
              f"{row['cpu_ms']:8.1f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--customers", type=int, default=200_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-sqlite", action="store_true")
    p.add_argument("--no-postgres", action="store_true")
    args = p.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            show("SQLite", measure(f"sqlite:///{Path(folder) / 'directory.db'}", args.customers, args.runs))
    if args.no_postgres:
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import PgServer

    server = PgServer.for_tests()
    try:
        url = server.create_database().render_as_string(hide_password=False)
        show("PostgreSQL", measure(url, args.customers, args.runs))
    finally:
        server.close()


if __name__ == "__main__":
    main()
