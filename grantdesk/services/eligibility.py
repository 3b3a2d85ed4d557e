"""Which calls an organization may apply to, and why the others are excluded.

One query reads every call with its funder and, from a single grouped pass over the
deadlines, its next open application date and its last application date; the rules of
:mod:`grantdesk.domain.eligibility` then run in Python (territories are parsed once per
distinct text). On the large demo (20,000 calls) the whole list takes well under a second.

The calls list reads an :class:`Overview` (every call judged once, in the background) to
narrow itself to the eligible calls and to say, per row, why a call is excluded;
:func:`eligibility_of` judges a few calls only (a detail pane).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, select, type_coerce

from grantdesk.db.models import Call, Deadline, Funder, Organization
from grantdesk.db.types import UTCDateTime
from grantdesk.domain.dates import rome_to_utc, utc_to_rome
from grantdesk.domain.eligibility import (
    CallFacts,
    OrgFacts,
    Reason,
    ReasonCode,
    applicant_type,
    closed,
    combine,
    is_eligible,
    territory,
)
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import CallStatus, DeadlineKind, LegalForm
from grantdesk.i18n import N_, _
from grantdesk.services.database import Database


class UnknownOrganizationError(LookupError):
    """No organization has the given id."""


@dataclass(frozen=True)
class CallEligibility:
    """A call seen from one organization: may it apply, and the reasons (exclusions first)."""

    call_id: int
    title: str
    funder: str
    eligible: bool
    reasons: tuple[Reason, ...]
    territory: str | None = None  # the call's territory as written, for short summaries


def organization_facts(db: Database, organization_id: int) -> OrgFacts:
    """The facts the rules read of an organization (UnknownOrganizationError if missing)."""
    with db.reading() as s:
        row = s.execute(
            select(
                Organization.legal_form,
                Organization.municipality,
                Organization.province,
                Organization.region,
            ).where(Organization.id == organization_id)
        ).one_or_none()
    if row is None:
        raise UnknownOrganizationError(
            _("No organization has number {id}.").format(id=organization_id)
        )
    form, municipality, province, region = row
    return OrgFacts(LegalForm(form), municipality, province, region)


@lru_cache(maxsize=8192)  # deadlines share days and hours: converted once each
def _rome_day(moment: datetime | None) -> date | None:
    return None if moment is None else utc_to_rome(moment).date()


def eligible_calls(
    db: Database, organization_id: int, today: date, *, include_excluded: bool = False
) -> list[CallEligibility]:
    """The calls *organization_id* may apply to on *today* (Rome), by title.

    With *include_excluded*, every call, the excluded ones with their reasons. Eligible
    calls may still carry ``info`` reasons (a territory to check).
    """
    org = organization_facts(db, organization_id)
    return [
        c for c in _judged(db, org, today, _calls_query(today)) if c.eligible or include_excluded
    ]


def eligibility_of(
    db: Database, organization_id: int, call_ids: Collection[int], today: date
) -> dict[int, CallEligibility]:
    """How *organization_id* stands with each of *call_ids* (missing calls are left out)."""
    if not call_ids:
        return {}
    org = organization_facts(db, organization_id)
    query = _calls_query(today, sorted(set(call_ids)))
    return {c.call_id: c for c in _judged(db, org, today, query)}


def _calls_query(today: date, call_ids: list[int] | None = None) -> Any:
    """Every call (or those of *call_ids*) with its funder, forms, territory and the two
    dates the rules read."""
    start = rome_to_utc(today, time(0, 0))
    stage = Deadline.kind.in_((DeadlineKind.APPLICATION, DeadlineKind.PRE_APPLICATION))
    only = () if call_ids is None else (Deadline.call_id.in_(call_ids),)
    dates = (
        select(
            Deadline.call_id.label("call_id"),
            type_coerce(
                func.min(
                    case(
                        (
                            and_(Deadline.done.is_(False), Deadline.due_at >= start),
                            Deadline.due_at,
                        )
                    )
                ),
                UTCDateTime,
            ).label("next_due"),
            type_coerce(
                func.max(case((Deadline.kind == DeadlineKind.APPLICATION, Deadline.due_at))),
                UTCDateTime,
            ).label("last_application"),
        )
        .where(Deadline.call_id.is_not(None), stage, *only)
        .group_by(Deadline.call_id)
        .subquery()
    )
    query = (
        select(
            Call.id,
            Call.title,
            Funder.name,
            Call.status,
            # Read as text and decoded once per distinct list (a few for 20,000 calls).
            cast(Call.eligible_forms, Text),
            Call.territory,
            dates.c.next_due,
            dates.c.last_application,
        )
        .join(Funder, Funder.id == Call.funder_id)
        .outerjoin(dates, dates.c.call_id == Call.id)
        .order_by(Call.title, Call.id)
    )
    return query if call_ids is None else query.where(Call.id.in_(call_ids))


def _judged(db: Database, org: OrgFacts, today: date, query: Any) -> Iterator[CallEligibility]:
    """Each call *query* reads, judged for *org*."""
    forms_of: dict[str | None, tuple[str, ...]] = {}
    # Applicant type and territory depend on (forms, territory) only: judged once per pair.
    static: dict[tuple[tuple[str, ...], str | None], tuple[Reason | None, Reason | None]] = {}
    # Core rows, not ORM ones: 20,000 rows are read in a fraction of the time.
    with db.engine.connect() as conn:
        rows = conn.execute(query).all()
    for call_id, title, funder, status, forms, where, next_due, last_app in rows:
        if forms not in forms_of:
            forms_of[forms] = tuple(str(f) for f in json.loads(forms or "[]") or ())
        facts = CallFacts(
            eligible_forms=forms_of[forms],
            territory=where,
            status=CallStatus(status),
            next_deadline=_rome_day(next_due),
            last_application=_rome_day(last_app),
        )
        key = (forms_of[forms], where)
        if key not in static:
            static[key] = (applicant_type(facts, org), territory(facts, org))
        reasons = combine(*static[key], closed(facts, today))
        yield CallEligibility(call_id, title, funder, is_eligible(reasons), tuple(reasons), where)


def eligible_call_ids(db: Database, organization_id: int, today: date) -> list[int]:
    """The ids of the calls *organization_id* may apply to (for a list's filter)."""
    return [c.call_id for c in eligible_calls(db, organization_id, today)]


@dataclass(frozen=True)
class OrganizationChoice:
    """An organization as a list of choices shows it."""

    id: int
    name: str


def organization_choices(db: Database) -> list[OrganizationChoice]:
    """Every organization, by name (accents and case ignored, as people read them)."""
    with db.reading() as s:
        rows = s.execute(select(Organization.id, Organization.name)).all()
    return sorted(
        (OrganizationChoice(i, name) for i, name in rows), key=lambda o: (fold(o.name), o.id)
    )


def organization_name(db: Database, organization_id: int) -> str | None:
    """The name of *organization_id*, or None when it no longer exists."""
    with db.reading() as s:
        name = s.scalar(select(Organization.name).where(Organization.id == organization_id))
    return None if name is None else str(name)


@dataclass(frozen=True)
class Overview:
    """Every call judged for one organization on one day: what the calls list reads."""

    organization_id: int
    organization_name: str
    today: date
    calls: dict[int, CallEligibility] = field(default_factory=dict)

    @property
    def eligible_ids(self) -> frozenset[int]:
        return frozenset(i for i, c in self.calls.items() if c.eligible)

    @property
    def eligible_count(self) -> int:
        return sum(1 for c in self.calls.values() if c.eligible)


def overview(db: Database, organization_id: int, today: date) -> Overview:
    """Judge every call for *organization_id* (UnknownOrganizationError if it is gone)."""
    name = organization_name(db, organization_id)
    if name is None:
        raise UnknownOrganizationError(
            _("No organization has number {id}.").format(id=organization_id)
        )
    judged = eligible_calls(db, organization_id, today, include_excluded=True)
    return Overview(organization_id, name, today, {c.call_id: c for c in judged})


# What each reason is called in a list cell ("territory (Puglia)").
_SHORT_REASON = {
    ReasonCode.APPLICANT_TYPE: N_("applicant type"),
    ReasonCode.TERRITORY: N_("territory"),
    ReasonCode.TERRITORY_UNKNOWN: N_("territory"),
    ReasonCode.CLOSED: N_("closed"),
}
_SHORT_TERRITORY = 24  # characters of a territory shown in a cell before "…"


def _short(reason: Reason, where: str | None) -> str:
    name = _(_SHORT_REASON[reason.code])
    text = (where or "").strip()
    if reason.code in (ReasonCode.TERRITORY, ReasonCode.TERRITORY_UNKNOWN) and text:
        if len(text) > _SHORT_TERRITORY:
            text = text[: _SHORT_TERRITORY - 1].rstrip() + "…"
        return f"{name} ({text})"
    return name


def summary(call: CallEligibility) -> str:
    """One line for a list cell: “Not eligible: territory (Puglia), applicant type”,
    “Eligible” or “Eligible, check: territory (Lomellina)”."""
    excluded = [_short(r, call.territory) for r in call.reasons if r.excludes]
    if excluded:
        return _("Not eligible: {reasons}").format(reasons=", ".join(excluded))
    to_check = [_short(r, call.territory) for r in call.reasons]
    if to_check:
        return _("Eligible, check: {reasons}").format(reasons=", ".join(to_check))
    return _("Eligible")


def explanation(call: CallEligibility, organization: str) -> str:
    """The verdict for *organization* and every reason in full, one per line (a tooltip,
    the detail pane)."""
    if not call.eligible:
        verdict = _("{organization} may not apply:")
    elif call.reasons:
        verdict = _("{organization} may apply, but check:")
    else:
        verdict = _("{organization} may apply.")
    lines = [verdict.format(organization=organization)]
    lines += [f"• {r.message}" for r in call.reasons]
    return "\n".join(lines)
