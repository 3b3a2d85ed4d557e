"""Changing a record's status: checked against the version the user saw, audited, undoable."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from sqlalchemy import select

from grantdesk.db.models import AuditEntry, Call, CoDesignProcess, Proposal
from grantdesk.domain.vocab import CallStatus, CoDesignStatus, ProposalStatus, Vocabulary
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError

_MODELS: dict[str, tuple[type, type[Vocabulary]]] = {
    "calls": (Call, CallStatus),
    "proposals": (Proposal, ProposalStatus),
    "codesigns": (CoDesignProcess, CoDesignStatus),
}


class ConflictError(RuntimeError):
    """Somebody else changed the record since it was read; nothing was saved."""


@dataclass(frozen=True)
class StatusChange:
    """The result of a status change: enough to undo it."""

    kind: str
    record_id: int
    old: str
    new: str
    version: int


def current_actor() -> str:
    """Who is working at this desk (for the audit log)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "grantdesk"


def statuses(kind: str) -> list[Vocabulary]:
    """The statuses a record of *kind* can take, in pipeline order."""
    return list(_MODELS[kind][1])


def set_status(
    db: Database, kind: str, record_id: int, status: str, expected_version: int
) -> StatusChange:
    """Move a record to *status*, refusing if it changed since *expected_version*."""
    model, vocabulary = _MODELS[kind]
    new = vocabulary(status)
    with db.transaction() as s:
        obj = s.scalars(select(model).where(model.id == record_id)).first()  # type: ignore[attr-defined]
        if obj is None:
            raise RecordNotFoundError(
                _("This record no longer exists: it may have been deleted from another desk.")
            )
        if obj.version != expected_version:
            raise ConflictError(
                _("Someone else changed this record meanwhile: it has been reloaded, try again.")
            )
        old = obj.status
        obj.status = new
        s.flush()
        s.add(
            AuditEntry(
                actor=current_actor(),
                action="status",
                entity=model.__tablename__,
                entity_id=record_id,
                summary=f"{old.value} → {new.value}",
            )
        )
        return StatusChange(kind, record_id, old.value, new.value, obj.version)
