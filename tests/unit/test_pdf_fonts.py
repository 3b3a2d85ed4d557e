"""The DejaVu fonts ship inside the package, with their licence, and are installed."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from grantdesk.exports.pdf.fonts import FONT_FILES, LICENCE_FILE, font_folder, supported

ROOT = Path(__file__).resolve().parents[2]


def test_every_font_and_the_licence_are_in_the_package() -> None:
    folder = font_folder()
    for name in FONT_FILES:
        data = folder.joinpath(f"{name}.ttf").read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00", name  # a TrueType file
    licence = folder.joinpath(LICENCE_FILE).read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "DejaVu" in licence


def test_package_data_installs_the_fonts() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["grantdesk.resources"]
    shipped = [
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources" / "fonts").iterdir()
    ]
    assert shipped
    for name in shipped:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name


def test_the_fonts_draw_what_italian_documents_need() -> None:
    for name in FONT_FILES:
        glyphs = supported(name)
        assert all(ord(ch) in glyphs for ch in "€àèéìòùÀÈ’‘“”–—…°"), name
