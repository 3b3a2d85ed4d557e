"""The rules of the check about who applies and with what: lead, partnership, duration,
attachment checklist and the papers on file.

See :mod:`grantdesk.domain.rules` for the codes and how they read.
"""

from __future__ import annotations

from datetime import date

from grantdesk.domain.dates import format_date
from grantdesk.domain.eligibility import _WITH_ARTICLE, _forms_text
from grantdesk.domain.rule_types import (
    CallRules,
    DocumentFacts,
    Finding,
    FindingCode,
    PartnerFacts,
    ProposalFacts,
    Requirement,
    Severity,
    Target,
)
from grantdesk.domain.vocab import AttachmentState
from grantdesk.i18n import _, current_language, ngettext


def lead_rules(facts: ProposalFacts, rules: CallRules) -> list[Finding]:
    """A lead is named, and its legal form is one the call admits."""
    lead = facts.lead
    if lead is None:
        return [
            Finding(
                FindingCode.LEAD_MISSING,
                Severity.BLOCKING,
                _("The proposal has no lead applicant (capofila) yet."),
                Target("lead"),
            )
        ]
    admitted = [code for code in rules.eligible_forms if code]
    if not admitted or lead.legal_form.value in admitted:
        return []
    message = _("The call admits only {forms} as lead applicant: {name} is {form}.").format(
        forms=_forms_text(admitted), name=lead.name, form=_(_WITH_ARTICLE[lead.legal_form])
    )
    return [Finding(FindingCode.APPLICANT_TYPE, Severity.BLOCKING, message, Target("lead"))]


def partnership_size(facts: ProposalFacts, rules: CallRules) -> list[Finding]:
    """Minimum members and third-sector members of the partnership, the lead included."""
    members = facts.members
    found = []
    if rules.min_partners is not None and len(members) < rules.min_partners:
        message = ngettext(
            "The partnership has {count} member, lead included: the call requires at least "
            "{limit}.",
            "The partnership has {count} members, lead included: the call requires at least "
            "{limit}.",
            len(members),
        ).format(count=len(members), limit=rules.min_partners)
        found.append(
            Finding(FindingCode.PARTNERS_MIN, Severity.BLOCKING, message, Target("partners"))
        )
    third = sum(1 for m in members if m.legal_form.is_third_sector)
    if rules.min_third_sector_partners is not None and third < rules.min_third_sector_partners:
        message = ngettext(
            "The partnership has {count} third-sector body, lead included: the call requires "
            "at least {limit}.",
            "The partnership has {count} third-sector bodies, lead included: the call requires "
            "at least {limit}.",
            third,
        ).format(count=third, limit=rules.min_third_sector_partners)
        found.append(
            Finding(
                FindingCode.THIRD_SECTOR_PARTNERS_MIN,
                Severity.BLOCKING,
                message,
                Target("partners"),
            )
        )
    return found


def _months(n: int) -> str:
    return ngettext("{n} month", "{n} months", n).format(n=n)


def duration_rules(facts: ProposalFacts, rules: CallRules) -> list[Finding]:
    """The project's duration within the call's minimum and maximum."""
    low, high = rules.min_duration_months, rules.max_duration_months
    if low is None and high is None:
        return []
    target = Target("proposal_field", "duration_months")
    months = facts.duration_months
    if months is None:
        message = _("Set the project's duration: the call limits it.")
        return [Finding(FindingCode.DURATION_MISSING, Severity.WARNING, message, target)]
    if low is not None and months < low:
        message = _("Duration {months}: the call requires at least {limit}.").format(
            months=_months(months), limit=_months(low)
        )
        return [Finding(FindingCode.DURATION_MIN, Severity.BLOCKING, message, target)]
    if high is not None and months > high:
        message = _("Duration {months}: the call allows at most {limit}.").format(
            months=_months(months), limit=_months(high)
        )
        return [Finding(FindingCode.DURATION_MAX, Severity.BLOCKING, message, target)]
    return []


