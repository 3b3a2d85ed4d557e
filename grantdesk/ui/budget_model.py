"""The budget grid's table model: one row per budget line, with totals kept as lines change.

Columns: category, description, partner, unit, quantity, unit cost, total (quantity × unit
cost, computed, read-only), funding source, other funder. Numbers read and show the Italian
way (``1.234,56``; quantities with up to three decimals) — or the English way in English.

The model never writes to the database. What the user types is read here (a sentence when
it cannot be: ``edit_refused``) and handed on as ``edit_requested``; the editor turns it
into an undoable command (:mod:`grantdesk.ui.budget_commands`), which writes and then
replays what it did on every live model of that proposal (:func:`live_models`), row by row:
a 2,000-line budget is never read again after an edit. :class:`RunningTotals` follows each
change, so the totals are ready in microseconds.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from grantdesk.domain.budget import Line, RunningTotals, Totals, category_label
from grantdesk.domain.vocab import FundingSource
from grantdesk.i18n import N_, _
from grantdesk.services.budget_cells import (
    category_from_text,
    parse_cost,
    parse_quantity,
    partner_from_text,
    show_amount,
    show_quantity,
    source_from_text,
)
from grantdesk.services.budget_editing import (
    AppliedChanges,
    BudgetSheet,
    Change,
    DeleteLine,
    InsertLine,
    LineValues,
    MoveLine,
    SheetLine,
    UpdateLine,
)
from grantdesk.ui.context import AppContext

CATEGORY, DESCRIPTION, PARTNER, UNIT, QUANTITY, UNIT_COST, TOTAL, SOURCE, OTHER_FUNDER = range(9)
HEADERS = (
    N_("Category"),
    N_("Description"),
    N_("Partner"),
    N_("Unit"),
    N_("Quantity"),
    N_("Unit cost (€)"),
    N_("Total (€)"),
    N_("Funding source"),
    N_("Other funder"),
)
COLUMN_COUNT = len(HEADERS)
NUMERIC = frozenset({QUANTITY, UNIT_COST, TOTAL})
LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the line's id (every column)
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 2  # partner id / source code, for the combos

MUTED = QColor("#5b6778")
FAINT = QColor("#9aa5b4")
_TIPS = frozenset({CATEGORY, DESCRIPTION, PARTNER, SOURCE, OTHER_FUNDER})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

# Live models by context, so a command (perhaps undone after the window closed) can reach
# whichever grids show its proposal.
_LIVE: WeakKeyDictionary[AppContext, list[weakref.ref[BudgetModel]]] = WeakKeyDictionary()


def live_models(context: AppContext, proposal_id: int) -> list[BudgetModel]:
    """The models showing *proposal_id*'s budget now."""
    refs = _LIVE.get(context, [])
    alive = [m for ref in refs if (m := ref()) is not None and shiboken6.isValid(m)]
    _LIVE[context] = [weakref.ref(m) for m in alive]
    return [m for m in alive if m.proposal_id == proposal_id and not m.closed]


def column_title(column: int) -> str:
    return _(HEADERS[column])


