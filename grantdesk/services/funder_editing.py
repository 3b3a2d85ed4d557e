"""Creating, editing, merging and deleting funders from the Funders dialog.

Funders also appear implicitly when a call names a new one
(:func:`grantdesk.services.call_editing.ensure_funder`); here they are managed on their
own. A :class:`FunderForm` holds what the dialog shows; :func:`validate` says in one
sentence per field what is wrong with it. Every write is one transaction, checked against
the version the user saw and written to the audit log. Two names that differ only by case
or spaces are the same funder: creating or renaming onto an existing one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import AuditEntry, Call, Funder
from grantdesk.db.search import refresh as refresh_search_text
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import FunderKind
from grantdesk.i18n import _, ngettext
from grantdesk.services.call_editing import FieldError
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor

MAX_LENGTHS = {"name": 200, "website": 500}


class FunderInUseError(RuntimeError):
    """The funder cannot be deleted: calls refer to it."""


@dataclass
class FunderForm:
    """Every editable field of a funder, as the dialog holds it."""

    name: str = ""
    kind: str = FunderKind.OTHER.value
    website: str = ""
    notes: str = ""


@dataclass(frozen=True)
class FunderRow:
    """One line of the funders list."""

    id: int
    name: str
    kind: str
    website: str
    calls: int
    version: int

    @property
    def kind_label(self) -> str:
        """The kind in the user's language."""
        try:
            return FunderKind(self.kind).label
        except ValueError:
            return self.kind


def clean_name(name: str) -> str:
    """*name* with surrounding spaces dropped and inner runs of spaces made one."""
    return " ".join(name.split())


def same_name(a: str, b: str) -> bool:
    """True when *a* and *b* name the same funder (case and spaces aside)."""
    return clean_name(a).casefold() == clean_name(b).casefold()


def validate(form: FunderForm) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field (empty: it can be saved)."""
    errors: list[FieldError] = []

    def add(name: str, message: str) -> None:
        if all(e.field != name for e in errors):
            errors.append(FieldError(name, message))

    if not clean_name(form.name):
        add("name", _("Give the funder a name, as it signs its calls."))
    website = form.website.strip()
    if website and (
        not website.lower().startswith(("http://", "https://"))
        or any(ch.isspace() for ch in website)
    ):
        add("website", _("The address must start with http:// or https:// (no spaces)."))
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(form, name).strip()) > limit:
            add(name, _("Keep this under {limit} characters.").format(limit=limit))
    if form.kind not in {k.value for k in FunderKind}:
        add("kind", _("Choose one of the listed kinds of funder."))
    return errors


def duplicate_message(name: str) -> str:
    """Why a funder cannot take *name*: another one already has it."""
    return _("There is already a funder called “{name}”: choose another name.").format(
        name=clean_name(name)
    )


def in_use_message(name: str, calls: int) -> str:
    """Why a funder that *calls* calls refer to cannot be deleted, in one sentence."""
    return ngettext(
        "“{name}” cannot be deleted: {n} call refers to it. "
        "Move it to another funder or delete it first.",
        "“{name}” cannot be deleted: {n} calls refer to it. "
        "Move them to another funder or delete them first.",
        calls,
    ).format(name=name, n=calls)


def _not_found() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This record no longer exists: it may have been deleted from another desk.")
    )


def _load(session: Session, funder_id: int) -> Funder:
    funder = session.get(Funder, funder_id)
    if funder is None:
        raise _not_found()
    return funder


def _check_version(funder: Funder, expected_version: int) -> None:
    if funder.version != expected_version:
        raise ConflictError(
            _("Someone else changed this funder meanwhile: it has been reloaded, try again.")
        )


def _refuse_invalid(form: FunderForm) -> None:
    errors = validate(form)
    if errors:
        raise ValueError(errors[0].message)


def _refuse_duplicate(session: Session, name: str, except_id: int | None = None) -> None:
    # Compared in Python: SQLite's lower() leaves accented letters alone ("È" ≠ "è").
    for other_id, other_name in session.execute(select(Funder.id, Funder.name)):
        if other_id != except_id and same_name(other_name, name):
            raise ValueError(duplicate_message(name))


def _to_form(funder: Funder) -> FunderForm:
    return FunderForm(
        name=funder.name,
        kind=funder.kind.value,
        website=funder.website or "",
        notes=funder.notes or "",
    )


def _new_funder(form: FunderForm) -> Funder:
    return Funder(
        name=clean_name(form.name),
        kind=FunderKind(form.kind),
        website=form.website.strip() or None,
        notes=form.notes.strip() or None,
    )


def _call_count(session: Session, funder_id: int) -> int:
    count = session.scalar(
        select(func.count()).select_from(Call).where(Call.funder_id == funder_id)
    )
    return int(count or 0)


def _audit(session: Session, action: str, funder_id: int, summary: str = "") -> None:
    session.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity="funder",
            entity_id=funder_id,
            summary=summary,
        )
    )


def _reindex_calls(session: Session, funder_id: int) -> int:
    """Recompute the search text of the funder's calls (it holds the funder's name)."""
    calls = session.scalars(
        select(Call)
        .where(Call.funder_id == funder_id)
        .options(selectinload(Call.themes), selectinload(Call.funder))
    ).all()
    for call in calls:
        refresh_search_text(call)
    return len(calls)


# -- reading -------------------------------------------------------------------------------


def list_funders(db: Database) -> list[FunderRow]:
    """Every funder with the number of calls it issues, by name (case and accents aside)."""
    counts = (
        select(Call.funder_id, func.count(Call.id).label("n")).group_by(Call.funder_id).subquery()
    )
    query = select(
        Funder.id,
        Funder.name,
        Funder.kind,
        Funder.website,
        func.coalesce(counts.c.n, 0),
        Funder.version,
    ).outerjoin(counts, counts.c.funder_id == Funder.id)
    with db.reading() as s:
        rows = [
            FunderRow(
                id=funder_id,
                name=name,
                kind=kind.value,
                website=website or "",
                calls=int(calls),
                version=version,
            )
            for funder_id, name, kind, website, calls, version in s.execute(query)
        ]
    rows.sort(key=lambda r: (fold(r.name), r.name, r.id))
    return rows


def load_funder(db: Database, funder_id: int) -> tuple[FunderForm, int]:
    """The funder's fields as the dialog shows them, and the version they were read at."""
    with db.reading() as s:
        funder = _load(s, funder_id)
        return _to_form(funder), funder.version


