"""The organizations list's toolbar and its flows: editor, merge, delete after confirmation."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext
from grantdesk.ui.organization_commands import (
    CreateOrganizationCommand,
    DeleteOrganizationCommand,
    MergeOrganizationsCommand,
)

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
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Delete organization"))
    box.setText(_("Delete “{name}”?").format(name=form.name))
    details = []
    if form.documents:
        details.append(_("Its documents on file are deleted with it."))
    details.append(_("Its contacts are kept, no longer linked to it."))
    details.append(_("You can bring it back with Edit › Undo."))
    box.setInformativeText(" ".join(details))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    yes = box.button(QMessageBox.StandardButton.Yes)
    if yes is not None:
        yes.setText(_("Delete"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    if box.exec() != QMessageBox.StandardButton.Yes:
        return False

    def refused(message: str) -> None:
        QMessageBox.warning(parent, _("Organization not deleted"), message)

    command = DeleteOrganizationCommand(context, organization_id, form, version, refused)
    context.undo_stack.push(command)
    if command.failed:
        return False
    context.status_message.emit(_("Organization deleted."))
    return True


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


class OrganizationToolbar(QWidget):
    """“New organization”, “Edit”, “Merge…” and “Delete” above the organizations list.

    Ctrl+Shift+N (or Insert in the list) adds an organization, F2 or a double click edits
    the selected one, Delete in the list deletes it. Enter keeps moving to the detail pane.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from grantdesk.ui.icons import icon
        from grantdesk.ui.views.records import RecordsView

        assert isinstance(view, RecordsView)
        self.view = view
        self.setObjectName("OrganizationToolbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.new_button = QPushButton(icon("new"), _("New organization"))
        self.new_button.setObjectName("NewOrganizationButton")
        self.edit_button = QPushButton(_("Edit"))
        self.merge_button = QPushButton(_("Merge…"))
        self.delete_button = QPushButton(_("Delete"))
        buttons = (self.new_button, self.edit_button, self.merge_button, self.delete_button)
        for button in buttons:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            row.addWidget(button)
        self.new_button.setToolTip(_("Record a new organization (Ctrl+Shift+N)"))
        self.edit_button.setToolTip(_("Edit the selected organization (F2 or double click)"))
        self.merge_button.setToolTip(
            _("Merge a duplicate record into the selected organization, keeping all its links")
        )
        self.delete_button.setToolTip(_("Delete the selected organization (Delete)"))

        self.new_action = QAction(_("New organization"), view)
        self.new_action.setShortcuts([QKeySequence("Ctrl+Shift+N")])
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.addAction(self.new_action)
        self.insert_action = QAction(_("New organization"), view.table)
        self.insert_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.insert_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        view.table.addAction(self.insert_action)
        self.edit_action = QAction(_("Edit"), view)
        self.edit_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.addAction(self.edit_action)
        self.delete_action = QAction(_("Delete"), view.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        view.table.addAction(self.delete_action)

        for trigger in (self.new_button.clicked, self.new_action.triggered):
            trigger.connect(self.new_organization)
        self.insert_action.triggered.connect(self.new_organization)
        self.edit_button.clicked.connect(self.edit_organization)
        self.edit_action.triggered.connect(self.edit_organization)
        self.merge_button.clicked.connect(self.merge_organization)
        self.delete_button.clicked.connect(self.delete_organization)
        self.delete_action.triggered.connect(self.delete_organization)
        view.table.doubleClicked.connect(self._double_clicked)
        view.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_state())
        view.model.modelReset.connect(self.update_state)
        view.context.data_changed.connect(lambda _k: self.update_state())
        view.context.database_changed.connect(self.update_state)
        self.update_state()

    def update_state(self) -> None:
        has_db = self.view.context.db is not None
        selected = has_db and self.view.current_id() is not None
        for widget in (self.new_button, self.new_action, self.insert_action):
            widget.setEnabled(has_db)
        for widget in (
            self.edit_button,
            self.edit_action,
            self.merge_button,
            self.delete_button,
            self.delete_action,
        ):
            widget.setEnabled(selected)

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
        organization_id = self.view.current_id()
        if organization_id is not None:
            delete_with_confirmation(self.view, self.view.context, organization_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_organization()

    def _select(self, organization_id: int) -> None:
        row = self.view.model.row_for_id(organization_id)
        if row >= 0:
            self.view.select_row(row)
