"""Undoable creation, editing, deletion and merging of funders.

Like :mod:`grantdesk.ui.call_commands`, each command writes through the services with the
version it last saw: an undo never overwrites what another desk saved meanwhile. A refused
step marks the command obsolete (the stack drops it) and hands the sentence to *on_error*
once the stack is done. Calls show their funder's name, so every step tells the views that
calls changed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from grantdesk.i18n import _
from grantdesk.services.funder_editing import FunderForm
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

# A funder deleted and brought back by undo/redo gets a new id: commands further up the
# stack still know the old one, so each context remembers old id → new id.
_ALIASES = IdAliases()


def current_funder_id(context: AppContext, funder_id: int) -> int:
    """The id *funder_id* goes by now, after undo/redo brought the funder back."""
    return _ALIASES.current(context, funder_id)


class _FunderCommand(RecordCommand):
    kind = "calls"
    what = "funder"
    aliases = _ALIASES

    def _refusals(self) -> tuple[type[Exception], ...]:
        from grantdesk.services.funder_editing import FunderInUseError

        return (*super()._refusals(), FunderInUseError)

    def _load_form(self, db: Database, record_id: int) -> tuple[FunderForm, int]:
        from grantdesk.services.funder_editing import load_funder

        return load_funder(db, record_id)

    def _conflict_message(self) -> str:
        return _("Someone else changed this funder meanwhile: it has been reloaded, try again.")

    def _create_record(self, form: FunderForm) -> int:
        from grantdesk.services.funder_editing import create_funder

        return create_funder(self._db(), form)

    def _update_record(self, db: Database, record_id: int, form: FunderForm, version: int) -> int:
        from grantdesk.services.funder_editing import update_funder

        return update_funder(db, record_id, form, version)

    def _delete_record(self, record_id: int, version: int) -> FunderForm:
        from grantdesk.services.funder_editing import delete_funder

        return delete_funder(self._db(), record_id, version)


class CreateFunderCommand(_FunderCommand, CreateRecordCommand[FunderForm]):
    """Record a new funder; undo deletes it, redo records it again."""

    funder_id = RecordId[int | None]()

    def __init__(self, context: AppContext, form: FunderForm, on_error: ErrorHandler) -> None:
        text = _("new funder “{name}”").format(name=_short(form.name.strip()))
        super().__init__(text, context, form, on_error)


class EditFunderCommand(_FunderCommand, EditRecordCommand[FunderForm]):
    """Save the dialog's form over a funder; undo puts the previous form back."""

    funder_id = RecordId[int]()

    def __init__(
        self,
        context: AppContext,
        funder_id: int,
        old: FunderForm,
        new: FunderForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("edit funder “{name}”").format(name=_short(new.name.strip()))
        super().__init__(text, context, funder_id, old, new, expected_version, on_error)


class DeleteFunderCommand(_FunderCommand, DeleteRecordCommand[FunderForm]):
    """Delete a funder no call refers to; undo records it again (under a new id)."""

    funder_id = RecordId[int]()

    def __init__(
        self,
        context: AppContext,
        funder_id: int,
        form: FunderForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("delete funder “{name}”").format(name=_short(form.name))
        super().__init__(text, context, funder_id, form, expected_version, on_error)


class MergeFundersCommand(_FunderCommand):
    """Move a duplicate funder's calls to another funder and delete the duplicate.

    Undo records the duplicate again (under a new id) and gives it back the calls it had.
    """

    def __init__(
        self,
        context: AppContext,
        source_id: int,
        source: FunderForm,
        source_version: int,
        target_id: int,
        target_name: str,
        target_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("merge “{name}” into “{target}”").format(
                name=_short(source.name), target=_short(target_name)
            ),
            context,
            on_error,
        )
        self.source_id = source_id
        self.target_id = target_id
        self.source = replace(source)
        self._versions: tuple[int, int] | None = (source_version, target_version)
        self.moved: list[int] = []

    def redo(self) -> None:
        from grantdesk.services.funder_editing import merge_funders

        def step() -> None:
            source_id = self._current(self.source_id)
            target_id = self._current(self.target_id)
            if self._versions is None:
                source_version = self._version_if_unchanged(source_id, self.source)
                target_version = self._load_form(self._db(), target_id)[1]
            else:
                source_version, target_version = self._versions
            self.moved = merge_funders(
                self._db(), source_id, target_id, source_version, target_version
            )
            self._versions = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.funder_editing import unmerge_funder

        def step() -> None:
            target_id = self._current(self.target_id)
            new_id = unmerge_funder(self._db(), self.source, target_id, self.moved)
            self._follow(self.source_id, new_id)

        self._run(step)
