"""Writing imported organizations: one transaction, all or nothing, matched, audited.

How a row finds the organization it updates (never a duplicate):

1. by codice fiscale, when the row has one and an organization holds it;
2. otherwise by name and municipality, both folded (no case, accents or punctuation:
   ``ASSOCIAZIONE AUSER - VIGEVANO`` in ``VIGEVANO`` is ``Associazione Auser Vigevano`` in
   ``Vigevano``). A row *with* a codice fiscale matches this way only an organization that
   has none yet, and gives it the code; a row without one matches any organization;
3. otherwise the row creates an organization.

Two organizations with the same name in the same municipality make a row without a
codice fiscale ambiguous, and two rows of a file reaching the same organization are a
mistake: both are problems of the file, and nothing is imported.

Updating writes only what the file says: a column the file lacks, or an empty cell, leaves
the organization's value as the desk typed it (an import never erases). A name, municipality,
address or neighbourhood that differs only in capitals, accents or punctuation keeps the
desk's spelling (a register's ``ASSOCIAZIONE AUSER - VIGEVANO`` does not overwrite
``Associazione Auser Vigevano``). Themes in the file are added to the organization's
themes, never removed. A row that changes nothing counts as
unchanged and keeps its ``version``, so importing the same file twice changes nothing. A new
organization without a legal form in the file is "Other".

One ``AuditEntry(action="import", entity="organization")`` records the file and the counts
when something was created or updated. A dry run does all of it, reports the same numbers
and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import AuditEntry, Organization, Theme
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import _
from grantdesk.imports.errors import Problems
from grantdesk.imports.organizations import OrganizationRecord, match_key
from grantdesk.imports.tabular import fold
from grantdesk.services.database import Database
from grantdesk.services.editing import current_actor

ProgressCallback = Callable[[int, int], None]
CHUNK = 500
PROGRESS_EVERY = 200

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# Text fields whose spelling a re-import does not rewrite when only capitals, accents or
# punctuation differ ("ASSOCIAZIONE AUSER - VIGEVANO" in a register's export).
SPELLING_KEPT = frozenset({"name", "municipality", "address", "neighbourhood"})


@dataclass(frozen=True)
class OrganizationImportReport:
    """What an import did (or, in a dry run, would do); *outcomes* has one word per record
    (``created``, ``updated`` or ``unchanged``), in the order of the records."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    themes_created: int = 0
    dry_run: bool = False
    outcomes: tuple[str, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The counts, for ``--json``."""
        data = asdict(self)
        del data["outcomes"]
        return data


def import_organizations(
    db: Database,
    records: Sequence[OrganizationRecord],
    *,
    source: str,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> OrganizationImportReport:
    """Create or update *records* in one transaction; *source* names the file in the audit.

    Raises ``ImportRejected`` (nothing written) when rows are ambiguous or collide. An
    exception raised by *progress* (a cancelled task) also rolls everything back.
    """
    if dry_run:
        with db.reading() as session:
            try:
                report = _apply(session, records, source, progress)
                session.flush()
            finally:
                session.rollback()
        return replace(report, dry_run=True)
    with db.transaction() as session:
        return _apply(session, records, source, progress)


def _apply(
    session: Session,
    records: Sequence[OrganizationRecord],
    source: str,
    progress: ProgressCallback | None,
) -> OrganizationImportReport:
    total = len(records)
    if progress is not None:
        progress(0, total)
    targets = _match(session, records)
    themes = {t.name.casefold(): t for t in session.scalars(select(Theme))}
    themes_before = len(themes)
    outcomes: list[str] = []
    for done, (record, org) in enumerate(zip(records, targets, strict=True), start=1):
        wanted = [_theme(session, themes, name) for name in record.themes]
        if org is None:
            values = record.values()
            values.setdefault("legal_form", LegalForm.OTHER)
            session.add(Organization(**values, themes=wanted))
            outcomes.append(CREATED)
        else:
            outcomes.append(UPDATED if _update(org, record, wanted) else UNCHANGED)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    report = OrganizationImportReport(
        created=outcomes.count(CREATED),
        updated=outcomes.count(UPDATED),
        unchanged=outcomes.count(UNCHANGED),
        themes_created=len(themes) - themes_before,
        outcomes=tuple(outcomes),
    )
    if report.created or report.updated:
        session.flush()
        session.add(
            AuditEntry(
                actor=current_actor(),
                action="import",
                entity="organization",
                entity_id=None,
                summary=(
                    f"{source}: {report.created} created, {report.updated} updated, "
                    f"{report.unchanged} unchanged"
                ),
            )
        )
    return report


def _match(session: Session, records: Sequence[OrganizationRecord]) -> list[Organization | None]:
    """The organization each record updates (None: a new one), or ``ImportRejected``."""
    codes = [r.codice_fiscale for r in records if r.codice_fiscale]
    by_code: dict[str, int] = {}
    for start in range(0, len(codes), CHUNK):
        pairs = session.execute(
            select(Organization.codice_fiscale, Organization.id).where(
                Organization.codice_fiscale.in_(codes[start : start + CHUNK])
            )
        )
        by_code.update({code: org_id for code, org_id in pairs if code is not None})
    by_name: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    if any(r.codice_fiscale not in by_code for r in records):
        everyone = session.execute(
            select(
                Organization.id,
                Organization.name,
                Organization.municipality,
                Organization.codice_fiscale,
            )
        )
        for known, name, municipality, code in everyone:
            by_name.setdefault(match_key(name, municipality), []).append((known, code is None))
    problems = Problems()
    wanted: list[int | None] = []
    claimed: dict[int, int] = {}
    for record in records:
        org_id = _find(record, by_code, by_name, problems)
        if org_id is not None and org_id in claimed:
            problems.add(
                record.row,
                None,
                _("this is the same organization as row {row}").format(row=claimed[org_id]),
            )
        elif org_id is not None:
            claimed[org_id] = record.row
        wanted.append(org_id)
    problems.raise_if_any()
    loaded: dict[int, Organization] = {}
    ids = list(claimed)
    for start in range(0, len(ids), CHUNK):
        orgs = session.scalars(
            select(Organization)
            .where(Organization.id.in_(ids[start : start + CHUNK]))
            .options(selectinload(Organization.themes))
        )
        loaded.update({org.id: org for org in orgs})
    return [None if org_id is None else loaded[org_id] for org_id in wanted]


def _find(
    record: OrganizationRecord,
    by_code: dict[str, int],
    by_name: dict[tuple[str, str], list[tuple[int, bool]]],
    problems: Problems,
) -> int | None:
    if record.codice_fiscale and record.codice_fiscale in by_code:
        return by_code[record.codice_fiscale]
    candidates = by_name.get(record.match_key, [])
    if record.codice_fiscale:
        candidates = [c for c in candidates if c[1]]  # only those without a code yet
    if len(candidates) > 1:
        if record.municipality:
            message = _(
                "{count} organizations are called “{name}” in {municipality}: add the codice "
                "fiscale to say which one"
            )
        else:
            message = _(
                "{count} organizations without a municipality are called “{name}”: add the "
                "codice fiscale to say which one"
            )
        problems.add(
            record.row,
            None,
            message.format(
                count=len(candidates), name=record.name, municipality=record.municipality
            ),
        )
        return None
    return candidates[0][0] if candidates else None


def _theme(session: Session, themes: dict[str, Theme], name: str) -> Theme:
    theme = themes.get(name.casefold())
    if theme is None:
        theme = Theme(name=name)
        session.add(theme)
        themes[name.casefold()] = theme
    return theme


def _update(org: Organization, record: OrganizationRecord, themes: list[Theme]) -> bool:
    changed = False
    for name, value in record.values().items():
        old = getattr(org, name)
        if old == value:
            continue
        if name in SPELLING_KEPT and isinstance(old, str) and fold(old) == fold(value):
            continue  # only capitals, accents or punctuation differ: the desk's spelling stays
        setattr(org, name, value)
        changed = True
    have = {t.name.casefold() for t in org.themes}
    for theme in themes:
        if theme.name.casefold() not in have:
            org.themes.append(theme)
            have.add(theme.name.casefold())
            changed = True
    return changed
