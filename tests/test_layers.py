"""The rooms of the code: imports go one way (the layers in pyproject.toml, checked by
import-linter), no two modules import each other in a circle (an import inside a function
counts), and every folder says what it holds and what it may import."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "conversations", "web", "storage", "sandbox")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """import-linter on the packages under `cwd`, as `lint-imports` runs from the project's root
    (no cache: a test's copy must be read as it is)."""
    environment = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("bot/core/clock.py", "bot.app"),  # the composition root from below
        ("storage/tally.py", "bot.core.texts"),  # storage knows no bot
        ("web/queries.py", "conversations.common"),  # the dashboard and the chat side by side
        ("bot/telegram/menu.py", "bot.delivery.outbox"),  # plumbing knows no capability
        ("bot/innovations/rules.py", "bot.reporting.export"),  # the record knows no report
    ],
)
def test_a_forbidden_import_breaks_the_contract(
    tmp_path: Path, module: str, forbidden: str
) -> None:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns(
            "__pycache__", "migrations"))  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / module).open("a", encoding="utf-8") as file:
        file.write(f"\n\ndef _late() -> None:\n    import {forbidden}  # noqa: F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {forbidden}" in result.stdout
    assert "0 kept, 1 broken" in result.stdout


def strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """The groups of modules that import each other in a circle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return circles


def test_no_modules_import_each_other_in_a_circle() -> None:
    """Every import counts, at the top of a module or inside a function (an import moved into
    a function to dodge a circle is still the circle); type-only imports do not run."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    circles = [
        group for group in strongly_connected(graph)
        if not any(".migrations." in module for module in group)
    ]  # fmt: skip
    assert circles == []


def test_every_folder_says_what_it_holds_and_what_it_may_import() -> None:
    folders = [
        path.parent for package in PACKAGES for path in (ROOT / package).rglob("__init__.py")
        if "migrations" not in path.parts
    ]  # fmt: skip
    assert len(folders) >= 12
    for folder in folders:
        docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text("utf-8")))
        assert docstring, f"{folder.relative_to(ROOT)}/__init__.py has no opening comment"
        assert "import" in docstring.lower(), (
            f"{folder.relative_to(ROOT)}: say what it may import"
        )


def test_no_folder_or_module_is_a_warehouse() -> None:
    """A newcomer reads a folder whole: at most about 6,000 lines of its own files, and no
    module over about 900 (950, for the models' one table too many)."""
    for package in PACKAGES:
        for folder in [ROOT / package, *(p for p in (ROOT / package).rglob("*") if p.is_dir())]:
            if "migrations" in folder.parts or "__pycache__" in folder.parts:
                continue
            sizes = {path.name: len(path.read_text("utf-8").splitlines())
                     for path in folder.glob("*.py")}  # fmt: skip
            where = folder.relative_to(ROOT)
            assert sum(sizes.values()) <= 6_000, f"{where}: {sum(sizes.values())} lines"
            for name, lines in sizes.items():
                assert lines <= 950, f"{where}/{name}: {lines} lines"
