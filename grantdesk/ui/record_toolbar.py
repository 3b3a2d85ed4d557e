"""What the list views' toolbars share: “New…”, “Edit” and “Delete” over a list.

:class:`RecordToolbar` holds the row of buttons (tab focus only), the shortcuts as
actions on the view and its table (Ctrl+Shift+N, Insert in the list, F2, Delete in the
list, optionally Enter), a double click that edits, and the enabled state that follows
the database and the selection. :func:`confirm_delete` asks before a deletion, naming
what goes with the record; :func:`push_command` pushes the undoable command and says
so in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QMessageBox, QPushButton, QWidget

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext


class _Enabling(Protocol):
    def setEnabled(self, enabled: bool, /) -> None: ...


def confirm_delete(parent: QWidget | None, title: str, text: str, details: list[str]) -> bool:
    """Ask “Delete …?” with *details* (what goes with it) and the way back; True on yes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(" ".join([*details, _("You can bring it back with Edit › Undo.")]))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    yes = box.button(QMessageBox.StandardButton.Yes)
    if yes is not None:
        yes.setText(_("Delete"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


def push_command(context: AppContext, command: QUndoCommand, done: str) -> bool:
    """Push *command* on the undo stack; unless it failed, say *done*. True when done."""
    context.undo_stack.push(command)
    if getattr(command, "failed", None):
        return False
    context.status_message.emit(done)
    return True


class RecordToolbar(QWidget):
    """The toolbar above a records list: :attr:`new_button`, :attr:`edit_button`,
    :attr:`delete_button` and the actions that are their shortcuts.

    A subclass builds its own extra buttons, then calls :meth:`_add_buttons` with all of
    them in their order, :meth:`_add_shortcuts` with its slots and, once whatever else
    :meth:`update_state` touches exists, :meth:`_follow_selection`. What else the
    selection enables goes into :attr:`needs_selection`.
    """

    def __init__(
        self,
        view: QWidget,
        parent: QWidget | None,
        *,
        name: str,
        new_text: str,
        new_name: str,
        tips: tuple[str, str, str],
        right_margin: int = 0,
    ) -> None:
        super().__init__(parent)
        from grantdesk.ui.icons import icon
        from grantdesk.ui.views.records import RecordsView

        assert isinstance(view, RecordsView)
        self.view = view
        self.setObjectName(name)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, right_margin, 0)
        self.row.setSpacing(6)
        self.new_text = new_text
        self.new_button = QPushButton(icon("new"), new_text)
        self.new_button.setObjectName(new_name)
        self.edit_button = QPushButton(_("Edit"))
        self.delete_button = QPushButton(_("Delete"))
        for button, tip in zip(
            (self.new_button, self.edit_button, self.delete_button), tips, strict=True
        ):
            button.setToolTip(tip)
        self.needs_selection: list[_Enabling] = [self.edit_button, self.delete_button]
        self._edit: Callable[[], None] = lambda: None

    def _add_buttons(self, *buttons: QAbstractButton) -> None:
        for button in buttons:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.row.addWidget(button)

    def _add_shortcuts(
        self,
        new: Callable[[], None],
        edit: Callable[[], None],
        delete: Callable[[], None],
        enter_edits: bool = False,
    ) -> None:
        """The actions and the buttons' clicks, then follow the selection."""
        view = self.view
        self.new_action = self._action(self.new_text, view, "Ctrl+Shift+N", new)
        self.insert_action = self._action(
            self.new_text, view.table, QKeySequence(Qt.Key.Key_Insert), new, True
        )
        self.edit_action = self._action(_("Edit"), view, QKeySequence(Qt.Key.Key_F2), edit)
        self.needs_selection.append(self.edit_action)
        if enter_edits:
            self.enter_action = self._action(
                _("Edit"), view.table, QKeySequence(Qt.Key.Key_Return), edit, True
            )
            self.needs_selection.append(self.enter_action)
        self.delete_action = self._action(
            _("Delete"), view.table, QKeySequence(QKeySequence.StandardKey.Delete), delete, True
        )
        self.needs_selection.append(self.delete_action)
        self.new_button.clicked.connect(new)
        self.edit_button.clicked.connect(edit)
        self.delete_button.clicked.connect(delete)
        self._edit = edit

    def _follow_selection(self) -> None:
        view = self.view
        view.table.doubleClicked.connect(self._double_clicked)
        view.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_state())
        view.model.modelReset.connect(self.update_state)
        view.context.data_changed.connect(lambda _k: self.update_state())
        view.context.database_changed.connect(self.update_state)
        self.update_state()

    @staticmethod
    def _action(
        text: str, owner: QWidget, keys: object, slot: object, widget_only: bool = False
    ) -> QAction:
        action = QAction(text, owner)
        action.setShortcut(keys if isinstance(keys, QKeySequence) else QKeySequence(str(keys)))
        action.setShortcutContext(
            Qt.ShortcutContext.WidgetShortcut
            if widget_only
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        action.triggered.connect(slot)
        owner.addAction(action)
        return action

    def has_db(self) -> bool:
        return self.view.context.db is not None

    def update_state(self) -> None:
        has_db = self.has_db()
        selected = has_db and self.view.current_id() is not None
        for widget in (self.new_button, self.new_action, self.insert_action):
            widget.setEnabled(has_db)
        for enabling in self.needs_selection:
            enabling.setEnabled(selected)

    def _with_current(self, do: Callable[[QWidget, AppContext, int], object]) -> None:
        """``do(view, context, id)`` for the selected record, if any."""
        record_id = self.view.current_id()
        if record_id is not None:
            do(self.view, self.view.context, record_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._edit()

    def _select(self, record_id: int) -> None:
        row = self.view.model.row_for_id(record_id)
        if row >= 0:
            self.view.select_row(row)
