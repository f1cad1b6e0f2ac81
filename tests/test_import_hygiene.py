"""`annotations/` is the domain: it must be usable without Textual or Rich; inside `tui/`,
imports go one way (app → screens → widgets; the commands never import the app)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import annotations

MODULES = sorted(
    f"annotations.{module.name}"
    for module in pkgutil.iter_modules(annotations.__path__)
    if not module.name.startswith("_")
)


def test_every_domain_module_is_checked() -> None:
    assert {"annotations.model", "annotations.parsing", "annotations.store"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_domain_module_imports_no_textual_or_rich(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"


ROOT = Path(__file__).resolve().parent.parent

TUI_PARTS = {
    "tui.visible": set(),
    "tui.statistics_tables": {"tui.visible"},
    "tui.widgets": {"tui.visible"},
    "tui.screens": {"tui.visible", "tui.statistics_tables", "tui.widgets"},
    "tui.app": {"tui.visible", "tui.widgets", "tui.screens"},
    "tui.commands": {"tui.visible", "tui.statistics_tables"},
    "tui.annotate": {"tui.visible", "tui.commands", "tui.app"},
    "tui.cli": {"tui.commands", "tui.annotate"},
    "tui.__main__": {"tui.cli"},
}
"""Each part of tui/ and the other parts it may import: app → screens → widgets, and the
commands never import the app, its screens or its widgets (a part may import itself)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, package: str) -> set[str]:
    """The modules of `package` that the file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from tui.screens import review` imports the module tui.screens.review
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] == package)
    return found


def graph(package: str) -> dict[str, set[str]]:
    """Each module of `package` and the modules of the package it imports."""
    files = {module_name(path): path for path in (ROOT / package).rglob("*.py")}
    return {name: imports(path, package) & set(files) - {name} for name, path in files.items()}


def part_of(module: str) -> str:
    return max((part for part in TUI_PARTS if module == part or module.startswith(part + ".")),
               key=len, default="")


def test_every_tui_module_has_a_place_in_the_layers() -> None:
    assert [name for name in graph("tui") if name != "tui" and not part_of(name)] == []


def test_tui_imports_go_one_way() -> None:
    wrong = [
        f"{module} imports {imported}"
        for module, imported_modules in graph("tui").items()
        for imported in imported_modules
        if part_of(module) and part_of(imported) != part_of(module)
        and part_of(imported) not in TUI_PARTS[part_of(module)]
    ]
    assert wrong == []


def test_no_import_cycle_in_tui() -> None:
    edges = graph("tui")
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(edges[module]):
            if state.get(imported) == 1:
                cycles.append(" → ".join([*path[path.index(imported):], imported]))
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_domain_never_imports_the_app() -> None:
    wrong = {
        module_name(path): imports(path, "tui") for path in (ROOT / "annotations").rglob("*.py")
    }
    assert {name: found for name, found in wrong.items() if found} == {}
