"""Item models of the Home, Calendar and Reports views.

``EntryListModel`` holds the short agenda-like lists (deadlines, action items, documents)
as ready-to-paint ``Entry`` rows with group headers between them; ``MonthModel`` is the
7-column month grid of the Calendar; ``FunderResultsModel`` is the Reports table with its
totals row. The views turn service dataclasses into these rows; the models only show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from grantdesk.domain.dates import utc_to_rome
from grantdesk.domain.money import ZERO
from grantdesk.i18n import N_, _, current_language
from grantdesk.services.dashboard import DueItem, FunderResult
from grantdesk.services.present import show

AnyIndex = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()


class Tone(StrEnum):
    """How a row is coloured: the urgency of what it says."""

    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
    LATER = "later"
    DONE = "done"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Entry:
    """One painted row of an agenda list, or a group header when ``header`` is true.

    The row reads: a badge column (``badge`` over ``badge_sub``), the main column
    (``title`` over ``subtitle``) and an optional side column (``side`` over ``side_sub``).
    ``record`` is what activating the row opens, as ``(kind, id)``.
    """

    title: str
    subtitle: str = ""
    badge: str = ""
    badge_sub: str = ""
    side: str = ""
    side_sub: str = ""
    tone: Tone = Tone.NEUTRAL
    header: bool = False
    record: tuple[str, int] | None = None
    tooltip: str = ""
    day: date | None = None

    def spoken(self) -> str:
        """The row as one line of text (screen readers, copying, tests)."""
        parts = [self.badge, self.badge_sub, self.title, self.subtitle, self.side, self.side_sub]
        return " — ".join(p for p in parts if p)


class EntryListModel(QAbstractListModel):
    """A flat list of ``Entry`` rows; header rows are shown but cannot be selected."""

    EntryRole = Qt.ItemDataRole.UserRole + 1
    RecordRole = Qt.ItemDataRole.UserRole + 2
    HeaderRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[Entry]:
        """The rows, headers included."""
        return list(self._entries)

    def items(self) -> list[Entry]:
        """The rows that are not headers."""
        return [e for e in self._entries if not e.header]

    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.spoken()
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip or None
        if role == self.EntryRole:
            return entry
        if role == self.RecordRole:
            return entry.record
        if role == self.HeaderRole:
            return entry.header
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._entries[index.row()].header:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_of_day(self, day: date) -> int:
        """The first row about *day* (its header when there is one), or -1."""
        for row, entry in enumerate(self._entries):
            if entry.day == day:
                return row
        return -1


def ui_locale() -> QLocale:
    """The locale of GrantDesk's current language, for day and month names."""
    if current_language() == "it":
        return QLocale("it_IT")
    return QLocale("en_GB")


def grid_start(year: int, month: int) -> date:
    """The Monday on or before the first day of the month: the grid's first cell."""
    first = date(year, month, 1)
    return first - timedelta(days=first.weekday())


@dataclass(frozen=True)
class Chip:
    """A deadline as painted in a day of the month grid."""

    time: str
    title: str
    tone: Tone


@dataclass
class _Cell:
    day: date
    items: list[DueItem] = field(default_factory=list)


