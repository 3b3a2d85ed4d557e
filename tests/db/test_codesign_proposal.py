"""A proposal made from a co-design process: partners and commitments carried across, and
the proposal's rule check counting them as co-financing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from grantdesk.db.models import BudgetLine, Commitment, Proposal
from grantdesk.domain.rules import FindingCode
from grantdesk.domain.vocab import ApplicationOutcome, CoDesignStatus, FundingSource, LegalForm
from grantdesk.services.codesign_editing import ProcessForm, create_process
from grantdesk.services.codesign_monitoring import IndicatorForm, create_indicator
from grantdesk.services.codesign_parts import (
    ApplicationForm,
    CommitmentForm,
    create_application,
    create_commitment,
)
from grantdesk.services.codesign_proposal import (
    create_proposal_from_process,
    discard_created_proposal,
    plan_proposal,
)
from grantdesk.services.codesign_reading import load_overview
from grantdesk.services.database import Database
from grantdesk.services.editing import ConflictError
from grantdesk.services.proposal_check import check_proposal
from tests.helpers import factories as f

TODAY = date(2026, 3, 10)
A = ApplicationOutcome


def reno_galliera(db: Database) -> tuple[int, dict[str, int]]:
    with db.transaction() as s:
        orgs = {
            "union": f.organization(s, "Unione Reno Galliera", LegalForm.PUBLIC_BODY),
            "ausl": f.organization(s, "Azienda USL – Distretto Pianura Est", LegalForm.PUBLIC_BODY),
            "odv": f.organization(s, "Diritti al Cuore ODV", LegalForm.ODV),
            "coop": f.organization(s, "Accanto Cooperativa Sociale", LegalForm.SOCIAL_ENTERPRISE),
            "aps": f.organization(s, "L’Albero delle Relazioni APS", LegalForm.APS),
            "late": f.organization(s, "Pane e Rose ODV", LegalForm.ODV),
        }
        ids = {k: o.id for k, o in orgs.items()}
    pid = create_process(
        db,
        ProcessForm(
            title="Accordo operativo per il contrasto alla povertà",
            promoter_id=ids["union"],
            duration_months=36,
            description="Il Terzo settore come antenna sulle fragilità nascoste.",
            status=CoDesignStatus.DECISION.value,
        ),
    )
    for key, outcome, reason in (
        ("odv", A.ADMITTED, ""),
        ("coop", A.ADMITTED, ""),
        ("aps", A.EXCLUDED, "Nessuna sede nel territorio"),
        ("late", A.PENDING, ""),
    ):
        create_application(db, pid, ApplicationForm(ids[key], TODAY, outcome.value, reason))
    for key, kind, quantity, unit, value in (
        ("union", "money", "1", "", "120000.00"),
        ("ausl", "staff_hours", "600", "ore", "32.50"),
        ("coop", "staff_hours", "900", "ore", "24.80"),
        ("odv", "volunteer_hours", "1200", "ore", "15.00"),
        ("coop", "spaces", "12", "mesi", "350.00"),
    ):
        create_commitment(
            db,
            pid,
            CommitmentForm(
                ids[key], kind, f"{kind} di {key}", Decimal(quantity), unit, Decimal(value)
            ),
        )
    create_indicator(
        db, pid, IndicatorForm("Nuclei intercettati", "nuclei", Decimal(0), Decimal(250))
    )
    return pid, ids


def test_partners_and_commitments_are_carried_across(db: Database) -> None:
    pid, ids = reno_galliera(db)
    created = create_proposal_from_process(db, pid)
    assert (created.partners, created.lines, created.linked) == (2, 5, 5)
    with db.reading() as s:
        proposal = s.get(Proposal, created.proposal_id)
        assert proposal is not None
        assert proposal.codesign_id == pid and proposal.lead_id == ids["union"]
        assert proposal.duration_months == 36 and proposal.title.startswith("Accordo operativo")
        assert {p.organization_id for p in proposal.partners} == {ids["odv"], ids["coop"]}
        lines = {
            (ln.category, ln.organization_id, ln.source, ln.other_funder, ln.total)
            for ln in proposal.budget_lines
        }
        assert [i.name for i in proposal.indicators] == ["Nuclei intercettati"]
        linked = s.scalars(select(Commitment.budget_line_id)).all()
    assert lines == {
        ("services", ids["union"], FundingSource.PARTNER_CASH, None, Decimal("120000.00")),
        (
            "personnel",
            None,
            FundingSource.OTHER_FUNDER,
            "Azienda USL – Distretto Pianura Est",
            Decimal("19500.00"),
        ),
        ("personnel", ids["coop"], FundingSource.PARTNER_CASH, None, Decimal("22320.00")),
        ("volunteer_time", ids["odv"], FundingSource.VOLUNTEER_IN_KIND, None, Decimal("18000.00")),
        ("overheads", ids["coop"], FundingSource.PARTNER_CASH, None, Decimal("4200.00")),
    }
    assert None not in linked
    # The proposal's total is the commitments' total, to the cent.
    assert created.total == load_overview(db, pid, TODAY).totals.total == Decimal("184020.00")


def test_the_rule_check_counts_the_commitments_as_co_financing(db: Database) -> None:
    pid, _ids = reno_galliera(db)
    with db.transaction() as s:
        call = f.call(
            s,
            "Bando Welfare di comunità",
            min_cofinancing_pct=Decimal(30),
            volunteer_time_allowed=True,
            volunteer_hourly_value=Decimal(12),
            min_partners=3,
        )
        call_id = call.id
    created = create_proposal_from_process(db, pid, call_id=call_id)
    check = check_proposal(db, created.proposal_id, TODAY)
    assert check.totals.grand_total == Decimal("184020.00")
    assert check.totals.co_financing == Decimal("184020.00")
    assert check.totals.by_source[FundingSource.VOLUNTEER_IN_KIND] == Decimal("18000.00")
    codes = {finding.code for finding in check.findings}
    assert FindingCode.COFINANCING_MIN not in codes
    assert FindingCode.PARTNERS_MIN not in codes  # lead + two partners
    hourly = [x for x in check.findings if x.code is FindingCode.VOLUNTEER_HOURLY_VALUE]
    assert hourly and "15,00" in hourly[0].message.replace(".", ",")
    # Ask the call for a large grant: the co-financing share falls below 30 % and the check says so.
    with db.transaction() as s:
        s.add(
            BudgetLine(
                proposal_id=created.proposal_id,
                position=99,
                category="personnel",
                quantity=Decimal(1),
                unit_cost=Decimal("500000.00"),
                source=FundingSource.REQUESTED_GRANT,
            )
        )
    check = check_proposal(db, created.proposal_id, TODAY)
    assert check.totals.co_financing == Decimal("184020.00")
    assert FindingCode.COFINANCING_MIN in {x.code for x in check.findings}


def test_another_lead_makes_the_promoter_a_partner(db: Database) -> None:
    pid, ids = reno_galliera(db)
    plan = plan_proposal(db, pid, lead_id=ids["coop"], title="Budget di Salute")
    assert plan.lead_name == "Accanto Cooperativa Sociale" and plan.title == "Budget di Salute"
    assert [p[0] for p in plan.partners] == [ids["union"], ids["odv"]]
    assert plan.total == Decimal("184020.00")
    created = create_proposal_from_process(db, pid, lead_id=ids["coop"], title="Budget di Salute")
    check = check_proposal(db, created.proposal_id, TODAY)
    assert check.totals.by_partner[ids["union"]] == Decimal("120000.00")


def test_commitments_already_linked_stay_linked(db: Database) -> None:
    pid, _ids = reno_galliera(db)
    first = create_proposal_from_process(db, pid)
    second = create_proposal_from_process(db, pid, title="Seconda edizione")
    assert second.linked == 0 and second.lines == first.lines


def test_undo_discards_the_proposal_and_unlinks(db: Database) -> None:
    pid, _ids = reno_galliera(db)
    created = create_proposal_from_process(db, pid)
    with db.transaction() as s:
        proposal = s.get(Proposal, created.proposal_id)
        assert proposal is not None
        proposal.owner = "Giulia Ferraris"
    with pytest.raises(ConflictError):
        discard_created_proposal(db, created.proposal_id, created.version)
    discard_created_proposal(db, created.proposal_id, created.version + 1)
    with db.reading() as s:
        assert s.get(Proposal, created.proposal_id) is None
        assert set(s.scalars(select(Commitment.budget_line_id))) == {None}


def test_an_empty_title_is_refused(db: Database) -> None:
    pid, _ids = reno_galliera(db)
    with pytest.raises(ValueError, match="title"):
        create_proposal_from_process(db, pid, title="   ")
