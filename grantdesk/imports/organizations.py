"""Importing organizations from a spreadsheet: CSV or XLSX, the RUNTS open data included.

The register's open-data export (``Codice fiscale; Denominazione; Sezione; Comune;
Provincia; Regione``…) is read as it is; so is a list kept by hand with Italian or English
headers (``Denominazione``/``Name``, ``Partita IVA``, ``IBAN``, ``Quartiere``, ``Temi``,
``Volontari``…). The parser is pure: it returns :class:`OrganizationRecord` values or raises
``ImportRejected`` listing every problem by row and column, so one bad row imports nothing.
:mod:`grantdesk.services.organization_import` writes the records.

What a row must be:

- a name (``Denominazione``) — the only required column;
- a codice fiscale, partita IVA or IBAN, when given, that passes python-stdnum's check
  (the reason is the row's problem); XLSX number cells get back the leading zeros a
  spreadsheet drops (``1234567890`` → ``01234567890``, CAP ``184`` → ``00184``);
- a legal form that is a RUNTS section, an acronym or a name GrantDesk knows (see
  :mod:`grantdesk.imports.org_values`); an unknown one is a problem naming the value;
- a province given by code or name (stored as the code); a known region written as
  GrantDesk writes it, and filled in from the province when the file has none; a province
  outside the region given is a problem;
- dates ``31/03/2026`` or ``2026-03-31``; whole numbers of volunteers and staff;
- no second row for the same body: the same codice fiscale, or (without one) the same
  name in the same municipality.

Empty cells mean "not in the file", never "erase": see the import service. A cell that an
export neutralised (``'=…``) comes back as it was typed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from grantdesk.domain.dates import DateError
from grantdesk.domain.formulas import restore
from grantdesk.domain.identifiers import (
    IdentifierError,
    check_codice_fiscale,
    check_iban,
    check_partita_iva,
)
from grantdesk.domain.territory import PROVINCE_REGION
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import _
from grantdesk.imports.errors import Problems, whole_file
from grantdesk.imports.org_values import parse_legal_form, parse_province, parse_region
from grantdesk.imports.tabular import (
    XLSX_MAGIC,
    Columns,
    blank,
    cell_text,
    fold,
    header_index,
    map_columns,
    parse_day,
    read_table,
    recogniser,
    split_list,
    unique,
)

FORMATS = ("csv", "xlsx")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old binary Excel workbook (.xls)

# Field → the header names it is recognised by (compared folded: no case, accents, dots).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": (
        "denominazione",
        "denominazione ente",
        "ragione sociale",
        "nome",
        "nome ente",
        "ente",
        "organizzazione",
        "associazione",
        "name",
        "organization",
        "organisation",
    ),
    "codice_fiscale": (
        "codice fiscale",
        "codice fiscale ente",
        "cf",
        "codicefiscale",
        "tax code",
        "fiscal code",
    ),
    "partita_iva": ("partita iva", "p iva", "piva", "vat", "vat number"),
    "legal_form": (
        "sezione",
        "sezione runts",
        "sezione registro",
        "forma giuridica",
        "tipologia",
        "tipo ente",
        "tipologia ente",
        "legal form",
        "runts section",
    ),
    "runts_number": (
        "repertorio",
        "numero repertorio",
        "n repertorio",
        "numero iscrizione",
        "numero runts",
        "runts number",
        "registration number",
    ),
    "runts_registered_on": (
        "data iscrizione",
        "data di iscrizione",
        "data iscrizione runts",
        "iscritto dal",
        "registered on",
        "registration date",
        "runts registration date",
    ),
    "iban": ("iban", "conto corrente", "bank account"),
    "address": ("indirizzo", "indirizzo sede", "sede", "sede legale", "address"),
    "postal_code": ("cap", "codice postale", "postal code", "postcode", "zip"),
    "municipality": ("comune", "comune sede", "citta", "municipality", "town", "city"),
    "province": ("provincia", "prov", "sigla provincia", "province"),
    "region": ("regione", "region"),
    "neighbourhood": ("quartiere", "zona", "frazione", "neighbourhood", "neighborhood"),
    "email": ("email", "e mail", "posta elettronica", "mail"),
    "phone": ("telefono", "tel", "cellulare", "phone", "telephone"),
    "website": ("sito", "sito web", "sito internet", "web", "website", "url"),
    "volunteers": ("volontari", "numero volontari", "n volontari", "volunteers"),
    "staff": ("dipendenti", "personale", "numero dipendenti", "lavoratori", "staff"),
    "themes": ("temi", "tema", "ambiti", "settori", "themes", "theme", "tags"),
    "notes": ("note", "annotazioni", "notes"),
}
FIELDS = tuple(HEADERS)
REQUIRED = (("name", "Denominazione/Name"),)
_BY_NAME = recogniser(HEADERS)

# Column widths of the organization table: longer text is refused, never cut silently.
LIMITS = {
    "name": 300,
    "runts_number": 40,
    "address": 300,
    "municipality": 120,
    "region": 60,
    "neighbourhood": 120,
    "email": 200,
    "phone": 40,
    "website": 500,
}
THEME_MAX = 80
COUNT_MAX = 10_000_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WHOLE = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")  # 12, 1200, 1.200


@dataclass
class OrganizationRecord:
    """One organization read from a file. None means the file says nothing about a field."""

    row: int  # the spreadsheet row, for problems found when the record is written
    name: str
    codice_fiscale: str | None = None
    partita_iva: str | None = None
    legal_form: LegalForm | None = None
    runts_number: str | None = None
    runts_registered_on: date | None = None
    iban: str | None = None
    address: str | None = None
    postal_code: str | None = None
    municipality: str | None = None
    province: str | None = None
    region: str | None = None
    neighbourhood: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    volunteers: int | None = None
    staff: int | None = None
    notes: str | None = None
    themes: list[str] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The stored fields this record gives a value for (not the row, not the themes)."""
        skip = {"row", "themes"}
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in skip and getattr(self, f.name) is not None
        }

    @property
    def match_key(self) -> tuple[str, str]:
        """Name and municipality, folded: how a row without a codice fiscale is matched."""
        return match_key(self.name, self.municipality)


