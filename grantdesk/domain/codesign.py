"""Co-design (co-progettazione, Art. 55 of the Third Sector Code) in pure Python.

Three things a process needs checked or added up, without a database:

The CUP (Codice Unico di Progetto)
    Issued by the DIPE's CUP system when a public body decides to invest (L. 3/2003, art. 11;
    CIPE resolution 143/2002). It is 15 characters, letters and digits, and never changes.
    Every CUP the system has issued, and the examples the DIPE itself prints (Wikipedia's
    ``C11G06000000001``, the CUP user manual's ``G17H03000130001``, the PNRR CUPs such as
    ``J51B21005930006``), has the same layout::

        position  1    2-3     4      5-6              7-15
                  A    99      A      99               999999999
                  letter, two digits, letter, two-digit year of the decision, nine digits

    What is certain, and checked: 15 characters; a letter, two digits, a letter, then
    eleven digits. Characters 5–6 are the year the decision was recorded (``06`` → 2006),
    read by :func:`cup_year`. What is *not* checked: the first four characters are the
    system's own classification codes (of the issuing body and of the kind of project) and
    no public table lets us verify them; the last nine digits are a serial number with no
    published check digit. So a CUP that passes here is well formed, not proven to exist —
    OpenCUP is the register that says that. Spaces and hyphens typed for readability
    (``C11 G06 000000001``) are dropped and letters upper-cased (:func:`normalize_cup`).

The steps (:class:`CoDesignStatus`, in pipeline order) and what each needs
    ===================  =================================================  ==============
    step                 the process needs…                                  kind
    ===================  =================================================  ==============
    decision             nothing (the date of the decision is recommended)
    notice published     the date the avviso was published                  date: required
    applications         the closing date of the applications               date: required
    evaluation           at least one application received                   open point
    co-design tables     every application admitted or excluded, ≥ 1        open point
                         admitted
    approval             the date of the approval act (determina); ≥ 1      date: required
                         meeting held                                        (meeting: open
                                                                             point)
    agreement signed     the signing date; ≥ 1 commitment                    date: required
    monitoring           ≥ 1 indicator                                       open point
    closed               the closing date                                    date: required
    ===================  =================================================  ==============

    Requirements are cumulative: a process at a step needs what every earlier step needs.
    A missing *date* keeps the process from being saved at that step (the form holds it);
    a missing *record* (applications, meetings, commitments, indicators, which live in
    their own tables and may be entered later) is an open point shown beside the pipeline,
    never a refusal. Dates must follow the steps' order when both are set; a notice open
    for fewer than 20 days is worth a warning (the usual minimum), not an error.

Commitments
    Each pledge is valued ``quantity × unit value``, rounded **once** half-up to the cent
    (as budget lines are); every total is a plain sum of those values, so the totals by
    body, by kind and by sector each add up to the grand total exactly. A body's sector
    follows its legal form: municipalities, other public bodies and schools are *public*;
    the seven RUNTS sections are the *third sector*; parishes, companies, unions and
    informal groups are *other*. Shares are exact percentages of the grand total (None
    while it is zero), rounded only for display.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import TypeVar

from grantdesk.domain.money import ZERO, round_cents, share
from grantdesk.domain.vocab import THIRD_SECTOR_FORMS, CoDesignStatus, CommitmentKind, LegalForm
from grantdesk.i18n import _, ngettext

CUP_LENGTH = 15
NOTICE_MIN_DAYS = 20
_CUP = re.compile(r"[A-Z][0-9]{2}[A-Z][0-9]{11}")
_READABILITY = re.compile(r"[\s\-./]")

STEPS: tuple[CoDesignStatus, ...] = tuple(CoDesignStatus)


# -- the CUP ------------------------------------------------------------------------------


def normalize_cup(text: str) -> str:
    """*text* without spaces, hyphens, dots or slashes, upper-cased."""
    return _READABILITY.sub("", text).upper()


def cup_problem(text: str) -> str | None:
    """What is wrong with a typed CUP, in one sentence (None: well formed or empty)."""
    code = normalize_cup(text)
    if not code:
        return None
    if not code.isascii() or not code.isalnum():
        return _("A CUP holds only letters and digits.")
    if len(code) != CUP_LENGTH:
        return _("A CUP has 15 characters; this one has {n}.").format(n=len(code))
    if not _CUP.fullmatch(code):
        return _(
            "A CUP reads letter, two digits, letter, then eleven digits (the year of the "
            "decision and a number), like C11G06000000001."
        )
    return None


def is_valid_cup(text: str) -> bool:
    """True when *text* is a well-formed CUP (see the module docstring)."""
    return bool(normalize_cup(text)) and cup_problem(text) is None


def cup_year(text: str) -> int | None:
    """The year of the decision a well-formed CUP records (characters 5–6), else None."""
    if not is_valid_cup(text):
        return None
    return 2000 + int(normalize_cup(text)[4:6])


# -- the steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepFacts:
    """What the pipeline reads of a process: its step dates and how many records it holds."""

    decided_on: date | None = None
    notice_published_on: date | None = None
    applications_due_on: date | None = None
    approved_on: date | None = None
    agreement_signed_on: date | None = None
    closed_on: date | None = None
    applications: int = 0
    admitted: int = 0
    pending: int = 0
    meetings: int = 0
    first_meeting_on: date | None = None
    commitments: int = 0
    indicators: int = 0
    first_measurement_on: date | None = None


@dataclass(frozen=True)
class StepGap:
    """Something a step needs that the process lacks; *field* names a missing date."""

    step: CoDesignStatus
    message: str
    field: str | None = None

    @property
    def blocking(self) -> bool:
        """A missing date keeps the process from being saved at the step."""
        return self.field is not None


# The date each step records (the process's column), in pipeline order.
STEP_DATE_FIELDS: dict[CoDesignStatus, str] = {
    CoDesignStatus.DECISION: "decided_on",
    CoDesignStatus.NOTICE_PUBLISHED: "notice_published_on",
    CoDesignStatus.APPLICATIONS: "applications_due_on",
    CoDesignStatus.APPROVAL: "approved_on",
    CoDesignStatus.AGREEMENT_SIGNED: "agreement_signed_on",
    CoDesignStatus.CLOSED: "closed_on",
}
_REQUIRED_DATES = {
    CoDesignStatus.NOTICE_PUBLISHED: "notice_published_on",
    CoDesignStatus.APPLICATIONS: "applications_due_on",
    CoDesignStatus.APPROVAL: "approved_on",
    CoDesignStatus.AGREEMENT_SIGNED: "agreement_signed_on",
    CoDesignStatus.CLOSED: "closed_on",
}


def step_index(step: CoDesignStatus) -> int:
    """0 for the decision … 8 for closed."""
    return STEPS.index(step)


def reached(current: CoDesignStatus, step: CoDesignStatus) -> bool:
    """True when a process at *current* has got to *step* (or beyond)."""
    return step_index(current) >= step_index(step)


def _date_message(step: CoDesignStatus) -> str:
    messages = {
        CoDesignStatus.NOTICE_PUBLISHED: _("Give the date the public notice was published."),
        CoDesignStatus.APPLICATIONS: _("Give the closing date of the applications."),
        CoDesignStatus.APPROVAL: _("Give the date of the approval act (determina)."),
        CoDesignStatus.AGREEMENT_SIGNED: _("Give the date the agreement was signed."),
        CoDesignStatus.CLOSED: _("Give the date the process was closed."),
    }
    return messages[step]


def _record_gaps(step: CoDesignStatus, facts: StepFacts) -> list[str]:
    if step is CoDesignStatus.EVALUATION and facts.applications == 0:
        return [_("No application recorded yet.")]
    if step is CoDesignStatus.TABLES:
        gaps = []
        if facts.pending:
            gaps.append(
                ngettext(
                    "{n} application still to admit or exclude.",
                    "{n} applications still to admit or exclude.",
                    facts.pending,
                ).format(n=facts.pending)
            )
        if facts.applications and facts.admitted == 0:
            gaps.append(_("No body admitted to the co-design tables."))
        return gaps
    if step is CoDesignStatus.APPROVAL and facts.meetings == 0:
        return [_("No co-design meeting recorded yet.")]
    if step is CoDesignStatus.AGREEMENT_SIGNED and facts.commitments == 0:
        return [_("No commitment recorded: the agreement lists what each party brings.")]
    if step is CoDesignStatus.MONITORING and facts.indicators == 0:
        return [_("No monitoring indicator yet.")]
    return []


def step_gaps(status: CoDesignStatus, facts: StepFacts) -> list[StepGap]:
    """What a process at *status* lacks, for its step and every earlier one, in order."""
    gaps: list[StepGap] = []
    for step in STEPS[: step_index(status) + 1]:
        name = _REQUIRED_DATES.get(step)
        if name is not None and getattr(facts, name) is None:
            gaps.append(StepGap(step, _date_message(step), name))
        gaps.extend(StepGap(step, message) for message in _record_gaps(step, facts))
    return gaps


def date_order_problems(facts: StepFacts) -> dict[str, str]:
    """Step dates out of order: field → sentence (the later field of each wrong pair)."""
    problems: dict[str, str] = {}
    dated = [
        (name, getattr(facts, name))
        for name in STEP_DATE_FIELDS.values()
        if getattr(facts, name) is not None
    ]
    for (_earlier, first), (name, second) in pairwise(dated):
        if second < first and name not in problems:
            problems[name] = _("This date comes before the previous step's date.")
    return problems


def notice_warning(facts: StepFacts) -> str | None:
    """A notice open for less than the usual 20 days, in one sentence (None otherwise)."""
    start, end = facts.notice_published_on, facts.applications_due_on
    if start is None or end is None or end < start:
        return None
    days = (end - start).days
    if days >= NOTICE_MIN_DAYS:
        return None
    return _("The notice stays open {n} days: notices usually stay open at least 20.").format(
        n=days
    )


def step_dates(facts: StepFacts) -> list[tuple[CoDesignStatus, date | None]]:
    """The date shown under each step of the pipeline: its own date, or for the steps
    without one the date they began (evaluation: the applications closed; tables: the
    first meeting; monitoring: the first measurement)."""
    own = {step: getattr(facts, name) for step, name in STEP_DATE_FIELDS.items()}
    own[CoDesignStatus.EVALUATION] = facts.applications_due_on
    own[CoDesignStatus.TABLES] = facts.first_meeting_on
    own[CoDesignStatus.MONITORING] = facts.first_measurement_on
    return [(step, own.get(step)) for step in STEPS]


# -- commitments --------------------------------------------------------------------------


class Sector(StrEnum):
    """Who a resource comes from, by the body's legal form."""

    PUBLIC = "public"
    THIRD_SECTOR = "third_sector"
    OTHER = "other"

    @property
    def label(self) -> str:
        labels = {
            Sector.PUBLIC: _("Public bodies"),
            Sector.THIRD_SECTOR: _("Third sector"),
            Sector.OTHER: _("Other bodies"),
        }
        return labels[self]


