"""What the undoable record commands share: write with the version seen, refuse in one sentence.

Like :class:`grantdesk.ui.commands.SetStatusCommand`, a :class:`RecordCommand` writes
through the services with the version it last saw, so an undo never overwrites what another
desk saved meanwhile. A refused step marks the command obsolete (the stack drops it) and
hands the sentence to *on_error* once the stack is done; ``failed`` holds it for the caller
and ``error`` the refusal itself.

A record deleted and brought back by undo gets a new id: commands further up the stack
still know the old one, so an :class:`IdAliases` remembers old id → new id per context.

:class:`CreateRecordCommand`, :class:`EditRecordCommand` and :class:`DeleteRecordCommand`
hold the steps every kind of record takes alike; a record's own command class supplies the
service calls (:meth:`RecordCommand._create_record`, ``_update_record``, ``_delete_record``,
``_load_form``) and names the id with a :class:`RecordId` (``call_id``, ``funder_id``…).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar
from weakref import WeakKeyDictionary

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from grantdesk.services.database import Database

ErrorHandler = Callable[[str], None]
IdT = TypeVar("IdT", bound=int | None)
FormT = TypeVar("FormT", bound="DataclassInstance")  # the form a record is edited with


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

    def _create_record(self, form: Any) -> int:
        """Record *form* (again); return the id it got."""
        raise NotImplementedError

    def _update_record(self, db: Database, record_id: int, form: Any, version: int) -> object:
        raise NotImplementedError

    def _delete_record(self, record_id: int, version: int) -> Any:
        """Delete the record; return its form when the service hands it back, else None."""
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


class RecordId(Generic[IdT]):
    """A record's own name for a command's ``record_id``: ``call_id = RecordId[int]()``."""

    def __get__(self, command: Any, owner: Any = None) -> IdT:
        record_id: IdT = command.record_id
        return record_id

    def __set__(self, command: Any, value: IdT) -> None:
        command.record_id = value


class CreateRecordCommand(RecordCommand, Generic[FormT]):
    """Record a new record; undo deletes it, redo records it again (under a new id)."""

    def __init__(self, text: str, context: AppContext, form: FormT, on_error: ErrorHandler) -> None:
        super().__init__(text, context, on_error)
        self.form: FormT = replace(form)
        self.record_id: int | None = None  # the first id it got: later ones are aliases

    def redo(self) -> None:
        def step() -> None:
            new_id = self._create_record(self.form)
            if self.record_id is None:
                self.record_id = new_id
            else:
                self._follow(self.record_id, new_id)
            self.form = self._load_form(self._db(), new_id)[0]

        self._run(step)

    def undo(self) -> None:
        def step() -> None:
            assert self.record_id is not None
            record_id = self._current(self.record_id)
            self._delete_record(record_id, self._version_if_unchanged(record_id, self.form))

        self._run(step)


class EditRecordCommand(RecordCommand, Generic[FormT]):
    """Save a form over a record; undo puts the previous form back."""

    def __init__(
        self,
        text: str,
        context: AppContext,
        record_id: int,
        old: FormT,
        new: FormT,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(text, context, on_error)
        self.record_id = record_id
        self.old: FormT = replace(old)
        self.new: FormT = replace(new)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new)

    def undo(self) -> None:
        self._save(self.new, self.old)

    def _save(self, there: FormT, wanted: FormT) -> None:
        def step() -> None:
            saved = self._save_form(self.record_id, there, wanted, self._update_record)
            if wanted is self.new:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeleteRecordCommand(RecordCommand, Generic[FormT]):
    """Delete a record; undo records it again under a new id, which the command follows,
    so redo deletes the copy."""

    # Read the record back after undo brought it again (it may differ from the form kept).
    reload_restored: ClassVar[bool] = False

    def __init__(
        self,
        text: str,
        context: AppContext,
        record_id: int,
        form: FormT,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(text, context, on_error)
        self.record_id = record_id
        self.form: FormT = replace(form)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        def step() -> None:
            record_id = self._current(self.record_id)
            version = self._first_or_checked_version(record_id, self.form)
            deleted = self._delete_record(record_id, version)
            if deleted is not None:
                self.form = deleted
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        def step() -> None:
            new_id = self._create_record(self.form)
            self._follow(self.record_id, new_id)
            if self.reload_restored:
                self.form = self._load_form(self._db(), new_id)[0]

        self._run(step)
