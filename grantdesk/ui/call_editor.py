"""The call editor (new or existing call), the calls list's toolbar and deleting a call.

The editor shows the call in five tabs (general, deadlines, amounts and rules, cost caps,
required attachments). Amounts are typed the Italian way (``€ 1.234,56``); every problem is one
sentence under its field, and Save stays disabled until there is none. Saving pushes an
undoable command (see :mod:`grantdesk.ui.call_commands`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.domain.vocab import CallStatus
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services.call_editing import (
    AMOUNT_FIELDS,
    COUNT_FIELDS,
    PERCENT_FIELDS,
    CallForm,
    parse_money,
    parse_percent,
    show_percent,
    split_themes,
    validate,
)
from grantdesk.ui.call_editor_tabs import EditorTabs
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

log = logging.getLogger(__name__)

GENERAL, DEADLINES, RULES, CAPS, ATTACHMENTS = range(5)
# Which tab shows each field (the others are on the general tab).
_RULES_FIELDS = {
    *AMOUNT_FIELDS,
    *PERCENT_FIELDS,
    *COUNT_FIELDS,
    "volunteer_time_allowed",
    "volunteer_hourly_value",
    "eligible_forms",
}


class CallEditorDialog(EditorTabs, QDialog):
    """Create a call (*call_id* None) or edit one; Save pushes an undoable command."""

    def __init__(
        self, context: AppContext, call_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from grantdesk.services.call_editing import funder_names, load_form
        from grantdesk.services.dashboard import owners

        self.context = context
        self.call_id = call_id
        self.command: object | None = None
        self._inputs: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._known_funders: list[str] = []
        db = context.db
        assert db is not None
        if call_id is None:
            self.original = CallForm()
            self.version = 0
        else:
            self.original, self.version = load_form(db, call_id)
        self._known_funders = funder_names(db)
        known_owners = owners(db)

        self.setObjectName("CallEditorDialog")
        self.setWindowTitle(_("New call") if call_id is None else _("Edit call"))
        self.setMinimumSize(800, 620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        self.heading = QLabel(
            _("New call")
            if call_id is None
            else _("Edit “{title}”").format(title=self.original.title)
        )
        self.heading.setObjectName("DialogHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.addTab(self._general_tab(), _("General"))
        self.tabs.addTab(self._deadlines_tab(known_owners), _("Deadlines"))
        self.tabs.addTab(self._rules_tab(), _("Amounts and rules"))
        self.tabs.addTab(self._caps_tab(), _("Cost caps"))
        self.tabs.addTab(self._attachments_tab(), _("Required attachments"))
        layout.addWidget(self.tabs, 1)

        layout.addLayout(self._save_bar())

        self._fill(self.original)
        if call_id is not None:
            self._touched = set(CallForm.__dataclass_fields__)
        self._connect()
        self.refresh_errors()
        self.title_edit.setFocus()
        self.resize(880, 700)

    # -- building ------------------------------------------------------------------------

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = self._form_layout(page)
        form.setContentsMargins(16, 16, 16, 12)

        self.funder_box = QComboBox()
        self.funder_box.setEditable(True)
        self.funder_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.funder_box.addItems(self._known_funders)
        completer = QCompleter(self._known_funders, self.funder_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.funder_box.setCompleter(completer)
        line = self.funder_box.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("Choose a funder or type a new name"))
        self.funder_note = QLabel()
        self.funder_note.setStyleSheet(f"color: {MUTED_COLOUR};")
        funder_field = self._field("funder", self.funder_box)
        funder_column = funder_field.layout()
        assert isinstance(funder_column, QVBoxLayout)
        funder_column.insertWidget(1, self.funder_note)
        form.addRow(_("&Funder"), funder_field)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(_("The call's title as the funder publishes it"))
        form.addRow(_("&Title"), self._field("title", self.title_edit))

        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(_("e.g. WEL-2027"))
        self.status_box = QComboBox()
        for status in CallStatus:
            self.status_box.addItem(status.label, status.value)
        pair = QWidget()
        pair_row = QHBoxLayout(pair)
        pair_row.setContentsMargins(0, 0, 0, 0)
        pair_row.setSpacing(14)
        pair_row.addWidget(self._field("code", self.code_edit), 1)
        status_label = QLabel(_("&Status"))
        status_label.setBuddy(self.status_box)
        # Level with the box's text: the field below it may grow an error line.
        lift = max(0, (self.status_box.sizeHint().height() - status_label.sizeHint().height()))
        status_label.setContentsMargins(0, lift // 2, 0, 0)
        pair_row.addWidget(status_label, 0, Qt.AlignmentFlag.AlignTop)
        pair_row.addWidget(self._field("status", self.status_box), 1)
        code_label = QLabel(_("&Code"))
        code_label.setBuddy(self.code_edit)
        form.addRow(code_label, pair)

        self.no_go_edit = QLineEdit()
        self.no_go_edit.setPlaceholderText(_("Why the call is not worth a bid"))
        self.no_go_label = QLabel(_("No-go &reason"))
        self.no_go_label.setBuddy(self.no_go_edit)
        form.addRow(self.no_go_label, self._field("no_go_reason", self.no_go_edit))

        self.territory_edit = QLineEdit()
        self.territory_edit.setPlaceholderText(_("e.g. Lombardia, Città metropolitana di Milano"))
        form.addRow(_("Te&rritory"), self._field("territory", self.territory_edit))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://")
        form.addRow(_("&Web page"), self._field("url", self.url_edit))
        self.themes_edit = QLineEdit()
        self.themes_edit.setPlaceholderText(_("Separated by commas: anziani, giovani, povertà"))
        form.addRow(_("T&hemes"), self._field("themes", self.themes_edit))
        self.recurrence_edit = QLineEdit()
        self.recurrence_edit.setPlaceholderText("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31")
        form.addRow(
            _("Rec&urrence"),
            self._field(
                "recurrence",
                self.recurrence_edit,
                _("Only for calls that come back: an iCalendar rule. Leave empty otherwise."),
            ),
        )
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(_("What the call funds, in a few lines"))
        self.description_edit.setMinimumHeight(70)
        form.addRow(_("&Description"), self._field("description", self.description_edit))
        return page

    # -- filling and reading -------------------------------------------------------------

    def _fill(self, form: CallForm) -> None:
        lang = current_language()
        self.funder_box.setEditText(form.funder)
        self.title_edit.setText(form.title)
        self.code_edit.setText(form.code)
        index = self.status_box.findData(form.status)
        self.status_box.setCurrentIndex(max(index, 0))
        self.no_go_edit.setText(form.no_go_reason)
        self.territory_edit.setText(form.territory)
        self.url_edit.setText(form.url)
        self.themes_edit.setText(", ".join(form.themes))
        self.recurrence_edit.setText(form.recurrence)
        self.description_edit.setPlainText(form.description)
        for name, edit in self.amount_edits.items():
            edit.setText(format_eur(getattr(form, name), lang))
        for name, edit in self.percent_edits.items():
            edit.setText(show_percent(getattr(form, name)))
        self.volunteer_box.setCurrentIndex(
            {None: 0, True: 1, False: 2}[form.volunteer_time_allowed]
        )
        self.hourly_edit.setText(format_eur(form.volunteer_hourly_value, lang))
        for name, spin in self.count_spins.items():
            spin.setValue(getattr(form, name) or 0)
        for row in range(self.forms_list.count()):
            item = self.forms_list.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in form.eligible_forms
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.attachments.set_rows(form.attachments)
        self.attachment_buttons.update_enabled()
        self.deadlines.set_rows(form.deadlines)
        self.deadline_buttons.update_enabled()
        self.caps.set_rows(form.caps)
        self.cap_buttons.update_enabled()

    def read_form(self) -> tuple[CallForm, dict[str, str]]:
        """The form as typed, and the fields that could not be read (field → sentence)."""
        problems: dict[str, str] = {}
        form = CallForm(
            funder=self.funder_box.currentText().strip(),
            title=self.title_edit.text().strip(),
            code=self.code_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            territory=self.territory_edit.text().strip(),
            url=self.url_edit.text().strip(),
            status=str(self.status_box.currentData()),
            no_go_reason=self.no_go_edit.text().strip(),
            recurrence=self.recurrence_edit.text().strip(),
            themes=split_themes(self.themes_edit.text()),
            volunteer_time_allowed=self.volunteer_box.currentData(),
        )
        amounts = {**self.amount_edits, "volunteer_hourly_value": self.hourly_edit}
        for name, edit in amounts.items():
            text = edit.text().strip()
            if not text:
                continue
            try:
                setattr(form, name, parse_money(text))
            except MoneyError:
                problems[name] = _("Write an amount in euros, like €1,234.56.")
        for name, edit in self.percent_edits.items():
            text = edit.text().strip()
            if not text:
                continue
            try:
                setattr(form, name, parse_percent(text))
            except ValueError:
                problems[name] = _("Write a percentage from 0 to 100, like 12.5.")
        for name, spin in self.count_spins.items():
            setattr(form, name, spin.value() or None)
        form.eligible_forms = [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.forms_list.item(r) for r in range(self.forms_list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]
        form.attachments = self.attachments.rows()
        form.deadlines, problem = self.deadlines.read()
        if problem:
            problems["deadlines"] = problem
        form.caps, problem = self.caps.read()
        if problem:
            problems["caps"] = problem
        return form, problems

    # -- checking ------------------------------------------------------------------------

    def _connect(self) -> None:
        def touch(name: str) -> None:
            self._touched.add(name)
            self.refresh_errors()

        signals = {
            "funder": self.funder_box.editTextChanged,
            "title": self.title_edit.textChanged,
            "code": self.code_edit.textChanged,
            "status": self.status_box.currentIndexChanged,
            "no_go_reason": self.no_go_edit.textChanged,
            "territory": self.territory_edit.textChanged,
            "url": self.url_edit.textChanged,
            "themes": self.themes_edit.textChanged,
            "recurrence": self.recurrence_edit.textChanged,
            "description": self.description_edit.textChanged,
            "volunteer_hourly_value": self.hourly_edit.textChanged,
            "volunteer_time_allowed": self.volunteer_box.currentIndexChanged,
            "eligible_forms": self.forms_list.itemChanged,
            "attachments": self.attachments.changed,
            "deadlines": self.deadlines.changed,
            "caps": self.caps.changed,
        }
        signals.update({n: e.textChanged for n, e in self.amount_edits.items()})
        signals.update({n: e.textChanged for n, e in self.percent_edits.items()})
        signals.update({n: e.valueChanged for n, e in self.count_spins.items()})
        for name, signal in signals.items():
            signal.connect(lambda *_a, n=name: touch(n))

    def errors(self) -> dict[str, str]:
        """Every problem of the form as typed (field → sentence)."""
        form, problems = self.read_form()
        for error in validate(form):
            problems.setdefault(error.field, error.message)
        return problems

    def refresh_errors(self) -> None:
        """Show the problems of the fields the user has touched; enable Save when none."""
        problems = self.errors()
        no_go = self.status_box.currentData() == CallStatus.NO_GO.value
        self.no_go_edit.setEnabled(no_go)
        self.no_go_label.setEnabled(no_go)
        self._update_funder_note()
        shown: dict[int, int] = {}
        for name, label in self._errors.items():
            message = problems.get(name, "")
            visible = bool(message) and name in self._touched
            label.setText(message)
            label.setVisible(visible)
            if visible:
                tab = self._tab_of(name)
                shown[tab] = shown.get(tab, 0) + 1
        bar = self.tabs.tabBar()
        for tab in range(self.tabs.count()):
            bar.setTabTextColor(tab, QColor(ERROR_COLOUR) if tab in shown else QColor())
        self.save_button.setEnabled(not problems)
        visible_count = sum(shown.values())
        if visible_count:
            elsewhere = [t for t in shown if t != self.tabs.currentIndex()]
            text = ngettext(
                "{n} field to correct before saving.",
                "{n} fields to correct before saving.",
                visible_count,
            ).format(n=visible_count)
            if elsewhere:
                text += " " + _("See the tabs in red.")
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.summary.setText(text)
        elif problems:
            self.summary.setStyleSheet(f"color: {MUTED_COLOUR};")
            self.summary.setText(next(iter(problems.values())))
        else:
            self.summary.setText("")

    def _tab_of(self, name: str) -> int:
        tabs = {"attachments": ATTACHMENTS, "deadlines": DEADLINES, "caps": CAPS}
        if name in tabs:
            return tabs[name]
        return RULES if name in _RULES_FIELDS else GENERAL

    def _update_funder_note(self) -> None:
        name = " ".join(self.funder_box.currentText().split())
        known = {n.casefold() for n in self._known_funders}
        if name and name.casefold() not in known:
            self.funder_note.setText(_("A new funder: it will be added to the list."))
            self.funder_note.show()
        else:
            self.funder_note.hide()

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        """Push the create or edit command; close when it was saved."""
        from grantdesk.ui.call_commands import CreateCallCommand, EditCallCommand

        self._touched = set(CallForm.__dataclass_fields__)
        self.refresh_errors()
        if not self.save_button.isEnabled():
            return
        form, _problems = self.read_form()
        if self.call_id is not None and form == self.original:
            self.accept()
            return
        command: CreateCallCommand | EditCallCommand
        if self.call_id is None:
            command = CreateCallCommand(self.context, form, self._ignore)
        else:
            command = EditCallCommand(
                self.context, self.call_id, self.original, form, self.version, self._ignore
            )
        self.context.undo_stack.push(command)
        self.command = command
        if command.failed:
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.summary.setText(command.failed)
            return
        self.context.status_message.emit(_("Call saved."))
        self.accept()

    def _ignore(self, _message: str) -> None:
        """The dialog shows a refused save itself (it stays open with the user's input)."""
