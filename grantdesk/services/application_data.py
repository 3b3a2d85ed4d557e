"""Everything the application PDF (the *domanda*) prints about one proposal, in one read.

:func:`application_data` loads the proposal with its call and funder, lead and partners
(legal form, codice fiscale, contacts), sections, objectives, activities, indicators, SWOT,
attachment checklist and budget lines, and returns plain dataclasses. The budget figures
are those of :mod:`grantdesk.domain.budget` over the lines :func:`read_lines` reads —
the very totals ``grantdesk check proposal`` and :func:`budget_totals` give — and the rule
check is :func:`grantdesk.domain.rules.check` over :func:`proposal_facts` and
:func:`call_rules`, as :func:`check_proposal` runs it. Row shares (a category's share of
the total) are :func:`grantdesk.domain.money.share` rounded half-up to two decimals, as
``Totals.grant_share`` is.

Findings are sentences in the current language: build the document in its language (the
PDF's ``build`` does). Nothing else here is translated or formatted.

Who signs: the legal representative of each body is the contact whose role reads like one
("Legale rappresentante", "Presidente", for a municipality "Sindaco"…); where no contact
has such a role the signature block leaves the name blank to be filled in by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from grantdesk.db.models import (
    Activity,
    Attachment,
    Call,
    Organization,
    Person,
    Proposal,
    ProposalPartner,
)
from grantdesk.domain.budget import Line, PartnerKey, Totals
from grantdesk.domain.money import ZERO, share
from grantdesk.domain.rules import Severity, check
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import AttachmentState, FundingSource, LegalForm
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.details import postal_address
from grantdesk.services.proposal_check import (
    UnknownProposalError,
    call_rules,
    proposal_facts,
    read_lines,
)

_PLACES = Decimal("0.01")
# Roles that make a contact the body's legal representative, strongest first (folded).
_LEGAL_REPRESENTATIVE = (
    re.compile(r"legale rappresentante|rappresentante legale|legal representative"),
    re.compile(r"(?<!vice)(?<!vice )(?<!vice-)\bpresident"),
    re.compile(r"\bsindac[oa]\b|\bmayor\b|\bparroco\b|\bdirigente scolastic|\bdirettore generale"),
)


@dataclass(frozen=True)
class Cover:
    """The cover page: what is asked, of whom, by whom."""

    title: str
    acronym: str
    call_title: str
    call_code: str
    funder: str
    lead: str
    start_on: date | None
    duration_months: int | None
    today: date  # the date printed on the document


@dataclass(frozen=True)
class Member:
    """The lead or a partner, as the partnership table shows it."""

    name: str
    lead: bool
    role: str  # the partner's role in the project ("" for the lead or when not given)
    legal_form: LegalForm
    codice_fiscale: str
    address: str
    contact: str  # the contact person ("" when the body has none)
    email: str
    phone: str


@dataclass(frozen=True)
class Section:
    title: str
    body: str


@dataclass(frozen=True)
class ActivityRow:
    """A work package: its months (1-based, inclusive) and who is responsible."""

    title: str
    description: str
    responsible: str  # "" when no one is responsible yet
    colour_index: int  # the responsible body's place in the partnership (-1: no one)
    start_month: int
    end_month: int


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None


@dataclass(frozen=True)
class Swot:
    strengths: str
    weaknesses: str
    opportunities: str
    threats: str


@dataclass(frozen=True)
class Share:
    """An amount and its share of the grand total (percent, half-up to two decimals)."""

    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class CategoryBudget:
    category: str  # a BudgetCategory code or the call's own word
    total: Share


@dataclass(frozen=True)
class PartnerBudget:
    """What one body's cost lines come to, by funding source."""

    name: str  # "" for the lines charged to no one
    lead: bool
    grant: Decimal
    partner_cash: Decimal
    volunteer_time: Decimal
    other_funder: Decimal
    total: Share


@dataclass(frozen=True)
class SourceBudget:
    source: FundingSource
    total: Share


@dataclass(frozen=True)
class BudgetLineRow:
    category: str
    description: str
    partner: str
    unit: str
    quantity: Decimal
    unit_cost: Decimal
    source: FundingSource
    other_funder: str
    total: Decimal


@dataclass(frozen=True)
class Budget:
    """The budget's totals (from ``Totals``) and its lines in the budget's order."""

    grand_total: Decimal
    requested_grant: Decimal
    co_financing: Decimal
    grant_share: Decimal | None
    co_financing_share: Decimal | None
    by_category: tuple[CategoryBudget, ...]
    by_partner: tuple[PartnerBudget, ...]
    by_source: tuple[SourceBudget, ...]
    lines: tuple[BudgetLineRow, ...]


@dataclass(frozen=True)
class CheckFinding:
    severity: Severity
    message: str


@dataclass(frozen=True)
class ChecklistRow:
    name: str
    mandatory: bool
    state: AttachmentState
    file_name: str


