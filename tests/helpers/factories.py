"""Small builders of realistic records for tests (no dependency on the demo data)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from grantdesk.db.models import (
    BudgetLine,
    Call,
    Deadline,
    Funder,
    Organization,
    Proposal,
    ProposalPartner,
    Theme,
)
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import DeadlineKind, FundingSource, LegalForm, ProposalStatus


def call(s: Any, title: str, funder: str = "Fondazione Cariplo", **kw: Any) -> Call:
    f = s.query(Funder).filter_by(name=funder).one_or_none() or Funder(name=funder)
    themes = [Theme(name=t) for t in kw.pop("themes", [])]
    c = Call(funder=f, title=title, themes=themes, **kw)
    s.add(c)
    s.flush()
    return c


def deadline(s: Any, c: Call | None, day: date, at: time = time(12, 0), **kw: Any) -> Deadline:
    d = Deadline(
        call=c, kind=kw.pop("kind", DeadlineKind.APPLICATION), due_at=rome_to_utc(day, at), **kw
    )
    s.add(d)
    s.flush()
    return d


def organization(s: Any, name: str, form: LegalForm = LegalForm.APS, **kw: Any) -> Organization:
    o = Organization(name=name, legal_form=form, **kw)
    s.add(o)
    s.flush()
    return o


def proposal(
    s: Any,
    title: str,
    c: Call | None,
    lead: Organization | None,
    lines: list[tuple[str, str, str, FundingSource]] = (),  # type: ignore[assignment]
    partners: list[Organization] = (),  # type: ignore[assignment]
    status: ProposalStatus = ProposalStatus.DRAFTING,
    **kw: Any,
) -> Proposal:
    p = Proposal(title=title, call=c, lead=lead, status=status, **kw)
    for i, (category, quantity, unit_cost, source) in enumerate(lines):
        p.budget_lines.append(
            BudgetLine(
                position=i,
                category=category,
                quantity=Decimal(quantity),
                unit_cost=Decimal(unit_cost),
                source=source,
            )
        )
    for org in partners:
        p.partners.append(ProposalPartner(organization=org, role="partner"))
    s.add(p)
    s.flush()
    return p
