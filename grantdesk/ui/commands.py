"""Undoable changes made from the views, one ``QUndoCommand`` per user action.

Each command writes through the services with the record version it last saw, so an undo
never overwrites what another desk saved meanwhile: it fails with a message instead and
leaves the stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str], None]


def _short(title: str, limit: int = 48) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


class SetStatusCommand(QUndoCommand):
    """Move a call, proposal or co-design process to another status; undo moves it back.

    The first ``redo()`` (run by ``QUndoStack.push``) makes the change; when it is refused
    (the record's own rules refuse the status, someone else changed the record, or it was
    deleted) the command marks itself obsolete, so the stack drops it, and *on_error*
    receives the sentence to show. Undo puts the old status back as it was, complete or
    not (the rules are not asked again).
    """

    def __init__(
        self,
        context: AppContext,
        kind: str,
        record_id: int,
        title: str,
        status: str,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        from grantdesk.services.editing import statuses

        labels = {s.value: s.label for s in statuses(kind)}
        super().__init__(
            _("change status of “{title}” to {status}").format(
                title=_short(title), status=labels.get(status, status)
            )
        )
        self._context = context
        self.kind = kind
        self.record_id = record_id
        self.new_status = status
        self.old_status: str | None = None
        self.version = expected_version
        self._on_error = on_error

    def redo(self) -> None:
        self._apply(self.new_status)

    def undo(self) -> None:
        if self.old_status is not None:
            self._apply(self.old_status, restoring=True)

    def _apply(self, status: str, *, restoring: bool = False) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError, StatusRefusedError, set_status

        db = self._context.db
        if db is None:
            self.setObsolete(True)
            return
        try:
            change = set_status(
                db, self.kind, self.record_id, status, self.version, restoring=restoring
            )
        except (ConflictError, RecordNotFoundError, StatusRefusedError) as exc:
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("status change failed")
            self._fail(_("The change could not be saved: the database did not answer."))
            return
        if self.old_status is None:
            self.old_status = change.old
        self.version = change.version
        self._context.notify(self.kind)

    def _fail(self, message: str) -> None:
        self.setObsolete(True)
        handler = self._on_error
        # After the stack has dropped the command: a dialog must not run inside push/undo.
        QTimer.singleShot(0, lambda: handler(message))
        self._context.notify(self.kind)
