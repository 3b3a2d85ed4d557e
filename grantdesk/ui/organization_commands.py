"""Undoable creation, editing, deletion and merging of organizations.

Like :mod:`grantdesk.ui.call_commands`, each command writes through the services with the
version it last saw, so an undo never overwrites what another desk saved meanwhile. A
refused step marks the command obsolete (the stack drops it) and hands the sentence to
*on_error* once the stack is done.

An organization deleted (or merged away) and brought back by undo gets a new id: each
context remembers old id → new id, so commands further up the stack still find it.
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
from grantdesk.services.organization_editing import OrganizationForm
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext

if TYPE_CHECKING:
    from grantdesk.services.organization_deletion import DeletedOrganization
    from grantdesk.services.organization_merge import MergeResult

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str], None]

_ALIASES: WeakKeyDictionary[AppContext, dict[int, int]] = WeakKeyDictionary()


def current_organization_id(context: AppContext, organization_id: int) -> int:
    """The id *organization_id* goes by now, after undo/redo brought the record back."""
    aliases = _ALIASES.get(context, {})
    while organization_id in aliases:
        organization_id = aliases[organization_id]
    return organization_id


def _alias(context: AppContext, old: int, new: int) -> None:
    if old != new:
        _ALIASES.setdefault(context, {})[old] = new


def _version_if_unchanged(
    context: AppContext, organization_id: int, expected: OrganizationForm
) -> int:
    """The organization's version, provided it still holds *expected* (else ConflictError)."""
    from grantdesk.services.editing import ConflictError
    from grantdesk.services.organization_editing import load_form

    assert context.db is not None
    form, version = load_form(context.db, organization_id)
    if form != expected:
        raise ConflictError(
            _("Someone else changed this organization meanwhile: it has been reloaded, try again.")
        )
    return version


class _OrganizationCommand(QUndoCommand):
    def __init__(self, text: str, context: AppContext, on_error: ErrorHandler) -> None:
        super().__init__(text)
        self._context = context
        self._on_error = on_error
        self.failed = ""
        self.error: Exception | None = None

    def _run(self, step: Callable[[], None]) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError
        from grantdesk.services.organization_deletion import OrganizationInUseError

        if self._context.db is None:
            self._fail(_("No database is open."))
            return
        try:
            step()
        except (ConflictError, RecordNotFoundError, OrganizationInUseError, ValueError) as exc:
            self.error = exc
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("organization change failed")
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


class CreateOrganizationCommand(_OrganizationCommand):
    """Record a new organization; undo deletes it, redo records it again."""

    def __init__(self, context: AppContext, form: OrganizationForm, on_error: ErrorHandler) -> None:
        super().__init__(
            _("new organization “{name}”").format(name=_short(form.name.strip())),
            context,
            on_error,
        )
        self.form = replace(form)
        self.organization_id: int | None = None  # the first id it got: later ones are aliases
        self._deleted: DeletedOrganization | None = None

    def redo(self) -> None:
        from grantdesk.services.organization_deletion import restore_organization
        from grantdesk.services.organization_editing import create_organization, load_form

        def step() -> None:
            db = self._context.db
            assert db is not None
            if self._deleted is None:
                new_id = create_organization(db, self.form)
                self.organization_id = new_id
            else:  # contacts added meanwhile come back attached
                new_id = restore_organization(db, self._deleted)
                assert self.organization_id is not None
                _alias(
                    self._context,
                    current_organization_id(self._context, self.organization_id),
                    new_id,
                )
            self.form = load_form(db, new_id)[0]

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.organization_deletion import delete_organization

        def step() -> None:
            assert self._context.db is not None and self.organization_id is not None
            org_id = current_organization_id(self._context, self.organization_id)
            version = _version_if_unchanged(self._context, org_id, self.form)
            self._deleted = delete_organization(self._context.db, org_id, version)

        self._run(step)


class EditOrganizationCommand(_OrganizationCommand):
    """Save the editor's form over an organization; undo puts the previous form back."""

    def __init__(
        self,
        context: AppContext,
        organization_id: int,
        old: OrganizationForm,
        new: OrganizationForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("edit organization “{name}”").format(name=_short(new.name.strip())),
            context,
            on_error,
        )
        self.organization_id = organization_id
        self.old = replace(old)
        self.new = replace(new)
        self._first_version: int | None = expected_version

    def redo(self) -> None:
        self._save(self.old, self.new)

    def undo(self) -> None:
        self._save(self.new, self.old)

    def _save(self, there: OrganizationForm, wanted: OrganizationForm) -> None:
        from grantdesk.services.organization_editing import load_form, update_organization

        def step() -> None:
            db = self._context.db
            assert db is not None
            org_id = current_organization_id(self._context, self.organization_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, org_id, there)
            self._first_version = None
            update_organization(db, org_id, wanted, version)
            saved = load_form(db, org_id)[0]
            if wanted is self.new:
                self.new = saved
            else:
                self.old = saved

        self._run(step)


class DeleteOrganizationCommand(_OrganizationCommand):
    """Delete an organization with its documents; undo records it again (new id) and
    re-attaches its contacts, good practices and text blocks."""

    def __init__(
        self,
        context: AppContext,
        organization_id: int,
        form: OrganizationForm,
        expected_version: int,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("delete organization “{name}”").format(name=_short(form.name)), context, on_error
        )
        self.organization_id = organization_id
        self.form = replace(form)
        self._first_version: int | None = expected_version
        self._deleted: DeletedOrganization | None = None

    def redo(self) -> None:
        from grantdesk.services.organization_deletion import delete_organization

        def step() -> None:
            assert self._context.db is not None
            org_id = current_organization_id(self._context, self.organization_id)
            version = self._first_version
            if version is None:
                version = _version_if_unchanged(self._context, org_id, self.form)
            self._deleted = delete_organization(self._context.db, org_id, version)
            self._first_version = None

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.organization_deletion import restore_organization
        from grantdesk.services.organization_editing import load_form

        def step() -> None:
            assert self._context.db is not None and self._deleted is not None
            new_id = restore_organization(self._context.db, self._deleted)
            _alias(
                self._context, current_organization_id(self._context, self.organization_id), new_id
            )
            self.form = load_form(self._context.db, new_id)[0]

        self._run(step)


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
            assert self._context.db is not None
            keep = current_organization_id(self._context, self.keep_id)
            drop = current_organization_id(self._context, self.drop_id)
            self.result = merge_organizations(self._context.db, keep, drop, *self.versions)

        self._run(step)

    def undo(self) -> None:
        from grantdesk.services.organization_merge import undo_merge

        def step() -> None:
            assert self._context.db is not None and self.result is not None
            undone = undo_merge(self._context.db, self.result)
            _alias(
                self._context, current_organization_id(self._context, self.drop_id), undone.drop_id
            )
            self.versions = (undone.keep_version, undone.drop_version)

        self._run(step)
