"""The parts of a proposal its editor's tabs change: sections, objectives, activities,
indicators, SWOT and the attachment checklist (the partnership is in
:mod:`grantdesk.services.proposal_partnership`).

Each part is a plain frozen value — a tuple of entries, or :class:`Swot` — read by
:func:`load_parts` with everything a tab shows. A ``save_*`` function writes a whole new
value over the part in one transaction: rows are matched by id, new entries (id None) are
added, missing ones deleted, and the order given becomes the order kept. Before writing it
checks, when asked, that the proposal is still at *expected_version* or that the part
still holds *expected* (what an undo saw), else ``ConflictError``; a value that cannot be
saved is refused with one sentence naming its row (``PartError``). Every change moves the
proposal's version on and is audited. The returned :class:`Saved` holds the new version
and the part as saved (new rows with their ids), for the next undo to compare with.

Single-step functions (:func:`update_section`, :func:`move_section`,
:func:`set_checklist_item`…) are thin wrappers for callers that change one thing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from grantdesk.db.models import AuditEntry, Call, Organization, Proposal, ProposalPartner
from grantdesk.domain.dates import now_utc
from grantdesk.domain.vocab import LegalForm, ProposalStatus
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor
from grantdesk.services.proposal_part_rows import (
    MAX_MONTHS,
    ActivityEntry,
    ChecklistEntry,
    IndicatorEntry,
    ObjectiveEntry,
    PartError,
    SectionEntry,
    Swot,
    activity_problem,
    activity_problems,
    apply_activities,
    apply_checklist,
    apply_indicators,
    apply_objectives,
    apply_sections,
    apply_swot,
    checklist_problem,
    indicator_problem,
    no_problem,
    objective_problem,
    read_activities,
    read_checklist,
    read_indicators,
    read_objectives,
    read_sections,
    read_swot,
    section_problem,
)

__all__ = [
    "ACTIVITIES",
    "CHECKLIST",
    "INDICATORS",
    "MAX_MONTHS",
    "OBJECTIVES",
    "SECTIONS",
    "SWOT",
    "ActivityEntry",
    "ChecklistEntry",
    "IndicatorEntry",
    "Member",
    "ObjectiveEntry",
    "Part",
    "PartError",
    "ProposalParts",
    "Saved",
    "SectionEntry",
    "Swot",
    "activity_problems",
    "add_call_requirements",
    "add_section",
    "change_part",
    "load_parts",
    "load_proposal",
    "move_section",
    "remove_section",
    "save_activities",
    "save_checklist",
    "save_indicators",
    "save_objectives",
    "save_part",
    "save_sections",
    "save_swot",
    "set_checklist_item",
    "update_section",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a save left: the proposal's new version and the part as now stored."""

    version: int
    value: T


@dataclass(frozen=True)
class Part(Generic[T]):
    """How one part is read from, checked against and written to a proposal."""

    name: str
    read: Callable[[Proposal], T]
    problem: Callable[[Proposal, T], str]
    apply: Callable[[Session, Proposal, T], None]


SECTIONS: Part[tuple[SectionEntry, ...]] = Part(
    "sections", read_sections, section_problem, apply_sections
)
OBJECTIVES: Part[tuple[ObjectiveEntry, ...]] = Part(
    "objectives", read_objectives, objective_problem, apply_objectives
)
ACTIVITIES: Part[tuple[ActivityEntry, ...]] = Part(
    "activities", read_activities, activity_problem, apply_activities
)
INDICATORS: Part[tuple[IndicatorEntry, ...]] = Part(
    "indicators", read_indicators, indicator_problem, apply_indicators
)
SWOT: Part[Swot] = Part("swot", read_swot, no_problem, apply_swot)
CHECKLIST: Part[tuple[ChecklistEntry, ...]] = Part(
    "checklist", read_checklist, checklist_problem, apply_checklist
)


def _gone() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This record no longer exists: it may have been deleted from another desk.")
    )


def _conflict() -> ConflictError:
    return ConflictError(
        _("Someone else changed this proposal meanwhile: it has been reloaded, try again.")
    )


def _options() -> list[Any]:
    return [
        joinedload(Proposal.call).selectinload(Call.requirements),
        joinedload(Proposal.lead),
        selectinload(Proposal.partners).joinedload(ProposalPartner.organization),
        selectinload(Proposal.sections),
        selectinload(Proposal.objectives),
        selectinload(Proposal.activities),
        selectinload(Proposal.indicators),
        selectinload(Proposal.attachments),
    ]


def load_proposal(session: Session, proposal_id: int) -> Proposal:
    """The proposal with every part loaded (RecordNotFoundError when it is gone)."""
    found = session.scalars(
        select(Proposal).where(Proposal.id == proposal_id).options(*_options())
    ).first()
    if found is None:
        raise _gone()
    return found


