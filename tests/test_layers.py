"""The layers keep to their imports: domain/ uses neither Qt nor SQLAlchemy, store/ no Qt and never the demo,
and ui/ neither SQLAlchemy nor the store's ORM classes (it gets plain rows)."""

import ast
from pathlib import Path

import pytest

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
