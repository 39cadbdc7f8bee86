"""The library's layout mirrors the book (README, "The library at a glance").

Core modules at the top level never import a subpackage; a subpackage imports the
core, itself and only subpackages of earlier parts of the book.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import persuasion

LIB = Path(persuasion.__file__).parent
#: The subpackages in the order of the book's parts.
PARTS = ("duality", "symmetric", "receivers", "games", "learning", "querying", "bargaining")


def imported_subpackages(path: Path) -> set[str]:
    """The subpackages of ``persuasion`` that the module at ``path`` imports."""
    package = path.relative_to(LIB).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.startswith("persuasion"):
                target = node.module.split(".")[1:]
            else:
                continue
            if target and target[0] in PARTS:
                found.add(target[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "persuasion" and len(parts) > 1 and parts[1] in PARTS:
                    found.add(parts[1])
    return found


def test_core_imports_no_subpackage() -> None:
    """README: the core modules serve every chapter and never import a subpackage."""
    for path in LIB.glob("*.py"):
        if path.name == "__init__.py":
            continue  # the package facade re-exports the names of the README's table
        assert imported_subpackages(path) == set(), path.name


def test_subpackages_import_only_earlier_parts() -> None:
    """README: a subpackage imports the core and subpackages of earlier parts only."""
    for part in PARTS:
        folder = LIB / part
        if not folder.is_dir():
            continue
        allowed = set(PARTS[: PARTS.index(part) + 1])
        for path in folder.rglob("*.py"):
            assert imported_subpackages(path) <= allowed, path.relative_to(LIB)


@pytest.mark.parametrize("part", [p for p in PARTS if (LIB / p / "__init__.py").exists()])
def test_subpackage_exports_resolve(part: str) -> None:
    """README map: each subpackage's ``__init__`` names its public functions."""
    module = importlib.import_module(f"persuasion.{part}")
    assert module.__all__, part
    for name in module.__all__:
        assert hasattr(module, name), f"persuasion.{part}.{name}"
