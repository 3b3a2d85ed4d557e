"""GDPR tools for contacts: everything held on one person, and erasing them for good.

:func:`export_person` gathers what the database holds on a person (GDPR art. 15 and 20):
their record, their organization, the meetings they attended, the action items,
deadlines and proposals they own, every other free-text mention of their full name,
e-mail or phone number, and the audit entries about them.

:func:`erase_person` (art. 17) removes them, in one transaction:

- the ``person`` row is deleted; rows that point at it by foreign key go with it
  (``meeting_attendee``: the meeting loses that attendance) or lose the reference, as the
  schema says (CASCADE / SET NULL);
- every text and JSON column of every other table is searched for their full name (either
  order, accents and case aside), e-mail or phone number (:mod:`grantdesk.domain.mentions`)
  and each mention becomes ``[cancellato]``: a deadline's or action item's owner, a
  proposal's owner, a RUP, meeting minutes, notes, an organization's e-mail, old audit
  summaries. Records changed that way get a new version, so another desk's stale copy
  cannot write the name back;
- the folded ``search_text`` columns are recomputed (and redacted should a copy survive),
  and SQLite's full-text indexes (FTS5) are merged so no deleted term stays in an old
  segment;
- the audit log gains "person N erased" with counts, never the data.

Then the file itself. **SQLite**: the transaction runs with ``PRAGMA secure_delete=ON``
(deleted content is overwritten with zeros, freed pages too); afterwards the WAL is
checkpointed and truncated, ``VACUUM`` rebuilds the file from live rows only (dropping
leftovers of earlier, ordinary edits in free space), and the WAL is truncated again. After
that neither the database file nor its ``-wal`` holds the data. **PostgreSQL**: the
person's rows are rewritten away with ``VACUUM FULL`` on ``person`` and
``meeting_attendee`` (small tables; waits at most 5 s for the lock, else plain
``VACUUM``), the other touched tables get a plain ``VACUUM``, which frees dead row
versions for reuse but may leave their bytes in free page space until overwritten.

Honest limits: copies outside the database are out of reach — backups and ``VACUUM
INTO`` copies, files exported earlier, PostgreSQL's WAL segments (recycled after
checkpoints, but kept by WAL archiving, replicas and base backups), a rollback journal
deleted by the file system on a network share, blocks a file system or SSD has not
reused yet, and the temporary file ``VACUUM`` writes. A mention written other than by full
name, e-mail or phone (initials, a nickname) is not recognised: review the export first.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Enum,
    String,
    Table,
    Text,
    cast,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    ActionItem,
    AuditEntry,
    Base,
    CoDesignProcess,
    Deadline,
    Meeting,
    MeetingAttendee,
    Organization,
    Person,
    Proposal,
)
from grantdesk.db.search import refresh as refresh_search_text
from grantdesk.domain.dates import now_utc
from grantdesk.domain.mentions import Needles
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.people import audit, check_version, load

log = logging.getLogger(__name__)

EXPORT_FORMAT = "grantdesk-person"
# Deleted with the person and small: rewritten with VACUUM FULL on PostgreSQL.
_PERSON_TABLES = ("person", "meeting_attendee")


@dataclass(frozen=True)
class Mention:
    """A free-text mention of a person: which record and column, and what it says."""

    table: str
    column: str
    row_id: str  # the primary key; "3/7" for a composite one
    excerpts: tuple[str, ...]


@dataclass(frozen=True)
class ErasureReport:
    """What erasing a person did."""

    person_id: int
    attendances: int  # meeting attendances removed
    linked_rows: int  # other rows that pointed at the person (deleted or unlinked)
    mentions: int  # text values in which mentions were replaced
    tables: tuple[str, ...]  # tables whose rows changed
    compacted: bool  # the file (SQLite) or tables (PostgreSQL) were cleaned afterwards
    note: str = ""  # why not, when not (for the log and the user)


# -- where text lives ---------------------------------------------------------------------


def _text_columns(table: Table) -> list[Column[Any]]:
    """The columns of *table* that can hold free text (JSON included, vocabularies not)."""
    return [
        c
        for c in table.columns
        if (isinstance(c.type, String | Text) and not isinstance(c.type, Enum))
        or isinstance(c.type, JSON)
        if c.name != "search_text"
    ]


def _tables() -> Iterator[Table]:
    for table in Base.metadata.sorted_tables:
        if table.name != "person":
            yield table


def _matches(column: Column[Any], pattern: str, dialect: str) -> Any:
    expr: Any = column
    if isinstance(column.type, JSON):
        # JSON text may spell "è" as "\u00e8": only the consonants are looked for there.
        expr = cast(column, Text)
        pattern = re.sub(r"%+", "%", re.sub(r"(?<!\\)_", "%", pattern))
    if dialect == "postgresql":
        return expr.ilike(pattern, escape="\\")
    return expr.like(pattern, escape="\\")  # SQLite's LIKE ignores ASCII case


def _walk(value: Any, needles: Needles, found: list[str]) -> Any:
    """*value* (JSON data) with mentions redacted; their excerpts appended to *found*."""
    if isinstance(value, str):
        pieces = needles.excerpts(value)
        if pieces:
            found.extend(pieces)
            return needles.redact(value)
        return value
    if isinstance(value, list):
        return [_walk(v, needles, found) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, needles, found) for k, v in value.items()}
    return value


@dataclass
class _Hit:
    table: Table
    key: tuple[Any, ...]
    column: Column[Any]
    excerpts: list[str]
    redacted: Any


def _find(session: Session, needles: Needles, dialect: str) -> list[_Hit]:
    """Every text value outside ``person`` that mentions the person."""
    patterns = needles.like_patterns()
    if not patterns:
        return []
    hits = []
    for table in _tables():
        columns = _text_columns(table)
        pk = list(table.primary_key.columns)
        if not columns or not pk:
            continue
        wanted = or_(*(_matches(c, p, dialect) for c in columns for p in patterns))
        for row in session.execute(select(*pk, *columns).where(wanted)):
            key = tuple(row[: len(pk)])
            for column, value in zip(columns, row[len(pk) :], strict=True):
                if value is None:
                    continue
                excerpts: list[str] = []
                if isinstance(column.type, JSON):
                    redacted = _walk(value, needles, excerpts)
                else:
                    excerpts = needles.excerpts(value)
                    redacted = needles.redact(value, getattr(column.type, "length", None))
                if excerpts:
                    hits.append(_Hit(table, key, column, excerpts, redacted))
    return hits


def _row_id(key: tuple[Any, ...]) -> str:
    return "/".join(str(k) for k in key)


# -- export --------------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _needles(person: Person) -> Needles:
    return Needles(person.first_name, person.last_name, person.email or "", person.phone or "")


def export_person(db: Database, person_id: int) -> dict[str, Any]:
    """Everything the database holds on the contact, as JSON-ready data."""
    with db.reading() as s:
        person = load(s, person_id)
        needles = _needles(person)
        org = person.organization
        hits = _find(s, needles, db.dialect)
        by_table: dict[str, set[Any]] = {}
        for hit in hits:
            by_table.setdefault(hit.table.name, set()).add(hit.key[0])
        return {
            "format": EXPORT_FORMAT,
            "format_version": 1,
            "exported_at": now_utc().isoformat(),
            "person": {
                "id": person.id,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "role": person.role,
                "email": person.email,
                "phone": person.phone,
                "consent_on": _iso(person.consent_on),
                "consent_purpose": person.consent_purpose,
                "last_activity_at": _iso(person.last_activity_at),
                "notes": person.notes,
                "created_at": _iso(person.created_at),
                "updated_at": _iso(person.updated_at),
            },
            "organization": None if org is None else {"id": org.id, "name": org.name},
            "meetings_attended": _meetings(s, person_id),
            "action_items": _owned(s, ActionItem, by_table.get("action_item", set())),
            "deadlines": _owned(s, Deadline, by_table.get("deadline", set())),
            "proposals": _owned(s, Proposal, by_table.get("proposal", set())),
            "linked_rows": _linked_rows(s, person_id),
            "mentions": [
                {
                    "table": h.table.name,
                    "column": h.column.name,
                    "id": _row_id(h.key),
                    "excerpts": h.excerpts,
                }
                for h in hits
            ],
            "audit": [
                {"at": _iso(a.at), "actor": a.actor, "action": a.action, "summary": a.summary}
                for a in s.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.entity == "person", AuditEntry.entity_id == person_id)
                    .order_by(AuditEntry.at, AuditEntry.id)
                )
            ],
        }


def _meetings(s: Session, person_id: int) -> list[dict[str, Any]]:
    rows = s.execute(
        select(Meeting, CoDesignProcess.title, Organization.name)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .join(CoDesignProcess, CoDesignProcess.id == Meeting.process_id)
        .outerjoin(Organization, Organization.id == MeetingAttendee.organization_id)
        .where(MeetingAttendee.person_id == person_id)
        .order_by(Meeting.held_at, Meeting.id)
    )
    return [
        {
            "meeting_id": m.id,
            "held_at": _iso(m.held_at),
            "place": m.place,
            "codesign_process": title,
            "representing": represented,
        }
        for m, title, represented in rows
    ]


def _owned(s: Session, model: Any, ids: set[Any]) -> list[dict[str, Any]]:
    """The records of *model* among *ids* whose owner field names the person."""
    if not ids:
        return []
    out = []
    for obj in s.scalars(select(model).where(model.id.in_(ids)).order_by(model.id)):
        item: dict[str, Any] = {"id": obj.id, "owner": obj.owner}
        for name in ("title", "description", "kind", "stage", "due_at", "due_on", "done"):
            if hasattr(obj, name):
                item[name] = _iso(getattr(obj, name))
        out.append(item)
    return out


def _person_references() -> list[Column[Any]]:
    """Foreign-key columns (other than attendance) that point at ``person``."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "person" and table.name != "meeting_attendee":
                found.append(fk.parent)
    return found


