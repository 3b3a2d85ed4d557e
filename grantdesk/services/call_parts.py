"""A call's deadlines and category caps as the call editor edits them.

The editor shows deadlines in Rome wall-clock time (a date and a time of day) and caps as
a budget category with a percentage and/or an amount. These rows travel inside
:class:`grantdesk.services.call_editing.CallForm`; this module checks them and writes them
over the call's ``deadline`` and ``call_rule`` (kind ``category_cap``) rows, keeping the
rows that did not change (their ids, their notes) and the call's other rules untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from grantdesk.db.models import Call, CallRule, Deadline
from grantdesk.domain.dates import format_date, is_working_day, rome_to_utc, utc_to_rome
from grantdesk.domain.vocab import BudgetCategory, DeadlineKind
from grantdesk.i18n import _, current_language

CATEGORY_CAP = "category_cap"
DEFAULT_REMINDERS = (14, 3)
DEFAULT_TIME = time(12, 0)
MAX_REMINDER_DAYS = 365
# Days before the funder's date when the internal review falls (moved back to a working day).
INTERNAL_REVIEW_DAYS = 5


@dataclass(frozen=True)
class DeadlineEntry:
    """One deadline of a call, in Rome time; *id* is None until it is saved."""

    kind: str
    day: date
    at: time = DEFAULT_TIME
    stage: str = ""
    owner: str = ""
    reminder_days: tuple[int, ...] = DEFAULT_REMINDERS
    done: bool = False
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True)
class CapEntry:
    """A cap on a cost category: a share of the total cost, an amount, or both."""

    category: str
    limit_pct: Decimal | None = None
    limit_amount: Decimal | None = None
    note: str = ""


def category_label(code: str) -> str:
    """A category as the user reads it: the label of a known one, else the call's own word."""
    try:
        return BudgetCategory(code).label
    except ValueError:
        return code


def category_code(text: str) -> str:
    """The stored form of a typed category: a known category's code, else the text itself."""
    clean = " ".join(text.split())
    try:
        return BudgetCategory.parse(clean).value
    except ValueError:
        return clean


def parse_reminders(text: str) -> tuple[int, ...]:
    """Reminder days typed as ``14, 3`` (empty: no reminder), largest first, no repeats."""
    days: set[int] = set()
    for part in text.replace(";", ",").split(","):
        raw = part.strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) > MAX_REMINDER_DAYS:
            raise ValueError(raw)
        days.add(int(raw))
    return tuple(sorted(days, reverse=True))


def show_reminders(days: tuple[int, ...]) -> str:
    return ", ".join(str(d) for d in days)


def exists_in_rome(day: date, at: time) -> bool:
    """False for the hour the clocks skip when summer time starts (e.g. 02:30 on that day)."""
    return utc_to_rome(rome_to_utc(day, at)).time().replace(tzinfo=None) == at


def internal_review_day(funder_day: date) -> date:
    """A few days before the funder's date, moved back to a working day (no weekend, no
    national holiday)."""
    day = funder_day - timedelta(days=INTERNAL_REVIEW_DAYS)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def deadline_problems(entries: list[DeadlineEntry]) -> str:
    """The first thing wrong with the deadlines, naming its row; empty when they can be saved."""
    known = {k.value for k in DeadlineKind}
    lang = current_language()
    seen: set[tuple[str, date, time, str]] = set()
    for row, entry in enumerate(entries, start=1):
        if entry.kind not in known:
            return _("Row {row}: choose the kind of deadline.").format(row=row)
        if len(entry.stage.strip()) > 200:
            return _("Row {row}: keep the stage under 200 characters.").format(row=row)
        if len(entry.owner.strip()) > 120:
            return _("Row {row}: keep the owner's name under 120 characters.").format(row=row)
        if not exists_in_rome(entry.day, entry.at):
            return _(
                "Row {row}: {time} does not exist on {day} in Italy (the clocks go forward): "
                "choose another time."
            ).format(row=row, time=entry.at.strftime("%H:%M"), day=format_date(entry.day, lang))
        if any(d < 0 or d > MAX_REMINDER_DAYS for d in entry.reminder_days):
            return _("Row {row}: reminders go from 0 to {n} days before.").format(
                row=row, n=MAX_REMINDER_DAYS
            )
        key = (entry.kind, entry.day, entry.at, entry.stage.strip().casefold())
        if key in seen:
            return _("Row {row}: the same deadline is listed twice.").format(row=row)
        seen.add(key)
    return ""


