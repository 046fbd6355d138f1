"""The customer directory's search at 20,000 customers on SQLite: every keystroke of the benchmark's searches well
inside ten times the 100 ms target (the real figures, at 200,000, come from ``benchmarks/directory_bench.py``)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the benchmarks package lives next to the tests

from benchmarks.directory_bench import fill, keystrokes  # noqa: E402

CUSTOMERS = 20_000
#: Measured at 200,000 customers on the 2-core machine: 3-31 ms of CPU per keystroke. Ten times the target fails.
KEYSTROKE_MS = 1000


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    from repair_desktop.store import Store

    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('directory') / 'directory.db'}")
    fill(store, CUSTOMERS)
    yield store
    store.close()


def test_every_keystroke_answers_within_the_bound(directory):
    results = keystrokes(directory, runs=3)
    slow = [(r["typed"], r["median_ms"]) for r in results if r["median_ms"] > KEYSTROKE_MS]
    assert not slow, slow
    assert {r["typed"]: r["first_page"] for r in results}["smith"] == 50
    assert {r["typed"]: r["first_page"] for r in results}["qzxv"] == 0
