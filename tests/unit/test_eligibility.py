"""Eligibility rules as pure functions: applicant type, territory, open date; and the
territory reader behind them."""

from __future__ import annotations

from datetime import date

import pytest

from grantdesk.domain.eligibility import (
    CallFacts,
    OrgFacts,
    ReasonCode,
    Severity,
    check,
    is_eligible,
    seat,
)
from grantdesk.domain.territory import (
    PROVINCE_REGION,
    PROVINCES,
    REGION_PROVINCES,
    Coverage,
    covers,
    parse,
    province_name,
    region_of,
)
from grantdesk.domain.vocab import CallStatus, LegalForm
from grantdesk.i18n import set_language

TODAY = date(2026, 5, 10)
VIGEVANO = ("Vigevano", "PV", "Lombardia")
MORTARA = ("Mortara", "PV", "Lombardia")
PAVIA = ("Pavia", "PV", "Lombardia")
FAENZA = ("Faenza", "RA", "Emilia-Romagna")
RAVENNA = ("Ravenna", "RA", "Emilia-Romagna")
ARGELATO = ("Argelato", "BO", "Emilia-Romagna")
NOWHERE: tuple[str | None, str | None, str | None] = (None, None, None)

IN, OUT, UNK = Coverage.INSIDE, Coverage.OUTSIDE, Coverage.UNKNOWN


@pytest.mark.parametrize(
    ("text", "seat_", "expected"),
    [
        # Everywhere.
        (None, VIGEVANO, IN),
        ("", VIGEVANO, IN),
        ("Italia", FAENZA, IN),
        ("Bando nazionale", FAENZA, IN),
        ("Tutto il territorio nazionale", NOWHERE, IN),
        ("Stati membri dell’Unione europea", VIGEVANO, IN),
        # Regions.
        ("Regione Lombardia", VIGEVANO, IN),
        ("Regione Lombardia", FAENZA, OUT),
        ("Emilia Romagna", FAENZA, IN),
        ("Regione Emilia-Romagna", ("Faenza", "RA", None), IN),  # region from the code
        ("Regione Lombardia", NOWHERE, UNK),
        # Provinces.
        ("Provincia di Pavia", MORTARA, IN),
        ("Provincia di Pavia", FAENZA, OUT),
        ("Città metropolitana di Milano", VIGEVANO, OUT),
        ("Comuni della provincia PV", VIGEVANO, IN),
        ("Enti della PA lombarda", VIGEVANO, UNK),  # "PA" is the public administration
        ("Palermo (PA)", VIGEVANO, OUT),
        ("Provincia di Reggio Emilia", ("Reggio Emilia", "RE", "Emilia-Romagna"), IN),
        # Towns.
        ("Vigevano", VIGEVANO, IN),
        ("Vigevano", MORTARA, OUT),
        ("Comune di Ravenna", RAVENNA, IN),
        ("Comune di Ravenna", FAENZA, OUT),
        ("Comune di Messina", VIGEVANO, OUT),
        # A bare province name: the town, or maybe its province.
        ("Pavia", PAVIA, IN),
        ("Pavia", VIGEVANO, UNK),
        ("Pavia", FAENZA, OUT),
        ("Ambito di Ravenna, Cervia e Russi", RAVENNA, IN),
        ("Ambito di Ravenna, Cervia e Russi", FAENZA, UNK),
        ("Ambito di Ravenna, Cervia e Russi", VIGEVANO, OUT),
        # Areas and districts.
        ("Lomellina", MORTARA, IN),
        ("Lomellina", PAVIA, UNK),
        ("Lomellina", FAENZA, OUT),
        ("Vigevano e Lomellina", VIGEVANO, IN),
        ("Distretto Pianura Est (BO)", ARGELATO, UNK),
        ("Distretto Pianura Est (BO)", VIGEVANO, OUT),
        ("Unione Reno Galliera", ARGELATO, IN),
        # Words the tables do not know: never an exclusion.
        ("Valle del Ticino", VIGEVANO, UNK),
        ("Quartiere Darsena (RA)", VIGEVANO, OUT),
        # A bracketed code only bounds the text: inside it, still to check.
        ("Quartiere Darsena (RA)", RAVENNA, UNK),
        ("Quartiere Darsena, Ravenna (RA)", RAVENNA, IN),
        ("Provincia di Pavia", NOWHERE, UNK),
    ],
)
def test_covers(
    text: str | None, seat_: tuple[str | None, str | None, str | None], expected: Coverage
) -> None:
    assert covers(text, *seat_) is expected


def test_parse_reads_places_and_leftovers() -> None:
    read = parse("Distretto Pianura Est (BO)")
    assert read.bounded and not read.leftover
    assert parse("Valle del Ticino").leftover == ("valle", "ticino")
    assert parse("Italia").nationwide


def test_tables_are_consistent() -> None:
    assert len(PROVINCES) == 107 and set(PROVINCES) == set(PROVINCE_REGION)
    assert len(REGION_PROVINCES) == 20
    assert province_name("pv") == "Pavia" and province_name("XX") is None
    assert region_of("RA") == "Emilia-Romagna" and region_of(None) is None


