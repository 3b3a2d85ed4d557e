"""Undoable creation, editing and deletion of calls.

Like :class:`grantdesk.ui.commands.SetStatusCommand`, each command writes through the
services with the version it last saw: an undo never overwrites what another desk saved
meanwhile. A refused step marks the command obsolete (the stack drops it) and hands the
sentence to *on_error* once the stack is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from grantdesk.i18n import _
from grantdesk.services.call_editing import CallForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext
from grantdesk.ui.record_command import (
    CreateRecordCommand,
    DeleteRecordCommand,
    EditRecordCommand,
    IdAliases,
    RecordCommand,
    RecordId,
)
from grantdesk.ui.record_command import ErrorHandler as ErrorHandler

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

    def _create_record(self, form: CallForm) -> int:
        from grantdesk.services.call_editing import create_call

        return create_call(self._db(), form)

    def _update_record(self, db: Database, record_id: int, form: CallForm, version: int) -> int:
        from grantdesk.services.call_editing import update_call

        return update_call(db, record_id, form, version)

    def _delete_record(self, record_id: int, version: int) -> None:
        from grantdesk.services.call_editing import delete_call

        delete_call(self._db(), record_id, version)


class CreateCallCommand(_CallCommand, CreateRecordCommand[CallForm]):
    """Record a new call; undo deletes it, redo records it again."""

    call_id = RecordId[int | None]()

    def __init__(self, context: AppContext, form: CallForm, on_error: ErrorHandler) -> None:
        text = _("new call “{title}”").format(title=_short(form.title.strip()))
        super().__init__(text, context, form, on_error)


class EditCallCommand(_CallCommand, EditRecordCommand[CallForm]):
    """Save the editor's form over a call; undo puts the previous form back."""

    call_id = RecordId[int]()

    def __init__(
        self,
        context: AppContext,
        call_id: int,
        old: CallForm,
        new: CallForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("edit call “{title}”").format(title=_short(new.title.strip()))
        super().__init__(text, context, call_id, old, new, expected_version, on_error)


class DeleteCallCommand(_CallCommand, DeleteRecordCommand[CallForm]):
    """Delete a call (with its deadlines); undo records it again, deadlines included.

    The call comes back under a new id: the command follows it, so redo deletes the copy.
    """

    call_id = RecordId[int]()

    def __init__(
        self,
        context: AppContext,
        call_id: int,
        form: CallForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("delete call “{title}”").format(title=_short(form.title))
        super().__init__(text, context, call_id, form, expected_version, on_error)
