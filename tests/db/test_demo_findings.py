"""The example proposals break exactly the rules they are written to break, whatever today is.

The proposals already sent pass; the drafts each break some rules of their call, and every
rule of the check is broken by at least one of them (the few that only concern empty or
unlinked proposals excepted), so ``grantdesk check proposal`` has something to show.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from grantdesk.db.models import Proposal
from grantdesk.domain.rules import FindingCode, Severity
from grantdesk.services.database import Database
from grantdesk.services.demo import load_demo
from grantdesk.services.proposal_check import check_proposals

EXPECTED = {
    "CASE": {"applicant_type", "duration_max", "attachment_missing"},
    "ORE": {"fundraising_target", "document_expired", "attachment_missing"},
    "CURA": {"overheads_cap", "volunteer_time_not_allowed", "attachment_missing"},
    "PATTO": {"volunteer_hourly_value", "attachment_missing"},
    "PROXIMA": set(),
    "BDS-PE": set(),
    "COESIONE": {"grant_min"},
    "SPID": {"applicant_type"},
    "PUNTO": set(),
    "MAPPA": set(),
    "DISPENSA": set(),
    "PONTI": {"category_cap", "category_cap_amount", "document_expiring"},
    "CASA PONTE": {"cofinancing_min", "overheads_cap_amount", "duration_missing"},
    "CONDOMINI": {"grant_max", "total_cost_max", "partners_min", "third_sector_partners_min"},
    "CONNESSI": {"grant_min", "total_cost_min", "duration_min"},
    "NONNI": {"grant_share_max"},
}
# Rules about proposals with no call, no lead or no budget, and a waived attachment: the
# example proposals all have those; the unit tests cover them.
NOT_IN_THE_DEMO = {
    FindingCode.NO_CALL,
    FindingCode.LEAD_MISSING,
    FindingCode.BUDGET_EMPTY,
    FindingCode.ATTACHMENT_NOT_APPLICABLE,
}


@pytest.mark.parametrize(
    "today",
    [date(2026, 3, 10), date(2026, 6, 14), date(2027, 1, 2)],
    ids=["march", "day-before-a-session", "new-year"],
)
def test_each_demo_proposal_breaks_exactly_its_rules(db: Database, today: date) -> None:
    load_demo(db, "small", today=today)
    results = check_proposals(db, today)
    with db.reading() as s:
        acronyms = {p.id: p.acronym for p in s.scalars(select(Proposal))}
    found = {acronyms[pid]: {f.code.value for f in r.findings} for pid, r in results.items()}
    assert found == EXPECTED
    for pid, result in results.items():
        expected_blocking = bool(EXPECTED[acronyms[pid]] - {"duration_missing"})
        assert result.blocking is expected_blocking, acronyms[pid]
    every = {code for codes in EXPECTED.values() for code in codes}
    assert every == {c.value for c in FindingCode} - {c.value for c in NOT_IN_THE_DEMO}


def test_demo_findings_read_well_in_italian(db: Database) -> None:
    from grantdesk.i18n import set_language

    today = date(2026, 3, 10)
    load_demo(db, "small", today=today)
    set_language("it")
    results = check_proposals(db, today)
    messages = [f.message for r in results.values() for f in r.findings]
    assert any(
        m.startswith("Spese generali 12,4 % del totale: il bando consente") for m in messages
    )
    assert any("capofila compreso" in m for m in messages)
    assert all(m.endswith(".") and "{" not in m for m in messages)
    assert not any(f.severity is Severity.INFO for r in results.values() for f in r.findings)
