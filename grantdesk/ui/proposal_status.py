"""The status pipeline of a proposal and the small dialog asking what a status needs.

:class:`StatusPipeline` shows the main path (idea → drafting → review → submitted →
awarded → running → reporting → closed) and the other outcomes (rejected, withdrawn) as
chips; the current one is filled with its tone. Choosing another emits ``status_chosen``.
:class:`StatusDataDialog` asks for the submission day, the decision day and the amount
awarded when the chosen status needs them, and refuses to close without them, saying why
in one sentence under the field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
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

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _, current_language
from grantdesk.services.call_editing import parse_money
from grantdesk.services.proposal_editing import status_needs, status_problems
from grantdesk.ui.call_editor_tabs import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.models.list_model import status_colour

S = ProposalStatus
MAIN_PATH = (S.IDEA, S.DRAFTING, S.REVIEW, S.SUBMITTED, S.AWARDED, S.RUNNING, S.REPORTING, S.CLOSED)
OTHER_OUTCOMES = (S.REJECTED, S.WITHDRAWN)


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
        main = QHBoxLayout()
        main.setSpacing(2)
        for index, status in enumerate(MAIN_PATH):
            if index:
                arrow = QLabel("›")
                arrow.setStyleSheet(f"color: {MUTED_COLOUR};")
                main.addWidget(arrow)
            main.addWidget(self._chip(status))
        main.addStretch(1)
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
    """Ask for the data *status* needs; :meth:`values` gives what was typed."""

    def __init__(
        self,
        status: str,
        submitted_on: date | None,
        decided_on: date | None,
        awarded_amount: Decimal | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StatusDataDialog")
        self.status = status
        label = ProposalStatus(status).label
        self.setWindowTitle(_("Move to “{status}”").format(status=label))
        lang = current_language()
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 16, 18, 12)
        intro = QLabel(_("To move the proposal to “{status}”, record:").format(status=label))
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        texts = {
            "submitted_on": (_("Submitted on"), format_date(submitted_on, lang)),
            "decided_on": (_("Decided on"), format_date(decided_on, lang)),
            "awarded_amount": (_("Amount awarded"), format_eur(awarded_amount, lang)),
        }
        for name in status_needs(status):
            title, value = texts[name]
            edit = QLineEdit(value)
            edit.setObjectName(name)
            edit.setPlaceholderText(
                _("dd/mm/yyyy")
                if name != "awarded_amount"
                else "€ 0,00"
                if lang == "it"
                else "€0.00"
            )
            error = QLabel()
            error.setWordWrap(True)
            error.setStyleSheet(f"color: {ERROR_COLOUR};")
            error.hide()
            box = QWidget()
            box_column = QVBoxLayout(box)
            box_column.setContentsMargins(0, 0, 0, 0)
            box_column.setSpacing(2)
            box_column.addWidget(edit)
            box_column.addWidget(error)
            form.addRow(title, box)
            self.edits[name] = edit
            self.errors[name] = error
        column.addLayout(form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("Change status"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.setMinimumWidth(480)

    def values(self) -> tuple[dict[str, object], dict[str, str]]:
        """What was typed (field → value) and what could not be read (field → sentence)."""
        found: dict[str, object] = {}
        problems: dict[str, str] = {}
        for name, edit in self.edits.items():
            text = edit.text().strip()
            if not text:
                continue
            try:
                found[name] = parse_money(text) if name == "awarded_amount" else parse_date(text)
            except (DateError, MoneyError):
                problems[name] = (
                    _("Write an amount in euros, like €1,234.56.")
                    if name == "awarded_amount"
                    else _("Write the date as dd/mm/yyyy, like 12/05/2023.")
                )
        submitted, decided = found.get("submitted_on"), found.get("decided_on")
        amount = found.get("awarded_amount")
        missing = status_problems(
            self.status,
            submitted if isinstance(submitted, date) else None,
            decided if isinstance(decided, date) else None,
            amount if isinstance(amount, Decimal) else None,
        )
        for name, sentence in missing.items():
            problems.setdefault(name, sentence)
        return found, problems

    def accept(self) -> None:
        _found, problems = self.values()
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        if not problems:
            super().accept()
        else:
            self.adjustSize()
