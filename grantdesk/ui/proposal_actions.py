"""The proposals list's toolbar and its flows: new proposal from a call, open the editor,
duplicate as next year's edition, delete after confirmation — each undoable.

The editor is a window of its own, one per proposal: opening a proposal already open
brings its window forward.
"""

from __future__ import annotations

import logging
from weakref import WeakValueDictionary

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.proposal_commands import (
    CreateProposalCommand,
    DeleteProposalCommand,
    DuplicateProposalCommand,
    current_proposal_id,
)
from grantdesk.ui.record_toolbar import RecordToolbar, confirm_delete, push_command

log = logging.getLogger(__name__)

_OPEN: WeakValueDictionary[tuple[int, int], QWidget] = WeakValueDictionary()


def open_proposal_editor(parent: QWidget, context: AppContext, proposal_id: int) -> QWidget | None:
    """Show the editor of *proposal_id* (its window, if already open); None when gone."""
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.ui.proposal_editor import ProposalEditor

    if context.db is None:
        return None
    proposal_id = current_proposal_id(context, proposal_id)
    key = (id(context), proposal_id)
    existing = _OPEN.get(key)
    if existing is not None and existing.isVisible():
        if QGuiApplication.platformName() != "offscreen":  # which cannot raise windows
            existing.raise_()
        existing.activateWindow()
        return existing
    try:
        editor = ProposalEditor(context, proposal_id, parent.window() if parent else None)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Proposal not found"), str(exc))
        context.notify("proposals")
        return None
    # Closed is gone: a hidden editor would keep following every change.
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    _OPEN[key] = editor
    editor.show()
    return editor


class NewProposalDialog(QDialog):
    """Pick the call (or none yet) and give the title; the sections and the checklist
    come from the call."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from grantdesk.ui.proposal_pickers import CallPicker

        self.context = context
        self.setObjectName("NewProposalDialog")
        self.setWindowTitle(_("New proposal"))
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 16, 18, 12)
        column.setSpacing(8)
        column.addWidget(QLabel(_("Which call is the proposal for?")))
        self.picker = CallPicker(context, allow_none=True)
        column.addWidget(self.picker, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(self.note)
        column.addWidget(QLabel(_("Title of the proposal")))
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("NewProposalTitle")
        self.title_edit.setPlaceholderText(_("e.g. Anziani connessi – telefonate amiche"))
        column.addWidget(self.title_edit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            _("Create and open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_proposal)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.picker.current_changed.connect(self._call_changed)
        self.picker.activated.connect(lambda _id: self.title_edit.setFocus())
        self.title_edit.textChanged.connect(lambda _t: self._update())
        self.command: CreateProposalCommand | None = None
        self._call_changed(self.picker.chosen())
        self.resize(640, 600)
        self.picker.search.setFocus()

    def _call_changed(self, call_id: object) -> None:
        from grantdesk.services.proposal_editing import requirement_names, section_template

        count = (
            len(requirement_names(self.context.db, call_id))
            if isinstance(call_id, int) and self.context.db is not None
            else 0
        )
        if isinstance(call_id, int) and not count:
            self.note.setText(
                _("It starts with the call's sections; the call asks for no attachment.")
            )
        elif isinstance(call_id, int):
            self.note.setText(
                ngettext(
                    "It starts with the call's sections and its {n} required attachment.",
                    "It starts with the call's sections and its {n} required attachments.",
                    count,
                ).format(n=count)
            )
        else:
            sections = ", ".join(section_template(None))
            self.note.setText(
                _("Without a call the proposal starts with the usual sections: {names}.").format(
                    names=sections
                )
            )
        self._update()

    def _update(self) -> None:
        self.create_button.setEnabled(bool(self.title_edit.text().strip()))

    def chosen_call(self) -> int | None:
        value = self.picker.chosen()
        return value if isinstance(value, int) else None

    def create_proposal(self) -> None:
        from grantdesk.services.proposal_editing import ProposalForm

        title = " ".join(self.title_edit.text().split())
        if not title:
            return
        form = ProposalForm(title=title, call_id=self.chosen_call())
        command = CreateProposalCommand(self.context, form, None, lambda _m: None)
        self.context.undo_stack.push(command)
        if command.failed:
            self.error.setText(command.failed)
            self.error.show()
            return
        self.command = command
        self.context.status_message.emit(_("Proposal created."))
        self.accept()


# The name the kanban board looks for (grantdesk.ui.views.board_actions.open_proposal).
def open_proposal(parent: QWidget, context: AppContext, proposal_id: int) -> QWidget | None:
    """Open the proposal's editor (see :func:`open_proposal_editor`)."""
    return open_proposal_editor(parent, context, proposal_id)


