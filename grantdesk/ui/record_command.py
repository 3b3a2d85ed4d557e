"""What the undoable record commands share: write with the version seen, refuse in one sentence.

Like :class:`grantdesk.ui.commands.SetStatusCommand`, a :class:`RecordCommand` writes
through the services with the version it last saw, so an undo never overwrites what another
desk saved meanwhile. A refused step marks the command obsolete (the stack drops it) and
hands the sentence to *on_error* once the stack is done; ``failed`` holds it for the caller
and ``error`` the refusal itself.

A record deleted and brought back by undo gets a new id: commands further up the stack
still know the old one, so an :class:`IdAliases` remembers old id → new id per context.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext

if TYPE_CHECKING:
    from grantdesk.services.database import Database

ErrorHandler = Callable[[str], None]


class IdAliases:
    """Old id → new id for one kind of record, per context."""

    def __init__(self) -> None:
        self._by_context: WeakKeyDictionary[AppContext, dict[int, int]] = WeakKeyDictionary()

    def current(self, context: AppContext, record_id: int) -> int:
        """The id *record_id* goes by now, after undo/redo brought the record back."""
        aliases = self._by_context.get(context, {})
        while record_id in aliases:
            record_id = aliases[record_id]
        return record_id

    def add(self, context: AppContext, old: int, new: int) -> None:
        if old != new:
            self._by_context.setdefault(context, {})[old] = new


class RecordCommand(QUndoCommand):
    """One undoable step on a record, run through :meth:`_run`.

    Subclasses set ``kind`` (what :meth:`AppContext.notify` is told after each step) and
    ``what`` (the log's name for the record); those that follow ids set ``aliases`` and
    implement :meth:`_load_form` and :meth:`_conflict_message`.
    """

    kind: ClassVar[str]
    what: ClassVar[str]
    aliases: ClassVar[IdAliases]
    # The version the user saw, for the first step; later steps compare the content.
    _first_version: int | None = None

    def __init__(self, text: str, context: AppContext, on_error: ErrorHandler) -> None:
        super().__init__(text)
        self._context = context
        self._on_error = on_error
        self.failed = ""
        self.error: Exception | None = None

    # -- running a step -------------------------------------------------------------------

    def _refusals(self) -> tuple[type[Exception], ...]:
        """The errors that refuse a step with a sentence of their own."""
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError

        return (ConflictError, RecordNotFoundError, ValueError)

    def _run(self, step: Callable[[], None]) -> None:
        self.failed = ""
        if self._context.db is None:
            self._fail(_("No database is open."))
            return
        try:
            step()
        except self._refusals() as exc:
            self.error = exc
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            logging.getLogger(type(self).__module__).exception("%s change failed", self.what)
            self._fail(_("The change could not be saved: the database did not answer."))
            return
        self._context.notify(self.kind)

    def _fail(self, message: str) -> None:
        self.failed = message
        self.setObsolete(True)
        handler = self._on_error
        # After the stack has dropped the command: a dialog must not run inside push/undo.
        QTimer.singleShot(0, lambda: handler(message))
        self._context.notify(self.kind)

    def _db(self) -> Database:
        db = self._context.db
        assert db is not None
        return db

    # -- following ids and versions -------------------------------------------------------

    def _current(self, record_id: int) -> int:
        """The id *record_id* goes by now."""
        return self.aliases.current(self._context, record_id)

    def _follow(self, old_id: int, new_id: int) -> None:
        """The record once known as *old_id* is now *new_id*."""
        self.aliases.add(self._context, self._current(old_id), new_id)

    def _load_form(self, db: Database, record_id: int) -> tuple[Any, int]:
        raise NotImplementedError

    def _conflict_message(self) -> str:
        raise NotImplementedError

    def _version_if_unchanged(self, record_id: int, expected: Any) -> int:
        """The record's version, provided it still holds *expected* (else ConflictError)."""
        from grantdesk.services.editing import ConflictError

        form, version = self._load_form(self._db(), record_id)
        if form != expected:
            raise ConflictError(self._conflict_message())
        return version

    def _first_or_checked_version(self, record_id: int, expected: Any) -> int:
        """The version the user saw, the first time; after that, the content is checked."""
        if self._first_version is not None:
            return self._first_version
        return self._version_if_unchanged(record_id, expected)

    def _save_form(
        self, record_id: int, there: Any, wanted: Any, update: Callable[..., object]
    ) -> Any:
        """Write *wanted* over the record, which should hold *there*; return what was saved."""
        record_id = self._current(record_id)
        version = self._first_or_checked_version(record_id, there)
        self._first_version = None
        update(self._db(), record_id, wanted, version)
        return self._load_form(self._db(), record_id)[0]
