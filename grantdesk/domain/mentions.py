"""Finding a person in free text: their full name (either order), e-mail or phone number.

Used to export everything held on a person and to erase them: a deadline's owner, a
meeting's minutes or an organization's e-mail may hold their name or address as plain
text. Matching ignores case, accents, apostrophe style and runs of spaces or line breaks
("ELENA  Martèlli" is "Elena Martelli"), and respects word edges ("Elena Martellini" is
someone else). A phone number matches whatever its spacing, with or without +39.

What it cannot see: initials ("E. Martelli"), nicknames, misspellings, a first name or a
last name alone. Those are why the export lists every mention it found, for a person to
review before erasing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

ERASED = "[cancellato]"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_PHONE_RUN = re.compile(r"\+?\d[\d ./()\-]{4,}\d")
_VOWELS = set("aeiouy")
_SPACES = re.compile(r"\s+")


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_APOSTROPHES)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """*text* folded (lower case, no accents, one space for any run of spaces) and, for
    each folded character, the index of the original character it came from."""
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(index)
            continue
        for piece in _fold_char(ch):
            out.append(piece)
            where.append(index)
    return "".join(out), where


def _quick_fold(text: str) -> str:
    """The text :func:`fold_with_map` gives, without the map (much faster)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", plain.translate(_APOSTROPHES)).lstrip(" ")


def _folded(text: str) -> str:
    return fold_with_map(text)[0].strip()


def phone_digits(text: str) -> str:
    """The digits of a phone number, without the Italian country code (+39 or 0039)."""
    digits = re.sub(r"\D", "", text)
    if text.lstrip().startswith("+39") or (digits.startswith("39") and len(digits) >= 12):
        return digits[2:]
    if digits.startswith("0039"):
        return digits[4:]
    return digits


def _phone_spans(text: str, wanted: str) -> list[tuple[int, int]]:
    """Where the digits *wanted* are written in *text*, grouped any way, +39 or not."""
    forms = {wanted, "39" + wanted, "0039" + wanted}
    found = []
    for run in _PHONE_RUN.finditer(text):
        groups = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\d+", run.group())]
        for i in range(len(groups)):
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > len(wanted) + 4:
                    break
                if digits in forms:
                    start = run.start() + groups[i][0]
                    if start > 0 and text[start - 1] == "+":
                        start -= 1
                    found.append((start, run.start() + groups[j][1]))
    return found


@dataclass(frozen=True)
class Needles:
    """What identifies one person in free text."""

    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""

    @cached_property
    def _patterns(self) -> list[re.Pattern[str]]:
        first, last = _folded(self.first_name), _folded(self.last_name)
        found = []
        if first and last:
            for a, b in ((first, last), (last, first)):
                found.append(re.compile(rf"(?<!\w){re.escape(a)} ?{re.escape(b)}(?!\w)"))
        email = _folded(self.email)
        if email:
            found.append(re.compile(rf"(?<![\w.%+\-]){re.escape(email)}(?![\w@\-])(?!\.\w)"))
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the person is mentioned in *text*: (start, end) indexes, in order."""
        if not text:
            return []
        found: list[tuple[int, int]] = []
        if any(p.search(_quick_fold(text)) for p in self._patterns):
            folded, where = fold_with_map(text)
            for pattern in self._patterns:
                for match in pattern.finditer(folded):
                    if match.end() > match.start():
                        found.append((where[match.start()], where[match.end() - 1] + 1))
        wanted = phone_digits(self.phone) if self.phone else ""
        if len(wanted) >= 6:
            found += _phone_spans(text, wanted)
        return _merged(found)

    def mentions(self, text: str | None) -> bool:
        """True when *text* mentions the person."""
        return bool(text) and bool(self.spans(text or ""))

    def redact(self, text: str, limit: int | None = None) -> str:
        """*text* with every mention replaced by ``[cancellato]`` (cut to *limit* chars)."""
        result = []
        last = 0
        for start, end in self.spans(text):
            result.append(text[last:start])
            result.append(ERASED)
            last = end
        result.append(text[last:])
        redacted = "".join(result)
        return redacted[:limit] if limit is not None else redacted

    def excerpts(self, text: str, width: int = 60) -> list[str]:
        """Each mention in *text* with up to *width* characters around it."""
        out = []
        for start, end in self.spans(text):
            a, b = max(0, start - width), min(len(text), end + width)
            piece = " ".join(text[a:b].split())
            out.append(("…" if a else "") + piece + ("…" if b < len(text) else ""))
        return out

    def like_patterns(self) -> list[str]:
        """``LIKE`` patterns (escape ``\\``) that every text mentioning the person matches.

        A superset, narrowed afterwards by :meth:`spans`: vowels and accented letters
        become ``_`` (one character, any accent), spaces ``%``. Case is left to the
        database (``LIKE`` is case-blind for ASCII in SQLite, ``ILIKE`` in PostgreSQL).
        """
        words = [*self.first_name.split(), *self.last_name.split()]
        first, last = self.first_name.split(), self.last_name.split()
        patterns = []
        if words and first and last:
            for order in (first + last, last + first):
                patterns.append("%" + "%".join(_loose(w) for w in order) + "%")
        if self.email.strip():
            patterns.append("%" + _escape(self.email.strip()) + "%")
        digits = phone_digits(self.phone) if self.phone else ""
        if len(digits) >= 6:
            # "…4567", or the last pair set apart as in "45 67".
            patterns += [f"%{digits[-3:]}%", f"%{digits[-4:-2]}_{digits[-2:]}%"]
        return patterns

    def folded_patterns(self) -> list[str]:
        """``LIKE`` patterns for folded text (the ``search_text`` columns)."""
        first, last = _folded(self.first_name), _folded(self.last_name)
        patterns = []
        if first and last:
            patterns += [
                f"%{_escape(first)}%{_escape(last)}%",
                f"%{_escape(last)}%{_escape(first)}%",
            ]
        email = _folded(self.email)
        if email:
            patterns.append(f"%{_escape(email)}%")
        return patterns


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _loose(word: str) -> str:
    # Only plain consonants stay: a vowel may carry an accent in the text, an apostrophe
    # or hyphen may be written in another style there.
    return "".join(
        ch.lower() if ch.isascii() and ch.isalnum() and ch.lower() not in _VOWELS else "_"
        for ch in word
    )


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
