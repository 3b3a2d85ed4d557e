"""Undoable creation, editing, deletion and merging of organizations.

Like :mod:`grantdesk.ui.call_commands`, each command writes through the services with the
version it last saw, so an undo never overwrites what another desk saved meanwhile. A
refused step marks the command obsolete (the stack drops it) and hands the sentence to
*on_error* once the stack is done.

An organization deleted (or merged away) and brought back by undo gets a new id: each
context remembers old id → new id, so commands further up the stack still find it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from grantdesk.i18n import _
from grantdesk.services.organization_editing import OrganizationForm
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
    from grantdesk.services.organization_deletion import DeletedOrganization
    from grantdesk.services.organization_merge import MergeResult

_ALIASES = IdAliases()


def current_organization_id(context: AppContext, organization_id: int) -> int:
    """The id *organization_id* goes by now, after undo/redo brought the record back."""
    return _ALIASES.current(context, organization_id)


class _OrganizationCommand(RecordCommand):
    kind = "organizations"
    what = "organization"
    aliases = _ALIASES
    # What the last deletion took away, for undo/redo to restore with every link it had.
    _deleted: DeletedOrganization | None = None

    def _refusals(self) -> tuple[type[Exception], ...]:
        from grantdesk.services.organization_deletion import OrganizationInUseError

        return (*super()._refusals(), OrganizationInUseError)

    def _load_form(self, db: Database, record_id: int) -> tuple[OrganizationForm, int]:
        from grantdesk.services.organization_editing import load_form

        return load_form(db, record_id)

    def _conflict_message(self) -> str:
        return _(
            "Someone else changed this organization meanwhile: it has been reloaded, try again."
        )

    def _create_record(self, form: OrganizationForm) -> int:
        from grantdesk.services.organization_deletion import restore_organization
        from grantdesk.services.organization_editing import create_organization

        if self._deleted is None:
            return create_organization(self._db(), form)
        return restore_organization(self._db(), self._deleted)  # with contacts added meanwhile

    def _update_record(
        self, db: Database, record_id: int, form: OrganizationForm, version: int
    ) -> int:
        from grantdesk.services.organization_editing import update_organization

        return update_organization(db, record_id, form, version)

    def _delete_record(self, record_id: int, version: int) -> None:
        from grantdesk.services.organization_deletion import delete_organization

        self._deleted = delete_organization(self._db(), record_id, version)


class CreateOrganizationCommand(_OrganizationCommand, CreateRecordCommand[OrganizationForm]):
    """Record a new organization; undo deletes it, redo records it again."""

    organization_id = RecordId[int | None]()

    def __init__(self, context: AppContext, form: OrganizationForm, on_error: ErrorHandler) -> None:
        text = _("new organization “{name}”").format(name=_short(form.name.strip()))
        super().__init__(text, context, form, on_error)


class EditOrganizationCommand(_OrganizationCommand, EditRecordCommand[OrganizationForm]):
    """Save the editor's form over an organization; undo puts the previous form back."""

    organization_id = RecordId[int]()

    def __init__(
        self,
        context: AppContext,
        organization_id: int,
        old: OrganizationForm,
        new: OrganizationForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("edit organization “{name}”").format(name=_short(new.name.strip()))
        super().__init__(text, context, organization_id, old, new, expected_version, on_error)


class DeleteOrganizationCommand(_OrganizationCommand, DeleteRecordCommand[OrganizationForm]):
    """Delete an organization with its documents; undo records it again (new id) and
    re-attaches its contacts, good practices and text blocks."""

    organization_id = RecordId[int]()
    reload_restored = True

    def __init__(
        self,
        context: AppContext,
        organization_id: int,
        form: OrganizationForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        text = _("delete organization “{name}”").format(name=_short(form.name))
        super().__init__(text, context, organization_id, form, expected_version, on_error)


class MergeOrganizationsCommand(_OrganizationCommand):
    """Merge a duplicate into the organization kept; undo splits them again.

    Undo brings the duplicate back under a new id with every link it had; redo merges
    it again, provided neither record changed in between.
    """

    def __init__(
        self,
        context: AppContext,
        keep_id: int,
        drop_id: int,
        keep_name: str,
        drop_name: str,
        versions: tuple[int, int],
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("merge “{drop}” into “{keep}”").format(
                drop=_short(drop_name, 32), keep=_short(keep_name, 32)
            ),
            context,
            on_error,
        )
        self.keep_id = keep_id
        self.drop_id = drop_id
        self.versions = versions
        self.result: MergeResult | None = None

    def redo(self) -> None:
        from grantdesk.services.organization_merge import merge_organizations

        def step() -> None:
            keep, drop = self._current(self.keep_id), self._current(self.drop_id)
            self.result = merge_organizations(self._db(), keep, drop, *self.versions)

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.organization_merge import undo_merge

        def step() -> None:
            assert self.result is not None
            undone = undo_merge(self._db(), self.result)
            self._follow(self.drop_id, undone.drop_id)
            self.versions = (undone.keep_version, undone.drop_version)

        self._run(step)
