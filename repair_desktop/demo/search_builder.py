"""SQLite: the demo's search indexes built on the second core, in a scratch file, while the load goes on.

An FTS5 trigram index costs most of a big load's time (tokenizing every line
into its trigrams: about 40 s of CPU for a million appointments), and a
connection can only do one thing at a time. So a helper thread builds each
search table in a scratch database of its own, with the same definition,
while the load's connection writes rows and rebuilds indexes; at the end the
index's shadow tables (``_data``, ``_idx``, ``_content``, ``_docsize``,
``_config``: FTS5's documented storage, nothing else) are copied into the
load's transaction in place of the empty ones. Copying finished pages costs
a few seconds; building them cost forty.

Lines travel as one JSON array per batch (``json_group_array`` on the load's
side, ``json_each`` on the builder's), so neither side turns a million lines
into Python objects, and each side holds the GIL only for a moment per
batch: the database work of both runs in parallel.

The load's connection must not use these FTS5 tables through its old handle
afterwards (FTS5 keeps an index's structure in memory, per connection), so
``fill_demo`` closes that connection once the load is committed.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from queue import SimpleQueue

#: FTS5's shadow tables: an index is exactly these, next to its definition.
SHADOW_TABLES = ("data", "idx", "content", "docsize", "config")


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

    def copy_into(self, raw: sqlite3.Connection, table: str) -> None:
        """Put the built index of ``table`` in place of the (empty) one in ``raw``'s open transaction."""
        scratch = sqlite3.connect(self.path)
        try:
            for suffix in SHADOW_TABLES:
                shadow = f'"{table}_{suffix}"'
                rows = scratch.execute(f"SELECT * FROM {shadow}")
                places = ", ".join("?" * len(rows.description))
                raw.execute(f"DELETE FROM {shadow}")
                raw.executemany(f"INSERT INTO {shadow} VALUES ({places})", rows)
        finally:
            scratch.close()

    def _build(self, definitions: dict[str, str]) -> None:
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
