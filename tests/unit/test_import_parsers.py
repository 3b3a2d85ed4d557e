"""Call importers: the real EU and incentivi.gov.it samples, hand-made CSV and XLSX."""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grantdesk.domain.vocab import THIRD_SECTOR_FORMS, DeadlineKind, FunderKind, LegalForm
from grantdesk.imports.calls import ImportRejected, detect_format, parse_file
from grantdesk.imports.calls.incentivi import closing_deadline

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
EU = (REAL / "eu_funding_tenders_sample.json").read_bytes()
INCENTIVI = (REAL / "incentivi_gov_it_sample.json").read_bytes()


def csv_bytes(text: str, bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def test_eu_sample_imports_grants_and_skips_tenders() -> None:
    parsed = parse_file(EU)
    assert parsed.format == "eu" and detect_format(EU) == "eu"
    assert len(parsed.records) == 2 and len(parsed.skipped) == 4
    eche = next(r for r in parsed.records if r.external_id == "ERASMUS-EDU-2022-ECHE-CERT-FP")
    assert eche.funder_kind is FunderKind.EU and eche.code == eche.external_id
    assert len(eche.deadlines) == 5
    # 1774310400000 is 2026-03-24 00:00 UTC, a date: the portal's 17:00 Brussels cut-off.
    assert eche.deadlines[-1].due_at == datetime(2026, 3, 24, 16, 0, tzinfo=UTC)
    assert sum(len(r.deadlines) for r in parsed.records) == 13
    assert "Carta Erasmus" in eche.themes and not eche.closed


def test_incentivi_sample_imports_completely() -> None:
    parsed = parse_file(INCENTIVI)
    assert parsed.format == "incentivi"
    assert len(parsed.records) == 37
    assert sum(len(r.deadlines) for r in parsed.records) == 32
    by_id = {r.external_id: r for r in parsed.records}
    first = by_id["1170"]
    assert first.max_grant == Decimal("1000000.00") and isinstance(first.max_grant, Decimal)
    assert set(THIRD_SECTOR_FORMS) <= set(first.eligible_forms)
    third_sector = [r for r in parsed.records if LegalForm.ODV in r.eligible_forms]
    assert len(third_sector) == 11
    assert by_id["1426"].funder_kind is FunderKind.MINISTRY
    assert by_id["1468"].funder_kind is FunderKind.REGION
    assert "Veneto" in (first.territory or "")
    assert all(d.kind is DeadlineKind.APPLICATION for r in parsed.records for d in r.deadlines)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Date only: noon in Rome (CEST: 10:00 UTC).
        ("2024-05-23T00:00:00", datetime(2024, 5, 23, 10, 0, tzinfo=UTC)),
        # Rome midnight written in UTC: the date typed is the Rome date (31 December).
        ("2022-12-30T23:00:00", datetime(2022, 12, 31, 11, 0, tzinfo=UTC)),
        ("2026-03-31T22:00:00Z", datetime(2026, 4, 1, 10, 0, tzinfo=UTC)),
        # Noon in Rome written in UTC stays that instant.
        ("2022-11-25T11:00:00", datetime(2022, 11, 25, 11, 0, tzinfo=UTC)),
        ("2023-06-01T10:00:00", datetime(2023, 6, 1, 10, 0, tzinfo=UTC)),
    ],
)
def test_incentivi_closing_times(raw: str, expected: datetime) -> None:
    assert closing_deadline(raw) == expected


def test_incentivi_string_amount_with_decimals() -> None:
    doc = b'{"response": {"docs": [{"ID_Incentivo": "1", "Titolo": "T", "Soggetto_Concedente": "Regione Lazio", "Agevolazione_Concedibile_max": "39840.39"}]}}'
    (record,) = parse_file(doc).records
    assert record.max_grant == Decimal("39840.39")


def test_incentivi_bad_values_are_listed() -> None:
    doc = b'{"response": {"docs": [{"ID_Incentivo": "1", "Titolo": "T", "Soggetto_Concedente": "X", "Spesa_Ammessa_max": "1.234,5", "Data_chiusura": "2024-02-31T00:00:00"}]}}'
    with pytest.raises(ImportRejected) as info:
        parse_file(doc)
    fields = {p.column for p in info.value.problems}
    assert fields == {"Spesa_Ammessa_max", "Data_chiusura"}


ITALIAN_CSV = (
    "Titolo;Ente finanziatore;Scadenza;Contributo massimo;Link;Soggetti ammessi;Temi\n"
    "Bando Welfare 2026;Fondazione Cariplo;31/03/2026;€ 1.234,56;https://example.org/a;odv, aps;povertà\n"
    "Bando Anziani;Comune di Ravenna;15/06/2026 ore 17:00;50.000;;;\n"
)


