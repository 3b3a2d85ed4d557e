"""Who applies: a proposal's lead (capofila) and partners with their roles.

The partnership is one part of the proposal (see :mod:`grantdesk.services.proposal_parts`
for how parts are saved, checked against what an undo saw, versioned and audited). Adding
an organization reports the papers the call requires that it lacks or holds expired
(:func:`grantdesk.services.org_documents.missing_or_expired_for_call`): a warning, never a
refusal — the bid may be fixed before it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grantdesk.db.models import Activity, BudgetLine, Organization, Proposal, ProposalPartner
from grantdesk.domain.text import search_terms
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.proposal_parts import Part, PartError, Saved, change_part, save_part

MAX_ROLE = 200


@dataclass(frozen=True)
class PartnerEntry:
    """A partner (not the lead) and its role in the project."""

    organization_id: int
    role: str = ""


@dataclass(frozen=True)
class Partnership:
    """The lead (None while not chosen) and the partners, in the order they joined."""

    lead_id: int | None = None
    partners: tuple[PartnerEntry, ...] = ()

    @property
    def member_ids(self) -> tuple[int, ...]:
        """The lead, then the partners."""
        lead = () if self.lead_id is None else (self.lead_id,)
        return (*lead, *(p.organization_id for p in self.partners))


@dataclass(frozen=True)
class PartnerAdded:
    """An organization joined: the saved partnership and what its papers lack."""

    saved: Saved[Partnership]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class OrganizationChoice:
    """An organization as the partner picker lists it."""

    id: int
    name: str
    legal_form: LegalForm
    municipality: str
    province: str
    codice_fiscale: str


def read_partnership(p: Proposal) -> Partnership:
    partners = sorted(p.partners, key=lambda x: (x.id is None, x.id or 0))
    return Partnership(
        p.lead_id, tuple(PartnerEntry(x.organization_id, x.role or "") for x in partners)
    )


def partnership_problem(_p: Proposal | None, value: Partnership) -> str:
    """The first thing wrong with *value* ("" when none)."""
    ids = [p.organization_id for p in value.partners]
    if value.lead_id is not None and value.lead_id in ids:
        return _("The lead cannot also be one of the partners.")
    if len(set(ids)) != len(ids):
        return _("An organization is listed twice among the partners.")
    if any(len(p.role.strip()) > MAX_ROLE for p in value.partners):
        return _("Keep each role under {limit} characters.").format(limit=MAX_ROLE)
    return ""


def _organization(s: Session, organization_id: int) -> Organization:
    org = s.get(Organization, organization_id)
    if org is None:
        raise RecordNotFoundError(
            _("The chosen organization no longer exists: choose another one.")
        )
    return org


def apply_partnership(s: Session, p: Proposal, value: Partnership) -> None:
    if p.lead_id != value.lead_id:
        p.lead = None if value.lead_id is None else _organization(s, value.lead_id)
    existing = {x.organization_id: x for x in p.partners}
    kept = []
    for entry in value.partners:
        row = existing.pop(entry.organization_id, None)
        if row is None:
            row = ProposalPartner(organization=_organization(s, entry.organization_id))
        role = " ".join(entry.role.split()) or None
        if row.role != role:
            row.role = role
        kept.append(row)
    p.partners = kept


PARTNERSHIP: Part[Partnership] = Part(
    "partners", read_partnership, partnership_problem, apply_partnership
)


def save_partnership(
    db: Database, proposal_id: int, value: Partnership, **check: Any
) -> Saved[Partnership]:
    """Write *value* over the proposal's lead and partners (see ``save_part``)."""
    return save_part(db, proposal_id, PARTNERSHIP, value, **check)


def _gaps(db: Database, organization_id: int, call_id: int | None, today: date) -> list[Any]:
    if call_id is None:
        return []
    from grantdesk.services.org_documents import missing_or_expired_for_call

    try:
        return list(missing_or_expired_for_call(db, organization_id, call_id, today))
    except RecordNotFoundError:
        return []


def document_warnings(
    db: Database, organization_id: int, call_id: int | None, today: date
) -> tuple[str, ...]:
    """The call's papers *organization_id* lacks, holds expired or soon expiring: one
    sentence each."""
    return tuple(gap.sentence() for gap in _gaps(db, organization_id, call_id, today))


def document_summary(db: Database, organization_id: int, call_id: int | None, today: date) -> str:
    """What *organization_id* lacks of the call's papers, in one short text (see
    :func:`compact_warning`; "" when nothing)."""
    return compact_warning(_gaps(db, organization_id, call_id, today))


def compact_warning(gaps: Sequence[Any]) -> str:
    """The papers an organization lacks in one short text: "Not on file: statute, DURC.
    Expired: approved accounts (31/12/2026)." ("" when none)."""
    from grantdesk.services.org_documents import DocumentStatus, kind_label
    from grantdesk.services.present import show

    missing = [kind_label(g.kind) for g in gaps if g.status is None]
    expired = [
        f"{kind_label(g.kind)} ({show(g.expires_on)})"
        for g in gaps
        if g.status is DocumentStatus.EXPIRED
    ]
    expiring = [
        f"{kind_label(g.kind)} ({show(g.expires_on)})"
        for g in gaps
        if g.status is not None and g.status is not DocumentStatus.EXPIRED
    ]
    parts = []
    if missing:
        parts.append(_("Not on file: {papers}.").format(papers=", ".join(missing)))
    if expired:
        parts.append(_("Expired: {papers}.").format(papers=", ".join(expired)))
    if expiring:
        parts.append(_("Expiring: {papers}.").format(papers=", ".join(expiring)))
    return " ".join(parts)


