"""The organizations list's toolbar and its flows: editor, merge, delete after confirmation."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext
from grantdesk.ui.organization_commands import (
    CreateOrganizationCommand,
    DeleteOrganizationCommand,
    MergeOrganizationsCommand,
)
from grantdesk.ui.record_toolbar import RecordToolbar, confirm_delete, push_command

log = logging.getLogger(__name__)


def open_organization_editor(
    parent: QWidget, context: AppContext, organization_id: int | None = None
) -> int | None:
    """Show the editor; the id of the organization saved (None when nothing was).

    Following the editor's link to an organization that already has the codice fiscale
    typed opens that one instead.
    """
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.ui.organization_editor import OrganizationEditorDialog

    while context.db is not None:
        try:
            dialog = OrganizationEditorDialog(context, organization_id, parent)
        except RecordNotFoundError as exc:
            QMessageBox.warning(parent, _("Organization not found"), str(exc))
            context.notify("organizations")
            return None
        if dialog.exec() == QDialog.DialogCode.Accepted:
            command = dialog.command
            if isinstance(command, CreateOrganizationCommand):
                return command.organization_id
            return organization_id
        if dialog.open_instead is None:
            return None
        organization_id = dialog.open_instead
    return None


def delete_with_confirmation(parent: QWidget, context: AppContext, organization_id: int) -> bool:
    """Ask, then delete the organization undoably; refuse with a sentence when it is used."""
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.services.organization_deletion import in_use_message, organization_usage
    from grantdesk.services.organization_editing import load_form

    db = context.db
    if db is None:
        return False
    try:
        form, version = load_form(db, organization_id)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Organization not found"), str(exc))
        context.notify("organizations")
        return False
    usage = organization_usage(db, organization_id)
    if usage:
        QMessageBox.warning(parent, _("Organization not deleted"), in_use_message(form.name, usage))
        return False
    details = []
    if form.documents:
        details.append(_("Its documents on file are deleted with it."))
    details.append(_("Its contacts are kept, no longer linked to it."))
    question = _("Delete “{name}”?").format(name=form.name)
    if not confirm_delete(parent, _("Delete organization"), question, details):
        return False

    def refused(message: str) -> None:
        QMessageBox.warning(parent, _("Organization not deleted"), message)

    command = DeleteOrganizationCommand(context, organization_id, form, version, refused)
    return push_command(context, command, _("Organization deleted."))


def merge_into(parent: QWidget, context: AppContext, keep_id: int) -> bool:
    """Choose a duplicate and merge it into *keep_id* (undoably); True when merged."""
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.ui.merge_dialog import MergeDialog

    if context.db is None:
        return False
    try:
        dialog = MergeDialog(context, keep_id, parent)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Organization not found"), str(exc))
        context.notify("organizations")
        return False
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return isinstance(dialog.command, MergeOrganizationsCommand) and not dialog.command.failed


class OrganizationToolbar(RecordToolbar):
    """“New organization”, “Edit”, “Merge…” and “Delete” above the organizations list.

    Ctrl+Shift+N (or Insert in the list) adds an organization, F2 or a double click edits
    the selected one, Delete in the list deletes it. Enter keeps moving to the detail pane.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(
            view,
            parent,
            name="OrganizationToolbar",
            new_text=_("New organization"),
            new_name="NewOrganizationButton",
            tips=(
                _("Record a new organization (Ctrl+Shift+N)"),
                _("Edit the selected organization (F2 or double click)"),
                _("Delete the selected organization (Delete)"),
            ),
        )
        self.merge_button = QPushButton(_("Merge…"))
        self.merge_button.setToolTip(
            _("Merge a duplicate record into the selected organization, keeping all its links")
        )
        self._add_buttons(self.new_button, self.edit_button, self.merge_button, self.delete_button)
        self._add_shortcuts(self.new_organization, self.edit_organization, self.delete_organization)
        self.merge_button.clicked.connect(self.merge_organization)
        self.needs_selection.append(self.merge_button)
        self._follow_selection()

    def new_organization(self) -> None:
        saved = open_organization_editor(self.view, self.view.context)
        if saved is not None:
            self._select(saved)

    def edit_organization(self) -> None:
        organization_id = self.view.current_id()
        if organization_id is not None:
            saved = open_organization_editor(self.view, self.view.context, organization_id)
            if saved is not None and saved != organization_id:
                self._select(saved)

    def merge_organization(self) -> None:
        organization_id = self.view.current_id()
        if organization_id is not None and merge_into(
            self.view, self.view.context, organization_id
        ):
            self._select(organization_id)

    def delete_organization(self) -> None:
        self._with_current(delete_with_confirmation)
