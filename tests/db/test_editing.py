"""Status changes: audited, checked against the version the user saw, undoable."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from grantdesk.db.models import AuditEntry, Call
from grantdesk.domain.vocab import CallStatus
from grantdesk.services import editing
from grantdesk.services.details import RecordNotFoundError, detail
from tests.helpers import factories as f


def test_status_change_is_audited_and_reversible(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        call_id = f.call(s, "Bando").id
    seen = detail(db, "calls", call_id)
    change = editing.set_status(db, "calls", call_id, "go", seen.version)
    assert (change.old, change.new, change.version) == ("new", "go", seen.version + 1)
    editing.set_status(db, "calls", call_id, change.old, change.version)  # undo
    with db.reading() as s:
        assert s.scalar(select(Call.status)) is CallStatus.NEW
        audit = s.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)).all()
    assert audit == ["new → go", "go → new"]


def test_stale_version_is_refused_and_nothing_changes(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        call_id = f.call(s, "Bando").id
    editing.set_status(db, "calls", call_id, "watching", 1)  # another desk
    with pytest.raises(editing.ConflictError, match="Someone else"):
        editing.set_status(db, "calls", call_id, "no_go", 1)
    with db.reading() as s:
        assert s.scalar(select(Call.status)) is CallStatus.WATCHING


def test_deleted_record_and_bad_status(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RecordNotFoundError):
        editing.set_status(db, "proposals", 999, "review", 1)
    with pytest.raises(RecordNotFoundError):
        detail(db, "organizations", 999)
    with db.transaction() as s:
        call_id = f.call(s, "Bando").id
    with pytest.raises(ValueError):
        editing.set_status(db, "calls", call_id, "bogus", 1)
