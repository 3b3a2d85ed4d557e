"""Undoable changes to contacts: create, edit, delete, and "keep" in the retention review.

Like :mod:`grantdesk.ui.funder_commands`, each command writes through the services with the
version it last saw, so an undo never overwrites what another desk saved meanwhile; a
refused step marks the command obsolete (the stack drops it) and hands the sentence to
*on_error* once the stack is done.

Erasing a contact is deliberately *not* a command: it destroys the data, and then clears
the whole undo stack, whose commands may hold copies of it
(:func:`grantdesk.ui.people_erase.forget_undo_history`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.services.people import PersonForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext

if TYPE_CHECKING:
    from grantdesk.services.database import Database

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str], None]

# A contact deleted and brought back by undo/redo gets a new id: commands further up the
# stack still know the old one, so each context remembers old id → new id.
_ALIASES: WeakKeyDictionary[AppContext, dict[int, int]] = WeakKeyDictionary()


def current_person_id(context: AppContext, person_id: int) -> int:
    """The id *person_id* goes by now, after undo/redo brought the contact back."""
    aliases = _ALIASES.get(context, {})
    while person_id in aliases:
        person_id = aliases[person_id]
    return person_id


def _alias(context: AppContext, old: int, new: int) -> None:
    if old != new:
        _ALIASES.setdefault(context, {})[old] = new


def _name(form: PersonForm) -> str:
    return _short(f"{form.first_name} {form.last_name}".strip())


def _version_if_unchanged(context: AppContext, person_id: int, expected: PersonForm) -> int:
    """The contact's version, provided it still holds *expected* (else ConflictError)."""
    from grantdesk.services.editing import ConflictError
    from grantdesk.services.people import load_person

    assert context.db is not None
    form, version = load_person(context.db, person_id)
    if form != expected:
        raise ConflictError(
            _("Someone else changed this contact meanwhile: it has been reloaded, try again.")
        )
    return version


class _PersonCommand(QUndoCommand):
    def __init__(self, text: str, context: AppContext, on_error: ErrorHandler) -> None:
        super().__init__(text)
        self._context = context
        self._on_error = on_error
        self.failed = ""

    def _run(self, step: Callable[[], None]) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError
        from grantdesk.services.people import PersonInUseError

        self.failed = ""
        if self._context.db is None:
            self._fail(_("No database is open."))
            return
        try:
            step()
        except (ConflictError, RecordNotFoundError, PersonInUseError, ValueError) as exc:
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("contact change failed")
            self._fail(_("The change could not be saved: the database did not answer."))
            return
        self._context.notify("organizations")

    def _fail(self, message: str) -> None:
        self.failed = message
        self.setObsolete(True)
        handler = self._on_error
        # After the stack has dropped the command: a dialog must not run inside push/undo.
        QTimer.singleShot(0, lambda: handler(message))
        self._context.notify("organizations")

    def _db(self) -> Database:
        db = self._context.db
        assert db is not None
        return db


class CreatePersonCommand(_PersonCommand):
    """Record a new contact; undo deletes it, redo records it again."""

    def __init__(self, context: AppContext, form: PersonForm, on_error: ErrorHandler) -> None:
        super().__init__(_("new contact “{name}”").format(name=_name(form)), context, on_error)
        self.form = replace(form)
        self.person_id: int | None = None  # the first id it got: later ones are aliases

    def redo(self) -> None:
        from grantdesk.services.people import create_person, load_person

        def step() -> None:
            new_id = create_person(self._db(), self.form)
            if self.person_id is None:
                self.person_id = new_id
            else:
                _alias(self._context, current_person_id(self._context, self.person_id), new_id)
            self.form = load_person(self._db(), new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.people import delete_person

        def step() -> None:
            assert self.person_id is not None
            person_id = current_person_id(self._context, self.person_id)
            version = _version_if_unchanged(self._context, person_id, self.form)
            delete_person(self._db(), person_id, version)

        self._run(step)


class EditPersonCommand(_PersonCommand):
    """Save the form over a contact; undo puts the previous form back."""

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        old: PersonForm,
        new: PersonForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(_("edit contact “{name}”").format(name=_name(new)), context, on_error)
        self.person_id = person_id
        self.old = replace(old)
        self.new = replace(new)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new)

    def undo(self) -> None:
        self._save(self.new, self.old)

    def _save(self, there: PersonForm, wanted: PersonForm) -> None:
        from grantdesk.services.people import load_person, update_person

        def step() -> None:
            person_id = current_person_id(self._context, self.person_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, person_id, there)
            self._first_version = None
            update_person(self._db(), person_id, wanted, version)
            saved = load_person(self._db(), person_id)[0]
            if wanted is self.new:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeletePersonCommand(_PersonCommand):
    """Delete a contact no meeting names; undo records it again (under a new id)."""

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        form: PersonForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(_("delete contact “{name}”").format(name=_name(form)), context, on_error)
        self.person_id = person_id
        self.form = replace(form)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        from grantdesk.services.people import delete_person

        def step() -> None:
            person_id = current_person_id(self._context, self.person_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, person_id, self.form)
            self.form = delete_person(self._db(), person_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.people import create_person

        def step() -> None:
            new_id = create_person(self._db(), self.form)
            _alias(self._context, current_person_id(self._context, self.person_id), new_id)

        self._run(step)


class KeepPersonCommand(_PersonCommand):
    """The retention review keeps a contact (last activity: now); undo puts the old one back."""

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        name: str,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(_("keep contact “{name}”").format(name=_short(name)), context, on_error)
        self.person_id = person_id
        self._version = expected_version
        self._previous: datetime | None = None

    def redo(self) -> None:
        from grantdesk.services.people import keep_person

        def step() -> None:
            person_id = current_person_id(self._context, self.person_id)
            self._previous, self._version = keep_person(self._db(), person_id, self._version)

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.people import restore_activity

        def step() -> None:
            person_id = current_person_id(self._context, self.person_id)
            self._version = restore_activity(self._db(), person_id, self._previous, self._version)

        self._run(step)
