"""The co-design list's toolbar and its flows: open the editor, delete after confirmation."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from grantdesk.i18n import _, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.record_toolbar import RecordToolbar, confirm_delete, push_command

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
    question = _("Delete the co-design process “{title}”?").format(title=form.title)
    if not confirm_delete(parent, _("Delete co-design process"), question, details):
        return False

    def refused(message: str) -> None:
        QMessageBox.warning(parent, _("Process not deleted"), message)

    command = DeleteProcessCommand(context, process_id, form.title, version, refused)
    return push_command(context, command, _("Co-design process deleted."))


class CodesignToolbar(RecordToolbar):
    """“New process”, “Edit” and “Delete” above the co-design list, enabled by the selection.

    Ctrl+Shift+N (or Insert in the list) adds a process, F2 or a double click opens the
    selected one, Delete in the list deletes it. Enter keeps moving to the detail pane.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(
            view,
            parent,
            name="CodesignToolbar",
            new_text=_("New process"),
            new_name="NewCodesignButton",
            tips=(
                _("Record a new co-design process (Ctrl+Shift+N)"),
                _("Open the selected process (F2 or double click)"),
                _("Delete the selected process (Delete)"),
            ),
        )
        self._add_buttons(self.new_button, self.edit_button, self.delete_button)
        self._add_shortcuts(self.new_process, self.edit_process, self.delete_process)
        self._follow_selection()

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
        self._with_current(delete_with_confirmation)

    def _select(self, record_id: int) -> None:
        self.view.refresh()
        super()._select(record_id)
