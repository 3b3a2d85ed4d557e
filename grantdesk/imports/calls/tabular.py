"""Calls from spreadsheets made by hand: CSV (``;`` or ``,``, UTF-8 with or without BOM)
and XLSX. Reading the file and matching its columns is :mod:`grantdesk.imports.tabular`,
shared with the organization importer; this module knows the fields of a call.

The first non-empty row is the header; its names are recognised in Italian or English
(``Titolo``/``Title``, ``Ente finanziatore``/``Funder``, ``Scadenza``/``Deadline``,
``Contributo massimo``/``Max grant``, ``Link``/``URL``…), and ``--map COLUMN=FIELD``
names the others. Row numbers in messages are the spreadsheet's (the header is row 1).

- Dates are day-first Italian (``31/03/2026``) or ISO (``2026-03-31``), optionally with a
  time (``31/03/2026 12:00``, ``31/03/2026 ore 12.00``) or a separate time column; a date
  without a time is due at noon, Rome time. Anything else — ``31/02/2026``, ``02/31/2026``,
  two-digit years — is an error, never a guess. XLSX date cells are taken as Rome times.
- Amounts are Italian (``€ 1.234,56``, ``1234,5``, ``1.000``); XLSX number cells are exact
  up to the cent.
- A cell starting with ``=`` is text like any other: nothing is ever evaluated (XLSX
  formulas are read as the value the spreadsheet last computed, if any).
- Calls are matched on re-import by the ``ID`` column, else the ``Codice``/``Code``
  column, else funder and title together; source ``sheet`` for CSV and XLSX alike, so a
  spreadsheet saved in the other format updates the same calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from grantdesk.domain.dates import DateError, parse_date, parse_time, rome_to_utc
from grantdesk.domain.money import CENT, MoneyError, parse_amount
from grantdesk.domain.vocab import FunderKind, LegalForm
from grantdesk.i18n import _
from grantdesk.imports.calls.model import (
    CODE_MAX,
    DATE_ONLY_TIME,
    EXTERNAL_ID_MAX,
    FUNDER_MAX,
    TERRITORY_MAX,
    THEME_MAX,
    TITLE_MAX,
    URL_MAX,
    CallRecord,
    DeadlineRecord,
    Parsed,
    clip,
    unique,
)
from grantdesk.imports.errors import Problems, whole_file
from grantdesk.imports.tabular import XLSX_MAGIC as XLSX_MAGIC
from grantdesk.imports.tabular import Columns, header_index, map_columns, recogniser
from grantdesk.imports.tabular import blank as _blank
from grantdesk.imports.tabular import cell_text as _cell_text
from grantdesk.imports.tabular import fold as fold
from grantdesk.imports.tabular import read_csv as read_csv
from grantdesk.imports.tabular import read_xlsx as read_xlsx
from grantdesk.imports.tabular import split_list as _split

SOURCE = "sheet"

# Field → the header names it is recognised by (compared folded: no case, accents, dots).
HEADERS: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "identificativo", "external id"),
    "code": ("codice", "codice bando", "code", "call code", "reference", "riferimento"),
    "title": ("titolo", "titolo bando", "bando", "nome", "title", "call", "name"),
    "description": ("descrizione", "description", "sintesi", "summary"),
    "funder": (
        "ente finanziatore",
        "finanziatore",
        "ente",
        "ente erogatore",
        "soggetto concedente",
        "funder",
        "funding body",
    ),
    "funder_kind": ("tipo ente", "tipo finanziatore", "funder kind", "funder type"),
    "territory": ("territorio", "ambito territoriale", "area", "territory", "region"),
    "url": ("link", "url", "sito", "sito web", "pagina", "website", "web"),
    "deadline": (
        "scadenza",
        "data scadenza",
        "data di scadenza",
        "termine",
        "deadline",
        "due date",
        "closing date",
    ),
    "deadline_time": ("ora", "ora scadenza", "orario", "time", "deadline time"),
    "min_grant": ("contributo minimo", "min grant", "minimum grant"),
    "max_grant": (
        "contributo massimo",
        "contributo",
        "importo massimo",
        "max grant",
        "maximum grant",
        "grant",
    ),
    "min_total_cost": ("costo minimo", "costo totale minimo", "min total cost"),
    "max_total_cost": (
        "costo massimo",
        "costo totale massimo",
        "costo totale",
        "max total cost",
        "total cost",
    ),
    "themes": ("temi", "tema", "themes", "theme", "tags"),
    "eligible_forms": (
        "soggetti ammessi",
        "beneficiari",
        "forme ammesse",
        "eligible",
        "eligible forms",
        "eligible applicants",
    ),
}
FIELDS = tuple(HEADERS)
_AMOUNT_FIELDS = ("min_grant", "max_grant", "min_total_cost", "max_total_cost")
_DATE_TIME = re.compile(r"^(\S+)(?:\s+(?:ore\s+|h\s*)?(\d{1,2}[:.]\d{2}))?$", re.IGNORECASE)
_BY_NAME = recogniser(HEADERS)
REQUIRED = (("title", "Titolo/Title"), ("funder", "Ente finanziatore/Funder"))


def parse_rows(rows: Sequence[Sequence[Any]], fmt: str, mapping: Sequence[str] = ()) -> Parsed:
    """Read spreadsheet rows (the first non-empty one is the header) into call records."""
    problems = Problems()
    start = header_index(rows)
    if start is None:
        raise whole_file(_("The file has no rows."))
    header = [_cell_text(v) or "" for v in rows[start]]
    columns = map_columns(
        header, mapping, fields=FIELDS, by_name=_BY_NAME, required=REQUIRED, problems=problems
    )
    problems.raise_if_any()
    records: list[CallRecord] = []
    seen: dict[str, int] = {}
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if _blank(row):
            continue
        number = index + 1
        record = _record(number, row, columns, problems)
        if record is None:
            continue
        if record.external_id in seen:
            problems.add(
                number,
                None,
                _("the same call is already in row {row}").format(row=seen[record.external_id]),
            )
            continue
        seen[record.external_id] = number
        records.append(record)
    problems.raise_if_any()
    return Parsed(fmt, SOURCE, records, ignored_columns=columns.ignored)


def _record(
    number: int, row: Sequence[Any], columns: Columns, problems: Problems
) -> CallRecord | None:
    before = len(problems.items)
    raw = columns.values(row)

    def problem(field: str, message: str) -> None:
        problems.add(number, columns.name(field), message)

    def text(field: str, limit: int | None = None) -> str | None:
        value = _cell_text(raw.get(field))
        if value is not None and limit is not None and len(value) > limit:
            problem(field, _("longer than {limit} characters").format(limit=limit))
            return None
        return value

    title = clip(text("title"), TITLE_MAX)
    if title is None:
        problem("title", _("a title is required"))
    funder = text("funder", FUNDER_MAX)
    if funder is None and "funder" in raw and _cell_text(raw.get("funder")) is None:
        problem("funder", _("a funder is required"))
    code = text("code", CODE_MAX)
    ident = text("external_id", EXTERNAL_ID_MAX - 3)
    url = text("url", URL_MAX)
    amounts = {f: _amount(raw.get(f), f, problem) for f in _AMOUNT_FIELDS}
    deadlines = _deadline(raw, problem)
    kind = FunderKind.OTHER
    kind_text = text("funder_kind")
    if kind_text is not None:
        try:
            kind = FunderKind(FunderKind.parse(kind_text))
        except ValueError:
            problem("funder_kind", _("“{value}” is not a kind of funder").format(value=kind_text))
    forms: list[LegalForm] = []
    for item in _split(text("eligible_forms")):
        try:
            forms.append(LegalForm(LegalForm.parse(item)))
        except ValueError:
            problem("eligible_forms", _("“{value}” is not a legal form").format(value=item))
    if len(problems.items) > before or title is None or funder is None:
        return None
    if ident is not None:
        external_id = f"id:{ident}"
    elif code is not None:
        external_id = f"code:{code}"
    else:
        digest = hashlib.sha256(f"{fold(funder)}\n{fold(title)}".encode()).hexdigest()[:24]
        external_id = f"title:{digest}"
    return CallRecord(
        source=SOURCE,
        external_id=external_id,
        title=title,
        funder=funder,
        funder_kind=kind,
        code=code,
        description=text("description"),
        territory=clip(text("territory"), TERRITORY_MAX),
        url=url,
        themes=unique([clip(t, THEME_MAX) or "" for t in _split(text("themes"))]),
        eligible_forms=list(dict.fromkeys(forms)),
        deadlines=deadlines,
        min_grant=amounts["min_grant"],
        max_grant=amounts["max_grant"],
        min_total_cost=amounts["min_total_cost"],
        max_total_cost=amounts["max_total_cost"],
    )


def _amount(value: Any, field: str, problem: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    amount: Decimal | None = None
    if isinstance(value, (bool, datetime | date | time)):
        amount = None
    elif isinstance(value, int | float):
        try:
            exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if exact.is_finite() and exact == exact.quantize(CENT):
                amount = exact.quantize(CENT)
        except InvalidOperation:
            amount = None
    else:
        try:
            amount = parse_amount(str(value))
        except (MoneyError, InvalidOperation):
            amount = None
    if amount is None or amount < 0 or amount >= Decimal(10) ** 13:
        problem(field, _("“{value}” is not an amount").format(value=_cell_text(value)))
        return None
    return amount


def _deadline(raw: dict[str, Any], problem: Any) -> list[DeadlineRecord]:
    value = raw.get("deadline")
    time_value = raw.get("deadline_time")
    at: time | None = None
    if _cell_text(time_value) is not None:
        if isinstance(time_value, time):
            at = time_value.replace(second=0, microsecond=0)
        elif isinstance(time_value, datetime):
            at = None
        else:
            try:
                at = parse_time(_cell_text(time_value) or "")
            except DateError:
                at = None
        if at is None:
            text = _cell_text(time_value)
            problem("deadline_time", _("“{value}” is not a time").format(value=text))
            return []
    if _cell_text(value) is None:
        return []
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
        if at is None and value.time() != time(0, 0):
            at = value.time().replace(second=0, microsecond=0)
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        match = _DATE_TIME.match(value.strip())
        try:
            if match is None:
                raise DateError(value)
            day = parse_date(match.group(1))
            if match.group(2):
                if at is not None:
                    raise DateError(value)
                at = parse_time(match.group(2))
        except DateError:
            day = None
    if day is None or not 1900 <= day.year <= 2199:
        problem("deadline", _("“{value}” is not a date").format(value=_cell_text(value)))
        return []
    return [DeadlineRecord(rome_to_utc(day, at or DATE_ONLY_TIME))]
