"""The budget workbook: LibreOffice recomputes its formulas and every total equals
GrantDesk's to the cent; user text never becomes a formula.

LibreOffice (``soffice --headless --convert-to csv``, every sheet to its own file) is the
judge: openpyxl stores formulas without their values, so only a spreadsheet program can
say what the file shows. Without LibreOffice these tests are skipped (the reason says so).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from grantdesk.db.models import BudgetLine, Organization, Proposal, ProposalPartner
from grantdesk.domain.budget import Totals, category_label
from grantdesk.domain.formulas import neutralise
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.exports.budget_xlsx import MONEY
from grantdesk.services.budget_export import budget_file_name, export_budget
from grantdesk.services.database import Database
from grantdesk.services.demo import load_demo
from grantdesk.services.proposal_check import proposal_budget
from tests.helpers.exchange_samples import sample_proposal

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: nothing can recompute"
)
# Every sheet to its own UTF-8 CSV, values as computed (not as formatted) — LibreOffice ≥ 7.2.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1"
CENT = Decimal("0.01")
TODAY = date(2026, 11, 22)
S = FundingSource


def recompute(files: list[Path], tmp_path: Path) -> dict[Path, dict[str, list[list[str]]]]:
    """Every sheet of every file as LibreOffice computes it: file → sheet → rows."""
    out = tmp_path / "csv"
    profile = tmp_path / "lo-profile"  # its own profile: other LibreOffice runs do not clash
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    result: dict[Path, dict[str, list[list[str]]]] = {}
    for file in files:
        sheets = {}
        for path in out.glob(f"{file.stem}-*.csv"):
            with path.open(encoding="utf-8", newline="") as stream:
                sheets[path.stem[len(file.stem) + 1 :]] = list(csv.reader(stream))
        assert sheets, f"LibreOffice wrote nothing for {file.name}"
        result[file] = sheets
    return result


def number(text: str) -> Decimal:
    """A computed cell, exact as LibreOffice wrote it (a formula error fails here)."""
    return Decimal(text.rstrip("%")) / (100 if text.endswith("%") else 1)


def cents(text: str) -> Decimal:
    value = number(text)
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    assert abs(value - rounded) < Decimal("0.000001"), text  # a sum of cents, no drift
    return rounded


def key(shown: str) -> str:
    """How the workbook groups what a cell shows: spaces normalised, case ignored."""
    return " ".join(shown.split()).lower()


def label(text: str) -> str:
    """The group of a text GrantDesk holds: made safe for a cell first."""
    return key(neutralise(text))


def rows_by_label(rows: list[list[str]]) -> dict[str, list[str]]:
    return {key(r[0]): r for r in rows[1:] if any(r)}


def check_workbook(sheets: dict[str, list[list[str]]], budget: Any) -> None:
    """Every total LibreOffice computed equals GrantDesk's, to the cent."""
    totals: Totals = budget.totals
    lines = sheets["Lines"]
    for row, line in zip(lines[1:], budget.lines, strict=False):
        assert cents(row[7]) == line.total, row
    total_row = lines[len(budget.lines) + 1] if budget.lines else lines[2]
    assert total_row[1] == "Total" and cents(total_row[7]) == totals.grand_total

    expected: dict[str, Decimal] = defaultdict(Decimal)
    for category, amount in totals.by_category.items():
        expected[label(category_label(category))] += amount
    by_category = rows_by_label(sheets["By category"])
    assert cents(by_category.pop("total")[1]) == totals.grand_total
    assert {k: cents(v[1]) for k, v in by_category.items()} == dict(expected)

    sources = list(FundingSource)
    by_source = rows_by_label(sheets["By source"])
    for source in sources:
        assert cents(by_source[label(source.label)][1]) == totals.by_source[source]
    assert cents(by_source["total"][1]) == totals.grand_total
    co = by_source["co-financing (everything but the requested grant)"]
    assert cents(co[1]) == totals.co_financing
    if totals.grant_share_exact is not None:
        share = number(by_source[label(S.REQUESTED_GRANT.label)][2]) * 100
        assert abs(share - totals.grant_share_exact) < Decimal("1e-9")

    cells: dict[tuple[str, FundingSource], Decimal] = defaultdict(Decimal)
    for (partner, source), amount in totals.by_partner_source.items():
        name = budget.partner_names.get(partner) if partner is not None else None
        cells[(label(name) if name else "not assigned to a partner", source)] += amount
    by_partner = rows_by_label(sheets["By partner"])
    grand = by_partner.pop("total")
    assert cents(grand[3 + len(sources)]) == totals.grand_total
    for n, source in enumerate(sources):
        assert cents(grand[3 + n]) == totals.by_source[source]
    for key, row in by_partner.items():
        for n, source in enumerate(sources):
            assert cents(row[3 + n]) == cells.get((key, source), Decimal(0)), (key, source)
        assert cents(row[3 + len(sources)]) == sum(
            (cells.get((key, s), Decimal(0)) for s in sources), Decimal(0)
        )
    assert {k for k, _s in cells} <= set(by_partner)


