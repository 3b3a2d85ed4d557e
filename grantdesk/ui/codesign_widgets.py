"""Widgets the co-design editor's tabs share: a read-only table with its buttons and
empty state, the step pipeline, and a bar of shares.

A process holds tens of rows at most (applications, meetings, commitments), so the tables
are filled at once from the rows the services return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.codesign import STEPS, reached
from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.domain.vocab import CoDesignStatus
from grantdesk.i18n import _, current_language
from grantdesk.services.codesign_meetings import ActionEntry
from grantdesk.ui.views.empty_state import EmptyState

INK = "#1f2a37"
MUTED = "#5b6778"
LINES = "#dfe3ea"
ACCENT = "#1d4f91"
ACCENT_SOFT = "#dde8f6"
WARNING = "#a15c00"
ERROR = "#b3261e"
POSITIVE = "#23804a"
SECTOR_COLOURS = {"public": "#1d4f91", "third_sector": "#23804a", "other": "#a15c00"}

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Row:
    """One table row: its record id and version, its cells and optional extras per column."""

    key: int
    cells: tuple[str, ...]
    version: int = 0
    tooltips: tuple[str, ...] = ()
    colours: tuple[str | None, ...] = ()
    bold: bool = False
    payload: Any = None


class RowsModel(QAbstractTableModel):
    """A read-only table of :class:`Row` values; *right* lists the right-aligned columns."""

    KeyRole = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self, headers: Sequence[str], right: Sequence[int] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.right = set(right)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_for_key(self, key: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if column >= len(row.cells):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row.tooltips[column] if column < len(row.tooltips) else ""
            return tip or row.cells[column] or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column in self.right else LEFT)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = row.colours[column] if column < len(row.colours) else None
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and row.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == self.KeyRole:
            return row.key
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if section in self.right else LEFT)
        return None


def make_table(
    model: RowsModel, stretch: int, name: str, widths: dict[int, int] | None = None
) -> QTableView:
    """A whole-row, single-selection, read-only table; column *stretch* takes the room,
    the columns in *widths* start at that width (the user can drag them), the others fit
    their content."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setStyleSheet("QTableView::item { padding: 0 6px; }")
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(28)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(50)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in (widths or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


class TablePane(QWidget):
    """A table with an empty state in its place while it has no rows, and a row of buttons.

    Signals:
        activated(int): a row was double-clicked or Enter pressed on it (its key).
    """

    activated = Signal(int)

    def __init__(
        self,
        headers: Sequence[str],
        stretch: int,
        name: str,
        right: Sequence[int] = (),
        widths: dict[int, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = RowsModel(headers, right, self)
        self.table = make_table(self.model, stretch, name, widths)
        self.empty = EmptyState()
        self.empty.setMinimumHeight(150)
        for label in (self.empty.title, self.empty.hint):  # no narrow column of words
            label.setMinimumWidth(min(360, label.maximumWidth()))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.pages, 1)
        column.addLayout(self.buttons)
        self._empty_texts = ("", "")
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)

    def add_button(self, text: str, tip: str = "", icon: Any = None) -> QPushButton:
        button = QPushButton(icon, text) if icon is not None else QPushButton(text)
        if tip:
            button.setToolTip(tip)
        self.buttons.addWidget(button)
        return button

    def finish_buttons(self) -> None:
        self.buttons.addStretch(1)

    def summary_only(self) -> None:
        """A table of totals: nothing to select, no empty-state picture."""
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty.picture.hide()

    def set_empty_texts(self, title: str, hint: str) -> None:
        self._empty_texts = (title, hint)

    def set_rows(self, rows: Sequence[Row], keep: int | None = None) -> None:
        """Show *rows*, keeping *keep* (or the previously selected row) selected."""
        keep = keep if keep is not None else self.current_key()
        self.model.set_rows(rows)
        if rows:
            self.pages.setCurrentWidget(self.table)
            row = self.model.row_for_key(keep) if keep is not None else -1
            self.select(max(row, 0))
        else:
            self.empty.show_state("empty", *self._empty_texts)
            self.pages.setCurrentWidget(self.empty)

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))

    def current(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def current_key(self) -> int | None:
        row = self.current()
        return row.key if row is not None else None

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.activated.emit(row.key)


class StepPipeline(QWidget):
    """The nine steps of a process as dots on a line: reached steps filled, the current one
    ringed, later ones hollow; each with its date and, when something is missing, a mark.

    Signals:
        step_clicked(str): a step was clicked (its code).
    """

    step_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepPipeline")
        self.status = CoDesignStatus.DECISION
        self.dates: dict[CoDesignStatus, date | None] = {}
        self.flagged: set[CoDesignStatus] = set()
        self.setMinimumHeight(92)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(720, 92)

    def set_state(
        self,
        status: CoDesignStatus,
        dates: Sequence[tuple[CoDesignStatus, date | None]],
        flagged: set[CoDesignStatus],
    ) -> None:
        self.status = status
        self.dates = dict(dates)
        self.flagged = set(flagged)
        self.setToolTip(status.label)
        self.update()

    def _centre(self, index: int) -> QPointF:
        step = self.width() / len(STEPS)
        return QPointF(step * index + step / 2, 18)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = int(event.position().x() // (self.width() / len(STEPS)))
        if 0 <= index < len(STEPS):
            self.step_clicked.emit(STEPS[index].value)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width() / len(STEPS)
        first, last = self._centre(0), self._centre(len(STEPS) - 1)
        painter.setPen(QPen(QColor(LINES), 3))
        painter.drawLine(first, last)
        current = STEPS.index(self.status)
        painter.setPen(QPen(QColor(ACCENT), 3))
        painter.drawLine(first, self._centre(current))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.86))
        for i, step in enumerate(STEPS):
            centre = self._centre(i)
            done = reached(self.status, step)
            radius = 9.0 if step is self.status else 7.0
            painter.setPen(QPen(QColor(ACCENT if done else "#aab4c3"), 2))
            painter.setBrush(QColor(ACCENT if done else "#ffffff"))
            painter.drawEllipse(centre, radius, radius)
            if step is self.status:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(QColor(ACCENT_SOFT), 4))
                painter.drawEllipse(centre, radius + 4, radius + 4)
            if step in self.flagged:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(WARNING))
                painter.drawEllipse(centre + QPointF(radius, -radius), 4, 4)
            label = QRectF(width * i + 2, 34, width - 4, 34)
            font = QFont(small)
            font.setBold(step is self.status)
            painter.setFont(font)
            painter.setPen(QColor(INK if done else MUTED))
            painter.drawText(
                label,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextWordWrap),
                step.label,
            )
            day = self.dates.get(step)
            if day is not None:
                painter.setFont(small)
                painter.setPen(QColor(MUTED))
                painter.drawText(
                    QRectF(width * i, 70, width, 18),
                    int(Qt.AlignmentFlag.AlignHCenter),
                    format_date(day, current_language()),
                )
        painter.end()


