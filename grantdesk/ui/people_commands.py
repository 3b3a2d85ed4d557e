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

from datetime import datetime
from typing import TYPE_CHECKING

from grantdesk.i18n import _
from grantdesk.services.people import PersonForm
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

    def _create_record(self, form: PersonForm) -> int:
        from grantdesk.services.people import create_person

        return create_person(self._db(), form)

    def _update_record(self, db: Database, record_id: int, form: PersonForm, version: int) -> int:
        from grantdesk.services.people import update_person

        return update_person(db, record_id, form, version)

    def _delete_record(self, record_id: int, version: int) -> PersonForm:
        from grantdesk.services.people import delete_person

        return delete_person(self._db(), record_id, version)


class CreatePersonCommand(_PersonCommand, CreateRecordCommand[PersonForm]):
    """Record a new contact; undo deletes it, redo records it again."""

    person_id = RecordId[int | None]()

    def __init__(self, context: AppContext, form: PersonForm, on_error: ErrorHandler) -> None:
        text = _("new contact “{name}”").format(name=_name(form))
        super().__init__(text, context, form, on_error)


class EditPersonCommand(_PersonCommand, EditRecordCommand[PersonForm]):
    """Save the form over a contact; undo puts the previous form back."""

    person_id = RecordId[int]()

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        old: PersonForm,
        new: PersonForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("edit contact “{name}”").format(name=_name(new))
        super().__init__(text, context, person_id, old, new, expected_version, on_error)


class DeletePersonCommand(_PersonCommand, DeleteRecordCommand[PersonForm]):
    """Delete a contact no meeting names; undo records it again (under a new id)."""

    person_id = RecordId[int]()

    def __init__(
        self,
        context: AppContext,
        person_id: int,
        form: PersonForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("delete contact “{name}”").format(name=_name(form))
        super().__init__(text, context, person_id, form, expected_version, on_error)


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
