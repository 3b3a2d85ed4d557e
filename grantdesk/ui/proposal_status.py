"""The status pipeline of a proposal and the small dialog asking what a status needs.

:class:`StatusPipeline` shows the main path (idea → drafting → review → submitted →
awarded → running → reporting → closed) and the other outcomes (rejected, withdrawn) as
chips; the current one is filled with its tone. Choosing another emits ``status_chosen``.

:class:`StatusDataDialog` asks for the submission day, the decision day and the amount
awarded when the chosen status needs them — the one dialog the Board, the proposal editor
and the Proposals list all use. Dates are picked day-first (dd/MM/yyyy); every value is
checked as it changes by :func:`grantdesk.services.proposal_editing.validate`, each
problem one red sentence under its field, and the button stays disabled until nothing is
wrong.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _, current_language
from grantdesk.services.call_editing import parse_money
from grantdesk.services.database import Database
from grantdesk.services.proposal_editing import ProposalForm, status_needs, validate
from grantdesk.ui.flow_layout import FlowLayout
from grantdesk.ui.models.list_model import status_colour
from grantdesk.ui.palette import MUTED_COLOUR, field_box

S = ProposalStatus
MAIN_PATH = (S.IDEA, S.DRAFTING, S.REVIEW, S.SUBMITTED, S.AWARDED, S.RUNNING, S.REPORTING, S.CLOSED)
OTHER_OUTCOMES = (S.REJECTED, S.WITHDRAWN)
DATE_FORMAT = "dd/MM/yyyy"  # day-first in both languages, as every date GrantDesk shows


def _short(title: str, limit: int = 80) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


class StatusPipeline(QWidget):
    """The statuses as chips, the current one filled.

    Signals:
        status_chosen(str): the user clicked a status other than the current one.
    """

    status_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusPipeline")
        self.current = ""
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        # The main path wraps at the width it is given, each arrow with the status before it.
        main = FlowLayout(spacing=2, line_spacing=6)
        for index, status in enumerate(MAIN_PATH):
            main.add_widget(self._chip(status))
            if index < len(MAIN_PATH) - 1:
                arrow = QLabel("›")
                arrow.setStyleSheet(f"color: {MUTED_COLOUR};")
                main.add_widget(arrow, glue=True)
        column.addLayout(main)
        other = QHBoxLayout()
        other.setSpacing(6)
        label = QLabel(_("Other outcomes:"))
        label.setStyleSheet(f"color: {MUTED_COLOUR};")
        other.addWidget(label)
        for status in OTHER_OUTCOMES:
            other.addWidget(self._chip(status))
        other.addStretch(1)
        column.addLayout(other)

    def _chip(self, status: S) -> QToolButton:
        button = QToolButton()
        button.setObjectName(f"status_{status.value}")
        button.setText(status.label)
        button.setCheckable(True)
        button.setAutoRaise(False)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip(_("Move the proposal to “{status}”").format(status=status.label))
        button.clicked.connect(lambda _checked=False, s=status.value: self._clicked(s))
        self.group.addButton(button)
        self.buttons[status.value] = button
        return button

    def set_status(self, code: str) -> None:
        """Show *code* as the current status."""
        self.current = code
        for value, button in self.buttons.items():
            tone = status_colour("proposals", value)
            colour = tone.name() if tone is not None else MUTED_COLOUR
            if value == code:
                style = (
                    f"QToolButton {{ background: {colour}; color: white; border: 1px solid "
                    f"{colour}; border-radius: 10px; padding: 3px 10px; font-weight: bold; }}"
                )
            else:
                style = (
                    f"QToolButton {{ background: white; color: {colour}; border: 1px solid "
                    f"#d5dae1; border-radius: 10px; padding: 3px 10px; }}"
                    f"QToolButton:hover {{ border-color: {colour}; }}"
                )
            button.setStyleSheet(style)
            button.setChecked(value == code)

    def _clicked(self, code: str) -> None:
        previous = self.current
        self.set_status(previous)  # the chip moves only once the change is saved
        if code != previous:
            self.status_chosen.emit(code)


class StatusDataDialog(QDialog):
    """Asks for the dates and the amount *status* needs, filled with what *form* knows.

    *title* is the proposal's; *requested* (the grant asked for, when known) is shown as a
    hint beside the amount awarded; a date not known yet starts at *today*. The button
    stays disabled while a value is missing or wrong; :meth:`values` gives what was chosen.
    """

    def __init__(
        self,
        title: str,
        status: ProposalStatus | str,
        form: ProposalForm,
        today: date,
        requested: Decimal | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StatusDataDialog")
        self.status = ProposalStatus(status)
        self.needs: tuple[str, ...] = status_needs(self.status.value)
        self._form = form
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        label = self.status.label
        self.setWindowTitle(_("Move to “{status}”").format(status=label))
        self.setMinimumWidth(480)
        intro = QLabel(
            _("“{title}” moves to {status}. Check these details first:").format(
                title=_short(title), status=label
            )
        )
        intro.setObjectName("StatusDataIntro")
        intro.setWordWrap(True)
        fields = QFormLayout()
        fields.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        fields.setHorizontalSpacing(14)
        fields.setVerticalSpacing(8)
        labels = {
            "submitted_on": _("Submitted on"),
            "decided_on": _("Decided on"),
            "awarded_amount": _("Amount awarded"),
        }
        for name in self.needs:
            widget: QWidget
            if name == "awarded_amount":
                widget = self._amount(form.awarded_amount)
                hint = (
                    _("The grant requested is {amount}.").format(
                        amount=format_eur(requested, current_language())
                    )
                    if requested
                    else ""
                )
            else:
                widget = self._date(getattr(form, name) or today)
                hint = (
                    _("The day the proposal was sent to the funder.")
                    if name == "submitted_on"
                    else _("The day of the funder's decision.")
                )
            fields.addRow(labels[name], self._field(name, widget, hint))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.move_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.move_button.setText(_("Change status"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(fields)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._check()
        first = self.inputs.get(self.needs[0]) if self.needs else None
        if first is not None:
            first.setFocus()

    def _field(self, name: str, widget: QWidget, hint: str) -> QWidget:
        box, error = field_box(widget, hint, left=True)
        self.inputs[name] = widget
        self.errors[name] = error
        return box

    def _date(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setMinimumWidth(150)
        edit.dateChanged.connect(self._check)
        return edit

    def _amount(self, value: Decimal | None) -> QLineEdit:
        edit = QLineEdit(format_eur(value, current_language()) if value is not None else "")
        edit.setPlaceholderText("€ 0,00" if current_language() == "it" else "€0.00")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMinimumWidth(150)
        edit.textChanged.connect(self._check)
        edit.editingFinished.connect(lambda: self._tidy(edit))
        return edit

    def _tidy(self, edit: QLineEdit) -> None:
        try:
            value = parse_money(edit.text())
        except MoneyError:
            return
        with QSignalBlocker(edit):
            edit.setText(format_eur(value, current_language()))

    def _read(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name in self.needs:
            widget = self.inputs[name]
            if isinstance(widget, QDateEdit):
                picked = widget.date()
                values[name] = date(picked.year(), picked.month(), picked.day())
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if not text:
                    problems[name] = _("Write the amount the funder awarded.")
                    continue
                try:
                    values[name] = parse_money(text)
                except MoneyError:
                    problems[name] = _("Write an amount such as 12.500,00.")
        return values, problems

    def problems(self) -> dict[str, str]:
        """What keeps the status from being set, one sentence per field (empty: nothing)."""
        values, problems = self._read()
        form = ProposalForm(**{**self._form.__dict__, "status": self.status.value, **values})
        for error in validate(form):
            if error.field in self.needs and error.field not in problems:
                problems[error.field] = error.message
        return problems

    def _check(self) -> None:
        problems = self.problems()
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        self.move_button.setEnabled(not problems)

    def accept(self) -> None:
        if not self.problems():  # Enter on a disabled button, or a call from code
            super().accept()

    def values(self) -> dict[str, Any]:
        """The dates and amount chosen, by field name (only when nothing is wrong)."""
        values, _problems = self._read()
        return {} if self.problems() else values


def requested_grant(db: Database, proposal_id: int) -> Decimal | None:
    """The grant the proposal's budget asks for (None when it cannot be read)."""
    from grantdesk.services.proposal_check import budget_totals

    try:
        return budget_totals(db, proposal_id).requested_grant
    except Exception:  # only a hint: the dialog works without it
        return None
