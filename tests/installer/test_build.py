"""The PyInstaller build: it builds, starts offscreen, reads and writes its database, and draws every tab.
Takes minutes, so it runs only with ``REPAIR_DESKTOP_BUILD_INSTALLER=1``:

    REPAIR_DESKTOP_BUILD_INSTALLER=1 python3 -m pytest tests/installer -s
"""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

pytestmark = [
    pytest.mark.installer,
    pytest.mark.skipif(os.environ.get("REPAIR_DESKTOP_BUILD_INSTALLER") != "1",
                       reason="builds the installer (minutes); set REPAIR_DESKTOP_BUILD_INSTALLER=1"),
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                       reason="PyInstaller is not installed: pip install -e '.[installer]'"),
]


def test_the_built_program_starts_and_draws_every_tab(tmp_path):
    import check_build

    dist = tmp_path / "dist"
    seconds = check_build.build(dist, tmp_path / "work")
    facts = check_build.check(dist / check_build.NAME, tmp_path)
    print(f"\nbuilt in {seconds:.0f} s; {facts['size_bytes'] / 2**20:.0f} MiB; "
          f"screenshot frozen {facts['frozen_s']} s, from source {facts['source_s']} s; "
          f"a demo of {check_build.PROCESS_FROM:,} appointments {facts['big_demo_s']:.1f} s")
    assert facts["size_bytes"] < 300 * 2**20