def member_warnings(db: Database, proposal_id: int, today: date) -> dict[int, str]:
    """What the lead and every partner lack of the call's papers, by organization id, each
    in one short text (see :func:`compact_warning`; "" when nothing)."""
    with db.reading() as s:
        proposal = s.get(Proposal, proposal_id)
        if proposal is None:
            return {}
        call_id = proposal.call_id
        members = read_partnership(proposal).member_ids
    return {org: compact_warning(_gaps(db, org, call_id, today)) for org in members}


def _call_of(db: Database, proposal_id: int) -> int | None:
    with db.reading() as s:
        return s.scalar(select(Proposal.call_id).where(Proposal.id == proposal_id))


def add_partner(
    db: Database,
    proposal_id: int,
    organization_id: int,
    role: str = "",
    *,
    today: date,
    expected_version: int | None = None,
) -> PartnerAdded:
    """Add an organization as a partner; its document warnings come back with it."""

    def change(current: Partnership) -> Partnership:
        if organization_id == current.lead_id:
            raise PartError(_("This organization is already the lead."))
        if organization_id in current.member_ids:
            raise PartError(_("This organization is already a partner."))
        return replace(current, partners=(*current.partners, PartnerEntry(organization_id, role)))

    saved = change_part(db, proposal_id, PARTNERSHIP, change, expected_version=expected_version)
    warnings = document_warnings(db, organization_id, _call_of(db, proposal_id), today)
    return PartnerAdded(saved, warnings)


def remove_partner(
    db: Database, proposal_id: int, organization_id: int, *, expected_version: int | None = None
) -> Saved[Partnership]:
    """Take a partner out (its activities and budget lines keep naming it)."""

    def change(current: Partnership) -> Partnership:
        partners = tuple(p for p in current.partners if p.organization_id != organization_id)
        if len(partners) == len(current.partners):
            raise PartError(_("This organization is not a partner of the proposal."))
        return replace(current, partners=partners)

    return change_part(db, proposal_id, PARTNERSHIP, change, expected_version=expected_version)


def set_partner_role(
    db: Database,
    proposal_id: int,
    organization_id: int,
    role: str,
    *,
    expected_version: int | None = None,
) -> Saved[Partnership]:
    """Change a partner's role."""

    def change(current: Partnership) -> Partnership:
        if organization_id not in [p.organization_id for p in current.partners]:
            raise PartError(_("This organization is not a partner of the proposal."))
        partners = tuple(
            PartnerEntry(p.organization_id, role) if p.organization_id == organization_id else p
            for p in current.partners
        )
        return replace(current, partners=partners)

    return change_part(db, proposal_id, PARTNERSHIP, change, expected_version=expected_version)


def with_lead(current: Partnership, organization_id: int | None) -> Partnership:
    """*current* with *organization_id* as lead: it leaves the partners if it was one, and
    the previous lead stays on as a partner (taking the new lead's former role)."""
    if organization_id == current.lead_id:
        return current
    roles = {p.organization_id: p.role for p in current.partners}
    partners = [p for p in current.partners if p.organization_id != organization_id]
    if current.lead_id is not None and organization_id is not None:
        role = roles.get(organization_id, "")
        partners.append(PartnerEntry(current.lead_id, role))
    return Partnership(organization_id, tuple(partners))


def set_lead(
    db: Database,
    proposal_id: int,
    organization_id: int | None,
    *,
    expected_version: int | None = None,
) -> Saved[Partnership]:
    """Make *organization_id* the lead (see :func:`with_lead`); None leaves no lead."""
    return change_part(
        db,
        proposal_id,
        PARTNERSHIP,
        lambda current: with_lead(current, organization_id),
        expected_version=expected_version,
    )


@dataclass(frozen=True)
class PartnerUsage:
    """What still names an organization in a proposal: activities and budget lines."""

    activities: int
    budget_lines: int


def partner_usage(db: Database, proposal_id: int, organization_id: int) -> PartnerUsage:
    """How many activities and budget lines of the proposal are the organization's."""
    with db.reading() as s:
        activities = s.scalar(
            select(func.count())
            .select_from(Activity)
            .where(Activity.proposal_id == proposal_id, Activity.responsible_id == organization_id)
        )
        lines = s.scalar(
            select(func.count())
            .select_from(BudgetLine)
            .where(
                BudgetLine.proposal_id == proposal_id,
                BudgetLine.organization_id == organization_id,
            )
        )
    return PartnerUsage(int(activities or 0), int(lines or 0))


def find_organizations(
    db: Database, text: str = "", limit: int = 200, exclude: Sequence[int] = ()
) -> list[OrganizationChoice]:
    """Organizations whose name, tax code or place holds every word of *text* (accents and
    case ignored), by name; at most *limit*, leaving out the ids in *exclude*."""
    statement = select(
        Organization.id,
        Organization.name,
        Organization.legal_form,
        Organization.municipality,
        Organization.province,
        Organization.codice_fiscale,
    )
    for term in search_terms(text):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Organization.search_text.like(f"%{escaped}%", escape="\\"))
    if exclude:
        statement = statement.where(Organization.id.not_in(list(exclude)))
    statement = statement.order_by(func.lower(Organization.name), Organization.id).limit(limit)
    with db.reading() as s:
        rows = s.execute(statement).all()
    return [
        OrganizationChoice(i, name, form, town or "", province or "", cf or "")
        for i, name, form, town, province, cf in rows
    ]
