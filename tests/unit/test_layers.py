"""The arrows point one way: only ui/ and the composition root import PySide6, and the
pure domain imports neither Qt nor SQLAlchemy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "grantdesk"
QT_ALLOWED = {"ui", "app.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_outside(allowed: set[str]) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in allowed]


@pytest.mark.parametrize(
    "path", modules_outside(QT_ALLOWED), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_qt_outside_ui(path: Path) -> None:
    qt = {
        m
        for m in imported_modules(path)
        if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
    }
    assert not qt, f"{path.relative_to(PACKAGE)} imports {qt}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "domain").rglob("*.py")), ids=lambda p: p.name)
def test_domain_is_pure(path: Path) -> None:
    bad = {
        m
        for m in imported_modules(path)
        if m.split(".")[0] in {"sqlalchemy", "PySide6", "alembic", "reportlab"}
        or m.startswith(("grantdesk.db", "grantdesk.services", "grantdesk.ui"))
    }
    assert not bad, f"domain/{path.name} imports {bad}"


@pytest.mark.parametrize("layer", ["db", "services", "imports", "exports"])
def test_lower_layers_do_not_import_ui(layer: str) -> None:
    for path in (PACKAGE / layer).rglob("*.py"):
        assert not any(
            m.startswith("grantdesk.ui") or m == "grantdesk.app" for m in imported_modules(path)
        ), path


def test_headless_commands_never_load_qt() -> None:
    """Importing the CLI and the services at run time pulls in no Qt module."""
    code = (
        "import sys, grantdesk.cli, grantdesk.services.listing, grantdesk.services.dashboard, "
        "grantdesk.services.details, grantdesk.services.editing, grantdesk.db.migrate;"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
