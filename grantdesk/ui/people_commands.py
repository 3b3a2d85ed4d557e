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

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from grantdesk.i18n import _
from grantdesk.services.people import PersonForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext
from grantdesk.ui.record_command import ErrorHandler as ErrorHandler
from grantdesk.ui.record_command import IdAliases, RecordCommand

if TYPE_CHECKING:
    from grantdesk.services.database import Database

# A contact deleted and brought back by undo/redo gets a new id: commands further up the
# stack still know the old one, so each context remembers old id → new id.
_ALIASES = IdAliases()


def current_person_id(context: AppContext, person_id: int) -> int:
    """The id *person_id* goes by now, after undo/redo brought the contact back."""
    return _ALIASES.current(context, person_id)


def _name(form: PersonForm) -> str:
    return _short(f"{form.first_name} {form.last_name}".strip())


class _PersonCommand(RecordCommand):
    kind = "organizations"
    what = "contact"
    aliases = _ALIASES

    def _refusals(self) -> tuple[type[Exception], ...]:
        from grantdesk.services.people import PersonInUseError

        return (*super()._refusals(), PersonInUseError)

    def _load_form(self, db: Database, record_id: int) -> tuple[PersonForm, int]:
        from grantdesk.services.people import load_person

        return load_person(db, record_id)

    def _conflict_message(self) -> str:
        return _("Someone else changed this contact meanwhile: it has been reloaded, try again.")


class CreatePersonCommand(_PersonCommand):
    """Record a new contact; undo deletes it, redo records it again."""

    def __init__(self, context: AppContext, form: PersonForm, on_error: ErrorHandler) -> None:
        super().__init__(_("new contact “{name}”").format(name=_name(form)), context, on_error)
        self.form = replace(form)
        self.person_id: int | None = None  # the first id it got: later ones are aliases

    def redo(self) -> None:
        from grantdesk.services.people import create_person

        def step() -> None:
            new_id = create_person(self._db(), self.form)
            if self.person_id is None:
                self.person_id = new_id
            else:
                self._follow(self.person_id, new_id)
            self.form = self._load_form(self._db(), new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.people import delete_person

        def step() -> None:
            assert self.person_id is not None
            person_id = self._current(self.person_id)
            delete_person(self._db(), person_id, self._version_if_unchanged(person_id, self.form))

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
        from grantdesk.services.people import update_person

        def step() -> None:
            saved = self._save_form(self.person_id, there, wanted, update_person)
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
            person_id = self._current(self.person_id)
            version = self._first_or_checked_version(person_id, self.form)
            self.form = delete_person(self._db(), person_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.people import create_person

        def step() -> None:
            self._follow(self.person_id, create_person(self._db(), self.form))

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
            person_id = self._current(self.person_id)
            self._previous, self._version = keep_person(self._db(), person_id, self._version)

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.people import restore_activity

        def step() -> None:
            person_id = self._current(self.person_id)
            self._version = restore_activity(self._db(), person_id, self._previous, self._version)

        self._run(step)
