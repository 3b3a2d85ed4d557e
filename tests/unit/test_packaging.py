"""The package list in pyproject.toml covers every subpackage, and resources are installed."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "grantdesk").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "grantdesk.resources" in listed


def test_top_level_layout_is_exactly_the_agreed_one() -> None:
    visible = {p.name for p in ROOT.iterdir() if not p.name.startswith(".")}
    assert visible <= {
        "grantdesk",
        "resources",
        "packaging",
        "pyproject.toml",
        "tests",
        "README.md",
    } | {
        "build",
        "dist",
        "grantdesk.egg-info",  # local build products, ignored by git
    }
