import ast
from pathlib import Path

import ocop

PACKAGE = Path(ocop.__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_app_imports_the_demo():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if PACKAGE / "demo" not in path.parents
        and any(m == "ocop.demo" or m.startswith("ocop.demo.") for m in _imported_modules(path))
    ]
    assert offenders == []


def test_the_demo_imports_its_apps_at_module_level():
    for path in (PACKAGE / "demo").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested = [
            node.lineno
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(function)
            if isinstance(node, ast.Import | ast.ImportFrom)
        ]
        assert nested == [], f"{path.name} imports inside a function at lines {nested}"
