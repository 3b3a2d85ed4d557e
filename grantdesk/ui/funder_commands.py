"""Undoable creation, editing, deletion and merging of funders.

Like :mod:`grantdesk.ui.call_commands`, each command writes through the services with the
version it last saw: an undo never overwrites what another desk saved meanwhile. A refused
step marks the command obsolete (the stack drops it) and hands the sentence to *on_error*
once the stack is done. Calls show their funder's name, so every step tells the views that
calls changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.services.funder_editing import FunderForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext

if TYPE_CHECKING:
    from grantdesk.services.database import Database

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str], None]

# A funder deleted and brought back by undo/redo gets a new id: commands further up the
# stack still know the old one, so each context remembers old id → new id.
_ALIASES: WeakKeyDictionary[AppContext, dict[int, int]] = WeakKeyDictionary()


def current_funder_id(context: AppContext, funder_id: int) -> int:
    """The id *funder_id* goes by now, after undo/redo brought the funder back."""
    aliases = _ALIASES.get(context, {})
    while funder_id in aliases:
        funder_id = aliases[funder_id]
    return funder_id


def _alias(context: AppContext, old: int, new: int) -> None:
    if old != new:
        _ALIASES.setdefault(context, {})[old] = new


def _version_if_unchanged(context: AppContext, funder_id: int, expected: FunderForm) -> int:
    """The funder's version, provided it still holds *expected* (else ConflictError)."""
    from grantdesk.services.editing import ConflictError
    from grantdesk.services.funder_editing import load_funder

    assert context.db is not None
    form, version = load_funder(context.db, funder_id)
    if form != expected:
        raise ConflictError(
            _("Someone else changed this funder meanwhile: it has been reloaded, try again.")
        )
    return version


class _FunderCommand(QUndoCommand):
    def __init__(self, text: str, context: AppContext, on_error: ErrorHandler) -> None:
        super().__init__(text)
        self._context = context
        self._on_error = on_error
        self.failed = ""

    def _run(self, step: Callable[[], None]) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError
        from grantdesk.services.funder_editing import FunderInUseError

        self.failed = ""
        if self._context.db is None:
            self._fail(_("No database is open."))
            return
        try:
            step()
        except (ConflictError, RecordNotFoundError, FunderInUseError, ValueError) as exc:
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("funder change failed")
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

    def _db(self) -> Database:
        db = self._context.db
        assert db is not None
        return db


class CreateFunderCommand(_FunderCommand):
    """Record a new funder; undo deletes it, redo records it again."""

    def __init__(self, context: AppContext, form: FunderForm, on_error: ErrorHandler) -> None:
        super().__init__(
            _("new funder “{name}”").format(name=_short(form.name.strip())), context, on_error
        )
        self.form = replace(form)
        self.funder_id: int | None = None  # the first id it got: later ones are aliases

    def redo(self) -> None:
        from grantdesk.services.funder_editing import create_funder, load_funder

        def step() -> None:
            new_id = create_funder(self._db(), self.form)
            if self.funder_id is None:
                self.funder_id = new_id
            else:
                _alias(self._context, current_funder_id(self._context, self.funder_id), new_id)
            self.form = load_funder(self._db(), new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.funder_editing import delete_funder

        def step() -> None:
            assert self.funder_id is not None
            funder_id = current_funder_id(self._context, self.funder_id)
            version = _version_if_unchanged(self._context, funder_id, self.form)
            delete_funder(self._db(), funder_id, version)

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
        from grantdesk.services.funder_editing import load_funder, update_funder

        def step() -> None:
            funder_id = current_funder_id(self._context, self.funder_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, funder_id, there)
            self._first_version = None
            update_funder(self._db(), funder_id, wanted, version)
            saved = load_funder(self._db(), funder_id)[0]
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
            funder_id = current_funder_id(self._context, self.funder_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, funder_id, self.form)
            self.form = delete_funder(self._db(), funder_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.funder_editing import create_funder

        def step() -> None:
            new_id = create_funder(self._db(), self.form)
            _alias(self._context, current_funder_id(self._context, self.funder_id), new_id)

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
        from grantdesk.services.funder_editing import load_funder, merge_funders

        def step() -> None:
            source_id = current_funder_id(self._context, self.source_id)
            target_id = current_funder_id(self._context, self.target_id)
            if self._versions is None:
                source_version = _version_if_unchanged(self._context, source_id, self.source)
                target_version = load_funder(self._db(), target_id)[1]
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
            target_id = current_funder_id(self._context, self.target_id)
            new_id = unmerge_funder(self._db(), self.source, target_id, self.moved)
            _alias(self._context, current_funder_id(self._context, self.source_id), new_id)

        self._run(step)
