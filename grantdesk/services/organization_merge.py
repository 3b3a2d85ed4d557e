"""Merging two records of the same body: every link moves to the one kept, nothing is lost.

Every foreign key that points at ``organization.id`` is found in the schema itself, so a
table added later is moved too. Two links that cannot both exist after the merge are
combined: a proposal where both were partners keeps one partnership (roles joined), a
co-design process where both applied keeps one application (the better outcome), and a
partnership of the body that becomes the proposal's lead is dropped (a lead is not its
own partner). The kept record's empty fields are filled from the other one, its themes
are the union of both. All of it is one transaction, audited.

:func:`merge_organizations` returns a :class:`MergeResult` that records what moved,
what was combined and what the kept record was before, so :func:`undo_merge` can put
both records back as they were (the dropped one under a new id).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from grantdesk.db.models import CoDesignApplication, Organization, ProposalPartner
from grantdesk.db.models.organizations import organization_theme
from grantdesk.domain.dates import now_utc
from grantdesk.domain.vocab import ApplicationOutcome
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.editing import ConflictError
from grantdesk.services.organization_editing import (
    OrganizationForm,
    _audit,
    _insert,
    _load,
    apply_fields,
    to_form,
)
from grantdesk.services.organization_merge_preview import (
    _filled_values,
    _gone,
    _mapper_of,
    _pairs,
    organization_links,
)

# -- merging and undoing ----------------------------------------------------------------


@dataclass(frozen=True)
class RemovedRow:
    """A link deleted because the kept record already had it: its values, to re-create."""

    table: str
    values: dict[str, Any]
    belonged_to_kept: bool  # else to the dropped record


@dataclass(frozen=True)
class ChangedRow:
    """A link of the kept record whose fields took in the dropped one's: the old values."""

    table: str
    key: tuple[Any, ...]
    before: dict[str, Any]


@dataclass(frozen=True)
class MergeResult:
    """Everything a merge did, so that it can be undone."""

    keep_id: int
    keep_version: int  # after the merge
    keep_before: OrganizationForm
    drop_id: int
    drop_form: OrganizationForm  # documents left out: they moved and move back
    moved: dict[tuple[str, str], tuple[tuple[Any, ...], ...]] = field(default_factory=dict)
    removed: tuple[RemovedRow, ...] = ()
    changed: tuple[ChangedRow, ...] = ()

    @property
    def moved_count(self) -> int:
        return sum(len(keys) for keys in self.moved.values())


_SKIPPED_COLUMNS = {"id", "version"}


def _values(obj: Any) -> dict[str, Any]:
    mapper = _mapper_of(obj.__table__)
    return {
        attr.key: getattr(obj, attr.key)
        for attr in mapper.column_attrs
        if attr.key not in _SKIPPED_COLUMNS
    }


def _joined(a: str | None, b: str | None) -> str | None:
    parts = [p for p in (a, b) if p and p.strip()]
    if len(parts) == 2 and parts[0].strip().casefold() == parts[1].strip().casefold():
        parts = parts[:1]
    return "; ".join(p.strip() for p in parts) or None


_OUTCOME_RANK = {
    ApplicationOutcome.ADMITTED: 0,
    ApplicationOutcome.PENDING: 1,
    ApplicationOutcome.EXCLUDED: 2,
}


def _combine(s: Session, keep_id: int, drop_id: int) -> tuple[list[RemovedRow], list[ChangedRow]]:
    """Combine the links both records hold (see the module's docstring)."""
    both_partners, redundant, both_applied = _pairs(s, keep_id, drop_id)
    removed: list[RemovedRow] = []
    changed: list[ChangedRow] = []
    for kept, dropped in both_partners:
        changed.append(ChangedRow("proposal_partner", (kept.id,), {"role": kept.role}))
        kept.role = _joined(kept.role, dropped.role)
        removed.append(RemovedRow("proposal_partner", _values(dropped), False))
        s.delete(dropped)
    for row in redundant:
        if row in s.deleted:
            continue
        removed.append(RemovedRow("proposal_partner", _values(row), row.organization_id == keep_id))
        s.delete(row)
    for kept_app, dropped_app in both_applied:
        before = {
            "outcome": kept_app.outcome,
            "received_on": kept_app.received_on,
            "exclusion_reason": kept_app.exclusion_reason,
        }
        changed.append(ChangedRow("codesign_application", (kept_app.id,), before))
        best = min(kept_app.outcome, dropped_app.outcome, key=_OUTCOME_RANK.__getitem__)
        kept_app.outcome = best
        days = [d for d in (kept_app.received_on, dropped_app.received_on) if d is not None]
        kept_app.received_on = min(days) if days else None
        if best is ApplicationOutcome.EXCLUDED:
            kept_app.exclusion_reason = _joined(
                kept_app.exclusion_reason, dropped_app.exclusion_reason
            )
        removed.append(RemovedRow("codesign_application", _values(dropped_app), False))
        s.delete(dropped_app)
    s.flush()
    return removed, changed


