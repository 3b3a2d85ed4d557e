"""The cards of the proposals board: a column's model and the painted card.

Each status is a :class:`~grantdesk.ui.views.board_columns.CardList` (a ``QListView``) over
a :class:`CardModel`; the cards are painted by :class:`CardDelegate`. A list view paints
only the rows in sight and asks their height once (every card is as tall as the others), so
a column of 2,000 proposals scrolls like a column of 20 — and selection, keyboard focus,
accessibility and drag and drop come from Qt instead of being rewritten on a
``QGraphicsView``.

Dragging a card drops the proposal's id (``MIME_TYPE``) on another column's model, which
only *asks* for the move (``move_requested``); the board confirms, writes through an undo
command and reloads, so a refused move never leaves a card where it does not belong.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPen,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from grantdesk.domain.dates import format_date, format_deadline
from grantdesk.domain.money import format_eur
from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services.board import BoardCard, days_left, due_day
from grantdesk.services.dashboard import urgency
from grantdesk.ui.models.dashboard_models import Tone
from grantdesk.ui.views.board_actions import RuleMark
from grantdesk.ui.views.dashboard_widgets import (
    due_phrase,
    scaled_font,
    status_colour,
    tone_colour,
)

AnyIndex = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-grantdesk-proposal"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1  # BoardCard
MARK_ROLE = Qt.ItemDataRole.UserRole + 2  # RuleMark, or None until the check is back
COLUMN_WIDTH = 272

INK = QColor("#1f2a37")
MUTED = QColor("#5b6778")
LINE = QColor("#dfe3ea")
ACCENT = QColor("#1d4f91")


def money(amount: object) -> str:
    """Whole euros, as a card and a column header show them (``€ 278.861``)."""
    from decimal import Decimal

    if not isinstance(amount, Decimal):
        return ""
    return format_eur(amount, current_language(), places=0)


def initials(name: str) -> str:
    """“GF” for Giulia Ferraris: the owner's badge on a card."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[-1][0]).upper()


