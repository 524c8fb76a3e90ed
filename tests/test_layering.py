"""The arrows between the apps point one way (docs/directory-map.md, decision 0070), and no
import hides inside a function to dodge a loop."""

from __future__ import annotations

import ast
from pathlib import Path

import ocop

PACKAGE = Path(ocop.__file__).resolve().parent

# Each app may import the apps of lower layers only; apps on one layer do not import each other.
LAYERS = [
    {"core"},
    {"geo"},
    {"accounts", "criteria"},
    {"notifications"},
    {"registry"},
    {"evaluation"},
    {"certificates"},
    {"programme", "outreach"},
    {"reports", "operations"},
    {"portal", "api"},
    {"demo"},
]
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}

# Function-level imports that are not about loops: Django's app registry is not ready when an
# AppConfig module is imported, and the project's entry points import lazily on purpose.
LAZY_ALLOWED = {"cli.py", "settings.py", "wsgi.py", "asgi.py"}


def _modules():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if "migrations" in relative.parts or len(relative.parts) < 2:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _ocop_imports(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.startswith("ocop.")]


def test_apps_import_only_lower_layers():
    wrong = []
    for relative, tree in _modules():
        app = relative.parts[0]
        if app not in LAYER_OF:
            continue
        for line, name in _ocop_imports(tree):
            target = name.split(".")[1]
            if target == app or target not in LAYER_OF:
                continue
            if LAYER_OF[target] >= LAYER_OF[app]:
                wrong.append(f"{relative}:{line} imports {name}")
    assert wrong == [], "\n".join(wrong)


def test_no_import_inside_a_function():
    nested = []
    for relative, tree in _modules():
        if relative.name in LAZY_ALLOWED or relative.name == "apps.py":
            continue
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = [a.name for a in node.names]
                    module = getattr(node, "module", None) or ""
                    if module.startswith("ocop") or any(n.startswith("ocop") for n in names):
                        nested.append(f"{relative}:{node.lineno}")
    assert nested == [], "\n".join(nested)


def test_no_import_error_dodge():
    dodges = []
    for relative, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in node.handlers
            ):
                imports = [n for n in ast.walk(node) if isinstance(n, ast.ImportFrom)]
                if any((n.module or "").startswith("ocop") for n in imports):
                    dodges.append(f"{relative}:{node.lineno}")
    assert dodges == [], "\n".join(dodges)


def test_no_module_over_600_lines():
    long = [
        f"{relative} ({len(text.splitlines())} lines)"
        for relative, text in (
            (p.relative_to(PACKAGE), p.read_text(encoding="utf-8"))
            for p in PACKAGE.rglob("*.py")
            if "migrations" not in p.parts
        )
        if len(text.splitlines()) > 600
    ]
    assert long == [], "\n".join(long)
