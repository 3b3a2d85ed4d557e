"""The embedded fonts: DejaVu Sans (regular, bold, oblique, bold oblique) and Condensed.

The TTF files ship in ``resources/fonts`` (with their licence) so a document looks the
same on every desk and every glyph is embedded as a subset; Helvetica, reportlab's
default, is never embedded and has no € in some viewers. Registration is idempotent and
thread-safe. ``supported`` tells which characters a font can draw, so text falls back to
U+FFFD instead of a wrong glyph.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from typing import Any

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_OBLIQUE = "DejaVuSans-Oblique"
SANS_BOLD_OBLIQUE = "DejaVuSans-BoldOblique"
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"
FONT_FILES = (SANS, SANS_BOLD, SANS_OBLIQUE, SANS_BOLD_OBLIQUE, CONDENSED, CONDENSED_BOLD)
LICENCE_FILE = "LICENSE-DejaVu.txt"

_lock = threading.Lock()
_registered = False


def font_folder() -> resources.abc.Traversable:
    """Where the TTF files are (inside the installed package)."""
    return resources.files("grantdesk.resources").joinpath("fonts")


def register_fonts() -> None:
    """Register the DejaVu faces with reportlab (once per process)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        _fix_to_unicode_map()
        folder = font_folder()
        for name in FONT_FILES:
            data = folder.joinpath(f"{name}.ttf").read_bytes()
            # From bytes, so nothing is read from disk again while a document builds.
            pdfmetrics.registerFont(TTFont(name, _BytesFile(data, name)))
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_OBLIQUE, boldItalic=SANS_BOLD_OBLIQUE
        )
        # The condensed family has no oblique: <i> inside a table cell stays upright.
        addMapping(CONDENSED, 0, 0, CONDENSED)
        addMapping(CONDENSED, 1, 0, CONDENSED_BOLD)
        addMapping(CONDENSED, 0, 1, CONDENSED)
        addMapping(CONDENSED, 1, 1, CONDENSED_BOLD)
        _registered = True


def _utf16_hex(code_point: int) -> str:
    return chr(code_point).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab writes ``<1F600>`` for 😀, which PDF readers cut to U+1F60 ("ὠ"): copying
    or searching the text then finds the wrong character. The PDF reference wants the
    UTF-16BE code units (``<D83DDE00>``).
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _fix_to_unicode_map() -> None:
    from reportlab.pdfbase import ttfonts

    if hasattr(ttfonts, "makeToUnicodeCMap"):
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class _BytesFile:
    """A file-like object over the font's bytes that reportlab's TTF reader accepts."""

    def __init__(self, data: bytes, name: str) -> None:
        self._data = data
        self.name = name

    def read(self) -> bytes:
        return self._data


@cache
def supported(font_name: str) -> frozenset[int]:
    """The code points *font_name* has a glyph for."""
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    font: Any = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)
