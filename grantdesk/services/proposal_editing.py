"""Creating, editing, deleting and duplicating proposals, and moving them along the pipeline.

A :class:`ProposalForm` holds the general fields the editor shows (call, title, acronym,
owner, start, duration, summary, status and the data some statuses need), already parsed;
:func:`validate` says in one sentence per field what is wrong with it. Every write is one
transaction, checked against the version the user saw, and written to the audit log.

A new proposal gets its sections from its call's template — a call rule of kind
``section_template`` whose params hold ``{"sections": ["Contesto", …]}`` — or else from
:data:`DEFAULT_SECTIONS`, and one checklist item per attachment the call requires.

Statuses that need data (:func:`status_problems`): ``submitted`` the day the bid was sent;
``awarded`` the funder's decision day and the amount awarded; ``rejected`` the decision
day; ``running`` and ``reporting`` (which follow an award) the decision day and amount.

Deleting keeps a :class:`~grantdesk.services.proposal_copy.ProposalSnapshot` so undo can
bring the whole proposal back; :func:`duplicate_proposal` starts next year's edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import (
    Activity,
    Attachment,
    AuditEntry,
    BudgetLine,
    Call,
    CallRequirement,
    Deadline,
    Funder,
    Proposal,
    ProposalPartner,
    ProposalSection,
)
from grantdesk.domain.dates import now_utc
from grantdesk.domain.vocab import AttachmentState, ProposalStatus
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor
from grantdesk.services.proposal_copy import (
    ProposalSnapshot,
    copy_for_next_edition,
    restore_snapshot,
    take_snapshot,
)

# The sections of a proposal when its call brings no template (Italian: the language bids
# are written in, whatever the language of the interface).
DEFAULT_SECTIONS = (
    "Contesto e bisogni",
    "Obiettivi",
    "Attività",
    "Metodologia",
    "Partenariato",
    "Sostenibilità",
    "Comunicazione",
)
SECTION_TEMPLATE = "section_template"
MAX_LENGTHS = {"title": 500, "acronym": 40, "owner": 120}
MAX_DURATION = 120
S = ProposalStatus
_NEEDS_SUBMISSION = frozenset({S.SUBMITTED})
_NEEDS_DECISION = frozenset({S.AWARDED, S.REJECTED, S.RUNNING, S.REPORTING})
_NEEDS_AMOUNT = frozenset({S.AWARDED, S.RUNNING, S.REPORTING})
# Fields copied as they are between a form and a proposal.
_PLAIN = (
    "call_id",
    "title",
    "start_on",
    "duration_months",
    "submitted_on",
    "decided_on",
    "awarded_amount",
)
_OPTIONAL_TEXT = ("acronym", "owner", "summary")
_STATUS_DATA = frozenset({"submitted_on", "decided_on", "awarded_amount"})


class StatusDataError(ValueError):
    """A status was chosen without the data it needs; the message is one sentence."""


@dataclass
class ProposalForm:
    """The general fields of a proposal, as the editor holds them."""

    title: str = ""
    call_id: int | None = None
    acronym: str = ""
    owner: str = ""
    summary: str = ""
    status: str = ProposalStatus.IDEA.value
    start_on: date | None = None
    duration_months: int | None = None
    submitted_on: date | None = None
    decided_on: date | None = None
    awarded_amount: Decimal | None = None


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field, in one sentence."""

    field: str
    message: str


@dataclass(frozen=True)
class CallChoice:
    """A call as a picker lists it."""

    id: int
    title: str
    funder: str
    code: str = ""


def status_needs(status: str) -> tuple[str, ...]:
    """The fields a proposal in *status* must have (``submitted_on``, ``decided_on``,
    ``awarded_amount``), in the order a dialog asks for them."""
    try:
        chosen = ProposalStatus(status)
    except ValueError:
        return ()
    needs = []
    if chosen in _NEEDS_SUBMISSION:
        needs.append("submitted_on")
    if chosen in _NEEDS_DECISION:
        needs.append("decided_on")
    if chosen in _NEEDS_AMOUNT:
        needs.append("awarded_amount")
    return tuple(needs)


def status_problems(
    status: str,
    submitted_on: date | None,
    decided_on: date | None,
    awarded_amount: Decimal | None,
) -> dict[str, str]:
    """What *status* still needs, one sentence per missing field (empty: nothing)."""
    values = {
        "submitted_on": submitted_on,
        "decided_on": decided_on,
        "awarded_amount": awarded_amount,
    }
    label = ProposalStatus(status).label if status in set(ProposalStatus) else status
    sentences = {
        "submitted_on": _("“{status}” needs the day the proposal was submitted."),
        "decided_on": _("“{status}” needs the day of the funder's decision."),
        "awarded_amount": _("“{status}” needs the amount the funder awarded."),
    }
    return {
        name: sentences[name].format(status=label)
        for name in status_needs(status)
        if values[name] is None
    }


