"""Creating, editing and deleting co-design processes (Art. 55 CTS).

A :class:`ProcessForm` holds the general fields the editor shows — promoting body, title,
CUP, RUP, budget framework, duration, themes, territory, step and step dates — already
parsed; :func:`validate` says in one sentence per field what keeps it from being saved
(the pipeline's rules are in :mod:`grantdesk.domain.codesign`). Every write is one
transaction, checked against the version the user saw and written to the audit log.

Each step date also feeds a :class:`~grantdesk.db.models.Deadline` of the process, so the
Calendar, Home and the reminders show it (:mod:`grantdesk.services.codesign_steps`).

The process's applications, commitments and monitoring are in
:mod:`grantdesk.services.codesign_parts`, its meetings in
:mod:`grantdesk.services.codesign_meetings`; deleting a process keeps a snapshot from which
:func:`restore_process` writes it back whole (:mod:`grantdesk.services.codesign_snapshot`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import AuditEntry, CoDesignProcess, Deadline, Organization
from grantdesk.domain.codesign import (
    StepFacts,
    cup_problem,
    cup_year,
    date_order_problems,
    normalize_cup,
    notice_warning,
    step_gaps,
)
from grantdesk.domain.dates import now_utc, utc_to_rome
from grantdesk.domain.vocab import CoDesignStatus, LegalForm
from grantdesk.i18n import _
from grantdesk.services.call_editing import FieldError, ensure_themes
from grantdesk.services.codesign_snapshot import CodesignSnapshot, restore_snapshot, take_snapshot
from grantdesk.services.codesign_steps import sync_step_deadlines
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor

MAX_LENGTHS = {"title": 500, "rup": 200, "territory": 300}
MAX_DURATION_MONTHS = 240
# The form's names of the step dates (the domain calls the closing date ``…_on``).
_FORM_FIELD = {"applications_due_on": "applications_due_at"}
_DATE_FIELDS = (
    "decided_on",
    "notice_published_on",
    "applications_due_at",
    "approved_on",
    "agreement_signed_on",
    "closed_on",
)
_TEXT_FIELDS = ("rup", "territory", "description")


@dataclass
class ProcessForm:
    """Every general field of a process, as the editor holds it."""

    title: str = ""
    promoter_id: int | None = None
    cup: str = ""
    rup: str = ""
    budget: Decimal | None = None
    duration_months: int | None = None
    territory: str = ""
    description: str = ""
    themes: list[str] = field(default_factory=list)
    status: str = CoDesignStatus.DECISION.value
    decided_on: date | None = None
    notice_published_on: date | None = None
    applications_due_at: datetime | None = None
    approved_on: date | None = None
    agreement_signed_on: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class RecordCounts:
    """How many applications, meetings, commitments and indicators a process holds."""

    applications: int = 0
    admitted: int = 0
    pending: int = 0
    meetings: int = 0
    first_meeting_on: date | None = None
    commitments: int = 0
    indicators: int = 0
    first_measurement_on: date | None = None


@dataclass(frozen=True)
class BodyChoice:
    """An organization of the register, as pickers list it."""

    id: int
    name: str
    legal_form: LegalForm
    municipality: str = ""


def step_facts(form: ProcessForm, counts: RecordCounts | None = None) -> StepFacts:
    """What the pipeline reads of *form* (and of the records counted in *counts*)."""
    counts = counts or RecordCounts()
    due = form.applications_due_at
    return StepFacts(
        decided_on=form.decided_on,
        notice_published_on=form.notice_published_on,
        applications_due_on=utc_to_rome(due).date() if due is not None else None,
        approved_on=form.approved_on,
        agreement_signed_on=form.agreement_signed_on,
        closed_on=form.closed_on,
        applications=counts.applications,
        admitted=counts.admitted,
        pending=counts.pending,
        meetings=counts.meetings,
        first_meeting_on=counts.first_meeting_on,
        commitments=counts.commitments,
        indicators=counts.indicators,
        first_measurement_on=counts.first_measurement_on,
    )


def _status(form: ProcessForm) -> CoDesignStatus | None:
    try:
        return CoDesignStatus(form.status)
    except ValueError:
        return None


def validate(form: ProcessForm) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field (empty: it can be saved)."""
    errors: list[FieldError] = []

    def add(name: str, message: str) -> None:
        if all(e.field != name for e in errors):
            errors.append(FieldError(name, message))

    if not form.title.strip():
        add("title", _("The process needs a title."))
    if form.promoter_id is None:
        add("promoter_id", _("Choose the public body that promotes the process."))
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(form, name).strip()) > limit:
            add(name, _("Keep this under {limit} characters.").format(limit=limit))
    problem = cup_problem(form.cup)
    if problem:
        add("cup", problem)
    if form.budget is not None and form.budget < 0:
        add("budget", _("An amount cannot be negative."))
    if form.duration_months is not None and not 0 < form.duration_months <= MAX_DURATION_MONTHS:
        add(
            "duration_months",
            _("Give the duration in months, from 1 to {n}.").format(n=MAX_DURATION_MONTHS),
        )
    if any(len(t.strip()) > 80 for t in form.themes):
        add("themes", _("A theme is a few words: keep each under 80 characters."))
    status = _status(form)
    if status is None:
        add("status", _("Choose one of the listed steps."))
        return errors
    facts = step_facts(form)
    for name, message in date_order_problems(facts).items():
        add(_FORM_FIELD.get(name, name), message)
    for gap in step_gaps(status, facts):
        if gap.field is not None:
            add(_FORM_FIELD.get(gap.field, gap.field), gap.message)
    return errors


