"""What the proposals board does besides showing cards: moves and rule checks.

- :class:`StatusDataDialog` asks for what a status needs (the submission day, the
  decision day, the amount awarded) before a card moves there;
- :class:`MoveProposalCommand` moves a proposal to another status through
  :func:`~grantdesk.services.proposal_editing.change_status`, undoably: undo puts back the
  status and the dates and amount it had;
- :class:`RuleChecks` runs the rule check of the cards in sight in the thread pool, a
  batch at a time (one check takes milliseconds, the 2,000 proposals of the large example
  data about 16 s), and keeps each card's :class:`RuleMark`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QUndoCommand
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.domain.rule_types import Severity
from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services.board import BoardCard
from grantdesk.services.database import Database
from grantdesk.services.proposal_editing import ProposalForm, validate
from grantdesk.ui.context import AppContext
from grantdesk.ui.tasks import Task

log = logging.getLogger(__name__)

ERROR_COLOUR = "#b3261e"
MUTED_COLOUR = "#5b6778"
DATE_FORMAT = "dd/MM/yyyy"  # day-first in both languages, as every date GrantDesk shows
BLOCKING_COLOUR = QColor(ERROR_COLOUR)
WARNING_COLOUR = QColor("#c26a12")
STATUS_DATA = ("submitted_on", "decided_on", "awarded_amount")


def _short(title: str, limit: int = 48) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


# -- asking for a status's data -------------------------------------------------------


class StatusDataDialog(QDialog):
    """Asks for the dates and the amount *status* needs, filled with what is known.

    The Move button stays disabled while a value is missing or wrong; each problem is one
    red sentence under its field.
    """

    def __init__(
        self,
        card: BoardCard,
        status: ProposalStatus,
        needs: Sequence[str],
        form: ProposalForm,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StatusDataDialog")
        self.setWindowTitle(_("Move to “{status}”").format(status=status.label))
        self.setMinimumWidth(440)
        self.status = status
        self.needs = tuple(needs)
        self._form = form
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        intro = QLabel(
            _("“{title}” moves to {status}. Check these details first:").format(
                title=_short(card.title, 80), status=status.label
            )
        )
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
                hint = _("The grant requested is {amount}.").format(
                    amount=format_eur(card.requested, current_language())
                )
                widget = self._amount(form.awarded_amount)
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
        self.move_button.setText(_("Move"))
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
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        note = QLabel(hint)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(note)
        error = QLabel()
        error.setObjectName("FieldError")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.hide()
        column.addWidget(error)
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
        from grantdesk.services.call_editing import parse_money

        try:
            value = parse_money(edit.text())
        except MoneyError:
            return
        with QSignalBlocker(edit):
            edit.setText(format_eur(value, current_language()))

    def _read(self) -> tuple[dict[str, Any], dict[str, str]]:
        from grantdesk.services.call_editing import parse_money

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

    def _check(self) -> None:
        values, problems = self._read()
        form = ProposalForm(**{**self._form.__dict__, "status": self.status.value, **values})
        for error in validate(form):
            if error.field in self.needs and error.field not in problems:
                problems[error.field] = error.message
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        self.move_button.setEnabled(not problems)

    def values(self) -> dict[str, Any]:
        """The dates and amount chosen, by field name (only when nothing is wrong)."""
        values, problems = self._read()
        return {} if problems else values


# -- moving a proposal ----------------------------------------------------------------


class MoveProposalCommand(QUndoCommand):
    """Move a proposal to another status with the data it needs; undo moves it back.

    The first ``redo()`` (run by ``QUndoStack.push``) makes the change; when it is refused
    (a status without its data, someone else changed the proposal, it was deleted) the
    command marks itself obsolete, so the stack drops it, and *on_error* receives the
    sentence to show.
    """

    def __init__(
        self,
        context: AppContext,
        card: BoardCard,
        status: ProposalStatus,
        data: dict[str, Any],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("move “{title}” to {status}").format(title=_short(card.title), status=status.label)
        )
        self._context = context
        self.proposal_id = card.id
        self.status = status
        self.data = {k: v for k, v in data.items() if k in STATUS_DATA}
        self.version = card.version
        self.before: tuple[str, Any, Any, Any] | None = None
        self._on_error = on_error

    def redo(self) -> None:
        from grantdesk.services.proposal_editing import change_status, load_form

        def move(db: Database) -> None:
            if self.before is None:
                form, _version = load_form(db, self.proposal_id)
                self.before = (form.status, form.submitted_on, form.decided_on, form.awarded_amount)
            self.version = change_status(
                db, self.proposal_id, self.status.value, self.version, **self.data
            )

        self._write(move)

    def undo(self) -> None:
        from grantdesk.services.proposal_editing import load_form, update_proposal

        before = self.before
        if before is None:
            return

        def move_back(db: Database) -> None:
            form, _version = load_form(db, self.proposal_id)
            form.status, form.submitted_on, form.decided_on, form.awarded_amount = before
            self.version = update_proposal(db, self.proposal_id, form, self.version, restoring=True)

        self._write(move_back)

    def _write(self, change: Callable[[Database], None]) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError

        db = self._context.db
        if db is None:
            self.setObsolete(True)
            return
        try:
            change(db)
        except (ConflictError, RecordNotFoundError, ValueError) as exc:  # StatusDataError too
            self._fail(str(exc))
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("moving proposal %s failed", self.proposal_id)
            self._fail(_("The change could not be saved: the database did not answer."))
            return
        self._context.notify("proposals")

    def _fail(self, message: str) -> None:
        self.setObsolete(True)
        handler = self._on_error
        # After the stack has dropped the command: nothing may run inside push/undo.
        QTimer.singleShot(0, lambda: handler(message))
        self._context.notify("proposals")


# -- rule checks ----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleMark:
    """What the rule check found on a card: blocking problems, warnings, their sentences."""

    blocking: int
    warnings: int
    messages: tuple[str, ...] = ()

    @property
    def colour(self) -> QColor | None:
        """Red with a blocking problem, amber with warnings only, None when clean."""
        if self.blocking:
            return BLOCKING_COLOUR
        return WARNING_COLOUR if self.warnings else None

    def summary(self) -> str:
        """“2 blocking problems, 1 warning” (empty when the check found nothing)."""
        parts = []
        if self.blocking:
            parts.append(
                ngettext("{n} blocking problem", "{n} blocking problems", self.blocking).format(
                    n=self.blocking
                )
            )
        if self.warnings:
            parts.append(
                ngettext("{n} warning", "{n} warnings", self.warnings).format(n=self.warnings)
            )
        return ", ".join(parts)


def _check_batch(
    db: Database, ids: list[int], today: date, generation: int, *, progress: Any
) -> tuple[int, Database, dict[int, RuleMark] | Exception]:
    """Runs in the thread pool; a failure comes back as a value so the batch is known."""
    from grantdesk.services.proposal_check import check_proposals

    try:
        checks = check_proposals(db, today, ids)
    except Exception as exc:  # reported on the GUI thread
        return generation, db, exc
    marks = {}
    for proposal_id, result in checks.items():
        serious = [f for f in result.findings if f.severity is not Severity.INFO]
        marks[proposal_id] = RuleMark(
            blocking=sum(1 for f in serious if f.severity is Severity.BLOCKING),
            warnings=sum(1 for f in serious if f.severity is Severity.WARNING),
            messages=tuple(f.message for f in serious),
        )
    return generation, db, marks


class RuleChecks(QObject):
    """The rule check of the cards the user sees, run a batch at a time in the thread pool.

    ``want(ids)`` puts the ids first in the queue (those in sight come before those asked
    earlier); results stay in :attr:`marks` by proposal id. ``invalidate()`` (data changed)
    keeps the marks on screen but checks each card again when it is next wanted.

    Signals:
        checked(list): the ids whose marks just arrived.
        idle(): nothing is queued or running any more.
    """

    checked = Signal(list)
    idle = Signal()
    BATCH = 30

    def __init__(
        self, context: AppContext, today: Callable[[], date], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.today = today
        self.marks: dict[int, RuleMark] = {}
        self._fresh: set[int] = set()
        self._queue: list[int] = []
        self._running: set[int] = set()
        self._task: Task | None = None
        self._generation = 0

    @property
    def busy(self) -> bool:
        return self._task is not None or bool(self._queue)

    def reset(self) -> None:
        """Forget every mark (another database)."""
        self.marks.clear()
        self.invalidate()

    def invalidate(self) -> None:
        """The data changed: every card is checked again when next wanted."""
        self._generation += 1
        self._fresh.clear()
        self._queue.clear()

    def want(self, ids: Sequence[int]) -> None:
        """Check *ids* (those not checked since the last change) before anything queued."""
        wanted = [i for i in dict.fromkeys(ids) if i not in self._fresh and i not in self._running]
        if not wanted:
            return
        chosen = set(wanted)
        self._queue = wanted + [i for i in self._queue if i not in chosen]
        self._next()

    def _next(self) -> None:
        db = self.context.db
        if self._task is not None:
            return
        if not self._queue or db is None:
            self._queue.clear()
            self.idle.emit()
            return
        batch, self._queue = self._queue[: self.BATCH], self._queue[self.BATCH :]
        self._running = set(batch)
        task = Task(_check_batch, db, batch, self.today(), self._generation)
        task.succeeded.connect(self._done)
        task.failed.connect(self._crashed)
        self._task = task
        task.start()

    def _done(self, result: tuple[int, Database, dict[int, RuleMark] | Exception]) -> None:
        generation, db, outcome = result
        ids = sorted(self._running)
        self._task = None
        self._running = set()
        if db is self.context.db:
            if isinstance(outcome, Exception):
                log.warning("checking proposals %s failed: %s", ids, outcome)
                self._fresh.update(ids)  # not again and again: a reload tries once more
            else:
                self.marks.update(outcome)
                for gone in set(ids) - set(outcome):
                    self.marks.pop(gone, None)
                if generation == self._generation:
                    self._fresh.update(ids)
                self.checked.emit(ids)
        self._next()

    def _crashed(self, exc: object) -> None:
        log.warning("the rule check stopped: %s", exc)
        self._task = None
        self._running = set()
        self._next()


# -- opening a proposal ---------------------------------------------------------------


def open_proposal(parent: QWidget, context: AppContext, proposal_id: int) -> None:
    """Open the proposal in its editor window (brought forward when already open)."""
    from grantdesk.ui.proposal_actions import open_proposal_editor

    open_proposal_editor(parent, context, proposal_id)


def new_proposal(parent: QWidget, context: AppContext) -> None:
    """Start a proposal (its call and title), then open it in its editor."""
    from grantdesk.ui.proposal_actions import NewProposalDialog

    dialog = NewProposalDialog(context, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.command is None:
        return
    created = dialog.command.proposal_id
    if created is not None:
        open_proposal(parent, context, created)
