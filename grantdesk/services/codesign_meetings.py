"""The co-design tables (tavoli): meetings with attendees, minutes, decisions, action items.

A :class:`MeetingForm` carries a whole meeting as the meeting editor holds it — date and
time (Rome), place, agenda, minutes, decisions, the people present and the action items
with owner and due date — so one save (and one undo) covers it all. Action items not done
appear in Home's "what is due" (:func:`grantdesk.services.dashboard.open_actions`).

Attendees are people of the register; the body each represented is the one they belong to
when they are first ticked. :func:`attendee_choices` offers the people of the bodies taking
part in the process (the promoter, the bodies that applied and were not excluded, those
that pledged something), and everyone on request.

:func:`draft_minutes` writes a verbale from a template: heading, who was present, agenda,
discussion (the notes already typed), decisions, action items and signature lines.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import (
    ActionItem,
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    Meeting,
    MeetingAttendee,
    Organization,
    Person,
)
from grantdesk.domain.dates import format_date, now_utc, utc_to_rome
from grantdesk.domain.vocab import ApplicationOutcome
from grantdesk.i18n import _, current_language
from grantdesk.services.call_editing import FieldError
from grantdesk.services.codesign_editing import audit, gone, load_process, stale
from grantdesk.services.database import Database

MAX_PLACE = 300
MAX_OWNER = 120


@dataclass(frozen=True)
class ActionEntry:
    """An action item as the meeting editor holds it; *id* is None until it is saved."""

    description: str
    owner: str = ""
    due_on: date | None = None
    done: bool = False
    id: int | None = None


@dataclass(frozen=True)
class MeetingForm:
    """A whole meeting: when and where, what was said and decided, who came, who does what."""

    held_at: datetime | None = None
    place: str = ""
    agenda: str = ""
    minutes: str = ""
    decisions: str = ""
    attendees: tuple[int, ...] = ()  # person ids, ascending
    actions: tuple[ActionEntry, ...] = ()


@dataclass(frozen=True)
class AttendeeChoice:
    """A person who can be ticked as present, with the body they belong to."""

    person_id: int
    name: str
    role: str
    organization_id: int | None
    organization_name: str
    participating: bool


def validate_meeting(form: MeetingForm) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field."""
    errors: list[FieldError] = []
    if form.held_at is None:
        errors.append(FieldError("held_at", _("Give the day and time of the meeting.")))
    if len(form.place.strip()) > MAX_PLACE:
        errors.append(FieldError("place", _("Keep this under 300 characters.")))
    for row, action in enumerate(form.actions, start=1):
        if not action.description.strip():
            errors.append(
                FieldError("actions", _("Action {row}: say what is to be done.").format(row=row))
            )
            break
        if len(action.owner.strip()) > MAX_OWNER:
            errors.append(
                FieldError(
                    "actions",
                    _("Action {row}: keep the owner under 120 characters.").format(row=row),
                )
            )
            break
    return errors


def _refuse_invalid(form: MeetingForm) -> None:
    errors = validate_meeting(form)
    if errors:
        raise ValueError(errors[0].message)


def _load(s: Session, meeting_id: int) -> Meeting:
    meeting = s.scalars(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.attendees), selectinload(Meeting.action_items))
    ).first()
    if meeting is None:
        raise gone()
    return meeting


def to_form(meeting: Meeting) -> MeetingForm:
    """The meeting as the editor shows it (action items in due-date order)."""
    actions = sorted(
        meeting.action_items, key=lambda a: (a.due_on is None, a.due_on or date.min, a.id or 0)
    )
    return MeetingForm(
        held_at=meeting.held_at,
        place=meeting.place or "",
        agenda=meeting.agenda or "",
        minutes=meeting.minutes or "",
        decisions=meeting.decisions or "",
        attendees=tuple(sorted(a.person_id for a in meeting.attendees)),
        actions=tuple(
            ActionEntry(a.description, a.owner or "", a.due_on, a.done, a.id) for a in actions
        ),
    )