PUBLIC_FORMS = frozenset({LegalForm.MUNICIPALITY, LegalForm.PUBLIC_BODY, LegalForm.SCHOOL})


def sector_of(form: LegalForm) -> Sector:
    """Public (municipalities, public bodies, schools), third sector (RUNTS) or other."""
    if form in PUBLIC_FORMS:
        return Sector.PUBLIC
    if form in THIRD_SECTOR_FORMS:
        return Sector.THIRD_SECTOR
    return Sector.OTHER


@dataclass(frozen=True)
class Pledge:
    """One commitment: what *body* brings, how much of it, and its euro value."""

    body: Hashable
    body_name: str
    sector: Sector
    kind: CommitmentKind
    quantity: Decimal
    unit_value: Decimal
    value: Decimal = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", round_cents(self.quantity * self.unit_value))


K = TypeVar("K", bound=Hashable)


def _add(totals: dict[K, Decimal], key: K, amount: Decimal) -> None:
    totals[key] = totals.get(key, ZERO) + amount


@dataclass(frozen=True)
class CommitmentTotals:
    """The totals of a process's commitments. ``by_body`` is in first-appearance order with
    ``body_names``; ``by_kind`` and ``by_sector`` list every member (zero when unused)."""

    total: Decimal
    by_body: Mapping[Hashable, Decimal]
    body_names: Mapping[Hashable, str]
    body_sectors: Mapping[Hashable, Sector]
    by_kind: Mapping[CommitmentKind, Decimal]
    by_sector: Mapping[Sector, Decimal]
    by_body_kind: Mapping[tuple[Hashable, CommitmentKind], Decimal]
    count: int

    def share_of(self, sector: Sector) -> Decimal | None:
        """The exact percentage of the total that *sector* brings (None: total is zero)."""
        return share(self.by_sector[sector], self.total)

    @property
    def public_share(self) -> Decimal | None:
        return self.share_of(Sector.PUBLIC)

    @property
    def third_sector_share(self) -> Decimal | None:
        return self.share_of(Sector.THIRD_SECTOR)

    @property
    def other_share(self) -> Decimal | None:
        return self.share_of(Sector.OTHER)

    def body_share(self, body: Hashable) -> Decimal | None:
        return share(self.by_body.get(body, ZERO), self.total)


