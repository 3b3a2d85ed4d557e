"""Text folding for search: lower case, accents removed, so "universita" finds "università"."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case *text* and strip diacritics (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_terms(query: str) -> list[str]:
    """The folded words of a search box's text, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(query)):
        seen.setdefault(word, None)
    return list(seen)


def search_document(*parts: str | None) -> str:
    """One folded, space-separated text holding every searchable part of a record."""
    return " ".join(fold(p) for p in parts if p)
