"""Whatever a proposal file holds, writing it and reading it back gives the same values:
the call's terms (limits, shares, rules, requirements, dates) and the budget lines."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from grantdesk.domain.vocab import DeadlineKind, FundingSource, LegalForm
from grantdesk.exports.proposal_call_terms import (
    TRAVELLING_DEADLINES,
    CallDeadlineEntry,
    CallRuleEntry,
    CallTerms,
    RequirementEntry,
)
from grantdesk.exports.proposal_json import (
    CallRef,
    LineEntry,
    PartnerEntry,
    ProposalFields,
    ProposalFile,
    dumps,
    to_document,
)
from grantdesk.imports.proposal_json import parse
from tests.helpers.org_codes import body_code

LEAD = PartnerEntry("Rete del Volontariato Lomellino APS", body_code(4_511_220), lead=True)
GROUP = PartnerEntry("Comitato di quartiere “Cascame”", None, LegalForm.INFORMAL_GROUP, "Feste")
WRITTEN = datetime(2026, 11, 22, 9, 15, 2, tzinfo=UTC)

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
).filter(str.strip)
maybe_words = st.none() | words


def amounts(low: int = 0, high: int = 10**10) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda c: Decimal(c).scaleb(-2))


def percents() -> st.SearchStrategy[Decimal]:
    return st.integers(0, 10_000).map(lambda bp: Decimal(bp).scaleb(-2))


instants = st.integers(0, 20 * 365 * 24 * 60).map(
    lambda minutes: datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
)
rules = st.builds(
    CallRuleEntry,
    kind=st.sampled_from(["category_cap", "fundraising_target", "min_partnership"]),
    scope=st.none() | st.sampled_from(["personnel", "overheads", "Spese di trasporto"]),
    limit_pct=st.none() | percents(),
    limit_amount=st.none() | amounts(),
    note=maybe_words,
    params=st.dictionaries(
        st.sampled_from(["min_pct", "max_pct", "of", "partners", "strict"]),
        st.none() | st.booleans() | st.integers(-1000, 1000) | words,
        max_size=4,
    ),
)
terms = st.builds(
    CallTerms,
    description=maybe_words,
    territory=maybe_words,
    url=st.none() | st.just("https://www.fondazione.example/bandi/2027"),
    eligible_forms=st.lists(
        st.sampled_from([f.value for f in LegalForm]), unique=True, max_size=4
    ).map(tuple),
    min_grant=st.none() | amounts(),
    max_grant=st.none() | amounts(),
    min_total_cost=st.none() | amounts(),
    max_total_cost=st.none() | amounts(),
    min_cofinancing_pct=st.none() | percents(),
    max_grant_pct=st.none() | percents(),
    overhead_cap_pct=st.none() | percents(),
    volunteer_time_allowed=st.none() | st.booleans(),
    volunteer_hourly_value=st.none() | amounts(0, 10_000),
    min_partners=st.none() | st.integers(0, 20),
    min_third_sector_partners=st.none() | st.integers(0, 20),
    min_duration_months=st.none() | st.integers(1, 60),
    max_duration_months=st.none() | st.integers(1, 60),
    budget_categories=st.lists(words, max_size=5).map(tuple),
    themes=st.lists(words, max_size=3).map(tuple),
    rules=st.lists(rules, max_size=4).map(tuple),
    requirements=st.lists(
        st.builds(
            RequirementEntry,
            name=words,
            mandatory=st.booleans(),
            document_kind=st.none() | st.sampled_from(["statute", "durc", "accounts"]),
        ),
        max_size=4,
    ).map(tuple),
    deadlines=st.lists(
        st.builds(
            CallDeadlineEntry,
            kind=st.sampled_from(TRAVELLING_DEADLINES),
            due_at=instants,
            stage=maybe_words,
        ),
        max_size=3,
    ).map(tuple),
)
lines = st.builds(
    LineEntry,
    category=st.sampled_from(["personnel", "overheads", "volunteer_time", "Spese di viaggio"]),
    quantity=st.integers(-(10**6), 10**9).map(lambda t: Decimal(t).scaleb(-3)),
    unit_cost=amounts(-(10**7), 10**8),
    source=st.sampled_from(list(FundingSource)),
    description=words,
    partner=st.sampled_from([None, LEAD.ref, GROUP.ref]),
    unit=st.none() | st.sampled_from(["ore", "mesi", "forfait"]),
    other_funder=maybe_words,
)


@settings(max_examples=150, deadline=None)
@given(
    terms=st.none() | terms,
    budget=st.lists(lines, max_size=12),
    title=words,
)
def test_a_file_reads_back_exactly_what_was_written(
    terms: CallTerms | None, budget: list[LineEntry], title: str
) -> None:
    file = ProposalFile(
        proposal=ProposalFields(title=title),
        call=CallRef("Welfare in azione 2027", "WIA-27", "Fondazione Cariplo", terms=terms),
        partners=(LEAD, GROUP),
        budget_lines=tuple(budget),
    )
    document = to_document(file, WRITTEN)
    assert json.loads(dumps(document)) == document
    back = parse(dumps(document).encode("utf-8"))
    assert replace(back, exported_at=None) == file
    assert back.call is not None and back.call.terms == terms


def test_internal_deadlines_are_not_among_those_that_travel() -> None:
    assert DeadlineKind.INTERNAL not in TRAVELLING_DEADLINES
    assert DeadlineKind.APPLICATION in TRAVELLING_DEADLINES
