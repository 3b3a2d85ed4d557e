"""The budget rules of the check: amounts, shares, category caps, volunteer time, fundraising.

See :mod:`grantdesk.domain.rules` for the codes and how they read.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from grantdesk.domain.budget import Line, Totals, category_label, compute_totals, same_category
from grantdesk.domain.money import ZERO, share
from grantdesk.domain.rule_types import (
    OVERHEADS,
    CallRules,
    CategoryCap,
    Finding,
    FindingCode,
    ProposalFacts,
    Severity,
    Target,
    is_fundraising,
    limit_percent,
    money,
    percent_against,
)
from grantdesk.domain.vocab import BudgetCategory, FundingSource
from grantdesk.i18n import _, ngettext

IN_KIND = FundingSource.VOLUNTEER_IN_KIND
OTHER_FUNDER = FundingSource.OTHER_FUNDER
VOLUNTEER_TIME = BudgetCategory.VOLUNTEER_TIME.value


def _finding(code: FindingCode, message: str, target: Target) -> Finding:
    return Finding(code, Severity.BLOCKING, message, target)


def amount_rules(totals: Totals, rules: CallRules) -> list[Finding]:
    """Grant and total cost against the call's minimum and maximum."""
    found = []
    grant, total = totals.requested_grant, totals.grand_total
    budget = Target("budget")
    if rules.max_grant is not None and grant > rules.max_grant:
        message = _("Requested grant {amount}: the call allows at most {limit}.")
        found.append(
            _finding(
                FindingCode.GRANT_MAX,
                message.format(amount=money(grant), limit=money(rules.max_grant)),
                budget,
            )
        )
    if rules.min_grant is not None and grant < rules.min_grant:
        message = _("Requested grant {amount}: the call requires at least {limit}.")
        found.append(
            _finding(
                FindingCode.GRANT_MIN,
                message.format(amount=money(grant), limit=money(rules.min_grant)),
                budget,
            )
        )
    if rules.max_total_cost is not None and total > rules.max_total_cost:
        message = _("Total cost {amount}: the call allows at most {limit}.")
        found.append(
            _finding(
                FindingCode.TOTAL_COST_MAX,
                message.format(amount=money(total), limit=money(rules.max_total_cost)),
                budget,
            )
        )
    if rules.min_total_cost is not None and total < rules.min_total_cost:
        message = _("Total cost {amount}: the call requires at least {limit}.")
        found.append(
            _finding(
                FindingCode.TOTAL_COST_MIN,
                message.format(amount=money(total), limit=money(rules.min_total_cost)),
                budget,
            )
        )
    return found


def share_rules(totals: Totals, rules: CallRules) -> list[Finding]:
    """Co-financing minimum and grant maximum, as shares of the total cost."""
    found: list[Finding] = []
    cofinancing = totals.co_financing_share_exact
    grant = totals.grant_share_exact
    if cofinancing is None or grant is None:
        return found
    cofinancing_fails = (
        rules.min_cofinancing_pct is not None and cofinancing < rules.min_cofinancing_pct
    )
    if cofinancing_fails and rules.min_cofinancing_pct is not None:
        message = _(
            "Co-financing {share} of the total ({amount}): the call requires at least {limit}."
        )
        found.append(
            _finding(
                FindingCode.COFINANCING_MIN,
                message.format(
                    share=percent_against(cofinancing, rules.min_cofinancing_pct),
                    amount=money(totals.co_financing),
                    limit=limit_percent(rules.min_cofinancing_pct),
                ),
                Target("budget"),
            )
        )
    if rules.max_grant_pct is not None and grant > rules.max_grant_pct:
        implied = (
            cofinancing_fails
            and rules.min_cofinancing_pct is not None
            and rules.min_cofinancing_pct >= 100 - rules.max_grant_pct
        )
        if not implied:
            message = _("Requested grant {share} of the total: the call allows at most {limit}.")
            found.append(
                _finding(
                    FindingCode.GRANT_SHARE_MAX,
                    message.format(
                        share=percent_against(grant, rules.max_grant_pct),
                        limit=limit_percent(rules.max_grant_pct),
                    ),
                    Target("budget"),
                )
            )
    return found


def effective_caps(rules: CallRules) -> list[CategoryCap]:
    """The call's caps, one per category, the overhead cap merged in (the stricter wins)."""
    merged: list[CategoryCap] = []
    overhead_pct = rules.overhead_cap_pct
    extra = [CategoryCap(OVERHEADS, overhead_pct)] if overhead_pct is not None else []
    for cap in [*extra, *rules.caps]:
        index = next(
            (i for i, c in enumerate(merged) if same_category(c.category, cap.category)), None
        )
        if index is None:
            merged.append(cap)
            continue
        old = merged[index]
        merged[index] = CategoryCap(
            old.category,
            _stricter(old.limit_pct, cap.limit_pct),
            _stricter(old.limit_amount, cap.limit_amount),
        )
    return merged


