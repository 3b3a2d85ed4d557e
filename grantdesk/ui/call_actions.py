"""The calls list's toolbar and its flows: open the editor, delete after confirmation."""

import logging

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from grantdesk.i18n import _, ngettext
from grantdesk.ui.call_commands import CreateCallCommand, DeleteCallCommand
from grantdesk.ui.context import AppContext
from grantdesk.ui.record_toolbar import RecordToolbar, confirm_delete, push_command

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
    details = []
    if deadlines:
        details.append(
            ngettext(
                "Its {n} deadline is deleted with it.",
                "Its {n} deadlines are deleted with it.",
                deadlines,
            ).format(n=deadlines)
        )
    question = _("Delete the call “{title}”?").format(title=form.title)
    if not confirm_delete(parent, _("Delete call"), question, details):
        return False

    def refused(message: str) -> None:
        QMessageBox.warning(parent, _("Call not deleted"), message)

    command = DeleteCallCommand(context, call_id, form, version, refused)
    return push_command(context, command, _("Call deleted."))


class CallToolbar(RecordToolbar):
    """“New call”, “Edit” and “Delete” above the calls list, enabled by the selection.

    Ctrl+Shift+N (or Insert in the list) adds a call, F2 or a double click edits the
    selected one, Delete in the list deletes it. Enter keeps moving to the detail pane.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(
            view,
            parent,
            name="CallToolbar",
            new_text=_("New call"),
            new_name="NewCallButton",
            tips=(
                _("Record a new call (Ctrl+Shift+N)"),
                _("Edit the selected call (F2 or double click)"),
                _("Delete the selected call (Delete)"),
            ),
        )
        self._add_buttons(self.new_button, self.edit_button, self.delete_button)
        self._add_shortcuts(self.new_call, self.edit_call, self.delete_call)
        self._follow_selection()

    def new_call(self) -> None:
        if open_call_editor(self.view, self.view.context):
            self._select_latest()

    def edit_call(self) -> None:
        self._with_current(open_call_editor)

    def delete_call(self) -> None:
        self._with_current(delete_with_confirmation)

    def _select_latest(self) -> None:
        stack = self.view.context.undo_stack
        command = stack.command(stack.index() - 1)
        if isinstance(command, CreateCallCommand) and command.call_id is not None:
            self._select(command.call_id)
