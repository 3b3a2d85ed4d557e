"""A timeline (cronoprogramma) painted from activities: months across, one bar per activity.

:class:`GanttChart` knows nothing of the database: give it :class:`GanttBar` values (a
title, the first and last month counted from 1, who is responsible) with
:meth:`GanttChart.set_plan`, and it paints the months as columns — calendar months
("mar 2027") when the project's start day is known, else M1, M2… —, a bar per activity in
the colour of its responsible partner with a legend below, and a red "today" line when the
start is known and today falls within the project. :func:`bars_from_activities` builds the
bars from a proposal's activities; the proposal editor and the kanban board both use it.

Signals:
    bar_activated(int): a bar (or its title) was double-clicked; the activity's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QLocale, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from grantdesk.i18n import _, current_language

# Distinct, print-friendly tones; the lead (first key) takes the first.
PALETTE = (
    "#2f6fb0",
    "#2e8b57",
    "#c77d1a",
    "#8e44ad",
    "#c0392b",
    "#16a085",
    "#b5651d",
    "#5d6d7e",
    "#d4a017",
    "#6c3483",
    "#1f618d",
    "#7d8c2c",
)
NO_PARTNER = "#9aa4b2"
GRID = "#e3e7ee"
YEAR_LINE = "#b8c0cc"
TEXT = "#1f2a37"
MUTED = "#5b6778"
TODAY = "#b3261e"


@dataclass(frozen=True)
class GanttBar:
    """One activity on the timeline; *key* (e.g. the responsible body's id) picks the
    colour: bars with the same key share one."""

    title: str
    start_month: int
    end_month: int
    partner: str = ""
    key: int | None = None


def bars_from_activities(activities: Sequence[object], names: dict[int, str]) -> list[GanttBar]:
    """Bars for activities that have ``title``, ``start_month``, ``end_month`` and
    ``responsible_id`` (e.g. :class:`grantdesk.services.proposal_parts.ActivityEntry`)."""
    bars = []
    for activity in activities:
        key = getattr(activity, "responsible_id", None)
        bars.append(
            GanttBar(
                str(getattr(activity, "title", "")),
                int(getattr(activity, "start_month", 1)),
                int(getattr(activity, "end_month", 1)),
                names.get(key, "") if key is not None else "",
                key,
            )
        )
    return bars


def months_between(start: date, day: date) -> float:
    """How many months from *start* to *day*, with the day as a fraction of its month."""
    whole = (day.year - start.year) * 12 + day.month - start.month
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    days_in_month = (following - date(day.year, day.month, 1)).days
    return whole + (day.day - start.day) / days_in_month


class GanttChart(QWidget):
    """The timeline of a proposal's activities (see the module's notes)."""

    bar_activated = Signal(int)

    ROW = 28
    BAR = 16
    MIN_COLUMN = 16
    MAX_LABEL = 280
    PAD = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GanttChart")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.bars: list[GanttBar] = []
        self.months = 0
        self.start_on: date | None = None
        self.today: date | None = None
        self._keys: list[int | None] = []
        self.empty_text = _("No activities yet: add them above to see the timeline.")

    # -- data -------------------------------------------------------------------------

    def set_plan(
        self,
        bars: Sequence[GanttBar],
        months: int | None,
        start_on: date | None = None,
        today: date | None = None,
        keys: Sequence[int | None] = (),
    ) -> None:
        """Show *bars* over *months* (None: as far as the last bar). *keys* fixes the colour
        order (e.g. the lead, then the partners); other keys follow in order of appearance."""
        self.bars = list(bars)
        last = max((b.end_month for b in self.bars), default=0)
        self.months = max(months or 0, last, 1 if self.bars else 0)
        self.start_on = start_on
        self.today = today
        order: list[int | None] = [k for k in keys if k is not None]
        for bar in self.bars:
            if bar.key is not None and bar.key not in order:
                order.append(bar.key)
        self._keys = order
        self._fit_height()
        self.updateGeometry()
        self.update()

    def _fit_height(self) -> None:
        # In a scroll area the chart must ask for its whole height (the legend wraps with
        # the width), else the area squeezes it instead of scrolling.
        self.setMinimumHeight(
            self.heightForWidth(max(self.width(), self.minimumSizeHint().width()))
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def colour_of(self, bar: GanttBar) -> QColor:
        if bar.key is None or bar.key not in self._keys:
            return QColor(NO_PARTNER)
        return QColor(PALETTE[self._keys.index(bar.key) % len(PALETTE)])

    def legend(self) -> list[tuple[str, QColor]]:
        """Each responsible partner shown, with its colour, in colour order."""
        seen: dict[int | None, str] = {}
        for bar in self.bars:
            if bar.key not in seen:
                seen[bar.key] = bar.partner or _("No one responsible yet")
        ordered = sorted(seen, key=lambda k: self._keys.index(k) if k in self._keys else 10**6)
        return [(seen[k], self.colour_of(GanttBar("", 1, 1, "", k))) for k in ordered]

    def today_offset(self) -> float | None:
        """Where today falls, in months from the start (None when not shown)."""
        if self.start_on is None or self.today is None or not self.months:
            return None
        offset = months_between(self.start_on, self.today)
        return offset if 0 <= offset <= self.months else None

    # -- geometry ---------------------------------------------------------------------

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(b.title) for b in self.bars), default=0)
        return min(self.MAX_LABEL, max(120, widest + 2 * self.PAD))

    def _header_height(self) -> int:
        line = self.fontMetrics().height() + 6
        return line * 2 if self.start_on is not None else line

    def _column_width(self) -> float:
        if not self.months:
            return float(self.MIN_COLUMN)
        room = self.width() - self._label_width() - self.PAD
        return max(float(self.MIN_COLUMN), room / self.months)

    def _legend_rows(self, width: int) -> list[list[tuple[str, QColor, int]]]:
        metrics = self.fontMetrics()
        rows: list[list[tuple[str, QColor, int]]] = [[]]
        used = self.PAD
        for name, colour in self.legend():
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, 320)
            item = metrics.horizontalAdvance(text) + 34
            if rows[-1] and used + item > width - self.PAD:
                rows.append([])
                used = self.PAD
            rows[-1].append((text, colour, item))
            used += item
        return rows if rows[0] else []

    def _legend_height(self, width: int) -> int:
        rows = self._legend_rows(width)
        return len(rows) * (self.fontMetrics().height() + 8) + (8 if rows else 0)

    def sizeHint(self) -> QSize:
        width = self._label_width() + self.PAD + max(self.months, 12) * 34
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self._label_width() + self.PAD + max(self.months, 1) * self.MIN_COLUMN
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self.bars:
            return self._header_height() + 3 * self.ROW
        return self._header_height() + len(self.bars) * self.ROW + 6 + self._legend_height(width)

    def bar_rect(self, row: int) -> QRectF:
        """Where the bar of *row* is painted."""
        bar = self.bars[row]
        column = self._column_width()
        left = self._label_width() + (bar.start_month - 1) * column
        width = (bar.end_month - bar.start_month + 1) * column
        top = self._header_height() + row * self.ROW + (self.ROW - self.BAR) / 2
        return QRectF(left + 1, top, max(width - 2, 4), self.BAR)

    def row_at(self, point: QPoint) -> int:
        """The activity row under *point*, or -1."""
        top = self._header_height()
        if point.y() < top:
            return -1
        row = (point.y() - top) // self.ROW
        return row if 0 <= row < len(self.bars) else -1

    # -- painting ---------------------------------------------------------------------

    def _month_labels(self) -> list[tuple[str, str]]:
        """(month, year) per column: "mar", "2027" for calendar months, else "1", ""."""
        if self.start_on is None:
            return [(str(m), "") for m in range(1, self.months + 1)]
        locale = QLocale(
            QLocale.Language.Italian if current_language() == "it" else QLocale.Language.English
        )
        labels = []
        year, month = self.start_on.year, self.start_on.month
        for _i in range(self.months):
            name = locale.monthName(month, QLocale.FormatType.ShortFormat).rstrip(".")
            labels.append((name, str(year)))
            month += 1
            if month > 12:
                month, year = 1, year + 1
        return labels

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if not self.bars:
            painter.setPen(QColor(MUTED))
            painter.drawText(
                self.rect(),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.empty_text,
            )
            painter.end()
            return
        self._paint_grid(painter)
        self._paint_bars(painter)
        self._paint_today(painter)
        self._paint_legend(painter)
        painter.end()

    def _paint_grid(self, painter: QPainter) -> None:
        label_w = self._label_width()
        column = self._column_width()
        header = self._header_height()
        bottom = header + len(self.bars) * self.ROW
        line = self.fontMetrics().height() + 6
        calendar = self.start_on is not None
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        labels = self._month_labels()
        # A label every month when there is room for it, else every few months.
        step = 1
        while step < 12 and QFontMetrics(small).horizontalAdvance("MMMM") > column * step:
            step += 1
        painter.setFont(small)
        for index, (month, year) in enumerate(labels):
            x = int(label_w + index * column)
            new_year = calendar and index > 0 and year != labels[index - 1][1]
            painter.setPen(QColor(YEAR_LINE if new_year else GRID))
            painter.drawLine(x, 0 if new_year else header, x, bottom)
            painter.setPen(QColor(MUTED))
            if calendar and (index == 0 or new_year):
                painter.drawText(
                    QRectF(x + 4, 0, 80, line), int(Qt.AlignmentFlag.AlignVCenter), year
                )
            if index % step == 0:
                top = line if calendar else 0
                box = QRectF(x, top, column * step, line)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), month)
        painter.setPen(QColor(MUTED))
        corner = _("Activity") if calendar else _("Activity / month")
        painter.drawText(
            QRectF(self.PAD, header - line, label_w - 2 * self.PAD, line),
            int(Qt.AlignmentFlag.AlignVCenter),
            corner,
        )
        end = int(label_w + self.months * column)
        painter.setPen(QColor(GRID))
        painter.drawLine(end, header, end, bottom)
        painter.setPen(QColor(YEAR_LINE))
        painter.drawLine(0, header, end, header)
        painter.setFont(self.font())

    def _paint_bars(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        label_w = self._label_width()
        header = self._header_height()
        for row, bar in enumerate(self.bars):
            top = header + row * self.ROW
            if row % 2:
                painter.fillRect(QRectF(0, top, self.width(), self.ROW), QColor("#f7f8fa"))
            painter.setPen(QColor(TEXT))
            text = metrics.elidedText(
                bar.title, Qt.TextElideMode.ElideRight, label_w - 2 * self.PAD
            )
            painter.drawText(
                QRect(self.PAD, top, label_w - 2 * self.PAD, self.ROW),
                int(Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            rect = self.bar_rect(row)
            colour = self.colour_of(bar)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 4, 4)
            span = bar.end_month - bar.start_month + 1
            caption = f"{bar.start_month}–{bar.end_month}" if span > 1 else str(bar.start_month)
            if metrics.horizontalAdvance(caption) + 8 < rect.width():
                painter.setPen(QColor("#ffffff"))
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), caption)

    def _paint_today(self, painter: QPainter) -> None:
        offset = self.today_offset()
        if offset is None:
            return
        x = self._label_width() + offset * self._column_width()
        header = self._header_height()
        bottom = header + len(self.bars) * self.ROW
        painter.setPen(QPen(QColor(TODAY), 2))
        painter.drawLine(int(x), header - 4, int(x), bottom)
        painter.setFont(self.font())
        label = _("Today")
        width = self.fontMetrics().horizontalAdvance(label) + 8
        left = min(x + 3, self.width() - width)
        painter.drawText(
            QRectF(
                left, bottom - self.fontMetrics().height() - 2, width, self.fontMetrics().height()
            ),
            int(Qt.AlignmentFlag.AlignLeft),
            label,
        )

    def _paint_legend(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        top = self._header_height() + len(self.bars) * self.ROW + 10
        for row in self._legend_rows(self.width()):
            x = self.PAD
            for text, colour, width in row:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(QRectF(x, top + 3, 14, metrics.height() - 6), 3, 3)
                painter.setPen(QColor(TEXT))
                painter.drawText(
                    QRectF(x + 20, top, width - 20, metrics.height()),
                    int(Qt.AlignmentFlag.AlignVCenter),
                    text,
                )
                x += width
            top += metrics.height() + 8

    # -- interaction ------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.row_at(event.pos())
            if row >= 0:
                QToolTip.showText(event.globalPos(), self.describe(row), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def describe(self, row: int) -> str:
        """The tooltip of a bar: title, months, who is responsible."""
        bar = self.bars[row]
        labels = self._month_labels()
        first = labels[bar.start_month - 1] if bar.start_month - 1 < len(labels) else ("", "")
        last = labels[bar.end_month - 1] if bar.end_month - 1 < len(labels) else ("", "")
        months = _("Months {start}–{end}").format(start=bar.start_month, end=bar.end_month)
        if self.start_on is not None:
            months += f" ({first[0]} {first[1]} – {last[0]} {last[1]})"
        who = bar.partner or _("No one responsible yet")
        return f"{bar.title}\n{months}\n{who}"

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().toPoint())
        if row >= 0:
            self.bar_activated.emit(row)
        super().mouseDoubleClickEvent(event)