def funder_usage(db: Database, funder_id: int) -> int:
    """How many calls refer to the funder."""
    with db.reading() as s:
        return _call_count(s, funder_id)


# -- writing -------------------------------------------------------------------------------


def create_funder(db: Database, form: FunderForm) -> int:
    """Record a new funder and return its id.

    Refused (``ValueError`` with the sentence to show) when the form is invalid or another
    funder already has the name, case and spaces aside.
    """
    _refuse_invalid(form)
    name = clean_name(form.name)
    try:
        with db.transaction() as s:
            _refuse_duplicate(s, name)
            funder = _new_funder(form)
            s.add(funder)
            s.flush()
            _audit(s, "create", funder.id)
            return funder.id
    except IntegrityError as exc:  # another desk took the name in the meantime
        raise ValueError(duplicate_message(name)) from exc


def update_funder(db: Database, funder_id: int, form: FunderForm, expected_version: int) -> int:
    """Save *form* over the funder, refusing if it changed since *expected_version*.

    A new name is written into its calls' search text too, so searching finds them by it.
    Returns the funder's new version (unchanged when nothing differed).
    """
    _refuse_invalid(form)
    name = clean_name(form.name)
    try:
        with db.transaction() as s:
            funder = _load(s, funder_id)
            _check_version(funder, expected_version)
            before = _to_form(funder)
            wanted = FunderForm(
                name=name,
                kind=form.kind,
                website=form.website.strip(),
                notes=form.notes.strip(),
            )
            changed = [
                n
                for n in FunderForm.__dataclass_fields__
                if getattr(before, n) != getattr(wanted, n)
            ]
            if not changed:
                return funder.version
            if "name" in changed:
                _refuse_duplicate(s, name, except_id=funder_id)
            funder.name = name
            funder.kind = FunderKind(form.kind)
            funder.website = wanted.website or None
            funder.notes = wanted.notes or None
            s.flush()
            summary = "changed " + ", ".join(changed)
            if "name" in changed:
                reindexed = _reindex_calls(s, funder_id)
                summary += f" (was “{before.name}”; {reindexed} calls)"
            _audit(s, "update", funder_id, summary)
            s.flush()
            return funder.version
    except IntegrityError as exc:
        raise ValueError(duplicate_message(name)) from exc


def delete_funder(db: Database, funder_id: int, expected_version: int) -> FunderForm:
    """Delete the funder; return what it held (so undoing can record it again).

    Refused (``FunderInUseError``) while calls refer to it, and (``ConflictError``) when
    it changed since *expected_version*.
    """
    with db.transaction() as s:
        funder = _load(s, funder_id)
        _check_version(funder, expected_version)
        used = _call_count(s, funder_id)
        if used:
            raise FunderInUseError(in_use_message(funder.name, used))
        form = _to_form(funder)
        s.delete(funder)
        s.flush()
        _audit(s, "delete", funder_id, f"“{form.name}”")
        return form


def merge_funders(
    db: Database,
    source_id: int,
    target_id: int,
    source_version: int,
    target_version: int,
) -> list[int]:
    """Move every call of the source funder to the target, then delete the source.

    Meant for duplicates (“Fondazione Cariplo” and “Fond. Cariplo” from two imports).
    Both versions are checked; returns the ids of the calls moved.
    """
    if source_id == target_id:
        raise ValueError(_("Choose another funder to merge into."))
    with db.transaction() as s:
        source = _load(s, source_id)
        target = _load(s, target_id)
        _check_version(source, source_version)
        _check_version(target, target_version)
        calls = s.scalars(
            select(Call)
            .where(Call.funder_id == source_id)
            .options(selectinload(Call.themes))
            .order_by(Call.id)
        ).all()
        for call in calls:
            call.funder = target
        s.flush()
        moved = [c.id for c in calls]
        source_name = source.name
        s.expire(source, ["calls"])
        s.delete(source)
        s.flush()
        _audit(s, "merge", target_id, f"“{source_name}” merged: {len(moved)} calls moved")
        _audit(s, "delete", source_id, f"“{source_name}” merged into funder {target_id}")
        return moved


def unmerge_funder(db: Database, form: FunderForm, target_id: int, call_ids: list[int]) -> int:
    """Undo a merge: record the merged funder again and give it back its calls.

    Only the calls among *call_ids* still with the target move (one edited meanwhile to
    another funder stays where it is). Returns the new funder's id.
    """
    _refuse_invalid(form)
    name = clean_name(form.name)
    try:
        with db.transaction() as s:
            _refuse_duplicate(s, name)
            funder = _new_funder(form)
            s.add(funder)
            s.flush()
            calls = s.scalars(
                select(Call)
                .where(Call.id.in_(call_ids), Call.funder_id == target_id)
                .options(selectinload(Call.themes))
            ).all()
            for call in calls:
                call.funder = funder
            s.flush()
            _audit(s, "create", funder.id, f"merge undone: {len(calls)} calls moved back")
            return funder.id
    except IntegrityError as exc:
        raise ValueError(duplicate_message(name)) from exc
