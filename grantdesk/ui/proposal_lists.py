"""The Objectives, Indicators and SWOT tabs of the proposal editor.

Objectives and indicators are tables edited in place (numbers the Italian way,
``1.234,5``); the SWOT is a 2×2 grid of text boxes saved when one loses the focus or the
typing pauses — consecutive typing in one box is one undo step.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

from grantdesk.domain.money import format_number
from grantdesk.i18n import _, current_language
from grantdesk.services.proposal_part_rows import (
    IndicatorEntry,
    ObjectiveEntry,
    Swot,
    indicator_problem,
    objective_problem,
    parse_quantity,
)
from grantdesk.ui.proposal_editor_tabs import EditorHost, error_line, intro, show_error
from grantdesk.ui.proposal_tables import Cell, EntryTable, RowButtons, moved, without

if TYPE_CHECKING:
    from grantdesk.services.proposal_parts import ProposalParts

IDLE_MS = 1500


def show_quantity(value: Decimal | None) -> str:
    """A number as the table shows it: Italian separators, no trailing zeros."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    places = min(3, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_number(value, places, current_language())


class _ListTab(QWidget):
    """A table of entries with its buttons and error line; subclasses say how rows read."""

    key = ""
    columns: tuple[str, ...] = ()
    add_text = ""

    def __init__(self, host: EditorHost, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.parts: ProposalParts | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        column.addWidget(intro(explanation))
        self.table = EntryTable(self.columns, stretch=0)
        self.table.committed.connect(self._committed)
        column.addWidget(self.table, 1)
        self.error = error_line()
        column.addWidget(self.error)
        self.buttons = RowButtons(self.table, self.add_text)
        self.buttons.add_requested.connect(self.add_entry)
        self.buttons.remove_requested.connect(self._remove)
        self.buttons.move_requested.connect(self._move)
        column.addWidget(self.buttons)

    def current(self) -> tuple[object, ...]:
        raise NotImplementedError

    def rows(self) -> list[list[Cell]]:
        raise NotImplementedError

    def read(self) -> tuple[tuple[object, ...], str]:
        """The entries as the table holds them, and the sentence of what cannot be read."""
        raise NotImplementedError

    def problem(self, entries: tuple[object, ...]) -> str:
        raise NotImplementedError

    def blank(self) -> object:
        raise NotImplementedError

    def show_parts(self, parts: ProposalParts) -> None:
        self.parts = parts
        self.table.set_rows(self.rows())
        self.buttons.update_enabled()

    def save(self, new: tuple[object, ...], text: str) -> bool:
        assert self.parts is not None
        failed = self.problem(new) or self.host.push_part(self.key, self.current(), new, text)
        show_error(self.error, failed)
        if failed:
            self.show_parts(self.parts)
        return not failed

    def _committed(self) -> None:
        if self.parts is None:
            return
        new, unreadable = self.read()
        if unreadable:
            show_error(self.error, unreadable)
            self.show_parts(self.parts)
            return
        if new != self.current():
            self.save(new, self.edit_text())

    def edit_text(self) -> str:
        return _("edit the list")

    def add_entry(self) -> None:
        if self.parts is not None and self.save((*self.current(), self.blank()), self.add_text):
            self.table.edit_cell(self.table.rowCount() - 1, 0)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if self.parts is not None and 0 <= row < len(self.current()):
            self.save(without(self.current(), row), _("remove a row"))

    def _move(self, offset: int) -> None:
        row = self.table.currentRow()
        if (
            self.parts is not None
            and 0 <= row < len(self.current())
            and self.save(moved(self.current(), row, offset), _("move a row"))
        ):
            self.table.setCurrentCell(row + offset, self.table.currentColumn())


class ObjectivesTab(_ListTab):
    """The specific objectives, in order."""

    key = "objectives"

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        self.columns = (_("Objective"),)
        self.add_text = _("Add objective")
        super().__init__(
            host,
            _("The specific objectives of the project, each a result you can verify."),
            parent,
        )
        self.table.setObjectName("ObjectivesTable")

    def current(self) -> tuple[ObjectiveEntry, ...]:
        return self.parts.objectives if self.parts is not None else ()

    def rows(self) -> list[list[Cell]]:
        return [[Cell(o.text, o.id)] for o in self.current()]

    def read(self) -> tuple[tuple[ObjectiveEntry, ...], str]:
        entries = tuple(
            ObjectiveEntry(self.table.text(r, 0), self.table.value(r, 0))
            for r in range(self.table.rowCount())
        )
        return entries, ""

    def problem(self, entries: tuple[object, ...]) -> str:
        return objective_problem(None, tuple(e for e in entries if isinstance(e, ObjectiveEntry)))

    def blank(self) -> ObjectiveEntry:
        return ObjectiveEntry(_("New objective"))

    def edit_text(self) -> str:
        return _("edit an objective")


NAME, UNIT, BASELINE, TARGET, ACTUAL = range(5)


class IndicatorsTab(_ListTab):
    """Indicators: name, unit, baseline, target and (once measured) the value reached."""

    key = "indicators"

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        self.columns = (_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Reached"))
        self.add_text = _("Add indicator")
        super().__init__(
            host,
            _(
                "How the results will be measured: where you start (baseline), where you "
                "aim (target) and, during monitoring, the value reached."
            ),
            parent,
        )
        self.table.setObjectName("IndicatorsTable")
        self.table.setColumnWidth(UNIT, 120)
        for column in (BASELINE, TARGET, ACTUAL):
            self.table.setColumnWidth(column, 100)

    def current(self) -> tuple[IndicatorEntry, ...]:
        return self.parts.indicators if self.parts is not None else ()

    def rows(self) -> list[list[Cell]]:
        return [
            [
                Cell(i.name, i.id),
                Cell(i.unit),
                Cell(show_quantity(i.baseline)),
                Cell(show_quantity(i.target)),
                Cell(show_quantity(i.actual)),
            ]
            for i in self.current()
        ]

    def read(self) -> tuple[tuple[IndicatorEntry, ...], str]:
        entries = []
        for row in range(self.table.rowCount()):
            numbers: list[Decimal | None] = []
            for column in (BASELINE, TARGET, ACTUAL):
                text = self.table.text(row, column)
                try:
                    numbers.append(parse_quantity(text) if text else None)
                except (ValueError, ArithmeticError):
                    return (), _("Indicator {row}: write a number, like 1.250 or 12,5.").format(
                        row=row + 1
                    )
            baseline, target, actual = numbers
            entries.append(
                IndicatorEntry(
                    self.table.text(row, NAME),
                    self.table.text(row, UNIT),
                    baseline,
                    target,
                    actual,
                    self.table.value(row, NAME),
                )
            )
        return tuple(entries), ""

    def problem(self, entries: tuple[object, ...]) -> str:
        return indicator_problem(None, tuple(e for e in entries if isinstance(e, IndicatorEntry)))

    def blank(self) -> IndicatorEntry:
        return IndicatorEntry(_("New indicator"))

    def edit_text(self) -> str:
        return _("edit an indicator")


class _SwotBox(QPlainTextEdit):
    """A SWOT quadrant that tells when it loses the focus."""

    def __init__(self, on_leave: object) -> None:
        super().__init__()
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        callback = self._on_leave
        assert callable(callback)
        callback()


class SwotTab(QWidget):
    """Strengths, weaknesses, opportunities, threats in a 2×2 grid."""

    FIELDS = ("strengths", "weaknesses", "opportunities", "threats")

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.parts: ProposalParts | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        column.addWidget(
            intro(
                _(
                    "What helps and what hinders the project, inside the partnership "
                    "(strengths, weaknesses) and around it (opportunities, threats)."
                )
            )
        )
        grid = QGridLayout()
        grid.setSpacing(12)
        titles = {
            "strengths": _("Strengths"),
            "weaknesses": _("Weaknesses"),
            "opportunities": _("Opportunities"),
            "threats": _("Threats"),
        }
        hints = {
            "strengths": _("e.g. an active network of listening points"),
            "weaknesses": _("e.g. few young volunteers"),
            "opportunities": _("e.g. the new regional plan for the elderly"),
            "threats": _("e.g. cuts to municipal services"),
        }
        self.boxes: dict[str, QPlainTextEdit] = {}
        for index, name in enumerate(self.FIELDS):
            group = QGroupBox(titles[name])
            inner = QVBoxLayout(group)
            box = _SwotBox(self.commit)
            box.setObjectName(f"swot_{name}")
            box.setPlaceholderText(hints[name])
            box.textChanged.connect(self._typed)
            inner.addWidget(box)
            self.boxes[name] = box
            grid.addWidget(group, index // 2, index % 2)
        column.addLayout(grid, 1)
        self.error = error_line()
        column.addWidget(self.error)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_MS)
        self._timer.timeout.connect(self.commit)
        self._filling = False

    def typed(self) -> Swot:
        return Swot(**{name: box.toPlainText().strip() for name, box in self.boxes.items()})

    def show_parts(self, parts: ProposalParts) -> None:
        previous = self.parts.swot if self.parts is not None else None
        self.parts = parts
        self._filling = True
        for name, box in self.boxes.items():
            saved = getattr(parts.swot, name)
            unsaved = previous is not None and box.toPlainText().strip() != getattr(previous, name)
            if not unsaved and box.toPlainText() != saved:
                box.setPlainText(saved)
        self._filling = False

    def _typed(self) -> None:
        if not self._filling:
            self._timer.start()

    def commit(self) -> bool:
        """Save what was typed (one undo step with the typing before it)."""
        self._timer.stop()
        if self.parts is None:
            return False
        new = self.typed()
        if new == self.parts.swot:
            return True
        failed = self.host.push_part(
            "swot", self.parts.swot, new, _("edit the SWOT analysis"), merge_key="swot"
        )
        show_error(self.error, failed)
        return not failed
