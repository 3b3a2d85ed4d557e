"""The co-design list's toolbar and its flows: open the editor, delete after confirmation."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from grantdesk.i18n import _, ngettext
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)


def open_codesign_editor(
    parent: QWidget, context: AppContext, process_id: int | None = None
) -> int | None:
    """Show the editor; the id of the process it ends on (None when nothing was saved)."""
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.ui.codesign_editor import CodesignEditorDialog

    if context.db is None:
        return None
    try:
        dialog = CodesignEditorDialog(context, process_id, parent)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Process not found"), str(exc))
        context.notify("codesigns")
        return None
    dialog.exec()
    if dialog.overview is None:
        return None
    return dialog.overview.id


def delete_with_confirmation(parent: QWidget, context: AppContext, process_id: int) -> bool:
    """Ask, then delete the process undoably with everything it holds."""
    from grantdesk.services.codesign_editing import load_form, process_usage, process_version
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.ui.codesign_commands import DeleteProcessCommand

    db = context.db
    if db is None:
        return False
    try:
        form, _version = load_form(db, process_id)
        version = process_version(db, process_id)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Process not found"), str(exc))
        context.notify("codesigns")
        return False
    usage = process_usage(db, process_id)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Delete co-design process"))
    box.setText(_("Delete the co-design process “{title}”?").format(title=form.title))
    details = []
    held = [
        ngettext("{n} application", "{n} applications", usage.applications).format(
            n=usage.applications
        ),
        ngettext("{n} meeting", "{n} meetings", usage.meetings).format(n=usage.meetings),
        ngettext("{n} commitment", "{n} commitments", usage.commitments).format(
            n=usage.commitments
        ),
    ]
    if usage.applications or usage.meetings or usage.commitments:
        details.append(_("Deleted with it: {things}.").format(things=", ".join(held)))
    if usage.proposals:
        details.append(
            ngettext(
                "{n} proposal made from it stays, no longer linked.",
                "{n} proposals made from it stay, no longer linked.",
                usage.proposals,
            ).format(n=usage.proposals)
        )
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
        QMessageBox.warning(parent, _("Process not deleted"), message)

    command = DeleteProcessCommand(context, process_id, form.title, version, refused)
    context.undo_stack.push(command)
    if command.failed:
        return False
    context.status_message.emit(_("Co-design process deleted."))
    return True


class CodesignToolbar(QWidget):
    """“New process”, “Edit” and “Delete” above the co-design list, enabled by the selection.

    Ctrl+Shift+N (or Insert in the list) adds a process, F2 or a double click opens the
    selected one, Delete in the list deletes it. Enter keeps moving to the detail pane.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from grantdesk.ui.icons import icon
        from grantdesk.ui.views.records import RecordsView

        assert isinstance(view, RecordsView)
        self.view = view
        self.setObjectName("CodesignToolbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.new_button = QPushButton(icon("new"), _("New process"))
        self.new_button.setObjectName("NewCodesignButton")
        self.edit_button = QPushButton(_("Edit"))
        self.delete_button = QPushButton(_("Delete"))
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            row.addWidget(button)
        self.new_button.setToolTip(_("Record a new co-design process (Ctrl+Shift+N)"))
        self.edit_button.setToolTip(_("Open the selected process (F2 or double click)"))
        self.delete_button.setToolTip(_("Delete the selected process (Delete)"))

        self.new_action = QAction(_("New process"), view)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.addAction(self.new_action)
        self.insert_action = QAction(_("New process"), view.table)
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
            trigger.connect(self.new_process)
        self.insert_action.triggered.connect(self.new_process)
        self.edit_button.clicked.connect(self.edit_process)
        self.edit_action.triggered.connect(self.edit_process)
        self.delete_button.clicked.connect(self.delete_process)
        self.delete_action.triggered.connect(self.delete_process)
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
        for widget in (self.edit_button, self.edit_action, self.delete_button, self.delete_action):
            widget.setEnabled(selected)

    def new_process(self) -> None:
        saved = open_codesign_editor(self.view, self.view.context)
        if saved is not None:
            self._select(saved)

    def edit_process(self) -> None:
        process_id = self.view.current_id()
        if process_id is not None:
            saved = open_codesign_editor(self.view, self.view.context, process_id)
            if saved is not None and saved != process_id:
                self._select(saved)

    def delete_process(self) -> None:
        process_id = self.view.current_id()
        if process_id is not None:
            delete_with_confirmation(self.view, self.view.context, process_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_process()

    def _select(self, process_id: int) -> None:
        self.view.refresh()
        row = self.view.model.row_for_id(process_id)
        if row >= 0:
            self.view.select_row(row)
