"""The organizations list written to CSV or XLSX: the same records, in the same order, as
the Organizations list of the window for the same search.

The records are found by :func:`grantdesk.services.listing.fetch_rows` (so "universita"
finds "Università" here too, and a future filter of the list is one ``only_ids`` away),
then read in chunks with every exported field. The headers are the ones the organization
importer recognises, in the current language, so an export imported again changes
nothing. Formula prefixes are neutralised by :mod:`grantdesk.exports.tabular`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from grantdesk.db.models import Organization, Theme
from grantdesk.db.models.organizations import organization_theme
from grantdesk.domain.identifiers import format_iban
from grantdesk.domain.vocab import LegalForm
from grantdesk.exports.tabular import FORMATS, ExportColumn, write_table
from grantdesk.i18n import N_, _
from grantdesk.services import listing
from grantdesk.services.database import Database

ProgressCallback = Callable[[int, int], None]
CHUNK = 500
ID_PAGE = 20_000  # ids per listing query (one query for most registers)

# (field, header msgid, kind): the exported columns, in order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", N_("Name"), "text"),
    ("legal_form", N_("Legal form"), "text"),
    ("codice_fiscale", N_("Tax code"), "text"),
    ("partita_iva", N_("VAT number"), "text"),
    ("runts_number", N_("RUNTS number"), "text"),
    ("runts_registered_on", N_("RUNTS registration date"), "date"),
    ("iban", N_("IBAN"), "text"),
    ("address", N_("Address"), "text"),
    ("postal_code", N_("Postal code"), "text"),
    ("municipality", N_("Municipality"), "text"),
    ("province", N_("Province"), "text"),
    ("region", N_("Region"), "text"),
    ("neighbourhood", N_("Neighbourhood"), "text"),
    ("email", N_("E-mail"), "text"),
    ("phone", N_("Phone"), "text"),
    ("website", N_("Website"), "text"),
    ("volunteers", N_("Volunteers"), "int"),
    ("staff", N_("Staff"), "int"),
    ("themes", N_("Themes"), "text"),
    ("notes", N_("Notes"), "text"),
)


class ExportFormatError(ValueError):
    """A file format GrantDesk does not write."""


@dataclass(frozen=True)
class OrganizationExport:
    """What an export wrote: how many organizations, where, in which format."""

    count: int
    path: Path
    format: str


def format_for(path: Path) -> str:
    """``csv`` or ``xlsx`` from the file's extension; ``ExportFormatError`` otherwise."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportFormatError(
            _("{file}: the file name must end in .csv or .xlsx.").format(file=path.name)
        )
    return fmt


def export_columns() -> list[ExportColumn]:
    """The columns, with headers in the current language."""
    return [ExportColumn(_(header), kind) for _field, header, kind in COLUMNS]


def organization_ids(
    db: Database,
    *,
    search: str = "",
    sort: str | None = None,
    descending: bool = False,
    only_ids: Collection[int] | None = None,
) -> list[int]:
    """The ids of the organizations the list shows for *search*, in its order."""
    ids: list[int] = []
    while True:
        rows = listing.fetch_rows(
            db,
            "organizations",
            search=search,
            sort=sort,
            descending=descending,
            offset=len(ids),
            limit=ID_PAGE,
            only_ids=only_ids,
        )
        ids.extend(r.id for r in rows)
        if len(rows) < ID_PAGE:
            return ids


def _value(name: str, value: Any) -> Any:
    if name == "legal_form":
        return LegalForm(value).label
    if name == "iban":
        return format_iban(value) if value else None
    return value


def organization_rows(
    db: Database, ids: list[int], progress: ProgressCallback | None = None
) -> list[list[Any]]:
    """The exported values of the organizations *ids*, in that order (read as plain rows,
    never as ORM objects: 5,000 organizations in a fraction of a second)."""
    table = Organization.__table__.c
    fields = [name for name, _header, _kind in COLUMNS if name != "themes"]
    rows: dict[int, list[Any]] = {}
    themes: dict[int, list[str]] = {}
    with db.reading() as s:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            query = select(table.id, *(table[name] for name in fields)).where(table.id.in_(chunk))
            for org_id, *values in s.execute(query):
                rows[org_id] = [_value(n, v) for n, v in zip(fields, values, strict=True)]
            link = organization_theme.c
            tagged = (
                select(link.organization_id, Theme.name)
                .join(Theme, Theme.id == link.theme_id)
                .where(link.organization_id.in_(chunk))
            )
            for org_id, theme in s.execute(tagged):
                themes.setdefault(org_id, []).append(theme)
            if progress is not None:
                progress(min(start + CHUNK, len(ids)), len(ids))
    at = [name for name, _header, _kind in COLUMNS].index("themes")
    ordered = []
    for org_id in ids:
        if org_id in rows:
            row = rows[org_id]
            row.insert(at, "; ".join(sorted(themes.get(org_id, []), key=str.casefold)) or None)
            ordered.append(row)
    return ordered


def export_organizations(
    db: Database,
    path: Path,
    fmt: str | None = None,
    *,
    search: str = "",
    sort: str | None = None,
    descending: bool = False,
    only_ids: Collection[int] | None = None,
    progress: ProgressCallback | None = None,
) -> OrganizationExport:
    """Write the organizations matching *search* to *path* (``csv`` or ``xlsx``, from the
    extension when *fmt* is None). Raises ``OSError`` when the file cannot be written.

    *progress* hears ``(done, total)`` over reading and writing together (twice the number
    of organizations).
    """
    path = Path(path)
    fmt = fmt or format_for(path)
    if fmt not in FORMATS:
        raise ExportFormatError(_("Unknown format “{format}”.").format(format=fmt))
    ids = organization_ids(db, search=search, sort=sort, descending=descending, only_ids=only_ids)
    total = 2 * len(ids)

    def reading(done: int, _count: int) -> None:
        if progress is not None:
            progress(done, total)

    def writing(done: int, _count: int) -> None:
        if progress is not None:
            progress(len(ids) + done, total)

    rows = organization_rows(db, ids, reading)
    count = write_table(
        path, fmt, export_columns(), rows, sheet_title=_("Organizations"), progress=writing
    )
    return OrganizationExport(count, path, fmt)
