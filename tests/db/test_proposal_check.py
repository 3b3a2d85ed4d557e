"""A proposal checked from the database (each backend): the call's rows become rules, one read."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event

from grantdesk.db.models import (
    Attachment,
    CallRequirement,
    CallRule,
    OrganizationDocument,
)
from grantdesk.domain.rules import FindingCode, Target
from grantdesk.domain.vocab import AttachmentState, DeadlineKind, FundingSource, LegalForm
from grantdesk.services.database import Database
from grantdesk.services.proposal_check import (
    UnknownProposalError,
    budget_totals,
    check_proposal,
    check_proposals,
    proposal_budget,
)
from tests.helpers import factories as f

TODAY = date(2026, 3, 10)
G = FundingSource.REQUESTED_GRANT
CASH = FundingSource.PARTNER_CASH
HOURS = FundingSource.VOLUNTEER_IN_KIND


def _setup(db: Database, lines: int = 4, partners: int = 2) -> dict[str, int]:
    with db.transaction() as s:
        call = f.call(
            s,
            "Welfare in azione – Comunità che si prendono cura",
            eligible_forms=["odv", "aps"],
            max_grant=Decimal("50000.00"),
            min_cofinancing_pct=Decimal("30"),
            overhead_cap_pct=Decimal("10"),
            volunteer_time_allowed=False,
            min_partners=2,
            min_duration_months=12,
        )
        call.rules = [
            CallRule(kind="category_cap", scope="equipment", limit_amount=Decimal("1000.00")),
            CallRule(kind="min_partnership", params={"partners": 4, "third_sector": 2}),
            CallRule(
                kind="fundraising_target",
                limit_pct=Decimal("10"),
                params={"max_pct": "20", "of": "grant"},
            ),
        ]
        call.requirements = [
            CallRequirement(position=1, name="Statuto", document_kind="statute"),
            CallRequirement(position=2, name="DURC", document_kind="durc", mandatory=False),
        ]
        f.deadline(s, call, date(2026, 2, 1))  # past: not the submission deadline
        f.deadline(s, call, date(2026, 4, 20), time(17, 0))
        f.deadline(s, call, date(2026, 3, 20), kind=DeadlineKind.INTERNAL)
        lead = f.organization(s, "Argento Vivo ODV", LegalForm.ODV)
        coop = f.organization(s, "Ponte Lavoro Cooperativa Sociale", LegalForm.SOCIAL_ENTERPRISE)
        coop.documents = [
            OrganizationDocument(kind="durc", title="DURC", expires_on=date(2026, 4, 1))
        ]
        others = [f.organization(s, f"Scuola {i}", LegalForm.SCHOOL) for i in range(partners - 1)]
        budget = [("personnel", "100", "30.00", G), ("volunteer_time", "100", "15.00", HOURS)]
        budget += [("materials", "1", "100.00", CASH)] * (lines - 2)
        p = f.proposal(s, "Anziani connessi", call, lead, budget, [coop, *others])
        p.duration_months = 18
        p.attachments = [
            Attachment(
                name="Statuto",
                state=AttachmentState.MISSING,
                requirement_id=call.requirements[0].id,
            )
        ]
        s.flush()
        return {"proposal": p.id, "coop": coop.id}


def test_findings_from_the_call_s_rows(db: Database) -> None:
    ids = _setup(db)
    result = check_proposal(db, ids["proposal"], TODAY)
    assert result.title == "Anziani connessi"
    assert result.call_title == "Welfare in azione – Comunità che si prendono cura"
    assert result.totals.grand_total == Decimal("4700.00")
    by_code = {x.code: x for x in result.findings}
    assert set(by_code) == {
        FindingCode.VOLUNTEER_TIME_NOT_ALLOWED,
        FindingCode.PARTNERS_MIN,  # the min_partnership rule (4) is stricter than the column (2)
        FindingCode.FUNDRAISING_TARGET,
        FindingCode.ATTACHMENT_MISSING,
        FindingCode.DOCUMENT_EXPIRING,
    }
    assert "(2026-04-20)" in by_code[FindingCode.DOCUMENT_EXPIRING].message
    assert by_code[FindingCode.DOCUMENT_EXPIRING].target == Target("documents", str(ids["coop"]))
    assert "requires at least 4" in by_code[FindingCode.PARTNERS_MIN].message
    assert result.blocking


def test_unknown_proposal(db: Database) -> None:
    with pytest.raises(UnknownProposalError, match="No proposal has number 999"):
        check_proposal(db, 999, TODAY)
    with pytest.raises(UnknownProposalError):
        budget_totals(db, 999)


def test_a_proposal_without_call(db: Database) -> None:
    with db.transaction() as s:
        p = f.proposal(s, "Idea senza bando", None, None)
        pid = p.id
    codes = [x.code.value for x in check_proposal(db, pid, TODAY).findings]
    assert codes == ["lead_missing", "no_call", "budget_empty"]


def test_budget_totals_and_names(db: Database) -> None:
    ids = _setup(db)
    budget = proposal_budget(db, ids["proposal"])
    assert budget.totals == budget_totals(db, ids["proposal"])
    assert budget.totals.by_source[G] == Decimal("3000.00")
    assert budget.totals.co_financing_share == Decimal("36.17")
    assert budget.partner_names[ids["coop"]] == "Ponte Lavoro Cooperativa Sociale"
    assert [line.key for line in budget.lines] == sorted(line.key for line in budget.lines)  # type: ignore[type-var]


def _count_queries(db: Database, action: Any) -> int:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_one_read_whatever_the_size(db: Database) -> None:
    small = _setup(db, lines=3, partners=2)["proposal"]
    large = _setup(db, lines=60, partners=6)["proposal"]
    few = _count_queries(db, lambda: check_proposal(db, small, TODAY))
    many = _count_queries(db, lambda: check_proposal(db, large, TODAY))
    assert few == many and many <= 12


def test_many_proposals_at_once(db: Database) -> None:
    a = _setup(db)["proposal"]
    b = _setup(db, lines=5)["proposal"]
    results = check_proposals(db, TODAY)
    assert set(results) == {a, b}
    assert results[a].findings == check_proposal(db, a, TODAY).findings
    assert set(check_proposals(db, TODAY, [b])) == {b}