def commitment_totals(pledges: Iterable[Pledge]) -> CommitmentTotals:
    """Every total of *pledges* (see the module docstring for the rounding)."""
    by_body: dict[Hashable, Decimal] = {}
    names: dict[Hashable, str] = {}
    sectors: dict[Hashable, Sector] = {}
    by_kind: dict[CommitmentKind, Decimal] = {kind: ZERO for kind in CommitmentKind}
    by_sector: dict[Sector, Decimal] = {sector: ZERO for sector in Sector}
    by_body_kind: dict[tuple[Hashable, CommitmentKind], Decimal] = {}
    total = ZERO
    count = 0
    for pledge in pledges:
        value = pledge.value
        total += value
        count += 1
        _add(by_body, pledge.body, value)
        names.setdefault(pledge.body, pledge.body_name)
        sectors.setdefault(pledge.body, pledge.sector)
        _add(by_kind, pledge.kind, value)
        _add(by_sector, pledge.sector, value)
        _add(by_body_kind, (pledge.body, pledge.kind), value)
    return CommitmentTotals(
        total=total,
        by_body=by_body,
        body_names=names,
        body_sectors=sectors,
        by_kind=by_kind,
        by_sector=by_sector,
        by_body_kind=by_body_kind,
        count=count,
    )


# -- monitoring ---------------------------------------------------------------------------


def indicator_progress(
    baseline: Decimal | None, latest: Decimal | None, target: Decimal | None
) -> Decimal | None:
    """How far *latest* has gone from *baseline* (0 when absent) toward *target*, as an
    exact percentage (above 100 when the target is passed); None without a target, a
    measurement, or when the target equals the baseline."""
    if target is None or latest is None:
        return None
    start = baseline if baseline is not None else ZERO
    if target == start:
        return None
    return (latest - start) * 100 / (target - start)
