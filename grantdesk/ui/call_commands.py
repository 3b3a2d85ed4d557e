"""Undoable creation, editing and deletion of calls.

Like :class:`grantdesk.ui.commands.SetStatusCommand`, each command writes through the
services with the version it last saw: an undo never overwrites what another desk saved
meanwhile. A refused step marks the command obsolete (the stack drops it) and hands the
sentence to *on_error* once the stack is done.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from grantdesk.i18n import _
from grantdesk.services.call_editing import CallForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext
from grantdesk.ui.record_command import ErrorHandler as ErrorHandler
from grantdesk.ui.record_command import IdAliases, RecordCommand

if TYPE_CHECKING:
    from grantdesk.services.database import Database

# A call deleted and brought back by undo/redo gets a new id: commands further up the
# stack still know the old one, so each context remembers old id → new id.
_ALIASES = IdAliases()


def current_call_id(context: AppContext, call_id: int) -> int:
    """The id *call_id* goes by now, after undo/redo brought the call back."""
    return _ALIASES.current(context, call_id)


class _CallCommand(RecordCommand):
    kind = "calls"
    what = "call"
    aliases = _ALIASES

    def _refusals(self) -> tuple[type[Exception], ...]:
        from grantdesk.services.call_editing import CallInUseError

        return (*super()._refusals(), CallInUseError)

    def _load_form(self, db: Database, record_id: int) -> tuple[CallForm, int]:
        from grantdesk.services.call_editing import load_form

        return load_form(db, record_id)

    def _conflict_message(self) -> str:
        return _("Someone else changed this call meanwhile: it has been reloaded, try again.")


class CreateCallCommand(_CallCommand):
    """Record a new call; undo deletes it, redo records it again."""

    def __init__(self, context: AppContext, form: CallForm, on_error: ErrorHandler) -> None:
        super().__init__(
            _("new call “{title}”").format(title=_short(form.title.strip())), context, on_error
        )
        self.form = replace(form)
        self.call_id: int | None = None  # the first id it got: later ones are aliases

    def redo(self) -> None:
        from grantdesk.services.call_editing import create_call

        def step() -> None:
            new_id = create_call(self._db(), self.form)
            if self.call_id is None:
                self.call_id = new_id
            else:
                self._follow(self.call_id, new_id)
            self.form = self._load_form(self._db(), new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.call_editing import delete_call

        def step() -> None:
            assert self.call_id is not None
            call_id = self._current(self.call_id)
            delete_call(self._db(), call_id, self._version_if_unchanged(call_id, self.form))

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
        from grantdesk.services.call_editing import update_call

        def step() -> None:
            saved = self._save_form(self.call_id, there, wanted, update_call)
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
            call_id = self._current(self.call_id)
            version = self._first_or_checked_version(call_id, self.form)
            delete_call(self._db(), call_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.call_editing import create_call

        def step() -> None:
            self._follow(self.call_id, create_call(self._db(), self.form))

        self._run(step)