class MonthModel(QAbstractTableModel):
    """Six weeks × seven days (Monday first) around one month, each day with its deadlines.

    ``DateRole`` gives a cell's date, ``ItemsRole`` its ``DueItem`` list (in time order),
    ``ChipsRole`` the same deadlines as ``Chip`` labels to paint, ``InMonthRole`` whether the
    day belongs to the shown month, ``TodayRole`` whether it is today in Rome.
    """

    WEEKS = 6
    DateRole = Qt.ItemDataRole.UserRole + 1
    ItemsRole = Qt.ItemDataRole.UserRole + 2
    InMonthRole = Qt.ItemDataRole.UserRole + 3
    TodayRole = Qt.ItemDataRole.UserRole + 4
    ChipsRole = Qt.ItemDataRole.UserRole + 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        today = date.today()
        self._year, self._month = today.year, today.month
        self._today = today
        self._cells: list[_Cell] = []
        self._done: frozenset[int] = frozenset()
        self._titles: dict[int, str] = {}
        self._fill([])

    @property
    def year(self) -> int:
        return self._year

    @property
    def month(self) -> int:
        return self._month

    def first_day(self) -> date:
        """The first date shown (a Monday, possibly in the previous month)."""
        return grid_start(self._year, self._month)

    def last_day(self) -> date:
        """The last date shown (a Sunday, possibly in the next month)."""
        return self.first_day() + timedelta(days=self.WEEKS * 7 - 1)

    def set_month(
        self,
        year: int,
        month: int,
        today: date,
        items: list[DueItem],
        done: frozenset[int] = frozenset(),
        titles: dict[int, str] | None = None,
    ) -> None:
        """Show *month* of *year* with *items* (deadlines anywhere in the shown weeks).

        *done* holds the ids of deadlines already met; *titles* better titles by id for
        deadlines whose ``DueItem`` has none (a proposal's report, for instance).
        """
        self.beginResetModel()
        self._year, self._month, self._today = year, month, today
        self._done = done
        self._titles = dict(titles or {})
        self._fill(items)
        self.endResetModel()

    def _fill(self, items: list[DueItem]) -> None:
        start = self.first_day()
        self._cells = [_Cell(start + timedelta(days=i)) for i in range(self.WEEKS * 7)]
        for item in items:
            index = (item_day(item) - start).days
            if 0 <= index < len(self._cells):
                self._cells[index].items.append(item)

    def index_of(self, day: date) -> QModelIndex:
        """The cell of *day*, or an invalid index when it is not shown."""
        offset = (day - self.first_day()).days
        if not 0 <= offset < self.WEEKS * 7:
            return QModelIndex()
        return self.index(offset // 7, offset % 7)

    def items_on(self, day: date) -> list[DueItem]:
        """The deadlines shown on *day* (empty when the day is not in the grid)."""
        index = self.index_of(day)
        return list(self._cells[index.row() * 7 + index.column()].items) if index.isValid() else []

    def tone_of(self, item: DueItem) -> Tone:
        """Done deadlines are done; the others are coloured by urgency."""
        return Tone.DONE if item.id in self._done else Tone(item.urgency.value)

    def title_of(self, item: DueItem) -> str:
        return self._titles.get(item.id) or item_title(item)

    def _chips(self, cell: _Cell) -> list[Chip]:
        return [
            Chip(utc_to_rome(i.due_at).strftime("%H:%M"), self.title_of(i), self.tone_of(i))
            for i in cell.items
        ]

    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else self.WEEKS

    def columnCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else 7

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        offset = index.row() * 7 + index.column()
        if not 0 <= offset < len(self._cells):
            return None
        cell = self._cells[offset]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(cell.day.day)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell)
        if role == self.DateRole:
            return cell.day
        if role == self.ItemsRole:
            return list(cell.items)
        if role == self.InMonthRole:
            return cell.day.month == self._month
        if role == self.TodayRole:
            return cell.day == self._today
        if role == self.ChipsRole:
            return self._chips(cell)
        return None

    def _spoken(self, cell: _Cell) -> str:
        locale = ui_locale()
        day = locale.toString(
            QDate(cell.day.year, cell.day.month, cell.day.day), "dddd d MMMM yyyy"
        )
        if not cell.items:
            return day
        count = len(cell.items)
        return f"{day}: " + (_("1 deadline") if count == 1 else _("{n} deadlines").format(n=count))

    def _tooltip(self, cell: _Cell) -> str | None:
        if not cell.items:
            return None
        return "\n".join(
            f"{chip.time}  {item.kind.label} — {chip.title}"
            for chip, item in zip(self._chips(cell), cell.items, strict=True)
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            if role == Qt.ItemDataRole.DisplayRole:
                name = ui_locale().standaloneDayName(section + 1, QLocale.FormatType.ShortFormat)
                return name[:1].upper() + name[1:].rstrip(".")
            if role == Qt.ItemDataRole.ToolTipRole:
                return ui_locale().standaloneDayName(section + 1, QLocale.FormatType.LongFormat)
        vertical = orientation == Qt.Orientation.Vertical and 0 <= section < self.WEEKS
        if vertical and role == Qt.ItemDataRole.DisplayRole:
            monday = self.first_day() + timedelta(weeks=section)
            return str(monday.isocalendar().week)
        return None


def item_day(item: DueItem) -> date:
    """The Rome calendar day a deadline falls on."""
    return utc_to_rome(item.due_at).date()


def item_title(item: DueItem) -> str:
    """What a deadline is about: the call (or process) title, else its kind and stage."""
    if item.title:
        return item.title
    return " · ".join(p for p in (item.kind.label, item.stage) if p)


class FunderResultsModel(QAbstractTableModel):
    """Results per funder with a totals row at the bottom (shown in bold).

    ``ResultRole`` gives a row's ``FunderResult`` (the totals row's is the sum, named
    "Total").
    """

    ResultRole = Qt.ItemDataRole.UserRole + 1
    TotalRole = Qt.ItemDataRole.UserRole + 2
    HEADERS = (
        N_("Funder"),
        N_("Sent"),
        N_("Funded"),
        N_("Success rate"),
        N_("Requested"),
        N_("Obtained"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[FunderResult] = []
        self._total: FunderResult | None = None

    def set_results(self, rows: list[FunderResult]) -> None:
        """Show *rows* and their totals (no totals row when there are no rows)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = totals(rows) if rows else None
        self.endResetModel()

    @property
    def total(self) -> FunderResult | None:
        """The totals row, or None when there are no rows."""
        return self._total

    def _all(self) -> list[FunderResult]:
        return self._rows + ([self._total] if self._total is not None else [])

    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._all())

    def columnCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rows = self._all()
        if not 0 <= index.row() < len(rows):
            return None
        result, column = rows[index.row()], index.column()
        is_total = self._total is not None and index.row() == len(rows) - 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(result, column, is_total)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 0:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and not is_total:
            return result.funder
        if role == self.ResultRole:
            return result
        if role == self.TotalRole:
            return is_total
        return None

    @staticmethod
    def _text(result: FunderResult, column: int, is_total: bool) -> str:
        if column == 0:
            return _("Total") if is_total else result.funder
        if column == 1:
            return show(result.submitted, "int")
        if column == 2:
            return show(result.awarded, "int")
        if column == 3:
            rate = result.success_rate
            return show(rate, "percent") if rate is not None else "–"
        if column == 4:
            return show(result.requested, "money")
        return show(result.obtained, "money")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section == 0:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def totals(rows: list[FunderResult]) -> FunderResult:
    """The sum of *rows*, as one ``FunderResult`` (its success rate is the overall one)."""
    return FunderResult(
        funder="",
        submitted=sum(r.submitted for r in rows),
        awarded=sum(r.awarded for r in rows),
        requested=sum((r.requested for r in rows), ZERO),
        obtained=sum((r.obtained for r in rows), ZERO),
    )
