"""The text library: reusable blocks of proposal text (presentations of a body,
methodology, standard clauses) with tags, found by words and tags, inserted into sections.

Tags are single words kept lower case and space separated (``presentazione ente``); typed
tags may be separated by commas or spaces. Search ignores accents and case ("metodologia
universita" finds "Metodologia … università") and wants every word somewhere in the
title, body, tags or the owning body's name, and every chosen tag. A library holds tens
to a few thousand blocks, so they are folded and matched in Python after one read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from grantdesk.db.models import AuditEntry, Organization, TextBlock
from grantdesk.domain.text import fold, search_terms
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor
from grantdesk.services.proposal_parts import SECTIONS, Saved, SectionEntry, change_part

MAX_TITLE = 300
MAX_TAGS = 300
LANGUAGES = ("it", "en", "de", "fr", "es")
_TAG_SPLIT = re.compile(r"[\s,;]+")


@dataclass
class TextBlockForm:
    """A block as the library dialog edits it."""

    title: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = "it"
    organization_id: int | None = None


@dataclass(frozen=True)
class TextBlockInfo:
    """A block as the library lists and previews it."""

    id: int
    version: int
    title: str
    body: str
    tags: tuple[str, ...]
    language: str
    organization_id: int | None
    organization_name: str


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def split_tags(text: str | Sequence[str]) -> list[str]:
    """Tags typed in one line (commas or spaces), lower case, each once, in order."""
    raw = text if isinstance(text, str) else " ".join(text)
    seen: dict[str, None] = {}
    for tag in _TAG_SPLIT.split(raw.strip().lower()):
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def validate(form: TextBlockForm) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field."""
    errors = []
    if not form.title.strip():
        errors.append(FieldError("title", _("The block needs a title.")))
    elif len(form.title.strip()) > MAX_TITLE:
        errors.append(
            FieldError("title", _("Keep this under {limit} characters.").format(limit=MAX_TITLE))
        )
    if not form.body.strip():
        errors.append(FieldError("body", _("The block has no text yet.")))
    if len(" ".join(split_tags(form.tags))) > MAX_TAGS:
        errors.append(FieldError("tags", _("Too many tags: keep a few words.")))
    if form.language not in LANGUAGES:
        errors.append(FieldError("language", _("Choose one of the listed languages.")))
    return errors


def _refuse_invalid(form: TextBlockForm) -> None:
    errors = validate(form)
    if errors:
        raise ValueError(errors[0].message)


def _gone() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This block is no longer in the library: it may have been deleted from another desk.")
    )


def _audit(session: Session, action: str, block_id: int) -> None:
    session.add(
        AuditEntry(actor=current_actor(), action=action, entity="text_block", entity_id=block_id)
    )


def _fill(block: TextBlock, form: TextBlockForm) -> None:
    values = {
        "title": " ".join(form.title.split()),
        "body": form.body.strip(),
        "tags": " ".join(split_tags(form.tags)) or None,
        "language": form.language,
        "organization_id": form.organization_id,
    }
    for name, value in values.items():
        if getattr(block, name) != value:
            setattr(block, name, value)


def _to_form(block: TextBlock) -> TextBlockForm:
    return TextBlockForm(
        title=block.title,
        body=block.body,
        tags=split_tags(block.tags or ""),
        language=block.language,
        organization_id=block.organization_id,
    )


def load_block(db: Database, block_id: int) -> tuple[TextBlockForm, int]:
    """The block's fields and the version they were read at."""
    with db.reading() as s:
        block = s.get(TextBlock, block_id)
        if block is None:
            raise _gone()
        return _to_form(block), block.version


def create_block(db: Database, form: TextBlockForm) -> int:
    """Add a block to the library; its id."""
    _refuse_invalid(form)
    with db.transaction() as s:
        if form.organization_id is not None and s.get(Organization, form.organization_id) is None:
            raise RecordNotFoundError(
                _("The chosen organization no longer exists: choose another one.")
            )
        block = TextBlock(title="", body="")
        _fill(block, form)
        s.add(block)
        s.flush()
        _audit(s, "create", block.id)
        return block.id


