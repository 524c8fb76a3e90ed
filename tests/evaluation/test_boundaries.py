"""Arrows one way: certificates build on evaluation, never the reverse, and evaluation imports
at module level only (no import inside a function to step around a loop)."""

import ast
from pathlib import Path

import ocop.evaluation

ROOT = Path(ocop.evaluation.__file__).parent
SOURCES = sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            yield node, [node.module or ""]


def test_evaluation_never_imports_the_certificates_app():
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in SOURCES
        for node, names in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if any(
            name == "ocop.certificates" or name.startswith("ocop.certificates.") for name in names
        )
    ]
    assert not offenders


def test_evaluation_imports_only_at_module_level():
    offenders = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                offenders += [
                    f"{path.relative_to(ROOT)}:{node.lineno}" for node, _ in _imports(func)
                ]
    assert not offenders


def test_no_module_of_evaluation_grows_past_six_hundred_lines():
    long = [p.name for p in SOURCES if len(p.read_text(encoding="utf-8").splitlines()) > 600]
    assert not long
