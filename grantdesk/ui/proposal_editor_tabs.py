"""The proposal editor's General tab, and what every tab of the editor shares.

Tabs show a :class:`~grantdesk.services.proposal_parts.ProposalParts` read by the editor
(``show_parts``) and hand changes back through :class:`EditorHost.push_part`, which pushes
an undoable command and answers with the sentence of a refusal ("" when saved). The
General tab is a form instead: it is saved with Ctrl+S (or its Save button) as one
command, every problem shown as one sentence under its field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services.call_editing import parse_money
from grantdesk.services.proposal_editing import ProposalForm, validate
from grantdesk.ui.call_editor_tabs import EditorTabs
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.proposal_status import StatusPipeline

DATE_FIELDS = ("start_on", "submitted_on", "decided_on")


class EditorHost(Protocol):
    """What a tab may ask of the proposal editor."""

    context: AppContext
    proposal_id: int

    def push_part(self, key: str, old: Any, new: Any, text: str, merge_key: object = None) -> str:
        """Save *new* over part *key* undoably; the sentence of a refusal, or ""."""

    def today(self) -> date:
        """The day the rule check and the document warnings judge by."""


def intro(text: str) -> QLabel:
    """A muted explanation at the top of a tab."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED_COLOUR};")
    return label


def error_line() -> QLabel:
    """A red sentence, hidden while empty (see :func:`show_error`)."""
    label = QLabel()
    label.setObjectName("TabError")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