class CardModel(QAbstractListModel):
    """The cards of one status; *marks* (shared by every column) holds the rule checks.

    Signals:
        move_requested(int, str): a card was dropped here; the proposal's id and this
            column's status. Nothing moves until the board has written the change.
    """

    move_requested = Signal(int, str)

    def __init__(self, status: ProposalStatus, marks: dict[int, RuleMark], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.status = status
        self.marks = marks
        self._cards: list[BoardCard] = []
        self._rows: dict[int, int] = {}

    # -- content ------------------------------------------------------------------------

    def set_cards(self, cards: Sequence[BoardCard]) -> None:
        self.beginResetModel()
        self._cards = list(cards)
        self._rows = {c.id: row for row, c in enumerate(self._cards)}
        self.endResetModel()

    def card(self, row: int) -> BoardCard | None:
        return self._cards[row] if 0 <= row < len(self._cards) else None

    def cards(self) -> list[BoardCard]:
        return list(self._cards)

    def row_for_id(self, proposal_id: int) -> int:
        return self._rows.get(proposal_id, -1)

    def marks_changed(self, ids: Sequence[int]) -> None:
        """Repaint the cards of *ids* found in this column (their check came back)."""
        rows = [self._rows[i] for i in ids if i in self._rows]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)), [MARK_ROLE])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        card = self.card(index.row()) if index.isValid() else None
        if card is None:
            return None
        if role == CARD_ROLE:
            return card
        if role == MARK_ROLE:
            return self.marks.get(card.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return spoken(card, self.marks.get(card.id))
        return None

    # -- drag and drop ------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({c.id for i in indexes if (c := self.card(i.row())) is not None})
        data = QMimeData()
        payload = {"ids": ids, "from": self.status.value}
        data.setData(MIME_TYPE, QByteArray(json.dumps(payload).encode("utf-8")))
        return data

    def _dropped(self, data: QMimeData) -> list[int]:
        if not data.hasFormat(MIME_TYPE):
            return []
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return []
        if not isinstance(payload, dict) or payload.get("from") == self.status.value:
            return []
        ids = payload.get("ids")
        return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return bool(self._dropped(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        ids = self._dropped(data)
        for proposal_id in ids:
            self.move_requested.emit(proposal_id, self.status.value)
        # Nothing is inserted here: the reload after the change puts the card in place.
        return False


def spoken(card: BoardCard, mark: RuleMark | None) -> str:
    """A card as one line of text (screen readers, tests)."""
    parts = [card.acronym, card.title, card.lead, money(card.requested)]
    if mark is not None and mark.summary():
        parts.append(mark.summary())
    return " — ".join(p for p in parts if p)


def card_tooltip(card: BoardCard) -> str:
    """Everything on the card, unabridged (rich text, every value escaped)."""
    lang = current_language()
    rows = [f"<b>{html.escape(card.title)}</b>"]
    if card.call_title:
        call = html.escape(card.call_title)
        rows.append(f"{call} — {html.escape(card.funder)}" if card.funder else call)
    if card.lead:
        rows.append(_("Lead: {name}").format(name=html.escape(card.lead)))
    rows.append(ngettext("{n} partner", "{n} partners", card.partners).format(n=card.partners))
    rows.append(
        _("Requested {grant} of {total}").format(
            grant=format_eur(card.requested, lang), total=format_eur(card.total_cost, lang)
        )
    )
    if card.next_deadline is not None:
        rows.append(
            _("Next deadline: {when}").format(when=format_deadline(card.next_deadline, lang))
        )
    if card.owner:
        rows.append(_("Owner: {name}").format(name=html.escape(card.owner)))
    return "<p style='white-space:pre-wrap'>" + "<br>".join(rows) + "</p>"


def mark_tooltip(mark: RuleMark) -> str:
    """The dot's tooltip: the count, then the first sentences found."""
    lines = [f"<b>{html.escape(mark.summary())}</b>"]
    lines += [f"• {html.escape(m)}" for m in mark.messages[:4]]
    if len(mark.messages) > 4:
        lines.append("…")
    return "<p>" + "<br>".join(lines) + "</p>"


def two_lines(text: str, font: QFont, width: int) -> list[str]:
    """*text* wrapped into at most two lines of *width* pixels, the second elided."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    while len(lines) < 2:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        lines.append(text[start : start + length])
        rest = text[start + length :]
        if len(lines) == 2 and rest.strip():
            metrics = QFontMetrics(font)
            lines[1] = metrics.elidedText(text[start:].strip(), Qt.TextElideMode.ElideRight, width)
    layout.endLayout()
    return [line.rstrip() for line in lines]


class CardDelegate(QStyledItemDelegate):
    """Paints a card: acronym and funder, rule dot, title on two lines, lead and partners,
    requested grant of the total cost, next deadline in its urgency colour, owner badge."""

    MARGIN_X = 10  # between the column's edge and the card
    GAP = 8  # between two cards
    PAD = 10  # inside the card
    DOT = 10

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont, QFont]:
        small = scaled_font(base, 0.9)
        tag = scaled_font(base, 0.86, QFont.Weight.Bold)
        title = scaled_font(base, 1.0, QFont.Weight.DemiBold)
        amount = scaled_font(base, 1.0, QFont.Weight.Bold)
        return small, tag, title, amount

    def card_height(self, base: QFont) -> int:
        small, tag, title, amount = self._fonts(base)
        line = QFontMetrics(small).height()
        return (
            2 * self.PAD
            + QFontMetrics(tag).height()
            + 4
            + 2 * QFontMetrics(title).lineSpacing()
            + 4
            + line
            + 8
            + QFontMetrics(amount).height()
            + 4
            + line
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(COLUMN_WIDTH - 20, self.card_height(option.font) + self.GAP)

    def dot_rect(self, rect: QRect) -> QRect:
        card = self._card_rect(rect)
        return QRect(
            card.right() - self.PAD - self.DOT, card.top() + self.PAD + 2, self.DOT, self.DOT
        )

    def _card_rect(self, rect: QRect) -> QRect:
        return rect.adjusted(self.MARGIN_X, self.GAP // 2, -self.MARGIN_X, -self.GAP // 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, BoardCard):
            return
        mark = index.data(MARK_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self._card_rect(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        border = ACCENT if selected else (QColor("#b9c3d0") if hovered else LINE)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(QColor("#f5f9ff") if selected else QColor("#ffffff"))
        painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_colour(card.status.value))
        painter.drawRoundedRect(
            QRectF(box.left() + 1, box.top() + 8, 3, box.height() - 16), 1.5, 1.5
        )
        known = mark if isinstance(mark, RuleMark) else None
        self._content(painter, option.font, box, card, known)
        if known is not None and known.colour is not None:
            painter.setPen(QPen(QColor("#ffffff"), 1.5))
            painter.setBrush(known.colour)
            painter.drawEllipse(self.dot_rect(option.rect))
        painter.restore()

    def _text(
        self,
        painter: QPainter,
        font: QFont,
        colour: QColor,
        box: QRect,
        text: str,
        right: bool = False,
    ) -> int:
        painter.setFont(font)
        painter.setPen(colour)
        metrics = QFontMetrics(font)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, box.width()))
        align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
        painter.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, shown)
        return metrics.horizontalAdvance(shown)

    def _content(
        self, painter: QPainter, base: QFont, box: QRect, card: BoardCard, mark: RuleMark | None
    ) -> None:
        small, tag, title_font, amount = self._fonts(base)
        left = box.left() + self.PAD + 4
        width = box.right() - self.PAD - left
        y = box.top() + self.PAD
        # Acronym · funder, and the rule dot.
        tag_height = QFontMetrics(tag).height()
        room = width - (self.DOT + 8 if mark is not None and mark.colour is not None else 0)
        used = 0
        if card.acronym:
            used = self._text(painter, tag, ACCENT, QRect(left, y, room, tag_height), card.acronym)
            used += 8
        if card.funder and room - used > 30:
            self._text(
                painter, small, MUTED, QRect(left + used, y, room - used, tag_height), card.funder
            )
        y += tag_height + 4
        # The title, on two lines at most.
        spacing = QFontMetrics(title_font).lineSpacing()
        for line in two_lines(card.title, title_font, width):
            self._text(painter, title_font, INK, QRect(left, y, width, spacing), line)
            y += spacing
        if len(two_lines(card.title, title_font, width)) < 2:
            y += spacing
        y += 4
        # Lead and partners.
        line_height = QFontMetrics(small).height()
        partners = (
            ngettext("+{n} partner", "+{n} partners", card.partners).format(n=card.partners)
            if card.partners
            else ""
        )
        partners_width = QFontMetrics(small).horizontalAdvance(partners) + 8 if partners else 0
        lead = card.lead or _("No lead applicant yet")
        self._text(painter, small, MUTED, QRect(left, y, width - partners_width, line_height), lead)
        if partners:
            self._text(
                painter, small, MUTED, QRect(left, y, width, line_height), partners, right=True
            )
        y += line_height + 8
        # Requested grant of the total cost.
        amount_height = QFontMetrics(amount).height()
        used = self._text(
            painter, amount, INK, QRect(left, y, width, amount_height), money(card.requested)
        )
        if card.total_cost:
            total = _("of {total}").format(total=money(card.total_cost))
            self._text(
                painter,
                small,
                MUTED,
                QRect(left + used + 6, y, width - used - 6, amount_height),
                total,
            )
        y += amount_height + 4
        # Next deadline, and the owner's initials.
        badge = initials(card.owner)
        badge_width = 0
        if badge:
            badge_width = line_height + 6
            circle = QRect(box.right() - self.PAD - badge_width, y - 2, badge_width, badge_width)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e8edf4"))
            painter.drawEllipse(circle)
            painter.setFont(scaled_font(base, 0.78, QFont.Weight.Bold))
            painter.setPen(MUTED)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, badge)
        if card.next_deadline is not None:
            text, colour = self.deadline_text(card)
            self._text(
                painter, small, colour, QRect(left, y, width - badge_width - 6, line_height), text
            )

    def deadline_text(self, card: BoardCard) -> tuple[str, QColor]:
        """“19/12/2026 · in 27 days” and its urgency colour."""
        assert card.next_deadline is not None
        day = due_day(card.next_deadline)
        left = days_left(card.next_deadline, self.today)
        tone = Tone(urgency(left, day, self.today).value)
        text = f"{format_date(day, current_language())} · {due_phrase(left)}"
        return text, tone_colour(tone)

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        if event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        card = index.data(CARD_ROLE)
        mark = index.data(MARK_ROLE)
        if not isinstance(card, BoardCard):
            return False
        dot = self.dot_rect(option.rect).adjusted(-6, -6, 6, 6)
        if isinstance(mark, RuleMark) and mark.colour is not None and dot.contains(event.pos()):
            QToolTip.showText(event.globalPos(), mark_tooltip(mark), view)
        else:
            QToolTip.showText(event.globalPos(), card_tooltip(card), view)
        return True
