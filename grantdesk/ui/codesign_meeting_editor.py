"""The meeting editor: one tavolo di co-progettazione, saved (and undone) in one piece.

Left, the people present: the contacts of the bodies taking part, grouped by body, ticked
when present (“Show everyone” lists the whole register). Right, the agenda, the minutes
(“Draft from template” writes a verbale from what is already typed), the decisions and the
action items with owner, due date and done mark. Problems are one red sentence under their
field; Save stays disabled until there is none.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.dates import (
    DateError,
    format_date,
    parse_date,
    parse_time,
    rome_to_utc,
    utc_to_rome,
)
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services.codesign_meetings import (
    AttendeeChoice,
    MeetingForm,
    attendee_choices,
    draft_minutes,
    validate_meeting,
)
from grantdesk.ui.call_editor_tabs import EditorTabs
from grantdesk.ui.codesign_widgets import MUTED, ActionItemsTable, hint_label
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class MeetingEditorDialog(EditorTabs, QDialog):
    """Create (*meeting_id* None) or edit a meeting of process *process_id*."""

    def __init__(
        self,
        context: AppContext,
        process_id: int,
        meeting_id: int | None,
        form: MeetingForm | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.process_id = process_id
        self.meeting_id = meeting_id
        self.original = form or MeetingForm()
        self._inputs: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._everyone = False
        self.setObjectName("MeetingEditorDialog")
        self.setWindowTitle(_("Meeting") if form else _("New meeting"))
        self.setMinimumSize(900, 600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        heading = QLabel(_("Meeting of the co-design table") if form else _("New meeting"))
        heading.setObjectName("DialogHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addLayout(self._when_row())
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self._attendees_box(), 3)
        self.agenda_edit = QPlainTextEdit()
        self.decisions_edit = QPlainTextEdit()
        self.texts = QTabWidget()
        self.texts.addTab(self._text_page("agenda", self.agenda_edit, _("1. …\n2. …")), _("Agenda"))
        self.texts.addTab(self._minutes_page(), _("Minutes"))
        self.texts.addTab(
            self._text_page(
                "decisions", self.decisions_edit, _("What the table decided, one per line")
            ),
            _("Decisions"),
        )
        self.texts.addTab(self._actions_page(), _("Action items"))
        body.addWidget(self.texts, 5)
        layout.addLayout(body, 1)
        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        bottom.addWidget(self.summary, 1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self._fill(self.original)
        if form is not None:
            self._touched = set(self._inputs)
        self._connect()
        self.refresh()
        self.resize(1080, 700)

    # -- building ------------------------------------------------------------------------

    def _when_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.day_edit = QLineEdit()
        self.day_edit.setPlaceholderText(_("dd/mm/yyyy"))
        self.day_edit.setMaximumWidth(130)
        self.time_edit = QLineEdit()
        self.time_edit.setPlaceholderText("17:00")
        self.time_edit.setMaximumWidth(70)
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.setSpacing(6)
        when_row.addWidget(self.day_edit)
        when_row.addWidget(QLabel(_("at")))
        when_row.addWidget(self.time_edit)
        day_label = QLabel(_("&Date"))
        day_label.setBuddy(self.day_edit)
        lift = max(0, self.day_edit.sizeHint().height() - day_label.sizeHint().height()) // 2
        day_label.setContentsMargins(0, lift, 0, 0)
        row.addWidget(day_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._field("held_at", when), 0)
        row.addSpacing(16)
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(_("e.g. Sala consiliare, San Giorgio di Piano"))
        place_label = QLabel(_("&Place"))
        place_label.setBuddy(self.place_edit)
        place_label.setContentsMargins(0, lift, 0, 0)
        row.addWidget(place_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._field("place", self.place_edit), 1)
        return row

    def _attendees_box(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        title = QLabel(_("Present"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.present_count = QLabel()
        self.present_count.setStyleSheet(f"color: {MUTED};")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.present_count)
        column.addLayout(heading)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Filter by name or body"))
        self.filter_edit.setClearButtonEnabled(True)
        column.addWidget(self.filter_edit)
        self.people = QListWidget()
        self.people.setObjectName("AttendeesList")
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.addWidget(self._field("attendees", self.people), 1)
        self.everyone_box = QCheckBox(_("Show everyone in the register"))
        self.everyone_box.setToolTip(
            _("Also list people of bodies that do not take part in this process")
        )
        column.addWidget(self.everyone_box)
        return box

    def _text_page(self, name: str, edit: QPlainTextEdit, placeholder: str) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(10, 10, 10, 10)
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        column.addWidget(self._field(name, edit), 1)
        return page

    def _minutes_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(10, 10, 10, 10)
        self.minutes_edit = QPlainTextEdit()
        self.minutes_edit.setTabChangesFocus(True)
        self.minutes_edit.setPlaceholderText(
            _("Notes of the discussion. “Draft from template” turns them into the minutes.")
        )
        column.addWidget(self._field("minutes", self.minutes_edit), 1)
        row = QHBoxLayout()
        self.draft_button = QPushButton(_("Draft from template"))
        self.draft_button.setToolTip(
            _(
                "Write the minutes from a template: who was present, agenda, your notes, "
                "decisions, action items and signatures"
            )
        )
        row.addWidget(self.draft_button)
        row.addStretch(1)
        column.addLayout(row)
        return page

    def _actions_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(10, 10, 10, 10)
        column.setSpacing(6)
        column.addWidget(
            hint_label(_("Who does what by when. Those not done appear on Home under what is due."))
        )
        self.action_table = ActionItemsTable()
        column.addWidget(self._field("actions", self.action_table), 1)
        row = QHBoxLayout()
        self.add_action_button = QPushButton(_("Add action"))
        self.remove_action_button = QPushButton(_("Remove"))
        row.addWidget(self.add_action_button)
        row.addWidget(self.remove_action_button)
        row.addStretch(1)
        column.addLayout(row)
        return page

    # -- attendees -----------------------------------------------------------------------

    def _load_people(self, ticked: tuple[int, ...]) -> None:
        db = self.context.db
        assert db is not None
        choices = attendee_choices(db, self.process_id, everyone=self._everyone, keep=ticked)
        with QSignalBlocker(self.people):
            self.people.clear()
            body = None
            for choice in choices:
                if choice.organization_name != body:
                    body = choice.organization_name
                    self._body_heading(body or _("No organization"), choice)
                self._person_item(choice, choice.person_id in ticked)
        self._apply_filter()
        self._count_present()

    def _body_heading(self, name: str, choice: AttendeeChoice) -> None:
        item = QListWidgetItem(name)
        font = QFont(self.people.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(QBrush(QColor("#1f2a37" if choice.participating else MUTED)))
        item.setToolTip(name)
        self.people.addItem(item)

    def _person_item(self, choice: AttendeeChoice, ticked: bool) -> None:
        text = f"{choice.name} — {choice.role}" if choice.role else choice.name
        item = QListWidgetItem("    " + text)
        item.setToolTip(f"{text}\n{choice.organization_name}")
        item.setData(PERSON_ROLE, choice.person_id)
        item.setData(Qt.ItemDataRole.UserRole, f"{choice.name} {choice.organization_name}")
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.people.addItem(item)

    def ticked(self) -> tuple[int, ...]:
        """The people ticked as present (ids, ascending)."""
        found = []
        for row in range(self.people.count()):
            item = self.people.item(row)
            person = item.data(PERSON_ROLE)
            if person is not None and item.checkState() == Qt.CheckState.Checked:
                found.append(int(person))
        return tuple(sorted(found))

    def _apply_filter(self) -> None:
        needle = self.filter_edit.text().strip().casefold()
        for row in range(self.people.count()):
            item = self.people.item(row)
            text = str(item.data(Qt.ItemDataRole.UserRole) or item.text())
            item.setHidden(bool(needle) and needle not in text.casefold())

    def _count_present(self) -> None:
        n = len(self.ticked())
        self.present_count.setText(ngettext("{n} present", "{n} present", n).format(n=n))

    def _toggle_everyone(self, checked: bool) -> None:
        self._everyone = checked
        self._load_people(self.ticked())

    # -- action items --------------------------------------------------------------------

    def add_action(self) -> None:
        self.action_table.add_entry(None, edit=True)
        self._touched.add("actions")
        self.refresh()

    def remove_action(self) -> None:
        row = self.action_table.currentRow()
        if row >= 0:
            self.action_table.removeRow(row)
            self._touched.add("actions")
            self.refresh()

    # -- filling, reading, checking --------------------------------------------------------

    def _fill(self, form: MeetingForm) -> None:
        lang = current_language()
        when = utc_to_rome(form.held_at) if form.held_at else None
        self.day_edit.setText(format_date(when.date(), lang) if when else "")
        self.time_edit.setText(f"{when:%H:%M}" if when else "")
        self.place_edit.setText(form.place)
        self.agenda_edit.setPlainText(form.agenda)
        self.minutes_edit.setPlainText(form.minutes)
        self.decisions_edit.setPlainText(form.decisions)
        self.action_table.set_entries(form.actions)
        self._load_people(form.attendees)

    def read_form(self) -> tuple[MeetingForm, dict[str, str]]:
        """The meeting as typed, and the fields that could not be read (field → sentence)."""
        problems: dict[str, str] = {}
        held_at = None
        day, at = self.day_edit.text().strip(), self.time_edit.text().strip()
        if day:
            try:
                held_at = rome_to_utc(parse_date(day), parse_time(at) if at else time(17, 0))
            except DateError:
                problems["held_at"] = _(
                    "Write the date as dd/mm/yyyy and the time as hh:mm, like 30/04/2026 12:00."
                )
        form = MeetingForm(
            held_at=held_at,
            place=self.place_edit.text().strip(),
            agenda=self.agenda_edit.toPlainText().strip(),
            minutes=self.minutes_edit.toPlainText().strip(),
            decisions=self.decisions_edit.toPlainText().strip(),
            attendees=self.ticked(),
            actions=self.action_table.entries(problems),
        )
        return form, problems

    def _connect(self) -> None:
        def touch(name: str) -> None:
            self._touched.add(name)
            self.refresh()

        self.day_edit.textChanged.connect(lambda *_a: touch("held_at"))
        self.time_edit.textChanged.connect(lambda *_a: touch("held_at"))
        self.place_edit.textChanged.connect(lambda *_a: touch("place"))
        self.action_table.itemChanged.connect(lambda *_a: touch("actions"))
        self.people.itemChanged.connect(lambda *_a: self._people_changed())
        self.filter_edit.textChanged.connect(lambda *_a: self._apply_filter())
        self.everyone_box.toggled.connect(self._toggle_everyone)
        self.draft_button.clicked.connect(self.draft)
        self.add_action_button.clicked.connect(self.add_action)
        self.remove_action_button.clicked.connect(self.remove_action)
        self.day_edit.editingFinished.connect(self._tidy_day)

    def _people_changed(self) -> None:
        self._count_present()
        self._touched.add("attendees")
        self.refresh()

    def _tidy_day(self) -> None:
        try:
            day = parse_date(self.day_edit.text())
        except DateError:
            return
        with QSignalBlocker(self.day_edit):
            self.day_edit.setText(format_date(day, current_language()))

    def problems(self) -> dict[str, str]:
        form, problems = self.read_form()
        for error in validate_meeting(form):
            problems.setdefault(error.field, error.message)
        return problems

    def refresh(self) -> None:
        problems = self.problems()
        for name, label in self._errors.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message) and name in self._touched)
        self.save_button.setEnabled(not problems)
        shown = [m for n, m in problems.items() if n in self._touched]
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR if shown else MUTED};")
        self.summary.setText(shown[0] if shown else "")
        self.remove_action_button.setEnabled(self.action_table.rowCount() > 0)

    def draft(self) -> None:
        """Write the minutes from the template (asking before replacing finished minutes)."""
        form, problems = self.read_form()
        if "held_at" in problems or form.held_at is None:
            self._touched.add("held_at")
            self.refresh()
            return
        current = self.minutes_edit.toPlainText().strip()
        if current.upper().startswith(_("MINUTES OF CO-DESIGN MEETING").upper()):
            answer = QMessageBox.question(
                self,
                _("Draft from template"),
                _("Replace the minutes already drafted? Your notes in them would be lost."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            form = replace(form, minutes="")
        db = self.context.db
        assert db is not None
        self.minutes_edit.setPlainText(draft_minutes(db, self.process_id, form, self.meeting_id))
        self.texts.setCurrentIndex(1)

    def _save(self) -> None:
        self._touched = set(self._inputs)
        self.refresh()
        if self.save_button.isEnabled():
            self.accept()

    def form(self) -> MeetingForm:
        return self.read_form()[0]