def warnings(form: ProcessForm, counts: RecordCounts | None = None) -> list[str]:
    """What is worth knowing but never keeps the form from being saved."""
    found: list[str] = []
    facts = step_facts(form, counts)
    notice = notice_warning(facts)
    if notice:
        found.append(notice)
    year = cup_year(form.cup)
    if year is not None and form.decided_on is not None and year != form.decided_on.year:
        found.append(
            _("The CUP records a decision taken in {cup}; the decision date says {year}.").format(
                cup=year, year=form.decided_on.year
            )
        )
    status = _status(form)
    if status is not None and counts is not None:
        found.extend(g.message for g in step_gaps(status, facts) if not g.blocking)
    return found


# -- reading and writing ------------------------------------------------------------------


def gone() -> RecordNotFoundError:
    """The error for a record deleted meanwhile (perhaps from another desk)."""
    return RecordNotFoundError(
        _("This record no longer exists: it may have been deleted from another desk.")
    )


def stale() -> ConflictError:
    """The error for a record changed meanwhile."""
    return ConflictError(
        _("Someone else changed this record meanwhile: it has been reloaded, try again.")
    )


def audit(s: Session, action: str, entity: str, entity_id: int | None, summary: str = "") -> None:
    """One line of the audit log (never personal data: ids and counts only)."""
    s.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary,
        )
    )


def load_process(s: Session, process_id: int) -> CoDesignProcess:
    """The process with its themes (RecordNotFoundError when it is gone)."""
    process = s.scalars(
        select(CoDesignProcess)
        .where(CoDesignProcess.id == process_id)
        .options(selectinload(CoDesignProcess.themes))
    ).first()
    if process is None:
        raise gone()
    return process


def _check_version(process: CoDesignProcess, expected_version: int) -> None:
    if process.version != expected_version:
        raise ConflictError(
            _("Someone else changed this process meanwhile: it has been reloaded, try again.")
        )


def to_form(process: CoDesignProcess) -> ProcessForm:
    """The process's general fields as the editor shows them."""
    return ProcessForm(
        title=process.title,
        promoter_id=process.promoter_id,
        cup=process.cup or "",
        rup=process.rup or "",
        budget=process.budget,
        duration_months=process.duration_months,
        territory=process.territory or "",
        description=process.description or "",
        themes=sorted((t.name for t in process.themes), key=str.casefold),
        status=process.status.value,
        decided_on=process.decided_on,
        notice_published_on=process.notice_published_on,
        applications_due_at=process.applications_due_at,
        approved_on=process.approved_on,
        agreement_signed_on=process.agreement_signed_on,
        closed_on=process.closed_on,
    )


def _apply(s: Session, process: CoDesignProcess, form: ProcessForm) -> None:
    promoter = s.get(Organization, form.promoter_id) if form.promoter_id is not None else None
    if form.promoter_id is not None and promoter is None:
        raise ValueError(_("The promoting body no longer exists: choose it again."))
    if process.promoter_id != form.promoter_id or process.promoter is not promoter:
        process.promoter = promoter  # the relationship, so the search text sees the name
    values: dict[str, object] = {
        "title": " ".join(form.title.split()),
        "cup": normalize_cup(form.cup) or None,
        "budget": form.budget,
        "duration_months": form.duration_months,
        "status": CoDesignStatus(form.status),
    }
    for name in _TEXT_FIELDS:
        values[name] = getattr(form, name).strip() or None
    for name in _DATE_FIELDS:
        values[name] = getattr(form, name)
    for name, value in values.items():
        if getattr(process, name) != value:
            setattr(process, name, value)
    themes = ensure_themes(s, form.themes)
    if {t.name.casefold() for t in process.themes} != {t.name.casefold() for t in themes}:
        process.themes = themes


