"""Undoable edits of a budget: cells typed, cleared or pasted, lines added, deleted, moved.

Every command writes at once, undo and redo included, through
:func:`grantdesk.services.budget_editing.apply_changes`: one transaction per step. The
first redo checks each line against the version the grid read; later steps check that the
line still holds what the command left there, so an undo never overwrites what another
desk (or another window) saved meanwhile. A refused step marks the command obsolete (the
stack drops it), has the grids showing the budget read it again, and tells them why in one
sentence — or the status bar, when no grid is open any more.

After a step, the grids showing the proposal replay it row by row
(:meth:`BudgetModel.replay`): nothing is read back but the touched lines' new versions.
A line deleted and brought back by undo gets a new id: commands further up the stack still
know the old one, so each context remembers old id → new id (as for calls).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from weakref import WeakKeyDictionary

from PySide6.QtGui import QUndoCommand

from grantdesk.i18n import _
from grantdesk.services.budget_editing import (
    AppliedChanges,
    Change,
    DeleteLine,
    InsertLine,
    LineValues,
    MoveLine,
    UpdateLine,
)
from grantdesk.ui.budget_model import live_models
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)

END = 2**31 - 1  # a position past the last line: appends

_ALIASES: WeakKeyDictionary[AppContext, dict[int, int]] = WeakKeyDictionary()


def current_line_id(context: AppContext, line_id: int) -> int:
    """The id *line_id* goes by now, after undo/redo brought the line back."""
    aliases = _ALIASES.get(context, {})
    while line_id in aliases:
        line_id = aliases[line_id]
    return line_id


def _alias(context: AppContext, old: int, new: int) -> None:
    if old != new:
        _ALIASES.setdefault(context, {})[old] = new


class _BudgetCommand(QUndoCommand):
    def __init__(self, text: str, context: AppContext, proposal_id: int) -> None:
        super().__init__(text)
        self._context = context
        self.proposal_id = proposal_id
        self.failed = ""
        self._first = True  # the first redo checks the versions the grid read

    def _id(self, line_id: int) -> int:
        return current_line_id(self._context, line_id)

    def _write(self, changes: Sequence[Change]) -> AppliedChanges | None:
        from grantdesk.services.budget_editing import BudgetLineError, apply_changes
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError

        db = self._context.db
        if db is None:
            self._fail(_("No database is open."))
            return None
        try:
            applied = apply_changes(db, self.proposal_id, changes)
        except (ConflictError, RecordNotFoundError, BudgetLineError) as exc:
            self._fail(str(exc))
            return None
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("budget change failed")
            self._fail(_("The change could not be saved: the database did not answer."))
            return None
        self._first = False
        models = live_models(self._context, self.proposal_id)
        for model in models:
            model.replay(changes, applied)
        if not any(m.is_shown() for m in models):  # the lists show budget totals too;
            self._context.notify("proposals")  # a grid on screen tells them when it closes
        return applied

    def _fail(self, message: str) -> None:
        self.failed = message
        self.setObsolete(True)
        models = live_models(self._context, self.proposal_id)
        for model in models:
            model.stale.emit()
            model.edit_refused.emit(message)
        if not models:
            self._context.status_message.emit(message)


class EditLinesCommand(_BudgetCommand):
    """New values for some lines (a cell typed, cells cleared, a block pasted), and lines
    appended after the last one (a pasted block longer than the budget)."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        text: str,
        edits: Sequence[tuple[int, LineValues, LineValues]],
        versions: Mapping[int, int],
        appended: Sequence[LineValues] = (),
    ) -> None:
        super().__init__(text, context, proposal_id)
        self.edits = [(line_id, before, after) for line_id, before, after in edits]
        self._versions = dict(versions)
        self.appended = list(appended)
        self.appended_ids: list[int] = []  # the first ids they got: later ones are aliases

    def redo(self) -> None:
        changes: list[Change] = [
            UpdateLine(
                self._id(line_id),
                after,
                expected_version=self._versions.get(line_id) if self._first else None,
                expected_values=None if self._first else before,
            )
            for line_id, before, after in self.edits
        ]
        changes += [InsertLine(END, values) for values in self.appended]
        applied = self._write(changes)
        if applied is None:
            return
        saved = applied.lines
        self.edits = [
            (line_id, before, line.values if line is not None else after)
            for (line_id, before, after), line in zip(self.edits, saved, strict=False)
        ]
        new = [line for line in saved[len(self.edits) :] if line is not None]
        if self.appended_ids:
            for old, line in zip(self.appended_ids, new, strict=True):
                _alias(self._context, self._id(old), line.id)
        else:
            self.appended_ids = [line.id for line in new]
        self.appended = [line.values for line in new]

    def undo(self) -> None:
        changes: list[Change] = [
            DeleteLine(self._id(line_id), expected_values=values)
            for line_id, values in zip(self.appended_ids, self.appended, strict=True)
        ]
        changes += [
            UpdateLine(self._id(line_id), before, expected_values=after)
            for line_id, before, after in self.edits
        ]
        applied = self._write(changes)
        if applied is None:
            return
        saved = applied.lines[len(self.appended_ids) :]
        self.edits = [
            (line_id, line.values if line is not None else before, after)
            for (line_id, before, after), line in zip(self.edits, saved, strict=True)
        ]