def validate(form: ProposalForm, latest_month: int = 0) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field (empty: it can be saved).

    *latest_month* is the last month an activity of the proposal runs to: the duration
    cannot end before it.
    """
    errors: list[FieldError] = []

    def add(name: str, message: str) -> None:
        if all(e.field != name for e in errors):
            errors.append(FieldError(name, message))

    if not form.title.strip():
        add("title", _("The proposal needs a title."))
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(form, name).strip()) > limit:
            add(name, _("Keep this under {limit} characters.").format(limit=limit))
    if form.status not in {s.value for s in ProposalStatus}:
        add("status", _("Choose one of the listed statuses."))
    else:
        problems = status_problems(
            form.status, form.submitted_on, form.decided_on, form.awarded_amount
        )
        for name, message in problems.items():
            add(name, message)
    months = form.duration_months
    if months is not None and not 1 <= months <= MAX_DURATION:
        add("duration_months", _("A duration goes from 1 to {n} months.").format(n=MAX_DURATION))
    elif months is not None and latest_month > months:
        add(
            "duration_months",
            _(
                "An activity runs until month {month}: the duration cannot be shorter "
                "(move the activity first)."
            ).format(month=latest_month),
        )
    if form.awarded_amount is not None and form.awarded_amount < 0:
        add("awarded_amount", _("An amount cannot be negative."))
    if (
        form.submitted_on is not None
        and form.decided_on is not None
        and form.decided_on < form.submitted_on
    ):
        add("decided_on", _("The decision cannot come before the submission."))
    return errors


# -- reading --------------------------------------------------------------------------


def _gone() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This record no longer exists: it may have been deleted from another desk.")
    )


def _load(session: Session, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise _gone()
    return proposal


def _check_version(proposal: Proposal, expected_version: int) -> None:
    if proposal.version != expected_version:
        raise ConflictError(
            _("Someone else changed this proposal meanwhile: it has been reloaded, try again.")
        )


def to_form(proposal: Proposal) -> ProposalForm:
    """The general fields of *proposal*."""
    form = ProposalForm(status=proposal.status.value)
    for name in _PLAIN:
        setattr(form, name, getattr(proposal, name))
    for name in _OPTIONAL_TEXT:
        setattr(form, name, getattr(proposal, name) or "")
    return form


def load_form(db: Database, proposal_id: int) -> tuple[ProposalForm, int]:
    """The proposal's general fields and the version they were read at."""
    with db.reading() as s:
        proposal = _load(s, proposal_id)
        return to_form(proposal), proposal.version


def proposal_version(db: Database, proposal_id: int) -> int:
    """The proposal's current version (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        version = s.scalar(select(Proposal.version).where(Proposal.id == proposal_id))
    if version is None:
        raise _gone()
    return int(version)


def latest_activity_month(db: Database, proposal_id: int) -> int:
    """The last month any activity of the proposal runs to (0 without activities)."""
    with db.reading() as s:
        found = s.scalar(
            select(func.max(Activity.end_month)).where(Activity.proposal_id == proposal_id)
        )
    return int(found or 0)


def find_calls(db: Database, text: str = "", limit: int = 200) -> list[CallChoice]:
    """Calls matching *text* (the calls list's search), best first; the newest without text."""
    from grantdesk.services.search import filter_calls

    columns: list[Any] = [Call.id, Call.title, Funder.name, Call.code]
    statement = select(*columns).join(Funder)
    statement, rank = filter_calls(statement, db.dialect, text, ranked=True)
    order = [Call.id.desc()] if rank is None else [rank, Call.id]
    with db.reading() as s:
        rows = s.execute(statement.order_by(*order).limit(limit)).all()
    return [CallChoice(int(r[0]), str(r[1]), str(r[2]), str(r[3] or "")) for r in rows]


def call_choice(db: Database, call_id: int) -> CallChoice | None:
    """One call as a picker shows it (None when it no longer exists)."""
    with db.reading() as s:
        row = s.execute(
            select(Call.id, Call.title, Funder.name, Call.code)
            .join(Funder)
            .where(Call.id == call_id)
        ).first()
    return None if row is None else CallChoice(row[0], row[1], row[2], row[3] or "")


# -- writing --------------------------------------------------------------------------


def _refuse_invalid(form: ProposalForm, latest_month: int = 0, *, restoring: bool = False) -> None:
    for error in validate(form, latest_month):
        if error.field not in _STATUS_DATA:
            raise ValueError(error.message)
        if not restoring:  # undo puts back what was there, complete or not
            raise StatusDataError(error.message)


def _apply(session: Session, proposal: Proposal, form: ProposalForm) -> None:
    if form.call_id != proposal.call_id:
        call = session.get(Call, form.call_id) if form.call_id is not None else None
        if form.call_id is not None and call is None:
            raise RecordNotFoundError(_("The chosen call no longer exists: choose another one."))
        proposal.call = call
    for name in _PLAIN[1:]:
        value = getattr(form, name)
        if isinstance(value, str):
            value = value.strip()
        if getattr(proposal, name) != value:
            setattr(proposal, name, value)
    for name in _OPTIONAL_TEXT:
        value = getattr(form, name).strip() or None
        if getattr(proposal, name) != value:
            setattr(proposal, name, value)
    status = ProposalStatus(form.status)
    if proposal.status != status:
        proposal.status = status


def _audit(session: Session, action: str, proposal_id: int, summary: str) -> None:
    session.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity="proposal",
            entity_id=proposal_id,
            summary=summary,
        )
    )