def change_part(
    db: Database,
    proposal_id: int,
    part: Part[T],
    compute: Callable[[T], T],
    *,
    expected: T | None = None,
    expected_version: int | None = None,
) -> Saved[T]:
    """Write ``compute(current)`` over *part* of the proposal (see the module's notes)."""
    with db.transaction() as s:
        proposal = load_proposal(s, proposal_id)
        if expected_version is not None and proposal.version != expected_version:
            raise _conflict()
        current = part.read(proposal)
        if expected is not None and current != expected:
            raise _conflict()
        new = compute(current)
        problem = part.problem(proposal, new)
        if problem:
            raise PartError(problem)
        if new == current:
            return Saved(proposal.version, current)
        with s.no_autoflush:
            part.apply(s, proposal, new)
        proposal.updated_at = now_utc()  # the proposal's version moves with its parts
        s.flush()
        s.add(
            AuditEntry(
                actor=current_actor(),
                action="update",
                entity="proposal",
                entity_id=proposal_id,
                summary=f"changed {part.name}",
            )
        )
        return Saved(proposal.version, part.read(proposal))


def save_part(
    db: Database,
    proposal_id: int,
    part: Part[T],
    value: T,
    *,
    expected: T | None = None,
    expected_version: int | None = None,
) -> Saved[T]:
    """Write *value* over *part* (see :func:`change_part`)."""
    return change_part(
        db,
        proposal_id,
        part,
        lambda _current: value,
        expected=expected,
        expected_version=expected_version,
    )


def save_sections(
    db: Database, proposal_id: int, sections: Sequence[SectionEntry], **check: Any
) -> Saved[tuple[SectionEntry, ...]]:
    return save_part(db, proposal_id, SECTIONS, tuple(sections), **check)


def save_objectives(
    db: Database, proposal_id: int, objectives: Sequence[ObjectiveEntry], **check: Any
) -> Saved[tuple[ObjectiveEntry, ...]]:
    return save_part(db, proposal_id, OBJECTIVES, tuple(objectives), **check)


def save_activities(
    db: Database, proposal_id: int, activities: Sequence[ActivityEntry], **check: Any
) -> Saved[tuple[ActivityEntry, ...]]:
    return save_part(db, proposal_id, ACTIVITIES, tuple(activities), **check)


def save_indicators(
    db: Database, proposal_id: int, indicators: Sequence[IndicatorEntry], **check: Any
) -> Saved[tuple[IndicatorEntry, ...]]:
    return save_part(db, proposal_id, INDICATORS, tuple(indicators), **check)


def save_swot(db: Database, proposal_id: int, swot: Swot, **check: Any) -> Saved[Swot]:
    return save_part(db, proposal_id, SWOT, swot, **check)


def save_checklist(
    db: Database, proposal_id: int, items: Sequence[ChecklistEntry], **check: Any
) -> Saved[tuple[ChecklistEntry, ...]]:
    return save_part(db, proposal_id, CHECKLIST, tuple(items), **check)


# -- one change at a time -------------------------------------------------------------


def _index_of(entries: Sequence[Any], entry_id: int) -> int:
    for index, entry in enumerate(entries):
        if entry.id == entry_id:
            return index
    raise _gone()


def update_section(
    db: Database,
    proposal_id: int,
    section_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
    expected_version: int | None = None,
) -> Saved[tuple[SectionEntry, ...]]:
    """Change one section's title and/or body."""

    def change(current: tuple[SectionEntry, ...]) -> tuple[SectionEntry, ...]:
        index = _index_of(current, section_id)
        entry = current[index]
        entry = replace(
            entry,
            title=entry.title if title is None else title,
            body=entry.body if body is None else body,
        )
        return (*current[:index], entry, *current[index + 1 :])

    return change_part(db, proposal_id, SECTIONS, change, expected_version=expected_version)


def add_section(
    db: Database, proposal_id: int, title: str, body: str = "", at: int | None = None
) -> Saved[tuple[SectionEntry, ...]]:
    """Add a section at position *at* (from 0; None: at the end)."""

    def change(current: tuple[SectionEntry, ...]) -> tuple[SectionEntry, ...]:
        where = len(current) if at is None else max(0, min(at, len(current)))
        return (*current[:where], SectionEntry(title, body), *current[where:])

    return change_part(db, proposal_id, SECTIONS, change)


def remove_section(
    db: Database, proposal_id: int, section_id: int
) -> Saved[tuple[SectionEntry, ...]]:
    def change(current: tuple[SectionEntry, ...]) -> tuple[SectionEntry, ...]:
        index = _index_of(current, section_id)
        return (*current[:index], *current[index + 1 :])

    return change_part(db, proposal_id, SECTIONS, change)