class BudgetModel(QAbstractTableModel):
    """The lines of one proposal's budget.

    Signals:
        edit_requested(object): the user typed or chose new values: a list of
            ``(row, LineValues)`` for the editor to push as a command.
        edit_refused(str): what was typed cannot be read, in one sentence.
        budget_changed(): lines changed (a command or a reload): totals and findings are due.
        stale(): the model no longer matches the database and must be read again.
    """

    edit_requested = Signal(object)
    edit_refused = Signal(str)
    budget_changed = Signal()
    stale = Signal()

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sheet: BudgetSheet | None = None
        self.proposal_id = -1
        self.closed = False  # its window closed: commands no longer reach it
        self.is_shown: Callable[[], bool] = lambda: True  # on screen (the editor says)
        self._rows: list[SheetLine] = []
        self._lines: list[Line] = []
        self._index: dict[int, int] | None = None
        self.running = RunningTotals()
        self.partner_names: dict[int, str] = {}
        _LIVE.setdefault(context, []).append(weakref.ref(self))

    # -- contents ------------------------------------------------------------------------

    def set_sheet(self, sheet: BudgetSheet) -> None:
        """Show *sheet* (a fresh read of the budget)."""
        self.beginResetModel()
        self.sheet = sheet
        self.proposal_id = sheet.proposal_id
        self._rows = list(sheet.lines)
        self._lines = [row.line for row in self._rows]
        self._index = None
        self.running = RunningTotals(self._lines)
        self.partner_names = {p.id: p.name for p in sheet.partners}
        for row in self._rows:
            if row.values.organization_id is not None and row.partner_name:
                self.partner_names.setdefault(row.values.organization_id, row.partner_name)
        self.endResetModel()
        self.budget_changed.emit()

    def line(self, row: int) -> SheetLine:
        return self._rows[row]

    def lines(self) -> list[Line]:
        """The domain lines in order (the model's own list: read, do not change)."""
        return self._lines

    def totals(self) -> Totals:
        return self.running.totals()

    def row_of(self, line_id: int) -> int:
        """The row showing line *line_id* (-1 when none does)."""
        if self._index is None:
            self._index = {row.id: i for i, row in enumerate(self._rows)}
        return self._index.get(line_id, -1)

    def categories(self) -> list[str]:
        """The categories offered (the call's or the usual ones), then others in use."""
        offered = list(self.sheet.categories) if self.sheet else []
        return list(dict.fromkeys([*offered, *(row.values.category for row in self._rows)]))

    # -- what commands replay -------------------------------------------------------------

    def _remember(self, sheet_line: SheetLine) -> SheetLine:
        org = sheet_line.values.organization_id
        if org is not None and sheet_line.partner_name:
            self.partner_names.setdefault(org, sheet_line.partner_name)
        return sheet_line

    def replace_line(self, sheet_line: SheetLine) -> bool:
        row = self.row_of(sheet_line.id)
        if row < 0:
            return False
        new = self._remember(sheet_line).line
        self.running.replace(self._lines[row], new)
        self._rows[row], self._lines[row] = sheet_line, new
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))
        return True

    def insert_line(self, position: int, sheet_line: SheetLine) -> None:
        row = max(0, min(position, len(self._rows)))
        new = self._remember(sheet_line).line
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, sheet_line)
        self._lines.insert(row, new)
        self._index = None
        self.running.add(new)
        self.endInsertRows()

    def remove_line(self, line_id: int) -> bool:
        row = self.row_of(line_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.running.remove(self._lines.pop(row))
        self._index = None
        self.endRemoveRows()
        return True

    def move_line(self, line_id: int, position: int) -> bool:
        row = self.row_of(line_id)
        if row < 0:
            return False
        target = max(0, min(position, len(self._rows) - 1))
        if target == row:
            return True
        # Qt counts the destination before the move: one further down when moving down.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + (target > row))
        self._rows.insert(target, self._rows.pop(row))
        self._lines.insert(target, self._lines.pop(row))
        self._index = None
        self.endMoveRows()
        return True

    def replay(self, changes: Sequence[Change], applied: AppliedChanges) -> None:
        """Show what a command wrote; ``stale`` when this model turns out to be behind."""
        in_step = True
        for change, result in zip(changes, applied.lines, strict=True):
            if isinstance(change, InsertLine) and result is not None:
                self.insert_line(change.position, result)
            elif isinstance(change, UpdateLine) and result is not None:
                in_step = self.replace_line(result) and in_step
            elif isinstance(change, DeleteLine):
                in_step = self.remove_line(change.line_id) and in_step
            elif isinstance(change, MoveLine):
                in_step = self.move_line(change.line_id, change.position) and in_step
        if not in_step or len(self._rows) != applied.line_count:
            self.stale.emit()
        else:
            self.budget_changed.emit()

    # -- cells ---------------------------------------------------------------------------

    def partner_name(self, org_id: int | None) -> str:
        if org_id is None:
            return ""
        return self.partner_names.get(org_id, _("(organization {id})").format(id=org_id))

    def cell_text(self, row: int, column: int) -> str:
        """What a cell shows (and what copying it gives)."""
        values = self._rows[row].values
        if column == CATEGORY:
            return category_label(values.category)
        if column == DESCRIPTION:
            return values.description
        if column == PARTNER:
            return self.partner_name(values.organization_id)
        if column == UNIT:
            return values.unit or ""
        if column == QUANTITY:
            return show_quantity(values.quantity)
        if column == UNIT_COST:
            return show_amount(values.unit_cost)
        if column == TOTAL:
            return show_amount(self._lines[row].total)
        if column == SOURCE:
            return values.source.label
        return values.other_funder or ""

    def read_cell(self, column: int, value: object, values: LineValues) -> LineValues:
        """*values* with *column* set from what was typed, pasted or chosen.

        Raises CellError (one sentence) when the text cannot be read.
        """
        text = value if isinstance(value, str) else ""
        if column == CATEGORY:
            offered = self.categories()
            return replace(values, category=category_from_text(text, offered))
        if column == DESCRIPTION:
            return replace(values, description=" ".join(text.split()))
        if column == PARTNER:
            if isinstance(value, int) or value is None:
                return replace(values, organization_id=value)
            partners = self.sheet.partners if self.sheet else ()
            return replace(values, organization_id=partner_from_text(text, partners))
        if column == UNIT:
            return replace(values, unit=" ".join(text.split()) or None)
        if column == QUANTITY:
            return replace(values, quantity=parse_quantity(text))
        if column == UNIT_COST:
            return replace(values, unit_cost=parse_cost(text))
        if column == SOURCE:
            return replace(values, source=source_from_text(text))
        if column == OTHER_FUNDER:
            return replace(values, other_funder=" ".join(text.split()) or None)
        return values

    @staticmethod
    def cleared(column: int, values: LineValues) -> LineValues:
        """*values* with *column* emptied (Delete); a category is required and stays."""
        empty: dict[int, dict[str, object]] = {
            DESCRIPTION: {"description": ""},
            PARTNER: {"organization_id": None},
            UNIT: {"unit": None},
            QUANTITY: {"quantity": Decimal(0)},
            UNIT_COST: {"unit_cost": Decimal("0.00")},
            SOURCE: {"source": FundingSource.REQUESTED_GRANT},
            OTHER_FUNDER: {"other_funder": None},
        }
        return replace(values, **empty[column]) if column in empty else values  # type: ignore[arg-type]

    # -- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in NUMERIC else _LEFT
        values = self._rows[row].values
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == TOTAL:
                return MUTED
            if column == OTHER_FUNDER and values.source is not FundingSource.OTHER_FUNDER:
                return FAINT
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column in _TIPS:
            return self.cell_text(row, column) or None
        if role == LINE_ID_ROLE:
            return self._rows[row].id
        if role == CHOICE_ROLE:
            if column == PARTNER:
                return values.organization_id
            if column == SOURCE:
                return values.source.value
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        from grantdesk.services.budget_cells import CellError

        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == TOTAL:
            return False
        row, column = index.row(), index.column()
        old = self._rows[row].values
        try:
            new = self.read_cell(column, value, old)
        except CellError as exc:
            self.edit_refused.emit(
                _("Row {row}, column “{column}”: {reason}").format(
                    row=row + 1, column=column_title(column), reason=str(exc)
                )
            )
            return False
        if new != old:
            self.edit_requested.emit([(row, new)])
        return True

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != TOTAL:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return column_title(section)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if section in NUMERIC else _LEFT
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        return None
