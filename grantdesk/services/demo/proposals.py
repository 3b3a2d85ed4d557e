"""Builds the example proposals from ``proposal_data``: partners, sections, objectives,
timeline, budget, indicators, attachment checklist, budget versions and their deadlines."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from grantdesk.db.models import (
    Activity,
    Attachment,
    BudgetVersion,
    Call,
    Deadline,
    Indicator,
    IndicatorMeasurement,
    Objective,
    Organization,
    Proposal,
    ProposalPartner,
    ProposalSection,
)
from grantdesk.domain.vocab import AttachmentState, DeadlineKind, FundingSource, ProposalStatus
from grantdesk.services.demo.budget import BudgetPlan, budget_lines, snapshot
from grantdesk.services.demo.context import GIULIA, MARCO, DemoContext, seeded
from grantdesk.services.demo.proposal_data import PROPOSALS, ProposalSpec
from grantdesk.services.demo.proposal_drafts import DRAFTS

S = ProposalStatus
_SENT = {S.SUBMITTED, S.AWARDED, S.REJECTED, S.RUNNING, S.REPORTING, S.CLOSED}
_FUNDED = {S.AWARDED, S.RUNNING, S.REPORTING, S.CLOSED}
_UNDER_WAY = {S.RUNNING, S.REPORTING, S.CLOSED}
_GENERIC_CHECKLIST = [
    "Formulario di candidatura firmato",
    "Piano economico firmato dal legale rappresentante",
    "Lettere di partenariato",
]


def build_proposals(ctx: DemoContext) -> None:
    """Every proposal with its content, then (ids known) its post-award deadlines."""
    versions: list[tuple[Proposal, str, list[dict[str, str | int | None]]]] = []
    for spec in (*PROPOSALS, *DRAFTS):
        # A generator per proposal: retuning one budget never reshuffles the others.
        proposal = _proposal(ctx, spec, seeded(f"proposals:{spec.key}"))
        ctx.proposals[spec.key] = proposal
        ctx.add(proposal)
        versions += [(proposal, name, lines) for name, lines in _versions(spec, proposal)]
    ctx.flush()
    ctx.add(
        *(BudgetVersion(proposal_id=p.id, name=name, lines=lines) for p, name, lines in versions)
    )
    ctx.add(*_deadlines(ctx))
    ctx.flush()


def _proposal(ctx: DemoContext, spec: ProposalSpec, rng: random.Random) -> Proposal:
    call = ctx.calls[spec.call]
    lead = ctx.orgs[spec.lead]
    partners = [ctx.orgs[key] for key, _role in spec.partners]
    start = ctx.month_start(spec.start)
    proposal = Proposal(
        call=call,
        lead=lead,
        codesign_id=ctx.processes[spec.codesign].id if spec.codesign else None,
        title=spec.title,
        acronym=spec.acronym,
        summary=spec.summary,
        status=spec.status,
        owner=spec.owner,
        start_on=start,
        duration_months=spec.duration,
        submitted_on=ctx.day(spec.submitted) if spec.submitted is not None else None,
        decided_on=ctx.day(spec.decided) if spec.decided is not None else None,
    )
    if spec.swot is not None:
        (proposal.strengths, proposal.weaknesses, proposal.opportunities, proposal.threats) = (
            spec.swot
        )
    proposal.partners = [
        ProposalPartner(organization=ctx.orgs[key], role=role) for key, role in spec.partners
    ]
    proposal.sections = _sections(spec, lead, partners, call)
    proposal.objectives = [
        Objective(position=i, text=text) for i, text in enumerate(spec.objectives, start=1)
    ]
    proposal.activities = [
        Activity(
            position=i,
            title=title,
            description=f"{title}: responsabile {ctx.orgs[who].name}.",
            responsible_id=ctx.orgs[who].id,
            start_month=first,
            end_month=last,
        )
        for i, (title, who, first, last) in enumerate(spec.activities, start=1)
    ]
    lines = budget_lines(rng, call, [lead, *partners], _plan(spec))
    proposal.budget_lines = lines
    grant = sum(
        (line.total for line in lines if line.source is FundingSource.REQUESTED_GRANT),
        Decimal(0),
    )
    if spec.status in _FUNDED:
        proposal.awarded_amount = grant
    proposal.indicators = _indicators(ctx, spec, start)
    proposal.attachments = _attachments(ctx, spec, call, lead, partners)
    return proposal


def _plan(spec: ProposalSpec) -> BudgetPlan:
    def number(text: str | None) -> Decimal | None:
        return Decimal(text) if text is not None else None

    return BudgetPlan(
        line_count=spec.lines,
        factor=spec.factor,
        overhead_pct=Decimal(spec.overhead_pct),
        other_funder=spec.other_funder,
        volunteer_rate=number(spec.volunteer_rate),
        grant_pct=number(spec.grant_pct),
        fundraising_pct=number(spec.fundraising_pct),
        extra=spec.extra,
    )


def _versions(
    spec: ProposalSpec, proposal: Proposal
) -> list[tuple[str, list[dict[str, str | int | None]]]]:
    """Named budget snapshots: a draft, then as submitted, then after negotiation."""
    assert proposal.lead is not None
    names = {proposal.lead.id: proposal.lead.name}
    names.update({p.organization.id: p.organization.name for p in proposal.partners})
    lines = snapshot(proposal.budget_lines, names)
    first = {S.IDEA: "Prima stima dei costi", S.DRAFTING: "Bozza di lavoro"}
    versions = [first.get(spec.status, "Bozza per la revisione interna")]
    if spec.status in _SENT or spec.status is S.WITHDRAWN:
        versions.append("Versione presentata")
    if spec.status in _FUNDED:
        versions.append("Dopo la rimodulazione concordata con il finanziatore")
    return [(name, lines) for name in versions]


def _sections(
    spec: ProposalSpec, lead: Organization, partners: list[Organization], call: Call
) -> list[ProposalSection]:
    roles = "; ".join(
        f"{org.name} ({role})" for org, (_k, role) in zip(partners, spec.partners, strict=True)
    )
    bodies = [
        ("Contesto e bisogni", spec.context),
        ("Obiettivi e risultati attesi", "\n".join(f"• {o}" for o in spec.objectives)),
        (
            "Metodologia",
            "Il progetto nasce da un percorso di co-progettazione tra il capofila e i partner: "
            "ogni attività ha un ente responsabile, tempi definiti e indicatori verificabili.",
        ),
        ("Partenariato", f"Capofila: {lead.name}. Partner: {roles}."),
        (
            "Sostenibilità",
            f"Dopo il contributo di {call.funder.name} le attività proseguono con le risorse dei "
            "partner, il volontariato e la collaborazione con i servizi pubblici.",
        ),
    ]
    return [
        ProposalSection(position=i, title=title, body=body)
        for i, (title, body) in enumerate(bodies, start=1)
    ]


def _indicators(ctx: DemoContext, spec: ProposalSpec, start: date) -> list[Indicator]:
    indicators = []
    for i, (name, unit, baseline, target) in enumerate(spec.indicators, start=1):
        low, high = Decimal(baseline), Decimal(target)
        indicator = Indicator(position=i, name=name, unit=unit, baseline=low, target=high)
        if spec.status in _UNDER_WAY and spec.duration:
            # Monitoring every three months from the start, as long as it is in the past.
            months = range(3, spec.duration + 1, 3)
            points = [(m, start + relativedelta(months=m)) for m in months]
            past = [(m, day) for m, day in points if day <= ctx.today]
            indicator.measurements = [
                IndicatorMeasurement(
                    measured_on=day,
                    value=low + ((high - low) * m / spec.duration).to_integral_value(),
                    note="Verifica quantitativa dopo tre mesi" if m == 3 else None,
                )
                for m, day in past
            ]
            if past:
                indicator.actual = indicator.measurements[-1].value
        indicators.append(indicator)
    return indicators


def _attachments(
    ctx: DemoContext,
    spec: ProposalSpec,
    call: Call,
    lead: Organization,
    partners: list[Organization],
) -> list[Attachment]:
    """The checklist: all attached once sent; gaps while drafting; one missing in review
    (or the positions *spec.missing* names)."""
    sent = spec.status in _SENT or spec.status is S.WITHDRAWN
    added = ctx.due(spec.submitted - 2, time(10, 30)) if spec.submitted else ctx.due(-6)
    items: list[Attachment] = []
    if call.requirements:
        for req in call.requirements:
            if req.document_kind == "durc" and lead.partita_iva is None:
                state = AttachmentState.NOT_APPLICABLE
            elif spec.missing is not None:
                gap = req.position in spec.missing
                state = AttachmentState.MISSING if gap else AttachmentState.ATTACHED
            elif sent or (spec.status is S.REVIEW and req.position != 3):
                state = AttachmentState.ATTACHED
            else:
                state = AttachmentState.ATTACHED if req.position <= 2 else AttachmentState.MISSING
            items.append(_attachment(req.name, state, added, req.id))
    else:
        for name in _GENERIC_CHECKLIST:
            state = AttachmentState.ATTACHED if sent else AttachmentState.MISSING
            items.append(_attachment(name, state, added, None))
    for org in partners:
        state = AttachmentState.ATTACHED if sent else AttachmentState.MISSING
        items.append(_attachment(f"Lettera di adesione – {org.name}", state, added, None))
    return items


def _attachment(name: str, state: AttachmentState, added: datetime, req: int | None) -> Attachment:
    attached = state is AttachmentState.ATTACHED
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower())[:60].strip("-")
    return Attachment(
        requirement_id=req,
        name=name,
        state=state,
        file_name=f"{slug}.pdf" if attached else None,
        file_path=f"allegati/{slug}.pdf" if attached else None,
        added_at=added if attached else None,
    )


def _deadlines(ctx: DemoContext) -> list[Deadline]:
    """After the award: reports and payment claims, one report already overdue."""
    p, d = ctx.proposals, ctx.due
    report, claim, internal = DeadlineKind.REPORT, DeadlineKind.PAYMENT_CLAIM, DeadlineKind.INTERNAL
    rows = [
        ("bds", report, "Comunicazione di avvio delle attività", d(10), GIULIA, False),
        ("bds", claim, "Richiesta di anticipo (30 %)", d(25), MARCO, False),
        ("punto", report, "Relazione intermedia", d(-4), MARCO, False),
        ("punto", claim, "Richiesta del secondo acconto", d(12), GIULIA, False),
        (
            "messina",
            internal,
            "Controllo dei giustificativi di spesa",
            d(4, time(17, 0)),
            MARCO,
            False,
        ),
        ("messina", report, "Rendicontazione finale", d(8), GIULIA, False),
        ("dispensa", report, "Rendicontazione finale", d(-280), GIULIA, True),
        ("dispensa", claim, "Richiesta del saldo", d(-250), GIULIA, True),
        ("proxima", internal, "Preparare le risposte alla valutazione", d(30), GIULIA, False),
    ]
    return [
        Deadline(proposal_id=p[key].id, kind=kind, stage=stage, due_at=due, owner=owner, done=done)
        for key, kind, stage, due, owner, done in rows
    ]
