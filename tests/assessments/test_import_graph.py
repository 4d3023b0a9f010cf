"""The import graph between tasks and services runs one way: tasks import services, services send tasks by name.

Every import is counted, at module level and inside functions (a function-level import is still a
dependency, only a hidden one), so a cycle cannot be held together by moving an import into a function.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "assessments"
TASKS = "assessments.tasks"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The project modules a file imports anywhere in it (`from pkg import mod` counts as importing pkg.mod)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(t for t in targets if t in known)
    return found - {name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, set(modules)) for name, path in modules.items()}


def _cycle_through(graph: dict[str, set[str]], members: set[str]) -> list[str] | None:
    """A cycle inside `members` (following only edges between them), as a path, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ()) & members):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(members):
        if start not in state and (found := visit(start)):
            return found
    return None


def _reaches(graph: dict[str, set[str]], start: str, target: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False


def test_no_service_imports_the_tasks_module():
    graph = import_graph()
    services = {name for name in graph if name.startswith("assessments.services")}
    assert services, "the scan found no services: the graph is not being read"
    assert [name for name in sorted(services) if TASKS in graph[name]] == []


def test_tasks_and_services_have_no_import_cycle_even_through_function_level_imports():
    graph = import_graph()
    assert "assessments.services.tco" in graph[TASKS], "tasks import their services (the one allowed direction)"
    members = {name for name in graph if name.startswith("assessments.services")} | {TASKS}
    assert _cycle_through(graph, members) is None
    # Nor a longer way round through selectors, reports or models: nothing the tasks import leads back to them.
    assert [name for name in sorted(graph[TASKS]) if _reaches(graph, name, TASKS)] == []


def test_the_cycle_check_finds_a_cycle_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle_through(graph, set(graph)) == ["a", "b", "c", "a"]
    assert _cycle_through(graph, {"a", "b", "d"}) is None


def test_a_function_level_import_counts_as_an_edge(tmp_path, monkeypatch):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from assessments.tasks import run_tco\n", encoding="utf-8")
    assert _imports(module, "assessments.services.m", {TASKS, "assessments.services.m"}) == {TASKS}


@pytest.mark.parametrize("module", ["assessments.services.tco", "assessments.services.assessments",
                                    "assessments.services.runs", "assessments.tasks"])  # fmt: skip
def test_writing_services_and_the_tasks_module_do_not_load_the_report_engines(module):
    """A TCO run, a submit or the sweep must not load plotly, kaleido or WeasyPrint (nor report_charts)."""
    code = (
        "import json, sys, django; django.setup(); import importlib; importlib.import_module(sys.argv[1]); "
        "heavy = ('plotly', 'kaleido', 'weasyprint', 'assessments.services.report_charts', 'assessments.reports'); "
        "print(json.dumps(sorted({m.split('.')[0] if not m.startswith('assessments') else m "
        "for m in sys.modules if m.startswith(heavy)})))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "outsourcing.settings"}
    out = subprocess.run([sys.executable, "-c", code, module], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True)  # fmt: skip
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


# --- the layers (docs/architecture.md): what may import what -----------------------------------------------

PURE = {  # pure packages: they may import only themselves (and the packages named), never Django
    "assessments.domain": ("assessments.domain", "outsourcing.domain"),
    "outsourcing.domain": ("outsourcing.domain",),
    "assessments.pdf_engine": ("assessments.pdf_engine",),
}
FRAMEWORKS = ("django", "rest_framework", "celery", "drf_spectacular", "django_filters", "auditlog")
# layer -> the layers it must never import (lower layers never reach up)
FORBIDDEN = {
    "assessments.models": ("assessments.selectors", "assessments.services", "assessments.views", "assessments.api",
                           "assessments.reports", "assessments.tasks"),
    "assessments.selectors": ("assessments.services", "assessments.views", "assessments.api", "assessments.tasks"),
    "assessments.services": ("assessments.views", "assessments.api", "assessments.tasks"),
    "assessments.reports": ("assessments.views", "assessments.api", "assessments.tasks"),
}  # fmt: skip


def _all_imports(path: Path) -> set[str]:
    """Every module name a file imports, anywhere in it, absolute (relative imports resolved)."""
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            found.update([base, *(f"{base}.{alias.name}" for alias in node.names)])
    return found


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


def _starts(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("package", sorted(PURE))
def test_pure_packages_import_no_framework_and_nothing_of_the_app_outside_them(package):
    assert _files(package), f"no files found under {package}: the check is not reading anything"
    bad = {}
    for path in _files(package):
        names = _all_imports(path)
        framework = sorted(n for n in names if _starts(n, FRAMEWORKS))
        app = sorted(n for n in names if _starts(n, ("assessments", "outsourcing")) and not _starts(n, PURE[package]))
        if framework or app:
            bad[str(path.relative_to(ROOT))] = framework + app
    assert bad == {}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_never_import_higher_ones(layer):
    files = _files(layer) if (ROOT / layer.replace(".", "/")).is_dir() else [ROOT / (layer.replace(".", "/") + ".py")]
    assert files, layer
    bad = {str(p.relative_to(ROOT)): sorted(n for n in _all_imports(p) if _starts(n, FORBIDDEN[layer]))
           for p in files}  # fmt: skip
    assert {path: names for path, names in bad.items() if names} == {}


def test_the_layer_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    fake_root = tmp_path
    (fake_root / "assessments" / "domain").mkdir(parents=True)
    module = fake_root / "assessments" / "domain" / "x.py"
    module.write_text("def f():\n    from django.db import models\n    from ..models import Assessment\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", fake_root)
    assert {"django.db", "assessments.models", "assessments.models.Assessment"} <= _all_imports(module)