@needs_libreoffice
def test_every_demo_budget_recomputed_by_libreoffice_equals_grantdesk(
    db: Database, tmp_path: Path
) -> None:
    load_demo(db, "small", today=TODAY)
    with db.reading() as s:
        ids = sorted(s.scalars(select(Proposal.id)))
    assert len(ids) >= 10
    files = []
    for pid in ids:
        path = tmp_path / f"p{pid:04d}.xlsx"
        result = export_budget(db, pid, path, TODAY)
        assert result.grand_total == proposal_budget(db, pid).totals.grand_total
        files.append(path)
    computed = recompute(files, tmp_path)
    for pid, path in zip(ids, files, strict=True):
        check_workbook(computed[path], proposal_budget(db, pid))
        assert computed[path]["Rules"][0] == ["Severity", "Finding", "Where to fix it"]


NASTY_CATEGORIES = [
    ("personnel", "1", "100.00"),
    ("Personnel", "2", "10.00"),  # a call's own word that reads like a known category
    ("PERSONNEL  ", "1", "0.01"),
    ("Spese * varie", "2.5", "0.15"),  # 0,375 → 0,38
    ("<5 anni", "1.005", "1.00"),  # binary 1.00499… must still round to 1,01
    ("2024", "2.675", "1.00"),
    ('=HYPERLINK("http://example.org","clic")', "3", "12.35"),
    ("TRUE", "1", "1.00"),
    ("~tilde?", "1234.567", "89.99"),
    ("Très  spécial", "-3", "12.35"),
    ("", "0.001", "0.01"),
]


@needs_libreoffice
def test_awkward_labels_and_roundings_still_add_up(sqlite_db: Database, tmp_path: Path) -> None:
    long_name = "Associazione " + "molto " * 46 + "lunga"  # over the 255 of a criterion
    assert 255 < len(long_name) <= 300
    with sqlite_db.transaction() as s:
        orgs = [
            Organization(name=name, legal_form=LegalForm.APS)
            for name in ("Coop? Sì*", long_name, "-Gruppo meno", "Associazione “L’Albero”")
        ]
        s.add_all(orgs)
        s.flush()
        p = Proposal(title="Bilancio difficile", lead=orgs[0])
        p.partners = [ProposalPartner(organization=o, role="=ruolo") for o in orgs[1:]]
        sources = list(FundingSource)
        p.budget_lines = [
            BudgetLine(
                position=n,
                category=category,
                description=f"@voce {n}",
                organization=orgs[n % 4] if n % 5 else None,
                quantity=Decimal(quantity),
                unit_cost=Decimal(cost),
                source=sources[n % 4],
                other_funder="+Raccolta" if sources[n % 4] is S.OTHER_FUNDER else None,
            )
            for n, (category, quantity, cost) in enumerate(NASTY_CATEGORIES, start=1)
        ]
        s.add(p)
        s.flush()
        pid = p.id
    path = tmp_path / "nasty.xlsx"
    export_budget(sqlite_db, pid, path, TODAY)
    computed = recompute([path], tmp_path)[path]
    budget = proposal_budget(sqlite_db, pid)
    assert [line.total for line in budget.lines][3:6] == [
        Decimal("0.38"),
        Decimal("1.01"),
        Decimal("2.68"),
    ]
    check_workbook(computed, budget)
    categories = rows_by_label(computed["By category"])
    assert "personnel" in categories and len(categories) == 10  # 3 spellings, 1 row + total


