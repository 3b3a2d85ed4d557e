"""Spreadsheet formula injection: what makes a cell a formula, and how to make it text.

Excel and LibreOffice read a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``), and a leading tab or carriage
return can hide such a prefix from a casual look. Every text GrantDesk writes to CSV or
XLSX goes through :func:`neutralise`, which puts an apostrophe in front: the OWASP advice,
and the way a spreadsheet user types a text that looks like a formula. The apostrophe
survives any later "save as CSV", which a cell style would not.

Text with leading spaces is judged by its first visible character too, since some
programs trim cells before reading them. :func:`restore` undoes the apostrophe when such a
file comes back to an importer, so an export imported again is unchanged.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could read *text* as a formula."""
    if text.startswith(FORMULA_PREFIXES):
        return True
    stripped = text.lstrip(" \u00a0")
    return stripped != text and stripped.startswith(FORMULA_PREFIXES)


def neutralise(text: str) -> str:
    """*text* made safe for a spreadsheet cell: an apostrophe in front when needed.

    Text that already starts with apostrophes before a formula prefix gets one more, so
    that :func:`restore` can tell it from text this function changed.
    """
    return QUOTE + text if is_dangerous(text.lstrip(QUOTE)) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given, for a cell it changed; other text as it is."""
    if text.startswith(QUOTE) and is_dangerous(text.lstrip(QUOTE)):
        return text[1:]
    return text