class GeneralTab(EditorTabs, QWidget):
    """Call, title, acronym, owner, start, duration, summary, status and its data.

    Signals:
        save_requested(): the Save button (the editor also saves on Ctrl+S).
        choose_call(): the user wants to pick another call.
        status_chosen(str): a status chip was clicked.
        edited(): a field changed (the editor refreshes errors and the title).
    """

    save_requested = Signal()
    choose_call = Signal()
    status_chosen = Signal(str)
    edited = Signal()

    def __init__(self, owners: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inputs: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self.call_id: int | None = None
        self.call_text: Callable[[int | None], str] = lambda _id: ""
        self.status = "idea"
        self.latest_month = 0
        self.original = ProposalForm()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        viewport = scroll.viewport()
        if viewport is not None:  # the tab's own background, as on the other tabs
            viewport.setAutoFillBackground(False)
        page = QWidget()
        scroll.setWidget(page)
        outer.addWidget(scroll)
        page_column = QVBoxLayout(page)
        page_column.setContentsMargins(0, 0, 0, 0)
        fields = QWidget()
        page_column.addWidget(fields)
        page_column.addStretch(1)  # the fields stay together at the top
        form = self._form_layout(fields)
        form.setContentsMargins(16, 16, 16, 12)

        self.call_label = QLabel()
        self.call_label.setObjectName("CallLabel")
        self.call_label.setWordWrap(True)
        self.call_button = QPushButton(_("Choose…"))
        self.call_button.setObjectName("ChooseCallButton")
        self.call_button.clicked.connect(self.choose_call)
        call_row = QWidget()
        row = QHBoxLayout(call_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.call_label, 1)
        row.addWidget(self.call_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(_("Call"), self._field("call_id", call_row))

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("TitleEdit")
        self.title_edit.setPlaceholderText(_("The project's title as the application will show it"))
        form.addRow(_("&Title"), self._field("title", self.title_edit))

        self.acronym_edit = QLineEdit()
        self.acronym_edit.setPlaceholderText(_("e.g. CURA"))
        self.acronym_edit.setMaximumWidth(200)
        self.owner_box = QComboBox()
        self.owner_box.setEditable(True)
        self.owner_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.owner_box.addItems(["", *owners])
        line = self.owner_box.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("Who in the office follows it"))
        form.addRow(
            _("&Acronym"),
            self._pair(
                self._field("acronym", self.acronym_edit),
                _("&Owner"),
                self._field("owner", self.owner_box),
            ),
        )

        self.start_edit = QLineEdit()
        self.start_edit.setObjectName("StartEdit")
        self.start_edit.setPlaceholderText(_("dd/mm/yyyy"))
        self.start_edit.setMaximumWidth(200)
        self.duration_spin = QSpinBox()
        self.duration_spin.setObjectName("DurationSpin")
        self.duration_spin.setRange(0, 120)
        self.duration_spin.setSpecialValueText(_("not decided"))
        self.duration_spin.setSuffix(_(" months"))
        self.duration_spin.setMinimumWidth(140)
        form.addRow(
            _("&Start"),
            self._pair(
                self._field("start_on", self.start_edit),
                _("&Duration"),
                self._field("duration_months", self.duration_spin),
            ),
        )

        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setObjectName("SummaryEdit")
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setPlaceholderText(_("The project in a few lines: who, what, where"))
        self.summary_edit.setMinimumHeight(90)
        self.summary_edit.setMaximumHeight(180)
        form.addRow(_("Su&mmary"), self._field("summary", self.summary_edit))

        self.pipeline = StatusPipeline()
        self.pipeline.status_chosen.connect(self.status_chosen)
        status_field = self._field("status", self.pipeline)
        self.status_note = QLabel()
        self.status_note.setObjectName("StatusNote")
        self.status_note.setWordWrap(True)
        self.status_note.hide()
        status_column = status_field.layout()
        assert isinstance(status_column, QVBoxLayout)
        status_column.addWidget(self.status_note)
        form.addRow(_("Status"), status_field)
        self.submitted_edit = QLineEdit()
        self.submitted_edit.setObjectName("SubmittedEdit")
        self.decided_edit = QLineEdit()
        self.decided_edit.setObjectName("DecidedEdit")
        for edit in (self.submitted_edit, self.decided_edit):
            edit.setPlaceholderText(_("dd/mm/yyyy"))
            edit.setMaximumWidth(200)
        form.addRow(
            _("Submitted on"),
            self._pair(
                self._field("submitted_on", self.submitted_edit),
                _("Decided on"),
                self._field("decided_on", self.decided_edit),
            ),
        )
        self.awarded_edit = self._amount("awarded_amount")
        self.awarded_edit.setMaximumWidth(200)
        form.addRow(_("Amount awarded"), self._field("awarded_amount", self.awarded_edit))

        bottom = QHBoxLayout()
        bottom.setContentsMargins(16, 6, 16, 10)
        self.summary_line = QLabel()
        self.summary_line.setObjectName("GeneralSummary")
        self.summary_line.setWordWrap(True)
        bottom.addWidget(self.summary_line, 1)
        self.revert_button = QPushButton(_("Undo changes"))
        self.revert_button.clicked.connect(lambda: self.fill(self.original))
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("SaveGeneralButton")
        self.save_button.setToolTip(_("Save the general fields (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_requested)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)
        self._connect()

    def _pair(self, left: QWidget, label_text: str, right: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        row.addWidget(left, 1)
        label = QLabel(label_text)
        # Level with the field's text: the field may grow an error line below it.
        lift = max(0, QLineEdit().sizeHint().height() - label.sizeHint().height())
        label.setContentsMargins(0, lift // 2, 0, 0)
        inner = right.layout()
        first = inner.itemAt(0) if inner is not None else None
        buddy = first.widget() if first is not None else None
        if buddy is not None:
            label.setBuddy(buddy)
        row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(right, 1)
        return box

    def _connect(self) -> None:
        for edit in (
            self.title_edit,
            self.acronym_edit,
            self.start_edit,
            self.submitted_edit,
            self.decided_edit,
            self.awarded_edit,
        ):
            edit.textChanged.connect(self._changed)
        self.owner_box.editTextChanged.connect(self._changed)
        self.duration_spin.valueChanged.connect(self._changed)
        self.summary_edit.textChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.refresh_errors()
        self.edited.emit()

    # -- filling and reading -------------------------------------------------------------

    def _show_call(self) -> None:
        text = self.call_text(self.call_id) if self.call_id is not None else ""
        self.call_label.setText(text or _("No call chosen yet."))
        self.call_label.setStyleSheet("" if text else f"color: {MUTED_COLOUR};")

    def note_status(self, message: str, refused: bool = True) -> None:
        """Say under the pipeline why a status change was refused (or what happened)."""
        self.status_note.setText(message)
        self.status_note.setStyleSheet(f"color: {ERROR_COLOUR if refused else MUTED_COLOUR};")
        self.status_note.setVisible(bool(message))

    def fill(self, form: ProposalForm) -> None:
        """Show *form* (the saved fields)."""
        lang = current_language()
        blockers = [
            QSignalBlocker(w)
            for w in (
                self.title_edit,
                self.acronym_edit,
                self.owner_box,
                self.start_edit,
                self.duration_spin,
                self.summary_edit,
                self.submitted_edit,
                self.decided_edit,
                self.awarded_edit,
            )
        ]
        self.title_edit.setText(form.title)
        self.acronym_edit.setText(form.acronym)
        self.owner_box.setEditText(form.owner)
        self.start_edit.setText(format_date(form.start_on, lang))
        self.duration_spin.setValue(form.duration_months or 0)
        if self.summary_edit.toPlainText() != form.summary:
            self.summary_edit.setPlainText(form.summary)
        self.submitted_edit.setText(format_date(form.submitted_on, lang))
        self.decided_edit.setText(format_date(form.decided_on, lang))
        self.awarded_edit.setText(format_eur(form.awarded_amount, lang))
        del blockers
        self.status = form.status
        self.pipeline.set_status(form.status)
        self.call_id = form.call_id
        self._show_call()
        self._changed()

    def merge(self, saved: ProposalForm) -> None:
        """Show *saved* (just read again) but keep what the user typed and did not save."""
        typed, _problems = self.read_form()
        previous = self.original
        self.original = saved
        shown = ProposalForm(**{n: getattr(saved, n) for n in saved.__dataclass_fields__})
        for name in saved.__dataclass_fields__:
            if name in ("status", "call_id"):
                continue
            if getattr(typed, name) != getattr(previous, name):
                setattr(shown, name, getattr(typed, name))
        self.fill(shown)

    def read_form(self) -> tuple[ProposalForm, dict[str, str]]:
        """The form as typed, and the fields that could not be read (field → sentence)."""
        problems: dict[str, str] = {}
        form = ProposalForm(
            title=self.title_edit.text().strip(),
            call_id=self.call_id,
            acronym=self.acronym_edit.text().strip(),
            owner=self.owner_box.currentText().strip(),
            summary=self.summary_edit.toPlainText().strip(),
            status=self.status,
            duration_months=self.duration_spin.value() or None,
        )
        edits = {
            "start_on": self.start_edit,
            "submitted_on": self.submitted_edit,
            "decided_on": self.decided_edit,
        }
        for name, edit in edits.items():
            text = edit.text().strip()
            if not text:
                continue
            try:
                setattr(form, name, parse_date(text))
            except DateError:
                problems[name] = _("Write the date as dd/mm/yyyy, like 12/05/2023.")
        text = self.awarded_edit.text().strip()
        if text:
            try:
                form.awarded_amount = parse_money(text)
            except MoneyError:
                problems["awarded_amount"] = _("Write an amount in euros, like €1,234.56.")
        return form, problems

    def errors(self) -> dict[str, str]:
        form, problems = self.read_form()
        for error in validate(form, self.latest_month):
            problems.setdefault(error.field, error.message)
        return problems

    def dirty(self) -> bool:
        """True when the typed fields differ from the saved ones."""
        return self.read_form()[0] != self.original

    def refresh_errors(self) -> None:
        """Show every problem under its field; Save only when there is something to save."""
        problems = self.errors()
        for name, label in self._errors.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
        dirty = self.dirty()
        self.save_button.setEnabled(dirty and not problems)
        self.revert_button.setEnabled(dirty)
        if problems:
            count = len(problems)
            self.summary_line.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.summary_line.setText(
                ngettext(
                    "{n} field to correct before saving.",
                    "{n} fields to correct before saving.",
                    count,
                ).format(n=count)
            )
        elif dirty:
            self.summary_line.setStyleSheet(f"color: {MUTED_COLOUR};")
            self.summary_line.setText(_("Changes not saved yet (Ctrl+S saves them)."))
        else:
            self.summary_line.setText("")

    def focus_field(self, name: str) -> None:
        """Put the cursor in field *name* (a finding's target)."""
        widget = {
            "call_id": self.call_button,
            "duration_months": self.duration_spin,
            "start_on": self.start_edit,
        }.get(name) or self._inputs.get(name)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