def update_block(db: Database, block_id: int, form: TextBlockForm, expected_version: int) -> int:
    """Save *form* over the block, refusing if it changed since *expected_version*."""
    _refuse_invalid(form)
    with db.transaction() as s:
        block = s.get(TextBlock, block_id)
        if block is None:
            raise _gone()
        if block.version != expected_version:
            raise ConflictError(
                _("Someone else changed this block meanwhile: it has been reloaded, try again.")
            )
        if _to_form(block) == TextBlockForm(
            title=" ".join(form.title.split()),
            body=form.body.strip(),
            tags=split_tags(form.tags),
            language=form.language,
            organization_id=form.organization_id,
        ):
            return block.version
        _fill(block, form)
        s.flush()
        _audit(s, "update", block_id)
        return block.version


def delete_block(db: Database, block_id: int, expected_version: int) -> TextBlockForm:
    """Take the block out of the library; its fields come back (for undo)."""
    with db.transaction() as s:
        block = s.get(TextBlock, block_id)
        if block is None:
            raise _gone()
        if block.version != expected_version:
            raise ConflictError(
                _("Someone else changed this block meanwhile: it has been reloaded, try again.")
            )
        form = _to_form(block)
        s.delete(block)
        s.flush()
        _audit(s, "delete", block_id)
        return form


def _info(block: TextBlock, organization: str | None) -> TextBlockInfo:
    return TextBlockInfo(
        id=block.id,
        version=block.version,
        title=block.title,
        body=block.body,
        tags=tuple(split_tags(block.tags or "")),
        language=block.language,
        organization_id=block.organization_id,
        organization_name=organization or "",
    )


def search_blocks(
    db: Database, text: str = "", tags: Sequence[str] = (), language: str | None = None
) -> list[TextBlockInfo]:
    """The blocks holding every word of *text* and every tag of *tags*, by title."""
    terms = search_terms(text)
    wanted = {fold(t) for t in split_tags(tags)}
    statement = select(TextBlock, Organization.name).outerjoin(
        Organization, Organization.id == TextBlock.organization_id
    )
    if language:
        statement = statement.where(TextBlock.language == language)
    with db.reading() as s:
        rows = s.execute(statement).all()
        found = []
        for block, organization in rows:
            block_tags = {fold(t) for t in split_tags(block.tags or "")}
            if not wanted <= block_tags:
                continue
            haystack = fold(
                " ".join((block.title, block.body, block.tags or "", organization or ""))
            )
            if all(term in haystack for term in terms):
                found.append(_info(block, organization))
    return sorted(found, key=lambda b: (fold(b.title), b.id))


def tag_counts(db: Database) -> list[tuple[str, int]]:
    """Every tag in the library with how many blocks carry it, most used first."""
    with db.reading() as s:
        rows = s.scalars(select(TextBlock.tags)).all()
    counts: Counter[str] = Counter()
    for tags in rows:
        counts.update(split_tags(tags or ""))
    return sorted(counts.items(), key=lambda item: (-item[1], fold(item[0])))


def joined(body: str, text: str, at: int | None = None) -> tuple[str, int]:
    """*body* with *text* inserted at character *at* (None: at the end) as a paragraph of
    its own; also the position just after the inserted text."""
    where = len(body) if at is None else max(0, min(at, len(body)))
    before, after = body[:where], body[where:]
    block = text.strip()
    if before and not before.endswith("\n\n"):
        block = ("\n" if before.endswith("\n") else "\n\n") + block
    end = len(before) + len(block)
    if after and not after.startswith("\n\n"):
        block += "\n" if after.startswith("\n") else "\n\n"
    return before + block + after, end


def insert_into_section(
    db: Database,
    proposal_id: int,
    section_id: int,
    block_id: int,
    at: int | None = None,
    *,
    expected_version: int | None = None,
) -> Saved[tuple[SectionEntry, ...]]:
    """Insert the block's text into a section at character *at* (None: at the end)."""
    with db.reading() as s:
        block = s.get(TextBlock, block_id)
        if block is None:
            raise _gone()
        text = block.body

    def change(current: tuple[SectionEntry, ...]) -> tuple[SectionEntry, ...]:
        for index, entry in enumerate(current):
            if entry.id == section_id:
                body, _end = joined(entry.body, text, at)
                updated = SectionEntry(entry.title, body, entry.id)
                return (*current[:index], updated, *current[index + 1 :])
        raise RecordNotFoundError(
            _("This record no longer exists: it may have been deleted from another desk.")
        )

    return change_part(db, proposal_id, SECTIONS, change, expected_version=expected_version)
