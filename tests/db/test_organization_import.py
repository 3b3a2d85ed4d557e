"""Writing imported organizations: created once, matched on re-import, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from stdnum import luhn

from grantdesk.db.models import AuditEntry, Organization, Theme
from grantdesk.domain.formulas import is_dangerous
from grantdesk.domain.vocab import LegalForm
from grantdesk.imports.errors import ImportRejected
from grantdesk.imports.organizations import parse_organizations
from grantdesk.services.organization_export import export_organizations
from grantdesk.services.organization_import import import_organizations
from tests.helpers import factories as f

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "organizations"
RUNTS = (FIXTURES / "runts_enti.csv").read_bytes()
HAND = (FIXTURES / "elenco_enti.csv").read_bytes()


def cf(serial: int, office: str = "018") -> str:
    stem = f"{serial:07d}{office}"
    return stem + luhn.calc_check_digit(stem)


def run(db: Any, data: bytes, *, dry_run: bool = False, **kw: Any) -> Any:
    parsed = parse_organizations(data)
    return import_organizations(db, parsed.records, source="test.csv", dry_run=dry_run, **kw)


def count(db: Any, model: Any = Organization) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def versions(db: Any) -> dict[str, int]:
    with db.reading() as s:
        return {o.name: o.version for o in s.scalars(select(Organization))}


def by_name(db: Any, name: str) -> Organization:
    with db.reading() as s:
        org = s.scalars(select(Organization).where(Organization.name == name)).one()
        _ = org.themes  # loaded before the session closes
        return org


def xlsx_of(text: str) -> bytes:
    """The rows of a ``;`` CSV text as an XLSX workbook, as a spreadsheet would save it."""
    import openpyxl

    book = openpyxl.Workbook()
    for line in text.strip("\ufeff").splitlines():
        book.active.append(line.split(";"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_runts_file_imports_then_reimport_changes_nothing(db: Any) -> None:
    report = run(db, RUNTS)
    assert (report.created, report.updated, report.unchanged) == (12, 0, 0)
    assert report.outcomes == ("created",) * 12
    assert count(db) == 12
    before = versions(db)
    again = run(db, RUNTS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert versions(db) == before and count(db) == 12
    with db.reading() as s:
        audit = s.scalars(select(AuditEntry)).all()
    assert len(audit) == 1 and audit[0].entity == "organization"
    assert "test.csv: 12 created" in audit[0].summary
    amici = by_name(db, "ASSOCIAZIONE AMICI DELLA LOMELLINA ODV")
    assert (amici.legal_form, amici.province, amici.region) == (LegalForm.ODV, "PV", "Lombardia")
    assert "vigevano" in amici.search_text  # found by the list's search


def test_the_same_data_as_csv_with_commas_and_as_xlsx_changes_nothing(db: Any) -> None:
    run(db, RUNTS)
    text = RUNTS.decode("utf-8-sig")
    for variant in (
        text.replace(";", "|").replace(",", " e").replace("|", ",").encode(),  # ',' no BOM
        xlsx_of(text),
    ):
        report = run(db, variant)
        # The comma variant rewords section d); both still mean the same forms.
        assert (report.created, report.unchanged) == (0, 12), variant[:40]


def test_a_dry_run_writes_nothing_and_reports_the_same(db: Any) -> None:
    dry = run(db, HAND, dry_run=True)
    assert dry.dry_run and (dry.created, dry.updated, dry.themes_created) == (4, 0, 7)
    assert count(db) == 0 and count(db, Theme) == 0 and count(db, AuditEntry) == 0
    real = run(db, HAND)
    assert (real.created, real.themes_created) == (dry.created, dry.themes_created)
    assert count(db) == 4


def test_a_file_with_one_bad_row_imports_nothing_and_names_row_and_column(db: Any) -> None:
    run(db, RUNTS)
    before = versions(db)
    lines = RUNTS.decode("utf-8-sig").splitlines()
    lines[1] = lines[1].replace("VIGEVANO", "VIGEVANO CENTRO")  # a change that would update
    lines[5] = lines[5].replace("93001050157", "93001050158")  # a wrong check digit
    with pytest.raises(ImportRejected) as info:
        run(db, ("\n".join(lines) + "\n").encode())
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (6, "CODICE FISCALE")
    assert "“93001050158”" in problem.message and "check character" in problem.message
    assert versions(db) == before  # row 2's change was not written either
    assert by_name(db, "ASSOCIAZIONE AMICI DELLA LOMELLINA ODV").municipality == "VIGEVANO"


def test_reimport_updates_by_codice_fiscale_and_never_erases(db: Any) -> None:
    run(db, RUNTS)
    with db.transaction() as s:
        org = s.scalars(select(Organization).where(Organization.codice_fiscale == "93001010185"))
        amici = org.one()
        amici.iban = "IT66A0503423000000123456789"
        amici.volunteers = 40
        amici.themes = [Theme(name="anziani")]
    version = by_name(db, "ASSOCIAZIONE AMICI DELLA LOMELLINA ODV").version
    text = RUNTS.decode("utf-8-sig").replace(
        "ASSOCIAZIONE AMICI DELLA LOMELLINA ODV", "Amici della Lomellina ODV"
    )
    header, *rows = text.splitlines()
    data = "\n".join([header + ";TEMI", rows[0] + ";povertà; anziani", *rows[1:]]) + "\n"
    report = run(db, data.encode())
    assert (report.created, report.updated, report.unchanged) == (0, 1, 11)
    assert report.outcomes[0] == "updated"
    assert count(db) == 12  # updated, not duplicated
    amici = by_name(db, "Amici della Lomellina ODV")
    assert amici.version == version + 1
    assert amici.iban == "IT66A0503423000000123456789" and amici.volunteers == 40
    assert sorted(t.name for t in amici.themes) == ["anziani", "povertà"]


def test_rows_without_a_code_match_name_and_municipality(db: Any) -> None:
    with db.transaction() as s:
        f.organization(s, "Comitato di quartiere Piccolini", LegalForm.INFORMAL_GROUP,
                       municipality="Vigevano", volunteers=3)  # fmt: skip
        f.organization(s, "Parrocchia San Dionigi", LegalForm.PARISH, municipality="Vigevano")
    report = run(db, HAND)
    # The committee (no code in the file) and the parish (code in the file, none in the
    # database yet) are found by name and town; the two others are new.
    assert report.outcomes == ("created", "created", "updated", "updated")
    assert count(db) == 4
    assert by_name(db, "Comitato di quartiere Piccolini").volunteers == 12
    assert by_name(db, "Parrocchia San Dionigi").codice_fiscale == "93001150189"
    again = run(db, HAND)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    data = "Denominazione;Comune\nCOMITATO DI QUARTIERE - PICCOLINI;VIGEVANO\nComitato;Mortara\n"
    assert run(db, data.encode()).outcomes == ("unchanged", "created")


def test_an_ambiguous_name_or_a_body_reached_twice_is_refused(db: Any) -> None:
    with db.transaction() as s:
        for _ in range(2):
            f.organization(s, "Gruppo di cammino", LegalForm.INFORMAL_GROUP, municipality="Mede")
        f.organization(s, "Casa APS", codice_fiscale=cf(9600001), municipality="Mede")
    data = "Denominazione;Comune\nGruppo di cammino;Mede\n"
    with pytest.raises(ImportRejected) as info:
        run(db, data.encode())
    assert str(info.value.problems[0]) == (
        "row 2: 2 organizations are called “Gruppo di cammino” in Mede: add the codice "
        "fiscale to say which one"
    )
    data = f"Denominazione;Comune;Codice fiscale\nCasa APS;Mede;\nCasa;Mede;{cf(9600001)}\n"
    with pytest.raises(ImportRejected) as info:
        run(db, data.encode())
    assert str(info.value.problems[0]) == "row 3: this is the same organization as row 2"
    assert count(db) == 3


def test_progress_is_reported_and_a_cancel_rolls_back(db: Any) -> None:
    seen: list[tuple[int, int]] = []
    run(db, RUNTS, dry_run=True, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 12) and seen[-1] == (12, 12)

    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done == total:
            raise Cancelled

    with pytest.raises(Cancelled):
        run(db, RUNTS, progress=cancel)
    assert count(db) == 0 and count(db, AuditEntry) == 0


def nasty(extra: str = "") -> st.SearchStrategy[str]:
    """Short texts made of formula prefixes, quotes, separators and a few letters."""
    alphabet = st.sampled_from(list("=+-@ ab'\"(),;:é€1" + extra))
    return st.text(alphabet=alphabet, min_size=1, max_size=20).filter(lambda t: t.strip())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=nasty("\t"), notes=nasty("\t\n"))
def test_formula_like_text_is_neutralised_in_exports_and_comes_back(
    db: Any, tmp_path: Path, name: str, notes: str
) -> None:
    """Whatever a name or a note starts with, the exported cell is never a formula, and
    importing the export gives back the same text."""
    import openpyxl

    with db.transaction() as s:
        s.query(Organization).delete()
        f.organization(s, " ".join(name.split()), notes=notes.strip() or None)
    path = tmp_path / "enti.xlsx"
    export_organizations(db, path)
    book = openpyxl.load_workbook(path)
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" and not is_dangerous(str(c.value)) for c in cells)
    for export in (path, tmp_path / "enti.csv"):
        export_organizations(db, export)
        report = run(db, export.read_bytes())
        assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
