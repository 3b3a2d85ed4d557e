"""Changing a record's status: checked against the version the user saw and against the
record's own rules, audited, undoable.

A status the record's own editor would refuse is refused here too, with the same sentence
(:func:`check_status`): a proposal “submitted” needs its submission day, a call “no-go”
its reason, a co-design process at a step the dates of that step. The rules stay where
they are — :func:`grantdesk.services.proposal_editing.validate`,
:func:`grantdesk.services.call_editing.validate`,
:func:`grantdesk.services.codesign_editing.validate` — and are asked, never copied.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

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
# Each kind's editor form: how it is read (form, version) and what its editor refuses.
_Rules = tuple[Callable[[Database, int], tuple[Any, int]], Callable[[Any], Sequence[Any]]]


class ConflictError(RuntimeError):
    """Somebody else changed the record since it was read; nothing was saved."""


class StatusRefusedError(ValueError):
    """The record's own rules refuse the status: the message is the one sentence its
    editor would show, :attr:`field` the field that sentence is about (``submitted_on``,
    ``no_go_reason``, ``notice_published_on``…)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


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


def _rules(kind: str) -> _Rules:
    # Imported here: these modules import this one (ConflictError, current_actor).
    from grantdesk.services import call_editing, codesign_editing, proposal_editing

    rules: dict[str, _Rules] = {
        "calls": (call_editing.load_form, call_editing.validate),
        "proposals": (proposal_editing.load_form, proposal_editing.validate),
        "codesigns": (codesign_editing.load_form, codesign_editing.validate),
    }
    return rules[kind]


def _stale() -> ConflictError:
    return ConflictError(
        _("Someone else changed this record meanwhile: it has been reloaded, try again.")
    )


def check_status(
    db: Database, kind: str, record_id: int, status: str, expected_version: int
) -> None:
    """Refuse *status* (``StatusRefusedError``) when the record's own editor would refuse
    it, with the sentence the editor shows; ``ConflictError`` when the record changed
    since *expected_version*, ``RecordNotFoundError`` when it is gone.

    Only what the new status adds counts: a record already lacking something (old or
    imported data) may still be moved, as long as the move asks for nothing new.
    """
    new = _MODELS[kind][1](status)
    load_form, validate = _rules(kind)
    form, version = load_form(db, record_id)
    if version != expected_version:
        raise _stale()
    before = {(e.field, e.message) for e in validate(form)}
    for error in validate(replace(form, status=new.value)):
        if (error.field, error.message) not in before:
            raise StatusRefusedError(error.message, error.field)


def set_status(
    db: Database,
    kind: str,
    record_id: int,
    status: str,
    expected_version: int,
    *,
    restoring: bool = False,
) -> StatusChange:
    """Move a record to *status*, refusing if it changed since *expected_version* or if
    its own rules refuse the status (:func:`check_status`).

    *restoring* (undo) puts back the status the record had, complete or not, as the
    editors' undo does.
    """
    model, vocabulary = _MODELS[kind]
    new = vocabulary(status)
    if not restoring:
        check_status(db, kind, record_id, new.value, expected_version)
    with db.transaction() as s:
        obj = s.scalars(select(model).where(model.id == record_id)).first()  # type: ignore[attr-defined]
        if obj is None:
            raise RecordNotFoundError(
                _("This record no longer exists: it may have been deleted from another desk.")
            )
        if obj.version != expected_version:
            raise _stale()
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
