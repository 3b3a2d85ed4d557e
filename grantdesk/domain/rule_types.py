"""The vocabulary of the rule check: facts about a proposal, a call's rules, findings.

Plain frozen dataclasses, easy to build by hand (tests, an editor holding unsaved changes)
or from the database (:mod:`grantdesk.services.proposal_check`). See
:mod:`grantdesk.domain.rules` for what is checked and how findings read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

from grantdesk.domain.budget import Line, Totals
from grantdesk.domain.money import format_eur, format_percent
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import AttachmentState, BudgetCategory, FundingSource, LegalForm
from grantdesk.i18n import current_language

OVERHEADS = BudgetCategory.OVERHEADS.value
# Words that mark an "other funder" line as fundraising from the public (folded, no accents).
FUNDRAISING_WORDS = (
    "raccolta fondi",
    "fundraising",
    "crowdfunding",
    "donazion",
    "donator",
    "erogazioni liberali",
    "5 per mille",
    "cinque per mille",
)


class Severity(StrEnum):
    """How serious a finding is: inadmissible as it stands, to fix or check, worth knowing."""

    BLOCKING = "blocking"
    WARNING = "warning"
    INFO = "info"


class FindingCode(StrEnum):
    """Stable identifiers of the findings (printed in JSON; see :mod:`grantdesk.domain.rules`)."""

    NO_CALL = "no_call"
    BUDGET_EMPTY = "budget_empty"
    GRANT_MAX = "grant_max"
    GRANT_MIN = "grant_min"
    TOTAL_COST_MAX = "total_cost_max"
    TOTAL_COST_MIN = "total_cost_min"
    COFINANCING_MIN = "cofinancing_min"
    GRANT_SHARE_MAX = "grant_share_max"
    OVERHEADS_CAP = "overheads_cap"
    OVERHEADS_CAP_AMOUNT = "overheads_cap_amount"
    CATEGORY_CAP = "category_cap"
    CATEGORY_CAP_AMOUNT = "category_cap_amount"
    VOLUNTEER_TIME_NOT_ALLOWED = "volunteer_time_not_allowed"
    VOLUNTEER_HOURLY_VALUE = "volunteer_hourly_value"
    FUNDRAISING_TARGET = "fundraising_target"
    LEAD_MISSING = "lead_missing"
    APPLICANT_TYPE = "applicant_type"
    PARTNERS_MIN = "partners_min"
    THIRD_SECTOR_PARTNERS_MIN = "third_sector_partners_min"
    DURATION_MISSING = "duration_missing"
    DURATION_MIN = "duration_min"
    DURATION_MAX = "duration_max"
    ATTACHMENT_MISSING = "attachment_missing"
    ATTACHMENT_NOT_APPLICABLE = "attachment_not_applicable"
    DOCUMENT_EXPIRED = "document_expired"
    DOCUMENT_EXPIRING = "document_expiring"


class Target(NamedTuple):
    """Where to fix a finding, for a GUI to jump to.

    *area* is one of ``budget`` (*key*: a category, or None for the totals),
    ``budget_line`` (*key*: the line's key), ``partners``, ``lead``, ``attachments``
    (*key*: the checklist item's name), ``documents`` (*key*: the organization's id) or
    ``proposal_field`` (*key*: the field, e.g. ``duration_months``).
    """

    area: str
    key: str | None = None


@dataclass(frozen=True)
class Finding:
    """One thing the check found: a stable code, how serious, a sentence, where to fix it."""

    code: FindingCode
    severity: Severity
    message: str
    target: Target

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING


@dataclass(frozen=True)
class DocumentFacts:
    """A paper on an organization's file: its kind (``durc``…), title and expiry date."""

    kind: str
    title: str = ""
    expires_on: date | None = None


@dataclass(frozen=True)
class PartnerFacts:
    """The lead or a partner: its id (*key*), name, legal form and papers on file."""

    key: int | None
    name: str
    legal_form: LegalForm = LegalForm.OTHER
    documents: tuple[DocumentFacts, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    """An item of the attachment checklist; *requirement* is the call requirement's key."""

    name: str
    state: AttachmentState = AttachmentState.MISSING
    requirement: int | None = None


@dataclass(frozen=True)
class Requirement:
    """An attachment the call asks for; *document_kind* names papers on file that satisfy it."""

    key: int | None
    name: str
    mandatory: bool = True
    document_kind: str | None = None


@dataclass(frozen=True)
class CategoryCap:
    """A cap on a cost category: a share of the total cost, an amount, or both."""

    category: str
    limit_pct: Decimal | None = None
    limit_amount: Decimal | None = None


@dataclass(frozen=True)
class FundraisingTarget:
    """Fundraising between *min_pct* and *max_pct* of the requested grant (or of the total
    cost when *of_total*)."""

    min_pct: Decimal | None = None
    max_pct: Decimal | None = None
    of_total: bool = False


@dataclass(frozen=True)
class CallRules:
    """What a call asks of a proposal. Every limit is optional: None means no such rule.

    *eligible_forms* are :class:`LegalForm` codes (empty: anyone may lead);
    *submission_deadline* is the Rome day of the call's next application deadline.
    """

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
    eligible_forms: tuple[str, ...] = ()
    caps: tuple[CategoryCap, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    fundraising: FundraisingTarget | None = None
    submission_deadline: date | None = None


@dataclass(frozen=True)
class ProposalFacts:
    """What the rules read of a proposal. *totals*, when given, must be those of *lines*."""

    lines: Sequence[Line] = ()
    lead: PartnerFacts | None = None
    partners: tuple[PartnerFacts, ...] = ()
    duration_months: int | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    submitted_on: date | None = None
    totals: Totals | None = None

    @property
    def members(self) -> tuple[PartnerFacts, ...]:
        """The lead then the partners, each organization once."""
        seen: set[int] = set()
        out: list[PartnerFacts] = []
        for member in (self.lead, *self.partners):
            if member is None or (member.key is not None and member.key in seen):
                continue
            if member.key is not None:
                seen.add(member.key)
            out.append(member)
        return tuple(out)


# -- formatting shared by the rules ----------------------------------------------------


def money(amount: Decimal) -> str:
    return format_eur(amount, current_language())


def limit_percent(limit: Decimal) -> str:
    """A limit as the call writes it: "10 %", "12,5 %"."""
    exponent = limit.normalize().as_tuple().exponent
    places = min(2, max(0, -exponent)) if isinstance(exponent, int) else 2
    return format_percent(limit, places, current_language())


def percent_against(value: Decimal, limit: Decimal) -> str:
    """*value* with one decimal, or more when one would make it read like *limit*."""
    places = 1
    while places < 8 and value != limit:
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if rounded != limit:
            break
        places += 1
    return format_percent(value, places, current_language())


def is_fundraising(line: Line) -> bool:
    """An "other funder" line whose funder is a fundraising campaign ("Raccolta fondi…")."""
    if line.source is not FundingSource.OTHER_FUNDER or not line.other_funder:
        return False
    name = fold(line.other_funder)
    return any(word in name for word in FUNDRAISING_WORDS)
