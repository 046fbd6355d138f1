"""A folder this process may not write to, made for real: file modes for a normal user, a read-only mount for root.

Root ignores file modes, so for root the folder is bind-mounted read-only onto
itself (the kernel refuses writes there to everyone, root included); where root
may not mount (a container without the capability) the test is skipped with
the reason. Files meant to be in the folder are made before it turns read-only.
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"running as root, which file modes don't stop, and a read-only bind mount is not allowed "
                    f"here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "--lazy", str(folder)], check=True)  # still in use: detach it anyway