def test_italian_csv_with_bom_and_semicolons() -> None:
    data = csv_bytes(ITALIAN_CSV, bom=True)
    assert detect_format(data) == "csv"
    parsed = parse_file(data)
    first, second = parsed.records
    assert first.title == "Bando Welfare 2026" and first.funder == "Fondazione Cariplo"
    assert first.max_grant == Decimal("1234.56")
    assert first.deadlines[0].due_at == datetime(2026, 3, 31, 10, 0, tzinfo=UTC)
    assert first.eligible_forms == [LegalForm.ODV, LegalForm.APS]
    assert first.themes == ["povertà"]
    assert second.max_grant == Decimal("50000.00")
    assert second.deadlines[0].due_at == datetime(2026, 6, 15, 15, 0, tzinfo=UTC)
    assert first.source == "sheet" and first.external_id.startswith("title:")


def test_english_csv_with_commas() -> None:
    data = csv_bytes(
        'Code,Title,Funder,Deadline,Max grant,URL\nCB-1,"Youth, together",Foundation X,2026-04-05,"10.000,00",https://x.org\n'
    )
    (record,) = parse_file(data).records
    assert record.code == "CB-1" and record.title == "Youth, together"
    assert record.external_id == "code:CB-1" and record.max_grant == Decimal("10000.00")


def test_map_names_unknown_columns() -> None:
    data = csv_bytes("Oggetto;Chi paga;Quando\nBando;Ente;01/02/2026\n")
    parsed = parse_file(data, mapping=["Oggetto=title", "Chi paga=funder", "Quando=deadline"])
    assert parsed.records[0].title == "Bando" and parsed.records[0].deadlines
    with pytest.raises(ImportRejected):
        parse_file(data)
    with pytest.raises(ImportRejected) as info:
        parse_file(data, mapping=["Oggetto=nonsense"])
    assert "nonsense" in str(info.value.problems[0])


def test_xlsx_made_with_openpyxl() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Titolo", "Ente finanziatore", "Scadenza", "Contributo massimo"])
    sheet.append(["Bando XLSX", "Fondazione", datetime(2026, 5, 4), 2500.5])
    sheet.append(["Bando testo", "Fondazione", "04/05/2026 12:30", "€ 3.000"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    assert detect_format(data) == "xlsx"
    first, second = parse_file(data).records
    assert first.max_grant == Decimal("2500.50")
    assert first.deadlines[0].due_at == datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    assert second.deadlines[0].due_at == datetime(2026, 5, 4, 10, 30, tzinfo=UTC)


def test_one_bad_row_names_row_and_column() -> None:
    rows = ["Titolo;Ente finanziatore;Scadenza"] + [f"Bando {i};Ente;01/03/2026" for i in range(12)]
    rows.append("Bando cattivo;Ente;31/02/2026")
    with pytest.raises(ImportRejected) as info:
        parse_file(csv_bytes("\n".join(rows) + "\n"))
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (14, "Scadenza")
    assert str(problem) == "row 14, column Scadenza: “31/02/2026” is not a date"


def test_problem_in_italian() -> None:
    from grantdesk.i18n import set_language

    set_language("it")
    with pytest.raises(ImportRejected) as info:
        parse_file(csv_bytes("Titolo;Ente finanziatore;Scadenza\nB;E;31/02/2026\n"))
    assert str(info.value.problems[0]) == "riga 2, colonna Scadenza: «31/02/2026» non è una data"


def test_several_bad_rows_are_all_listed() -> None:
    data = csv_bytes(
        "Titolo;Ente finanziatore;Scadenza;Contributo massimo\n"
        "A;E;02/31/2026;100\n"
        "B;E;01/01/2026;cento\n"
        ";E;01/01/2026;100\n"
        "C;E;5/4/26;1.23.4\n"
    )
    with pytest.raises(ImportRejected) as info:
        parse_file(data)
    where = {(p.row, p.column) for p in info.value.problems}
    assert where == {
        (2, "Scadenza"),
        (3, "Contributo massimo"),
        (4, "Titolo"),
        (5, "Scadenza"),
        (5, "Contributo massimo"),
    }
    assert "5 problems" in info.value.summary()


def test_formula_like_cells_are_text() -> None:
    data = csv_bytes('Titolo;Ente finanziatore\n"=HYPERLINK(""http://x"")";@Ente\n')
    (record,) = parse_file(data).records
    assert record.title == '=HYPERLINK("http://x")' and record.funder == "@Ente"


def test_duplicate_rows_are_refused() -> None:
    data = csv_bytes("Titolo;Ente finanziatore\nA;E\na;e\n")
    with pytest.raises(ImportRejected) as info:
        parse_file(data)
    assert info.value.problems[0].row == 3


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=4, max_size=4))
def test_random_cells_only_ever_reject(cells: list[str]) -> None:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Titolo", "Ente finanziatore", "Scadenza", "Contributo massimo"])
    writer.writerow(cells)
    with contextlib.suppress(ImportRejected):
        parse_file(out.getvalue().encode("utf-8"), "csv")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_ever_reject(data: bytes) -> None:
    with contextlib.suppress(ImportRejected):
        parse_file(data)
