"""A proposal written from a co-design process: its partners and commitments carried across.

:func:`plan_proposal` says what :func:`create_proposal_from_process` will write, so the
dialog can show it first:

- the **lead** (capofila) is the promoting body unless another is chosen; the **partners**
  are the bodies admitted to the co-design, and the promoter when it is not the lead;
- every **commitment** becomes a budget line of co-financing, quantity × unit value as
  pledged (the euro value is the same to the cent):

  ================  ==========================  =========================================
  commitment        category                    funding source
  ================  ==========================  =========================================
  money             services                    partner cash (the writer then spreads it
                                                over the costs it pays for)
  staff hours       personnel                   partner cash (the partner's own staff)
  volunteer hours   volunteer time              volunteer time in kind (× the hourly value)
  spaces            overheads                   partner cash (premises valued in kind)
  goods             materials                   partner cash
  services          services                    partner cash
  ================  ==========================  =========================================

  A body that is neither lead nor partner (a health authority that only lends staff)
  co-finances as an *other funder*, named on the line; its volunteer hours stay volunteer
  time. No line is requested from the call: the writer adds what the call is asked to
  fund.
- the process's monitoring **indicators** (name, unit, baseline, target) and, when a call
  is chosen, its required attachments as a checklist (all missing) come along;
- commitments not yet linked to a budget line are linked to the line made from them.

The proposal keeps a link to the process (``codesign_id``); :func:`check_proposal` then
counts the lines as co-financing like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from grantdesk.db.models import (
    Attachment,
    BudgetLine,
    Call,
    CallRequirement,
    Commitment,
    Funder,
    Indicator,
    Organization,
    Proposal,
    ProposalPartner,
)
from grantdesk.domain.money import ZERO, round_cents
from grantdesk.domain.vocab import (
    ApplicationOutcome,
    AttachmentState,
    BudgetCategory,
    CallStatus,
    CommitmentKind,
    FundingSource,
    ProposalStatus,
)
from grantdesk.i18n import _
from grantdesk.services.codesign_editing import audit, gone, stale
from grantdesk.services.codesign_reading import load_full, ordered_commitments, process_indicators
from grantdesk.services.database import Database

COMMITMENT_CATEGORY: dict[CommitmentKind, BudgetCategory] = {
    CommitmentKind.MONEY: BudgetCategory.SERVICES,
    CommitmentKind.STAFF_HOURS: BudgetCategory.PERSONNEL,
    CommitmentKind.VOLUNTEER_HOURS: BudgetCategory.VOLUNTEER_TIME,
    CommitmentKind.SPACES: BudgetCategory.OVERHEADS,
    CommitmentKind.GOODS: BudgetCategory.MATERIALS,
    CommitmentKind.SERVICES: BudgetCategory.SERVICES,
}


@dataclass(frozen=True)
class PlannedLine:
    """A budget line the proposal will get, and the commitment it comes from."""

    commitment_id: int
    category: BudgetCategory
    description: str
    organization_id: int | None
    body: str
    quantity: Decimal
    unit: str | None
    unit_cost: Decimal
    source: FundingSource
    other_funder: str | None = None

    @property
    def total(self) -> Decimal:
        return round_cents(self.quantity * self.unit_cost)


@dataclass(frozen=True)
class ProposalPlan:
    """What a proposal made from a process holds."""

    process_id: int
    title: str
    lead_id: int | None
    lead_name: str
    partners: tuple[tuple[int, str, str], ...]  # id, name, role
    lines: tuple[PlannedLine, ...] = field(default_factory=tuple)

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)


@dataclass(frozen=True)
class CreatedProposal:
    """The proposal written: its id and what went into it."""

    proposal_id: int
    partners: int
    lines: int
    linked: int
    total: Decimal
    version: int = 1


@dataclass(frozen=True)
class CallChoice:
    id: int
    title: str
    funder: str


def _line(c: Commitment, members: set[int]) -> PlannedLine:
    volunteer = c.kind is CommitmentKind.VOLUNTEER_HOURS
    member = c.organization_id in members
    if volunteer:
        source = FundingSource.VOLUNTEER_IN_KIND
    elif member:
        source = FundingSource.PARTNER_CASH
    else:
        source = FundingSource.OTHER_FUNDER
    return PlannedLine(
        commitment_id=c.id,
        category=COMMITMENT_CATEGORY[c.kind],
        description=c.description or c.kind.label,
        organization_id=c.organization_id if member else None,
        body=c.organization.name,
        quantity=c.quantity,
        unit=c.unit,
        unit_cost=c.unit_value,
        source=source,
        other_funder=c.organization.name if source is FundingSource.OTHER_FUNDER else None,
    )


def plan_proposal(
    db: Database, process_id: int, lead_id: int | None = None, title: str | None = None
) -> ProposalPlan:
    """What :func:`create_proposal_from_process` would write (nothing is written)."""
    with db.reading() as s:
        process = load_full(s, process_id)
        lead = s.get(Organization, lead_id) if lead_id is not None else process.promoter
        if lead_id is not None and lead is None:
            raise ValueError(_("The lead applicant no longer exists: choose it again."))
        partners: list[tuple[int, str, str]] = []
        if process.promoter is not None and process.promoter is not lead:
            partners.append(
                (process.promoter.id, process.promoter.name, _("Promoting body of the co-design"))
            )
        admitted = sorted(
            (a for a in process.applications if a.outcome is ApplicationOutcome.ADMITTED),
            key=lambda a: a.organization.name.casefold(),
        )
        for application in admitted:
            org = application.organization
            if org is not lead and all(org.id != p[0] for p in partners):
                partners.append((org.id, org.name, _("Co-design partner")))
        members = {p[0] for p in partners} | ({lead.id} if lead is not None else set())
        lines = tuple(_line(c, members) for c in ordered_commitments(process))
        return ProposalPlan(
            process_id=process.id,
            title=" ".join((title or process.title).split()),
            lead_id=lead.id if lead is not None else None,
            lead_name=lead.name if lead is not None else "",
            partners=tuple(partners),
            lines=lines,
        )


def create_proposal_from_process(
    db: Database,
    process_id: int,
    *,
    title: str | None = None,
    lead_id: int | None = None,
    call_id: int | None = None,
) -> CreatedProposal:
    """Write a new proposal (status idea) from the process; see the module docstring."""
    plan = plan_proposal(db, process_id, lead_id, title)
    if not plan.title:
        raise ValueError(_("The proposal needs a title."))
    if len(plan.title) > 500:
        raise ValueError(_("Keep this under {limit} characters.").format(limit=500))
    with db.transaction() as s:
        process = load_full(s, process_id)
        call = s.get(Call, call_id) if call_id is not None else None
        if call_id is not None and call is None:
            raise ValueError(_("The call no longer exists: choose it again."))
        proposal = Proposal(
            title=plan.title,
            summary=process.description,
            status=ProposalStatus.IDEA,
            duration_months=process.duration_months,
            codesign_id=process.id,
            lead=s.get(Organization, plan.lead_id) if plan.lead_id is not None else None,
            call=call,
        )
        s.add(proposal)
        proposal.partners = [
            ProposalPartner(organization_id=org_id, role=role) for org_id, _n, role in plan.partners
        ]
        lines = [
            BudgetLine(
                position=position,
                category=line.category.value,
                description=line.description[:500],
                organization_id=line.organization_id,
                unit=line.unit,
                quantity=line.quantity,
                unit_cost=line.unit_cost,
                source=line.source,
                other_funder=line.other_funder,
            )
            for position, line in enumerate(plan.lines)
        ]
        proposal.budget_lines = lines
        proposal.indicators = [
            Indicator(
                position=i.position,
                name=i.name,
                unit=i.unit,
                baseline=i.baseline,
                target=i.target,
            )
            for i in process_indicators(s, process_id)
        ]
        if call is not None:
            requirements = s.scalars(
                select(CallRequirement)
                .where(CallRequirement.call_id == call.id)
                .order_by(CallRequirement.position, CallRequirement.id)
            )
            proposal.attachments = [
                Attachment(name=r.name, requirement_id=r.id, state=AttachmentState.MISSING)
                for r in requirements
            ]
        s.flush()
        commitments = {c.id: c for c in process.commitments}
        linked = 0
        for line, row in zip(plan.lines, lines, strict=True):
            commitment = commitments.get(line.commitment_id)
            if commitment is not None and commitment.budget_line_id is None:
                commitment.budget_line_id = row.id
                linked += 1
        s.flush()
        audit(s, "create", "proposal", proposal.id, f"from co-design process {process_id}")
        return CreatedProposal(
            proposal.id, len(plan.partners), len(lines), linked, plan.total, proposal.version
        )


def discard_created_proposal(db: Database, proposal_id: int, expected_version: int) -> None:
    """Delete a proposal made from a process (undo), unlinking the commitments it took.

    Refused (``ConflictError``) when the proposal changed since *expected_version*.
    """
    with db.transaction() as s:
        proposal = s.get(Proposal, proposal_id)
        if proposal is None:
            raise gone()
        if proposal.version != expected_version:
            raise stale()
        lines = select(BudgetLine.id).where(BudgetLine.proposal_id == proposal_id)
        for commitment in s.scalars(select(Commitment).where(Commitment.budget_line_id.in_(lines))):
            commitment.budget_line_id = None
        s.flush()
        s.delete(proposal)
        audit(s, "delete", "proposal", proposal_id, "undo of a proposal made from a process")


def call_choices(db: Database, limit: int = 500) -> list[CallChoice]:
    """Calls still worth a bid (not closed, not a no-go), by title, for the dialog."""
    with db.reading() as s:
        rows = s.execute(
            select(Call.id, Call.title, Funder.name)
            .join(Funder, Funder.id == Call.funder_id)
            .where(Call.status.not_in([CallStatus.CLOSED, CallStatus.NO_GO]))
            .order_by(func.lower(Call.title), Call.id)
            .limit(limit)
        ).all()
    return [CallChoice(i, t, f) for i, t, f in rows]
