"""The small dialogs of the co-design editor: an application, a commitment, an indicator,
a measurement.

Each shows one form with a red sentence under a field that cannot be saved as typed (once
the user touched it) and keeps Save disabled until there is none; :meth:`RowDialog.form`
returns what was typed, parsed, for the editor to push as an undoable command.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.domain.money import MoneyError, format_eur, round_cents
from grantdesk.domain.vocab import ApplicationOutcome, CommitmentKind
from grantdesk.i18n import _, current_language
from grantdesk.services.call_editing import FieldError, parse_money
from grantdesk.services.codesign_editing import BodyChoice
from grantdesk.services.codesign_monitoring import (
    IndicatorForm,
    MeasurementForm,
    validate_indicator,
    validate_measurement,
)
from grantdesk.services.codesign_parts import (
    ApplicationForm,
    CommitmentForm,
    parse_number,
    show_number,
    validate_application,
    validate_commitment,
)
from grantdesk.ui.call_editor_tabs import EditorTabs
from grantdesk.ui.codesign_widgets import MUTED, WARNING


class BodyBox(QComboBox):
    """Choose an organization of the register by typing part of its name."""

    def __init__(self, bodies: list[BodyChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bodies = bodies
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        for body in bodies:
            self.addItem(body.name, body.id)
        completer = QCompleter([b.name for b in bodies], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("Type part of the name"))

    def set_body(self, organization_id: int | None) -> None:
        index = self.findData(organization_id) if organization_id is not None else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")

    def body_id(self) -> int | None:
        typed = self.currentText()
        index = self.currentIndex()
        data = self.currentData()
        if index >= 0 and self.itemText(index) == typed and isinstance(data, int):
            return data
        folded = " ".join(typed.split()).casefold()
        return next(
            (b.id for b in self.bodies if " ".join(b.name.split()).casefold() == folded), None
        )


class RowDialog(EditorTabs, QDialog):
    """A titled form with Save and Cancel; subclasses add fields and read them."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inputs: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(20, 16, 20, 12)
        self.column.setSpacing(10)
        heading = QLabel(title)
        heading.setObjectName("DialogHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        heading.setFont(font)
        self.column.addWidget(heading)
        self.form_layout = self._form_layout()
        self.column.addLayout(self.form_layout)
        self.column.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)

    def finish(self, editing: bool) -> None:
        """Add the buttons, show the state; an existing row shows its problems at once."""
        self.column.addWidget(self.buttons)
        if editing:
            self._touched = set(self._inputs)
        self.refresh()

    def watch(self, name: str, signal: Any) -> None:
        def touched(*_args: object) -> None:
            self._touched.add(name)
            self.refresh()

        signal.connect(touched)

    def read(self) -> tuple[Any, dict[str, str]]:  # pragma: no cover - subclasses
        raise NotImplementedError

    def check(self, form: Any) -> list[FieldError]:  # pragma: no cover - subclasses
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        form, problems = self.read()
        for error in self.check(form):
            problems.setdefault(error.field, error.message)
        return problems

    def refresh(self) -> None:
        problems = self.problems()
        for name, label in self._errors.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message) and name in self._touched)
        self.save_button.setEnabled(not problems)

    def form(self) -> Any:
        return self.read()[0]

    def _save(self) -> None:
        self._touched = set(self._inputs)
        self.refresh()
        if self.save_button.isEnabled():
            self.accept()


def _number_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setMaximumWidth(160)
    edit.setPlaceholderText(placeholder)
    return edit


