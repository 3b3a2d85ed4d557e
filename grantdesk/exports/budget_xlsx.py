"""A proposal's budget as an Excel/LibreOffice workbook whose totals are live formulas.

Sheets (names in the user's language; Italian shown):

- **Voci** — every line: number, category, description, partner, unit, quantity, unit
  cost, total ``=ROUND(quantity*unit_cost,2)`` (the same half-up-to-the-cent rounding as
  GrantDesk), funding source, other funder; a bold total row ``=SUM(…)`` under them.
- **Per categoria**, **Per partner** (a column per funding source), **Per fonte** (with the
  co-financing, everything that is not the requested grant) — ``SUMIF``/``SUMIFS`` over the
  lines sheet, so a change in *Voci* moves every total, and shares of the total.
- **Regole** — the rule check's findings with their severity, as GrantDesk shows them
  (a snapshot: they are not formulas).

Criteria are written ``"="&A2``, so a label is compared as text, never read as ``<5`` or
``>=``. A label a criterion would still misread — with ``*``, ``?`` or ``~`` (wildcards),
not starting with a letter (``2024``, ``'=x``), longer than the 255 characters Excel allows
in a criterion, or empty — is summed with ``SUMPRODUCT((range=A2)*amounts)`` instead, which
compares plainly. Both compare without regard to case, so labels are grouped here the same
way (``Personale`` and ``personale`` are one row) and spaces are normalised.

Amounts are numbers shown ``#,##0.00 "€"`` (``1.234,56 €`` in an Italian spreadsheet),
shares ``0.00%``. Every sheet has a bold, frozen header, columns sized to their content and
is set up for A4 landscape, one page wide, header row repeated, the proposal's title in the
page header. Every text a user typed goes through
:func:`grantdesk.domain.formulas.neutralise` (never run as a formula) and loses the control
characters XML cannot hold.

openpyxl cannot store a formula's computed value, so the file carries none
(``fullCalcOnLoad``): LibreOffice and Excel compute on opening.
``tests/db/test_budget_xlsx.py`` has LibreOffice (headless) recompute every demo budget
and compares each total with GrantDesk's, to the cent.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from grantdesk.domain.budget import Line, category_label
from grantdesk.domain.formulas import neutralise
from grantdesk.domain.rule_types import Finding, Severity
from grantdesk.domain.vocab import FundingSource
from grantdesk.i18n import N_, _

MONEY = '#,##0.00 "€"'
PERCENT = "0.00%"
WHOLE = "#,##0"
FRACTION = "#,##0.0##"
A4 = 9  # the paper size code of A4 in SpreadsheetML
CRITERION_LIMIT = 255
MIN_WIDTH, MAX_WIDTH = 6, 70
LINE_HEIGHT = 15  # points: one line of the default 11-point font
FONT = "Calibri"  # the workbook's default font: bold cells keep it
HEADER_FILL = "E8ECF2"
BLOCKING_RED = "B3261E"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SEVERITY = {
    Severity.BLOCKING: N_("Blocking"),
    Severity.WARNING: N_("To check"),
    Severity.INFO: N_("Information"),
}


@dataclass(frozen=True)
class BudgetMember:
    """The lead or a partner as the workbook shows it; *key* is the organization's id."""

    key: int
    name: str
    role: str
    codice_fiscale: str | None = None


@dataclass(frozen=True)
class BudgetWorkbook:
    """What the workbook is made of: the proposal's title, its lines (in order), its lead
    and partners, and the findings of the rule check."""

    title: str
    lines: Sequence[Line]
    members: Sequence[BudgetMember] = ()
    findings: Sequence[Finding] = ()


@dataclass(frozen=True)
class WorkbookSummary:
    line_count: int
    sheets: tuple[str, ...]


def text(value: str | None) -> str | None:
    """User text made safe for a cell: no XML-illegal characters, never a formula."""
    if value is None:
        return None
    return neutralise(_ILLEGAL.sub("", value))


def _label(value: str | None) -> str:
    return " ".join((text(value) or "").split())


def group_key(label: str) -> str:
    """How a spreadsheet criterion tells labels apart: case does not count."""
    return label.lower()


def is_plain(label: str) -> bool:
    """True when ``"="&cell`` as a SUMIF criterion matches exactly this label's cells."""
    return (
        bool(label)
        and label[0].isalpha()
        and len(label) <= CRITERION_LIMIT
        and not any(ch in label for ch in "*?~")
        and label.upper() not in {"TRUE", "FALSE", "VERO", "FALSO"}
    )


