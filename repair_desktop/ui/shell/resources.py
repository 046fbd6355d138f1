"""Where the shipped resources (QML, icons, style sheet) are: the repository's top-level ``resources/``.

A PyInstaller build unpacks them next to the program (``sys._MEIPASS``), so that
is tried when the source tree is not there.
"""

import sys
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parents[3] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a resource, e.g. ``resource_path("qml", "WorkloadCharts.qml")``."""
    candidate = _SOURCE_TREE.joinpath(*parts)
    bundle = getattr(sys, "_MEIPASS", None)
    if not candidate.exists() and bundle:
        return Path(bundle, "resources", *parts)
    return candidate
