"""The Calendar's month grid: a table view over ``MonthModel`` whose cells paint deadlines."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui.models.dashboard_models import Chip, MonthModel, Tone
from grantdesk.ui.views.dashboard_widgets import mix, muted, scaled_font, tone_colour

ACCENT = QColor("#1d4f91")


def wrap(metrics: QFontMetrics, text: str, width: int, lines: int) -> list[str]:
    """*text* broken at spaces into at most *lines* lines of *width*, the last one elided."""
    rows: list[str] = []
    words = text.split()
    while words and len(rows) < lines - 1:
        row = words[0]
        taken = 1
        for word in words[1:]:
            if metrics.horizontalAdvance(f"{row} {word}") > width:
                break
            row, taken = f"{row} {word}", taken + 1
        if metrics.horizontalAdvance(row) > width:  # one long word: split it
            cut = max(1, len(row) - 1)
            while cut > 1 and metrics.horizontalAdvance(row[:cut]) > width:
                cut -= 1
            rows.append(row[:cut])
            words = [row[cut:], *words[1:]]
            continue
        rows.append(row)
        words = words[taken:]
    if words or not rows:
        rest = " ".join(words)
        rows.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return rows


class MonthDelegate(QStyledItemDelegate):
    """Paints a day: its number (today in a filled circle) and up to a few deadline chips."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect
        pal = option.palette
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        soft = muted(pal)
        in_month = bool(index.data(MonthModel.InMonthRole))
        is_today = bool(index.data(MonthModel.TodayRole))
        chips: list[Chip] = index.data(MonthModel.ChipsRole) or []
        day: date = index.data(MonthModel.DateRole)

        background = base if in_month else mix(base, pal.color(QPalette.ColorRole.Window), 0.7)
        if day.weekday() >= 5 and in_month:
            background = mix(background, text, 0.018)
        if is_today:
            background = mix(base, ACCENT, 0.06)
        painter.fillRect(rect, background)
        painter.setPen(QPen(mix(base, text, 0.12), 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())

        number_font = scaled_font(option.font, 0.95, QFont.Weight.DemiBold)
        fm = QFontMetrics(number_font)
        size = fm.height() + 4
        circle = QRect(
            rect.left() + 5, rect.top() + 4, max(size, fm.horizontalAdvance("30") + 8), size
        )
        painter.setFont(number_font)
        if is_today:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ACCENT)
            painter.drawRoundedRect(QRectF(circle), size / 2, size / 2)
            painter.setPen(QColor("white"))
        else:
            painter.setPen(text if in_month else soft)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(day.day))

        small = scaled_font(option.font, 0.86)
        painter.setFont(small)
        top = circle.bottom() + 4
        self._chips(
            painter,
            QRect(rect.left() + 4, top, rect.width() - 9, rect.bottom() - 3 - top),
            chips,
            base,
            text,
            soft,
            in_month,
        )

        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(ACCENT, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(rect).adjusted(1, 1, -2, -2))
        painter.restore()

    def _chips(
        self,
        painter: QPainter,
        area: QRect,
        chips: list[Chip],
        base: QColor,
        text: QColor,
        soft: QColor,
        in_month: bool,
    ) -> None:
        """Stack the chips in *area*: two lines each when they all fit so, else one line,
        and "+N more" when even that is too many."""
        line = painter.fontMetrics().height()
        gap = 2
        fits = len(chips) * (2 * line + 4) + gap * (len(chips) - 1) <= area.height()
        lines = 2 if fits else 1
        chip_h = lines * line + 4
        y = area.top()
        for n, chip in enumerate(chips):
            remaining = len(chips) - n
            room_for_all = y + chip_h * remaining + gap * (remaining - 1) <= area.bottom()
            if not room_for_all and y + 2 * chip_h + gap > area.bottom():
                painter.setPen(soft)
                painter.drawText(
                    QRect(area.left() + 2, y, area.width() - 4, chip_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    _("+{n} more").format(n=remaining),
                )
                return
            box = QRect(area.left(), y, area.width(), chip_h)
            self._chip(painter, box, chip, lines, base, text, in_month)
            y += chip_h + gap

    @staticmethod
    def _chip(
        painter: QPainter,
        box: QRect,
        chip: Chip,
        lines: int,
        base: QColor,
        text: QColor,
        in_month: bool,
    ) -> None:
        colour = tone_colour(chip.tone)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mix(base, colour, 0.15 if in_month else 0.08))
        painter.drawRoundedRect(QRectF(box), 3, 3)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(box.left(), box.top(), 3, box.height()), 1.5, 1.5)
        # Narrow cells keep the title; the time is in the tooltip and the agenda.
        label = f"{chip.time} {chip.title}" if box.width() >= 130 else chip.title
        if chip.tone == Tone.DONE:
            label = "✓ " + label
        painter.setPen(mix(text, colour, 0.35) if in_month else mix(text, base, 0.4))
        inner = box.adjusted(7, 2, -3, -2)
        metrics = painter.fontMetrics()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        rows = wrap(metrics, label, inner.width(), lines)
        height = inner.height() // len(rows)
        for n, row in enumerate(rows):
            painter.drawText(
                QRect(inner.left(), inner.top() + n * height, inner.width(), height), flags, row
            )

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(90, 80)


class MonthView(QTableView):
    """Six weeks of seven days; arrows move by day, Page Up/Down by month.

    Signals:
        month_step(int): the user asked for the previous (-1) or next (+1) month.
    """

    month_step = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarMonthGrid")
        self.setItemDelegate(MonthDelegate(self))
        self.setShowGrid(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setSectionsClickable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setMinimumSectionSize(48)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_PageUp:
            self.month_step.emit(-1)
            return
        if event.key() == Qt.Key.Key_PageDown:
            self.month_step.emit(1)
            return
        super().keyPressEvent(event)

    def minimumSizeHint(self) -> QSize:
        return QSize(7 * 60, 6 * 48 + self.horizontalHeader().sizeHint().height())