def cap_problems(entries: list[CapEntry]) -> str:
    """The first thing wrong with the category caps, naming its row; empty when none."""
    seen: set[str] = set()
    for row, entry in enumerate(entries, start=1):
        code = category_code(entry.category)
        if not code:
            return _("Row {row}: name the cost category the cap applies to.").format(row=row)
        if len(code) > 80:
            return _("Row {row}: keep the category under 80 characters.").format(row=row)
        if entry.limit_pct is None and entry.limit_amount is None:
            return _("Row {row}: give a percentage, an amount or both.").format(row=row)
        if entry.limit_pct is not None and not Decimal(0) < entry.limit_pct <= Decimal(100):
            return _("Row {row}: a percentage goes from 0 to 100.").format(row=row)
        if entry.limit_amount is not None and entry.limit_amount <= 0:
            return _("Row {row}: the amount must be above zero.").format(row=row)
        if code.casefold() in seen:
            return _("Row {row}: this category already has a cap.").format(row=row)
        seen.add(code.casefold())
    return ""


# -- between the database and the form ------------------------------------------------


def deadline_entries(call: Call) -> list[DeadlineEntry]:
    """The call's deadlines in date order, as the editor shows them."""
    entries = []
    for d in sorted(call.deadlines, key=lambda d: (d.due_at, d.id or 0)):
        local = utc_to_rome(d.due_at)
        entries.append(
            DeadlineEntry(
                kind=d.kind.value,
                day=local.date(),
                at=local.time().replace(tzinfo=None, second=0, microsecond=0),
                stage=d.stage or "",
                owner=d.owner or "",
                reminder_days=tuple(sorted(set(d.reminder_days or []), reverse=True)),
                done=d.done,
                notes=d.notes or "",
                id=d.id,
            )
        )
    return entries


def cap_entries(call: Call) -> list[CapEntry]:
    """The call's category caps, in the order they were recorded."""
    return [
        CapEntry(
            category=r.scope or "",
            limit_pct=r.limit_pct,
            limit_amount=r.limit_amount,
            note=r.note or "",
        )
        for r in sorted(call.rules, key=lambda r: r.id or 0)
        if r.kind == CATEGORY_CAP
    ]


def _fill_deadline(deadline: Deadline, entry: DeadlineEntry) -> None:
    values = {
        "kind": DeadlineKind(entry.kind),
        "due_at": rome_to_utc(entry.day, entry.at),
        "stage": " ".join(entry.stage.split()) or None,
        "owner": " ".join(entry.owner.split()) or None,
        "reminder_days": sorted(set(entry.reminder_days), reverse=True),
        "done": entry.done,
        "notes": entry.notes.strip() or None,
    }
    for name, value in values.items():
        if getattr(deadline, name) != value:
            setattr(deadline, name, value)


def apply_deadlines(session: Session, call: Call, entries: list[DeadlineEntry]) -> None:
    """Make the call's deadlines those of *entries*: matched by id, new ones added.

    An entry whose id is gone (its deadline was deleted and the deletion undone) is added
    again; deadlines no entry names are deleted.
    """
    existing = {d.id: d for d in call.deadlines}
    kept: list[Deadline] = []
    for entry in entries:
        deadline = existing.pop(entry.id, None) if entry.id is not None else None
        if deadline is None:
            deadline = Deadline(kind=DeadlineKind(entry.kind))
        _fill_deadline(deadline, entry)
        kept.append(deadline)
    if [id(d) for d in call.deadlines] != [id(d) for d in kept]:
        call.deadlines = kept
    for gone in existing.values():
        session.delete(gone)


def apply_caps(session: Session, call: Call, entries: list[CapEntry]) -> None:
    """Make the call's category caps those of *entries*; its other rules stay as they are."""
    caps = {(r.scope or "").casefold(): r for r in call.rules if r.kind == CATEGORY_CAP}
    others = [r for r in call.rules if r.kind != CATEGORY_CAP]
    kept: list[CallRule] = []
    for entry in entries:
        code = category_code(entry.category)
        rule = caps.pop(code.casefold(), None)
        if rule is None:
            rule = CallRule(kind=CATEGORY_CAP, params={})
        values = {
            "scope": code,
            "limit_pct": entry.limit_pct,
            "limit_amount": entry.limit_amount,
            "note": entry.note.strip() or None,
        }
        for name, value in values.items():
            if getattr(rule, name) != value:
                setattr(rule, name, value)
        kept.append(rule)
    wanted = others + kept
    if {id(r) for r in call.rules} != {id(r) for r in wanted}:
        call.rules = wanted
    for gone in caps.values():
        session.delete(gone)