def sum_if(conditions: Sequence[tuple[str, str, str]], amounts: str) -> str:
    """A formula summing *amounts* where every ``(range, cell, label)`` condition holds."""
    if all(is_plain(label) for _r, _c, label in conditions):
        if len(conditions) == 1:
            rng, cell, _label_text = conditions[0]
            return f'=SUMIF({rng},"="&{cell},{amounts})'
        parts = ",".join(f'{rng},"="&{cell}' for rng, cell, _l in conditions)
        return f"=SUMIFS({amounts},{parts})"
    tests = "*".join(f"({rng}={cell})" for rng, cell, _l in conditions)
    return f"=SUMPRODUCT({tests}*{amounts})"


def _quote(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class _Sheet:
    """One worksheet being written: rows, formats, widths."""

    def __init__(self, book: Any, title: str, headers: Sequence[str], page_title: str) -> None:
        from openpyxl.styles import Font, PatternFill

        self.ws = book.create_sheet(title[:31])
        self.name = _quote(self.ws.title)
        self.widths = [len(h) + 2 for h in headers]
        self.numeric: set[int] = set()
        fill = PatternFill("solid", fgColor=HEADER_FILL)
        for column, header in enumerate(headers, start=1):
            cell = self.ws.cell(row=1, column=column, value=text(header))
            cell.font = Font(name=FONT, size=11, bold=True)
            cell.fill = fill
        self.ws.freeze_panes = "A2"
        self.ws.print_title_rows = "1:1"
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.oddHeader.center.text = (text(page_title) or "").replace("&", "&&")[:200]
        self.ws.oddFooter.center.text = _("Page &P of &N")

    def put(
        self, row: int, column: int, value: Any, fmt: str | None = None, *, size: int = 0
    ) -> Any:
        """Write *value* (with number format *fmt*); the column grows to show it."""
        cell = self.ws.cell(row=row, column=column, value=value)
        if fmt is not None:  # a number or a formula: as wide as its formatted value
            cell.number_format = fmt
            self.numeric.add(column)
            shown = size or (16 if fmt == MONEY else 10)
        elif isinstance(value, str):
            shown = max(len(part) for part in value.split("\n"))
        else:
            shown = size
        self.widths[column - 1] = max(self.widths[column - 1], shown + 2)
        return cell

    def bold_row(self, row: int, columns: int) -> None:
        from openpyxl.styles import Border, Font, Side

        top = Border(top=Side(style="thin"))
        for column in range(1, columns + 1):
            cell = self.ws.cell(row=row, column=column)
            cell.font = Font(name=FONT, size=11, bold=True)
            cell.border = top

    def finish(self, wrap: dict[int, int] | None = None) -> None:
        """Set the column widths (columns in *wrap* at most as wide as given, their text
        wrapped and their rows as tall as the text needs) and align number headers."""
        from openpyxl.styles import Alignment
        from openpyxl.utils import get_column_letter

        wrap = wrap or {}
        final = {}
        for column, width in enumerate(self.widths, start=1):
            final[column] = max(MIN_WIDTH, min(wrap.get(column, MAX_WIDTH), width))
            self.ws.column_dimensions[get_column_letter(column)].width = final[column]
        tall: dict[int, int] = {}
        for column in wrap:
            per_line = max(1, int(final[column] * 1.2) - 1)  # text is narrower than "0"
            for (cell,) in self.ws.iter_rows(min_row=2, min_col=column, max_col=column):
                if isinstance(cell.value, str):
                    lines = sum(-(-len(part) // per_line) or 1 for part in cell.value.split("\n"))
                    tall[cell.row] = max(tall.get(cell.row, 1), lines)
        # Text right after a column of numbers gets an indent, so they do not touch.
        indented = {c for c in range(2, len(final) + 1) if c - 1 in self.numeric} - self.numeric
        for row in self.ws.iter_rows():
            for cell in row:
                top = cell.row in tall
                wrapped = top and cell.column in wrap
                if cell.column in indented:
                    cell.alignment = Alignment(
                        horizontal="left",
                        indent=1,
                        vertical="top" if top else None,
                        wrap_text=wrapped,
                    )
                elif cell.row == 1 and cell.column in self.numeric:
                    cell.alignment = Alignment(horizontal="right")
                elif top:
                    cell.alignment = Alignment(vertical="top", wrap_text=wrapped)
        for row, lines in tall.items():
            if lines > 1:
                self.ws.row_dimensions[row].height = LINE_HEIGHT * lines


def _quantity_format(value: Decimal) -> str:
    return WHOLE if value == value.to_integral_value() else FRACTION


class _Layout:
    """Where the lines sheet keeps what the other sheets sum."""

    def __init__(self, sheet: str, last: int) -> None:
        self.last = last
        self.sheet = sheet

    def column(self, letter: str) -> str:
        return f"{self.sheet}!${letter}$2:${letter}${self.last}"

    @property
    def total(self) -> str:
        return f"{self.sheet}!$H${self.last + 1}"


def _lines_sheet(book: Any, data: BudgetWorkbook, names: dict[int, str]) -> _Layout:
    headers = [
        _("No."),
        _("Category"),
        _("Description"),
        _("Partner"),
        _("Unit"),
        _("Quantity"),
        _("Unit cost"),
        _("Total"),
        _("Source"),
        _("Other funder"),
    ]
    sheet = _Sheet(book, _("Lines"), headers, data.title)
    for n, line in enumerate(data.lines, start=1):
        row = n + 1
        partner = names.get(line.partner) if line.partner is not None else None
        sheet.put(row, 1, n, WHOLE, size=3)
        sheet.put(row, 2, _label(category_label(line.category)) or None)
        sheet.put(row, 3, text(line.description) or None)
        sheet.put(row, 4, _label(partner or line.partner_name) or None)
        sheet.put(row, 5, text(line.unit))
        sheet.put(row, 6, line.quantity, _quantity_format(line.quantity), size=10)
        sheet.put(row, 7, line.unit_cost, MONEY)
        sheet.put(row, 8, f"=ROUND(F{row}*G{row},2)", MONEY)
        sheet.put(row, 9, _label(line.source.label))
        sheet.put(row, 10, text(line.other_funder))
    last = max(len(data.lines) + 1, 2)
    total = last + 1
    sheet.put(total, 2, _("Total"))
    sheet.put(total, 8, f"=SUM(H2:H{last})", MONEY)
    sheet.bold_row(total, len(headers))
    sheet.ws.auto_filter.ref = f"A1:J{last}"
    sheet.finish({3: 50, 4: 40})
    return _Layout(sheet.name, last)


def _share(sheet: _Sheet, row: int, column: int, amount: str, total: str) -> None:
    sheet.put(row, column, f"=IF({total}=0,0,{amount}/{total})", PERCENT, size=8)


def _groups(labels: Sequence[str]) -> list[str]:
    """The distinct labels, first spelling kept, in first-appearance order."""
    seen: dict[str, str] = {}
    for label in labels:
        seen.setdefault(group_key(label), label)
    return list(seen.values())


def _category_sheet(book: Any, data: BudgetWorkbook, at: _Layout) -> None:
    sheet = _Sheet(book, _("By category"), [_("Category"), _("Total"), _("Share")], data.title)
    labels = _groups([_label(category_label(line.category)) for line in data.lines])
    for row, label in enumerate(labels, start=2):
        sheet.put(row, 1, label or None)
        sheet.put(row, 2, sum_if([(at.column("B"), f"A{row}", label)], at.column("H")), MONEY)
        _share(sheet, row, 3, f"B{row}", at.total)
    total = len(labels) + 2
    sheet.put(total, 1, _("Total"))
    sheet.put(total, 2, f"=SUM(B2:B{total - 1})" if labels else "=0", MONEY)
    _share(sheet, total, 3, f"B{total}", at.total)
    sheet.bold_row(total, 3)
    sheet.finish()


def _partner_sheet(book: Any, data: BudgetWorkbook, at: _Layout, names: dict[int, str]) -> None:
    sources = list(FundingSource)
    headers = [_("Partner"), _("Role"), _("Codice fiscale")]
    headers += [s.label for s in sources] + [_("Total"), _("Share")]
    sheet = _Sheet(book, _("By partner"), headers, data.title)
    first_source = 4
    total_column = first_source + len(sources)
    rows: list[tuple[str, str, str | None]] = []
    seen: set[str] = set()
    for member in data.members:
        label = _label(member.name)
        if group_key(label) not in seen:
            seen.add(group_key(label))
            rows.append((label, member.role, member.codice_fiscale))
    for line in data.lines:  # lines charged to a body outside the partnership
        name = names.get(line.partner) if line.partner is not None else None
        label = _label(name or line.partner_name)
        if label and group_key(label) not in seen:
            seen.add(group_key(label))
            rows.append((label, "", None))
    from openpyxl.utils import get_column_letter

    def letter(column: int) -> str:
        return str(get_column_letter(column))

    row = 1
    for row, (label, role, code) in enumerate(rows, start=2):
        sheet.put(row, 1, label)
        sheet.put(row, 2, text(role) or None)
        sheet.put(row, 3, code)
        for offset in range(len(sources)):
            column = first_source + offset
            conditions = [
                (at.column("D"), f"$A{row}", label),
                (at.column("I"), f"{letter(column)}$1", sources[offset].label),
            ]
            sheet.put(row, column, sum_if(conditions, at.column("H")), MONEY)
        sheet.put(
            row, total_column, sum_if([(at.column("D"), f"$A{row}", label)], at.column("H")), MONEY
        )
        _share(sheet, row, total_column + 1, f"{letter(total_column)}{row}", at.total)
    total = row + 2 if any(line.partner is None for line in data.lines) else row + 1
    if total == row + 2:
        sheet.put(row + 1, 1, _("Not assigned to a partner"))
    for column in range(first_source, total_column + 1):
        col = letter(column)
        if column < total_column:
            source = sources[column - first_source]
            amount = sum_if([(at.column("I"), f"{col}$1", source.label)], at.column("H"))
        else:
            amount = f"={at.total}"
        sheet.put(total, column, amount, MONEY)
        if total == row + 2:
            members = f"SUM({col}2:{col}{row})" if row >= 2 else "0"
            sheet.put(row + 1, column, f"={col}{total}-{members}", MONEY)
    if total == row + 2:
        _share(sheet, row + 1, total_column + 1, f"{letter(total_column)}{row + 1}", at.total)
    sheet.put(total, 1, _("Total"))
    _share(sheet, total, total_column + 1, f"{letter(total_column)}{total}", at.total)
    sheet.bold_row(total, len(headers))
    sheet.finish({1: 45, 2: 30})


def _source_sheet(book: Any, data: BudgetWorkbook, at: _Layout) -> None:
    sheet = _Sheet(book, _("By source"), [_("Source"), _("Total"), _("Share")], data.title)
    sources = list(FundingSource)
    for row, source in enumerate(sources, start=2):
        sheet.put(row, 1, source.label)
        sheet.put(
            row, 2, sum_if([(at.column("I"), f"A{row}", source.label)], at.column("H")), MONEY
        )
        _share(sheet, row, 3, f"B{row}", at.total)
    total = len(sources) + 2
    sheet.put(total, 1, _("Total"))
    sheet.put(total, 2, f"=SUM(B2:B{total - 1})", MONEY)
    _share(sheet, total, 3, f"B{total}", at.total)
    sheet.bold_row(total, 3)
    co = total + 2
    sheet.put(co, 1, _("Co-financing (everything but the requested grant)"))
    sheet.put(co, 2, f"=B{total}-B2", MONEY)
    _share(sheet, co, 3, f"B{co}", at.total)
    sheet.finish()


def _where(finding: Finding, data: BudgetWorkbook, names: dict[int, str]) -> str:
    area, key = finding.target.area, finding.target.key
    if area == "budget":
        return _("Budget: {category}").format(category=category_label(key)) if key else _("Budget")
    if area == "budget_line":
        numbers = {str(line.key): n for n, line in enumerate(data.lines, start=1)}
        number = numbers.get(str(key))
        return _("Line {n}").format(n=number) if number is not None else _("Budget")
    if area in ("partners", "lead"):
        return _("Partnership")
    if area == "attachments":
        return _("Attachments: {name}").format(name=key) if key else _("Attachments")
    if area == "documents":
        name = names.get(int(key)) if key and key.isdigit() else None
        return _("Papers of {name}").format(name=name) if name else _("Papers on file")
    return _("Proposal")


def _rules_sheet(book: Any, data: BudgetWorkbook, names: dict[int, str]) -> None:
    from openpyxl.styles import Font

    headers = [_("Severity"), _("Finding"), _("Where to fix it")]
    sheet = _Sheet(book, _("Rules"), headers, data.title)
    if not data.findings:
        sheet.put(2, 2, _("No rule of the call is broken."))
    for row, finding in enumerate(data.findings, start=2):
        cell = sheet.put(row, 1, _(_SEVERITY[finding.severity]))
        if finding.blocking:
            cell.font = Font(name=FONT, size=11, bold=True, color=BLOCKING_RED)
        sheet.put(row, 2, text(finding.message))
        sheet.put(row, 3, text(_where(finding, data, names)))
    sheet.finish({2: 90, 3: 40})


def write_budget_xlsx(path: Path, data: BudgetWorkbook) -> WorkbookSummary:
    """Write the workbook to *path*, all or nothing (a temporary file replaces it at the end)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "GrantDesk"
    book.properties.title = text(data.title)
    book.calculation.fullCalcOnLoad = True
    names = {m.key: m.name for m in data.members}
    layout = _lines_sheet(book, data, names)
    _category_sheet(book, data, layout)
    _partner_sheet(book, data, layout, names)
    _source_sheet(book, data, layout)
    _rules_sheet(book, data, names)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "xb") as stream:
            book.save(stream)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return WorkbookSummary(len(data.lines), tuple(book.sheetnames))