@dataclass(frozen=True)
class Signatory:
    """Who signs for one body: its legal representative, or a blank to fill in."""

    organization: str
    lead: bool
    name: str  # "" when no contact is recorded as the legal representative
    role: str


@dataclass(frozen=True)
class ApplicationData:
    """The whole application of one proposal."""

    proposal_id: int
    cover: Cover
    summary: str
    members: tuple[Member, ...]  # the lead first, then the partners
    sections: tuple[Section, ...]
    objectives: tuple[str, ...]
    activities: tuple[ActivityRow, ...]
    indicators: tuple[IndicatorRow, ...]
    swot: Swot
    budget: Budget
    has_call: bool
    findings: tuple[CheckFinding, ...]
    checklist: tuple[ChecklistRow, ...]
    signatories: tuple[Signatory, ...]


def legal_representative(people: Sequence[Person]) -> Person | None:
    """The contact whose role reads most like the body's legal representative, if any."""
    best: tuple[int, int, Person] | None = None
    for person in people:
        role = fold(person.role or "")
        for rank, pattern in enumerate(_LEGAL_REPRESENTATIVE):
            if pattern.search(role):
                if best is None or (rank, person.id) < best[:2]:
                    best = (rank, person.id, person)
                break
    return best[2] if best is not None else None


def _rounded_share(part: Decimal, whole: Decimal) -> Decimal | None:
    exact = share(part, whole)
    return None if exact is None else exact.quantize(_PLACES, rounding=ROUND_HALF_UP)


def _member(org: Organization, lead: bool, role: str) -> Member:
    people = sorted(org.people, key=lambda p: p.id)
    contact = people[0] if people else None
    return Member(
        name=org.name,
        lead=lead,
        role=role,
        legal_form=org.legal_form,
        codice_fiscale=org.codice_fiscale or "",
        address=postal_address(org.address, org.postal_code, org.municipality, org.province),
        contact=contact.full_name if contact else "",
        email=(contact.email if contact and contact.email else org.email) or "",
        phone=(contact.phone if contact and contact.phone else org.phone) or "",
    )


def _signatory(org: Organization, lead: bool) -> Signatory:
    person = legal_representative(org.people)
    if person is None:
        return Signatory(org.name, lead, "", "")
    return Signatory(org.name, lead, person.full_name, person.role or "")


def _members(proposal: Proposal) -> list[tuple[Organization, bool, str]]:
    bodies: list[tuple[Organization, bool, str]] = []
    if proposal.lead is not None:
        bodies.append((proposal.lead, True, ""))
    for partner in sorted(proposal.partners, key=lambda p: p.id):
        if proposal.lead is None or partner.organization_id != proposal.lead.id:
            bodies.append((partner.organization, False, partner.role or ""))
    return bodies


def _activities(activities: Sequence[Activity], members: Sequence[int]) -> tuple[ActivityRow, ...]:
    """The activities; each responsible body keeps its colour: the members' order first, then
    other bodies in order of appearance (-1: no one responsible)."""
    order = list(members)
    rows = []
    for a in activities:
        key = a.responsible_id
        if key is not None and key not in order:
            order.append(key)
        colour = order.index(key) if key is not None else -1
        rows.append(
            ActivityRow(
                a.title,
                a.description or "",
                a.responsible.name if a.responsible is not None else "",
                colour,
                a.start_month,
                a.end_month,
            )
        )
    return tuple(rows)


def _partner_rows(
    totals: Totals, members: Sequence[tuple[int, str, bool]], lines: Sequence[Line]
) -> tuple[PartnerBudget, ...]:
    """Every member (even with no cost), then any other body the lines name, then no one."""
    names: dict[PartnerKey, tuple[str, bool]] = {key: (name, lead) for key, name, lead in members}
    for line in lines:
        if line.partner is not None and line.partner not in names:
            names[line.partner] = (line.partner_name or "", False)
    keys: list[PartnerKey] = list(names)
    if None in totals.by_partner:
        keys.append(None)
        names[None] = ("", False)
    cells = totals.by_partner_source
    rows = []
    for key in keys:
        name, lead = names[key]
        amount = totals.by_partner.get(key, ZERO)
        rows.append(
            PartnerBudget(
                name,
                lead,
                cells.get((key, FundingSource.REQUESTED_GRANT), ZERO),
                cells.get((key, FundingSource.PARTNER_CASH), ZERO),
                cells.get((key, FundingSource.VOLUNTEER_IN_KIND), ZERO),
                cells.get((key, FundingSource.OTHER_FUNDER), ZERO),
                Share(amount, _rounded_share(amount, totals.grand_total)),
            )
        )
    return tuple(rows)