def duplicate_with_dialog(parent: QWidget, context: AppContext, proposal_id: int) -> int | None:
    """Ask the new title, then copy the proposal undoably; the copy's id."""
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.services.proposal_editing import load_form, next_edition_title

    if context.db is None:
        return None
    try:
        form = load_form(context.db, proposal_id)[0]
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Proposal not found"), str(exc))
        return None
    dialog = QDialog(parent)
    dialog.setObjectName("DuplicateProposalDialog")
    dialog.setWindowTitle(_("Duplicate as new proposal"))
    column = QVBoxLayout(dialog)
    column.setContentsMargins(18, 16, 18, 12)
    text = QLabel(
        _(
            "A copy of “{title}” for the next edition: partners, sections, objectives, "
            "activities, indicators and budget come along; status, dates and the checklist "
            "start again."
        ).format(title=form.title)
    )
    text.setWordWrap(True)
    column.addWidget(text)
    column.addWidget(QLabel(_("Title of the new proposal")))
    edit = QLineEdit(next_edition_title(form.title))
    edit.setObjectName("DuplicateTitle")
    column.addWidget(edit)
    buttons = QDialogButtonBox()
    ok = buttons.addButton(_("Duplicate"), QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    edit.textChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))
    column.addWidget(buttons)
    dialog.resize(520, 220)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return duplicate(parent, context, proposal_id, edit.text())


def duplicate(parent: QWidget, context: AppContext, proposal_id: int, title: str) -> int | None:
    """Copy the proposal as *title* (undoably); the copy's id, None when refused."""

    def refused(message: str) -> None:
        QMessageBox.warning(parent, _("Proposal not duplicated"), message)

    command = DuplicateProposalCommand(context, proposal_id, title, refused)
    context.undo_stack.push(command)
    if command.failed or command.proposal_id is None:
        return None
    context.status_message.emit(_("Proposal duplicated."))
    return command.proposal_id


def delete_with_confirmation(parent: QWidget, context: AppContext, proposal_id: int) -> bool:
    """Ask, then delete the proposal undoably with everything it holds."""
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.services.proposal_editing import load_form, proposal_usage

    db = context.db
    if db is None:
        return False
    try:
        form, version = load_form(db, proposal_id)
    except RecordNotFoundError as exc:
        QMessageBox.warning(parent, _("Proposal not found"), str(exc))
        context.notify("proposals")
        return False
    usage = proposal_usage(db, proposal_id)
    details = []
    if usage.budget_lines or usage.partners or usage.deadlines:
        details.append(
            _(
                "Its partners ({partners}), budget lines ({lines}) and deadlines ({deadlines}) "
                "are deleted with it."
            ).format(partners=usage.partners, lines=usage.budget_lines, deadlines=usage.deadlines)
        )
    question = _("Delete the proposal “{title}”?").format(title=form.title)
    if not confirm_delete(parent, _("Delete proposal"), question, details):
        return False
    return delete(parent, context, proposal_id, form, version)


def delete(
    parent: QWidget, context: AppContext, proposal_id: int, form: object, version: int
) -> bool:
    from grantdesk.services.proposal_editing import ProposalForm

    assert isinstance(form, ProposalForm)

    def refused(message: str) -> None:
        QMessageBox.warning(parent, _("Proposal not deleted"), message)

    command = DeleteProposalCommand(context, proposal_id, form, version, refused)
    return push_command(context, command, _("Proposal deleted."))


