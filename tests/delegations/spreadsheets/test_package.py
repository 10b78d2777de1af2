"""Imports in the spreadsheets package run one way: no module imports another that imports
it back, and the attendance package below never imports spreadsheets."""

import ast
from pathlib import Path

import delegations

PACKAGE = Path(delegations.__file__).parent


def imported(path: Path) -> set[str]:
    """The modules `path` imports, relative imports (`from .imports import x`) included."""
    package = f"delegations.{path.parent.name}"
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0]
            names.add(f"{base}.{node.module}" if node.module else base)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_spreadsheet_modules_import_each_other_one_way_only():
    prefix = "delegations.spreadsheets."
    graph = {
        path.stem: {name.removeprefix(prefix) for name in imported(path) if name.startswith(prefix)}
        for path in (PACKAGE / "spreadsheets").glob("*.py")
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for name in graph.get(start, ()):
            if name == goal or (name not in seen and reaches(name, goal, seen | {name})):
                return True
        return False

    assert [name for name in sorted(graph) if reaches(name, name, set())] == []


def test_attendance_never_imports_spreadsheets():
    offenders = [
        path.name
        for path in (PACKAGE / "attendance").glob("*.py")
        if any(name.startswith("delegations.spreadsheets") for name in imported(path))
    ]
    assert offenders == []
