"""A proposal that uses every part of the exchange file, and helpers to compare files."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from grantdesk.db.models import (
    Activity,
    Attachment,
    AuditEntry,
    BudgetLine,
    Call,
    CallRequirement,
    CallRule,
    Deadline,
    Funder,
    Indicator,
    IndicatorMeasurement,
    Objective,
    Organization,
    Proposal,
    ProposalPartner,
    ProposalSection,
    Theme,
)
from grantdesk.domain.vocab import (
    AttachmentState,
    DeadlineKind,
    FundingSource,
    LegalForm,
    ProposalStatus,
)
from grantdesk.exports.proposal_json import INTEGRITY, digest
from tests.helpers.org_codes import body_code

LEAD_CF = body_code(4_511_220)
COOP_CF = body_code(4_511_221)
GROUP_NAME = "Comitato di quartiere Cascame"
S = FundingSource


def _theme(s: Any, name: str) -> Theme:
    return s.scalars(select(Theme).where(Theme.name == name)).first() or Theme(name=name)


def sample_call(s: Any) -> Call:
    """The call of the sample (what a desk that tracks it holds too)."""
    funder = s.scalars(select(Funder).where(Funder.name == "Fondazione della Provincia di Pavia"))
    found = funder.first() or Funder(name="Fondazione della Provincia di Pavia")
    call = Call(
        funder=found,
        title="Welfare in azione – Comunità che si prendono cura",
        code="WIA-PV-2026",
        source="manual",
        external_id="wia-2026",
        description="Sostegno a reti di prossimità per anziani soli.\n=riga che sembra formula",
        territory="Provincia di Pavia – Lomellina",
        url="https://www.fondazionepv.it/bandi/welfare-in-azione-2026",
        eligible_forms=["odv", "aps", "network"],
        min_grant=Decimal("10000.00"),
        max_grant=Decimal("60000.00"),
        max_total_cost=Decimal("120000.00"),
        min_cofinancing_pct=Decimal("12.5"),
        max_grant_pct=Decimal("87.5"),
        overhead_cap_pct=Decimal("7"),
        volunteer_time_allowed=True,
        volunteer_hourly_value=Decimal("16.33"),
        min_partners=2,
        min_third_sector_partners=1,
        min_duration_months=12,
        max_duration_months=24,
        budget_categories=["personnel", "overheads", "volunteer_time", "materials", "services"],
        themes=[_theme(s, "anziani soli"), _theme(s, "Prossimità")],
        rules=[
            CallRule(kind="category_cap", scope="personnel", limit_pct=Decimal("60")),
            CallRule(
                kind="fundraising_target",
                limit_pct=Decimal("15"),
                note="Raccolta fondi tra il 15 e il 20 % del contributo",
                params={"min_pct": "15", "max_pct": "20", "of": "grant", "strict": True},
            ),
            CallRule(kind="category_cap", scope="materials", limit_amount=Decimal("2500.50")),
        ],
        requirements=[
            CallRequirement(position=1, name="Statuto", document_kind="statute"),
            CallRequirement(position=2, name="Lettere di partenariato firmate"),
            CallRequirement(position=3, name="Preventivi", mandatory=False),
        ],
        deadlines=[
            Deadline(
                kind=DeadlineKind.APPLICATION,
                stage="Prima sessione",
                due_at=datetime(2027, 3, 31, 15, 0, tzinfo=UTC),  # 17:00 in Rome
                owner="Giulia Ferraris",
            ),
            Deadline(
                kind=DeadlineKind.INTERNAL,
                stage="Revisione interna",
                due_at=datetime(2027, 3, 24, 8, 0, tzinfo=UTC),
            ),
            Deadline(kind=DeadlineKind.REPORT, due_at=datetime(2028, 9, 30, 21, 59, tzinfo=UTC)),
        ],
    )
    s.add(call)
    s.flush()
    return call


def sample_proposal(s: Any, call: Call | None = None) -> int:
    """A proposal with a lead, a cooperative and an informal group (no codice fiscale),
    text with formula-looking lines, fractional quantities, every funding source."""
    call = call or sample_call(s)
    lead = Organization(
        name="Rete del Volontariato Lomellino APS",
        legal_form=LegalForm.NETWORK,
        codice_fiscale=LEAD_CF,
    )
    coop = Organization(
        name="Cooperativa Sociale “Il Germoglio” – Onlus",
        legal_form=LegalForm.SOCIAL_ENTERPRISE,
        codice_fiscale=COOP_CF,
    )
    group = Organization(name=GROUP_NAME, legal_form=LegalForm.INFORMAL_GROUP)
    s.add_all([lead, coop, group])
    s.flush()
    p = Proposal(
        call=call,
        lead=lead,
        title="Comunità che si prendono cura – rete lomellina per gli anziani soli",
        acronym="CURA",
        summary="Una rete di vicinato per chi vive solo.\nSeconda riga: =SUM(A1:A9)",
        status=ProposalStatus.SUBMITTED,
        owner="Giulia Ferraris",
        start_on=date(2027, 2, 1),
        duration_months=18,
        submitted_on=date(2026, 11, 3),
        strengths="Rete già attiva 🙂",
        weaknesses=None,
        opportunities="Nuovo piano di zona",
        threats="+5% di anziani soli",
    )
    p.partners = [
        ProposalPartner(organization=coop, role="Educatori e laboratori"),
        ProposalPartner(organization=group, role="Animazione del quartiere"),
    ]
    p.sections = [
        ProposalSection(
            position=1, title="Contesto e bisogni", body="Anziani soli: 2.643 in carico."
        ),
        ProposalSection(position=2, title="Metodologia", body="@mention\n\t-tab\r\nfine"),
    ]
    p.objectives = [
        Objective(position=1, text="Raggiungere 120 anziani soli"),
        Objective(position=2, text="Formare 40 volontari"),
    ]
    p.activities = [
        Activity(position=1, title="Ascolto", responsible=coop, start_month=1, end_month=18),
        Activity(
            position=2,
            title="Feste di cortile",
            description="In estate",
            responsible=group,
            start_month=4,
            end_month=9,
        ),
        Activity(position=3, title="Coordinamento", start_month=1, end_month=18),
    ]
    p.indicators = [
        Indicator(
            position=1,
            name="Anziani raggiunti",
            unit="persone",
            baseline=Decimal("0"),
            target=Decimal("120"),
            measurements=[
                IndicatorMeasurement(
                    measured_on=date(2027, 5, 1), value=Decimal("37.5"), note="primo trimestre"
                )
            ],
        ),
        Indicator(position=2, name="Soddisfazione", unit=None, target=Decimal("4.125")),
    ]
    lines = [
        (
            "personnel",
            "Educatore professionale",
            coop,
            "ore",
            "631.5",
            "23.03",
            S.REQUESTED_GRANT,
            None,
        ),
        ("overheads", "Spese generali", lead, "forfait", "1", "3666.59", S.REQUESTED_GRANT, None),
        (
            "volunteer_time",
            "Ore di ascolto",
            group,
            "ore",
            "933",
            "12.00",
            S.VOLUNTEER_IN_KIND,
            None,
        ),
        ("materials", "Cancelleria", None, "kg", "2.5", "0.15", S.PARTNER_CASH, None),
        (
            "Spese di trasporto",
            '=HYPERLINK("x")',
            lead,
            None,
            "57",
            "30.57",
            S.OTHER_FUNDER,
            "Raccolta fondi di Natale",
        ),
        ("services", "Sconto", coop, None, "-1", "100.00", S.PARTNER_CASH, None),
    ]
    p.budget_lines = [
        BudgetLine(
            position=n,
            category=c,
            description=d,
            organization=o,
            unit=u,
            quantity=Decimal(q),
            unit_cost=Decimal(cost),
            source=src,
            other_funder=other,
        )
        for n, (c, d, o, u, q, cost, src, other) in enumerate(lines, start=1)
    ]
    statute, letters = call.requirements[:2]
    p.attachments = [
        Attachment(
            requirement=statute,
            name="Statuto",
            state=AttachmentState.ATTACHED,
            file_name="statuto.pdf",
            file_path="/home/giulia/bandi/statuto.pdf",
            added_at=datetime(2026, 10, 1, 9, 0, tzinfo=UTC),
        ),
        Attachment(requirement=letters, name="Lettere di partenariato firmate"),
        Attachment(name="Video di presentazione", state=AttachmentState.NOT_APPLICABLE),
    ]
    s.add(p)
    s.flush()
    return p.id


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """*document* without what differs between two exports of the same content: the
    export instant, the integrity digest, the record's id and creation instant."""
    doc = copy.deepcopy(document)
    doc.pop("exported_at")
    doc.pop(INTEGRITY)
    doc["proposal"].pop("id")
    doc["proposal"].pop("created_at")
    return doc


def reseal(document: dict[str, Any]) -> dict[str, Any]:
    """*document* with its integrity digest recomputed (a hand-made file)."""
    doc = copy.deepcopy(document)
    doc[INTEGRITY] = {"sha256": digest(doc)}
    return doc


def row_counts(db: Any) -> dict[str, int]:
    """How many rows the tables an import writes hold (to show nothing changed)."""
    models = (
        Proposal,
        Organization,
        BudgetLine,
        ProposalPartner,
        Attachment,
        AuditEntry,
        Indicator,
        Call,
        CallRule,
        CallRequirement,
        Deadline,
        Funder,
        Theme,
    )
    with db.reading() as s:
        return {
            m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0) for m in models
        }