def budget_of(
    totals: Totals, lines: Sequence[Line], members: Sequence[tuple[int, str, bool]]
) -> Budget:
    """The budget tables of *lines*, whose totals are *totals*; *members* are the lead and
    the partners as (organization id, name, is lead), in the partnership's order. Without
    lines every table is empty (nothing to show by partner or by source)."""
    grand = totals.grand_total
    return Budget(
        grand_total=grand,
        requested_grant=totals.requested_grant,
        co_financing=totals.co_financing,
        grant_share=totals.grant_share,
        co_financing_share=totals.co_financing_share,
        by_category=tuple(
            CategoryBudget(category, Share(amount, _rounded_share(amount, grand)))
            for category, amount in totals.by_category.items()
        ),
        by_partner=_partner_rows(totals, members, lines) if lines else (),
        by_source=tuple(
            SourceBudget(source, Share(amount, _rounded_share(amount, grand)))
            for source, amount in totals.by_source.items()
            if lines
        ),
        lines=tuple(
            BudgetLineRow(
                line.category,
                line.description,
                line.partner_name or "",
                line.unit or "",
                line.quantity,
                line.unit_cost,
                line.source,
                line.other_funder or "",
                line.total,
            )
            for line in lines
        ),
    )


def _checklist(attachments: Sequence[Attachment]) -> tuple[ChecklistRow, ...]:
    def order(a: Attachment) -> tuple[int, int, int]:
        req = a.requirement
        return (0 if req is not None else 1, req.position if req is not None else 0, a.id)

    return tuple(
        ChecklistRow(
            a.name,
            bool(a.requirement is not None and a.requirement.mandatory),
            a.state,
            a.file_name or "",
        )
        for a in sorted(attachments, key=order)
    )


def _load(proposal_id: int) -> Select[Proposal]:
    people = selectinload(Organization.people)
    documents = selectinload(Organization.documents)
    partner_org = selectinload(Proposal.partners).joinedload(ProposalPartner.organization)
    call = joinedload(Proposal.call)
    return (
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(
            call.joinedload(Call.funder),
            call.selectinload(Call.rules),
            call.selectinload(Call.requirements),
            call.selectinload(Call.deadlines),
            joinedload(Proposal.lead).options(people, documents),
            partner_org.options(people, documents),
            selectinload(Proposal.sections),
            selectinload(Proposal.objectives),
            selectinload(Proposal.activities).joinedload(Activity.responsible),
            selectinload(Proposal.indicators),
            selectinload(Proposal.attachments).joinedload(Attachment.requirement),
        )
    )


def application_data(db: Database, proposal_id: int, today: date) -> ApplicationData:
    """Proposal *proposal_id*'s application as of *today* (UnknownProposalError if gone)."""
    with db.reading() as s:
        proposal = s.scalars(_load(proposal_id)).first()
        if proposal is None:
            raise UnknownProposalError(_("No proposal has number {id}.").format(id=proposal_id))
        lines = read_lines(s, [proposal_id])[proposal_id]
        facts = proposal_facts(proposal, lines)
        call = proposal.call
        rules = call_rules(call, today) if call is not None else None
        findings = check(facts, rules, today)
        assert facts.totals is not None
        bodies = _members(proposal)
        order = [org.id for org, _lead, _role in bodies]
        return ApplicationData(
            proposal_id=proposal.id,
            cover=Cover(
                title=proposal.title,
                acronym=proposal.acronym or "",
                call_title=call.title if call is not None else "",
                call_code=(call.code or "") if call is not None else "",
                funder=call.funder.name if call is not None else "",
                lead=proposal.lead.name if proposal.lead is not None else "",
                start_on=proposal.start_on,
                duration_months=proposal.duration_months,
                today=today,
            ),
            summary=proposal.summary or "",
            members=tuple(_member(org, lead, role) for org, lead, role in bodies),
            sections=tuple(Section(x.title, x.body or "") for x in proposal.sections),
            objectives=tuple(o.text for o in proposal.objectives),
            activities=_activities(proposal.activities, order),
            indicators=tuple(
                IndicatorRow(i.name, i.unit or "", i.baseline, i.target)
                for i in proposal.indicators
            ),
            swot=Swot(
                proposal.strengths or "",
                proposal.weaknesses or "",
                proposal.opportunities or "",
                proposal.threats or "",
            ),
            budget=budget_of(facts.totals, lines, [(o.id, o.name, lead) for o, lead, _r in bodies]),
            has_call=call is not None,
            findings=tuple(CheckFinding(f.severity, f.message) for f in findings),
            checklist=_checklist(proposal.attachments),
            signatories=tuple(_signatory(org, lead) for org, lead, _role in bodies),
        )


@dataclass(frozen=True)
class ProposalName:
    """What a batch shows and names a file after."""

    id: int
    acronym: str
    title: str


def proposal_names(db: Database, proposal_ids: Sequence[int]) -> list[ProposalName]:
    """The acronym and title of each proposal of *proposal_ids* that exists, in that order."""
    with db.reading() as s:
        found = {
            pid: ProposalName(pid, acronym or "", title)
            for pid, acronym, title in s.execute(
                select(Proposal.id, Proposal.acronym, Proposal.title).where(
                    Proposal.id.in_(list(proposal_ids))
                )
            )
        }
    return [found[pid] for pid in proposal_ids if pid in found]