def _apply(s: Session, meeting: Meeting, form: MeetingForm) -> None:
    values: dict[str, object] = {
        "held_at": form.held_at,
        "place": " ".join(form.place.split()) or None,
        "agenda": form.agenda.strip() or None,
        "minutes": form.minutes.strip() or None,
        "decisions": form.decisions.strip() or None,
    }
    for name, value in values.items():
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
    wanted = sorted(set(form.attendees))
    current = {a.person_id: a for a in meeting.attendees}
    if set(current) != set(wanted):
        found = {
            p.id: p.organization_id
            for p in s.scalars(select(Person).where(Person.id.in_(wanted or [-1])))
        }
        meeting.attendees = [
            current.get(pid) or MeetingAttendee(person_id=pid, organization_id=found[pid])
            for pid in wanted
            if pid in found
        ]
    kept = {a.id: a for a in meeting.action_items}
    items = []
    for entry in form.actions:
        item = kept.pop(entry.id, None) if entry.id is not None else None
        if item is None:
            item = ActionItem(description="")
        wanted_values: dict[str, object] = {
            "description": " ".join(entry.description.split()),
            "owner": entry.owner.strip() or None,
            "due_on": entry.due_on,
            "done": entry.done,
        }
        for name, wanted_value in wanted_values.items():
            if getattr(item, name) != wanted_value:
                setattr(item, name, wanted_value)
        items.append(item)
    if [id(i) for i in items] != [id(i) for i in meeting.action_items]:
        meeting.action_items = items


def load_meeting(db: Database, meeting_id: int) -> tuple[MeetingForm, int]:
    """The meeting as the editor shows it, and the version it was read at."""
    with db.reading() as s:
        meeting = _load(s, meeting_id)
        return to_form(meeting), meeting.version


def create_meeting(db: Database, process_id: int, form: MeetingForm) -> int:
    """Record a meeting of the process's co-design table; return its id."""
    _refuse_invalid(form)
    with db.transaction() as s:
        load_process(s, process_id)
        meeting = Meeting(process_id=process_id, attendees=[], action_items=[])
        s.add(meeting)
        with s.no_autoflush:
            _apply(
                s, meeting, replace(form, actions=tuple(replace(a, id=None) for a in form.actions))
            )
        s.flush()
        audit(
            s,
            "create",
            "meeting",
            meeting.id,
            f"{len(meeting.attendees)} attendees, {len(meeting.action_items)} actions",
        )
        return meeting.id


def update_meeting(db: Database, meeting_id: int, form: MeetingForm, expected_version: int) -> int:
    """Save *form* over the meeting, refusing if it changed since *expected_version*."""
    _refuse_invalid(form)
    with db.transaction() as s:
        meeting = _load(s, meeting_id)
        if meeting.version != expected_version:
            raise stale()
        before = to_form(meeting)
        with s.no_autoflush:
            _apply(s, meeting, form)
        s.flush()
        after = to_form(meeting)
        if before == after:
            return meeting.version
        if meeting.version == expected_version:  # only attendees or actions changed
            meeting.updated_at = now_utc()
            s.flush()
        changed = [
            n for n in before.__dataclass_fields__ if getattr(before, n) != getattr(after, n)
        ]
        audit(s, "update", "meeting", meeting_id, "changed " + ", ".join(changed))
        return meeting.version


def delete_meeting(db: Database, meeting_id: int, expected_version: int) -> MeetingForm:
    """Delete the meeting with its attendees and action items; return what it held."""
    with db.transaction() as s:
        meeting = _load(s, meeting_id)
        if meeting.version != expected_version:
            raise stale()
        form = to_form(meeting)
        s.delete(meeting)
        audit(s, "delete", "meeting", meeting_id)
        return replace(form, actions=tuple(replace(a, id=None) for a in form.actions))


# -- who can attend -------------------------------------------------------------------------


def participating_bodies(s: Session, process: CoDesignProcess) -> set[int]:
    """The promoter, the bodies that applied (not excluded) and those that pledged."""
    bodies = {process.promoter_id} if process.promoter_id is not None else set()
    bodies |= set(
        s.scalars(
            select(CoDesignApplication.organization_id).where(
                CoDesignApplication.process_id == process.id,
                CoDesignApplication.outcome != ApplicationOutcome.EXCLUDED,
            )
        )
    )
    bodies |= set(
        s.scalars(select(Commitment.organization_id).where(Commitment.process_id == process.id))
    )
    return bodies