def _stricter(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def cap_rules(totals: Totals, rules: CallRules) -> list[Finding]:
    """Every category cap: its share of the total cost and its amount."""
    found = []
    for cap in effective_caps(rules):
        amount = totals.category_total(cap.category)
        overheads = same_category(cap.category, OVERHEADS)
        label = category_label(cap.category)
        target = Target("budget", cap.category)
        part = share(amount, totals.grand_total)
        if cap.limit_pct is not None and part is not None and part > cap.limit_pct:
            message = _("{category} {share} of the total: the call allows at most {limit}.")
            code = FindingCode.OVERHEADS_CAP if overheads else FindingCode.CATEGORY_CAP
            text = message.format(
                category=label,
                share=percent_against(part, cap.limit_pct),
                limit=limit_percent(cap.limit_pct),
            )
            found.append(_finding(code, text, target))
        if cap.limit_amount is not None and amount > cap.limit_amount:
            message = _("{category} {amount}: the call allows at most {limit}.")
            code = (
                FindingCode.OVERHEADS_CAP_AMOUNT if overheads else FindingCode.CATEGORY_CAP_AMOUNT
            )
            text = message.format(
                category=label, amount=money(amount), limit=money(cap.limit_amount)
            )
            found.append(_finding(code, text, target))
    return found


def _line_target(line: Line) -> Target:
    return Target("budget_line", None if line.key is None else str(line.key))


def volunteer_rules(lines: Sequence[Line], rules: CallRules) -> list[Finding]:
    """Volunteer time where the call excludes it, or valued above the call's hourly value."""
    # Inlined Line.is_volunteer_time: this runs after every edit of a 2,000-line grid.
    hours = [
        line
        for line in lines
        if (line.source is IN_KIND or line.category == VOLUNTEER_TIME) and line.total
    ]
    if not hours:
        return []
    if rules.volunteer_time_allowed is False:
        value = sum((line.total for line in hours), ZERO)
        message = _(
            "Volunteer time valued at {amount} in the budget: the call does not accept "
            "volunteer time as co-financing."
        )
        return [
            _finding(
                FindingCode.VOLUNTEER_TIME_NOT_ALLOWED,
                message.format(amount=money(value)),
                _line_target(hours[0]),
            )
        ]
    limit = rules.volunteer_hourly_value
    if limit is None:
        return []
    above = [line for line in hours if line.unit_cost > limit]
    if not above:
        return []
    worst = max(above, key=lambda line: line.unit_cost)
    message = ngettext(
        "Volunteer time valued at {value} an hour on {count} line: the call allows at most "
        "{limit} an hour.",
        "Volunteer time valued up to {value} an hour on {count} lines: the call allows at "
        "most {limit} an hour.",
        len(above),
    )
    text = message.format(value=money(worst.unit_cost), count=len(above), limit=money(limit))
    return [_finding(FindingCode.VOLUNTEER_HOURLY_VALUE, text, _line_target(worst))]


def fundraising_rule(lines: Sequence[Line], totals: Totals, rules: CallRules) -> list[Finding]:
    """The fundraising planned against the call's target (a share of the grant or total)."""
    target = rules.fundraising
    if target is None:
        return []
    base = totals.grand_total if target.of_total else totals.requested_grant
    others = [line for line in lines if line.source is OTHER_FUNDER and line.other_funder]
    raised = sum((line.total for line in others if is_fundraising(line)), ZERO)
    part = share(raised, base)
    if part is None:
        return []
    of = _("of the total cost") if target.of_total else _("of the requested grant")
    where = Target("budget", None)
    if target.min_pct is not None and part < target.min_pct:
        message = _("Fundraising {amount} ({share} {of}): the call requires at least {limit}.")
        text = message.format(
            amount=money(raised),
            share=percent_against(part, target.min_pct),
            of=of,
            limit=limit_percent(target.min_pct),
        )
        return [_finding(FindingCode.FUNDRAISING_TARGET, text, where)]
    if target.max_pct is not None and part > target.max_pct:
        message = _("Fundraising {amount} ({share} {of}): the call expects at most {limit}.")
        text = message.format(
            amount=money(raised),
            share=percent_against(part, target.max_pct),
            of=of,
            limit=limit_percent(target.max_pct),
        )
        return [Finding(FindingCode.FUNDRAISING_TARGET, Severity.WARNING, text, where)]
    return []


def budget_rules(facts: ProposalFacts, rules: CallRules) -> list[Finding]:
    """Every budget rule; one piece of information instead when the budget is empty."""
    if not facts.lines:
        return [
            Finding(
                FindingCode.BUDGET_EMPTY,
                Severity.INFO,
                _("The budget has no lines yet: its rules are checked once costs are entered."),
                Target("budget"),
            )
        ]
    totals = facts.totals if facts.totals is not None else compute_totals(facts.lines)
    return [
        *amount_rules(totals, rules),
        *share_rules(totals, rules),
        *cap_rules(totals, rules),
        *volunteer_rules(facts.lines, rules),
        *fundraising_rule(facts.lines, totals, rules),
    ]
