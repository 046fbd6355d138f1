"""A long command's progress on the terminal: one line rewritten in place, or nothing when output goes elsewhere."""

import sys
from types import TracebackType
from typing import TextIO


class ProgressLine:
    """``progress(done, total)`` for the store's long jobs (the demo, a backup), shown as ``Label  42%``.

    On a terminal the line is rewritten with a carriage return whenever the
    percentage changes, and leaving the ``with`` block ends it with a newline,
    so what is printed next (the result, or an error on stderr) starts on a line
    of its own. When output goes to a file or a pipe (a script, a log) nothing is
    written: a log wants the result, not a row of percentages run together.
    """

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stdout
        self.enabled = self.stream.isatty()
        self.shown: str | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        text = f"{self.label} {100 * done // total:3d}%" if total > 0 else f"{self.label}…"
        if text != self.shown:
            self.stream.write("\r" + text)
            self.stream.flush()
            self.shown = text

    def __enter__(self) -> "ProgressLine":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.shown is not None:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = None