def _item_state(facts: ProposalFacts, requirement: Requirement) -> AttachmentState | None:
    """The checklist state of *requirement*: linked by key, else by the same name."""
    name = requirement.name.strip().casefold()
    linked = [
        i
        for i in facts.checklist
        if requirement.key is not None and i.requirement == requirement.key
    ]
    items = linked or [i for i in facts.checklist if i.name.strip().casefold() == name]
    if not items:
        return None
    states = {i.state for i in items}
    for state in (AttachmentState.ATTACHED, AttachmentState.NOT_APPLICABLE):
        if state in states:
            return state
    return AttachmentState.MISSING


def attachment_rules(facts: ProposalFacts, rules: CallRules) -> list[Finding]:
    """Every mandatory attachment of the call is in the checklist and attached."""
    found = []
    for requirement in rules.requirements:
        if not requirement.mandatory:
            continue
        state = _item_state(facts, requirement)
        target = Target("attachments", requirement.name)
        if state is None or state is AttachmentState.MISSING:
            message = _("Mandatory attachment missing: “{name}”.").format(name=requirement.name)
            found.append(
                Finding(FindingCode.ATTACHMENT_MISSING, Severity.BLOCKING, message, target)
            )
        elif state is AttachmentState.NOT_APPLICABLE:
            message = _(
                "“{name}” is marked not applicable, but the call lists it as mandatory: "
                "check that it really does not apply."
            ).format(name=requirement.name)
            found.append(
                Finding(FindingCode.ATTACHMENT_NOT_APPLICABLE, Severity.INFO, message, target)
            )
    return found


def _latest(documents: tuple[DocumentFacts, ...], kind: str) -> DocumentFacts | None:
    """The paper of *kind* valid the longest (one without expiry wins); None if none."""
    papers = [d for d in documents if d.kind == kind]
    if not papers:
        return None
    return max(papers, key=lambda d: (d.expires_on is None, d.expires_on or date.min))


def _document_finding(
    member: PartnerFacts,
    paper: DocumentFacts,
    requirement: Requirement,
    day: date,
    rules: CallRules,
    submitted: bool,
) -> Finding | None:
    expiry = paper.expires_on
    if expiry is None:
        return None
    lang = current_language()
    title = paper.title or requirement.name
    target = Target("documents", None if member.key is None else str(member.key))
    if expiry < day:
        message = _("{name}: the document “{document}” expired on {date}.").format(
            name=member.name, document=title, date=format_date(expiry, lang)
        )
        severity = Severity.BLOCKING if requirement.mandatory else Severity.WARNING
        return Finding(FindingCode.DOCUMENT_EXPIRED, severity, message, target)
    deadline = rules.submission_deadline
    if not submitted and deadline is not None and expiry < deadline:
        message = _(
            "{name}: the document “{document}” expires on {date}, before the call's "
            "deadline ({deadline})."
        ).format(
            name=member.name,
            document=title,
            date=format_date(expiry, lang),
            deadline=format_date(deadline, lang),
        )
        return Finding(FindingCode.DOCUMENT_EXPIRING, Severity.WARNING, message, target)
    return None


def document_rules(facts: ProposalFacts, rules: CallRules, today: date) -> list[Finding]:
    """Papers on file of the lead and partners, of the kinds the call asks for, still valid.

    Valid means: on the day of submission for a proposal already submitted, else today; and
    (not yet submitted) still valid on the call's submission deadline.
    """
    wanted: dict[str, Requirement] = {}
    for requirement in rules.requirements:
        kind = requirement.document_kind
        if kind and (kind not in wanted or requirement.mandatory):
            wanted[kind] = requirement
    if not wanted:
        return []
    submitted = facts.submitted_on is not None
    day = facts.submitted_on or today
    found = []
    for member in facts.members:
        for kind, requirement in wanted.items():
            paper = _latest(member.documents, kind)
            if paper is None:
                continue
            finding = _document_finding(member, paper, requirement, day, rules, submitted)
            if finding is not None:
                found.append(finding)
    return found


def partnership_rules(facts: ProposalFacts, rules: CallRules, today: date) -> list[Finding]:
    """Every rule about who applies, for how long and with which papers."""
    return [
        *lead_rules(facts, rules),
        *partnership_size(facts, rules),
        *duration_rules(facts, rules),
        *attachment_rules(facts, rules),
        *document_rules(facts, rules, today),
    ]
