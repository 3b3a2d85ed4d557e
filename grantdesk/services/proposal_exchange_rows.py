"""The rows an imported proposal file becomes, and the records it names (used by
:mod:`grantdesk.services.proposal_exchange`).

:func:`find_call`, :func:`resolve_partners`, :func:`matching_proposals` and
:func:`imported_title` find the call, the bodies of the register and the proposals a file
would overwrite, and the title of a proposal imported beside one of them.

:func:`write_parts` sets a proposal's fields and replaces its partnership, sections,
objectives, activities, indicators, budget lines and checklist with the file's, in the
file's order. Over an existing proposal the old parts are deleted first (a partner may come
back, and the partnership key is unique); a checklist item that keeps its name and file
name keeps the local path of its attached file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    Activity,
    Attachment,
    BudgetLine,
    Call,
    Funder,
    Indicator,
    IndicatorMeasurement,
    Objective,
    Organization,
    Proposal,
    ProposalPartner,
    ProposalSection,
)
from grantdesk.domain.dates import format_date
from grantdesk.domain.text import fold
from grantdesk.exports.proposal_json import CallRef, PartnerEntry, ProposalFile
from grantdesk.i18n import _, current_language

MAX_TITLE = 500

_PARTS = (
    "partners",
    "sections",
    "objectives",
    "activities",
    "indicators",
    "budget_lines",
    "attachments",
)


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def _clear(
    s: Session, proposal: Proposal
) -> dict[tuple[str, str | None], tuple[str | None, datetime | None]]:
    """Delete the proposal's parts; returns the local files of its checklist by item."""
    kept = {(a.name, a.file_name): (a.file_path, a.added_at) for a in proposal.attachments}
    for name in _PARTS:
        getattr(proposal, name).clear()
    s.flush()
    return kept


def _fields(proposal: Proposal, file: ProposalFile, title: str) -> None:
    f = file.proposal
    proposal.title = title
    proposal.acronym = f.acronym
    proposal.summary = f.summary
    proposal.status = f.status
    proposal.owner = f.owner
    proposal.start_on = f.start_on
    proposal.duration_months = f.duration_months
    proposal.submitted_on = f.submitted_on
    proposal.decided_on = f.decided_on
    proposal.awarded_amount = f.awarded_amount
    proposal.strengths = f.swot.strengths
    proposal.weaknesses = f.swot.weaknesses
    proposal.opportunities = f.swot.opportunities
    proposal.threats = f.swot.threats


def write_parts(
    s: Session,
    proposal: Proposal,
    file: ProposalFile,
    title: str,
    call: Call | None,
    orgs: Mapping[str, Organization],
) -> dict[str, int]:
    """Write *file* into *proposal* (new or existing) under *title*; the counts written."""
    kept = _clear(s, proposal) if proposal.id is not None else {}
    _fields(proposal, file, title)
    proposal.call = call
    lead = file.lead
    proposal.lead = orgs[lead.ref] if lead is not None else None
    partners: list[ProposalPartner] = []
    seen: set[int] = set()
    for entry in file.partners:
        org = orgs[entry.ref]
        if entry.lead or id(org) in seen:
            continue
        seen.add(id(org))
        partners.append(ProposalPartner(organization=org, role=entry.role))
    proposal.partners = partners
    proposal.sections = [
        ProposalSection(position=n, title=x.title, body=x.body)
        for n, x in enumerate(file.sections, start=1)
    ]
    proposal.objectives = [
        Objective(position=n, text=text) for n, text in enumerate(file.objectives, start=1)
    ]
    proposal.activities = [
        Activity(
            position=n,
            title=a.title,
            description=a.description,
            responsible=orgs[a.responsible] if a.responsible is not None else None,
            start_month=a.start_month,
            end_month=a.end_month,
        )
        for n, a in enumerate(file.activities, start=1)
    ]
    proposal.indicators = [
        Indicator(
            position=n,
            name=i.name,
            unit=i.unit,
            baseline=i.baseline,
            target=i.target,
            actual=i.actual,
            measurements=[
                IndicatorMeasurement(measured_on=m.measured_on, value=m.value, note=m.note)
                for m in i.measurements
            ],
        )
        for n, i in enumerate(file.indicators, start=1)
    ]
    proposal.budget_lines = [
        BudgetLine(
            position=n,
            category=line.category,
            description=line.description,
            organization=orgs[line.partner] if line.partner is not None else None,
            unit=line.unit,
            quantity=line.quantity,
            unit_cost=line.unit_cost,
            source=line.source,
            other_funder=line.other_funder,
        )
        for n, line in enumerate(file.budget_lines, start=1)
    ]
    requirements = {_key(r.name): r for r in call.requirements} if call is not None else {}
    checklist = []
    for item in file.checklist:
        path, added = kept.get((item.name, item.file_name), (None, None))
        requirement = requirements.get(_key(item.requirement)) if item.requirement else None
        checklist.append(
            Attachment(
                name=item.name,
                state=item.state,
                requirement=requirement,
                file_name=item.file_name,
                file_path=path,
                added_at=added,
            )
        )
    proposal.attachments = checklist
    return {
        "partners": len(partners) + (1 if lead is not None else 0),
        "sections": len(file.sections),
        "objectives": len(file.objectives),
        "activities": len(file.activities),
        "indicators": len(file.indicators),
        "budget_lines": len(file.budget_lines),
        "checklist": len(checklist),
    }