def move_section(
    db: Database, proposal_id: int, section_id: int, offset: int
) -> Saved[tuple[SectionEntry, ...]]:
    """Move a section *offset* places up (negative) or down, within the list."""

    def change(current: tuple[SectionEntry, ...]) -> tuple[SectionEntry, ...]:
        index = _index_of(current, section_id)
        rest = [*current[:index], *current[index + 1 :]]
        rest.insert(max(0, min(index + offset, len(rest))), current[index])
        return tuple(rest)

    return change_part(db, proposal_id, SECTIONS, change)


def set_checklist_item(
    db: Database,
    proposal_id: int,
    item_id: int,
    state: str,
    file_path: str = "",
    *,
    expected_version: int | None = None,
) -> Saved[tuple[ChecklistEntry, ...]]:
    """Mark one checklist item missing, attached (with *file_path*) or not applicable."""

    def change(current: tuple[ChecklistEntry, ...]) -> tuple[ChecklistEntry, ...]:
        index = _index_of(current, item_id)
        entry = replace(current[index], state=state, file_path=file_path)
        return (*current[:index], entry, *current[index + 1 :])

    return change_part(db, proposal_id, CHECKLIST, change, expected_version=expected_version)


def add_call_requirements(db: Database, proposal_id: int) -> Saved[tuple[ChecklistEntry, ...]]:
    """Add to the checklist the call's required attachments it does not list yet."""
    with db.reading() as s:
        proposal = load_proposal(s, proposal_id)
        requirements = [(r.id, r.name) for r in proposal.call.requirements] if proposal.call else []

    def change(current: tuple[ChecklistEntry, ...]) -> tuple[ChecklistEntry, ...]:
        linked = {e.requirement_id for e in current}
        names = {e.name.casefold() for e in current}
        extra = tuple(
            ChecklistEntry(name, requirement_id=key)
            for key, name in requirements
            if key not in linked and name.casefold() not in names
        )
        return (*current, *extra)

    return change_part(db, proposal_id, CHECKLIST, change)


# -- what the editor shows ------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """The lead or a partner, as the partners tab lists it."""

    organization_id: int
    name: str
    legal_form: LegalForm
    municipality: str
    role: str
    lead: bool


@dataclass(frozen=True)
class ProposalParts:
    """Everything the editor's tabs show of one proposal, read at *version*.

    *names* holds the name of every organization an activity or member refers to;
    *mandatory* the ids of the call's mandatory requirements.
    """

    proposal_id: int
    version: int
    title: str
    status: ProposalStatus
    call_id: int | None
    call_title: str
    start_on: date | None
    duration_months: int | None
    members: tuple[Member, ...]
    sections: tuple[SectionEntry, ...]
    objectives: tuple[ObjectiveEntry, ...]
    activities: tuple[ActivityEntry, ...]
    indicators: tuple[IndicatorEntry, ...]
    swot: Swot
    checklist: tuple[ChecklistEntry, ...]
    mandatory: frozenset[int]
    names: dict[int, str]


def _members(p: Proposal) -> tuple[Member, ...]:
    found = []
    if p.lead is not None:
        lead = p.lead
        found.append(Member(lead.id, lead.name, lead.legal_form, lead.municipality or "", "", True))
    for partner in sorted(p.partners, key=lambda x: x.id or 0):
        org = partner.organization
        found.append(
            Member(
                org.id, org.name, org.legal_form, org.municipality or "", partner.role or "", False
            )
        )
    return tuple(found)


def load_parts(db: Database, proposal_id: int) -> ProposalParts:
    """Every part of the proposal, as the editor shows them."""
    with db.reading() as s:
        p = load_proposal(s, proposal_id)
        members = _members(p)
        names = {m.organization_id: m.name for m in members}
        others = {a.responsible_id for a in p.activities} - set(names) - {None}
        if others:
            rows = s.execute(
                select(Organization.id, Organization.name).where(Organization.id.in_(others))
            ).all()
            names.update({int(i): str(name) for i, name in rows})
        return ProposalParts(
            proposal_id=p.id,
            version=p.version,
            title=p.title,
            status=p.status,
            call_id=p.call_id,
            call_title=p.call.title if p.call is not None else "",
            start_on=p.start_on,
            duration_months=p.duration_months,
            members=members,
            sections=read_sections(p),
            objectives=read_objectives(p),
            activities=read_activities(p),
            indicators=read_indicators(p),
            swot=read_swot(p),
            checklist=read_checklist(p),
            mandatory=frozenset(
                r.id for r in (p.call.requirements if p.call else []) if r.mandatory
            ),
            names=names,
        )
