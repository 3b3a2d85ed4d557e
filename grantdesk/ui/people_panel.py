"""An organization's contacts: the table, a form to add or edit one, and the GDPR tools.

Made to sit in a tab of the organization editor. Every problem is one sentence under its
field and Save stays disabled until there is none. New, edit and delete are undoable
commands (:mod:`grantdesk.ui.people_commands`: Ctrl+Z while the panel has the focus, or
Edit ▸ Undo later). "Export data…" writes everything held on the person to a JSON file
(an access request); "Erase…" destroys it for good, after a strong confirmation
(:mod:`grantdesk.ui.people_erase`).

Keys: Ctrl+N adds a contact, Enter or Ctrl+S saves, Delete (in the table) deletes.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.services.people import PersonForm, PersonRow, validate
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import MUTED_COLOUR
from grantdesk.ui.people_widgets import (
    PeopleListPane,
    PeopleTableModel,
    PersonFormPane,
)
from grantdesk.ui.record_form_panel import RecordFormPanel
from grantdesk.ui.views.empty_state import EmptyState


class PeoplePanel(RecordFormPanel[PersonForm], QWidget):
    """Create, edit, delete, export and erase the contacts of one organization."""

    FIELDS = PersonFormPane.FIELDS
    form_pane: PersonFormPane

    def __init__(
        self, context: AppContext, organization_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.organization_id = organization_id
        self._init_record_form(PersonForm())
        self._tasks: list[object] = []

        self.setObjectName("PeoplePanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.intro = QLabel(
            _(
                "The people you talk to at this organization. Their details are personal "
                "data: record the consent they gave and keep only what the work needs."
            )
        )
        self.intro.setObjectName("HintText")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {MUTED_COLOUR};")
        layout.addWidget(self.intro)

        self.list_pane = PeopleListPane()
        self.model: PeopleTableModel = self.list_pane.model
        self.table = self.list_pane.table
        self.empty = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.list_pane)
        layout.addWidget(self.pages, 3)

        self.rule = QFrame()
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setStyleSheet("color: #dfe3ea;")
        layout.addWidget(self.rule)
        self.form_pane = PersonFormPane()
        layout.addWidget(self.form_pane, 0)
        self.status = QLabel()
        self.status.setObjectName("PeopleStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.save_button = self.form_pane.save_button
        self.delete_button = self.list_pane.delete_button
        self.export_button = self.list_pane.export_button
        self.erase_button = self.list_pane.erase_button
        self._actions()
        self._connect()
        self.reload()

    # -- wiring ----------------------------------------------------------------------------

    def _action(
        self, keys: list[QKeySequence], slot: Callable[[], object], owner: QWidget
    ) -> QAction:
        action = QAction(owner)
        action.setShortcuts(keys)
        action.setShortcutContext(
            Qt.ShortcutContext.WidgetShortcut
            if owner is self.table
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        action.triggered.connect(slot)
        owner.addAction(action)
        return action

    def _actions(self) -> None:
        key = QKeySequence
        self._action([key("Ctrl+N")], self.new_person, self)
        self._action([key(key.StandardKey.Save)], self.save, self)
        self._action([key(key.StandardKey.Delete)], self.delete_person, self.table)
        stack = self.context.undo_stack
        for action, shortcut in (
            (stack.createUndoAction(self, _("Undo")), key.StandardKey.Undo),
            (stack.createRedoAction(self, _("Redo")), key.StandardKey.Redo),
        ):
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.list_pane.new_button.clicked.connect(self.new_person)
        self.delete_button.clicked.connect(self.delete_person)
        self.export_button.clicked.connect(self.export_data)
        self.erase_button.clicked.connect(self.erase_person)
        self.save_button.clicked.connect(self.save)
        self.form_pane.discard_button.clicked.connect(self.discard)
        self.context.data_changed.connect(self._data_changed)
        pane = self.form_pane
        signals = {
            "first_name": pane.first_name_edit.textChanged,
            "last_name": pane.last_name_edit.textChanged,
            "role": pane.role_edit.textChanged,
            "email": pane.email_edit.textChanged,
            "phone": pane.phone_edit.textChanged,
            "consent_on": pane.consent_edit.textChanged,
            "consent_purpose": pane.purpose_edit.textChanged,
            "notes": pane.notes_edit.textChanged,
        }
        for name, signal in signals.items():
            signal.connect(lambda *_a, n=name: self._touch(n))
        for widget in pane.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in a field saves the contact, not the dialog this panel sits in.
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save()
                return True
        return super().eventFilter(watched, event)

    # -- the list --------------------------------------------------------------------------

    def set_organization(self, organization_id: int | None) -> None:
        """Show the contacts of another organization (None: not saved yet)."""
        self.organization_id = organization_id
        self.person_id, self.creating = None, False
        self.reload()

    def reload(self, select_id: int | None = None, fallback_row: int | None = None) -> None:
        """Read the contacts again; keep (or select) a contact when it is still there."""
        from grantdesk.services.people import list_people

        db = self.context.db
        rows: list[PersonRow] = []
        if db is not None and self.organization_id is not None:
            rows = list_people(db, organization_id=self.organization_id)
        wanted = select_id if select_id is not None else self.person_id
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_rows(rows)
        self._show_list_state()
        # the first contact, or the one after a deleted one
        self._reselect(wanted, -1 if fallback_row is None else fallback_row, force=False)

    @property
    def person_id(self) -> int | None:
        """The contact the form shows."""
        return self.record_id

    @person_id.setter
    def person_id(self, value: int | None) -> None:
        self.record_id = value

    def _record_id_at(self, row: int) -> int | None:
        person = self.model.person_at(row)
        return person.id if person is not None else None

    def _show_list_state(self) -> None:
        if self.organization_id is None:
            self.empty.show_state(
                "organizations",
                _("People can be added once the organization is saved."),
            )
            self.pages.setCurrentWidget(self.empty)
        elif self.model.rowCount() == 0 and not self.creating:
            self.empty.show_state(
                "organizations",
                _("No contacts yet."),
                _(
                    "Add the people you talk to here: name, role, e-mail, phone, and the "
                    "consent they gave to be contacted."
                ),
                _("New contact"),
                self.new_person,
            )
            self.pages.setCurrentWidget(self.empty)
        else:
            self.pages.setCurrentWidget(self.list_pane)
        showing_form = self.creating or self.model.rowCount() > 0
        self.form_pane.setVisible(showing_form)
        self.rule.setVisible(showing_form)

    # -- the form --------------------------------------------------------------------------

    def _load(self, record_id: int) -> tuple[PersonForm, int]:
        from grantdesk.services.people import load_person

        assert self.context.db is not None
        return load_person(self.context.db, record_id)

    def _blank_form(self) -> PersonForm:
        return PersonForm(organization_id=self.organization_id)

    def read_form(self) -> PersonForm:
        """The form as typed."""
        return self.form_pane.read(self.organization_id)

    def is_dirty(self) -> bool:
        """True when the form holds something not saved yet."""
        typed = self.read_form()
        if self.creating:
            return typed != PersonForm(organization_id=self.organization_id) or bool(
                self.form_pane.consent_edit.text().strip()
            )
        if self.person_id is None:
            return False
        bad_date = bool(self.form_pane.consent_day()[1])
        return bad_date or typed != self.original

    def errors(self) -> dict[str, str]:
        """Every problem of the form as typed (field → sentence)."""
        problems = {e.field: e.message for e in validate(self.read_form())}
        bad_date = self.form_pane.consent_day()[1]
        if bad_date:
            problems["consent_on"] = bad_date
        return problems

    def _update_buttons(self, selected: bool) -> None:
        for button in (self.delete_button, self.export_button, self.erase_button):
            button.setEnabled(selected)
        self.list_pane.new_button.setEnabled(self.organization_id is not None)
        pane = self.form_pane
        if self.creating:
            pane.title.setText(_("New contact"))
            pane.activity.setText("")
        elif self.person_id is not None:
            pane.title.setText(f"{self.original.first_name} {self.original.last_name}")
            pane.activity.setText(self._activity_text())
        else:
            pane.title.setText(_("Choose a contact in the list, or add a new one."))
            pane.activity.setText("")

    def _activity_text(self) -> str:
        from grantdesk.domain.dates import format_date
        from grantdesk.i18n import current_language
        from grantdesk.services.people import activity_day

        row = self.model.person_at(self.model.row_for_id(self.person_id or -1))
        if row is None:
            return ""
        day = format_date(activity_day(row), current_language())
        return _("Last activity: {day}").format(day=day)

    # -- actions ---------------------------------------------------------------------------

    def _not_changed_title(self) -> str:
        return _("Contact not changed")

    def new_person(self) -> None:
        """Empty the form for a new contact (after asking about unsaved input)."""
        if self.context.db is None or self.organization_id is None:
            return
        if not self.creating and not self.leave_form():
            return
        self._start_new()

    def _first_field(self) -> QWidget:
        return self.form_pane.first_name_edit

    def _create_command(self, form: PersonForm) -> QUndoCommand:
        from grantdesk.ui.people_commands import CreatePersonCommand

        return CreatePersonCommand(self.context, form, self._refused)

    def _edit_command(self, record_id: int, form: PersonForm) -> QUndoCommand:
        from grantdesk.ui.people_commands import EditPersonCommand

        return EditPersonCommand(
            self.context, record_id, self.original, form, self.version, self._refused
        )

    def _saved_id(self, command: QUndoCommand) -> int:
        from grantdesk.ui.people_commands import (
            CreatePersonCommand,
            EditPersonCommand,
            current_person_id,
        )

        assert isinstance(command, CreatePersonCommand | EditPersonCommand)
        saved_id = command.person_id
        assert saved_id is not None
        return current_person_id(self.context, saved_id)

    def _after_refusal(self) -> None:
        self.creating = False
        self.reload()

    def _after_save(self) -> None:
        assert self.person_id is not None
        self._show_record(self.person_id)  # what was saved, at its new version

    def _display_name(self, form: PersonForm) -> str:
        return f"{form.first_name} {form.last_name}"

    def _leave_question(self) -> str:
        form = self.read_form()
        name = f"{form.first_name} {form.last_name}".strip() or _("the new contact")
        return _("Save the changes to “{name}”?").format(name=name)

    def _current(self) -> tuple[PersonForm, int] | None:
        """The selected contact as stored now (None, with a sentence, when gone)."""
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.people import load_person

        if self.context.db is None or self.person_id is None or self.creating:
            return None
        try:
            return load_person(self.context.db, self.person_id)
        except RecordNotFoundError as exc:
            self._say(str(exc), error=True)
            self.person_id = None
            self.reload()
            return None

    def delete_person(self) -> None:
        """Ask, then delete the contact undoably (refused while meetings name them)."""
        from grantdesk.services.people import in_use_message, person_usage
        from grantdesk.ui.people_commands import DeletePersonCommand

        current = self._current()
        if current is None or self.person_id is None:
            return
        form, version = current
        name = f"{form.first_name} {form.last_name}"
        meetings = person_usage(self.context.db, self.person_id)  # type: ignore[arg-type]
        if meetings:
            QMessageBox.warning(self, _("Contact not deleted"), in_use_message(name, meetings))
            return
        if not self._confirm_delete(
            QMessageBox.Icon.Question,
            _("Delete contact"),
            _("Remove “{name}” from the contacts?").format(name=name),
            _(
                "Ctrl+Z brings the contact back. To destroy their data for good, as the "
                "GDPR's right to erasure asks, use “Erase…” instead."
            ),
        ):
            return
        row = max(self.table.currentIndex().row(), 0)
        command = DeletePersonCommand(self.context, self.person_id, form, version, self._refused)
        if not self._push_removal(command):
            return
        self.reload(fallback_row=row)
        self._say(_("“{name}” deleted: Ctrl+Z brings it back.").format(name=name))

    def export_data(self) -> None:
        """Save everything held on the selected contact to a JSON file."""
        from grantdesk.ui.people_erase import export_interactively

        current = self._current()
        if current is None or self.person_id is None:
            return
        form = current[0]
        task = export_interactively(
            self.context,
            self.person_id,
            f"{form.first_name} {form.last_name}",
            self,
            self._exported,
        )
        if task is not None:
            self._tasks.append(task)
            self._say(_("Gathering everything held on them…"))

    def _exported(self, message: str, ok: bool) -> None:
        if shiboken6.isValid(self):
            self._say(message, error=not ok)

    def erase_person(self) -> None:
        """Erase the selected contact for good, after the strong confirmation."""
        from grantdesk.ui.people_erase import EraseDialog, erasure_message

        if not self.leave_form():
            return
        current = self._current()
        if current is None or self.person_id is None:
            return
        form, version = current
        dialog = EraseDialog(
            self.context, self.person_id, form.first_name, form.last_name, version, self
        )
        row = max(self.table.currentIndex().row(), 0)
        if dialog.exec() != EraseDialog.DialogCode.Accepted:
            return
        message, ok = erasure_message(dialog.report)
        self.person_id = None
        self.reload(fallback_row=row)
        self._say(message, error=not ok)