@needs_libreoffice
def test_an_empty_budget_shows_zero_totals(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.transaction() as s:
        p = Proposal(title="Ancora da scrivere")
        s.add(p)
        s.flush()
        pid = p.id
    path = tmp_path / "empty.xlsx"
    export_budget(sqlite_db, pid, path, TODAY)
    sheets = recompute([path], tmp_path)[path]
    check_workbook(sheets, proposal_budget(sqlite_db, pid))


FORMULA_WORDS = {"ROUND", "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "IF"}


def test_user_text_never_becomes_a_formula(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.transaction() as s:
        pid = sample_proposal(s)
    path = tmp_path / "sample.xlsx"
    export_budget(sqlite_db, pid, path, TODAY)
    book = load_workbook(path)
    assert book.sheetnames == ["Lines", "By category", "By partner", "By source", "Rules"]
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "s"]
    assert '\'=HYPERLINK("x")' in texts
    assert not [t for t in texts if isinstance(t, str) and t[:1] in "=+-@\t\r"]
    formulas = [c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert len(formulas) > 30
    for formula in formulas:
        rest = re.sub(r"'[^']*'!", "", formula)  # sheet names
        rest = rest.replace('"="', "")  # the only literal: the equality criterion
        rest = re.sub(r"\$?[A-Z]{1,3}\$?\d+", "", rest)  # cell references
        assert set(re.findall(r"[A-Za-z_]+", rest)) <= FORMULA_WORDS, formula
        assert '"' not in rest, formula


def test_layout_formats_and_printing(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.transaction() as s:
        pid = sample_proposal(s)
    path = tmp_path / "sample.xlsx"
    export_budget(sqlite_db, pid, path, TODAY)
    book = load_workbook(path)
    lines = book["Lines"]
    assert lines["H2"].value == "=ROUND(F2*G2,2)"
    assert lines["G2"].number_format == MONEY == '#,##0.00 "€"'
    assert lines["H8"].value == "=SUM(H2:H7)" and lines["H8"].font.b
    assert lines["F5"].number_format == "#,##0.0##"  # 2,5 kg
    assert lines.auto_filter.ref == "A1:J7"
    for ws in book:
        assert ws.freeze_panes == "A2", ws.title
        assert ws["A1"].font.b
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert "CURA" in ws.oddHeader.center.text
    assert len("Educatore professionale") < lines.column_dimensions["C"].width <= 60
    assert book["By category"]["B2"].value.startswith("=SUMIF('Lines'!$B$2:$B$7,\"=\"&A2,")
    rules = book["Rules"]
    assert rules["A2"].value == "Blocking" and rules["A2"].font.color.rgb.endswith("B3261E")


def test_the_file_name_comes_from_the_acronym(sqlite_db: Database) -> None:
    with sqlite_db.transaction() as s:
        pid = sample_proposal(s)
        other = Proposal(title='Casa/ponte: "autonomia"?')
        s.add(other)
        s.flush()
        other_id = other.id
    assert budget_file_name(sqlite_db, pid) == "Budget – CURA.xlsx"
    assert budget_file_name(sqlite_db, other_id) == "Budget – Casa ponte autonomia.xlsx"