def _read_number(text: str, problems: dict[str, str], name: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return parse_number(text)
    except ValueError as exc:
        problems[name] = str(exc)
        return None


def _read_date(text: str, problems: dict[str, str], name: str) -> date | None:
    if not text.strip():
        return None
    try:
        return parse_date(text)
    except DateError:
        problems[name] = _("Write the date as dd/mm/yyyy, like 12/05/2023.")
        return None


def _date_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(_("dd/mm/yyyy"))
    edit.setMaximumWidth(130)

    def tidy() -> None:
        try:
            day = parse_date(edit.text())
        except DateError:
            return
        with QSignalBlocker(edit):
            edit.setText(format_date(day, current_language()))

    edit.editingFinished.connect(tidy)
    return edit


class ApplicationDialog(RowDialog):
    """Who applied, when, and the outcome (an exclusion needs its reason)."""

    def __init__(
        self,
        bodies: list[BodyChoice],
        form: ApplicationForm | None,
        warnings_of: Callable[[int], tuple[str, ...]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Expression of interest") if form else _("New application"), parent)
        self.warnings_of = warnings_of
        self.body_box = BodyBox(bodies)
        self.papers = QLabel()
        self.papers.setWordWrap(True)
        self.papers.setStyleSheet(f"color: {WARNING};")
        body_field = self._field("organization_id", self.body_box)
        body_column = body_field.layout()
        assert isinstance(body_column, QVBoxLayout)
        body_column.insertWidget(1, self.papers)
        self.form_layout.addRow(_("&Body"), body_field)
        self.received_edit = _date_edit()
        self.form_layout.addRow(_("&Received on"), self._field("received_on", self.received_edit))
        self.outcome_box = QComboBox()
        for outcome in ApplicationOutcome:
            self.outcome_box.addItem(outcome.label, outcome.value)
        self.form_layout.addRow(_("&Outcome"), self._field("outcome", self.outcome_box))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(_("Why the body is excluded (required to exclude)"))
        self.reason_edit.setMaximumHeight(90)
        self.form_layout.addRow(
            _("Exclusion &reason"), self._field("exclusion_reason", self.reason_edit)
        )
        initial = form or ApplicationForm(received_on=date.today())
        self.body_box.set_body(initial.organization_id)
        self.received_edit.setText(format_date(initial.received_on, current_language()))
        self.outcome_box.setCurrentIndex(max(0, self.outcome_box.findData(initial.outcome)))
        self.reason_edit.setPlainText(initial.exclusion_reason)
        self.watch("organization_id", self.body_box.editTextChanged)
        self.watch("received_on", self.received_edit.textChanged)
        self.watch("outcome", self.outcome_box.currentIndexChanged)
        self.watch("exclusion_reason", self.reason_edit.textChanged)
        self.finish(form is not None)

    def read(self) -> tuple[ApplicationForm, dict[str, str]]:
        problems: dict[str, str] = {}
        if self.body_box.currentText().strip() and self.body_box.body_id() is None:
            problems["organization_id"] = _(
                "Choose a body of the register (add it under Organizations first)."
            )
        form = ApplicationForm(
            organization_id=self.body_box.body_id(),
            received_on=_read_date(self.received_edit.text(), problems, "received_on"),
            outcome=str(self.outcome_box.currentData()),
            exclusion_reason=self.reason_edit.toPlainText().strip(),
        )
        return form, problems

    def check(self, form: ApplicationForm) -> list[FieldError]:
        return validate_application(form)

    def refresh(self) -> None:
        super().refresh()
        excluded = self.outcome_box.currentData() == ApplicationOutcome.EXCLUDED.value
        self.reason_edit.setEnabled(excluded)
        body = self.body_box.body_id()
        found = self.warnings_of(body) if body is not None else ()
        self.papers.setText("\n".join(f"⚠ {w}" for w in found))
        self.papers.setVisible(bool(found))


class CommitmentDialog(RowDialog):
    """What a body pledges: kind, description, quantity × unit value (the value follows)."""

    UNITS = ("ore", "mesi", "giorni", "pacchi", "aperture", "serate", "pezzi")

    def __init__(
        self, bodies: list[BodyChoice], form: CommitmentForm | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Commitment") if form else _("New commitment"), parent)
        lang = current_language()
        self.body_box = BodyBox(bodies)
        self.form_layout.addRow(_("&Body"), self._field("organization_id", self.body_box))
        self.kind_box = QComboBox()
        for kind in CommitmentKind:
            self.kind_box.addItem(kind.label, kind.value)
        self.form_layout.addRow(_("&Kind"), self._field("kind", self.kind_box))
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText(_("e.g. Operators for the listening points"))
        self.form_layout.addRow(
            _("&Description"), self._field("description", self.description_edit)
        )
        self.quantity_edit = _number_edit("1")
        self.form_layout.addRow(_("&Quantity"), self._field("quantity", self.quantity_edit))
        self.unit_box = QComboBox()
        self.unit_box.setEditable(True)
        self.unit_box.addItems(["", *self.UNITS])
        self.unit_box.setMaximumWidth(160)
        self.form_layout.addRow(_("&Unit"), self._field("unit", self.unit_box))
        self.value_edit = _number_edit("€ 0,00" if lang == "it" else "€0.00")
        self.form_layout.addRow(_("Unit &value"), self._field("unit_value", self.value_edit))
        self.total = QLabel()
        self.total.setStyleSheet(f"color: {MUTED};")
        self.form_layout.addRow(_("Value"), self.total)
        initial = form or CommitmentForm()
        self.body_box.set_body(initial.organization_id)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(initial.kind)))
        self.description_edit.setText(initial.description)
        self.quantity_edit.setText(show_number(initial.quantity))
        self.unit_box.setEditText(initial.unit)
        self.value_edit.setText(format_eur(initial.unit_value, lang) if form else "")
        self.watch("organization_id", self.body_box.editTextChanged)
        self.watch("kind", self.kind_box.currentIndexChanged)
        self.watch("description", self.description_edit.textChanged)
        self.watch("quantity", self.quantity_edit.textChanged)
        self.watch("unit", self.unit_box.editTextChanged)
        self.watch("unit_value", self.value_edit.textChanged)
        self.finish(form is not None)

    def read(self) -> tuple[CommitmentForm, dict[str, str]]:
        problems: dict[str, str] = {}
        if self.body_box.currentText().strip() and self.body_box.body_id() is None:
            problems["organization_id"] = _(
                "Choose a body of the register (add it under Organizations first)."
            )
        quantity = _read_number(self.quantity_edit.text(), problems, "quantity")
        value = Decimal(0)
        text = self.value_edit.text().strip()
        if text:
            try:
                value = parse_money(text)
            except MoneyError:
                problems["unit_value"] = _("Write an amount in euros, like €1,234.56.")
        else:
            problems["unit_value"] = _("Give the value of one unit in euros.")
        if not self.quantity_edit.text().strip():
            problems["quantity"] = _("Give the quantity (1 for a sum of money).")
        form = CommitmentForm(
            organization_id=self.body_box.body_id(),
            kind=str(self.kind_box.currentData()),
            description=self.description_edit.text().strip(),
            quantity=quantity if quantity is not None else Decimal(1),
            unit=self.unit_box.currentText().strip(),
            unit_value=value,
        )
        return form, problems

    def check(self, form: CommitmentForm) -> list[FieldError]:
        return validate_commitment(form)

    def refresh(self) -> None:
        super().refresh()
        form, problems = self.read()
        if "quantity" in problems or "unit_value" in problems:
            self.total.setText("—")
        else:
            value = round_cents(form.quantity * form.unit_value)
            self.total.setText(format_eur(value, current_language()))


class IndicatorDialog(RowDialog):
    """What is measured, in which unit, its baseline and its target."""

    def __init__(self, form: IndicatorForm | None, parent: QWidget | None = None) -> None:
        super().__init__(_("Indicator") if form else _("New indicator"), parent)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(
            _("e.g. Citizens who received a service through the network")
        )
        self.form_layout.addRow(_("&What is measured"), self._field("name", self.name_edit))
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText(_("e.g. people, hours, families"))
        self.unit_edit.setMaximumWidth(220)
        self.form_layout.addRow(_("&Unit"), self._field("unit", self.unit_edit))
        self.baseline_edit = _number_edit()
        self.form_layout.addRow(_("&Baseline"), self._field("baseline", self.baseline_edit))
        self.target_edit = _number_edit()
        self.form_layout.addRow(_("&Target"), self._field("target", self.target_edit))
        initial = form or IndicatorForm()
        self.name_edit.setText(initial.name)
        self.unit_edit.setText(initial.unit)
        self.baseline_edit.setText(show_number(initial.baseline))
        self.target_edit.setText(show_number(initial.target))
        for name, edit in (
            ("name", self.name_edit),
            ("unit", self.unit_edit),
            ("baseline", self.baseline_edit),
            ("target", self.target_edit),
        ):
            self.watch(name, edit.textChanged)
        self.finish(form is not None)

    def read(self) -> tuple[IndicatorForm, dict[str, str]]:
        problems: dict[str, str] = {}
        form = IndicatorForm(
            name=self.name_edit.text().strip(),
            unit=self.unit_edit.text().strip(),
            baseline=_read_number(self.baseline_edit.text(), problems, "baseline"),
            target=_read_number(self.target_edit.text(), problems, "target"),
        )
        return form, problems

    def check(self, form: IndicatorForm) -> list[FieldError]:
        return validate_indicator(form)


class MeasurementDialog(RowDialog):
    """One measurement of an indicator: the day, the value, a note."""

    def __init__(
        self, indicator: str, form: MeasurementForm | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Measurement of “{name}”").format(name=indicator), parent)
        self.day_edit = _date_edit()
        self.form_layout.addRow(_("&Date"), self._field("measured_on", self.day_edit))
        self.value_edit = _number_edit()
        self.form_layout.addRow(_("&Value"), self._field("value", self.value_edit))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("e.g. Quantitative check after three months"))
        self.form_layout.addRow(_("&Note"), self._field("note", self.note_edit))
        initial = form or MeasurementForm(measured_on=date.today())
        self.day_edit.setText(format_date(initial.measured_on, current_language()))
        self.value_edit.setText(show_number(initial.value))
        self.note_edit.setText(initial.note)
        self.watch("measured_on", self.day_edit.textChanged)
        self.watch("value", self.value_edit.textChanged)
        self.watch("note", self.note_edit.textChanged)
        self.finish(form is not None)

    def read(self) -> tuple[MeasurementForm, dict[str, str]]:
        problems: dict[str, str] = {}
        form = MeasurementForm(
            measured_on=_read_date(self.day_edit.text(), problems, "measured_on"),
            value=_read_number(self.value_edit.text(), problems, "value"),
            note=self.note_edit.text().strip(),
        )
        return form, problems

    def check(self, form: MeasurementForm) -> list[FieldError]:
        return validate_measurement(form)