def attendee_choices(
    db: Database, process_id: int, *, everyone: bool = False, keep: tuple[int, ...] = ()
) -> list[AttendeeChoice]:
    """People who can be ticked as present: those of the participating bodies (and the
    people in *keep*, already ticked), or every person of the register when *everyone*;
    by body, then by last name."""
    with db.reading() as s:
        process = load_process(s, process_id)
        bodies = participating_bodies(s, process)
        query = (
            select(Person, Organization.name)
            .outerjoin(Organization, Organization.id == Person.organization_id)
            .order_by(
                func.lower(func.coalesce(Organization.name, "")),
                func.lower(Person.last_name),
                func.lower(Person.first_name),
                Person.id,
            )
        )
        if not everyone:
            query = query.where(
                Person.organization_id.in_(bodies or {-1}) | Person.id.in_(keep or (-1,))
            )
        rows = s.execute(query).all()
    return [
        AttendeeChoice(
            p.id,
            p.full_name,
            p.role or "",
            p.organization_id,
            name or "",
            p.organization_id in bodies,
        )
        for p, name in rows
    ]


# -- the minutes template -------------------------------------------------------------------


def meeting_number(s: Session, process_id: int, held_at: datetime, meeting_id: int | None) -> int:
    """The meeting's number in the process: 1 + the meetings held before it."""
    query = (
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.process_id == process_id, Meeting.held_at < held_at)
    )
    if meeting_id is not None:
        query = query.where(Meeting.id != meeting_id)
    return int(s.scalar(query) or 0) + 1


def draft_minutes(
    db: Database, process_id: int, form: MeetingForm, meeting_id: int | None = None
) -> str:
    """A verbale for *form*, from the template, in the current language.

    The notes already in the minutes become its discussion; empty sections get a
    bracketed prompt to replace.
    """
    lang = current_language()
    with db.reading() as s:
        process = load_process(s, process_id)
        promoter = process.promoter.name if process.promoter else ""
        number = meeting_number(s, process_id, form.held_at, meeting_id) if form.held_at else 1
        rows = s.execute(
            select(Person, Organization.name)
            .outerjoin(Organization, Organization.id == Person.organization_id)
            .where(Person.id.in_(form.attendees or (-1,)))
        ).all()
        present = [
            (p.full_name, p.role or "", org or "")
            for p, org in sorted(
                rows, key=lambda row: ((row[1] or "").casefold(), row[0].last_name.casefold())
            )
        ]
        title, cup, rup = process.title, process.cup, process.rup
    lines = [_("MINUTES OF CO-DESIGN MEETING NO. {n}").format(n=number), title]
    if cup:
        lines.append(_("CUP {cup}").format(cup=cup))
    lines.append("")
    when = utc_to_rome(form.held_at) if form.held_at else None
    lines.append(
        _(
            "On {date} at {time}, at {place}, the co-design table of the process promoted by "
            "{promoter} met."
        ).format(
            date=format_date(when.date(), lang) if when else "___",
            time=f"{when:%H:%M}" if when else "___",
            place=form.place.strip() or "___",
            promoter=promoter or "___",
        )
    )
    lines += ["", _("Present:")]
    if present:
        for name, role, org in present:
            who = ", ".join(p for p in (name, role) if p)
            lines.append(f"- {who} ({org})" if org else f"- {who}")
    else:
        lines.append(_("[Who was present, and which body each represented]"))
    lines += ["", _("Agenda:"), form.agenda.strip() or _("[The items discussed]")]
    lines += [
        "",
        _("Discussion:"),
        form.minutes.strip() or _("[A summary of the discussion, item by item]"),
    ]
    lines += ["", _("Decisions:"), form.decisions.strip() or _("[What the table decided]")]
    lines += ["", _("Action items:")]
    if form.actions:
        for action in form.actions:
            due = format_date(action.due_on, lang) if action.due_on else ""
            who = action.owner.strip()
            detail = ", ".join(
                p for p in (who, _("by {date}").format(date=due) if due else "") if p
            )
            lines.append(f"- {action.description.strip()}" + (f" — {detail}" if detail else ""))
    else:
        lines.append(_("None."))
    lines += ["", _("The meeting closes at ____."), ""]
    lines.append(_("The minute-taker: ______________________"))
    lines.append(
        _("The person responsible (RUP): {name}").format(name=rup or "______________________")
    )
    return "\n".join(lines)
