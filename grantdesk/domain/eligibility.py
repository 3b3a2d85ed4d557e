"""May an organization apply to a call? Applicant type, territory and open date, with reasons.

:func:`check` is pure: it reads plain facts about the call and the organization and returns
the reasons that exclude the organization (severity ``exclusion``) or that ask a person to
check something (severity ``info``). No exclusion reason means the organization may apply.

- ``applicant_type``: the call lists eligible legal forms and the organization's is not one.
- ``territory``: the organization's seat lies outside the call's territory (see
  :mod:`grantdesk.domain.territory` for how the free text is read); ``territory_unknown``
  (info) when the text cannot decide.
- ``closed``: the call has no future, not-done application or pre-application deadline and
  its status is closed; or it has application deadlines and every one is past.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from grantdesk.domain.dates import format_date
from grantdesk.domain.territory import Coverage, covers, province_name, region_of
from grantdesk.domain.vocab import CallStatus, LegalForm
from grantdesk.i18n import N_, _, current_language


class Severity(StrEnum):
    EXCLUSION = "exclusion"
    INFO = "info"


class ReasonCode(StrEnum):
    APPLICANT_TYPE = "applicant_type"
    TERRITORY = "territory"
    TERRITORY_UNKNOWN = "territory_unknown"
    CLOSED = "closed"


@dataclass(frozen=True)
class Reason:
    """Why an organization may not apply (or what to check): a stable code and a sentence."""

    code: ReasonCode
    message: str
    severity: Severity = Severity.EXCLUSION

    @property
    def excludes(self) -> bool:
        return self.severity is Severity.EXCLUSION


@dataclass(frozen=True)
class CallFacts:
    """What the rules read of a call.

    *next_deadline*: the Rome date of the earliest not-done application or pre-application
    deadline on or after today; *last_application*: the latest application deadline's date.
    """

    eligible_forms: Sequence[str] = ()
    territory: str | None = None
    status: CallStatus = CallStatus.NEW
    next_deadline: date | None = None
    last_application: date | None = None


@dataclass(frozen=True)
class OrgFacts:
    """What the rules read of an organization: its legal form and its seat."""

    legal_form: LegalForm = LegalForm.OTHER
    municipality: str | None = None
    province: str | None = None
    region: str | None = None


# Short names for the list of admitted forms ("ODV, APS").
_SHORT: dict[LegalForm, str] = {
    LegalForm.ODV: N_("ODV"),
    LegalForm.APS: N_("APS"),
    LegalForm.PHILANTHROPIC: N_("philanthropic bodies"),
    LegalForm.SOCIAL_ENTERPRISE: N_("social enterprises"),
    LegalForm.NETWORK: N_("association networks"),
    LegalForm.MUTUAL_AID: N_("mutual aid societies"),
    LegalForm.OTHER_ETS: N_("other third-sector bodies"),
    LegalForm.MUNICIPALITY: N_("municipalities"),
    LegalForm.PUBLIC_BODY: N_("public bodies"),
    LegalForm.SCHOOL: N_("schools"),
    LegalForm.PARISH: N_("parishes"),
    LegalForm.COMPANY: N_("companies"),
    LegalForm.INFORMAL_GROUP: N_("informal groups"),
    LegalForm.OTHER: N_("other bodies"),
}
# What the organization is, with its article ("the organization is a parish").
_WITH_ARTICLE: dict[LegalForm, str] = {
    LegalForm.ODV: N_("an ODV"),
    LegalForm.APS: N_("an APS"),
    LegalForm.PHILANTHROPIC: N_("a philanthropic body"),
    LegalForm.SOCIAL_ENTERPRISE: N_("a social enterprise"),
    LegalForm.NETWORK: N_("an association network"),
    LegalForm.MUTUAL_AID: N_("a mutual aid society"),
    LegalForm.OTHER_ETS: N_("another third-sector body"),
    LegalForm.MUNICIPALITY: N_("a municipality"),
    LegalForm.PUBLIC_BODY: N_("a public body"),
    LegalForm.SCHOOL: N_("a school"),
    LegalForm.PARISH: N_("a parish"),
    LegalForm.COMPANY: N_("a company"),
    LegalForm.INFORMAL_GROUP: N_("an informal group"),
    LegalForm.OTHER: N_("a body of another kind"),
}


def _form(code: str) -> LegalForm | None:
    try:
        return LegalForm(code)
    except ValueError:
        return None


def _forms_text(codes: Sequence[str]) -> str:
    names = []
    for code in codes:
        form = _form(code)
        names.append(_(_SHORT[form]) if form is not None else code)
    return ", ".join(names)


def seat(org: OrgFacts) -> str:
    """Where the organization is based, for messages: "Vigevano (PV)", "Lombardia"…"""
    province = (org.province or "").strip().upper()
    town = (org.municipality or "").strip()
    if town:
        return f"{town} ({province})" if province else town
    if province:
        return province_name(province) or province
    return (org.region or "").strip() or (region_of(province) or "")


def applicant_type(call: CallFacts, org: OrgFacts) -> Reason | None:
    admitted = [c for c in call.eligible_forms if c]
    if not admitted or org.legal_form.value in admitted:
        return None
    return Reason(
        ReasonCode.APPLICANT_TYPE,
        _("The call admits only {forms}: the organization is {form}.").format(
            forms=_forms_text(admitted), form=_(_WITH_ARTICLE[org.legal_form])
        ),
    )


def territory(call: CallFacts, org: OrgFacts) -> Reason | None:
    coverage = covers(call.territory, org.municipality, org.province, org.region)
    if coverage is Coverage.INSIDE:
        return None
    text = (call.territory or "").strip()
    where = seat(org)
    if coverage is Coverage.OUTSIDE:
        return Reason(
            ReasonCode.TERRITORY,
            _(
                "Territory «{territory}»: the organization is based in {place}, "
                "outside the call's area."
            ).format(territory=text, place=where),
        )
    if not where:
        message = _(
            "Territory «{territory}»: the organization's seat is not recorded; check it."
        ).format(territory=text)
    else:
        message = _("Territory «{territory}»: check whether {place} is included.").format(
            territory=text, place=where
        )
    return Reason(ReasonCode.TERRITORY_UNKNOWN, message, Severity.INFO)


def closed(call: CallFacts, today: date) -> Reason | None:
    lang = current_language()
    last = call.last_application
    if last is not None and last < today:
        return Reason(
            ReasonCode.CLOSED,
            _("The last application deadline passed on {date}.").format(
                date=format_date(last, lang)
            ),
        )
    if call.next_deadline is None and call.status is CallStatus.CLOSED:
        return Reason(
            ReasonCode.CLOSED, _("The call is closed and has no open application deadline.")
        )
    return None


def combine(*found: Reason | None) -> list[Reason]:
    """The reasons found, exclusions first, otherwise in the order given."""
    reasons = [r for r in found if r is not None]
    return sorted(reasons, key=lambda r: not r.excludes)


def check(call_facts: CallFacts, org_facts: OrgFacts, today: date) -> list[Reason]:
    """Every reason, exclusions first in the order applicant type, territory, closed."""
    return combine(
        applicant_type(call_facts, org_facts),
        territory(call_facts, org_facts),
        closed(call_facts, today),
    )


def is_eligible(reasons: Sequence[Reason]) -> bool:
    """True when no reason excludes."""
    return not any(r.excludes for r in reasons)