# -- finding what the file names -------------------------------------------------------


def _one(s: Session, query: Any) -> Call | None:
    found = s.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def find_call(s: Session, ref: CallRef) -> Call | None:
    """The register's call the file names: by source and id, code and funder, or title and
    funder (a match that is not unique is no match)."""
    if ref.source and ref.external_id:
        found = _one(
            s, select(Call).where(Call.source == ref.source, Call.external_id == ref.external_id)
        )
        if found is not None:
            return found
    if not ref.funder:
        return None
    by_funder = select(Call).join(Funder).where(func.lower(Funder.name) == ref.funder.lower())
    if ref.code:
        found = _one(s, by_funder.where(func.lower(Call.code) == ref.code.strip().lower()))
        if found is not None:
            return found
    candidates = s.scalars(by_funder).all()
    same = [c for c in candidates if _key(c.title) == _key(ref.title)]
    return same[0] if len(same) == 1 else None


@dataclass
class Partners:
    by_ref: dict[str, Organization] = field(default_factory=dict)
    created: list[Organization] = field(default_factory=list)
    found: list[Organization] = field(default_factory=list)


def resolve_partners(s: Session, partners: Sequence[PartnerEntry], warnings: list[str]) -> Partners:
    result = Partners()
    nameless: dict[str, list[Organization]] | None = None
    for entry in partners:
        if entry.ref in result.by_ref:
            continue
        org: Organization | None
        if entry.codice_fiscale is not None:
            org = s.scalars(
                select(Organization).where(Organization.codice_fiscale == entry.codice_fiscale)
            ).first()
            if org is not None and _key(org.name) != _key(entry.name):
                warnings.append(
                    _("“{file}” ({code}) is in the register as “{name}”.").format(
                        file=entry.name, code=entry.codice_fiscale, name=org.name
                    )
                )
        else:
            if nameless is None:
                nameless = {}
                rows = s.scalars(
                    select(Organization)
                    .where(Organization.codice_fiscale.is_(None))
                    .order_by(Organization.id)
                )
                for candidate in rows:
                    nameless.setdefault(_key(candidate.name), []).append(candidate)
            same = nameless.get(_key(entry.name), [])
            org = same[0] if same else None
            if len(same) > 1:
                warnings.append(
                    _(
                        "The register has several bodies called “{name}” without codice "
                        "fiscale: the first one (number {id}) was used."
                    ).format(name=entry.name, id=same[0].id)
                )
        if org is None:
            org = Organization(
                name=entry.name, legal_form=entry.legal_form, codice_fiscale=entry.codice_fiscale
            )
            s.add(org)
            result.created.append(org)
            if entry.codice_fiscale is None:
                warnings.append(
                    _(
                        "“{name}” has no codice fiscale and is not in the register: it was "
                        "added; check it is not a body already there under another name."
                    ).format(name=entry.name)
                )
        else:
            result.found.append(org)
        result.by_ref[entry.ref] = org
    s.flush()
    return result


def matching_proposals(s: Session, file: ProposalFile, call: Call | None) -> list[int]:
    """Proposals the file would overwrite: same call and title or acronym, or its origin."""
    query = select(Proposal.id, Proposal.title, Proposal.acronym).where(
        Proposal.call_id == call.id if call is not None else Proposal.call_id.is_(None)
    )
    title = _key(file.proposal.title)
    acronym = _key(file.proposal.acronym or "")
    found = [
        pid
        for pid, other_title, other_acronym in s.execute(query)
        if _key(other_title) == title or (acronym and _key(other_acronym or "") == acronym)
    ]
    origin = file.origin
    if origin is not None and origin.proposal_id not in found:
        same = s.get(Proposal, origin.proposal_id)
        if same is not None and same.created_at == origin.created_at:
            found.append(same.id)
    return sorted(found)


def imported_title(s: Session, title: str, today: date) -> str:
    """*title* marked as imported today, unique among the proposals."""
    day = format_date(today, current_language())
    for n in range(1, 1000):
        if n == 1:
            suffix = _(" (imported on {date})").format(date=day)
        else:
            suffix = _(" (imported on {date}, {n})").format(date=day, n=n)
        room = MAX_TITLE - len(suffix)
        base = title if len(title) <= room else title[: room - 1].rstrip() + "…"
        candidate = base + suffix
        taken = s.scalar(
            select(func.count()).select_from(Proposal).where(Proposal.title == candidate)
        )
        if not taken:
            return candidate
    raise RuntimeError("no free title")  # a thousand imports of one file on one day
