"""Dependencies point one way: only ``app/ui`` may touch Qt, and nothing below it imports it.

The engine (models, mail, sync, crm, services, cli) must run headless, as the JSON CLI and
the benchmarks do. These tests read the source with ``ast``, so an import hidden inside a
function or behind ``TYPE_CHECKING`` counts too.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
UI = APP / "ui"
GUI_PACKAGES = {"PySide6", "shiboken6", "qasync"}
# The entry point chooses between the CLI and the GUI, so it alone may start the UI
# (lazily, inside a function); it still may not import Qt itself.
UI_IMPORT_ALLOWED = {APP / "__main__.py"}


def engine_modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if not p.is_relative_to(UI))


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in the file, relative ones resolved,
    including ``importlib.import_module("...")`` and ``__import__("...")`` with a literal.

    ``from a import b`` yields both ``a`` and ``a.b``: ``b`` may be a submodule.
    """
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, node.module] if node.module else base_parts)
            else:
                base = node.module or ""
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def offences(paths: list[Path], is_forbidden: Callable[[str], bool]) -> list[str]:
    """One ``file:line: imports name`` per offending import statement."""
    found = []
    for path in paths:
        reported_lines = set()
        for line, name in imported_modules(path):
            if is_forbidden(name) and line not in reported_lines:
                reported_lines.add(line)
                found.append(f"{path.relative_to(APP.parent)}:{line}: imports {name}")
    return found


def test_the_scan_sees_the_engine():
    assert any(p.name == "paths.py" for p in engine_modules()), f"no app modules under {APP}"


def test_only_app_ui_imports_qt_or_qasync():
    def is_gui(name: str) -> bool:
        return name.split(".")[0] in GUI_PACKAGES

    bad = offences(engine_modules(), is_gui)
    assert not bad, "Qt/qasync outside app/ui (move the code into app/ui):\n" + "\n".join(bad)


def test_engine_never_imports_app_ui():
    def is_ui(name: str) -> bool:
        return name == "app.ui" or name.startswith("app.ui.")

    modules = [p for p in engine_modules() if p not in UI_IMPORT_ALLOWED]
    bad = offences(modules, is_ui)
    assert not bad, "engine modules importing app.ui (dependencies point ui → engine):\n" + (
        "\n".join(bad)
    )
