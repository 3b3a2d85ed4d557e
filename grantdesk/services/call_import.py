"""Writing imported calls: one transaction, matched by (source, external_id), audited.

- A call already imported from the same source with the same external id is updated, never
  duplicated; only the fields that differ are written, so a second import of the same file
  reports everything "unchanged" and leaves every ``version`` as it was.
- Funders are found by name (ignoring case) or created with the record's kind; an existing
  funder's kind is left as the desk set it.
- The triage status is the user's: a new call starts ``closed`` when the source says so and
  ``new`` otherwise; on update a call still ``new`` or ``watching`` moves to ``closed`` when
  the source closes it, and any other status is kept.
- Only pre-application and application deadlines come from imports: the ones no longer in
  the file are removed, missing ones added, and the others (reports, payment claims,
  internal reviews, or an imported deadline whose owner or reminders were edited) are kept.
- One ``AuditEntry(action="import")`` is written when something was created or updated.
- A dry run does all of it, reports the same numbers and rolls back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import AuditEntry, Call, Deadline, Funder, Theme
from grantdesk.domain.vocab import CallStatus, DeadlineKind
from grantdesk.imports.calls.model import CallRecord
from grantdesk.services.database import Database
from grantdesk.services.editing import current_actor

IMPORTED_KINDS = frozenset({DeadlineKind.PRE_APPLICATION, DeadlineKind.APPLICATION})
_FIELDS = (
    "title",
    "code",
    "description",
    "territory",
    "url",
    "min_grant",
    "max_grant",
    "min_total_cost",
    "max_total_cost",
)


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    deadlines_created: int = 0
    deadlines_removed: int = 0
    funders_created: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def import_calls(
    db: Database,
    records: Sequence[CallRecord],
    *,
    source: str,
    dry_run: bool = False,
    skipped: int = 0,
) -> ImportReport:
    """Create or update *records* in one transaction; *source* names the file in the audit."""
    if dry_run:
        with db.reading() as session:
            try:
                counts = _apply(session, records, source, skipped)
                session.flush()
            finally:
                session.rollback()
    else:
        with db.transaction() as session:
            counts = _apply(session, records, source, skipped)
    return ImportReport(**counts, skipped=skipped, dry_run=dry_run)


def _apply(
    session: Session, records: Sequence[CallRecord], source: str, skipped: int
) -> dict[str, int]:
    counts = dict.fromkeys(
        ("created", "updated", "unchanged", "deadlines_created", "deadlines_removed"), 0
    )
    counts["funders_created"] = 0
    funders = {f.name.casefold(): f for f in session.scalars(select(Funder))}
    themes = {t.name.casefold(): t for t in session.scalars(select(Theme))}
    existing: dict[tuple[str | None, str | None], Call] = {}
    for src in {r.source for r in records}:
        ids = [r.external_id for r in records if r.source == src]
        for start in range(0, len(ids), 500):
            query = (
                select(Call)
                .where(Call.source == src, Call.external_id.in_(ids[start : start + 500]))
                .options(
                    selectinload(Call.deadlines),
                    selectinload(Call.themes),
                    selectinload(Call.funder),
                )
            )
            for call in session.scalars(query):
                existing[(call.source, call.external_id)] = call
    for record in records:
        funder = funders.get(record.funder.casefold())
        if funder is None:
            funder = Funder(name=record.funder, kind=record.funder_kind)
            session.add(funder)
            funders[record.funder.casefold()] = funder
            counts["funders_created"] += 1
        wanted_themes = [_theme(session, themes, name) for name in record.themes]
        found = existing.get((record.source, record.external_id))
        if found is None:
            call = Call(
                source=record.source,
                external_id=record.external_id,
                funder=funder,
                status=CallStatus.CLOSED if record.closed else CallStatus.NEW,
                eligible_forms=[f.value for f in record.eligible_forms],
                themes=wanted_themes,
                **{name: getattr(record, name) for name in _FIELDS},
            )
            session.add(call)
            for d in record.deadlines:
                call.deadlines.append(Deadline(kind=d.kind, stage=d.stage, due_at=d.due_at))
            counts["created"] += 1
            counts["deadlines_created"] += len(record.deadlines)
            continue
        call = found
        changed = _update(call, record, funder, wanted_themes)
        added, removed = _sync_deadlines(session, call, record)
        counts["deadlines_created"] += added
        counts["deadlines_removed"] += removed
        counts["updated" if changed or added or removed else "unchanged"] += 1
    if counts["created"] or counts["updated"]:
        session.flush()
        session.add(
            AuditEntry(
                actor=current_actor(),
                action="import",
                entity="call",
                entity_id=None,
                summary=(
                    f"{source}: {counts['created']} created, {counts['updated']} updated, "
                    f"{counts['unchanged']} unchanged, {skipped} skipped"
                ),
            )
        )
    return counts


def _theme(session: Session, themes: dict[str, Theme], name: str) -> Theme:
    theme = themes.get(name.casefold())
    if theme is None:
        theme = Theme(name=name)
        session.add(theme)
        themes[name.casefold()] = theme
    return theme


def _update(call: Call, record: CallRecord, funder: Funder, themes: list[Theme]) -> bool:
    changed = False
    for name in _FIELDS:
        value = getattr(record, name)
        if getattr(call, name) != value:
            setattr(call, name, value)
            changed = True
    forms = [f.value for f in record.eligible_forms]
    if list(call.eligible_forms or []) != forms:
        call.eligible_forms = forms
        changed = True
    if call.funder is not funder:
        call.funder = funder
        changed = True
    if {t.name.casefold() for t in call.themes} != {t.name.casefold() for t in themes}:
        call.themes = themes
        changed = True
    if record.closed and call.status in (CallStatus.NEW, CallStatus.WATCHING):
        call.status = CallStatus.CLOSED
        changed = True
    return changed


def _key(due_at: datetime, kind: DeadlineKind, stage: str | None) -> tuple[datetime, str, str]:
    moment = due_at if due_at.tzinfo else due_at.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0), kind.value, stage or ""


def _sync_deadlines(session: Session, call: Call, record: CallRecord) -> tuple[int, int]:
    wanted = {_key(d.due_at, d.kind, d.stage): d for d in record.deadlines}
    have: dict[tuple[datetime, str, str], Deadline] = {}
    removed = 0
    for deadline in list(call.deadlines):
        if deadline.kind not in IMPORTED_KINDS:
            continue
        key = _key(deadline.due_at, deadline.kind, deadline.stage)
        if key in wanted and key not in have:
            have[key] = deadline
        elif deadline.owner is None and not deadline.notes and not deadline.done:
            call.deadlines.remove(deadline)
            session.delete(deadline)
            removed += 1
    added = 0
    for key, d in wanted.items():
        if key not in have:
            call.deadlines.append(Deadline(kind=d.kind, stage=d.stage, due_at=d.due_at))
            added += 1
    return added, removed
