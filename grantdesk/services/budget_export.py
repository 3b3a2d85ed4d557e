"""A proposal's budget written as a workbook with live formulas (see
:mod:`grantdesk.exports.budget_xlsx`): one read gives the lines, the lead and partners and the
rule check's findings, so the sheets and the findings agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from grantdesk.db.models import Call, Organization, Proposal, ProposalPartner
from grantdesk.domain.budget import compute_totals
from grantdesk.domain.rules import check
from grantdesk.exports.budget_xlsx import BudgetMember, BudgetWorkbook, write_budget_xlsx
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.proposal_check import (
    UnknownProposalError,
    call_rules,
    proposal_facts,
    read_lines,
)

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class BudgetExport:
    """What was written: which proposal, where, how many lines, and their total."""

    proposal_id: int
    title: str
    path: Path
    line_count: int
    grand_total: Decimal


def budget_workbook(db: Database, proposal_id: int, today: date) -> BudgetWorkbook:
    """The lines, lead and partners, and the findings on *today*, of the proposal."""
    with db.reading() as s:
        proposal = s.scalars(
            select(Proposal)
            .where(Proposal.id == proposal_id)
            .options(
                selectinload(Proposal.attachments),
                joinedload(Proposal.lead).selectinload(Organization.documents),
                selectinload(Proposal.partners)
                .joinedload(ProposalPartner.organization)
                .selectinload(Organization.documents),
                joinedload(Proposal.call).selectinload(Call.rules),
                joinedload(Proposal.call).selectinload(Call.requirements),
                joinedload(Proposal.call).selectinload(Call.deadlines),
            )
        ).first()
        if proposal is None:
            raise UnknownProposalError(_("No proposal has number {id}.").format(id=proposal_id))
        lines = read_lines(s, [proposal_id])[proposal_id]
        rules = call_rules(proposal.call, today) if proposal.call is not None else None
        findings = check(proposal_facts(proposal, lines), rules, today)
        members = []
        if proposal.lead is not None:
            lead = proposal.lead
            members.append(BudgetMember(lead.id, lead.name, _("Lead"), lead.codice_fiscale))
        for partner in sorted(proposal.partners, key=lambda p: p.id):
            org = partner.organization
            role = partner.role or _("Partner")
            members.append(BudgetMember(org.id, org.name, role, org.codice_fiscale))
        title = proposal.title
        if proposal.acronym and not title.startswith(proposal.acronym):
            title = f"{proposal.acronym} – {title}"
    return BudgetWorkbook(title=title, lines=lines, members=members, findings=findings)


def budget_file_name(db: Database, proposal_id: int) -> str:
    """A file name for the proposal's workbook: "Budget – ACRONYM.xlsx" (or its title)."""
    with db.reading() as s:
        row = s.execute(
            select(Proposal.acronym, Proposal.title).where(Proposal.id == proposal_id)
        ).first()
    if row is None:
        raise UnknownProposalError(_("No proposal has number {id}.").format(id=proposal_id))
    acronym, title = row
    name = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]', " ", acronym or title).split())[:80]
    return f"{_('Budget')} – {name.rstrip('. ')}.xlsx"


def export_budget(
    db: Database,
    proposal_id: int,
    path: Path,
    today: date,
    progress: ProgressCallback | None = None,
) -> BudgetExport:
    """Write the proposal's budget workbook to *path* (all or nothing)."""
    data = budget_workbook(db, proposal_id, today)
    if progress is not None:
        progress(1, 2)
    summary = write_budget_xlsx(path, data)
    if progress is not None:
        progress(2, 2)
    return BudgetExport(
        proposal_id=proposal_id,
        title=data.title,
        path=path,
        line_count=summary.line_count,
        grand_total=compute_totals(data.lines).grand_total,
    )