class ShareBar(QWidget):
    """A horizontal bar split into coloured parts (public, third sector, other…)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: list[tuple[float, str]] = []
        self.setMinimumHeight(14)
        self.setMaximumHeight(14)

    def set_parts(self, parts: Sequence[tuple[float, str]]) -> None:
        """*parts*: (fraction of the whole, colour) — fractions for drawing only."""
        self.parts = [(max(0.0, f), c) for f, c in parts]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#eef1f5"))
        painter.drawRoundedRect(rect, 4, 4)
        x = rect.left()
        for fraction, colour in self.parts:
            w = rect.width() * fraction
            if w <= 0:
                continue
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(x, rect.top(), w, rect.height()))
            x += w
        painter.end()


class ActionItemsTable(QTableWidget):
    """A meeting's action items as typed: action, owner, due date (dd/mm/yyyy), done."""

    DESCRIPTION, OWNER, DUE, DONE = range(4)
    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("ActionItemsTable")
        self.setHorizontalHeaderLabels([_("Action"), _("Owner"), _("Due"), _("Done")])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(self.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.OWNER, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(self.OWNER, 150)
        header.resizeSection(self.DUE, 100)
        header.resizeSection(self.DONE, 56)

    def set_entries(self, entries: Sequence[ActionEntry]) -> None:
        self.setRowCount(0)
        for entry in entries:
            self.add_entry(entry)

    def add_entry(self, entry: ActionEntry | None, *, edit: bool = False) -> None:
        """Add a row (empty when *entry* is None); *edit* starts typing its action."""
        row = self.rowCount()
        self.insertRow(row)
        description = QTableWidgetItem(entry.description if entry else "")
        description.setData(self.IdRole, entry.id if entry else None)
        self.setItem(row, self.DESCRIPTION, description)
        self.setItem(row, self.OWNER, QTableWidgetItem(entry.owner if entry else ""))
        due = format_date(entry.due_on, current_language()) if entry and entry.due_on else ""
        self.setItem(row, self.DUE, QTableWidgetItem(due))
        done = QTableWidgetItem()
        done.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        ticked = entry is not None and entry.done
        done.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.setItem(row, self.DONE, done)
        if edit:
            self.setCurrentCell(row, self.DESCRIPTION)
            self.editItem(description)

    def entries(self, problems: dict[str, str]) -> tuple[ActionEntry, ...]:
        """The rows as action items; an unreadable due date goes into *problems*."""
        found = []
        for row in range(self.rowCount()):
            cells = [self.item(row, c) for c in range(4)]
            text = [c.text().strip() if c is not None else "" for c in cells]
            due = None
            if text[self.DUE]:
                try:
                    due = parse_date(text[self.DUE])
                except DateError:
                    problems.setdefault(
                        "actions",
                        _("Action {row}: write the due date as dd/mm/yyyy.").format(row=row + 1),
                    )
            first, done_cell = cells[self.DESCRIPTION], cells[self.DONE]
            action_id = first.data(self.IdRole) if first is not None else None
            found.append(
                ActionEntry(
                    text[self.DESCRIPTION],
                    text[self.OWNER],
                    due,
                    done_cell is not None and done_cell.checkState() == Qt.CheckState.Checked,
                    int(action_id) if action_id is not None else None,
                )
            )
        return tuple(found)


def hint_label(text: str) -> QLabel:
    """A muted, wrapping sentence."""
    label = QLabel(text)
    label.setObjectName("HintText")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED};")
    return label
