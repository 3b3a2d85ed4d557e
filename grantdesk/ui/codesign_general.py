"""The co-design editor's “General” tab: the process's fields, its steps and step dates.

Every field is registered under its :class:`~grantdesk.services.codesign_editing.ProcessForm`
name with a red error line below it (see :class:`grantdesk.ui.call_editor_tabs.EditorTabs`);
the step pipeline above the dates shows where the process stands, what each step is
dated and, with an amber mark, what a step still lacks. Clicking a step chooses it.

Signals:
    changed(): the user edited a field.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.codesign import cup_year, normalize_cup, step_dates, step_gaps
from grantdesk.domain.dates import (
    DateError,
    format_date,
    parse_date,
    parse_time,
    rome_to_utc,
    utc_to_rome,
)
from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.domain.vocab import CoDesignStatus
from grantdesk.i18n import N_, _, current_language
from grantdesk.services.call_editing import parse_money, split_themes
from grantdesk.services.codesign_editing import (
    BodyChoice,
    ProcessForm,
    RecordCounts,
    step_facts,
    warnings,
)
from grantdesk.ui.call_editor_tabs import EditorTabs
from grantdesk.ui.codesign_widgets import MUTED, WARNING, StepPipeline

DATE_FIELDS = (
    ("decided_on", N_("Decision to start")),
    ("notice_published_on", N_("Notice published")),
    ("approved_on", N_("Approval act (determina)")),
    ("agreement_signed_on", N_("Agreement signed")),
    ("closed_on", N_("Closed")),
)


class GeneralTab(EditorTabs, QWidget):
    """The process's own fields (see the module docstring)."""

    changed = Signal()

    def __init__(self, bodies: list[BodyChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inputs: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self.bodies = bodies
        self.counts: RecordCounts | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        layout.addWidget(self._steps_box())
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self._process_box(), 3)
        row.addWidget(self._dates_box(), 2)
        layout.addLayout(row, 1)
        self._connect()

    # -- building ------------------------------------------------------------------------

    def _steps_box(self) -> QGroupBox:
        box = QGroupBox(_("Steps"))
        column = QVBoxLayout(box)
        column.setSpacing(4)
        self.pipeline = StepPipeline()
        self.pipeline.setToolTip(_("Click a step to move the process to it."))
        column.addWidget(self.pipeline)
        self.open_points = QLabel()
        self.open_points.setObjectName("OpenPoints")
        self.open_points.setWordWrap(True)
        self.open_points.setStyleSheet(f"color: {WARNING};")
        column.addWidget(self.open_points)
        return box

    def _process_box(self) -> QGroupBox:
        box = QGroupBox(_("Co-design process"))
        form = self._form_layout(box)
        self.promoter_box = QComboBox()
        self.promoter_box.setEditable(True)
        self.promoter_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.promoter_box.setMaxVisibleItems(20)
        self.promoter_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.promoter_box.setMinimumContentsLength(24)
        for body in self.bodies:
            self.promoter_box.addItem(body.name, body.id)
        completer = QCompleter([b.name for b in self.bodies], self.promoter_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.promoter_box.setCompleter(completer)
        line = self.promoter_box.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("The municipality or public body that promotes it"))
        form.addRow(_("&Promoting body"), self._field("promoter_id", self.promoter_box))

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(_("The process's title as in the public notice"))
        form.addRow(_("&Title"), self._field("title", self.title_edit))

        self.cup_edit = QLineEdit()
        self.cup_edit.setMaxLength(24)
        self.cup_edit.setPlaceholderText("C11G06000000001")
        self.cup_note = QLabel()
        self.cup_note.setStyleSheet(f"color: {MUTED};")
        cup_field = self._field("cup", self.cup_edit)
        cup_column = cup_field.layout()
        assert isinstance(cup_column, QVBoxLayout)
        cup_column.insertWidget(1, self.cup_note)
        self.rup_edit = QLineEdit()
        self.rup_edit.setPlaceholderText(_("Name of the person responsible"))
        form.addRow(_("&CUP"), self._pair(cup_field, _("&RUP"), self.rup_edit, "rup"))

        self.budget_edit = self._amount("budget")
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(0, 240)
        self.duration_spin.setSpecialValueText(_("not set"))
        self.duration_spin.setSuffix(_(" months"))
        self.duration_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(
            _("&Budget framework"),
            self._pair(
                self._field("budget", self.budget_edit),
                _("D&uration"),
                self.duration_spin,
                "duration_months",
            ),
        )
        self.territory_edit = QLineEdit()
        self.territory_edit.setPlaceholderText(_("e.g. Unione Reno Galliera, eight municipalities"))
        form.addRow(_("Te&rritory"), self._field("territory", self.territory_edit))
        self.themes_edit = QLineEdit()
        self.themes_edit.setPlaceholderText(_("Separated by commas: anziani, giovani, povertà"))
        form.addRow(_("T&hemes"), self._field("themes", self.themes_edit))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(
            _("What the process is about: needs, aims, who takes part")
        )
        self.description_edit.setMinimumHeight(64)
        form.addRow(_("&Object"), self._field("description", self.description_edit))
        return box

    def _pair(self, first: QWidget, label_text: str, second: QWidget, name: str) -> QWidget:
        pair = QWidget()
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(first, 3, Qt.AlignmentFlag.AlignTop)
        label = QLabel(label_text)
        label.setBuddy(second)
        lift = max(0, second.sizeHint().height() - label.sizeHint().height())
        label.setContentsMargins(0, lift // 2, 0, 0)
        row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._field(name, second), 2, Qt.AlignmentFlag.AlignTop)
        return pair

    def _date_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(_("dd/mm/yyyy"))
        edit.setMaximumWidth(130)
        edit.editingFinished.connect(lambda: self._tidy_date(edit))
        return edit

    def _dates_box(self) -> QGroupBox:
        box = QGroupBox(_("Step and step dates"))
        form = self._form_layout(box)
        self.status_box = QComboBox()
        for status in CoDesignStatus:
            self.status_box.addItem(status.label, status.value)
        form.addRow(_("&Step"), self._field("status", self.status_box))
        self.date_edits: dict[str, QLineEdit] = {}
        labels = {name: _(text) for name, text in DATE_FIELDS}
        for name in ("decided_on", "notice_published_on"):
            self.date_edits[name] = self._date_edit()
            form.addRow(labels[name], self._field(name, self.date_edits[name]))
        self.due_day_edit = self._date_edit()
        self.due_time_edit = QLineEdit()
        self.due_time_edit.setPlaceholderText("12:00")
        self.due_time_edit.setMaximumWidth(70)
        due = QWidget()
        due_row = QHBoxLayout(due)
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.setSpacing(6)
        due_row.addWidget(self.due_day_edit)
        due_row.addWidget(QLabel(_("at")))
        due_row.addWidget(self.due_time_edit)
        due_row.addStretch(1)
        form.addRow(_("Applications close"), self._field("applications_due_at", due))
        for name in ("approved_on", "agreement_signed_on", "closed_on"):
            self.date_edits[name] = self._date_edit()
            form.addRow(labels[name], self._field(name, self.date_edits[name]))
        note = QLabel(
            _("Each date goes to the Calendar; reminders come before the steps still ahead.")
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {MUTED};")
        form.addRow("", note)
        return box

    # -- filling and reading -------------------------------------------------------------

    def fill(self, form: ProcessForm) -> None:
        lang = current_language()
        blockers = [QSignalBlocker(w) for w in self._signal_sources()]
        index = self.promoter_box.findData(form.promoter_id) if form.promoter_id else -1
        self.promoter_box.setCurrentIndex(index)
        if index < 0:
            self.promoter_box.setEditText("")
        self.title_edit.setText(form.title)
        self.cup_edit.setText(form.cup)
        self.rup_edit.setText(form.rup)
        self.budget_edit.setText(format_eur(form.budget, lang))
        self.duration_spin.setValue(form.duration_months or 0)
        self.territory_edit.setText(form.territory)
        self.themes_edit.setText(", ".join(form.themes))
        self.description_edit.setPlainText(form.description)
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(form.status)))
        for name, edit in self.date_edits.items():
            edit.setText(format_date(getattr(form, name), lang))
        due = utc_to_rome(form.applications_due_at) if form.applications_due_at else None
        self.due_day_edit.setText(format_date(due.date(), lang) if due else "")
        self.due_time_edit.setText(f"{due:%H:%M}" if due else "")
        edits: list[QLineEdit | None] = [
            self.title_edit,
            self.territory_edit,
            self.promoter_box.lineEdit(),
        ]
        for line in edits:
            if line is not None:
                line.setCursorPosition(0)  # long names show their beginning
        del blockers
        self.refresh_state()

    def _promoter_id(self) -> int | None:
        """The chosen body, or the one whose name is typed (None: none or unknown)."""
        typed = self.promoter_box.currentText()
        if not typed.strip():
            return None
        index = self.promoter_box.currentIndex()
        data = self.promoter_box.currentData()
        if index >= 0 and self.promoter_box.itemText(index) == typed and isinstance(data, int):
            return data
        folded = " ".join(typed.split()).casefold()
        return next(
            (b.id for b in self.bodies if " ".join(b.name.split()).casefold() == folded), None
        )

    def read_form(self) -> tuple[ProcessForm, dict[str, str]]:
        """The form as typed, and the fields that could not be read (field → sentence)."""
        problems: dict[str, str] = {}
        form = ProcessForm(
            title=self.title_edit.text().strip(),
            promoter_id=self._promoter_id(),
            cup=normalize_cup(self.cup_edit.text()),
            rup=self.rup_edit.text().strip(),
            duration_months=self.duration_spin.value() or None,
            territory=self.territory_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            themes=split_themes(self.themes_edit.text()),
            status=str(self.status_box.currentData()),
        )
        if self.promoter_box.currentText().strip() and form.promoter_id is None:
            problems["promoter_id"] = _(
                "Choose a body of the register (add it under Organizations first)."
            )
        text = self.budget_edit.text().strip()
        if text:
            try:
                form.budget = parse_money(text)
            except MoneyError:
                problems["budget"] = _("Write an amount in euros, like €1,234.56.")
        wrong_date = _("Write the date as dd/mm/yyyy, like 12/05/2023.")
        for name, edit in self.date_edits.items():
            day = edit.text().strip()
            if day:
                try:
                    setattr(form, name, parse_date(day))
                except DateError:
                    problems[name] = wrong_date
        day, at = self.due_day_edit.text().strip(), self.due_time_edit.text().strip()
        if day:
            try:
                moment = parse_time(at) if at else time(12, 0)
                form.applications_due_at = rome_to_utc(parse_date(day), moment)
            except DateError:
                problems["applications_due_at"] = _(
                    "Write the date as dd/mm/yyyy and the time as hh:mm, like 30/04/2026 12:00."
                )
        elif at:
            problems["applications_due_at"] = _("Give the day as well as the time.")
        return form, problems

    # -- state ---------------------------------------------------------------------------

    def _signal_sources(self) -> list[QWidget]:
        return [
            self.promoter_box,
            self.title_edit,
            self.cup_edit,
            self.rup_edit,
            self.budget_edit,
            self.duration_spin,
            self.territory_edit,
            self.themes_edit,
            self.description_edit,
            self.status_box,
            self.due_day_edit,
            self.due_time_edit,
            *self.date_edits.values(),
        ]

    def _connect(self) -> None:
        for widget in self._signal_sources():
            for signal_name in ("textChanged", "editTextChanged", "currentIndexChanged"):
                signal = getattr(widget, signal_name, None)
                if signal is not None:
                    signal.connect(self._edited)
        self.duration_spin.valueChanged.connect(self._edited)
        self.pipeline.step_clicked.connect(self._choose_step)

    def _edited(self, *_args: object) -> None:
        self.refresh_state()
        self.changed.emit()

    def _choose_step(self, code: str) -> None:
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(code)))

    def set_counts(self, counts: RecordCounts | None) -> None:
        self.counts = counts
        self.refresh_state()

    def refresh_state(self) -> None:
        """Redraw the pipeline, the open points and the CUP's year from the fields."""
        form, _problems = self.read_form()
        try:
            status = CoDesignStatus(form.status)
        except ValueError:
            status = CoDesignStatus.DECISION
        facts = step_facts(form, self.counts)
        flagged = {g.step for g in step_gaps(status, facts)} if self.counts else set()
        self.pipeline.set_state(status, step_dates(facts), flagged)
        notes = warnings(form, self.counts)
        self.open_points.setText("\n".join(f"• {n}" for n in notes))
        self.open_points.setVisible(bool(notes))
        year = cup_year(form.cup)
        self.cup_note.setText(
            _("Decision recorded in {year}.").format(year=year) if year is not None else ""
        )
        self.cup_note.setVisible(year is not None)

    def _tidy_date(self, edit: QLineEdit) -> None:
        try:
            day = parse_date(edit.text())
        except DateError:
            return
        with QSignalBlocker(edit):
            edit.setText(format_date(day, current_language()))
