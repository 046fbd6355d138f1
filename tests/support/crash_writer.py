"""A PC that never stops working, for the crash test: ``python crash_writer.py URL``.

The process imports the store once and then serves: for each seed read from stdin it forks a
writer (a fresh process with nothing open: no connection, no thread) and waits for it to die,
then prints ``dead STATUS``. Forking skips the second or two of imports each new writer would
otherwise cost, so the test can kill many writers quickly.

It opens the store and moves appointments through their workflow in a loop (book, assign,
unassign, start, complete, cancel), one store transaction at a time, printing one line after
each committed change, until the test kills it with SIGKILL. Appointments left unfinished by the
previous (killed) writer are picked up again from the database.
"""

import os
import random
import sqlite3
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import make_url

from store_helpers import RunningClock  # beside this file

from repair_desktop.domain.errors import CapacityExceeded
from repair_desktop.store import Store

OPEN = ("scheduled", "assigned", "in_progress")


def say(line: str) -> None:
    """One line to the test in one write: ``print`` may write the text and its newline apart (it does when
    ``PYTHONUNBUFFERED`` is set), and a writer killed between the two ran its last word into the server's
    ``dead`` line ("committeddead 9"), which the test then waited to see end for ever."""
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def main(url: str, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(url, clock=RunningClock())  # its jobs are booked near T0
    people = store.employees()
    desk = next(e.id for e in people if e.role == "front_desk")
    techs = [e.id for e in people if e.role == "technician"]
    vehicle = store.vehicles(store.find_customers()[0].id)[0].id
    with closing(sqlite3.connect(make_url(url).database)) as db:
        jobs = {i: s for i, s in db.execute("SELECT id, status FROM appointments WHERE status IN (?, ?, ?)", OPEN)}
    say(f"ready {os.getpid()}")
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    while True:
        if len(jobs) < 6:
            booked = store.book_appointment(vehicle, start + timedelta(minutes=rng.randrange(10_000)),
                                            "Crash test job " + "x" * rng.randrange(400), desk)
            jobs[booked.id] = booked.status
        else:
            job = rng.choice(list(jobs))
            status = jobs[job]
            if rng.random() < 0.1:
                done = store.cancel_appointment(job, "Crash test", desk)
            elif status == "scheduled":
                try:
                    done = store.assign_technician(job, rng.choice(techs), desk)
                except CapacityExceeded:
                    done = store.cancel_appointment(job, "Everybody is busy", desk)
            elif status == "assigned":
                done = store.unassign(job, desk) if rng.random() < 0.2 else store.start_work(job, desk)
            else:
                done = store.complete_work(job, desk)
            if done.status in OPEN:
                jobs[job] = done.status
            else:
                del jobs[job]
        say("committed")


def serve(url: str) -> None:
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:  # the writer
            try:
                main(url, int(line))
            finally:
                os._exit(1)  # only reached when the writer failed: its traceback is on stderr
        _, status = os.waitpid(pid, 0)
        say(f"dead {status}")


if __name__ == "__main__":
    serve(sys.argv[1])
