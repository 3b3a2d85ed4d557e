"""Which calls an organization may apply to, and why the others are excluded.

One query reads every call with its funder and, from a single grouped pass over the
deadlines, its next open application date and its last application date; the rules of
:mod:`grantdesk.domain.eligibility` then run in Python (territories are parsed once per
distinct text). On the large demo (20,000 calls) the whole list takes well under a second.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from sqlalchemy import Text, and_, case, cast, func, select, type_coerce

from grantdesk.db.models import Call, Deadline, Funder, Organization
from grantdesk.db.types import UTCDateTime
from grantdesk.domain.dates import rome_to_utc, utc_to_rome
from grantdesk.domain.eligibility import (
    CallFacts,
    OrgFacts,
    Reason,
    applicant_type,
    closed,
    combine,
    is_eligible,
    territory,
)
from grantdesk.domain.vocab import CallStatus, DeadlineKind, LegalForm
from grantdesk.i18n import _
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
    start = rome_to_utc(today, time(0, 0))
    stage = Deadline.kind.in_((DeadlineKind.APPLICATION, DeadlineKind.PRE_APPLICATION))
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
        .where(Deadline.call_id.is_not(None), stage)
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
    forms_of: dict[str | None, tuple[str, ...]] = {}
    # Applicant type and territory depend on (forms, territory) only: judged once per pair.
    static: dict[tuple[tuple[str, ...], str | None], tuple[Reason | None, Reason | None]] = {}
    result: list[CallEligibility] = []
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
        eligible = is_eligible(reasons)
        if eligible or include_excluded:
            result.append(CallEligibility(call_id, title, funder, eligible, tuple(reasons)))
    return result


def eligible_call_ids(db: Database, organization_id: int, today: date) -> list[int]:
    """The ids of the calls *organization_id* may apply to (for a list's filter)."""
    return [c.call_id for c in eligible_calls(db, organization_id, today)]
