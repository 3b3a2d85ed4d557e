"""A budget of 2,000 lines: totals and rule findings after an edit in ≤ 10 ms.

Run with ``pytest tests/benchmarks/test_budget.py --benchmark-only -s``; the normal test run
skips benchmarks. Two ways a budget grid can work are measured: recomputing everything from
the lines after each edit, and keeping :class:`RunningTotals` and applying the edit.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from grantdesk.domain.budget import Line, RunningTotals, compute_totals
from grantdesk.domain.rules import (
    CallRules,
    CategoryCap,
    ChecklistItem,
    DocumentFacts,
    FundraisingTarget,
    PartnerFacts,
    ProposalFacts,
    Requirement,
    check,
)
from grantdesk.domain.vocab import AttachmentState, BudgetCategory, FundingSource, LegalForm

LIMIT_MS = 10.0
LINES = 2_000
TODAY = date(2026, 3, 10)
RULES = CallRules(
    min_grant=Decimal("80000.00"),
    max_grant=Decimal("2500000.00"),
    min_total_cost=Decimal("160000.00"),
    max_grant_pct=Decimal("50"),
    min_cofinancing_pct=Decimal("45"),
    overhead_cap_pct=Decimal("10"),
    volunteer_time_allowed=True,
    volunteer_hourly_value=Decimal("15.00"),
    min_partners=3,
    min_third_sector_partners=2,
    min_duration_months=24,
    max_duration_months=36,
    eligible_forms=("odv", "aps", "social_enterprise"),
    caps=(
        CategoryCap("coordination", Decimal("10")),
        CategoryCap("professional_fees", Decimal("20")),
        CategoryCap("equipment", Decimal("15"), Decimal("30000.00")),
    ),
    requirements=tuple(Requirement(i, f"Allegato {i}", True, "durc") for i in range(8)),
    fundraising=FundraisingTarget(Decimal("15"), Decimal("20")),
    submission_deadline=date(2026, 4, 20),
)


def _budget(rng: random.Random) -> list[Line]:
    categories = [c.value for c in BudgetCategory]
    sources = list(FundingSource)
    return [
        Line(
            category=rng.choice(categories),
            quantity=Decimal(rng.randint(1, 400_000)).scaleb(-3),
            unit_cost=Decimal(rng.randint(100, 500_000)).scaleb(-2),
            source=rng.choice(sources),
            partner=rng.randint(1, 12),
            description=f"Voce di costo {i}",
            other_funder="Raccolta fondi di comunità" if i % 50 == 0 else None,
            key=i,
        )
        for i in range(LINES)
    ]


@pytest.fixture(scope="module")
def proposal() -> dict[str, Any]:
    rng = random.Random("budget-benchmark")
    partners = tuple(
        PartnerFacts(
            i,
            f"Ente partner {i}",
            LegalForm.APS,
            (DocumentFacts("durc", "DURC", date(2026, 6, 1)),),
        )
        for i in range(2, 13)
    )
    return {
        "lines": _budget(rng),
        "lead": PartnerFacts(1, "Capofila", LegalForm.ODV),
        "partners": partners,
        "checklist": tuple(
            ChecklistItem(f"Allegato {i}", AttachmentState.ATTACHED, i) for i in range(8)
        ),
    }


def _edit(lines: list[Line], i: int) -> Line:
    old = lines[i]
    return Line(
        old.category,
        old.quantity + 1,
        old.unit_cost,
        old.source,
        old.partner,
        old.description,
        key=old.key,
    )


def _median_ms(benchmark: Any) -> float:
    return float(benchmark.stats.stats.median) * 1000


def test_edit_then_recompute_everything(benchmark: Any, proposal: dict[str, Any]) -> None:
    lines: list[Line] = list(proposal["lines"])
    counter = iter(range(10**9))

    def after_an_edit() -> int:
        i = next(counter) % LINES
        lines[i] = _edit(lines, i)
        facts = ProposalFacts(
            lines=lines,
            lead=proposal["lead"],
            partners=proposal["partners"],
            duration_months=30,
            checklist=proposal["checklist"],
            totals=compute_totals(lines),
        )
        return len(check(facts, RULES, TODAY))

    benchmark.pedantic(after_an_edit, rounds=200, warmup_rounds=5)
    median = _median_ms(benchmark)
    print(f"\n{LINES} lines, full recomputation + rule check: {median:.2f} ms (median)")
    assert median <= LIMIT_MS


def test_edit_with_running_totals(benchmark: Any, proposal: dict[str, Any]) -> None:
    lines: list[Line] = list(proposal["lines"])
    running = RunningTotals(lines)
    counter = iter(range(10**9))

    def after_an_edit() -> int:
        i = next(counter) % LINES
        new = _edit(lines, i)
        running.replace(lines[i], new)
        lines[i] = new
        facts = ProposalFacts(
            lines=lines,
            lead=proposal["lead"],
            partners=proposal["partners"],
            duration_months=30,
            checklist=proposal["checklist"],
            totals=running.totals(),
        )
        return len(check(facts, RULES, TODAY))

    benchmark.pedantic(after_an_edit, rounds=200, warmup_rounds=5)
    median = _median_ms(benchmark)
    print(f"\n{LINES} lines, running totals + rule check: {median:.2f} ms (median)")
    assert running.totals() == compute_totals(lines)
    assert median <= LIMIT_MS