def _linked_rows(s: Session, person_id: int) -> list[dict[str, Any]]:
    out = []
    for column in _person_references():
        table = column.table
        assert isinstance(table, Table)
        for row in s.execute(select(table).where(column == person_id)):
            out.append({"table": table.name} | {k: _iso(v) for k, v in row._mapping.items()})
    return out


def write_export(db: Database, person_id: int, path: Path) -> dict[str, Any]:
    """Write :func:`export_person` to *path* as UTF-8 JSON (all or nothing); return it."""
    data = export_person(db, person_id)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return data


# -- erasure -------------------------------------------------------------------------------


def _mapped_classes() -> dict[str, Any]:
    return {
        m.local_table.name: m.class_
        for m in Base.registry.mappers
        if isinstance(m.local_table, Table)
    }


def _apply_hits(s: Session, hits: list[_Hit]) -> None:
    classes = _mapped_classes()
    for hit in hits:
        cls = classes.get(hit.table.name)
        if cls is None:  # a plain association table: no version, no search text
            pk = list(hit.table.primary_key.columns)
            where = [c == v for c, v in zip(pk, hit.key, strict=True)]
            s.execute(hit.table.update().where(*where).values({hit.column.name: hit.redacted}))
            continue
        obj = s.get(cls, hit.key if len(hit.key) > 1 else hit.key[0])
        if obj is None:
            continue
        prop = cls.__mapper__.get_property_by_column(hit.column)
        setattr(obj, prop.key, hit.redacted)