def section_template(call: Call | None) -> list[str]:
    """The section titles of *call*'s template, or the default Italian ones."""
    if call is not None:
        for rule in call.rules:
            if rule.kind != SECTION_TEMPLATE:
                continue
            titles = (rule.params or {}).get("sections")
            if isinstance(titles, list):
                clean = [" ".join(str(t).split()) for t in titles if str(t).strip()]
                if clean:
                    return clean
    return list(DEFAULT_SECTIONS)


def checklist_for_call(call: Call | None) -> list[Attachment]:
    """One missing checklist item per attachment *call* requires, in the call's order."""
    if call is None:
        return []
    return [
        Attachment(requirement_id=r.id, name=r.name, state=AttachmentState.MISSING)
        for r in sorted(call.requirements, key=lambda r: (r.position, r.id or 0))
    ]


def create_proposal(db: Database, form: ProposalForm, lead_id: int | None = None) -> int:
    """Record a new proposal with its call's sections and attachment checklist; its id."""
    _refuse_invalid(form)
    with db.transaction() as s:
        call = None
        if form.call_id is not None:
            call = s.scalars(
                select(Call)
                .where(Call.id == form.call_id)
                .options(selectinload(Call.rules), selectinload(Call.requirements))
            ).first()
            if call is None:
                raise RecordNotFoundError(
                    _("The chosen call no longer exists: choose another one.")
                )
        if lead_id is not None:
            from grantdesk.db.models import Organization

            if s.get(Organization, lead_id) is None:
                raise RecordNotFoundError(
                    _("The chosen organization no longer exists: choose another one.")
                )
        proposal = Proposal(title=form.title.strip(), lead_id=lead_id)
        s.add(proposal)
        with s.no_autoflush:
            _apply(s, proposal, form)
        proposal.sections = [
            ProposalSection(position=i, title=title, body="")
            for i, title in enumerate(section_template(call), start=1)
        ]
        proposal.attachments = checklist_for_call(call)
        s.flush()
        _audit(
            s,
            "create",
            proposal.id,
            f"{len(proposal.sections)} sections, {len(proposal.attachments)} checklist items",
        )
        return proposal.id


def update_proposal(
    db: Database,
    proposal_id: int,
    form: ProposalForm,
    expected_version: int,
    *,
    restoring: bool = False,
) -> int:
    """Save *form* over the proposal, refusing if it changed since *expected_version*.

    *restoring* (undo) does not insist on the data a status needs: it puts back what was
    there. Returns the proposal's new version (unchanged when nothing differed).
    """
    latest = latest_activity_month(db, proposal_id)
    _refuse_invalid(form, latest, restoring=restoring)
    with db.transaction() as s:
        proposal = _load(s, proposal_id)
        _check_version(proposal, expected_version)
        before = to_form(proposal)
        old_status = proposal.status
        _apply(s, proposal, form)
        s.flush()
        after = to_form(proposal)
        changed = [
            n for n in before.__dataclass_fields__ if getattr(before, n) != getattr(after, n)
        ]
        if not changed:
            return proposal.version
        action = "status" if proposal.status != old_status else "update"
        summary = (
            f"{old_status.value} → {proposal.status.value}"
            if action == "status"
            else "changed " + ", ".join(changed)
        )
        _audit(s, action, proposal_id, summary)
        return proposal.version


