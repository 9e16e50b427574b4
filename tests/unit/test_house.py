"""The house rules, checked on the source: who may import whom, no circles, every module importable alone.

Dependencies flow one way: front-ends (actions, bot, cli, portal) → use cases →
storage + kernel (werkmaatje, dutch). `nlu` holds what Rasa loads. `testing` is
the machinery the tests and the bench share; neither of those imports the other.
Function-local imports count: an import inside a function is still a dependency.
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Set

import pytest

ROOT = Path(__file__).resolve().parents[2]
KERNEL = {"werkmaatje", "dutch"}
LOWER = {"usecases", "storage"} | KERNEL
# Each top-level package, and the project packages it may import (itself included).
ALLOWED: Dict[str, Set[str]] = {
    "storage": {"storage"},
    "werkmaatje": KERNEL,
    "dutch": {"dutch"},
    "usecases": LOWER,
    "nlu": {"nlu"} | KERNEL,
    "actions": {"actions", "nlu"} | LOWER,
    "portal": {"portal"} | LOWER,
    "bot": {"bot"} | LOWER,
    "cli": {"cli", "bot", "portal", "nlu"} | LOWER,
    "testing": {"testing", "actions", "bot", "cli", "portal", "nlu"} | LOWER,
    "bench": {"bench", "testing", "actions", "bot", "cli", "portal", "nlu"} | LOWER,
}
PRODUCT = sorted(name for name in ALLOWED if (ROOT / name).is_dir())


def module_files(package: str) -> Dict[str, Path]:
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # Alembic loads these by file, never by import
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_names(path: Path, module: str) -> Set[str]:
    """Every module name an import statement in the file can mean (`from a import b` may be module a.b)."""
    is_package = path.name == "__init__.py"
    names: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.add(target)
            names |= {f"{target}.{alias.name}" for alias in node.names}
    return names


def project_graph(packages) -> Dict[str, Set[str]]:
    modules: Dict[str, Path] = {}
    for package in packages:
        modules.update(module_files(package))
    graph = {}
    for name, path in modules.items():
        graph[name] = {m for m in imported_names(path, name) if m in modules and m != name}
    return graph


def circles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_checker_finds_a_circle_and_a_forbidden_import():
    """The walker itself: a circle through a function-local import, and storage reaching up, are seen."""
    assert circles({"a.x": {"a.y"}, "a.y": {"a.x"}, "a.z": set()}) == [["a.x", "a.y"]]
    tree_text = "def later():\n    from actions.helpers import database\n"
    path = ROOT / "build" / "house_probe.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(tree_text, encoding="utf-8")
    try:
        assert "actions.helpers" in imported_names(path, "storage.probe")
    finally:
        path.unlink()


def test_no_import_circles():
    found = circles(project_graph(PRODUCT))
    assert not found, "\n".join(", ".join(c) for c in found)


def test_each_package_imports_only_what_its_layer_may():
    crossings = []
    for package in PRODUCT:
        for name, path in module_files(package).items():
            for target in imported_names(path, name):
                top = target.split(".")[0]
                if top in ALLOWED and top not in ALLOWED[package]:
                    crossings.append(f"{name} imports {target}")
                if top == "tests":
                    crossings.append(f"{name} imports the tests ({target})")
    assert not crossings, "\n".join(crossings)


def test_the_tests_do_not_import_the_bench():
    """tests/bench runs `python -m bench` as a program; nothing in tests imports it."""
    crossings = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        crossings += [f"{module} imports {t}" for t in imported_names(path, module) if t.split(".")[0] == "bench"]
    assert not crossings, "\n".join(crossings)


# One interpreter that has imported nothing of the project forks a child per
# module: each child imports exactly one module first, as a fresh process would.
FORKING_IMPORTER = r"""
import importlib, os, sys, traceback
failed, running = [], {}
def reap():
    pid, status = os.wait()
    if status != 0:
        failed.append(running[pid])
    del running[pid]
for name in sys.argv[1:]:
    if len(running) >= 3:
        reap()
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    running[pid] = name
while running:
    reap()
print("FAILED:" + ",".join(sorted(failed)))
"""


@pytest.mark.parametrize("package", PRODUCT)
def test_every_module_imports_on_its_own(package):
    names = sorted(module_files(package))
    result = subprocess.run(
        [sys.executable, "-c", FORKING_IMPORTER, *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"},
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert last == "FAILED:", f"{last}\n{result.stderr[-3000:]}"
