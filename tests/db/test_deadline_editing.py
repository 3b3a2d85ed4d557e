"""Deleting deadlines (the undo of a roll-forward): all or nothing, checked, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import AuditEntry, Deadline
from grantdesk.services.deadline_editing import deadline_versions, delete_deadlines
from grantdesk.services.editing import ConflictError
from tests.helpers import factories as f


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Deadline)) or 0)


def _seed(db) -> list[int]:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando ricorrente")
        made = [f.deadline(s, c, date(2027, m, 15)) for m in (3, 6, 10)]
        return [d.id for d in made]


def test_deletes_exactly_the_given_deadlines_with_one_audit_entry(db) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(db)
    versions = deadline_versions(db, ids[:2])
    assert versions == {ids[0]: 1, ids[1]: 1}
    assert delete_deadlines(db, ids[:2], expected=versions) == 2
    with db.reading() as s:
        assert list(s.scalars(select(Deadline.id))) == [ids[2]]
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "deadline")).all()
    assert len(audit) == 1
    assert audit[0].action == "delete"
    assert audit[0].summary == f"deadlines {ids[0]}, {ids[1]}"


def test_a_changed_deadline_refuses_the_whole_deletion(db) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(db)
    versions = deadline_versions(db, ids)
    with db.transaction() as s:
        s.get(Deadline, ids[1]).owner = "Giulia"  # another desk edited it
    with pytest.raises(ConflictError):
        delete_deadlines(db, ids, expected=versions)
    assert _count(db) == 3
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_vanished_deadline_refuses_when_checked_and_is_skipped_otherwise(db) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(db)
    versions = deadline_versions(db, ids)
    assert delete_deadlines(db, [ids[0]]) == 1
    with pytest.raises(ConflictError):
        delete_deadlines(db, ids, expected=versions)
    assert _count(db) == 2
    assert delete_deadlines(db, ids) == 2
    assert delete_deadlines(db, []) == 0
    assert _count(db) == 0
