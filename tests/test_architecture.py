"""The code's shape, kept by the build: imports flow one way, modules stay readable.

Every import counts, at the top of a module, inside a function or under `TYPE_CHECKING`, so
the layers cannot be crossed quietly by deferring an import. See docs/architecture.md.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: each may import those before it, never those after.
LAYERS = ("summits", "delegations", "config")
# Inside delegations, the same rule between its parts (the rest of the app sits on top).
DELEGATIONS_LAYERS = (
    (
        "delegations.models",
        "delegations.mail.models",
        "delegations.translation",
        "delegations.selectors",
        "delegations.links",
    ),
    ("delegations.mail",),
    ("delegations.attendance",),
    ("delegations.spreadsheets",),
)
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Data, not logic: the demo's facts and names, and the generated migrations.
SIZE_EXEMPT = ("/demo_data.py", "/migrations/")


def _modules() -> Iterator[tuple[str, Path]]:
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            yield ".".join(parts), path


MODULES = dict(_modules())


def _imports(name: str, path: Path) -> set[str]:
    """Every first-party module `name` imports, resolved to a module of ours."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from x import y` may name a module y of package x.
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(target for target in targets if target in MODULES)
        if targets and targets[0].split(".")[0] in LAYERS and targets[0] not in MODULES:
            found.add(f"missing:{targets[0]}")
    found.discard(name)
    return found


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str, layers: tuple[tuple[str, ...], ...]) -> int | None:
    for index, prefixes in enumerate(layers):
        if any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes):
            return index
    return None


def _upward(layers: tuple[tuple[str, ...], ...]) -> list[str]:
    wrong = []
    for name, targets in IMPORTS.items():
        own = _layer(name, layers)
        for target in targets:
            if target.startswith("missing:"):
                continue
            theirs = _layer(target, layers)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{name} imports {target}")
    return sorted(wrong)


def test_apps_import_only_downward():
    assert _upward(tuple((package,) for package in LAYERS)) == []


def test_delegations_parts_import_only_downward():
    # models/selectors/links <- mail <- attendance <- spreadsheets <- views, admin, commands, demo
    top = tuple(
        name
        for name in MODULES
        if name.startswith("delegations.") and _layer(name, DELEGATIONS_LAYERS) is None
    )
    assert _upward((*DELEGATIONS_LAYERS, top)) == []


def test_no_import_cycles_between_modules():
    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        seen = set()
        while stack:
            name, path = stack.pop()
            for target in IMPORTS.get(name, ()):
                if target == start:
                    return [*path, start]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
        return None

    # A package's __init__ importing its own submodules is how Django finds admin modules,
    # not a cycle of logic; anything else going round is.
    cycles = []
    for name in MODULES:
        cycle = cycle_from(name)
        if cycle and not all(step.startswith(cycle[0]) for step in cycle):
            cycles.append(" -> ".join(cycle))
    assert cycles == []


def test_the_check_sees_a_deferred_upward_import(tmp_path):
    """The walk is not blind to imports inside functions or under TYPE_CHECKING."""
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from delegations.models import Delegate\n"
        "def f():\n    from delegations import selectors\n"
    )
    assert {"delegations.models", "delegations.selectors"} <= _imports("summits.probe", source)


def test_every_first_party_import_names_a_module_of_ours():
    missing = sorted(
        f"{name} imports {target.removeprefix('missing:')}"
        for name, targets in IMPORTS.items()
        for target in targets
        if target.startswith("missing:")
    )
    assert missing == []


def _sized(path: Path) -> bool:
    return not any(part in path.as_posix() for part in SIZE_EXEMPT)


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if _sized(p)))
def test_module_is_readable_in_one_sitting(name):
    path = MODULES[name]
    assert len(path.read_text().splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