def _refuse_invalid(form: ProcessForm) -> None:
    errors = validate(form)
    if errors:
        raise ValueError(errors[0].message)


def load_form(db: Database, process_id: int) -> tuple[ProcessForm, int]:
    """The process's general fields and the version they were read at."""
    with db.reading() as s:
        process = load_process(s, process_id)
        return to_form(process), process.version


def process_version(db: Database, process_id: int) -> int:
    """The process's current version (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        version = s.scalar(select(CoDesignProcess.version).where(CoDesignProcess.id == process_id))
    if version is None:
        raise gone()
    return int(version)


def create_process(db: Database, form: ProcessForm) -> int:
    """Record a new process (its step dates become deadlines); return its id."""
    _refuse_invalid(form)
    with db.transaction() as s:
        process = CoDesignProcess(title=" ".join(form.title.split()), themes=[])
        s.add(process)
        with s.no_autoflush:
            _apply(s, process, form)
        s.flush()
        sync_step_deadlines(s, process)
        audit(s, "create", "codesign_process", process.id)
        return process.id


def update_process(db: Database, process_id: int, form: ProcessForm, expected_version: int) -> int:
    """Save *form* over the process, refusing if it changed since *expected_version*.

    Returns the process's new version (unchanged when nothing differed).
    """
    _refuse_invalid(form)
    with db.transaction() as s:
        process = load_process(s, process_id)
        _check_version(process, expected_version)
        before = to_form(process)
        with s.no_autoflush:
            _apply(s, process, form)
        s.flush()
        after = to_form(process)
        changed = [
            n for n in before.__dataclass_fields__ if getattr(before, n) != getattr(after, n)
        ]
        if not changed:
            return process.version
        if process.version == expected_version:  # only the themes changed
            process.updated_at = now_utc()
            s.flush()
        sync_step_deadlines(s, process)
        audit(s, "update", "codesign_process", process_id, "changed " + ", ".join(changed))
        return process.version


def delete_process(db: Database, process_id: int, expected_version: int) -> CodesignSnapshot:
    """Delete the process with everything it holds (applications, meetings, commitments,
    indicators, deadlines). Returns the snapshot :func:`restore_process` writes back."""
    with db.transaction() as s:
        process = load_process(s, process_id)
        _check_version(process, expected_version)
        snapshot = take_snapshot(s, process)
        s.execute(delete(Deadline).where(Deadline.codesign_id == process_id))
        s.delete(process)
        s.flush()
        audit(s, "delete", "codesign_process", process_id, f"{len(snapshot.meetings)} meetings")
        return snapshot


def restore_process(db: Database, snapshot: CodesignSnapshot) -> int:
    """Bring back a deleted process from its snapshot (under a new id, returned)."""
    with db.transaction() as s:
        process = restore_snapshot(s, snapshot)
        audit(s, "restore", "codesign_process", process.id, f"was {snapshot.original_id}")
        return process.id


@dataclass(frozen=True)
class ProcessUsage:
    """What goes with a process when it is deleted."""

    applications: int
    meetings: int
    commitments: int
    proposals: int


def process_usage(db: Database, process_id: int) -> ProcessUsage:
    """How many applications, meetings and commitments the process holds, and how many
    proposals came from it (they stay, no longer linked)."""
    from grantdesk.db.models import CoDesignApplication, Commitment, Meeting, Proposal

    def count(s: Session, model: type, column: object) -> int:
        query = select(func.count()).select_from(model).where(column == process_id)  # type: ignore[arg-type]
        return int(s.scalar(query) or 0)

    with db.reading() as s:
        return ProcessUsage(
            applications=count(s, CoDesignApplication, CoDesignApplication.process_id),
            meetings=count(s, Meeting, Meeting.process_id),
            commitments=count(s, Commitment, Commitment.process_id),
            proposals=count(s, Proposal, Proposal.codesign_id),
        )


def body_choices(db: Database) -> list[BodyChoice]:
    """Every organization of the register by name (for the editor's pickers)."""
    with db.reading() as s:
        rows = s.execute(
            select(
                Organization.id,
                Organization.name,
                Organization.legal_form,
                Organization.municipality,
            ).order_by(func.lower(Organization.name), Organization.id)
        ).all()
    return [BodyChoice(i, n, f, m or "") for i, n, f, m in rows]