def match_key(name: str, municipality: str | None) -> tuple[str, str]:
    """An organization's name and municipality folded (no case, accents, punctuation)."""
    return fold(name), fold(municipality or "")


@dataclass
class ParsedOrganizations:
    """The records of a file and the columns that were not imported."""

    format: str
    records: list[OrganizationRecord]
    ignored_columns: list[str] = field(default_factory=list)


def detect_format(data: bytes) -> str:
    """``xlsx`` or ``csv`` from the bytes; other files are refused with a sentence."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        raise whole_file(
            _("This is an old Excel workbook (.xls): save it as .xlsx or as CSV UTF-8 first.")
        )
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if head in (b"{", b"["):
        raise whole_file(
            _("This is a JSON file: organizations are imported from CSV or XLSX spreadsheets.")
        )
    return "csv"


def parse_organizations(
    data: bytes, fmt: str | None = None, mapping: Sequence[str] = ()
) -> ParsedOrganizations:
    """Read a CSV or XLSX file (*fmt* detected when None) into organization records.

    Raises ``ImportRejected`` listing every problem found.
    """
    fmt = fmt or detect_format(data)
    if fmt not in FORMATS:
        raise whole_file(_("Unknown format “{format}”.").format(format=fmt))
    return parse_rows(read_table(data, fmt), fmt, mapping)


def parse_rows(
    rows: Sequence[Sequence[Any]], fmt: str, mapping: Sequence[str] = ()
) -> ParsedOrganizations:
    """Spreadsheet rows (the first non-empty one is the header) into organization records."""
    problems = Problems()
    start = header_index(rows)
    if start is None:
        raise whole_file(_("The file has no rows."))
    header = [cell_text(v) or "" for v in rows[start]]
    columns = map_columns(
        header, mapping, fields=FIELDS, by_name=_BY_NAME, required=REQUIRED, problems=problems
    )
    problems.raise_if_any()
    records: list[OrganizationRecord] = []
    by_code: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for index in range(start + 1, len(rows)):
        if blank(rows[index]):
            continue
        number = index + 1
        before = len(problems.items)
        record = _Row(number, columns, rows[index], problems).record()
        # A row's problems in the order of the file's columns, as the user reads them.
        problems.items[before:] = sorted(
            problems.items[before:], key=lambda p: _position(header, p.column)
        )
        if record is None:
            continue
        if record.codice_fiscale is not None:
            first = by_code.setdefault(record.codice_fiscale, number)
            column = columns.name("codice_fiscale")
            message = _("the same codice fiscale is already in row {row}")
        else:
            first = by_name.setdefault(record.match_key, number)
            column = columns.name("name")
            message = _("the same organization (name and municipality) is already in row {row}")
        if first != number:
            problems.add(number, column, message.format(row=first))
            continue
        records.append(record)
    problems.raise_if_any()
    return ParsedOrganizations(fmt, records, columns.ignored)


def _position(header: list[str], column: str | None) -> int:
    return header.index(column) if column in header else len(header)


class _Row:
    """One row being read: its cells by field, and the problems found in it."""

    def __init__(
        self, number: int, columns: Columns, row: Sequence[Any], problems: Problems
    ) -> None:
        self.number = number
        self.columns = columns
        self.raw = columns.values(row)
        self.problems = problems
        self.found = 0

    def problem(self, field_name: str, message: str) -> None:
        self.problems.add(self.number, self.columns.name(field_name), message)
        self.found += 1

    def text(self, field_name: str, *, keep_lines: bool = False) -> str | None:
        """The cell as text (spaces collapsed unless *keep_lines*); None when empty."""
        value = cell_text(self.raw.get(field_name))
        if value is None:
            return None
        value = restore(value)
        if keep_lines:  # one kind of line end, whatever program wrote the file
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        else:
            value = " ".join(value.split())
        limit = LIMITS.get(field_name)
        if limit is not None and len(value) > limit:
            self.problem(field_name, _("longer than {limit} characters").format(limit=limit))
            return None
        return value or None

    def digits(self, field_name: str, width: int) -> str | None:
        """A code made of digits: a number cell gets back the leading zeros it lost."""
        value = self.raw.get(field_name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            text = str(value)
            return text.zfill(width) if len(text) < width else text
        return self.text(field_name)

    def checked(self, field_name: str, check: Callable[[str], str], width: int) -> str | None:
        value = self.digits(field_name, width)
        if value is None:
            return None
        try:
            return check(value)
        except IdentifierError as exc:
            message = _("“{value}”: {reason}").format(value=value, reason=str(exc))
        padded = value.zfill(width) if value.isdigit() and 0 < len(value) < width else None
        with contextlib.suppress(IdentifierError):
            if padded is not None and check(padded):
                # Never a guess: the user is told, and corrects the file.
                message = _(
                    "“{value}” looks like a code that lost its leading zeros in a "
                    "spreadsheet: write {padded}, as text"
                ).format(value=value, padded=padded)
        self.problem(field_name, message)
        return None

    def parsed(self, field_name: str, read: Callable[[str], Any], message: str) -> Any:
        value = self.text(field_name)
        if value is None:
            return None
        try:
            return read(value)
        except ValueError:
            self.problem(field_name, message.format(value=value))
            return None

    def whole(self, field_name: str) -> int | None:
        value = self.raw.get(field_name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            number: int | None = value
        else:
            text = self.text(field_name)
            if text is None:
                return None
            number = int(text.replace(".", "")) if _WHOLE.match(text) else None
        if number is None or not 0 <= number <= COUNT_MAX:
            shown = cell_text(value)
            self.problem(field_name, _("“{value}” is not a whole number").format(value=shown))
            return None
        return number

    def day(self, field_name: str) -> date | None:
        value = self.raw.get(field_name)
        if cell_text(value) is None:
            return None
        try:
            return parse_day(value)
        except DateError:
            self.problem(field_name, _("“{value}” is not a date").format(value=cell_text(value)))
            return None

    def postal_code(self) -> str | None:
        value = self.digits("postal_code", 5)
        if value is not None and not (len(value) == 5 and value.isdigit()):
            self.problem(
                "postal_code",
                _("“{value}” is not a postal code: a CAP has 5 digits").format(value=value),
            )
            return None
        return value

    def place(self) -> tuple[str | None, str | None]:
        """The province code and the region, checked against each other."""
        province = self.parsed(
            "province",
            parse_province,
            _("“{value}” is not an Italian province: write its code (PV) or its name (Pavia)"),
        )
        region_text = self.text("region")
        region = parse_region(region_text) if region_text else None
        home = PROVINCE_REGION.get(province or "")
        if home and region and home != region:
            self.problem(
                "province",
                _("the province {province} is in {region}, not in {other}").format(
                    province=province, region=home, other=region
                ),
            )
        return province, region or region_text or home

    def record(self) -> OrganizationRecord | None:
        name = self.text("name")
        if name is None and cell_text(self.raw.get("name")) is None:
            self.problem("name", _("a name is required"))
        email = self.text("email")
        if email is not None and not _EMAIL.match(email):
            self.problem("email", _("“{value}” is not an e-mail address").format(value=email))
        form = self.parsed(
            "legal_form",
            parse_legal_form,
            _("“{value}” is not a RUNTS section or a legal form GrantDesk knows"),
        )
        province, region = self.place()
        themes = unique(
            [" ".join(t.split()) for t in split_list(self.text("themes", keep_lines=True))]
        )
        for theme in themes:
            if len(theme) > THEME_MAX:
                self.problem("themes", _("longer than {limit} characters").format(limit=THEME_MAX))
        values: dict[str, Any] = {
            "codice_fiscale": self.checked("codice_fiscale", check_codice_fiscale, 11),
            "partita_iva": self.checked("partita_iva", check_partita_iva, 11),
            "iban": self.checked("iban", check_iban, 0),
            "runts_number": self.digits("runts_number", 0),
            "runts_registered_on": self.day("runts_registered_on"),
            "address": self.text("address"),
            "postal_code": self.postal_code(),
            "municipality": self.text("municipality"),
            "neighbourhood": self.text("neighbourhood"),
            "phone": self.digits("phone", 0),
            "website": self.text("website"),
            "volunteers": self.whole("volunteers"),
            "staff": self.whole("staff"),
            "notes": self.text("notes", keep_lines=True),
        }
        if self.found or name is None:
            return None
        return OrganizationRecord(
            row=self.number,
            name=name,
            legal_form=form,
            province=province,
            region=region,
            email=email,
            themes=themes,
            **values,
        )
