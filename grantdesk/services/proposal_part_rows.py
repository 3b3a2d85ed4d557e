"""How each part of a proposal is read from its rows, checked and written back.

The entries here are the plain values :mod:`grantdesk.services.proposal_parts` saves and
the editor's tabs show; a ``*_problem`` function says in one sentence (naming the row)
what keeps a value from being saved; an ``apply_*`` function writes a value over the
proposal's rows, matching them by id so unchanged rows keep their ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from grantdesk.db.models import (
    Activity,
    Attachment,
    Indicator,
    Objective,
    Organization,
    Proposal,
    ProposalSection,
)
from grantdesk.domain.dates import now_utc
from grantdesk.domain.vocab import AttachmentState
from grantdesk.i18n import _
from grantdesk.services.details import RecordNotFoundError

MAX_MONTHS = 120
LARGEST_QUANTITY = Decimal("1e12")


class PartError(ValueError):
    """A part of a proposal that cannot be saved as it is; the message is one sentence."""


@dataclass(frozen=True)
class SectionEntry:
    """A free-text section of the application."""

    title: str
    body: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ObjectiveEntry:
    """A specific objective."""

    text: str
    id: int | None = None


@dataclass(frozen=True)
class ActivityEntry:
    """An activity: who is responsible, from which month of the project to which."""

    title: str
    description: str = ""
    responsible_id: int | None = None
    start_month: int = 1
    end_month: int = 1
    id: int | None = None


@dataclass(frozen=True)
class IndicatorEntry:
    """A measurable result: baseline, target and (later) the value reached."""

    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    id: int | None = None


@dataclass(frozen=True)
class Swot:
    """Strengths, weaknesses, opportunities, threats."""

    strengths: str = ""
    weaknesses: str = ""
    opportunities: str = ""
    threats: str = ""


@dataclass(frozen=True)
class ChecklistEntry:
    """An item of the attachment checklist: missing, attached (with its file) or not
    applicable; *requirement_id* links it to the call's required attachment."""

    name: str
    state: str = AttachmentState.MISSING.value
    file_path: str = ""
    requirement_id: int | None = None
    id: int | None = None


# -- reading --------------------------------------------------------------------------


def read_sections(p: Proposal) -> tuple[SectionEntry, ...]:
    return tuple(SectionEntry(s.title, s.body or "", s.id) for s in p.sections)


def read_objectives(p: Proposal) -> tuple[ObjectiveEntry, ...]:
    return tuple(ObjectiveEntry(o.text, o.id) for o in p.objectives)


def read_activities(p: Proposal) -> tuple[ActivityEntry, ...]:
    return tuple(
        ActivityEntry(
            a.title, a.description or "", a.responsible_id, a.start_month, a.end_month, a.id
        )
        for a in p.activities
    )


def read_indicators(p: Proposal) -> tuple[IndicatorEntry, ...]:
    return tuple(
        IndicatorEntry(i.name, i.unit or "", i.baseline, i.target, i.actual, i.id)
        for i in p.indicators
    )


def read_swot(p: Proposal) -> Swot:
    return Swot(p.strengths or "", p.weaknesses or "", p.opportunities or "", p.threats or "")


def read_checklist(p: Proposal) -> tuple[ChecklistEntry, ...]:
    items = sorted(p.attachments, key=lambda a: (a.id is None, a.id or 0))
    return tuple(
        ChecklistEntry(a.name, a.state.value, a.file_path or "", a.requirement_id, a.id)
        for a in items
    )


# -- checking -------------------------------------------------------------------------


def _too_long(text: str, limit: int) -> bool:
    return len(text.strip()) > limit


def section_problem(_p: Proposal | None, entries: tuple[SectionEntry, ...]) -> str:
    """The first thing wrong with the sections, naming its row ("" when none)."""
    for row, entry in enumerate(entries, start=1):
        if not entry.title.strip():
            return _("Section {row} needs a title.").format(row=row)
        if _too_long(entry.title, 300):
            return _("Section {row}: keep the title under 300 characters.").format(row=row)
    return ""


