"""SQLite: the demo's search indexes built on the second core, in a scratch file, while the load goes on.

An FTS5 trigram index costs most of a big load's time (tokenizing every line
into its trigrams: about 40 s of CPU for a million appointments), and a
connection can only do one thing at a time. So a helper thread builds each
search table in a scratch database of its own, with the same definition,
while the load's connection writes rows and rebuilds indexes; at the end the
index's shadow tables (``_data``, ``_idx``, ``_content``, ``_docsize``,
``_config``: FTS5's documented storage, nothing else) are copied into the
load's transaction in place of the empty ones. Copying the finished tables
costs about a second; building them cost forty.

Lines travel as one JSON array per batch (``json_group_array`` on the load's
side, ``json_each`` on the builder's), so neither side turns a million lines
into Python objects, and each side holds the GIL only for a moment per
batch: the database work of both runs in parallel.

The load's connection must not use these FTS5 tables through its old handle
afterwards (FTS5 keeps an index's structure in memory, per connection), so
``fill_demo`` closes that connection once the load is committed.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path
from queue import SimpleQueue

#: FTS5's shadow tables: an index is exactly these, next to its definition.
SHADOW_TABLES = ("data", "idx", "content", "docsize", "config")
#: How much nicer than the load the builder is on Linux: it runs on what the load and the data helper leave.
BUILDER_NICE = 10


def _give_way() -> None:
    """Lower this thread's priority on Linux, where niceness is per thread (elsewhere it is the whole process's).

    With two cores, three things want one each while rows are written: the
    load, the helper making the rows (``ahead``) and this builder. Making
    the rows is the longest and can't wait; the index is only needed at the
    end, and catches up while the load rebuilds the tables' indexes on one
    core. Given way to, the million-appointment demo is ready in 47 s
    instead of 56. Not on one core, where a builder preempted while it holds
    the GIL would stall the load.
    """
    if sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1:
        thread = threading.get_native_id()
        try:
            os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + BUILDER_NICE))
        except OSError:  # not allowed here: the builder runs as before
            pass


class ScratchIndexes:
    """A helper thread that indexes lines into its own copies of search tables, in a scratch file."""

    def __init__(self, path: Path, definitions: dict[str, str]) -> None:
        """``definitions``: each search table's ``CREATE VIRTUAL TABLE`` text, as the real database holds it."""
        self.path = path
        self._queue: SimpleQueue[tuple[str, str] | None] = SimpleQueue()
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._build, args=(definitions,), name="demo-search-index",
                                        daemon=True)
        self._thread.start()

    def add(self, table: str, lines_json: str) -> None:
        """Index the lines of a JSON array of ``[rowid, line]`` pairs into ``table``, in the background."""
        self._queue.put((table, lines_json))

    def finish(self) -> None:
        """Wait until every line added is indexed and committed; raises what went wrong in the thread."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Stop without indexing what is still waiting (the load failed)."""
        self._stop.set()
        self._queue.put(None)
        self._thread.join()

    def copy_into(self, raw: sqlite3.Connection, tables: list[str]) -> None:
        """Put the built indexes of ``tables`` in place of the (empty) ones in ``raw``'s open transaction.

        The scratch file is attached to ``raw`` for a native ``INSERT … SELECT``
        (a row at a time through Python took three times as long) and stays
        attached until ``raw`` closes: it can't be detached inside the
        transaction that read it.
        """
        raw.execute("ATTACH DATABASE ? AS demo_scratch", (str(self.path),))
        for table in tables:
            for suffix in SHADOW_TABLES:
                shadow = f'"{table}_{suffix}"'
                raw.execute(f"DELETE FROM main.{shadow}")
                raw.execute(f"INSERT INTO main.{shadow} SELECT * FROM demo_scratch.{shadow}")

    def _build(self, definitions: dict[str, str]) -> None:
        _give_way()
        try:
            db = sqlite3.connect(self.path, isolation_level=None)
        except BaseException as error:  # raised by finish()
            self._error = error
            return
        try:
            # A scratch file: nothing to recover if the program stops, so no journal and no syncing
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA cache_size = -131072")
            for definition in definitions.values():
                db.execute(definition)
            db.execute("BEGIN")
            while (item := self._queue.get()) is not None and not self._stop.is_set():
                table, lines_json = item
                db.execute(f'INSERT INTO "{table}" (rowid, doc) '
                           "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)",
                           (lines_json,))
            db.execute("COMMIT")
        except BaseException as error:  # raised by finish()
            self._error = error
            while self._queue.get() is not None:  # let finish()'s end marker be the last one read
                pass
        finally:
            db.close()