def _clean_search_text(s: Session, needles: Needles) -> set[str]:
    """Recompute every ``search_text`` that still holds the person; redact what survives.

    Returns the tables whose rows were rewritten.
    """
    patterns = needles.folded_patterns()
    classes = _mapped_classes()
    touched: set[str] = set()
    for table in _tables():
        column = table.columns.get("search_text")
        cls = classes.get(table.name)
        if column is None or cls is None or not patterns:
            continue
        pk = list(table.primary_key.columns)
        ids = s.scalars(select(pk[0]).where(or_(*(column.like(p, escape="\\") for p in patterns))))
        for obj_id in list(ids):
            obj = s.get(cls, obj_id)
            if obj is None:
                continue
            refresh_search_text(obj)
            if needles.mentions(obj.search_text):
                obj.search_text = needles.redact(obj.search_text)
            touched.add(table.name)
    return touched


def _fts_tables(s: Session) -> list[str]:
    found = s.connection().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
    )
    return [str(name) for (name,) in found]


def _erase_in(s: Session, person_id: int, expected_version: int | None) -> ErasureReport:
    person = load(s, person_id)
    if expected_version is not None:
        check_version(person, expected_version)
    needles = _needles(person)
    dialect = s.get_bind().dialect.name
    tables: set[str] = {"person"}

    meetings = list(
        s.scalars(
            select(Meeting)
            .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
            .where(MeetingAttendee.person_id == person_id)
        )
    )
    linked = len(_linked_rows(s, person_id))
    attendances = int(
        s.scalar(
            select(func.count())
            .select_from(MeetingAttendee)
            .where(MeetingAttendee.person_id == person_id)
        )
        or 0
    )
    s.execute(delete(MeetingAttendee).where(MeetingAttendee.person_id == person_id))
    if attendances:
        tables |= {"meeting_attendee", "meeting"}
    for meeting in meetings:
        meeting.updated_at = now_utc()  # a new version: stale copies elsewhere are refused
    for column in _person_references():
        if s.scalar(select(column).where(column == person_id).limit(1)) is not None:
            tables.add(str(column.table.name))
    s.delete(person)
    s.flush()

    hits = _find(s, needles, dialect)
    _apply_hits(s, hits)
    tables |= {h.table.name for h in hits}
    s.flush()
    tables |= _clean_search_text(s, needles)
    s.flush()
    if dialect == "sqlite":
        for name in _fts_tables(s):
            # Merge every segment into one: deleted terms leave the old segments.
            s.connection().exec_driver_sql(f'INSERT INTO "{name}"("{name}") VALUES (\'optimize\')')
    audit(
        s,
        "erase",
        person_id,
        f"person {person_id} erased: {attendances} meeting attendances removed, "
        f"{len(hits)} mentions replaced",
    )
    tables.add("audit_entry")
    return ErasureReport(
        person_id=person_id,
        attendances=attendances,
        linked_rows=linked,
        mentions=len(hits),
        tables=tuple(sorted(tables)),
        compacted=False,
    )