def objective_problem(_p: Proposal | None, entries: tuple[ObjectiveEntry, ...]) -> str:
    for row, entry in enumerate(entries, start=1):
        if not entry.text.strip():
            return _("Objective {row} is empty: write it or remove it.").format(row=row)
    return ""


def activity_problems(
    entries: Sequence[ActivityEntry], duration_months: int | None
) -> dict[int, str]:
    """What is wrong with each activity, by row index (from 0), one sentence each."""
    found: dict[int, str] = {}
    limit = duration_months or MAX_MONTHS
    for index, entry in enumerate(entries):
        row = index + 1
        if not entry.title.strip():
            found[index] = _("Activity {row} needs a title.").format(row=row)
        elif _too_long(entry.title, 300):
            found[index] = _("Activity {row}: keep the title under 300 characters.").format(row=row)
        elif entry.start_month < 1:
            found[index] = _("Activity {row}: months are counted from 1.").format(row=row)
        elif entry.end_month < entry.start_month:
            found[index] = _(
                "Activity {row} ends (month {end}) before it starts (month {start})."
            ).format(row=row, end=entry.end_month, start=entry.start_month)
        elif entry.end_month > limit:
            if duration_months:
                found[index] = _(
                    "Activity {row} ends in month {end}, after the project's {months} months."
                ).format(row=row, end=entry.end_month, months=duration_months)
            else:
                found[index] = _("Activity {row}: a project lasts at most {months} months.").format(
                    row=row, months=MAX_MONTHS
                )
    return found


def activity_problem(p: Proposal | None, entries: tuple[ActivityEntry, ...]) -> str:
    problems = activity_problems(entries, p.duration_months if p is not None else None)
    return problems[min(problems)] if problems else ""


def _quantity_problem(value: Decimal | None) -> bool:
    if value is None:
        return False
    if not value.is_finite() or abs(value) >= LARGEST_QUANTITY:
        return True
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent < -3


def indicator_problem(_p: Proposal | None, entries: tuple[IndicatorEntry, ...]) -> str:
    for row, entry in enumerate(entries, start=1):
        if not entry.name.strip():
            return _("Indicator {row} needs a name.").format(row=row)
        if _too_long(entry.name, 300):
            return _("Indicator {row}: keep the name under 300 characters.").format(row=row)
        if _too_long(entry.unit, 60):
            return _("Indicator {row}: keep the unit under 60 characters.").format(row=row)
        if any(_quantity_problem(v) for v in (entry.baseline, entry.target, entry.actual)):
            return _("Indicator {row}: write numbers with at most three decimals.").format(row=row)
    return ""


def checklist_problem(_p: Proposal | None, entries: tuple[ChecklistEntry, ...]) -> str:
    seen: set[str] = set()
    states = {s.value for s in AttachmentState}
    for row, entry in enumerate(entries, start=1):
        name = " ".join(entry.name.split())
        if not name:
            return _("Item {row} of the checklist needs a name.").format(row=row)
        if len(name) > 300:
            return _("Item {row}: keep the name under 300 characters.").format(row=row)
        if name.casefold() in seen:
            return _("Item {row}: “{name}” is already in the checklist.").format(row=row, name=name)
        seen.add(name.casefold())
        if entry.state not in states:
            return _("Item {row}: choose missing, attached or not applicable.").format(row=row)
        if len(entry.file_path) > 1000:
            return _("Item {row}: the file's path is too long.").format(row=row)
    return ""


def no_problem(_p: Proposal | None, _value: object) -> str:
    return ""


# -- writing --------------------------------------------------------------------------


def _place_rows(rows: list[Any], entries: Sequence[Any], make: Callable[[], Any]) -> list[Any]:
    """The rows *entries* become, in order: matched by id, else new.

    An entry whose id is gone (its row was deleted and brought back by undo under another
    id) takes an unmatched row; rows no entry takes are left out (and deleted as orphans).
    """
    by_id = {row.id: row for row in rows}
    matched = [by_id.pop(e.id, None) if e.id is not None else None for e in entries]
    spare = [row for row in rows if row.id in by_id]
    placed = []
    for entry, row in zip(entries, matched, strict=True):
        if row is None:
            row = spare.pop(0) if entry.id is not None and spare else make()
        placed.append(row)
    return placed


