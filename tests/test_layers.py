"""The layers keep to their imports: domain/ uses neither Qt nor SQLAlchemy, store/ no Qt and never the demo,
and ui/ neither SQLAlchemy nor the store's ORM classes (it gets plain rows)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from repair_desktop.store import Store

PACKAGE = Path(__file__).resolve().parents[1] / "repair_desktop"


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it, as an absolute dotted name."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "repair_desktop.store", "repair_desktop.ui"),
    "store": ("PySide6", "repair_desktop.ui", "repair_desktop.demo"),
    "ui": ("sqlalchemy", "repair_desktop.store.models"),
}


@pytest.mark.parametrize("layer", FORBIDDEN)
def test_a_layer_imports_nothing_it_must_not(layer):
    wrong = {}
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        bad = sorted(name for name in imported(path)
                     if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]))
        if bad:
            wrong[str(path.relative_to(PACKAGE))] = bad
    assert not wrong


def test_the_import_reader_resolves_relative_imports():
    found = imported(PACKAGE / "store" / "workload.py")
    assert {"repair_desktop.store.capacity.capacity", "repair_desktop.domain.workload.Workload"} <= found


def test_a_sqlite_shop_starts_without_the_postgresql_dialect(tmp_path):
    # SQLAlchemy's PostgreSQL dialect takes 75 ms to import: a PC on a SQLite file never needs it (only the
    # migrations, which name PostgreSQL's options, do; an up-to-date database runs none)
    url = "sqlite:///" + str(tmp_path / "shop.db")
    Store.open(url).close()
    code = ("import sys; from repair_desktop.store import Store; import repair_desktop.ui.shell.application; "
            f"Store.open({url!r}).close(); "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy.dialects.postgresql', 'psycopg'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