CALL = CallFacts(eligible_forms=("odv", "aps"), territory="Provincia di Pavia")
PARISH = OrgFacts(LegalForm.PARISH, *VIGEVANO)
ODV = OrgFacts(LegalForm.ODV, *VIGEVANO)


@pytest.mark.parametrize(
    ("call", "org", "codes"),
    [
        (CALL, ODV, []),
        (CALL, PARISH, [ReasonCode.APPLICANT_TYPE]),
        (CallFacts(), PARISH, []),
        (CallFacts(territory="Regione Emilia-Romagna"), ODV, [ReasonCode.TERRITORY]),
        (
            CallFacts(territory="Lomellina"),
            OrgFacts(LegalForm.ODV, *PAVIA),
            [ReasonCode.TERRITORY_UNKNOWN],
        ),
        (CallFacts(status=CallStatus.CLOSED), ODV, [ReasonCode.CLOSED]),
        # Closed status but a future open deadline: still open (a new session).
        (CallFacts(status=CallStatus.CLOSED, next_deadline=date(2026, 6, 1)), ODV, []),
        # Every application deadline past, whatever the status.
        (
            CallFacts(status=CallStatus.GO, last_application=date(2026, 5, 9)),
            ODV,
            [ReasonCode.CLOSED],
        ),
        # Due today is still open.
        (CallFacts(last_application=TODAY, next_deadline=TODAY), ODV, []),
        # Only a pre-application ahead, no application deadline yet: open.
        (CallFacts(status=CallStatus.WATCHING, next_deadline=date(2026, 5, 20)), ODV, []),
        (
            CallFacts(("odv",), "Comune di Messina", CallStatus.CLOSED),
            OrgFacts(LegalForm.INFORMAL_GROUP, "Bologna", "BO", "Emilia-Romagna"),
            [ReasonCode.APPLICANT_TYPE, ReasonCode.TERRITORY, ReasonCode.CLOSED],
        ),
        # Info comes after exclusions.
        (
            CallFacts(("odv",), "Pavia", CallStatus.CLOSED),
            OrgFacts(LegalForm.APS, *VIGEVANO),
            [ReasonCode.APPLICANT_TYPE, ReasonCode.CLOSED, ReasonCode.TERRITORY_UNKNOWN],
        ),
    ],
)
def test_check_codes(call: CallFacts, org: OrgFacts, codes: list[ReasonCode]) -> None:
    reasons = check(call, org, TODAY)
    assert [r.code for r in reasons] == codes
    assert is_eligible(reasons) == all(r.severity is Severity.INFO for r in reasons)


@pytest.mark.parametrize(
    ("lang", "call", "org", "message"),
    [
        ("it", CALL, PARISH, "Il bando ammette solo ODV, APS: l’ente è una parrocchia."),
        (
            "en",
            CallFacts(("odv", "aps", "social_enterprise")),
            PARISH,
            "The call admits only ODV, APS, social enterprises: the organization is a parish.",
        ),
        (
            "it",
            CallFacts(territory="Regione Lombardia"),
            OrgFacts(LegalForm.ODV, *FAENZA),
            "Territorio «Regione Lombardia»: l’ente ha sede a Faenza (RA), fuori dall’area "
            "del bando.",
        ),
        (
            "it",
            CallFacts(territory="Lomellina"),
            OrgFacts(LegalForm.ODV, *PAVIA),
            "Territorio «Lomellina»: da verificare se comprende Pavia (PV).",
        ),
        (
            "it",
            CallFacts(territory="Lomellina"),
            OrgFacts(LegalForm.ODV),
            "Territorio «Lomellina»: la sede dell’ente non è registrata; da verificare.",
        ),
        (
            "it",
            CallFacts(last_application=date(2026, 4, 5)),
            ODV,
            "L’ultima scadenza per le domande è passata il 05/04/2026.",
        ),
        (
            "en",
            CallFacts(last_application=date(2026, 4, 5)),
            ODV,
            "The last application deadline passed on 2026-04-05.",
        ),
        (
            "en",
            CallFacts(status=CallStatus.CLOSED),
            ODV,
            "The call is closed and has no open application deadline.",
        ),
    ],
)
def test_messages(lang: str, call: CallFacts, org: OrgFacts, message: str) -> None:
    set_language(lang)
    assert check(call, org, TODAY)[0].message == message


@pytest.mark.parametrize(
    ("org", "expected"),
    [
        (OrgFacts(LegalForm.ODV, *VIGEVANO), "Vigevano (PV)"),
        (OrgFacts(LegalForm.ODV, "Vigevano"), "Vigevano"),
        (OrgFacts(LegalForm.ODV, None, "pv"), "Pavia"),
        (OrgFacts(LegalForm.ODV, None, None, "Lombardia"), "Lombardia"),
        (OrgFacts(LegalForm.ODV), ""),
    ],
)
def test_seat(org: OrgFacts, expected: str) -> None:
    assert seat(org) == expected


def test_unknown_form_codes_are_shown_as_is() -> None:
    reasons = check(CallFacts(("odv", "cooperativa")), PARISH, TODAY)
    assert "ODV, cooperativa" in reasons[0].message
