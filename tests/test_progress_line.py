"""A long command's progress: one line rewritten in place on a terminal, ending with a newline; none elsewhere."""

import io
import os
import pty
from contextlib import closing

from repair_desktop.progress_line import ProgressLine
from support.program import run_app


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_each_new_percentage_rewrites_the_line_and_the_end_is_a_newline():
    screen = Terminal()

    with ProgressLine("Backing up", screen) as progress:
        for done in (0, 1, 1, 3, 4, 4):
            progress(done, 4)

    assert screen.getvalue() == "\rBacking up   0%\rBacking up  25%\rBacking up  75%\rBacking up 100%\n"


def test_an_unknown_length_shows_the_label_once():
    screen = Terminal()

    with ProgressLine("Backing up", screen) as progress:
        progress(0, 0)
        progress(0, 0)

    assert screen.getvalue() == "\rBacking up…\n"


def test_an_error_mid_way_still_ends_the_line_so_the_message_starts_on_its_own():
    screen = Terminal()

    try:
        with ProgressLine("Filling the demo shop", screen) as progress:
            progress(1, 2)
            raise RuntimeError("stopped")
    except RuntimeError:
        pass

    assert screen.getvalue() == "\rFilling the demo shop  50%\n"


def test_nothing_is_shown_when_output_is_not_a_terminal():
    log = io.StringIO()

    with ProgressLine("Backing up", log) as progress:
        progress(1, 2)
        progress(2, 2)

    assert log.getvalue() == ""


def test_the_demo_on_a_terminal_shows_one_progress_line_then_its_result(tmp_path):
    """A real pseudo-terminal: what a person sees, carriage returns and all."""
    leader, follower = pty.openpty()
    with closing(os.fdopen(leader, "rb", buffering=0)) as screen:
        done = run_app(tmp_path, "--db", f"sqlite:///{tmp_path / 'demo.db'}", "demo", stdout=follower)
        os.close(follower)
        shown = read_all(screen).decode().replace("\r\n", "\n")  # the terminal turns "\n" into "\r\n"

    assert done.returncode == 0, done.stderr
    progress_line, result = shown.split("\n")[:2]
    assert progress_line.startswith("\rFilling the demo shop   0%") and progress_line.endswith("100%")
    assert [part[:len("Filling the demo shop")] for part in progress_line.split("\r")[1:]] == \
        ["Filling the demo shop"] * progress_line.count("\r")
    assert result.startswith("Demo shop ready in ")


def read_all(screen) -> bytes:
    chunks = []
    while True:
        try:
            chunk = screen.read(65536)
        except OSError:  # the other end is closed and everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_the_demo_into_a_file_prints_its_result_and_no_progress(tmp_path):
    done = run_app(tmp_path, "--db", f"sqlite:///{tmp_path / 'demo.db'}", "demo")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Demo shop ready in ")
    assert "\r" not in done.stdout and "%" not in done.stdout
