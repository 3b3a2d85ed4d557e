"""Spreadsheets made by hand, for every importer: CSV and XLSX reading, columns, cells.

- CSV is UTF-8 with or without BOM, ``;`` or ``,`` separated (whichever the first line
  uses more); XLSX is the first sheet of the workbook, cells read as the values the
  spreadsheet last computed (nothing is ever evaluated).
- The first non-empty row is the header. Its names are matched to an importer's fields
  folded (no case, accents or punctuation: ``CODICE_FISCALE`` is ``Codice fiscale``), and
  ``COLUMN=FIELD`` items (``--map`` on the command line, the wizard's column page) name the
  others or, with field ``-``, leave a column out.
- Row numbers in problems are the spreadsheet's (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from grantdesk.domain.dates import DateError, parse_date
from grantdesk.i18n import _
from grantdesk.imports.errors import Problems, whole_file

XLSX_MAGIC = b"PK\x03\x04"
IGNORE = "-"  # the field of a column left out on purpose

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIST_SPLIT = re.compile(r"[;,\n]")
_DAY_AT_MIDNIGHT = re.compile(r"^(\S+)(?:[ T]00[:.]00(?:[:.]00)?)?$")


def clean(text: str | None) -> str | None:
    """*text* without control characters (tabs and newlines stay)."""
    return None if text is None else _CONTROL.sub("", text)


def clip(text: str | None, limit: int) -> str | None:
    """*text* stripped, cut to *limit* characters with an ellipsis; None when empty."""
    text = clean(text)
    if text is None:
        return None
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unique(items: list[str]) -> list[str]:
    """*items* without blanks and repeats (ignoring case), first occurrence kept."""
    seen: dict[str, None] = {}
    for item in items:
        if item and item.casefold() not in {s.casefold() for s in seen}:
            seen[item] = None
    return list(seen)


def fold(text: str) -> str:
    """A header name folded for comparison: no case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def read_csv(data: bytes) -> list[list[Any]]:
    """The rows of a CSV file, UTF-8 with or without BOM, ``;`` or ``,`` separated."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise whole_file(_("The file is not UTF-8 text: save it again as “CSV UTF-8”.")) from exc
    text = text.replace("\x00", "")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise whole_file(_("The file is not readable CSV: {reason}").format(reason=exc)) from exc


def read_xlsx(data: bytes) -> list[list[Any]]:
    """The rows of the first sheet of an XLSX workbook, as cell values."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise whole_file(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return []
        return [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
    finally:
        book.close()


def read_table(data: bytes, fmt: str) -> list[list[Any]]:
    """The rows of *data*, an ``xlsx`` workbook or a ``csv`` file."""
    if fmt == "xlsx":
        if not data.startswith(XLSX_MAGIC):
            raise whole_file(_("The file is not a readable XLSX workbook."))
        return read_xlsx(data)
    return read_csv(data)


def cell_text(value: Any) -> str | None:
    """A cell's value as stripped text without control characters; None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = clean(str(value))
    return text.strip() or None if text is not None else None


def blank(row: Iterable[Any]) -> bool:
    """True for a row whose every cell is empty."""
    return all(cell_text(v) is None for v in row)


def header_index(rows: Sequence[Sequence[Any]]) -> int | None:
    """The index of the header: the first row with something in it."""
    return next((i for i, row in enumerate(rows) if not blank(row)), None)


def split_list(value: str | None) -> list[str]:
    """The items of a cell listing several things (``povertà; anziani, casa``)."""
    return [p.strip() for p in _LIST_SPLIT.split(value or "") if p.strip()]


def parse_day(value: Any) -> date:
    """A calendar day from a cell: an XLSX date, ``31/03/2026`` or ``2026-03-31``.

    A time of midnight after it is accepted (what a date cell becomes in some exports);
    raises ``DateError`` for anything else, never guessing.
    """
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            raise DateError(str(value))
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        match = _DAY_AT_MIDNIGHT.match(str(value).strip())
        if match is None:
            raise DateError(str(value))
        day = parse_date(match.group(1))
    if not 1800 <= day.year <= 2199:
        raise DateError(str(value))
    return day


def recogniser(headers: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Folded header name → field, from field → the names it is recognised by."""
    return {fold(name): field for field, names in headers.items() for name in names}


@dataclass
class Columns:
    """Which column of a file holds which field."""

    header: list[str]
    field_of: dict[int, str]  # column index → field
    ignored: list[str]

    def name(self, field: str) -> str:
        """The file's name of the column holding *field* (the field itself if none)."""
        for index, f in self.field_of.items():
            if f == field:
                return self.header[index]
        return field

    def values(self, row: Sequence[Any]) -> dict[str, Any]:
        """Field → the raw cell of *row* (None for a cell past the row's end)."""
        return {f: row[i] if i < len(row) else None for i, f in self.field_of.items()}


def map_columns(
    header: list[str],
    mapping: Sequence[str],
    *,
    fields: Sequence[str],
    by_name: Mapping[str, str],
    required: Sequence[tuple[str, str]],
    problems: Problems,
) -> Columns:
    """Match *header* to *fields*: ``COLUMN=FIELD`` items first, then names *by_name*.

    *required* lists ``(field, hint)`` for fields that need a column; a missing one, a
    field given to two columns, or a bad mapping item is added to *problems*.
    """
    field_of: dict[int, str] = {}
    explicit: dict[int, str] = {}
    for item in mapping:
        column, sep, field = item.partition("=")
        column, field = column.strip(), field.strip()
        if not sep or not column or not field:
            problems.add(None, None, _("--map {item}: write it as COLUMN=FIELD.").format(item=item))
            continue
        if field not in fields and field != IGNORE:
            problems.add(
                None,
                None,
                _("--map {item}: unknown field “{field}”; fields: {fields}.").format(
                    item=item, field=field, fields=", ".join(fields)
                ),
            )
            continue
        matches = [i for i, h in enumerate(header) if h == column] or [
            i for i, h in enumerate(header) if fold(h) == fold(column)
        ]
        if not matches:
            problems.add(
                None,
                None,
                _("--map {item}: the file has no column “{column}”.").format(
                    item=item, column=column
                ),
            )
            continue
        explicit[matches[0]] = field
    ignored: list[str] = []
    for i, name in enumerate(header):
        target = explicit.get(i) or by_name.get(fold(name))
        if target and target != IGNORE:
            field_of[i] = target
        elif name.strip():
            ignored.append(name)
    by_field: dict[str, list[int]] = {}
    for i, field in field_of.items():
        by_field.setdefault(field, []).append(i)
    for field, indexes in by_field.items():
        if len(indexes) > 1:
            names = ", ".join(header[i] for i in indexes)
            problems.add(
                None,
                None,
                _("The columns {names} all mean “{field}”: keep one, or use --map.").format(
                    names=names, field=field
                ),
            )
    for field, hint in required:
        if field not in by_field:
            problems.add(
                None,
                None,
                _("No column for “{field}”: name one {hint}, or use --map COLUMN={field}.").format(
                    field=field, hint=hint
                ),
            )
    return Columns(header, field_of, ignored)
