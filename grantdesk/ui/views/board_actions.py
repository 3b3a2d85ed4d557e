"""What the proposals board does besides showing cards: moves and rule checks.

- :class:`MoveProposalCommand` moves a proposal to another status through
  :func:`~grantdesk.services.proposal_editing.change_status`, undoably: undo puts back the
  status and the dates and amount it had (the Board and the Proposals list push it, after
  :class:`~grantdesk.ui.proposal_status.StatusDataDialog` asked for what the status
  needs);
- :class:`RuleChecks` runs the rule check of the cards in sight in the thread pool, a
  batch at a time (one check takes milliseconds, the 2,000 proposals of the large example
  data about 16 s), and keeps each card's :class:`RuleMark`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QUndoCommand
from PySide6.QtWidgets import QDialog, QWidget

from grantdesk.domain.rule_types import Severity
from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _, ngettext
from grantdesk.services.database import Database
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR
from grantdesk.ui.tasks import Task

log = logging.getLogger(__name__)

BLOCKING_COLOUR = QColor(ERROR_COLOUR)
WARNING_COLOUR = QColor("#c26a12")
STATUS_DATA = ("submitted_on", "decided_on", "awarded_amount")


def _short(title: str, limit: int = 48) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


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
        proposal_id: int,
        title: str,
        version: int,
        status: ProposalStatus,
        data: dict[str, Any],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(
            _("move “{title}” to {status}").format(title=_short(title), status=status.label)
        )
        self._context = context
        self.proposal_id = proposal_id
        self.status = status
        self.data = {k: v for k, v in data.items() if k in STATUS_DATA}
        self.version = version
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