def change_status(
    db: Database,
    proposal_id: int,
    status: str,
    expected_version: int,
    *,
    submitted_on: date | None = None,
    decided_on: date | None = None,
    awarded_amount: Decimal | None = None,
) -> int:
    """Move the proposal to *status*, recording the data given (the rest stays as it is).

    Refused with one sentence (``StatusDataError``) when the status needs a date or an
    amount the proposal still lacks. Returns the new version.
    """
    form, _version = load_form(db, proposal_id)
    form.status = ProposalStatus(status).value
    if submitted_on is not None:
        form.submitted_on = submitted_on
    if decided_on is not None:
        form.decided_on = decided_on
    if awarded_amount is not None:
        form.awarded_amount = awarded_amount
    problems = status_problems(form.status, form.submitted_on, form.decided_on, form.awarded_amount)
    if problems:
        raise StatusDataError(next(iter(problems.values())))
    return update_proposal(db, proposal_id, form, expected_version)


@dataclass(frozen=True)
class ProposalUsage:
    """What goes with a proposal when it is deleted."""

    partners: int
    budget_lines: int
    deadlines: int
    sections: int


def proposal_usage(db: Database, proposal_id: int) -> ProposalUsage:
    """How many partners, budget lines, deadlines and sections the proposal has."""
    counted = (
        (ProposalPartner, ProposalPartner.proposal_id),
        (BudgetLine, BudgetLine.proposal_id),
        (Deadline, Deadline.proposal_id),
        (ProposalSection, ProposalSection.proposal_id),
    )
    with db.reading() as s:
        numbers = [
            int(s.scalar(select(func.count()).select_from(model).where(key == proposal_id)) or 0)
            for model, key in counted
        ]
    return ProposalUsage(*numbers)


def delete_proposal(db: Database, proposal_id: int, expected_version: int) -> ProposalSnapshot:
    """Delete the proposal with everything it holds (budget, sections, deadlines…).

    Refused (``ConflictError``) when it changed since *expected_version*. Returns a
    snapshot from which :func:`restore_proposal` brings it back.
    """
    with db.transaction() as s:
        proposal = _load(s, proposal_id)
        _check_version(proposal, expected_version)
        snapshot = take_snapshot(s, proposal)
        s.execute(delete(Deadline).where(Deadline.proposal_id == proposal_id))
        s.delete(proposal)
        s.flush()
        _audit(s, "delete", proposal_id, f"{len(snapshot.rows.get('budget_lines', ()))} lines")
        return snapshot


def restore_proposal(db: Database, snapshot: ProposalSnapshot) -> int:
    """Bring back a deleted proposal from its snapshot (under a new id, returned)."""
    with db.transaction() as s:
        proposal = restore_snapshot(s, snapshot)
        s.flush()
        _audit(s, "restore", proposal.id, f"restored proposal {snapshot.original_id}")
        return proposal.id


def duplicate_proposal(db: Database, proposal_id: int, new_title: str) -> int:
    """Start next year's edition: a copy of the proposal under *new_title*, returned id.

    Partners, sections, objectives, activities, indicators (without measurements), SWOT
    and budget lines are copied; status goes back to idea, dates and the award are
    cleared, every checklist item is missing again and budget versions stay behind.
    """
    title = " ".join(new_title.split())
    if not title:
        raise ValueError(_("The proposal needs a title."))
    if len(title) > MAX_LENGTHS["title"]:
        raise ValueError(_("Keep this under {limit} characters.").format(limit=500))
    with db.transaction() as s:
        original = _load(s, proposal_id)
        copy = copy_for_next_edition(s, original, title)
        s.flush()
        _audit(s, "duplicate", copy.id, f"copy of proposal {proposal_id}")
        return copy.id


def touch(proposal: Proposal) -> None:
    """Move the proposal's version on (a part of it changed: sections, partners…)."""
    proposal.updated_at = now_utc()


def requirement_names(db: Database, call_id: int) -> list[tuple[int, str, bool]]:
    """The call's required attachments: id, name, mandatory, in the call's order."""
    with db.reading() as s:
        rows = s.execute(
            select(CallRequirement.id, CallRequirement.name, CallRequirement.mandatory)
            .where(CallRequirement.call_id == call_id)
            .order_by(CallRequirement.position, CallRequirement.id)
        ).all()
    return [(i, name, bool(mandatory)) for i, name, mandatory in rows]


def owner_names(db: Database) -> list[str]:
    """Everyone who owns a proposal or a deadline, for the editor's completion."""
    with db.reading() as s:
        names = set(s.scalars(select(Proposal.owner).distinct()))
        names |= set(s.scalars(select(Deadline.owner).distinct()))
    return sorted((n for n in names if n), key=str.casefold)


def next_edition_title(title: str) -> str:
    """The title of next year's edition: every year in it moved on by one ("Punto per Te
    2026" → "Punto per Te 2027"), else the title with "new edition" after it."""
    import re

    years = re.compile(r"\b(19|20)(\d\d)\b")
    if years.search(title):
        return years.sub(lambda m: str(int(m.group(0)) + 1), title)
    return _("{title} – new edition").format(title=title)