class ProposalToolbar(RecordToolbar):
    """“New proposal…”, “Edit”, “Duplicate as new…” and “Delete” above the proposals list.

    Ctrl+Shift+N (or Insert in the list) starts a proposal; F2, Enter or a double click
    opens the selected one; Delete in the list deletes it.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(
            view,
            parent,
            name="ProposalToolbar",
            new_text=_("New proposal…"),
            new_name="NewProposalButton",
            tips=(
                _("Start a proposal for a call (Ctrl+Shift+N)"),
                _("Open the selected proposal (F2, Enter or double click)"),
                _("Delete the selected proposal (Delete)"),
            ),
            right_margin=6,  # apart from what follows it in the heading
        )
        self.duplicate_button = QPushButton(_("Duplicate as new…"))
        self.duplicate_button.setToolTip(_("Copy the selected proposal for next year's edition"))
        self.pdf_button = QPushButton(_("PDF"))
        self.pdf_button.setObjectName("ProposalPdfButton")
        pdf_menu = QMenu(self.pdf_button)
        self.pdf_one = pdf_menu.addAction(_("Application of the selected proposal…"))
        self.pdf_listed = pdf_menu.addAction(_("Applications of every listed proposal…"))
        self.pdf_button.setMenu(pdf_menu)
        self.pdf_button.setToolTip(
            _("The application to sign and send, as PDF with a preview (Ctrl+P)")
        )
        from grantdesk.ui.proposal_exchange_actions import ExchangeButton

        self.exchange_button = ExchangeButton(view)  # export for partners, import a file
        self._add_buttons(
            self.new_button,
            self.edit_button,
            self.duplicate_button,
            self.delete_button,
            self.pdf_button,
            self.exchange_button,
        )
        self._add_shortcuts(
            self.new_proposal, self.edit_proposal, self.delete_proposal, enter_edits=True
        )
        self.duplicate_button.clicked.connect(self.duplicate_proposal)
        self.pdf_action = self._action(
            _("Application of the selected proposal…"), view, "Ctrl+P", self.export_pdf
        )
        self.pdf_one.triggered.connect(self.export_pdf)
        self.pdf_listed.triggered.connect(self.export_listed_pdfs)
        self.needs_selection += [self.duplicate_button, self.pdf_one, self.pdf_action]
        self._follow_selection()

    def update_state(self) -> None:
        super().update_state()
        has_db = self.has_db()
        selected = has_db and self.view.current_id() is not None
        self.pdf_button.setEnabled(has_db)
        self.exchange_button.update_state(has_db, selected)
        self.pdf_listed.setEnabled(has_db and self.view.model.total > 0)

    def new_proposal(self) -> None:
        dialog = NewProposalDialog(self.view.context, self.view)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.command is not None:
            new_id = dialog.command.proposal_id
            if new_id is not None:
                self._select(new_id)
                open_proposal_editor(self.view, self.view.context, new_id)

    def edit_proposal(self) -> None:
        self._with_current(open_proposal_editor)

    def duplicate_proposal(self) -> None:
        proposal_id = self.view.current_id()
        if proposal_id is None:
            return
        new_id = duplicate_with_dialog(self.view, self.view.context, proposal_id)
        if new_id is not None:
            self._select(new_id)
            open_proposal_editor(self.view, self.view.context, new_id)

    def delete_proposal(self) -> None:
        self._with_current(delete_with_confirmation)

    def export_pdf(self) -> None:
        """The selected proposal's application, built in the background, then previewed."""
        from grantdesk.ui.application_export import export_application

        proposal_id = self.view.current_id()
        if proposal_id is not None:
            export_application(self.view, self.view.context, proposal_id)

    def export_listed_pdfs(self) -> None:
        """One application PDF per proposal the list shows (its search applied)."""
        from grantdesk.services.listing import fetch_rows
        from grantdesk.ui.application_export import export_applications

        db = self.view.context.db
        if db is None:
            return
        rows = fetch_rows(
            db, "proposals", search=self.view.model.search, limit=max(1, self.view.model.total)
        )
        export_applications(self.view, self.view.context, [r.id for r in rows])
