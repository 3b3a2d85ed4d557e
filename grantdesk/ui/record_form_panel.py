"""What a list of records beside a form for one of them shares, whatever the record.

:class:`RecordFormPanel` is mixed into a widget (Edit ▸ Funders…, an organization's
people) that holds a table of records and a form: it keeps which record the form shows
(or that a new one is being written), the form as loaded and its version, the fields
touched so far, and runs the save flow — the create or edit command pushed on the undo
stack with the version seen, a refusal said on the message line below. The widget
supplies what depends on the record: how to load one, the blank form, the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

import shiboken6
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

F = TypeVar("F")


class RecordFormPanel(Generic[F]):
    """The record shown, its form and the save flow; mixed in before the QWidget class.

    The widget sets ``context``, ``model``, ``table``, ``form_pane``, ``save_button`` and
    ``status``, calls :meth:`_init_record_form` first thing, and defines the hooks below.
    """

    context: AppContext
    model: Any  # row_for_id(id) and rowCount(); the NAME column
    table: QTableView
    form_pane: Any  # fill(form), show_errors(problems, touched), set_editable(bool)
    save_button: QPushButton
    status: QLabel
    FIELDS: tuple[str, ...]  # every field of the form

    def _init_record_form(self, blank: F) -> None:
        self.record_id: int | None = None  # the record the form shows
        self.creating = False  # the form holds a new record, not saved yet
        self.original: F = blank
        self.version = 0
        self._touched: set[str] = set()
        self._busy = False  # a command is being pushed: its notification is not news

    # -- what the widget supplies ----------------------------------------------------------

    reload: Callable[..., None]  # (select_id=None, fallback_row=None): read the rows again
    read_form: Callable[[], F]
    is_dirty: Callable[[], bool]
    errors: Callable[[], dict[str, str]]
    _blank_form: Callable[[], F]  # the empty form of a new record
    _load: Callable[[int], tuple[F, int]]  # stored form and version; RecordNotFoundError
    _record_id_at: Callable[[int], int | None]
    _update_buttons: Callable[[bool], None]  # (selected): its own buttons and heading
    _show_list_state: Callable[[], None]
    _first_field: Callable[[], QWidget]
    _create_command: Callable[[F], QUndoCommand]
    _edit_command: Callable[[int, F], QUndoCommand]
    _saved_id: Callable[[QUndoCommand], int]  # the saved record's id now (after redo too)
    _after_refusal: Callable[[], None]
    _display_name: Callable[[F], str]
    _leave_question: Callable[[], str]
    _not_changed_title: Callable[[], str]

    def _after_save(self) -> None:
        """What to do once the saved record is shown again (nothing by default)."""

    # -- the list --------------------------------------------------------------------------

    def _reselect(self, wanted: int | None, fallback_row: int, force: bool) -> None:
        """After the rows are read again: select *wanted* (else the row nearest
        *fallback_row*) and show it, re-read unless the form holds unsaved input."""
        if self.creating:
            self._update_state()
            return
        row = self.model.row_for_id(wanted) if wanted is not None else -1
        if row < 0 and self.model.rowCount():
            row = min(max(fallback_row, 0), self.model.rowCount() - 1)
        record_id = self._record_id_at(row)
        if record_id is None:
            self._show_nothing()
            return
        self._select_row(row)
        if record_id != self.record_id or force or not self.is_dirty():
            self._show_record(record_id)
        else:
            self._update_state()

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, self.model.NAME)
        with QSignalBlocker(self.table.selectionModel()):
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.scrollTo(index)

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        record_id = self._record_id_at(current.row()) if current.isValid() else None
        if record_id is None or (record_id == self.record_id and not self.creating):
            return
        if not self.leave_form():
            if previous.isValid():
                self._select_row(previous.row())
            else:
                with QSignalBlocker(self.table.selectionModel()):
                    self.table.selectionModel().clear()
            return
        self._show_record(record_id)

    def _data_changed(self, _kind: str) -> None:
        if not self._busy and shiboken6.isValid(self):  # undo/redo or another window
            self.reload()

    # -- the form --------------------------------------------------------------------------

    def _show_record(self, record_id: int) -> None:
        from grantdesk.services.details import RecordNotFoundError

        try:
            form, version = self._load(record_id)
        except RecordNotFoundError as exc:
            self._say(str(exc), error=True)
            self._show_nothing()
            return
        self.record_id, self.creating = record_id, False
        self.original, self.version = form, version
        self.form_pane.fill(form)
        self._touched = set(self.FIELDS)
        self._update_state()

    def _show_nothing(self) -> None:
        self.record_id, self.creating = None, False
        self.original, self.version = self._blank_form(), 0
        self.form_pane.fill(self.original)
        self._touched = set()
        self._update_state()

    def _start_new(self) -> None:
        """Empty the form for a new record."""
        self.creating, self.record_id = True, None
        self.original, self.version = self._blank_form(), 0
        with QSignalBlocker(self.table.selectionModel()):
            self.table.selectionModel().clear()
        self.form_pane.fill(self.original)
        self._touched = set()
        self._show_list_state()
        self._update_state()
        self._say("")
        self._first_field().setFocus()

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self._update_state()

    def _update_state(self) -> None:
        """Errors of the touched fields, the heading, and which buttons work."""
        editing = self.creating or self.record_id is not None
        problems = self.errors() if editing else {}
        self.form_pane.show_errors(problems, self._touched)
        self.form_pane.set_editable(editing)
        dirty = self.is_dirty()
        self.save_button.setEnabled(editing and dirty and not problems)
        self.form_pane.discard_button.setEnabled(dirty)
        self._update_buttons(self.record_id is not None and not self.creating)

    def _say(self, message: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_COLOUR if error else MUTED_COLOUR};")
        self.status.setText(message)

    # -- actions ---------------------------------------------------------------------------

    def _push(self, command: QUndoCommand) -> str:
        """Push *command*; the refusal sentence, or "" when it was done."""
        self._busy = True
        try:
            self.context.undo_stack.push(command)
        finally:
            self._busy = False
        return str(getattr(command, "failed", ""))

    def _push_removal(self, command: QUndoCommand) -> bool:
        """Push *command*, which takes the shown record away; say why when refused."""
        failed = self._push(command)
        if failed:
            self._say(failed, error=True)
            self.reload()
            return False
        self.record_id = None
        return True

    def _refused(self, message: str) -> None:
        """A command refused a step (perhaps long after this widget closed)."""
        if shiboken6.isValid(self) and cast(QWidget, self).isVisible():
            self._say(message, error=True)
            self.reload()
        else:
            QMessageBox.warning(QApplication.activeWindow(), self._not_changed_title(), message)

    def save(self) -> bool:
        """Push the create or edit command; True when saved (or nothing to save)."""
        if not (self.creating or self.record_id is not None) or not self.is_dirty():
            return True
        self._touched = set(self.FIELDS)
        self._update_state()
        if not self.save_button.isEnabled():
            return False
        form = self.read_form()
        if self.creating:
            command = self._create_command(form)
        else:
            assert self.record_id is not None
            command = self._edit_command(self.record_id, form)
        failed = self._push(command)
        if failed:
            self._say(failed, error=True)
            self._after_refusal()
            return False
        self.creating = False
        self.record_id = self._saved_id(command)
        self.reload(select_id=self.record_id)
        self._after_save()
        self._say(_("“{name}” saved.").format(name=self._display_name(form)))
        return True

    def discard(self) -> None:
        """Forget the unsaved input."""
        if self.creating:
            self.creating = False
            self.reload()
        elif self.record_id is not None:
            self._show_record(self.record_id)
        self._say("")

    def leave_form(self) -> bool:
        """Before showing something else: ask about unsaved input. False: stay."""
        if not self.is_dirty():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            cast(QWidget, self),
            _("Unsaved changes"),
            self._leave_question(),
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        if answer == buttons.Discard:
            self.creating = False
            if self.record_id is not None:
                self.form_pane.fill(self.original)
            return True
        return False

    def _confirm_delete(
        self, icon: QMessageBox.Icon, title: str, text: str, informative: str
    ) -> bool:
        """Ask Delete / Cancel (Cancel the default); True for Delete."""
        box = QMessageBox(cast(QWidget, self))
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(informative)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.setText(_("Delete"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return bool(box.exec() == QMessageBox.StandardButton.Yes)
