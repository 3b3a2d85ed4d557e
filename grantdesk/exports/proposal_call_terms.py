"""The call's terms in a proposal exchange file (format version 2).

A partner association that receives a draft usually does not track the call in its own
register. Without the call's terms its desk could not check the budget against the rules
(grant limits, co-financing, caps, partnership) nor list the attachments the call asks for,
and the proposal would arrive without its call. So the file carries, under ``call.terms``,
what the rule check and the checklist read of the call; the importing desk that does not
find the call in its register records it from these terms. A desk that has the call keeps
its own record (its terms are not overwritten by a file).

``terms`` (or null when the writer knew no more than the call's name)::

    {"description", "territory", "url",                      text or null
     "eligible_forms": ["odv", "aps", …],                    legal_form codes (empty: anyone)
     "min_grant_cents", "max_grant_cents",
     "min_total_cost_cents", "max_total_cost_cents",         integer cents or null
     "min_cofinancing_basis_points", "max_grant_basis_points",
     "overhead_cap_basis_points",                            hundredths of a per cent
                                                             (1250 is 12,5 %) or null
     "volunteer_time_allowed": true/false/null,
     "volunteer_hourly_value_cents",
     "min_partners", "min_third_sector_partners",
     "min_duration_months", "max_duration_months",           integers or null
     "budget_categories": ["personnel", …],                  the call's categories (empty:
                                                             GrantDesk's default set)
     "themes": ["anziani", …],
     "rules": [{"kind", "scope", "limit_basis_points", "limit_cents", "note",
                "params": {…}}],                             further rules (category caps,
                                                             fundraising targets, …);
                                                             params hold text, whole numbers,
                                                             true/false or null
     "requirements": [{"name", "mandatory", "document_kind"}],   the attachments asked for
     "deadlines": [{"kind", "stage", "due_at"}]}             the funder's dates (kind
                                                             pre_application, application,
                                                             report, payment_claim; due_at an
                                                             ISO instant); a desk's internal
                                                             reviews stay on the desk
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from grantdesk.domain.dates import iso_utc
from grantdesk.domain.money import to_cents
from grantdesk.domain.vocab import DeadlineKind

PERCENT_SCALE = 2  # percentages travel as integer hundredths of a per cent (basis points)
# A desk's own reminders are not the funder's dates: they stay where they were made.
TRAVELLING_DEADLINES = tuple(k for k in DeadlineKind if k is not DeadlineKind.INTERNAL)


@dataclass(frozen=True)
class CallRuleEntry:
    """A further rule of the call (``category_cap``, ``fundraising_target``, …)."""

    kind: str
    scope: str | None = None
    limit_pct: Decimal | None = None
    limit_amount: Decimal | None = None
    note: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RequirementEntry:
    """An attachment the call asks for; *document_kind* names papers on file that satisfy it."""

    name: str
    mandatory: bool = True
    document_kind: str | None = None


@dataclass(frozen=True)
class CallDeadlineEntry:
    """One of the funder's dates."""

    kind: DeadlineKind
    due_at: datetime
    stage: str | None = None


@dataclass(frozen=True)
class CallTerms:
    """What the rule check and the checklist read of a call."""

    description: str | None = None
    territory: str | None = None
    url: str | None = None
    eligible_forms: tuple[str, ...] = ()
    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    min_total_cost: Decimal | None = None
    max_total_cost: Decimal | None = None
    min_cofinancing_pct: Decimal | None = None
    max_grant_pct: Decimal | None = None
    overhead_cap_pct: Decimal | None = None
    volunteer_time_allowed: bool | None = None
    volunteer_hourly_value: Decimal | None = None
    min_partners: int | None = None
    min_third_sector_partners: int | None = None
    min_duration_months: int | None = None
    max_duration_months: int | None = None
    budget_categories: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    rules: tuple[CallRuleEntry, ...] = ()
    requirements: tuple[RequirementEntry, ...] = ()
    deadlines: tuple[CallDeadlineEntry, ...] = ()


MONEY_TERMS = ("min_grant", "max_grant", "min_total_cost", "max_total_cost")
PERCENT_TERMS = ("min_cofinancing_pct", "max_grant_pct", "overhead_cap_pct")
COUNT_TERMS = (
    "min_partners",
    "min_third_sector_partners",
    "min_duration_months",
    "max_duration_months",
)
TEXT_TERMS = ("description", "territory", "url")


def percent_key(name: str) -> str:
    """``min_cofinancing_pct`` → ``min_cofinancing_basis_points``."""
    return name.removesuffix("_pct") + "_basis_points"


def basis_points(value: Decimal | None) -> int | None:
    """A percentage as integer hundredths of a per cent (12,5 → 1250); more decimals is an
    error."""
    if value is None:
        return None
    scaled = value.scaleb(PERCENT_SCALE)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} % has more than {PERCENT_SCALE} decimals")
    return int(scaled)


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else to_cents(value)


def terms_document(terms: CallTerms | None) -> dict[str, Any] | None:
    """The ``call.terms`` member, in the documented key order."""
    if terms is None:
        return None
    out: dict[str, Any] = {name: getattr(terms, name) for name in TEXT_TERMS}
    out["eligible_forms"] = list(terms.eligible_forms)
    out.update({f"{name}_cents": _cents(getattr(terms, name)) for name in MONEY_TERMS})
    out.update({percent_key(name): basis_points(getattr(terms, name)) for name in PERCENT_TERMS})
    out["volunteer_time_allowed"] = terms.volunteer_time_allowed
    out["volunteer_hourly_value_cents"] = _cents(terms.volunteer_hourly_value)
    out.update({name: getattr(terms, name) for name in COUNT_TERMS})
    out["budget_categories"] = list(terms.budget_categories)
    out["themes"] = list(terms.themes)
    out["rules"] = [
        {
            "kind": r.kind,
            "scope": r.scope,
            "limit_basis_points": basis_points(r.limit_pct),
            "limit_cents": _cents(r.limit_amount),
            "note": r.note,
            "params": dict(r.params),
        }
        for r in terms.rules
    ]
    out["requirements"] = [
        {"name": r.name, "mandatory": r.mandatory, "document_kind": r.document_kind}
        for r in terms.requirements
    ]
    out["deadlines"] = [
        {"kind": d.kind.value, "stage": d.stage, "due_at": iso_utc(d.due_at)}
        for d in terms.deadlines
    ]
    return out


TERMS_KEYS = tuple(terms_document(CallTerms()) or {})
RULE_KEYS = ("kind", "scope", "limit_basis_points", "limit_cents", "note", "params")
REQUIREMENT_KEYS = ("name", "mandatory", "document_kind")
DEADLINE_KEYS = ("kind", "stage", "due_at")
