"""Reading the PDFs GrantDesk writes, as a person would: poppler's pdftotext, pdfinfo, pdffonts."""

from __future__ import annotations

import re
import shutil
import subprocess


def _poppler(tool: str, data: bytes, *args: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils (.ci/run does)"
    result = subprocess.run(
        [path, *args, "-", "-"] if tool == "pdftotext" else [path, *args, "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def pdf_text(data: bytes, *, layout: bool = False, raw: bool = False) -> str:
    """The text of every page.

    ``layout`` keeps table rows on one line; ``raw`` keeps the order things were drawn in
    (each table cell whole, where the default reading order may interleave narrow cells).
    """
    flags = (["-layout"] if layout else []) + (["-raw"] if raw else [])
    return _poppler("pdftotext", data, *flags)


def pdf_info(data: bytes) -> dict[str, str]:
    """pdfinfo's fields: Title, Author, Subject, Keywords, Pages, CreationDate…"""
    fields = {}
    for line in _poppler("pdfinfo", data).splitlines():
        key, _sep, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def pdf_fonts(data: bytes) -> list[tuple[str, bool]]:
    """Each font's name and whether it is embedded."""
    rows = _poppler("pdffonts", data).splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name type… encoding emb sub uni object ID: emb is the fifth field from the end.
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


def squeeze(text: str) -> str:
    """*text* without any whitespace (lines broken by the layout join up again)."""
    return re.sub(r"\s+", "", text)


def pages(data: bytes, *, raw: bool = False) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return pdf_text(data, raw=raw).split("\f")[:-1]