def _set(obj: Any, **changes: Any) -> None:
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)


def _text(value: str) -> str | None:
    return value.strip() or None


def apply_sections(_s: Session, p: Proposal, entries: tuple[SectionEntry, ...]) -> None:
    rows = _place_rows(list(p.sections), entries, lambda: ProposalSection(title="", body=""))
    for position, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        _set(row, title=" ".join(entry.title.split()), body=entry.body, position=position)
    p.sections = rows


def apply_objectives(_s: Session, p: Proposal, entries: tuple[ObjectiveEntry, ...]) -> None:
    rows = _place_rows(list(p.objectives), entries, lambda: Objective(text=""))
    for position, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        _set(row, text=entry.text.strip(), position=position)
    p.objectives = rows


def apply_activities(s: Session, p: Proposal, entries: tuple[ActivityEntry, ...]) -> None:
    for entry in entries:
        if entry.responsible_id is not None and s.get(Organization, entry.responsible_id) is None:
            raise RecordNotFoundError(
                _("The chosen organization no longer exists: choose another one.")
            )
    rows = _place_rows(list(p.activities), entries, lambda: Activity(title=""))
    for position, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        _set(
            row,
            title=" ".join(entry.title.split()),
            description=_text(entry.description),
            responsible_id=entry.responsible_id,
            start_month=entry.start_month,
            end_month=entry.end_month,
            position=position,
        )
    p.activities = rows


def apply_indicators(_s: Session, p: Proposal, entries: tuple[IndicatorEntry, ...]) -> None:
    rows = _place_rows(list(p.indicators), entries, lambda: Indicator(name=""))
    for position, (row, entry) in enumerate(zip(rows, entries, strict=True), start=1):
        _set(
            row,
            name=" ".join(entry.name.split()),
            unit=_text(entry.unit),
            baseline=entry.baseline,
            target=entry.target,
            actual=entry.actual,
            position=position,
        )
    p.indicators = rows


def apply_swot(_s: Session, p: Proposal, swot: Swot) -> None:
    _set(
        p,
        strengths=_text(swot.strengths),
        weaknesses=_text(swot.weaknesses),
        opportunities=_text(swot.opportunities),
        threats=_text(swot.threats),
    )


def file_name(path: str) -> str:
    """The last part of a path written on Windows or elsewhere."""
    return re.split(r"[\\/]", path.strip())[-1]


def apply_checklist(_s: Session, p: Proposal, entries: tuple[ChecklistEntry, ...]) -> None:
    rows = _place_rows(
        sorted(p.attachments, key=lambda a: a.id or 0), entries, lambda: Attachment(name="")
    )
    for row, entry in zip(rows, entries, strict=True):
        state = AttachmentState(entry.state)
        attached = state is AttachmentState.ATTACHED
        path = entry.file_path.strip() if attached else ""
        _set(
            row,
            name=" ".join(entry.name.split()),
            state=state,
            requirement_id=entry.requirement_id,
            file_path=path or None,
            file_name=(file_name(path) or None) if path else None,
        )
        if not attached:
            _set(row, added_at=None)
        elif row.added_at is None:
            row.added_at = now_utc()
    p.attachments = rows


def parse_quantity(text: str) -> Decimal:
    """A number typed the Italian way (``1.234,5``, ``300``) or with a decimal point
    (``12.5``); ValueError when it cannot be read. A lone ``.`` before exactly three
    digits is a thousands separator, as in amounts."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    negative = raw.startswith("-")
    raw = raw.lstrip("+-")
    if "," in raw:
        whole, _sep, frac = raw.rpartition(",")
        if "," in whole or "." in frac:
            raise ValueError(text)
        whole = whole.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})*", whole) else whole
    elif raw.count(".") == 1 and len(raw.split(".")[1]) != 3:
        whole, frac = raw.split(".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        whole, frac = raw.replace(".", ""), ""
    else:
        whole, frac = raw, ""
    if not whole.isdigit() or (frac and not frac.isdigit()):
        raise ValueError(text)
    value = Decimal(f"{whole}.{frac}" if frac else whole)
    return -value if negative else value