class InsertLinesCommand(_BudgetCommand):
    """New lines from *position* on (0 = first); undo deletes them."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        text: str,
        position: int,
        lines: Sequence[LineValues],
    ) -> None:
        super().__init__(text, context, proposal_id)
        self.position = position
        self.values = list(lines)
        self.line_ids: list[int] = []  # the first ids they got: later ones are aliases

    def redo(self) -> None:
        changes = [InsertLine(self.position + i, v) for i, v in enumerate(self.values)]
        applied = self._write(changes)
        if applied is None:
            return
        new = [line for line in applied.lines if line is not None]
        if self.line_ids:
            for old, line in zip(self.line_ids, new, strict=True):
                _alias(self._context, self._id(old), line.id)
        else:
            self.line_ids = [line.id for line in new]
        self.values = [line.values for line in new]

    def undo(self) -> None:
        self._write(
            [
                DeleteLine(self._id(line_id), expected_values=values)
                for line_id, values in zip(self.line_ids, self.values, strict=True)
            ]
        )


class DeleteLinesCommand(_BudgetCommand):
    """Delete lines; undo brings them back where they were (under new ids)."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        text: str,
        lines: Sequence[tuple[int, int, int, LineValues]],
    ) -> None:
        """*lines*: (row, line id, version read, values), any order."""
        super().__init__(text, context, proposal_id)
        self.lines = sorted(lines)

    def redo(self) -> None:
        self._write(
            [
                DeleteLine(
                    self._id(line_id),
                    expected_version=version if self._first else None,
                    expected_values=None if self._first else values,
                )
                for _row, line_id, version, values in self.lines
            ]
        )

    def undo(self) -> None:
        applied = self._write([InsertLine(row, values) for row, _i, _v, values in self.lines])
        if applied is None:
            return
        restored = []
        for (row, line_id, version, _values), line in zip(self.lines, applied.lines, strict=True):
            assert line is not None
            _alias(self._context, self._id(line_id), line.id)
            restored.append((row, line_id, version, line.values))
        self.lines = restored


class MoveLineCommand(_BudgetCommand):
    """Move one line from row *source* to row *target*; undo moves it back.

    Moving a block of selected lines up by one is moving the line above it below the
    block: one line moves, whatever the size of the block.
    """

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        text: str,
        line_id: int,
        source: int,
        target: int,
    ) -> None:
        super().__init__(text, context, proposal_id)
        self.line_id = line_id
        self.source = source
        self.target = target

    def redo(self) -> None:
        self._write([MoveLine(self._id(self.line_id), self.target)])

    def undo(self) -> None:
        self._write([MoveLine(self._id(self.line_id), self.source)])
