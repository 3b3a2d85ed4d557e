"""Lists written as spreadsheets: CSV for Excel and LibreOffice in Italy, and XLSX.

Every text cell goes through :func:`grantdesk.domain.formulas.neutralise`: a value starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets an apostrophe in front, so no
spreadsheet ever runs it as a formula (``=HYPERLINK(…)`` stays text that reads
``'=HYPERLINK(…)``). GrantDesk's importers remove that apostrophe again.

- **CSV** is UTF-8 *with* a byte-order mark, ``;`` separated, CRLF line ends. That is what
  Excel with Italian settings expects when the file is double-clicked (its list separator
  is ``;``, because ``,`` is the decimal comma; without the BOM it reads UTF-8 as
  Windows-1252 and "città" becomes "cittÃ "), and LibreOffice's import dialog proposes the
  same. Dates are ``31/03/2026``, amounts ``1234,56`` (decimal comma, no thousands
  separator, so they are read as numbers). Codes with leading zeros are written as text,
  but a spreadsheet opening a CSV may still take them for numbers: the XLSX keeps them.
- **XLSX** has a bold, frozen header row with a filter (repeated on every printed page,
  landscape), columns as wide as their content (within limits), dates as real dates shown
  ``dd/mm/yyyy``, amounts as numbers shown with ``€`` and whole numbers as numbers; text
  cells are always text, never formulas.

Files are written next to their destination and moved into place at the end, so a failed
export never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from grantdesk.domain.formulas import neutralise

FORMATS = ("csv", "xlsx")
CSV_DELIMITER = ";"
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = '"€" #,##0.00'
WHOLE_FORMAT = "#,##0"
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 2000  # rows looked at to size a column
PROGRESS_EVERY = 500

ProgressCallback = Callable[[int, int], None]
# Characters XML 1.0 (and so XLSX) cannot hold; tab, LF and CR are allowed.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportColumn:
    """A column: its header (already translated) and how to write its values.

    *kind* is ``text``, ``int``, ``date`` or ``money`` (a ``Decimal`` in euro).
    """

    header: str
    kind: str = "text"


def text_cell(value: Any) -> str:
    """A value as text safe for a spreadsheet: no control characters, never a formula."""
    return neutralise(_ILLEGAL.sub("", str(value)))


def csv_value(value: Any, kind: str) -> str:
    """How *value* is written in the CSV (empty for None)."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        return day.strftime("%d/%m/%Y")
    if kind == "money" and isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text_cell(value)


@contextlib.contextmanager
def _replacing(path: Path, mode: str, **kwargs: Any) -> Iterator[IO[Any]]:
    """A new file beside *path* that replaces it when the block ends without error.

    Opened like any file (not with ``mkstemp``), so it gets the usual permissions.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, mode.replace("w", "x"), **kwargs) as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_csv(
    path: Path,
    columns: Sequence[ExportColumn],
    rows: Sequence[Sequence[Any]],
    progress: ProgressCallback | None = None,
) -> int:
    """Write *rows* under a header row to *path*; returns the number of rows."""
    with _replacing(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow([text_cell(c.header) for c in columns])
        for done, row in enumerate(rows, start=1):
            writer.writerow([csv_value(v, c.kind) for c, v in zip(columns, row, strict=True)])
            _report(progress, done, len(rows))
    return len(rows)


def _report(progress: ProgressCallback | None, done: int, total: int) -> None:
    if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
        progress(done, total)


def _widths(columns: Sequence[ExportColumn], rows: Sequence[Sequence[Any]]) -> list[float]:
    widths = []
    for index, column in enumerate(columns):
        longest = len(column.header) + 3  # room for the filter button
        for row in rows[:WIDTH_SAMPLE]:
            value = row[index]
            if value is None:
                continue
            if column.kind == "date":
                size = 10
            elif column.kind == "money":
                size = len(f"€ {value:,.2f}")
            else:
                size = max(len(line) for line in str(value).split("\n"))
            longest = max(longest, size)
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def write_xlsx(
    path: Path,
    columns: Sequence[ExportColumn],
    rows: Sequence[Sequence[Any]],
    *,
    sheet_title: str,
    progress: ProgressCallback | None = None,
) -> int:
    """Write *rows* under a bold, frozen header to a one-sheet workbook; returns the count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    book.properties.creator = "GrantDesk"
    sheet = book.create_sheet(_sheet_title(sheet_title))
    for index, width in enumerate(_widths(columns, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # the header on every printed page
    sheet.page_setup.orientation = "landscape"
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=text_cell(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    top = Alignment(vertical="top", wrap_text=True)
    try:
        for done, row in enumerate(rows, start=1):
            cells: list[Any] = []
            for column, value in zip(columns, row, strict=True):
                if value is None:
                    cells.append(None)  # no cell at all in the file
                    continue
                cell = WriteOnlyCell(sheet, value=_xlsx_value(value, column.kind))
                if column.kind == "date":
                    cell.number_format = DATE_FORMAT
                elif column.kind == "money":
                    cell.number_format = MONEY_FORMAT
                elif column.kind == "int":
                    cell.number_format = WHOLE_FORMAT
                elif isinstance(value, str) and "\n" in value:
                    cell.alignment = top
                cells.append(cell)
            sheet.append(cells)
            _report(progress, done, len(rows))
        with _replacing(path, "wb") as stream:
            book.save(stream)
    except BaseException:
        _abandon(sheet)
        raise
    return len(rows)


def _abandon(sheet: Any) -> None:
    """Close and delete the temporary file openpyxl streams a write-only sheet to."""
    with contextlib.suppress(Exception):
        sheet.close()
    with contextlib.suppress(Exception):
        sheet._writer.cleanup()


def _xlsx_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date" and isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if kind == "money" and isinstance(value, Decimal):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    return text_cell(value)


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip("' ") or "Sheet"
    return cleaned[:31]


def write_table(
    path: Path,
    fmt: str,
    columns: Sequence[ExportColumn],
    rows: Sequence[Sequence[Any]],
    *,
    sheet_title: str,
    progress: ProgressCallback | None = None,
) -> int:
    """Write a ``csv`` or ``xlsx`` file; returns the number of rows written."""
    if fmt == "csv":
        return write_csv(path, columns, rows, progress)
    if fmt == "xlsx":
        return write_xlsx(path, columns, rows, sheet_title=sheet_title, progress=progress)
    raise ValueError(f"unknown export format: {fmt}")
