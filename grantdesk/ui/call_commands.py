"""Undoable creation, editing and deletion of calls.

Like :class:`grantdesk.ui.commands.SetStatusCommand`, each command writes through the
services with the version it last saw: an undo never overwrites what another desk saved
meanwhile. A refused step marks the command obsolete (the stack drops it) and hands the
sentence to *on_error* once the stack is done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from weakref import WeakKeyDictionary

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.services.call_editing import CallForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str], None]

# A call deleted and brought back by undo/redo gets a new id: commands further up the
# stack still know the old one, so each context remembers old id → new id.
_ALIASES: WeakKeyDictionary[AppContext, dict[int, int]] = WeakKeyDictionary()


def current_call_id(context: AppContext, call_id: int) -> int:
    """The id *call_id* goes by now, after undo/redo brought the call back."""
    aliases = _ALIASES.get(context, {})
    while call_id in aliases:
        call_id = aliases[call_id]
    return call_id


def _alias(context: AppContext, old: int, new: int) -> None:
    if old != new:
        _ALIASES.setdefault(context, {})[old] = new


def _version_if_unchanged(context: AppContext, call_id: int, expected: CallForm) -> int:
    """The call's version, provided it still holds *expected* (else ConflictError)."""
    from grantdesk.services.call_editing import load_form
    from grantdesk.services.editing import ConflictError

    assert context.db is not None
    form, version = load_form(context.db, call_id)
    if form != expected:
        raise ConflictError(
            _("Someone else changed this call meanwhile: it has been reloaded, try again.")
        )
    return version


class _CallCommand(QUndoCommand):
    def __init__(self, text: str, context: AppContext, on_error: ErrorHandler) -> None:
        super().__init__(text)
        self._context = context
        self._on_error = on_error
        self.failed = ""

    def _run(self, step: Callable[[], None]) -> None:
        from grantdesk.services.call_editing import CallInUseError
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError

        if self._context.db is None:
            self._fail(_("No database is open."))
            return
        try:
            step()
        except (ConflictError, RecordNotFoundError, CallInUseError, ValueError) as exc:
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("call change failed")
            self._fail(_("The change could not be saved: the database did not answer."))
            return
        self._context.notify("calls")

    def _fail(self, message: str) -> None:
        self.failed = message
        self.setObsolete(True)
        handler = self._on_error
        # After the stack has dropped the command: a dialog must not run inside push/undo.
        QTimer.singleShot(0, lambda: handler(message))
        self._context.notify("calls")


class CreateCallCommand(_CallCommand):
    """Record a new call; undo deletes it, redo records it again."""

    def __init__(self, context: AppContext, form: CallForm, on_error: ErrorHandler) -> None:
        super().__init__(
            _("new call “{title}”").format(title=_short(form.title.strip())), context, on_error
        )
        self.form = replace(form)
        self.call_id: int | None = None  # the first id it got: later ones are aliases

    def redo(self) -> None:
        from grantdesk.services.call_editing import create_call, load_form

        def step() -> None:
            db = self._context.db
            assert db is not None
            new_id = create_call(db, self.form)
            if self.call_id is None:
                self.call_id = new_id
            else:
                _alias(self._context, current_call_id(self._context, self.call_id), new_id)
            self.form = load_form(db, new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.call_editing import delete_call

        def step() -> None:
            assert self._context.db is not None and self.call_id is not None
            call_id = current_call_id(self._context, self.call_id)
            version = _version_if_unchanged(self._context, call_id, self.form)
            delete_call(self._context.db, call_id, version)

        self._run(step)


class EditCallCommand(_CallCommand):
    """Save the editor's form over a call; undo puts the previous form back."""

    def __init__(
        self,
        context: AppContext,
        call_id: int,
        old: CallForm,
        new: CallForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("edit call “{title}”").format(title=_short(new.title.strip())), context, on_error
        )
        self.call_id = call_id
        self.old = replace(old)
        self.new = replace(new)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new)

    def undo(self) -> None:
        self._save(self.new, self.old)

    def _save(self, there: CallForm, wanted: CallForm) -> None:
        from grantdesk.services.call_editing import load_form, update_call

        def step() -> None:
            db = self._context.db
            assert db is not None
            call_id = current_call_id(self._context, self.call_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, call_id, there)
            self._first_version = None
            update_call(db, call_id, wanted, version)
            saved = load_form(db, call_id)[0]
            if wanted is self.new:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeleteCallCommand(_CallCommand):
    """Delete a call (with its deadlines); undo records it again, deadlines included.

    The call comes back under a new id: the command follows it, so redo deletes the copy.
    """

    def __init__(
        self,
        context: AppContext,
        call_id: int,
        form: CallForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("delete call “{title}”").format(title=_short(form.title)), context, on_error
        )
        self.call_id = call_id
        self.form = replace(form)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        from grantdesk.services.call_editing import delete_call

        def step() -> None:
            assert self._context.db is not None
            call_id = current_call_id(self._context, self.call_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, call_id, self.form)
            delete_call(self._context.db, call_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.call_editing import create_call

        def step() -> None:
            assert self._context.db is not None
            new_id = create_call(self._context.db, self.form)
            _alias(self._context, current_call_id(self._context, self.call_id), new_id)

        self._run(step)


# -- the calls list's toolbar and deleting ---------------------------------------------
