"""The organization form's checks, document statuses and what a merge fills in (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from grantdesk.domain.vocab import DocumentKind, LegalForm
from grantdesk.services.org_documents import (
    DocumentEntry,
    DocumentStatus,
    document_problems,
    document_status,
)
from grantdesk.services.organization_editing import OrganizationForm, normalized, validate
from grantdesk.services.organization_merge_preview import _filled_values
from tests.helpers.org_codes import body_code, italian_iban, person_code, wrong_check_digit

TODAY = date(2026, 5, 4)


def _errors(**kw: object) -> dict[str, str]:
    form = OrganizationForm(**{"name": "APS Aurora", **kw})  # type: ignore[arg-type]
    return {e.field: e.message for e in validate(form, TODAY)}


def test_a_complete_valid_form_passes() -> None:
    assert (
        _errors(
            legal_form="odv",
            codice_fiscale=body_code(9876543, 37),
            partita_iva="IT" + body_code(9876543, 37),
            iban=italian_iban(5),
            runts_number="98765",
            runts_registered_on=TODAY,
            postal_code="40013",
            municipality="Castel Maggiore",
            province="bo",
            region="emilia romagna",
            email="segreteria@aurora.example",
            phone="+39 051 712345",
            website="https://aurora.example/chi-siamo",
            volunteers=0,
            staff=12,
        )
        == {}
    )


def test_a_person_s_codice_fiscale_is_accepted_too() -> None:
    assert _errors(codice_fiscale=person_code()) == {}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "The organization needs a name."),
        (
            "codice_fiscale",
            wrong_check_digit(body_code(1234567)),
            "The codice fiscale is not valid: its check character does not match (a typo?).",
        ),
        (
            "codice_fiscale",
            "1234567",
            "The codice fiscale has the wrong length: it must have 11 digits (an organization) "
            "or 16 characters (a person).",
        ),
        (
            "partita_iva",
            "1234567150" + luhn.calc_check_digit("1234567150"),
            "The partita IVA is not valid: its office code (digits 8 to 10) does not exist.",
        ),
        (
            "iban",
            wrong_check_digit(italian_iban(5)),
            "The IBAN is not valid: its check digits do not match (a typo?).",
        ),
        (
            "runts_registered_on",
            TODAY + timedelta(1),
            "The registration date cannot be in the future.",
        ),
        ("postal_code", "2702", "An Italian postal code (CAP) has five digits, like 27029."),
        (
            "province",
            "XX",
            "“XX” is not the code of an Italian province (like PV, MI or RM).",
        ),
        ("region", "Padania", "This is not the name of an Italian region (like Lombardia)."),
        ("email", "info@aurora", "This does not look like an e-mail address (name@example.it)."),
        ("phone", "chiamare", "Write the phone number with digits only, like 0381 123456."),
        ("website", "aurora punto it", "Write a web address like www.example.it (no spaces)."),
        ("volunteers", -3, "A number of people cannot be negative."),
        ("staff", -1, "A number of people cannot be negative."),
        ("themes", ["x" * 81], "A theme is a few words: keep each under 80 characters."),
    ],
)
def test_each_wrong_field_gets_one_sentence(field: str, value: object, message: str) -> None:
    assert _errors(**{field: value}) == {field: message}


def test_a_runts_date_needs_its_number_and_a_region_must_match_the_province() -> None:
    assert _errors(runts_registered_on=TODAY) == {
        "runts_number": "Give the RUNTS number of this registration."
    }
    assert _errors(province="PV", region="Piemonte") == {
        "region": "The province PV is in Lombardia."
    }


def test_normalized_stores_compact_codes_and_completes_the_region() -> None:
    code = body_code(5550001, 18)
    clean = normalized(
        OrganizationForm(
            name="  Banca  del tempo ",
            codice_fiscale=f"{code[:3]} {code[3:]}",
            partita_iva=f"it {code}",
            iban=" " + italian_iban(9).lower(),
            province="pv",
            municipality=" Vigevano ",
        )
    )
    assert (clean.name, clean.codice_fiscale, clean.partita_iva) == ("Banca del tempo", code, code)
    assert clean.iban == italian_iban(9)
    assert (clean.province, clean.region, clean.municipality) == ("PV", "Lombardia", "Vigevano")


@pytest.mark.parametrize(
    ("expires", "status"),
    [
        (None, DocumentStatus.NO_EXPIRY),
        (TODAY - timedelta(1), DocumentStatus.EXPIRED),
        (TODAY, DocumentStatus.EXPIRING),
        (TODAY + timedelta(30), DocumentStatus.EXPIRING),
        (TODAY + timedelta(31), DocumentStatus.VALID),
    ],
)
def test_document_status(expires: date | None, status: DocumentStatus) -> None:
    assert document_status(expires, TODAY) is status


@given(st.dates(), st.integers(min_value=-400, max_value=400))
def test_only_expired_and_expiring_documents_need_attention(today: date, offset: int) -> None:
    try:
        expires = today + timedelta(days=offset)
    except OverflowError:
        return
    status = document_status(expires, today)
    assert status.needs_attention == (offset <= 30)
    assert (status is DocumentStatus.EXPIRED) == (offset < 0)


def test_document_rows_are_checked_row_by_row() -> None:
    good = DocumentEntry(DocumentKind.STATUTE.value, "Statuto")
    assert document_problems([good], TODAY) == ""
    cases = [
        (DocumentEntry("passport", "x"), "Row 2: choose the kind of document."),
        (DocumentEntry("durc", "  "), "Row 2: give the document a title."),
        (
            DocumentEntry("durc", "DURC", TODAY + timedelta(1)),
            "Row 2: the issue date is in the future.",
        ),
        (
            DocumentEntry("durc", "DURC", TODAY, TODAY - timedelta(1)),
            "Row 2: the document expires before it was issued.",
        ),
    ]
    for entry, message in cases:
        assert document_problems([good, entry], TODAY) == message


def test_a_merge_fills_only_what_the_kept_record_lacks() -> None:
    keep = OrganizationForm(
        name="Il Melograno", legal_form=LegalForm.OTHER.value, municipality="Milano", phone="02 1"
    )
    drop = OrganizationForm(
        name="APS Il Melograno",
        legal_form=LegalForm.APS.value,
        codice_fiscale="x",
        municipality="Milano",
        postal_code="20142",
        phone="02 2",
        runts_registered_on=TODAY,
        notes="Sede al piano terra.",
    )
    assert _filled_values(keep, drop) == {
        "legal_form": "aps",
        "codice_fiscale": "x",
        "postal_code": "20142",
        "runts_registered_on": TODAY,
        "notes": "Sede al piano terra.",
    }
    elsewhere = OrganizationForm(name="x", municipality="Pavia", postal_code="27100")
    assert "postal_code" not in _filled_values(keep, elsewhere)  # not the same place


def test_document_kinds_leave_other_vocabularies_labels_alone() -> None:
    # "other" is a code of several vocabularies: their labels share one entry.
    assert LegalForm.OTHER.label == DocumentKind.OTHER.label == "Other"
    assert DocumentKind.DURC.label == "DURC (social security compliance)"
