"""Removing deadlines (the undo of a roll-forward): checked, in one transaction, audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, select

from grantdesk.db.models import AuditEntry, Deadline
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.editing import ConflictError, current_actor


def deadline_versions(db: Database, ids: Iterable[int]) -> dict[int, int]:
    """The current version of each deadline of *ids* that still exists."""
    wanted = sorted(set(ids))
    found: dict[int, int] = {}
    with db.reading() as s:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for i, version in s.execute(
                select(Deadline.id, Deadline.version).where(Deadline.id.in_(chunk))
            ):
                found[i] = version
    return found


def delete_deadlines(
    db: Database, ids: Iterable[int], expected: Mapping[int, int] | None = None
) -> int:
    """Delete the deadlines *ids* in one transaction; how many were deleted.

    *expected* maps each id to the version the caller saw: when a deadline was changed or
    deleted since (another desk, another window), nothing is deleted and ``ConflictError``
    says so. One ``AuditEntry`` records the deletion.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    with db.transaction() as s:
        current: dict[int, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for i, version in s.execute(
                select(Deadline.id, Deadline.version)
                .where(Deadline.id.in_(chunk))
                .with_for_update()
            ):
                current[i] = version
        if expected is not None:
            missing = [i for i in wanted if i not in current]
            changed = [i for i in wanted if i in current and current[i] != expected.get(i)]
            if missing or changed:
                raise ConflictError(
                    _(
                        "These deadlines were changed or deleted meanwhile: "
                        "nothing has been deleted."
                    )
                )
        present = [i for i in wanted if i in current]
        for start in range(0, len(present), 500):
            chunk = present[start : start + 500]
            s.execute(
                delete(Deadline)
                .where(Deadline.id.in_(chunk))
                .execution_options(synchronize_session=False)
            )
        s.add(
            AuditEntry(
                actor=current_actor(),
                action="delete",
                entity=Deadline.__tablename__,
                entity_id=present[0] if len(present) == 1 else None,
                summary="deadlines " + ", ".join(str(i) for i in present),
            )
        )
    return len(present)
