"""Edit ▸ Funders…: the list of funders beside a form to create, edit, merge or delete one.

The list on the left is filtered as you type (name, kind or website; accents aside); the
form on the right shows the selected funder. Every problem is one sentence under its
field and Save stays disabled until there is none. Each change is an undoable command
(:mod:`grantdesk.ui.funder_commands`): Ctrl+Z in the dialog, or Edit ▸ Undo later,
brings it back.

Keys: Ctrl+N or Insert adds a funder, Delete (in the list) deletes the selected one, Enter
or Ctrl+S saves, Ctrl+F goes to the filter, arrows move in the list, Esc empties the
filter or else closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, ngettext
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.funder_editing import (
    FunderForm,
    duplicate_message,
    funder_usage,
    in_use_message,
    list_funders,
    load_funder,
    same_name,
    validate,
)
from grantdesk.ui.context import AppContext
from grantdesk.ui.funder_commands import (
    CreateFunderCommand,
    DeleteFunderCommand,
    EditFunderCommand,
    MergeFundersCommand,
    current_funder_id,
)
from grantdesk.ui.funder_widgets import (
    FunderFormPane,
    FunderListPane,
    FunderTableModel,
)
from grantdesk.ui.record_form_panel import RecordFormPanel
from grantdesk.ui.views.empty_state import EmptyState


class FundersDialog(RecordFormPanel[FunderForm], QDialog):
    """Create, edit, merge and delete funders; every change is undoable."""

    FIELDS = tuple(FunderForm.__dataclass_fields__)
    form_pane: FunderFormPane

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._init_record_form(FunderForm())

        self.setObjectName("FundersDialog")
        self.setWindowTitle(_("Funders"))
        self.setMinimumSize(920, 540)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 14)
        layout.setSpacing(6)
        heading = QLabel(_("Funders"))
        heading.setObjectName("ViewTitle")
        intro = QLabel(
            _(
                "Who issues the calls you follow. A new name typed in a call is added here "
                "too; renaming a funder renames it on all its calls."
            )
        )
        intro.setObjectName("HintText")
        intro.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)

        self.list_pane = FunderListPane()
        self.form_pane = FunderFormPane()
        self.model: FunderTableModel = self.list_pane.model
        self.table = self.list_pane.table
        self.filter_edit = self.list_pane.filter_edit
        self.name_edit = self.form_pane.name_edit
        self.kind_box = self.form_pane.kind_box
        self.website_edit = self.form_pane.website_edit
        self.notes_edit = self.form_pane.notes_edit
        self.save_button = self.form_pane.save_button
        self.delete_button = self.list_pane.delete_button

        self.pages = QStackedWidget()
        self.empty = EmptyState()
        for label in (self.empty.title, self.empty.hint):
            label.setMinimumWidth(460)
        self.pages.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("FundersSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.setStyleSheet("QSplitter::handle { background: #dfe3ea; }")
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.form_pane)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.pages.addWidget(self.splitter)
        layout.addWidget(self.pages, 1)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 8, 0, 0)
        self.status = QLabel()
        self.status.setObjectName("FundersStatus")
        self.status.setWordWrap(True)
        bottom.addWidget(self.status, 1)
        self.undo_button = QPushButton(_("Undo last change"))
        self.close_button = QPushButton(_("Close"))
        for button in (self.undo_button, self.close_button):
            button.setAutoDefault(False)
            bottom.addWidget(button)
        layout.addLayout(bottom)

        self._actions()
        self._connect()
        self.resize(1060, 640)
        self.splitter.setSizes([560, 500])
        self.reload()
        if self.model.total:
            self.table.setFocus()

    # -- wiring ----------------------------------------------------------------------------

    def _action(
        self,
        keys: list[QKeySequence],
        slot: Callable[[], object],
        owner: QWidget | None = None,
        context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    ) -> QAction:
        owner = owner or self
        action = QAction(owner)
        action.setShortcuts(keys)
        action.setShortcutContext(context)
        action.triggered.connect(slot)
        owner.addAction(action)
        return action

    def _actions(self) -> None:
        key = QKeySequence
        self.new_action = self._action([key("Ctrl+N"), key(Qt.Key.Key_Insert)], self.new_funder)
        self.save_action = self._action([key(key.StandardKey.Save)], self.save)
        self._action([key(key.StandardKey.Find)], self._focus_filter)
        self.delete_action = self._action(
            [key(key.StandardKey.Delete)],
            self.delete_funder,
            self.table,
            Qt.ShortcutContext.WidgetShortcut,
        )
        stack = self.context.undo_stack
        self.undo_action = stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(key.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcut(key.StandardKey.Redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(self._activated)
        self.list_pane.new_button.clicked.connect(self.new_funder)
        self.list_pane.merge_button.clicked.connect(self.merge_funder)
        self.delete_button.clicked.connect(self.delete_funder)
        self.save_button.clicked.connect(self.save)
        self.form_pane.discard_button.clicked.connect(self.discard)
        self.close_button.clicked.connect(self.reject)
        self.undo_button.clicked.connect(self.undo_action.trigger)
        stack = self.context.undo_stack
        stack.canUndoChanged.connect(self._update_undo_button)
        stack.undoTextChanged.connect(self._update_undo_button)
        self._update_undo_button()
        self.context.data_changed.connect(self._data_changed)
        signals = {
            "name": self.name_edit.textChanged,
            "kind": self.kind_box.currentIndexChanged,
            "website": self.website_edit.textChanged,
            "notes": self.notes_edit.textChanged,
        }
        for name, signal in signals.items():
            signal.connect(lambda *_a, n=name: self._touch(n))

    # -- the list --------------------------------------------------------------------------

    def reload(self, select_id: int | None = None, fallback_row: int | None = None) -> None:
        """Read the funders again and show *select_id* (else the one shown, else the row
        nearest *fallback_row*), re-read unless the form holds unsaved input."""
        db = self.context.db
        rows = list_funders(db) if db is not None else []
        wanted = select_id if select_id is not None else self.funder_id
        if wanted is not None:
            wanted = current_funder_id(self.context, wanted)
        if fallback_row is None:
            fallback_row = max(self.table.currentIndex().row(), 0)
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_rows(rows)
        self.list_pane.fit_columns()
        self._show_list_state()
        self._reselect(wanted, fallback_row, force=select_id is not None)

    @property
    def funder_id(self) -> int | None:
        """The funder the form shows."""
        return self.record_id

    @funder_id.setter
    def funder_id(self, value: int | None) -> None:
        self.record_id = value

    def _record_id_at(self, row: int) -> int | None:
        funder = self.model.funder_at(row)
        return funder.id if funder is not None else None

    def _show_list_state(self) -> None:
        if self.model.total == 0 and not self.creating:
            self.empty.show_state(
                "empty",
                _("No funders yet."),
                _(
                    "Add the foundations, public bodies and companies whose calls you follow. "
                    "Funders named in the calls you record or import appear here by themselves."
                ),
                _("New funder"),
                self.new_funder,
            )
            self.pages.setCurrentWidget(self.empty)
        else:
            self.pages.setCurrentWidget(self.splitter)
        self.list_pane.show_no_match(self.filter_edit.text())

    def _filter_changed(self, text: str) -> None:
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_filter(text)
        self._show_list_state()
        row = self.model.row_for_id(self.funder_id) if self.funder_id is not None else -1
        if row >= 0:
            self._select_row(row)

    def _activated(self, _index: QModelIndex) -> None:
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    # -- the form --------------------------------------------------------------------------

    def _load(self, record_id: int) -> tuple[FunderForm, int]:
        assert self.context.db is not None
        return load_funder(self.context.db, record_id)

    def _blank_form(self) -> FunderForm:
        return FunderForm()

    def read_form(self) -> FunderForm:
        """The form as typed."""
        return self.form_pane.read()

    def is_dirty(self) -> bool:
        """True when the form holds something not saved yet."""
        if self.creating:
            return self.read_form() != FunderForm()
        return self.funder_id is not None and self.read_form() != self.original

    def errors(self) -> dict[str, str]:
        """Every problem of the form as typed (field → sentence), a taken name included."""
        form = self.read_form()
        problems = {e.field: e.message for e in validate(form)}
        if "name" not in problems and form.name:
            for row in self.model.all_rows():
                if row.id != self.funder_id and same_name(row.name, form.name):
                    problems["name"] = duplicate_message(form.name)
                    break
        return problems

    def _update_buttons(self, selected: bool) -> None:
        self.save_action.setEnabled(self.save_button.isEnabled())
        self.delete_button.setEnabled(selected)
        self.delete_action.setEnabled(selected)
        self.list_pane.merge_button.setEnabled(selected and self.model.total > 1)
        if self.creating:
            self.form_pane.show_heading(_("New funder"), None)
            self.form_pane.usage.setText(_("Write its name and choose its kind, then save."))
        elif self.funder_id is not None:
            self.form_pane.show_heading(self.original.name, self.model.find(self.funder_id))
        else:
            self.form_pane.show_heading(_("No funder selected"), None)
            self.form_pane.usage.setText(_("Choose a funder in the list, or add a new one."))

    def _update_undo_button(self, *_args: object) -> None:
        stack = self.context.undo_stack
        self.undo_button.setEnabled(stack.canUndo())
        tip = _("Undo: {what} (Ctrl+Z)").format(what=stack.undoText())
        self.undo_button.setToolTip(tip if stack.canUndo() else "")

    # -- actions ---------------------------------------------------------------------------

    def _not_changed_title(self) -> str:
        return _("Funder not changed")

    def new_funder(self) -> None:
        """Empty the form for a new funder (after asking about unsaved input)."""
        if self.context.db is None:
            return
        if not self.creating and not self.leave_form():
            return
        self._start_new()

    def _first_field(self) -> QWidget:
        return self.name_edit

    def _create_command(self, form: FunderForm) -> QUndoCommand:
        return CreateFunderCommand(self.context, form, self._refused)

    def _edit_command(self, record_id: int, form: FunderForm) -> QUndoCommand:
        return EditFunderCommand(
            self.context, record_id, self.original, form, self.version, self._refused
        )

    def _saved_id(self, command: QUndoCommand) -> int:
        assert isinstance(command, CreateFunderCommand | EditFunderCommand)
        saved_id = command.funder_id
        assert saved_id is not None
        return current_funder_id(self.context, saved_id)

    def _display_name(self, form: FunderForm) -> str:
        return form.name

    def _after_refusal(self) -> None:
        """Re-read what changed under a refused save; keep the input when only it was wrong."""
        if self.creating or self.funder_id is None or self.context.db is None:
            self.reload()
            return
        try:
            version = load_funder(self.context.db, self.funder_id)[1]
        except RecordNotFoundError:
            self.funder_id = None
            self.reload()
            return
        if version != self.version:  # someone else saved it: show what they saved
            self.reload(select_id=self.funder_id)
        else:
            self.reload()

    def _leave_question(self) -> str:
        if self.creating:
            return _("Save the new funder?")
        return _("Save the changes to “{name}”?").format(name=self.original.name)

    def reject(self) -> None:
        if self.leave_form():
            super().reject()

    def delete_funder(self) -> None:
        """Ask, then delete the funder undoably; refuse with a sentence while calls use it."""
        db = self.context.db
        if db is None or self.funder_id is None or self.creating:
            return
        try:
            form, version = load_funder(db, self.funder_id)
        except RecordNotFoundError as exc:
            self._say(str(exc), error=True)
            self.reload()
            return
        used = funder_usage(db, self.funder_id)
        if used:
            hint = _("To join two names of the same funder, use “Merge into…”.")
            QMessageBox.warning(
                self, _("Funder not deleted"), in_use_message(form.name, used) + "\n\n" + hint
            )
            return
        if not self._confirm_delete(
            QMessageBox.Icon.Warning,
            _("Delete funder"),
            _("Delete the funder “{name}”?").format(name=form.name),
            _("No call names it. Ctrl+Z or Edit › Undo brings it back."),
        ):
            return
        row = max(self.table.currentIndex().row(), 0)
        command = DeleteFunderCommand(self.context, self.funder_id, form, version, self._refused)
        if not self._push_removal(command):
            return
        self.reload(fallback_row=row)
        self._say(_("“{name}” deleted: Ctrl+Z brings it back.").format(name=form.name))

    def merge_funder(self) -> None:
        """Move the selected funder's calls to another one (chosen from a list), delete it."""
        db = self.context.db
        if db is None or self.funder_id is None or self.creating or not self.leave_form():
            return
        try:
            form, version = load_funder(db, self.funder_id)
        except RecordNotFoundError as exc:
            self._say(str(exc), error=True)
            self.reload()
            return
        others = [r for r in self.model.all_rows() if r.id != self.funder_id]
        source = self.model.find(self.funder_id)
        calls = source.calls if source is not None else 0
        question = ngettext(
            "Move the {n} call of “{name}” to which funder? “{name}” is then deleted.",
            "Move the {n} calls of “{name}” to which funder? “{name}” is then deleted.",
            calls,
        ).format(n=calls, name=form.name)
        if not calls:
            question = _("Merge “{name}” into which funder? No call names it.").format(
                name=form.name
            )
        names = [r.name for r in others]
        chosen, ok = QInputDialog.getItem(
            self, _("Merge into another funder"), question, names, 0, False
        )
        if not ok or chosen not in names:
            return
        target = others[names.index(chosen)]
        command = MergeFundersCommand(
            self.context,
            self.funder_id,
            form,
            version,
            target.id,
            target.name,
            target.version,
            self._refused,
        )
        if not self._push_removal(command):
            return
        self.reload(select_id=target.id)
        self._say(
            _("“{name}” merged into “{target}”: Ctrl+Z separates them again.").format(
                name=form.name, target=target.name
            )
        )
