"""Module layout: the database modules and the runners import one another without a cycle, lazy
imports inside functions included (each module has one job and depends only on those below it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import facttrack

PACKAGE = Path(facttrack.__file__).parent


def imports_of(path: Path, package: str) -> set[str]:
    """facttrack modules that ``path`` imports anywhere (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(package):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith(package))
    return found


@pytest.mark.parametrize("package", ["facttrack.db", "facttrack.runners"])
def test_no_import_cycles(package: str) -> None:
    folder = PACKAGE.joinpath(*package.split(".")[1:])
    modules = {f"{package}.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    graph = {name: imports_of(path, package) & set(modules) - {name} for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path[path.index(name):], name))
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
