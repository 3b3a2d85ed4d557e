"""Agenda lists: ``Entry`` rows painted with a tone stripe, or a calm message when empty."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from grantdesk.ui.models.dashboard_models import Entry, EntryListModel, Tone
from grantdesk.ui.views.dashboard_widgets import mix, muted, scaled_font, tone_colour


class EntryDelegate(QStyledItemDelegate):
    """Paints an ``Entry``: a tone stripe, a badge column, title/subtitle and a side column.

    In *compact* mode (narrow lists) the second line runs under the badge too: the
    coloured ``badge_sub`` followed by the subtitle.
    """

    PAD = 10

    def __init__(
        self,
        badge_width: int,
        side_width: int = 0,
        parent: QWidget | None = None,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.badge_width = badge_width
        self.side_width = side_width
        self.compact = compact

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        entry = index.data(EntryListModel.EntryRole)
        fm = option.fontMetrics
        if entry is not None and entry.header:
            return QSize(200, fm.height() + 16)
        return QSize(200, fm.height() * 2 + 2 * self.PAD + 3)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry = index.data(EntryListModel.EntryRole)
        if entry is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if entry.header:
            self._header(painter, option, entry)
        else:
            self._row(painter, option, entry)
        painter.restore()

    @staticmethod
    def _header(painter: QPainter, option: QStyleOptionViewItem, entry: Entry) -> None:
        font = scaled_font(option.font, 0.86, QFont.Weight.Bold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        painter.setFont(font)
        colour = tone_colour(entry.tone) if entry.tone != Tone.NEUTRAL else muted(option.palette)
        painter.setPen(colour)
        box = option.rect.adjusted(4, 6, -4, -2)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        painter.drawText(box, flags, entry.title.upper())

    @staticmethod
    def _text(
        painter: QPainter, font: QFont, colour: QColor, box: QRect, value: str, right: bool = False
    ) -> int:
        """Draw *value* elided into *box*; returns the width it took."""
        painter.setFont(font)
        painter.setPen(colour)
        metrics = QFontMetrics(font)
        elided = metrics.elidedText(value, Qt.TextElideMode.ElideRight, max(0, box.width()))
        align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
        painter.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, elided)
        return metrics.horizontalAdvance(elided)

    def _row(self, painter: QPainter, option: QStyleOptionViewItem, entry: Entry) -> None:
        rect: QRect = option.rect
        pal = option.palette
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        soft = muted(pal)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, mix(base, pal.color(QPalette.ColorRole.Highlight), 0.14))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, mix(base, text, 0.035))
        painter.setPen(QPen(mix(base, text, 0.09), 1))
        painter.drawLine(rect.left() + 4, rect.bottom(), rect.right() - 4, rect.bottom())
        stripe = tone_colour(entry.tone)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stripe)
        painter.drawRoundedRect(rect.left() + 4, rect.top() + 9, 4, rect.height() - 18, 2, 2)

        height = option.fontMetrics.height()
        top1 = rect.top() + self.PAD
        top2 = top1 + height + 3
        x = rect.left() + 18
        right = rect.right() - 8
        bold = scaled_font(option.font, 1.0, QFont.Weight.DemiBold)
        small = scaled_font(option.font, 0.92)
        urgent = entry.tone in (Tone.OVERDUE, Tone.THIS_WEEK)
        phrase_colour = stripe if urgent else soft
        if self.side_width:
            side_x = right - self.side_width
            self._text(
                painter,
                option.font,
                text,
                QRect(side_x, top1, self.side_width, height),
                entry.side,
                right=True,
            )
            self._text(
                painter,
                small,
                soft,
                QRect(side_x, top2, self.side_width, height),
                entry.side_sub,
                right=True,
            )
            right = side_x - 12
        self._text(painter, bold, text, QRect(x, top1, self.badge_width, height), entry.badge)
        title_x = x + self.badge_width + 12
        done = entry.tone == Tone.DONE
        self._text(
            painter,
            option.font if done else bold,
            soft if done else text,
            QRect(title_x, top1, right - title_x, height),
            entry.title,
        )
        if self.compact:
            used = self._text(
                painter, small, phrase_colour, QRect(x, top2, right - x, height), entry.badge_sub
            )
            if entry.subtitle:
                rest = f" · {entry.subtitle}" if entry.badge_sub else entry.subtitle
                self._text(
                    painter, small, soft, QRect(x + used, top2, right - x - used, height), rest
                )
            return
        self._text(
            painter, small, phrase_colour, QRect(x, top2, self.badge_width, height), entry.badge_sub
        )
        self._text(
            painter, small, soft, QRect(title_x, top2, right - title_x, height), entry.subtitle
        )


class EntryList(QStackedWidget):
    """Agenda rows in a list, or a calm message when there are none.

    Signals:
        record_activated(str, int): a row with a record was double-clicked or had Enter
            pressed on it; the record's kind and id.
    """

    record_activated = Signal(str, int)

    def __init__(
        self,
        empty_text: str,
        badge_width: int,
        side_width: int = 0,
        parent: QWidget | None = None,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.model = EntryListModel(self)
        self.view = QListView()
        self.view.setObjectName("dashboardEntryList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(
            EntryDelegate(badge_width, side_width, self.view, compact=compact)
        )
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.view.setMouseTracking(True)
        self.view.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.view.setAutoFillBackground(False)
        self.view.viewport().setAutoFillBackground(False)
        self.view.activated.connect(self._activated)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("dashboardEmptyNote")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {muted(self.palette()).name()}; padding: 16px;")
        self.addWidget(self.view)
        self.addWidget(self.empty)
        self._empty_text = empty_text

    def set_entries(self, entries: list[Entry], empty_text: str | None = None) -> None:
        """Show *entries*; with no item rows, show *empty_text* (or the default) instead."""
        self.model.set_entries(entries)
        has_items = any(not e.header for e in entries)
        self.empty.setText(empty_text or self._empty_text)
        self.setCurrentWidget(self.view if has_items else self.empty)

    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty

    def _activated(self, index: QModelIndex) -> None:
        record = index.data(EntryListModel.RecordRole)
        if record is not None:
            self.record_activated.emit(record[0], record[1])
