"""Erasing a person leaves no trace of their name, e-mail or phone anywhere in the database.

A contact with a unique canary name is linked everywhere a person can appear (meeting
attendance, action item and deadline owner, a proposal's owner and summary, the RUP of a
co-design process, a call's description — hence its search text and full-text index —,
an organization's e-mail and notes, a budget snapshot, old audit entries), erased, and
then looked for: in the raw bytes of the SQLite file and its WAL or journal, and in every
text column of every table (SQL, so PostgreSQL too), and in the export of another person.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from grantdesk.db.models import (
    ActionItem,
    AuditEntry,
    BudgetVersion,
    CoDesignProcess,
    Deadline,
    Meeting,
    MeetingAttendee,
    Organization,
    Person,
    Proposal,
)
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError
from grantdesk.services.gdpr import erase_person, export_person
from grantdesk.services.people import PersonForm, create_person, load_person, update_person
from tests.helpers import factories as f

FIRST, LAST = "Ildegarda", "Canarinoqz"
EMAIL = "ildegarda.canarinoqz@canary.example"
OLD_EMAIL = "i.canarinoqz.vecchia@canary.example"
PHONE = "+39 347 918 2736"
# What must not survive, lower-cased. FTS5 stores a term after the prefix it shares with
# the previous term, so a tail of the canary is looked for too.
TRACES = (b"canarinoqz", b"narinoqz", b"ildegarda", b"9182736", b"918 2736")


def _seed(db: Database) -> dict[str, int]:
    """The canary and a control contact, linked to everything that can name a person."""
    with db.transaction() as s:
        org = f.organization(s, "APS Il Cortile di Quarto Oggiaro")
        other_org = f.organization(
            s,
            "Cooperativa Sociale La Lanterna",
            email=EMAIL,
            notes=f"Referente storica: {FIRST} {LAST}, tel. 347 9182736.",
        )
        org_id, other_org_id = org.id, other_org.id
    canary = create_person(
        db,
        PersonForm(
            first_name=FIRST,
            last_name=LAST,
            role="Presidente",
            email=OLD_EMAIL,
            phone=PHONE,
            consent_on=date(2024, 3, 1),
            consent_purpose="Tavoli di co-progettazione",
            notes="Preferisce essere chiamata il pomeriggio.",
            organization_id=org_id,
        ),
    )
    form, version = load_person(db, canary)
    form.email = EMAIL  # the old address must not linger in free space either
    update_person(db, canary, form, version)
    control = create_person(
        db,
        PersonForm(
            first_name="Gianfranco",
            last_name="Bellomo-Santangelo",
            email="g.bellomo@lanterna.example",
            organization_id=other_org_id,
        ),
    )
    full = f"{FIRST} {LAST}"
    with db.transaction() as s:
        call = f.call(
            s,
            "Bando Comunità Inclusive 2026",
            description=f"Per informazioni rivolgersi a {full.upper()} ({EMAIL}).",
        )
        f.deadline(s, call, date(2026, 5, 15), owner=full, notes=f"Chiedere a {LAST} {FIRST}")
        lead = s.get(Organization, org_id)
        proposal = f.proposal(
            s, "Cortili aperti", call, lead, owner=full, summary=f"Coordina {full}."
        )
        s.add(
            BudgetVersion(
                proposal_id=proposal.id,
                name="Come presentato",
                lines=[{"description": f"Coordinamento ({full})", "amount": "1200.00"}],
            )
        )
        process = CoDesignProcess(title="Co-progettazione Quarto Oggiaro", rup=full, promoter=lead)
        meeting = Meeting(
            process=process,
            held_at=datetime(2026, 3, 10, 9, tzinfo=UTC),
            minutes=f"Presenti {full} e Gianfranco Bellomo-Santangelo. Tel. {PHONE}.",
        )
        meeting.attendees = [
            MeetingAttendee(person_id=canary, organization_id=org_id),
            MeetingAttendee(person_id=control, organization_id=other_org_id),
        ]
        meeting.action_items = [
            ActionItem(description="Inviare il verbale", owner=full),
            ActionItem(description="Prenotare la sala", owner="Gianfranco Bellomo-Santangelo"),
        ]
        s.add(process)
        s.add(AuditEntry(actor="operatore", action="note", entity="call", summary=f"da {full}"))
        s.flush()
        ids = {
            "canary": canary,
            "control": control,
            "meeting": meeting.id,
            "call": call.id,
            "process": process.id,
            "org": other_org_id,
        }
    return ids


def _file_bytes(db: Database) -> bytes:
    path = db.target.path
    assert path is not None
    data = b""
    for suffix in ("", "-wal", "-journal"):
        part = Path(str(path) + suffix)
        if part.exists():
            data += part.read_bytes()
    return data.lower()


def _text_hits(db: Database, needle: str) -> list[str]:
    """Every table.column whose text (any type, cast to text) holds *needle*."""
    hits = []
    with db.engine.connect() as conn:
        inspector = inspect(conn)
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                cast = "text" if db.dialect == "postgresql" else "TEXT"
                query = text(
                    f'SELECT count(*) FROM "{table}" '
                    f'WHERE lower(CAST("{column["name"]}" AS {cast})) LIKE :n'
                )
                if conn.execute(query, {"n": f"%{needle}%"}).scalar():
                    hits.append(f"{table}.{column['name']}")
    return hits


def test_erasing_leaves_no_trace_in_any_table(db: Database) -> None:
    ids = _seed(db)
    assert len(_text_hits(db, "canarinoqz")) >= 10  # the test can see what it looks for

    report = erase_person(db, ids["canary"])

    assert report.attendances == 1
    assert report.mentions >= 10
    assert report.compacted, report.note
    for needle in ("canarinoqz", "ildegarda", "9182736", "918 2736"):
        assert _text_hits(db, needle) == [], needle
    with db.reading() as s:
        assert s.get(Person, ids["canary"]) is None
        # What is not theirs stays: the meeting, the control attendee, the action items.
        attendees = s.scalars(
            select(MeetingAttendee.person_id).where(MeetingAttendee.meeting_id == ids["meeting"])
        ).all()
        assert attendees == [ids["control"]]
        owners = sorted(
            o
            for o in s.scalars(
                select(ActionItem.owner).where(ActionItem.meeting_id == ids["meeting"])
            )
            if o
        )
        assert owners == ["Gianfranco Bellomo-Santangelo", "[cancellato]"]
        minutes = s.scalar(select(Meeting.minutes).where(Meeting.id == ids["meeting"]))
        assert minutes == (
            "Presenti [cancellato] e Gianfranco Bellomo-Santangelo. Tel. [cancellato]."
        )
        assert s.scalar(select(CoDesignProcess.rup)) == "[cancellato]"
        assert s.scalar(select(Organization.email).where(Organization.id == ids["org"])) == (
            "[cancellato]"
        )
        assert s.scalar(select(Deadline.notes)) == "Chiedere a [cancellato]"
        assert s.scalar(select(Proposal.search_text)).count("[cancellato]") == 1
        erased = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "person",
                AuditEntry.entity_id == ids["canary"],
                AuditEntry.action == "erase",
            )
        ).one()
        assert erased.summary.startswith(f"person {ids['canary']} erased")


def test_the_sqlite_file_and_its_wal_keep_no_byte_of_the_person(sqlite_db: Database) -> None:
    ids = _seed(sqlite_db)
    before = _file_bytes(sqlite_db)
    assert all(trace in before for trace in TRACES[:3])
    assert OLD_EMAIL.encode() in before or b"vecchia" in before  # old value in free space

    erase_person(sqlite_db, ids["canary"])

    after = _file_bytes(sqlite_db)
    found = [trace.decode() for trace in (*TRACES, b"vecchia") if trace in after]
    assert found == []
    wal = Path(str(sqlite_db.target.path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # Still a sound database, full-text search included.
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        fts = conn.exec_driver_sql(
            "SELECT count(*) FROM call_fts WHERE call_fts MATCH 'canarinoqz'"
        ).scalar()
        assert fts == 0
        assert (
            conn.exec_driver_sql(
                "SELECT count(*) FROM call_fts WHERE call_fts MATCH 'comunita'"
            ).scalar()
            == 1
        )


def test_the_export_of_another_person_does_not_show_them(db: Database) -> None:
    ids = _seed(db)
    before = json.dumps(export_person(db, ids["control"]), ensure_ascii=False).lower()
    assert "canarinoqz" in before  # the shared meeting's minutes name the canary

    erase_person(db, ids["canary"])

    after = json.dumps(export_person(db, ids["control"]), ensure_ascii=False).lower()
    assert "canarinoqz" not in after and "ildegarda" not in after
    assert "bellomo" in after


def test_the_export_holds_everything_on_the_person(db: Database) -> None:
    ids = _seed(db)
    data: dict[str, Any] = export_person(db, ids["canary"])
    assert data["person"]["email"] == EMAIL
    assert data["organization"]["name"] == "APS Il Cortile di Quarto Oggiaro"
    assert [m["meeting_id"] for m in data["meetings_attended"]] == [ids["meeting"]]
    assert [a["description"] for a in data["action_items"]] == ["Inviare il verbale"]
    assert [d["owner"] for d in data["deadlines"]] == [f"{FIRST} {LAST}"]
    assert [p["title"] for p in data["proposals"]] == ["Cortili aperti"]
    places = {(m["table"], m["column"]) for m in data["mentions"]}
    assert {
        ("organization", "email"),
        ("organization", "notes"),
        ("call", "description"),
        ("codesign_process", "rup"),
        ("meeting", "minutes"),
        ("budget_version", "lines"),
        ("audit_entry", "summary"),
    } <= places
    assert [a["action"] for a in data["audit"]] == ["create", "update"]
    assert all(FIRST not in a["summary"] and EMAIL not in a["summary"] for a in data["audit"])
    json.dumps(data)  # plain JSON


def test_a_stale_version_refuses_and_changes_nothing(db: Database) -> None:
    ids = _seed(db)
    with pytest.raises(ConflictError):
        erase_person(db, ids["canary"], expected_version=1)
    assert len(_text_hits(db, "canarinoqz")) >= 10
    erase_person(db, ids["canary"], expected_version=2)
    with pytest.raises(RecordNotFoundError):
        erase_person(db, ids["canary"])


def test_other_records_get_a_new_version(db: Database) -> None:
    ids = _seed(db)
    with db.reading() as s:
        before = s.scalar(select(Meeting.version).where(Meeting.id == ids["meeting"]))
    erase_person(db, ids["canary"])
    with db.reading() as s:
        after = s.scalar(select(Meeting.version).where(Meeting.id == ids["meeting"]))
    assert before is not None and after is not None and after > before
