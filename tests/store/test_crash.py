"""A PC that dies mid-write: a writer process killed with SIGKILL at random moments, again and again.

After every kill the SQLite file must pass ``PRAGMA integrity_check``, and every appointment's
status must equal the last entry of its history: a status change and its StatusEvent commit
together or not at all (WAL, ``synchronous=FULL``, one transaction per store call).
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from repair_desktop.store import Store

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer server forks its writers")]

KILLS = 30
WRITER = Path(__file__).parent.parent / "support" / "crash_writer.py"

#: Appointments whose status differs from the newest entry of their history (none, or no history at all).
MISMATCHES = """
SELECT count(*) FROM appointments AS a
WHERE a.status IS NOT (SELECT e.to_status FROM status_events AS e
                       WHERE e.entity_kind = 'appointment' AND e.entity_id = a.id
                       ORDER BY e.id DESC LIMIT 1)
"""


def check(path: Path) -> tuple[list[str], int, int]:
    with closing(sqlite3.connect(path)) as db:  # opening recovers the WAL the dead writer left
        integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
        mismatches = db.execute(MISMATCHES).fetchone()[0]
        appointments = db.execute("SELECT count(*) FROM appointments").fetchone()[0]
    return integrity, mismatches, appointments


def test_a_writer_killed_at_random_moments_leaves_a_sound_database(sqlite_url, capsys):
    path = Path(make_url(sqlite_url).database)
    store = Store.open(sqlite_url)
    try:
        boss = store.add_employee("Mia Manager", "manager").id
        store.add_employee("Dan Desk", "front_desk", actor=boss)
        for name in ("Tech A", "Tech B", "Tech C", "Tech D"):
            store.add_employee(name, "technician", actor=boss)
        customer = store.add_customer("Ann Customer").id
        store.add_vehicle(customer, "VW", "Golf", "AB12 CDE")
    finally:
        store.close()
    rng = random.Random(20261123)
    commits_seen = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2]), *sys.path])}
    server = subprocess.Popen([sys.executable, str(WRITER), sqlite_url], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        for kill in range(KILLS):
            server.stdin.write(f"{kill}\n")
            server.stdin.flush()
            ready = server.stdout.readline().split()
            assert ready[:1] == ["ready"], f"the writer did not start: {ready}"
            wanted = rng.randint(1, 30)
            for _ in range(wanted):
                line = server.stdout.readline().strip()
                assert line == "committed", f"the writer failed: {line!r} (its error is on stderr)"
            time.sleep(rng.uniform(0, 0.01))  # land anywhere inside the next transaction (or between two)
            os.kill(int(ready[1]), signal.SIGKILL)
            while (line := server.stdout.readline().strip()).startswith("committed"):
                pass
            assert line == f"dead {signal.SIGKILL}", line  # killed, not ended by an error of its own
            commits_seen.append(wanted)
            integrity, mismatches, appointments = check(path)
            assert integrity == ["ok"], f"after kill {kill + 1}: {integrity}"
            assert mismatches == 0, f"after kill {kill + 1}: {mismatches} appointments disagree with their history"
    finally:
        server.stdin.close()
        server.wait(30)
        server.stdout.close()
    integrity, mismatches, appointments = check(path)
    with closing(sqlite3.connect(path)) as db:
        events = db.execute("SELECT count(*) FROM status_events WHERE entity_kind = 'appointment'").fetchone()[0]
    assert events >= sum(commits_seen)  # every change the writer saw committed survived its death
    with capsys.disabled():
        print(f"\ncrash test: {KILLS} SIGKILLs, {sum(commits_seen)} commits seen before the kills, "
              f"{appointments} appointments, {events} status events, integrity {integrity[0]}, "
              f"{mismatches} status/history mismatches")
    reopened = Store.open(sqlite_url)  # and the store opens it as usual
    try:
        assert len(reopened.employees()) == 6
    finally:
        reopened.close()
