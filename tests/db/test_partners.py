"""Finding partners on each backend: every filter alone and together, places typed as people
type them, the state of the papers, who could partner on a call (ranked, with reasons) and
an organization's history with the amounts it requested and obtained as lead and partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from grantdesk.db.models import (
    BudgetLine,
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    OrganizationDocument,
    ProposalPartner,
    Theme,
)
from grantdesk.domain.vocab import (
    ApplicationOutcome,
    CoDesignStatus,
    CommitmentKind,
    FundingSource,
    LegalForm,
    ProposalStatus,
)
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError, detail
from grantdesk.services.partner_history import Outcome, organization_history
from grantdesk.services.partners import (
    DocumentState,
    PartnerFilter,
    count_partners,
    document_state,
    find_partners,
    partners_for_call,
    resolve_territory,
    search_partners,
)
from tests.helpers import factories as f

TODAY = date(2026, 5, 10)
GRANT = FundingSource.REQUESTED_GRANT


@dataclass(frozen=True)
class Register:
    """The ids of the small register every test reads."""

    argento: int  # ODV, Vigevano (PV); anziani; a paper expiring
    melograno: int  # APS, Pavia (PV); povertà; papers in order
    aurora: int  # social enterprise, Milano (MI); povertà, giovani; a paper expired
    darsena: int  # APS, Ravenna (RA), neighbourhood Darsena; no papers
    parrocchia: int  # parish, Tromello (PV): a town no table knows
    gruppo: int  # informal group, no seat recorded
    pavia_call: int  # Provincia di Pavia, ODV/APS, themes povertà + anziani
    lomellina_call: int  # Lomellina, anyone, no themes
    funded: int  # Melograno leads, Argento partners: awarded € 8.000
    rejected: int  # Argento leads, Aurora partners: rejected
    drafting: int  # Aurora leads: drafting


def _doc(org: Any, expires: date | None, title: str = "Polizza volontari") -> OrganizationDocument:
    return OrganizationDocument(organization=org, kind="insurance", title=title, expires_on=expires)


def _line(org_id: int | None, amount: str, source: FundingSource = GRANT) -> BudgetLine:
    return BudgetLine(
        category="personnel",
        description="Educatori",
        organization_id=org_id,
        quantity=Decimal(1),
        unit_cost=Decimal(amount),
        source=source,
    )


def build_register(db: Database, today: date = TODAY) -> Register:
    """Six bodies, two calls, three proposals and a co-design process (test data)."""
    with db.transaction() as s:
        poverta, anziani, giovani = (
            Theme(name="povertà"),
            Theme(name="anziani"),
            Theme(name="giovani"),
        )
        s.add_all([poverta, anziani, giovani])
        lombardia = {"region": "Lombardia"}
        argento = f.organization(
            s,
            "Argento Vivo ODV",
            LegalForm.ODV,
            municipality="Vigevano",
            province="PV",
            themes=[anziani],
            **lombardia,
        )
        melograno = f.organization(
            s,
            "Il Melograno APS",
            LegalForm.APS,
            municipality="Pavia",
            province="PV",
            themes=[poverta],
            **lombardia,
        )
        aurora = f.organization(
            s,
            "Cooperativa Sociale Aurora",
            LegalForm.SOCIAL_ENTERPRISE,
            municipality="Milano",
            province="MI",
            themes=[poverta, giovani],
            **lombardia,
        )
        darsena = f.organization(
            s,
            "Circolo Darsena APS",
            LegalForm.APS,
            municipality="Ravenna",
            province="RA",
            region="Emilia-Romagna",
            neighbourhood="Darsena",
        )
        parrocchia = f.organization(
            s,
            "Parrocchia San Pietro",
            LegalForm.PARISH,
            municipality="Tromello",
            province="PV",
            **lombardia,
        )
        gruppo = f.organization(s, "Gruppo informale Piazza Viva", LegalForm.INFORMAL_GROUP)
        s.add_all(
            [
                _doc(argento, today + timedelta(days=10)),
                _doc(melograno, None, "Statuto"),
                _doc(melograno, today + timedelta(days=100), "DURC"),
                _doc(aurora, today - timedelta(days=1)),
                _doc(aurora, today + timedelta(days=200), "DURC"),
            ]
        )
        pavia_call = f.call(
            s,
            "Welfare in azione (Provincia di Pavia)",
            territory="Provincia di Pavia",
            eligible_forms=["odv", "aps"],
        )
        pavia_call.themes = [poverta, anziani]
        lomellina_call = f.call(
            s,
            "Bando “Tempo che conta”",
            "Fondazione di Comunità della Lomellina",
            territory="Lomellina",
        )
        funded = f.proposal(
            s,
            "Case del Sociale",
            pavia_call,
            melograno,
            status=ProposalStatus.AWARDED,
            awarded_amount=Decimal("8000.00"),
            submitted_on=date(2025, 3, 1),
            acronym="CASE",
        )
        funded.partners.append(ProposalPartner(organization=argento, role="Accompagnamento"))
        funded.budget_lines = [
            _line(melograno.id, "6000.00"),
            _line(argento.id, "3000.00"),
            _line(None, "1000.00"),
            _line(argento.id, "2000.00", FundingSource.PARTNER_CASH),
        ]
        rejected = f.proposal(
            s,
            "ORE – Tempo che conta",
            lomellina_call,
            argento,
            partners=[aurora],
            status=ProposalStatus.REJECTED,
            submitted_on=date(2024, 10, 1),
        )
        rejected.budget_lines = [_line(argento.id, "5000.00")]
        drafting = f.proposal(s, "Giovani al centro", None, aurora)
        drafting.budget_lines = [_line(aurora.id, "1234.56")]
        process = CoDesignProcess(
            title="Punto per Te",
            promoter=darsena,
            status=CoDesignStatus.TABLES,
            decided_on=date(2025, 9, 1),
        )
        process.applications = [
            CoDesignApplication(organization=argento, outcome=ApplicationOutcome.ADMITTED)
        ]
        process.commitments = [
            Commitment(
                organization=argento,
                kind=CommitmentKind.VOLUNTEER_HOURS,
                quantity=Decimal(10),
                unit_value=Decimal("15.00"),
            )
        ]
        s.add(process)
        s.flush()
        return Register(
            argento.id,
            melograno.id,
            aurora.id,
            darsena.id,
            parrocchia.id,
            gruppo.id,
            pavia_call.id,
            lomellina_call.id,
            funded.id,
            rejected.id,
            drafting.id,
        )


@pytest.fixture
def reg(db: Database) -> Register:
    return build_register(db)


def found(db: Database, wanted: PartnerFilter) -> set[int]:
    rows = find_partners(db, wanted, TODAY)
    assert count_partners(db, wanted, TODAY) == len(rows)
    return {r.id for r in rows}


FILTERS: list[tuple[PartnerFilter, tuple[str, ...]]] = [
    (PartnerFilter(), ("argento", "melograno", "aurora", "darsena", "parrocchia", "gruppo")),
    (PartnerFilter(themes=("povertà",)), ("melograno", "aurora")),
    (PartnerFilter(themes=("POVERTA", "anziani")), ("argento", "melograno", "aurora")),
    (PartnerFilter(themes=("nessuno",)), ()),
    (PartnerFilter(territory="PV"), ("argento", "melograno", "parrocchia")),
    (PartnerFilter(territory="pv"), ("argento", "melograno", "parrocchia")),
    (PartnerFilter(territory="Pavia"), ("argento", "melograno", "parrocchia")),
    (PartnerFilter(territory="Pavia (PV)"), ("argento", "melograno", "parrocchia")),
    (PartnerFilter(territory="Provincia di Pavia"), ("argento", "melograno", "parrocchia")),
    (PartnerFilter(territory="Comune di Pavia"), ("melograno",)),
    (PartnerFilter(territory="Vigevano"), ("argento",)),
    (PartnerFilter(territory="Vigevano (PV)"), ("argento",)),
    (PartnerFilter(territory="Lomellina"), ("argento",)),
    (PartnerFilter(territory="Lombardia"), ("argento", "melograno", "aurora", "parrocchia")),
    (PartnerFilter(territory="emilia romagna"), ("darsena",)),
    (PartnerFilter(territory="Darsena"), ("darsena",)),
    (PartnerFilter(territory="tromello"), ("parrocchia",)),
    (PartnerFilter(territory="Tromello (MI)"), ()),
    (PartnerFilter(territory="MI, RA"), ("aurora", "darsena")),
    (
        PartnerFilter(territory="Italia"),
        ("argento", "melograno", "aurora", "darsena", "parrocchia", "gruppo"),
    ),
    (PartnerFilter(legal_forms=(LegalForm.APS,)), ("melograno", "darsena")),
    (
        PartnerFilter(legal_forms=(LegalForm.ODV, LegalForm.APS)),
        ("argento", "melograno", "darsena"),
    ),
    (PartnerFilter(documents=DocumentState.EXPIRING), ("argento",)),
    (PartnerFilter(documents=DocumentState.EXPIRED), ("aurora",)),
    (PartnerFilter(documents=DocumentState.OK), ("melograno",)),
    (PartnerFilter(documents=DocumentState.NONE), ("darsena", "parrocchia", "gruppo")),
    (PartnerFilter(search="melograno"), ("melograno",)),
    (PartnerFilter(search="aurora milano"), ("aurora",)),
    (PartnerFilter(search="poverta"), ("melograno", "aurora")),
    (PartnerFilter(search="50%_"), ()),
]


@pytest.mark.parametrize(("wanted", "expected"), FILTERS)
def test_each_filter_alone(
    db: Database, reg: Register, wanted: PartnerFilter, expected: tuple[str, ...]
) -> None:
    assert found(db, wanted) == {getattr(reg, name) for name in expected}


def test_filters_together_must_all_hold(db: Database, reg: Register) -> None:
    wanted = PartnerFilter(
        themes=("povertà",), territory="Lombardia", legal_forms=(LegalForm.APS, LegalForm.ODV)
    )
    assert found(db, wanted) == {reg.melograno}
    assert found(db, PartnerFilter(themes=("povertà",), territory="PV")) == {reg.melograno}
    assert found(db, PartnerFilter(territory="PV", documents=DocumentState.NONE)) == {
        reg.parrocchia
    }
    narrowed = PartnerFilter(themes=("povertà",), documents=DocumentState.EXPIRED, search="coop")
    assert found(db, narrowed) == {reg.aurora}
    assert found(db, PartnerFilter(themes=("povertà",), territory="RA")) == set()


def test_a_page_comes_by_name_with_themes_papers_and_past_proposals(
    db: Database, reg: Register
) -> None:
    everyone = find_partners(db, PartnerFilter(), TODAY)
    assert [r.name for r in everyone] == sorted(r.name for r in everyone)
    page = find_partners(db, PartnerFilter(), TODAY, limit=2, offset=2)
    assert [r.id for r in page] == [r.id for r in everyone[2:4]]
    rows = {r.id: r for r in everyone}
    argento, aurora = rows[reg.argento], rows[reg.aurora]
    assert argento.themes == ("anziani",)
    assert (argento.documents, argento.first_expiry) == (
        DocumentState.EXPIRING,
        TODAY + timedelta(days=10),
    )
    assert (argento.proposals, argento.funded) == (2, 1)  # partner funded, lead rejected
    assert aurora.themes == ("giovani", "povertà")
    assert (aurora.documents, aurora.proposals, aurora.funded) == (DocumentState.EXPIRED, 2, 0)
    assert rows[reg.darsena].place == "Ravenna (RA) – Darsena"
    assert rows[reg.gruppo].place == ""


def test_search_results_say_which_places_no_body_is_based_in(db: Database, reg: Register) -> None:
    result = search_partners(db, PartnerFilter(territory="Atlantide"), TODAY)
    assert (result.rows, result.total, result.unknown_places) == ((), 0, ("Atlantide",))
    known = search_partners(db, PartnerFilter(territory="Tromello"), TODAY)
    assert (known.total, known.unknown_places) == (1, ())
    paged = search_partners(db, PartnerFilter(), TODAY, limit=4)
    assert (len(paged.rows), paged.total) == (4, 6)


def test_territory_is_read_with_the_territory_tables() -> None:
    assert resolve_territory("").everywhere
    assert resolve_territory("tutta Italia").everywhere
    assert resolve_territory("Pavia").provinces == {"PV"}
    assert resolve_territory("Città metropolitana di Milano").provinces == {"MI"}
    assert resolve_territory("Lombardia").regions == {"Lombardia"}
    assert resolve_territory("Comune di Ravenna").towns == {("ravenna", None)}
    assert resolve_territory("Castello d’Argile").towns == {("castello d argile", None)}
    unknown = resolve_territory("Tromello (PV)")
    assert (unknown.towns, unknown.unknown) == ({("tromello", "PV")}, ("Tromello",))
    assert ("vigevano", "PV") in resolve_territory("Lomellina").towns


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (-1, DocumentState.EXPIRED),
        (0, DocumentState.EXPIRING),
        (30, DocumentState.EXPIRING),
        (31, DocumentState.OK),
    ],
)
def test_papers_expiring_within_30_days(db: Database, days: int, state: DocumentState) -> None:
    with db.transaction() as s:
        org = f.organization(s, "Ente di prova")
        s.add(_doc(org, TODAY + timedelta(days=days)))
    assert document_state(1, TODAY + timedelta(days=days), TODAY) is state
    assert find_partners(db, PartnerFilter(documents=state), TODAY)[0].documents is state
    others = [s for s in DocumentState if s is not state]
    assert all(not find_partners(db, PartnerFilter(documents=o), TODAY) for o in others)


def test_who_could_partner_on_a_call_best_first_with_the_reasons(
    db: Database, reg: Register
) -> None:
    result = partners_for_call(db, reg.pavia_call, TODAY)
    # Aurora is a social enterprise, the parish a parish, Darsena in Ravenna: left out.
    assert [p.row.id for p in result.partners] == [reg.melograno, reg.argento]
    assert (result.total, result.forms, result.themes) == (
        2,
        (LegalForm.ODV, LegalForm.APS),
        ("anziani", "povertà"),
    )
    melograno, argento = result.partners
    assert melograno.shared_themes == ("povertà",)
    assert melograno.reasons == (
        "Works on povertà, like the call.",
        "Documents on file in order.",
        "Took part in 1 proposal, 1 funded.",
        "Already applied once to Fondazione Cariplo.",
        "Based in Pavia (PV), within «Provincia di Pavia».",
        "APS – social promotion association: an applicant type the call admits.",
        "Already in a proposal to this call.",
    )
    assert melograno.summary == "1 shared theme · papers in order · 1 proposal"
    assert "A document on file expires on " in argento.reasons[1]
    assert not melograno.to_check and not argento.to_check


def test_a_place_the_call_cannot_decide_is_kept_to_check(db: Database, reg: Register) -> None:
    result = partners_for_call(db, reg.lomellina_call, TODAY)
    # No themes, anyone admitted: papers in order first, then expiring, then none on file;
    # Milano and Ravenna lie outside the Lomellina.
    assert [p.row.id for p in result.partners] == [
        reg.melograno,
        reg.argento,
        reg.gruppo,
        reg.parrocchia,
    ]
    to_check = {p.row.id: p.to_check for p in result.partners}
    assert to_check == {
        reg.melograno: True,
        reg.argento: False,
        reg.gruppo: True,
        reg.parrocchia: True,
    }
    melograno = result.partners[0]
    assert "Territory «Lomellina»: check whether Pavia (PV) is included." in melograno.reasons
    assert melograno.summary.startswith("territory to check · ")
    assert "not recorded" in " ".join(result.partners[2].reasons)
    narrowed = partners_for_call(
        db, reg.lomellina_call, TODAY, PartnerFilter(legal_forms=(LegalForm.ODV,))
    )
    assert [p.row.id for p in narrowed.partners] == [reg.argento]
    page = partners_for_call(db, reg.lomellina_call, TODAY, limit=2, offset=1)
    assert ([p.row.id for p in page.partners], page.total) == ([reg.argento, reg.gruppo], 4)


def test_a_call_that_is_gone(db: Database, reg: Register) -> None:
    with pytest.raises(RecordNotFoundError):
        partners_for_call(db, reg.pavia_call + 1000, TODAY)


def test_history_as_lead_shares_the_award_by_budget(db: Database, reg: Register) -> None:
    history = organization_history(db, reg.melograno)
    (record,) = history.proposals
    assert (record.as_lead, record.outcome, record.year) == (True, Outcome.FUNDED, 2025)
    assert (record.call, record.funder) == (
        "Welfare in azione (Provincia di Pavia)",
        "Fondazione Cariplo",
    )
    # The lead's lines (6,000) and the lines charged to nobody (1,000) of 10,000 requested.
    assert (record.requested, record.own_requested) == (Decimal("10000.00"), Decimal("7000.00"))
    assert (record.awarded, record.obtained) == (Decimal("8000.00"), Decimal("5600.00"))
    assert (history.obtained, history.led_grants, history.funded, history.decided) == (
        Decimal("5600.00"),
        Decimal("8000.00"),
        1,
        1,
    )


def test_history_as_partner_and_as_a_rejected_lead(db: Database, reg: Register) -> None:
    history = organization_history(db, reg.argento)
    funded, rejected = history.proposals  # newest first
    assert (funded.proposal_id, funded.as_lead, funded.role) == (
        reg.funded,
        False,
        "Accompagnamento",
    )
    # Its 3,000 of grant (its 2,000 of cash are not requested) is 30 % of the award.
    assert (funded.own_requested, funded.obtained) == (Decimal("3000.00"), Decimal("2400.00"))
    assert (rejected.as_lead, rejected.outcome, rejected.obtained) == (
        True,
        Outcome.NOT_FUNDED,
        Decimal("0.00"),
    )
    assert (history.as_lead, history.requested, history.obtained) == (
        1,
        Decimal("8000.00"),
        Decimal("2400.00"),
    )
    assert history.led_grants == Decimal("0.00")
    (process,) = history.codesigns
    assert (process.application, process.pledged, process.year) == (
        ApplicationOutcome.ADMITTED,
        Decimal("150.00"),
        2025,
    )
    assert (process.role_label, process.outcome_label) == (
        "Applicant, Pledged resources",
        "Admitted",
    )


def test_history_while_undecided_and_of_a_promoter(db: Database, reg: Register) -> None:
    aurora = organization_history(db, reg.aurora)
    outcomes = {p.proposal_id: (p.outcome, p.own_requested, p.obtained) for p in aurora.proposals}
    assert outcomes == {
        reg.drafting: (Outcome.PREPARING, Decimal("1234.56"), None),
        reg.rejected: (Outcome.NOT_FUNDED, Decimal("0.00"), Decimal("0.00")),
    }
    darsena = organization_history(db, reg.darsena)
    assert darsena.proposals == ()
    (process,) = darsena.codesigns
    assert (process.promoter, process.role_label, process.outcome_label) == (
        True,
        "Promoting body",
        "Co-design tables",
    )
    with pytest.raises(RecordNotFoundError):
        organization_history(db, reg.gruppo + 1000)


def test_the_detail_panes_show_the_history_and_the_partner_action(
    db: Database, reg: Register
) -> None:
    org = detail(db, "organizations", reg.argento)
    history = next(t for t in org.tables if t.title == "History")
    assert history.headers == ("Year", "Proposal or co-design", "Outcome", "Obtained")
    assert history.rows == (
        ("2025", "CASE – Case del Sociale\nPartner", "Awarded", "€2,400.00"),
        ("2024", "ORE – Tempo che conta\nLead applicant", "Not funded", "€0.00"),
        ("2025", "Co-design: Punto per Te\nApplicant, Pledged resources", "Admitted", ""),
    )
    empty = next(t for t in detail(db, "organizations", reg.gruppo).tables if t.title == "History")
    assert empty.rows == ()
    assert "find_partners" in detail(db, "calls", reg.pavia_call).actions
