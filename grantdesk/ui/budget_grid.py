"""The budget editor: a keyboard-first grid of budget lines with live totals and findings.

:class:`BudgetEditor` is the widget the proposal editor shows as its “Budget” tab (and the
Budget… dialog of the proposals list hosts). Every edit is written at once as an undoable
command on the shared undo stack (:mod:`grantdesk.ui.budget_commands`); totals and the
rule check follow every edit and never block one.

The keyboard works as in a spreadsheet: Tab and Shift+Tab move right and left (Tab on the
last column goes to the next row; on the last row it adds a line), Enter commits and
moves down, typing starts editing (replacing the cell), F2 edits in place, Delete clears
the selected cells, Ctrl+C copies them as tab-separated text, Ctrl+V pastes a block copied
from Excel or LibreOffice, Ctrl+Z and Ctrl+Shift+Z undo and redo. Insert adds a line below
the current one, Ctrl+Delete deletes the selected lines, Alt+Up and Alt+Down move them.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.budget import same_category
from grantdesk.domain.rules import Finding, Target, check
from grantdesk.i18n import _, ngettext
from grantdesk.services.budget_cells import CellError, block_text, parse_block
from grantdesk.services.budget_editing import LineValues
from grantdesk.ui.budget_commands import (
    DeleteLinesCommand,
    EditLinesCommand,
    InsertLinesCommand,
    MoveLineCommand,
)
from grantdesk.ui.budget_model import (
    CATEGORY,
    COLUMN_COUNT,
    DESCRIPTION,
    PARTNER,
    SOURCE,
    TOTAL,
    BudgetModel,
    column_title,
)
from grantdesk.ui.budget_panels import FindingsList, TotalsPanel
from grantdesk.ui.budget_table import BudgetTable, CategoryDelegate, CellDelegate, ChoiceDelegate
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR

log = logging.getLogger(__name__)

WIDTHS = (130, 200, 160, 60, 80, 110, 110, 150, 130)


class BudgetEditor(QWidget):
    """A proposal's budget: the grid, its toolbar, live totals and findings.

    Signals:
        edited(): the budget was written (any edit, undo or redo from this editor's grid).
        findings_changed(object): the rule check's findings after an edit (a tuple).
        target_requested(str, object): a finding points outside the budget (partners,
            attachments, a proposal field…): the host may show that place.
    """

    edited = Signal()
    findings_changed = Signal(object)
    target_requested = Signal(str, object)

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        from grantdesk.services.dashboard import today_in_rome

        self.context = context
        self.proposal_id = proposal_id
        self.today = today or today_in_rome()
        self.findings: tuple[Finding, ...] = ()
        self.setObjectName("BudgetEditor")
        self.model = BudgetModel(context, self)
        self.table = BudgetTable()
        self.table.setModel(self.model)
        self.table.placeholder = _(
            "No lines yet: add one with “Add line” (Insert), or paste cells copied from a "
            "spreadsheet (Ctrl+V)."
        )
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setItemDelegateForColumn(CATEGORY, CategoryDelegate(self.model, self.table))
        self.table.setItemDelegateForColumn(PARTNER, ChoiceDelegate(self.model, True, self.table))
        self.table.setItemDelegateForColumn(SOURCE, ChoiceDelegate(self.model, False, self.table))
        bold = QFont(self.table.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for column, width in enumerate(WIDTHS):  # never a clipped heading
            heading = metrics.horizontalAdvance(column_title(column)) + 30
            self.table.setColumnWidth(column, max(width, heading))
        self.table.description_width = self.table.columnWidth(DESCRIPTION)

        self.banner = QLabel()
        self.banner.setObjectName("BudgetMessage")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"QLabel#BudgetMessage {{ color: {ERROR_COLOUR}; background: #fbeeed;"
            " border: 1px solid #f0c8c4; border-radius: 4px; padding: 6px 10px; }"
        )
        self.banner.hide()
        self.findings_list = FindingsList()
        self.findings_title = QLabel()
        self.findings_title.setStyleSheet("color: #5b6778; font-weight: 600;")
        self.totals_panel = TotalsPanel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.banner)
        findings = QWidget()
        stack = QVBoxLayout(findings)
        stack.setContentsMargins(0, 8, 0, 0)
        stack.setSpacing(4)
        stack.addWidget(self.findings_title)
        stack.addWidget(self.findings_list, 1)
        scroller = QScrollArea()
        scroller.setWidget(self.totals_panel)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.setChildrenCollapsible(False)
        below.addWidget(findings)
        below.addWidget(scroller)
        below.setStretchFactor(0, 2)
        below.setStretchFactor(1, 3)
        below.setSizes([330, 950])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(below)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([460, 270])
        layout.addWidget(self.splitter, 1)

        self.model.edit_requested.connect(self._edit_requested)
        self.model.edit_refused.connect(self.show_message)
        self.model.budget_changed.connect(self._budget_changed)
        # Read again once the command is done: an open cell editor may still be closing.
        self.model.stale.connect(lambda: QTimer.singleShot(0, self.reload))
        self.model.is_shown = self.isVisible
        self.table.add_line_requested.connect(self._append_line)
        self.table.key_command.connect(self._key_command)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self.findings_list.target_activated.connect(self.show_target)
        self._stale = False
        context.data_changed.connect(self._data_changed)
        self.reload()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.add_button = QPushButton(_("Add line"))
        self.add_button.setToolTip(_("Add a line below the current one (Insert)"))
        self.delete_button = QPushButton(_("Delete lines"))
        self.delete_button.setToolTip(_("Delete the selected lines (Ctrl+Delete)"))
        self.up_button = QPushButton(_("Move up"))
        self.up_button.setToolTip(_("Move the selected lines up (Alt+Up)"))
        self.down_button = QPushButton(_("Move down"))
        self.down_button.setToolTip(_("Move the selected lines down (Alt+Down)"))
        self.save_button = QPushButton(_("Save version…"))
        self.save_button.setToolTip(_("Keep the budget as it is now under a name"))
        self.compare_button = QPushButton(_("Compare versions…"))
        self.compare_button.setToolTip(_("See what changed between two versions"))
        shortcuts = (
            (self.add_button, self.add_line, QKeySequence(Qt.Key.Key_Insert)),
            (self.delete_button, self.delete_lines, QKeySequence("Ctrl+Delete")),
            (self.up_button, self.move_up, QKeySequence("Alt+Up")),
            (self.down_button, self.move_down, QKeySequence("Alt+Down")),
        )
        for button, slot, key in shortcuts:
            button.clicked.connect(slot)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAutoDefault(False)
            row.addWidget(button)
            # On the grid only: an open cell editor keeps its own keys (Alt+Down opens a list).
            action = QAction(button.text(), self.table)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        row.addStretch(1)
        for button in (self.save_button, self.compare_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAutoDefault(False)
            row.addWidget(button)
        self.save_button.clicked.connect(self.save_version)
        self.compare_button.clicked.connect(self.compare_versions)
        return row

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the budget again from the database (after a conflict, or when partners or
        the call changed in the proposal editor)."""
        from grantdesk.services.budget_editing import load_sheet
        from grantdesk.services.details import RecordNotFoundError

        db = self.context.db
        if db is None:
            return
        current = self.table.currentIndex()
        try:
            sheet = load_sheet(db, self.proposal_id, self.today)
        except RecordNotFoundError as exc:
            self.show_message(str(exc))
            self.setEnabled(False)
            return
        self.model.set_sheet(sheet)
        if current.isValid() and self.model.rowCount():
            row = min(current.row(), self.model.rowCount() - 1)
            self.table.setCurrentIndex(self.model.index(row, current.column()))
        elif self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_buttons()

    def _data_changed(self, kind: str) -> None:
        # Partners, the call or its rules may have changed (the proposal editor's other
        # tabs): read again when next shown, never under the user's typing.
        if kind in ("proposals", "organizations", "calls", "*") and not self.model.closed:
            if self.isVisible():
                return
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def _budget_changed(self) -> None:
        sheet = self.model.sheet
        if sheet is None:
            return
        totals = self.model.totals()
        facts = replace(sheet.facts, lines=self.model.lines(), totals=totals)
        self.findings = tuple(check(facts, sheet.rules, self.today))
        self.findings_list.show_findings(self.findings)
        summary = self.findings_list.summary()
        title = _("Findings of the rule check")
        self.findings_title.setText(f"{title} — {summary}" if summary else title)
        self.totals_panel.show_totals(
            totals,
            self.model.categories(),
            self.model.partner_names,
            [p.id for p in sheet.partners],
        )
        self._update_buttons()
        self.findings_changed.emit(self.findings)

    def show_message(self, message: str) -> None:
        """A sentence above the grid (a paste refused, a conflict); empty hides it."""
        self.banner.setText(message)
        self.banner.setVisible(bool(message))

    # -- editing ---------------------------------------------------------------------------

    def _push(self, command: EditLinesCommand | InsertLinesCommand) -> bool:
        self.show_message("")
        self.context.undo_stack.push(command)
        if command.failed:
            return False
        self.edited.emit()
        return True

    def _edit_requested(self, pairs: list[tuple[int, LineValues]]) -> None:
        self.push_edits(_("edit budget line"), pairs)

    def push_edits(
        self,
        text: str,
        pairs: list[tuple[int, LineValues]],
        appended: list[LineValues] | None = None,
    ) -> bool:
        """Write new values for rows (and lines appended at the end) as one undo step."""
        edits, versions = [], {}
        for row, values in pairs:
            line = self.model.line(row)
            if values != line.values:
                edits.append((line.id, line.values, values))
                versions[line.id] = line.version
        if not edits and not appended:
            return False
        command = EditLinesCommand(
            self.context, self.proposal_id, text, edits, versions, appended or []
        )
        return self._push(command)

    def _new_values(self, row: int) -> LineValues:
        """A new line takes the category, partner and source of the line at *row*."""
        if 0 <= row < self.model.rowCount():
            like = self.model.line(row).values
            return LineValues(
                like.category, organization_id=like.organization_id, source=like.source
            )
        sheet = self.model.sheet
        category = sheet.categories[0] if sheet and sheet.categories else "services"
        return LineValues(category)

    def add_line(self) -> None:
        """Add a line below the current one (at the end when none is current)."""
        current = self.table.currentIndex()
        row = current.row() + 1 if current.isValid() else self.model.rowCount()
        self._insert(row, DESCRIPTION)

    def _append_line(self) -> None:
        self._insert(self.model.rowCount(), 0)

    def _insert(self, row: int, column: int) -> None:
        command = InsertLinesCommand(
            self.context, self.proposal_id, _("add budget line"), row, [self._new_values(row - 1)]
        )
        if self._push(command):
            self.table.setCurrentIndex(self.model.index(row, column))
            self.table.setFocus()

    def _selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return sorted(rows)

    def delete_lines(self) -> None:
        rows = self._selected_rows()
        if not rows:
            return
        lines = [self.model.line(r) for r in rows]
        text = ngettext("delete {n} budget line", "delete {n} budget lines", len(rows)).format(
            n=len(rows)
        )
        command = DeleteLinesCommand(
            self.context,
            self.proposal_id,
            text,
            [(r, ln.id, ln.version, ln.values) for r, ln in zip(rows, lines, strict=True)],
        )
        self.show_message("")
        self.context.undo_stack.push(command)
        if not command.failed:
            self.edited.emit()
            if self.model.rowCount():
                row = min(rows[0], self.model.rowCount() - 1)
                column = max(self.table.currentIndex().column(), 0)
                self.table.setCurrentIndex(self.model.index(row, column))

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        rows = self._selected_rows()
        if not rows:
            return
        first, last = rows[0], rows[-1]
        if (step < 0 and first == 0) or (step > 0 and last + 1 >= self.model.rowCount()):
            return
        # The line next to the block jumps over it: one line moves, the block follows.
        source = first - 1 if step < 0 else last + 1
        target = last if step < 0 else first
        line = self.model.line(source)
        text = _("move budget lines")
        command = MoveLineCommand(self.context, self.proposal_id, text, line.id, source, target)
        self.show_message("")
        columns = sorted({i.column() for i in self.table.selectionModel().selectedIndexes()})
        current = self.table.currentIndex()
        self.context.undo_stack.push(command)
        if command.failed:
            return
        self.edited.emit()
        self._select(first + step, last + step, columns or [max(current.column(), 0)])
        if current.isValid():
            index = self.model.index(current.row() + step, current.column())
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _select(self, first: int, last: int, columns: list[int]) -> None:
        selection = QItemSelection()
        for column in columns:
            selection.select(self.model.index(first, column), self.model.index(last, column))
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    # -- keys of the grid -------------------------------------------------------------------

    def _key_command(self, name: str) -> None:
        if name == "undo":
            self.context.undo_stack.undo()
        elif name == "redo":
            self.context.undo_stack.redo()
        elif name == "copy":
            self.copy()
        elif name == "paste":
            self.paste(QGuiApplication.clipboard().text())
        elif name == "clear":
            self.clear_cells()

    def copy(self) -> str:
        """Put the selected cells on the clipboard as tab-separated text (and return it)."""
        indexes = self.table.selectionModel().selectedIndexes() or [self.table.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return ""
        rows = [i.row() for i in indexes]
        columns = [i.column() for i in indexes]
        chosen = {(i.row(), i.column()) for i in indexes}
        block = [
            [
                self.model.cell_text(r, c) if (r, c) in chosen else ""
                for c in range(min(columns), max(columns) + 1)
            ]
            for r in range(min(rows), max(rows) + 1)
        ]
        text = block_text(block)
        QGuiApplication.clipboard().setText(text)
        return text

    def clear_cells(self) -> None:
        """Empty the selected cells as one undo step (a category is required: it stays)."""
        values: dict[int, LineValues] = {}
        count = 0
        for index in self.table.selectionModel().selectedIndexes():
            row = index.row()
            before = values.get(row, self.model.line(row).values)
            after = self.model.cleared(index.column(), before)
            count += after != before
            values[row] = after
        if count:
            text = ngettext("clear {n} cell", "clear {n} cells", count).format(n=count)
            self.push_edits(text, sorted(values.items()))

    def paste(self, text: str) -> bool:
        """Paste a block of tab-separated cells at the current cell, as one undo step.

        Rows past the last line become new lines. A cell that cannot be read refuses the
        whole paste, with a sentence naming its row and column. A single cell fills every
        selected cell.
        """
        block = parse_block(text)
        if not block:
            return False
        selected = self.table.selectionModel().selectedIndexes()
        current = self.table.currentIndex()
        if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
            targets = [(i.row(), i.column(), block[0][0]) for i in selected]
        else:
            anchor = min(selected, key=lambda i: (i.row(), i.column())) if selected else current
            top = anchor.row() if anchor.isValid() else self.model.rowCount()
            left = min((i.column() for i in selected), default=max(current.column(), 0))
            targets = [
                (top + r, left + c, cell)
                for r, cells in enumerate(block)
                for c, cell in enumerate(cells)
                if left + c < COLUMN_COUNT
            ]
        count = self.model.rowCount()
        values: dict[int, LineValues] = {}
        for row, column, cell in targets:
            if column == TOTAL:  # computed here: a pasted total is ignored
                continue
            base = values.get(row)
            if base is None:
                base = self.model.line(row).values if row < count else self._new_values(count - 1)
            try:
                values[row] = self.model.read_cell(column, cell, base)
            except CellError as exc:
                self.show_message(
                    _("Nothing was pasted. Row {row}, column “{column}”: {reason}").format(
                        row=row + 1, column=column_title(column), reason=str(exc)
                    )
                )
                return False
        pairs = sorted((r, v) for r, v in values.items() if r < count)
        appended = [v for r, v in sorted(values.items()) if r >= count]
        cells = sum(1 for _r, c, _t in targets if c != TOTAL)
        label = ngettext("paste {n} cell", "paste {n} cells", cells).format(n=cells)
        return self.push_edits(label, pairs, appended)

    # -- findings -----------------------------------------------------------------------------

    def show_target(self, target: Target) -> None:
        """Select the lines a finding is about (its category, or one line), or pass the
        target on to the host when it lies outside the budget."""
        if target.area == "budget" and target.key:
            rows = [
                r
                for r in range(self.model.rowCount())
                if same_category(self.model.line(r).values.category, target.key)
            ]
        elif target.area == "budget_line" and target.key is not None:
            rows = [self.model.row_of(int(target.key))]
            rows = [r for r in rows if r >= 0]
        elif target.area == "budget":
            return
        else:
            self.target_requested.emit(target.area, target.key)
            return
        if not rows:
            return
        selection = QItemSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, COLUMN_COUNT - 1))
        model = self.table.selectionModel()
        model.setCurrentIndex(
            self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.scrollTo(self.model.index(rows[0], 0))

    # -- versions ------------------------------------------------------------------------------

    def save_version(self) -> None:
        from grantdesk.ui.budget_versions import ask_version_name

        info = ask_version_name(self, self.context, self.proposal_id)
        if info is not None:
            self.context.status_message.emit(
                _("Budget version “{name}” saved.").format(name=info.name)
            )

    def compare_versions(self) -> None:
        from grantdesk.ui.budget_versions import CompareVersionsDialog

        CompareVersionsDialog(self.context, self.proposal_id, self).exec()

    # -- state ----------------------------------------------------------------------------------

    def _update_buttons(self, *_args: object) -> None:
        rows = self._selected_rows()
        has = bool(rows)
        count = self.model.rowCount()
        self.delete_button.setEnabled(has)
        self.up_button.setEnabled(has and rows[0] > 0)
        self.down_button.setEnabled(has and rows[-1] + 1 < count)
        self.add_button.setEnabled(self.model.sheet is not None)