def _move(
    s: Session, old_id: int, new_id: int, only: dict[tuple[str, str], Any] | None = None
) -> dict[tuple[str, str], tuple[tuple[Any, ...], ...]]:
    """Point every link of *old_id* at *new_id* (only the rows named in *only*, if given);
    return the keys of the rows moved, by (table, column)."""
    moved: dict[tuple[str, str], tuple[tuple[Any, ...], ...]] = {}
    for table, column in organization_links():
        if table is organization_theme:
            continue
        link = (table.name, column)
        if only is not None and link not in only:
            continue
        mapper = _mapper_of(table)
        attr = mapper.get_property_by_column(table.c[column]).key
        keys = []
        query = select(mapper).where(table.c[column] == old_id)
        for obj in s.scalars(query):
            key = mapper.primary_key_from_instance(obj)
            if only is not None and tuple(key) not in only[link]:
                continue
            setattr(obj, attr, new_id)
            keys.append(tuple(key))
        if keys:
            moved[link] = tuple(keys)
    s.flush()
    return moved


def merge_organizations(
    db: Database, keep_id: int, drop_id: int, keep_version: int, drop_version: int
) -> MergeResult:
    """Merge *drop_id* into *keep_id*: every link moves, the dropped record is deleted.

    Refused (``ConflictError``) when either changed since the versions the user saw.
    """
    if keep_id == drop_id:
        raise ValueError(_("Choose two different organizations to merge."))
    with db.transaction() as s:
        keep, drop = _load(s, keep_id), _load(s, drop_id)
        if keep.version != keep_version or drop.version != drop_version:
            raise ConflictError(
                _(
                    "Someone else changed one of these organizations meanwhile: "
                    "look at them again before merging."
                )
            )
        keep_before, drop_form = to_form(keep), to_form(drop)
        drop_name, drop_code = drop.name, drop.codice_fiscale
        removed, changed = _combine(s, keep_id, drop_id)
        moved = _move(s, drop_id, keep_id)
        themes = list(keep.themes) + [t for t in drop.themes if t not in keep.themes]
        s.expire_all()  # the dropped record's collections no longer hold what moved
        s.delete(s.get(Organization, drop_id))
        s.flush()
        keep = _load(s, keep_id)
        merged = replace(keep_before, documents=[])
        for name, value in _filled_values(keep_before, drop_form).items():
            setattr(merged, name, value)
        apply_fields(s, keep, merged)
        if {t.id for t in keep.themes} != {t.id for t in themes}:
            keep.themes = themes
        s.flush()
        if keep.version == keep_version:
            # Only themes changed, or nothing: the kept record still moves on a version,
            # so a form read before the merge cannot be saved over it.
            keep.updated_at = now_utc()
            s.flush()
        _audit(
            s,
            "merge",
            keep_id,
            f"merged organization {drop_id} “{drop_name}” (tax code {drop_code or '—'}): "
            f"{sum(len(k) for k in moved.values())} links moved, {len(removed)} combined",
        )
        return MergeResult(
            keep_id,
            keep.version,
            keep_before,
            drop_id,
            replace(drop_form, documents=[]),
            moved,
            tuple(removed),
            tuple(changed),
        )


@dataclass(frozen=True)
class UndoneMerge:
    """The two records after an undo: the dropped one's new id and both versions."""

    drop_id: int
    keep_version: int
    drop_version: int


def undo_merge(db: Database, result: MergeResult) -> UndoneMerge:
    """Put both records back as they were before *result*'s merge.

    The dropped record comes back under a new id with its fields and themes; the links
    that moved move back, combined ones are split again. Refused (``ConflictError``)
    when the kept record changed since the merge.
    """
    with db.transaction() as s:
        keep = s.get(Organization, result.keep_id)
        if keep is None:
            raise _gone()
        if keep.version != result.keep_version:
            raise ConflictError(
                _("“{name}” changed after the merge: the merge can no longer be undone.").format(
                    name=keep.name
                )
            )
        keep = _load(s, result.keep_id)
        apply_fields(s, keep, result.keep_before)
        s.flush()
        drop = _insert(s, result.drop_form)
        new_id = drop.id
        _move(s, result.keep_id, new_id, result.moved)
        models = {"proposal_partner": ProposalPartner, "codesign_application": CoDesignApplication}
        for row in result.changed:
            obj = s.get(models[row.table], row.key)
            if obj is not None:
                for name, value in row.before.items():
                    setattr(obj, name, value)
        for gone in result.removed:
            values = dict(gone.values)
            values["organization_id"] = result.keep_id if gone.belonged_to_kept else new_id
            s.add(models[gone.table](**values))
        s.flush()
        _audit(s, "unmerge", result.keep_id, f"organization {result.drop_id} back as {new_id}")
        s.flush()
        return UndoneMerge(new_id, keep.version, drop.version)
