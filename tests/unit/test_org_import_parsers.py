"""The organization importer's parser: the RUNTS layout, hand-made lists, every problem."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from grantdesk.domain.formulas import is_dangerous, neutralise, restore
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import set_language
from grantdesk.imports.errors import ImportRejected
from grantdesk.imports.org_values import parse_legal_form, parse_province, parse_region
from grantdesk.imports.organizations import detect_format, parse_organizations

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "organizations"
RUNTS = (FIXTURES / "runts_enti.csv").read_bytes()
HAND = (FIXTURES / "elenco_enti.csv").read_bytes()


def cf(serial: int, office: str = "018") -> str:
    """A made-up body's codice fiscale that passes the check (never a person's code)."""
    stem = f"{serial:07d}{office}"
    return stem + luhn.calc_check_digit(stem)


def csv_bytes(text: str, bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def problems(data: bytes, mapping: list[str] | None = None) -> list[tuple[int | None, str | None]]:
    with pytest.raises(ImportRejected) as info:
        parse_organizations(data, mapping=mapping or [])
    return [(p.row, p.column) for p in info.value.problems]


def test_the_runts_layout_is_read_as_it_is() -> None:
    assert RUNTS.startswith(b"\xef\xbb\xbf") and detect_format(RUNTS) == "csv"
    parsed = parse_organizations(RUNTS)
    assert len(parsed.records) == 12 and parsed.ignored_columns == []
    first = parsed.records[0]
    assert first.name == "ASSOCIAZIONE AMICI DELLA LOMELLINA ODV"
    assert first.codice_fiscale == "93001010185" and first.row == 2
    assert (first.municipality, first.province, first.region) == ("VIGEVANO", "PV", "Lombardia")
    # Sections a) to g), in the register's wording, are the seven RUNTS forms.
    assert [r.legal_form for r in parsed.records[:7]] == [
        LegalForm.ODV,
        LegalForm.APS,
        LegalForm.PHILANTHROPIC,
        LegalForm.SOCIAL_ENTERPRISE,
        LegalForm.NETWORK,
        LegalForm.MUTUAL_AID,
        LegalForm.OTHER_ETS,
    ]
    assert {r.region for r in parsed.records} == {"Lombardia", "Emilia-Romagna", "Sicilia"}
    assert all(r.values().keys() == {"name", "codice_fiscale", "legal_form", "municipality",
                                     "province", "region"} for r in parsed.records)  # fmt: skip


def test_a_list_kept_by_hand_with_commas_and_italian_headers() -> None:
    auser, coop, comitato, parrocchia = parse_organizations(HAND).records
    assert auser.iban == "IT66A0503423000000123456789" and auser.postal_code == "27029"
    assert (auser.volunteers, auser.staff) == (45, 0)
    assert auser.themes == ["anziani", "trasporto sociale"]
    assert auser.notes == "Sede aperta il martedì e il giovedì"
    assert auser.neighbourhood == "Centro storico" and auser.phone == "0381 123456"
    assert (
        coop.legal_form is LegalForm.SOCIAL_ENTERPRISE and coop.partita_iva == coop.codice_fiscale
    )
    assert coop.themes == ["inclusione lavorativa", "disabilità"]
    assert comitato.codice_fiscale is None and comitato.legal_form is LegalForm.INFORMAL_GROUP
    assert parrocchia.legal_form is LegalForm.PARISH and parrocchia.staff == 1


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("a) Organizzazioni di volontariato", LegalForm.ODV),
        ("Sezione B", LegalForm.APS),
        ("b", LegalForm.APS),
        ("A - ODV", LegalForm.ODV),
        ("A.P.S.", LegalForm.APS),
        ("ODV", LegalForm.ODV),
        ("Imprese sociali", LegalForm.SOCIAL_ENTERPRISE),
        ("d) Imprese sociali, incluse le cooperative sociali", LegalForm.SOCIAL_ENTERPRISE),
        ("Cooperativa sociale", LegalForm.SOCIAL_ENTERPRISE),
        ("e) Reti associative", LegalForm.NETWORK),
        ("SOCIETÀ DI MUTUO SOCCORSO", LegalForm.MUTUAL_AID),
        ("g) Altri enti del Terzo settore", LegalForm.OTHER_ETS),
        ("ETS", LegalForm.OTHER_ETS),
        ("Parrocchia", LegalForm.PARISH),
        ("School", LegalForm.SCHOOL),
        ("social_enterprise", LegalForm.SOCIAL_ENTERPRISE),
        ("ODV – volunteer organisation", LegalForm.ODV),  # an English export's label
        ("APS – associazione di promozione sociale", LegalForm.APS),  # an Italian one's
        ("Altro ente pubblico", LegalForm.PUBLIC_BODY),
    ],
)
def test_legal_forms_are_read_from_sections_acronyms_and_names(text: str, form: LegalForm) -> None:
    assert parse_legal_form(text) is form


@pytest.mark.parametrize("text", ["h) Enti filantropici", "Onlus", "a) Imprese sociali", "xyz"])
def test_unknown_or_contradictory_legal_forms_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_legal_form(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PV", "PV"),
        ("pv", "PV"),
        ("(MI)", "MI"),
        ("Pavia", "PV"),
        ("PROVINCIA DI PAVIA", "PV"),
        ("Città metropolitana di Milano", "MI"),
        ("Forlì-Cesena", "FC"),
        ("L'Aquila", "AQ"),
        ("Monza e della Brianza", "MB"),
    ],
)
def test_provinces_by_code_or_name(text: str, code: str) -> None:
    assert parse_province(text) == code


def test_regions_are_written_as_grantdesk_writes_them() -> None:
    assert parse_region("EMILIA ROMAGNA") == "Emilia-Romagna"
    assert parse_region("Valle d'Aosta") == "Valle d’Aosta"
    assert parse_region("Provincia Autonoma di Trento") == "Trentino-Alto Adige"
    assert parse_region("Regione Sicilia") == "Sicilia"
    assert parse_region("Baviera") is None
    with pytest.raises(ValueError):
        parse_province("Atlantide")


def test_one_bad_codice_fiscale_names_row_column_value_and_reason() -> None:
    rows = ["Codice fiscale;Denominazione;Comune"]
    rows += [f"{cf(9400000 + i)};Associazione {i};Vigevano" for i in range(12)]
    rows.append("93001010186;Associazione sbagliata;Vigevano")  # last digit off by one
    data = csv_bytes("\n".join(rows) + "\n")
    with pytest.raises(ImportRejected) as info:
        parse_organizations(data)
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (14, "Codice fiscale")
    assert str(problem) == (
        "row 14, column Codice fiscale: “93001010186”: The codice fiscale is not valid: "
        "its check character does not match (a typo?)."
    )
    set_language("it")
    with pytest.raises(ImportRejected) as info:
        parse_organizations(data)
    assert str(info.value.problems[0]) == (
        "riga 14, colonna Codice fiscale: «93001010186»: Il codice fiscale non è valido: "
        "il carattere di controllo non corrisponde (un errore di battitura?)."
    )
    assert info.value.summary() == "1 problema nel file: non è stato importato nulla."


def test_every_problem_of_every_row_is_listed_in_column_order() -> None:
    data = csv_bytes(
        "Denominazione;Codice fiscale;Partita IVA;Sezione;Provincia;Regione;Volontari;"
        "Data iscrizione;E-mail;CAP;IBAN\n"
        f"Buona;{cf(9500001)};;ODV;PV;Lombardia;3;01/02/2024;a@b.it;27029;\n"
        f"Cattiva;12345;1234567890X;Onlus;Atlantide;;tanti;31/02/2024;ab.it;2702;IT00X\n"
        f";{cf(9500002)};;;Pavia;Lazio;;;;;\n"
    )
    assert problems(data) == [
        (3, "Codice fiscale"),
        (3, "Partita IVA"),
        (3, "Sezione"),
        (3, "Provincia"),
        (3, "Volontari"),
        (3, "Data iscrizione"),
        (3, "E-mail"),
        (3, "CAP"),
        (3, "IBAN"),
        (4, "Denominazione"),
        (4, "Provincia"),
    ]


def test_an_unknown_section_is_named_in_the_problem() -> None:
    data = csv_bytes("Denominazione;Sezione\nCircolo;h) Enti filantropici\n")
    with pytest.raises(ImportRejected) as info:
        parse_organizations(data)
    assert str(info.value.problems[0]) == (
        "row 2, column Sezione: “h) Enti filantropici” is not a RUNTS section or a legal form "
        "GrantDesk knows"
    )


def test_the_same_body_twice_in_a_file_is_refused() -> None:
    code = cf(9500003)
    data = csv_bytes(
        "Denominazione;Codice fiscale;Comune\n"
        f"Uno;{code};Vigevano\nDue;{code};Mortara\n"
        "Comitato Piccolini;;Vigevano\nCOMITATO  PICCOLINI;;VIGEVANO\n"
    )
    with pytest.raises(ImportRejected) as info:
        parse_organizations(data)
    assert [(p.row, p.column) for p in info.value.problems] == [
        (3, "Codice fiscale"),
        (5, "Denominazione"),
    ]
    assert "already in row 2" in info.value.problems[0].message
    assert "already in row 4" in info.value.problems[1].message


def test_bom_and_separators_give_the_same_records() -> None:
    text = f"Denominazione;Codice fiscale;Comune\nCasa APS;{cf(9500004)};Vigevano\n"
    plain = parse_organizations(csv_bytes(text)).records
    assert parse_organizations(csv_bytes(text, bom=True)).records == plain
    commas = text.replace(";", ",")
    assert parse_organizations(csv_bytes(commas)).records == plain


def test_xlsx_numbers_get_back_their_leading_zeros() -> None:
    import openpyxl

    municipality_code = cf(17590, "018")  # 11 digits, starting with 00
    assert municipality_code.startswith("00")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Denominazione", "Codice fiscale", "CAP", "Provincia", "Data iscrizione",
                  "Volontari", "Telefono"])  # fmt: skip
    sheet.append(["Comune di Roma (test)", int(municipality_code), 184, "RM",
                  datetime(2023, 3, 12), 12.0, 3331234567])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    (record,) = parse_organizations(buffer.getvalue()).records
    assert record.codice_fiscale == municipality_code
    assert record.postal_code == "00184" and record.region == "Lazio"
    assert record.runts_registered_on == date(2023, 3, 12)
    assert record.volunteers == 12 and record.phone == "3331234567"


def test_a_code_that_lost_its_zeros_in_a_csv_is_pointed_out_not_guessed() -> None:
    code = cf(17590, "018")  # 00175900... as a spreadsheet would show 175900...
    data = csv_bytes(f"Denominazione;Codice fiscale\nComune di prova;{int(code)}\n")
    with pytest.raises(ImportRejected) as info:
        parse_organizations(data)
    assert info.value.problems[0].message == (
        f"“{int(code)}” looks like a code that lost its leading zeros in a spreadsheet: "
        f"write {code}, as text"
    )


def test_columns_are_mapped_by_hand_and_a_name_column_is_required() -> None:
    data = csv_bytes("Ente del terzo settore;Città;PEC\nCasa APS;Vigevano;casa@pec.example\n")
    parsed = parse_organizations(data, mapping=["Ente del terzo settore=name"])
    assert parsed.records[0].name == "Casa APS" and parsed.ignored_columns == ["PEC"]
    assert parsed.records[0].municipality == "Vigevano"
    with pytest.raises(ImportRejected) as info:
        parse_organizations(data)
    assert "No column for “name”" in str(info.value.problems[0])


def test_other_files_are_refused_with_a_sentence() -> None:
    with pytest.raises(ImportRejected) as info:
        parse_organizations(b'{"response": {"docs": []}}')
    assert "JSON" in info.value.problems[0].message
    with pytest.raises(ImportRejected) as info:
        parse_organizations(b"\xd0\xcf\x11\xe0" + bytes(100))
    assert ".xls" in info.value.problems[0].message


def test_cells_an_export_neutralised_come_back_as_typed() -> None:
    data = csv_bytes("Denominazione;Note\n'=HYPERLINK(\"http://x\");'@dopo\nNormale;'ciao\n")
    first, second = parse_organizations(data).records
    assert first.name == '=HYPERLINK("http://x")' and first.notes == "@dopo"
    assert second.notes == "'ciao"  # an apostrophe the user typed stays


@given(st.text(max_size=40))
@example("=1+1")
@example("'=1+1")  # typed with an apostrophe already: it must come back with it
@example("''@x")
@example(" -2")
@example("\t=1")
def test_neutralised_text_is_never_a_formula_and_restores(text: str) -> None:
    safe = neutralise(text)
    assert not is_dangerous(safe)
    assert safe in (text, "'" + text)
    assert restore(safe) == text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=6, max_size=6))
def test_random_cells_only_ever_reject(cells: list[str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Denominazione", "Codice fiscale", "Sezione", "Provincia", "Volontari",
                     "Data iscrizione"])  # fmt: skip
    writer.writerow(cells)
    with contextlib.suppress(ImportRejected):
        parse_organizations(out.getvalue().encode("utf-8"), "csv")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_ever_reject(data: bytes) -> None:
    with contextlib.suppress(ImportRejected):
        parse_organizations(data)
