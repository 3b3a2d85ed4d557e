"""Does a proposal respect its call? Pure checks that return readable findings, never a yes/no.

:func:`check` reads two plain values — :class:`ProposalFacts` (budget lines, lead and
partners with their legal forms and papers on file, duration, attachment checklist) and
:class:`CallRules` (the call's limits, built from a ``Call`` by
:mod:`grantdesk.services.proposal_check`, or by hand in tests and in an editor) — and returns
a list of :class:`Finding`: a stable ``code``, a :class:`Severity`, one translated sentence
with the numbers ("Spese generali 12,4 % del totale: il bando consente al massimo 10 %.")
and a :class:`Target` saying where to fix it. Findings come blocking first, then warnings,
then information, each group in the order of the rules below. Editing is never blocked.

Severity
    ``blocking``: the bid as it stands is inadmissible (a limit of the call is broken, a
    mandatory attachment is missing…); ``warning``: something to fix or check before
    submitting (a paper expiring before the deadline); ``info``: worth knowing.

Rules and their codes (budget rules compare exact Decimals: a cap of 10 % accepts
10,00 % and refuses 10,01 %; amounts are compared to the cent). Blocking unless marked.

Budget (:mod:`grantdesk.domain.rules_budget`):

- ``budget_empty`` (info): no lines yet; no other budget rule runs.
- ``grant_max`` / ``grant_min``: the requested grant against the call's limits.
- ``total_cost_max`` / ``total_cost_min``: the grand total against the call's limits.
- ``cofinancing_min``: co-financing (everything that is not the requested grant, volunteer
  time included) as a share of the total cost.
- ``grant_share_max``: the requested grant as a share of the total cost; not reported when
  the call's co-financing minimum implies it and fails too (a call "grant ≤ 50 %,
  co-financing ≥ 50 %" gives one finding, not two).
- ``overheads_cap`` / ``category_cap``: a category's share of the total cost above the
  call's cap. The call's overhead cap (``overhead_cap_pct``, category ``overheads``) and
  ``category_cap`` rules on the same category merge: the stricter limit wins. Categories
  match ignoring case and spacing.
- ``overheads_cap_amount`` / ``category_cap_amount``: a category's amount above a cap in
  euro.
- ``volunteer_time_not_allowed``: volunteer time valued in the budget (in-kind source or
  category ``volunteer_time``) when the call excludes it.
- ``volunteer_hourly_value``: volunteer hours valued above the call's hourly value (the
  unit cost of a volunteer line is its hourly value).
- ``fundraising_target``: the fundraising planned — lines funded by an "other funder" named
  like a campaign ("Raccolta fondi…", "Crowdfunding…": :func:`is_fundraising`) — as a
  share of the requested grant (or of the total): blocking below the call's minimum, a
  warning above its maximum.

Who applies, how long, with what (:mod:`grantdesk.domain.rules_partnership`):

- ``no_call`` (info): no call chosen; only ``lead_missing`` and ``budget_empty`` can follow.
- ``lead_missing``; ``applicant_type``: the lead's legal form is not among the call's
  eligible forms.
- ``partners_min`` / ``third_sector_partners_min``: **the lead counts** as a member of the
  partnership — Italian calls asking for "un partenariato di almeno 3 soggetti" mean the
  capofila and two partners — and the message says "lead included". An organization
  listed twice counts once.
- ``duration_missing`` (warning), ``duration_min``, ``duration_max``.
- ``attachment_missing``: a mandatory attachment of the call is not in the checklist or is
  marked missing (items are linked to the call's requirement, else matched by name);
  ``attachment_not_applicable`` (info): a mandatory one marked not applicable.
- ``document_expired``: a paper on file of the lead or a partner, of a kind the call asks
  for, expired (blocking when the requirement is mandatory, a warning otherwise); for a
  proposal already submitted the day of submission counts, not today. A paper is valid
  through its expiry day; the newest paper of a kind is the one judged.
- ``document_expiring`` (warning): not yet submitted, and the paper expires before the
  call's submission deadline.

Messages are built in the current language (:func:`grantdesk.i18n.current_language`):
Italian number formats in Italian (``€ 1.234,56``, ``12,4 %``). A share that would read the
same as the limit it breaks gets more decimals ("10,01 %", never "10,0 % … al massimo 10 %").

Speed: the budget rules read a :class:`grantdesk.domain.budget.Totals` (computed here, or
passed in ``ProposalFacts.totals`` by a grid that keeps running totals) plus one pass over
the lines for volunteer time and fundraising: 2,000 lines are checked in about 0,3 ms
(``tests/benchmarks/test_budget.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from grantdesk.domain.rule_types import (
    FUNDRAISING_WORDS,
    CallRules,
    CategoryCap,
    ChecklistItem,
    DocumentFacts,
    Finding,
    FindingCode,
    FundraisingTarget,
    PartnerFacts,
    ProposalFacts,
    Requirement,
    Severity,
    Target,
    is_fundraising,
)
from grantdesk.domain.rules_budget import budget_rules, effective_caps
from grantdesk.domain.rules_partnership import lead_rules, partnership_rules
from grantdesk.i18n import _

__all__ = [
    "FUNDRAISING_WORDS",
    "CallRules",
    "CategoryCap",
    "ChecklistItem",
    "DocumentFacts",
    "Finding",
    "FindingCode",
    "FundraisingTarget",
    "PartnerFacts",
    "ProposalFacts",
    "Requirement",
    "Severity",
    "Target",
    "check",
    "effective_caps",
    "has_blocking",
    "is_fundraising",
]

_ORDER = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}


def check(facts: ProposalFacts, rules: CallRules | None, today: date) -> list[Finding]:
    """Every finding of *facts* against *rules*: blocking first, then warnings, then info.

    *rules* None (the proposal names no call yet) checks only what needs no call: a lead
    is named and the budget has lines.
    """
    if rules is None:
        found = [
            Finding(
                FindingCode.NO_CALL,
                Severity.INFO,
                _("No call is chosen yet: only the lead and the budget are checked."),
                Target("proposal_field", "call_id"),
            ),
            *lead_rules(facts, CallRules()),
            *[f for f in budget_rules(facts, CallRules()) if f.code is FindingCode.BUDGET_EMPTY],
        ]
    else:
        found = [*budget_rules(facts, rules), *partnership_rules(facts, rules, today)]
    return sorted(found, key=lambda f: _ORDER[f.severity])


def has_blocking(findings: Sequence[Finding]) -> bool:
    """True when the bid, as it stands, would be inadmissible."""
    return any(f.blocking for f in findings)
