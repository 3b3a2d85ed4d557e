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
from grantdesk.ui.record_command import ErrorHandler as ErrorHandler
from grantdesk.ui.record_command import IdAliases, RecordCommand

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


class CreateFunderCommand(_FunderCommand):
    """Record a new funder; undo deletes it, redo records it again."""

    def __init__(self, context: AppContext, form: FunderForm, on_error: ErrorHandler) -> None:
        super().__init__(
            _("new funder “{name}”").format(name=_short(form.name.strip())), context, on_error
        )
        self.form = replace(form)
        self.funder_id: int | None = None  # the first id it got: later ones are aliases

    def redo(self) -> None:
        from grantdesk.services.funder_editing import create_funder

        def step() -> None:
            new_id = create_funder(self._db(), self.form)
            if self.funder_id is None:
                self.funder_id = new_id
            else:
                self._follow(self.funder_id, new_id)
            self.form = self._load_form(self._db(), new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.funder_editing import delete_funder

        def step() -> None:
            assert self.funder_id is not None
            funder_id = self._current(self.funder_id)
            delete_funder(self._db(), funder_id, self._version_if_unchanged(funder_id, self.form))

        self._run(step)


class EditFunderCommand(_FunderCommand):
    """Save the dialog's form over a funder; undo puts the previous form back."""

    def __init__(
        self,
        context: AppContext,
        funder_id: int,
        old: FunderForm,
        new: FunderForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("edit funder “{name}”").format(name=_short(new.name.strip())), context, on_error
        )
        self.funder_id = funder_id
        self.old = replace(old)
        self.new = replace(new)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new)

    def undo(self) -> None:
        self._save(self.new, self.old)

    def _save(self, there: FunderForm, wanted: FunderForm) -> None:
        from grantdesk.services.funder_editing import update_funder

        def step() -> None:
            saved = self._save_form(self.funder_id, there, wanted, update_funder)
            if wanted is self.new:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeleteFunderCommand(_FunderCommand):
    """Delete a funder no call refers to; undo records it again (under a new id)."""

    def __init__(
        self,
        context: AppContext,
        funder_id: int,
        form: FunderForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("delete funder “{name}”").format(name=_short(form.name)), context, on_error
        )
        self.funder_id = funder_id
        self.form = replace(form)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        from grantdesk.services.funder_editing import delete_funder

        def step() -> None:
            funder_id = self._current(self.funder_id)
            version = self._first_or_checked_version(funder_id, self.form)
            self.form = delete_funder(self._db(), funder_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.funder_editing import create_funder

        def step() -> None:
            self._follow(self.funder_id, create_funder(self._db(), self.form))

        self._run(step)


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
