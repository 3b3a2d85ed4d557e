"""File ▸ Import organizations…: the import wizard for a CSV or XLSX list of organizations.

The steps are the call wizard's (:class:`~grantdesk.ui.import_wizard.ImportWizard`): the
file, its columns matched to GrantDesk's fields (the RUNTS open-data headers are
recognised), a dry run that shows what each row would do — create, update or leave an
organization unchanged — or every problem by row and column, then the import in one
transaction. It drives the same parser and service as ``grantdesk import organizations``.
"""

from __future__ import annotations

from typing import Any

from grantdesk.i18n import N_, _
from grantdesk.imports.errors import ImportRejected
from grantdesk.imports.organizations import FIELDS, HEADERS, detect_format
from grantdesk.ui.import_pages import Cell
from grantdesk.ui.import_wizard import ImportWizard
from grantdesk.ui.tasks import Progress

FIELD_LABELS = {
    "name": N_("Name"),
    "codice_fiscale": N_("Tax code"),
    "partita_iva": N_("VAT number"),
    "legal_form": N_("Legal form"),
    "runts_number": N_("RUNTS number"),
    "runts_registered_on": N_("RUNTS registration date"),
    "iban": N_("IBAN"),
    "address": N_("Address"),
    "postal_code": N_("Postal code"),
    "municipality": N_("Municipality"),
    "province": N_("Province"),
    "region": N_("Region"),
    "neighbourhood": N_("Neighbourhood"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "website": N_("Website"),
    "volunteers": N_("Volunteers"),
    "staff": N_("Staff"),
    "themes": N_("Themes"),
    "notes": N_("Notes"),
}
OUTCOMES = {
    "created": N_("will be created"),
    "updated": N_("will be updated"),
    "unchanged": N_("no change"),
}


def preview_organizations(
    db: Any, data: bytes, fmt: str, mapping: list[str], name: str, *, progress: Progress
) -> tuple[Any, Any] | ImportRejected:
    """Parse *data* and dry-run the import (in a worker thread); a rejection is returned."""
    from grantdesk.imports.organizations import parse_organizations
    from grantdesk.services.organization_import import import_organizations

    try:
        parsed = parse_organizations(data, fmt, mapping)
        report = import_organizations(
            db, parsed.records, source=f"{fmt}:{name}", dry_run=True, progress=progress
        )
    except ImportRejected as exc:
        return exc  # an expected answer, not a failure of the task
    return parsed, report


def import_organizations_job(db: Any, parsed: Any, name: str, *, progress: Progress) -> Any:
    """Write the previewed organizations in one transaction (in a worker thread)."""
    from grantdesk.services.organization_import import import_organizations

    return import_organizations(
        db, parsed.records, source=f"{parsed.format}:{name}", progress=progress
    )


def summary_text(report: Any) -> str:
    """``New: 12, updated: 3, unchanged: 40`` in the current language (no plural to agree)."""
    return _("New: {created}, updated: {updated}, unchanged: {unchanged}").format(
        created=report.created, updated=report.updated, unchanged=report.unchanged
    )


class ImportOrganizationsWizard(ImportWizard):
    """Import organizations from a CSV or XLSX file (the RUNTS open data included)."""

    kind = "organizations"
    title = N_("Import organizations")
    format_labels = {"csv": "CSV", "xlsx": "Excel (XLSX)"}
    fields = FIELDS
    field_labels = FIELD_LABELS
    headers = HEADERS
    dry_run_job = staticmethod(preview_organizations)
    import_job = staticmethod(import_organizations_job)

    def file_subtitle(self) -> str:
        return _(
            "A spreadsheet of organizations (CSV or Excel): your own list, or the RUNTS "
            "open data with its columns as they are."
        )

    def file_hint(self) -> str:
        return _(
            "The first row names the columns (such as Codice fiscale, Denominazione, "
            "Sezione, Comune, Provincia, Regione): you can match them to GrantDesk's fields "
            "on the next page. Only the name is required. Organizations already in "
            "GrantDesk are found by codice fiscale, or else by name and municipality, and "
            "updated: empty cells never erase what is already there."
        )

    def file_filters(self) -> list[str]:
        return [_("Spreadsheets (*.csv *.xlsx)"), *super().file_filters()]

    def detect(self, data: bytes) -> str:
        return detect_format(data)

    def missing_columns(self, chosen: list[str]) -> str | None:
        if "name" not in chosen:
            return _(
                "Choose which column holds the name of the organization: every "
                "organization needs one."
            )
        return None

    def preview_headers(self) -> list[str]:
        return [_("Name"), _("Legal form"), _("Tax code"), _("Municipality"), _("Outcome")]

    def preview_widths(self) -> list[int]:
        return [250, 225, 100, 160]

    def preview_cells(self, parsed: Any, report: Any, index: int) -> list[Cell]:
        record = parsed.records[index]
        place = record.municipality or ""
        if record.province:
            place = f"{place} ({record.province})" if place else record.province
        outcomes = getattr(report, "outcomes", ())
        outcome = outcomes[index] if index < len(outcomes) else ""
        return [
            Cell(record.name),
            Cell(record.legal_form.label if record.legal_form else ""),
            Cell(record.codice_fiscale or ""),
            Cell(place),
            Cell(_(OUTCOMES[outcome]) if outcome in OUTCOMES else ""),
        ]

    def preview_subtitle(self) -> str:
        return _("Nothing has been written yet: “Import” creates and updates these organizations.")

    def records_name(self) -> str:
        return _("Organizations in the file")

    def more_records(self, shown: int, total: int) -> str:
        return _("The table shows the first {shown} of {total} organizations.").format(
            shown=shown, total=total
        )

    def summary(self, report: Any) -> str:
        return summary_text(report)

    def done_message(self, name: str, report: Any) -> str:
        return _(
            "Organizations imported from {file}: {created} new, {updated} updated, "
            "{unchanged} unchanged."
        ).format(
            file=name, created=report.created, updated=report.updated, unchanged=report.unchanged
        )