def erase_person(
    db: Database, person_id: int, expected_version: int | None = None
) -> ErasureReport:
    """Erase the contact from every table and from the database file (see the module).

    *expected_version*, when given, refuses (``ConflictError``) a contact changed since.
    The erasure itself is one transaction; the file clean-up that follows cannot undo it,
    and when it cannot run (another program holds the file) the report says so.
    """
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            previous = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
            conn.commit()
            try:
                with db.sessions(bind=conn) as s, s.begin():
                    report = _erase_in(s, person_id, expected_version)
                compacted, note = _compact_sqlite(conn)
            finally:
                conn.exec_driver_sql(f"PRAGMA secure_delete={int(previous or 0)}")
                conn.commit()
    else:
        with db.transaction() as s:
            report = _erase_in(s, person_id, expected_version)
        compacted, note = _vacuum_postgres(db, report.tables)
    if note:
        log.warning("person %s erased; clean-up incomplete: %s", person_id, note)
    return ErasureReport(**{**report.__dict__, "compacted": compacted, "note": note})


def compact(db: Database) -> tuple[bool, str]:
    """Clean what erased rows left in the file (SQLite) or tables (PostgreSQL) again.

    For when :func:`erase_person` reported ``compacted=False``: returns (done, why not).
    """
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            return _compact_sqlite(conn)
    tables = tuple(t.name for t in Base.metadata.sorted_tables)
    return _vacuum_postgres(db, tables)


def unfinished_message(note: str) -> str:
    """What to do when the clean-up after an erasure could not run, in one sentence."""
    return _(
        "The contact is erased from every table, but the database file may still hold old "
        "copies ({reason}): close the other programs and windows using it, then run "
        "“grantdesk person compact”."
    ).format(reason=note)


def _compact_sqlite(conn: Connection) -> tuple[bool, str]:
    """Checkpoint and truncate the WAL, rebuild the file, truncate the WAL again."""
    import sqlite3

    raw = conn.connection.dbapi_connection
    assert raw is not None
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        raw.execute("VACUUM").fetchall()
        busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:  # a full disk, another program writing
        return False, str(exc)
    if busy is not None and busy[0]:
        return False, "another connection is reading: the WAL could not be truncated"
    return True, ""


def _vacuum_postgres(db: Database, tables: tuple[str, ...]) -> tuple[bool, str]:
    """VACUUM (FULL for the person's own tables) outside a transaction."""
    notes = []
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("SET lock_timeout = '5s'")
        try:
            for name in tables:
                full = name in _PERSON_TABLES
                try:
                    conn.exec_driver_sql(f'VACUUM {"FULL " if full else ""}"{name}"')
                except DBAPIError as exc:  # another desk holds the table
                    notes.append(f"{name}: {exc.orig}")
                    if full:
                        with contextlib.suppress(DBAPIError):
                            conn.exec_driver_sql(f'VACUUM "{name}"')
        finally:
            conn.exec_driver_sql("RESET lock_timeout")
    return not notes, "; ".join(notes)
