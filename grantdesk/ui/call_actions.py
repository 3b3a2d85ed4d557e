"""The calls list's toolbar and its flows: open the editor, delete after confirmation."""

import logging

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QWidget,
)

from grantdesk.i18n import _, ngettext
from grantdesk.ui.call_commands import CreateCallCommand, DeleteCallCommand
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)


def open_call_editor(parent: QWidget, context: AppContext, call_id: int | None = None) -> bool:
    """Show the editor; True when something was saved."""
    from grantdesk.services.details import RecordNotFoundError

    if context.db is None:
        return False
    from grantdesk.ui.call_editor import CallEditorDialog

    try:
        dialog = CallEditorDialog(context, call_id, parent)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Call not found"), str(exc))
        context.notify("calls")
        return False
    return dialog.exec() == QDialog.DialogCode.Accepted


def delete_with_confirmation(parent: QWidget, context: AppContext, call_id: int) -> bool:
    """Ask, then delete the call undoably; refuse with a sentence when proposals use it."""
    from grantdesk.services.call_editing import call_usage, in_use_message, load_form
    from grantdesk.services.details import RecordNotFoundError

    db = context.db
    if db is None:
        return False
    try:
        form, version = load_form(db, call_id)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Call not found"), str(exc))
        context.notify("calls")
        return False
    used, deadlines = call_usage(db, call_id)
    if used:
        QMessageBox.warning(parent, _("Call not deleted"), in_use_message(form.title, used))
        return False
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Delete call"))
    box.setText(_("Delete the call “{title}”?").format(title=form.title))
    details = []
    if deadlines:
        details.append(
            ngettext(
                "Its {n} deadline is deleted with it.",
                "Its {n} deadlines are deleted with it.",
                deadlines,
            ).format(n=deadlines)
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
        QMessageBox.warning(parent, _("Call not deleted"), message)

    command = DeleteCallCommand(context, call_id, form, version, refused)
    context.undo_stack.push(command)
    if command.failed:
        return False
    context.status_message.emit(_("Call deleted."))
    return True


class CallToolbar(QWidget):
    """“New call”, “Edit” and “Delete” above the calls list, enabled by the selection.

    Ctrl+Shift+N (or Insert in the list) adds a call, F2 or a double click edits the
    selected one, Delete in the list deletes it. Enter keeps moving to the detail pane.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from grantdesk.ui.icons import icon
        from grantdesk.ui.views.records import RecordsView

        assert isinstance(view, RecordsView)
        self.view = view
        self.setObjectName("CallToolbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.new_button = QPushButton(icon("new"), _("New call"))
        self.new_button.setObjectName("NewCallButton")
        self.edit_button = QPushButton(_("Edit"))
        self.delete_button = QPushButton(_("Delete"))
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            row.addWidget(button)
        self.new_button.setToolTip(_("Record a new call (Ctrl+Shift+N)"))
        self.edit_button.setToolTip(_("Edit the selected call (F2 or double click)"))
        self.delete_button.setToolTip(_("Delete the selected call (Delete)"))

        self.new_action = QAction(_("New call"), view)
        self.new_action.setShortcuts([QKeySequence("Ctrl+Shift+N")])
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.addAction(self.new_action)
        self.insert_action = QAction(_("New call"), view.table)
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

        self.new_button.clicked.connect(self.new_call)
        self.new_action.triggered.connect(self.new_call)
        self.insert_action.triggered.connect(self.new_call)
        self.edit_button.clicked.connect(self.edit_call)
        self.edit_action.triggered.connect(self.edit_call)
        self.delete_button.clicked.connect(self.delete_call)
        self.delete_action.triggered.connect(self.delete_call)
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

    def new_call(self) -> None:
        if open_call_editor(self.view, self.view.context):
            self._select_latest()

    def edit_call(self) -> None:
        call_id = self.view.current_id()
        if call_id is not None:
            open_call_editor(self.view, self.view.context, call_id)

    def delete_call(self) -> None:
        call_id = self.view.current_id()
        if call_id is not None:
            delete_with_confirmation(self.view, self.view.context, call_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_call()

    def _select_latest(self) -> None:
        stack = self.view.context.undo_stack
        command = stack.command(stack.index() - 1)
        if isinstance(command, CreateCallCommand) and command.call_id is not None:
            row = self.view.model.row_for_id(command.call_id)
            if row >= 0:
                self.view.select_row(row)
