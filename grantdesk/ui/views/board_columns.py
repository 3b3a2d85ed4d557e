"""The columns of the proposals board: a status's header over its list of cards.

:class:`CardList` is the ``QListView`` of one status (keys, drops, the empty drop zone);
:class:`ColumnHeader` shows the status in its colour, how many cards and the grants they
request; :class:`StatusColumn` puts the two together on the column's grey.
:class:`FilterBar` holds the board's funder, owner and year choosers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _
from grantdesk.services.board import BoardCard, BoardFilters, BoardOptions
from grantdesk.ui.views.board_widgets import (
    ACCENT,
    COLUMN_WIDTH,
    INK,
    MUTED,
    CardDelegate,
    CardModel,
    money,
)
from grantdesk.ui.views.dashboard_widgets import scaled_font, status_colour

# A thin scroll bar on the column's grey, instead of Fusion's on a transparent list.
CARD_LIST_STYLE = """
QListView#BoardCards { background: transparent; border: none; }
QScrollBar:vertical { background: transparent; width: 10px; margin: 2px 2px 2px 0; }
QScrollBar::handle:vertical { background: #c5ccd6; border-radius: 3px; min-height: 32px; }
QScrollBar::handle:vertical:hover { background: #a9b3c0; }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }
"""


class CardList(QListView):
    """One column's cards; drag a card to another column, keys move between them.

    Signals:
        step(int): Left (-1) or Right (+1): select a card in the neighbouring column.
        shift(int): Ctrl+Left (-1) or Ctrl+Right (+1): move the card to that status.
        open_requested(int): Enter or a double click on a card (the proposal's id).
        dragging(bool): a card of this column started (True) or ended (False) a drag.
    """

    step = Signal(int)
    shift = Signal(int)
    open_requested = Signal(int)
    dragging = Signal(bool)

    def __init__(self, model: CardModel, delegate: CardDelegate, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("BoardCards")
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setStyleSheet(CARD_LIST_STYLE)
        self.viewport().setAutoFillBackground(False)
        self.doubleClicked.connect(self._activated)
        self._drop_hover = False

    def card_model(self) -> CardModel:
        model = self.model()
        assert isinstance(model, CardModel)
        return model

    def current_card(self) -> BoardCard | None:
        index = self.currentIndex()
        return self.card_model().card(index.row()) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            direction = -1 if key == Qt.Key.Key_Left else 1
            (self.shift if ctrl else self.step).emit(direction)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activated(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def _activated(self, index: QModelIndex) -> None:
        card = self.card_model().card(index.row()) if index.isValid() else None
        if card is not None:
            self.open_requested.emit(card.id)

    def dragEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().dragEnterEvent(event)
        self._drop_hover = event.isAccepted()
        self.viewport().update()

    def dragLeaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().dragLeaveEvent(event)
        self._drop_hover = False
        self.viewport().update()

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        # The drag runs its own event loop until the drop: the board scrolls meanwhile.
        self.dragging.emit(True)
        try:
            super().startDrag(supportedActions)
        finally:
            self.dragging.emit(False)

    def dropEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().dropEvent(event)
        self._drop_hover = False
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.card_model().rowCount() and not self._drop_hover:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        zone = QRect(10, 4, self.viewport().width() - 20, 72)
        if self.card_model().rowCount():
            zone.moveTop(max(4, self.viewport().height() - 80))
        colour = ACCENT if self._drop_hover else QColor("#c3cbd6")
        pen = QPen(colour, 1.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor("#eef4fc") if self._drop_hover else Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(zone), 6, 6)
        painter.setPen(ACCENT if self._drop_hover else MUTED)
        painter.setFont(scaled_font(self.font(), 0.92))
        text = _("Drop to move here") if self._drop_hover else _("No proposals")
        painter.drawText(zone, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


class ColumnHeader(QWidget):
    """A column's status (in its colour), how many cards and the grants they request."""

    def __init__(self, status: ProposalStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.setObjectName("BoardColumnHeader")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 6)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.title = QLabel(status.label)
        self.title.setFont(scaled_font(self.font(), 1.02, QFont.Weight.Bold))
        self.title.setStyleSheet(f"color: {INK.name()};")
        self.count = QLabel("0")
        self.count.setStyleSheet(
            f"color: {MUTED.name()}; background: #e4e8ee; border-radius: 8px; padding: 0 7px;"
        )
        top.addWidget(self.title)
        top.addWidget(self.count)
        top.addStretch(1)
        self.total = QLabel()
        self.total.setStyleSheet(f"color: {MUTED.name()};")
        self.total.setFont(scaled_font(self.font(), 0.92))
        layout.addLayout(top)
        layout.addWidget(self.total)

    def set_numbers(self, count: int, requested: object) -> None:
        from grantdesk.services.present import show

        self.count.setText(show(count, "int"))
        self.total.setText(
            _("{amount} requested").format(amount=money(requested)) if count else " "
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_colour(self.status.value))
        painter.drawRoundedRect(QRectF(12, 3, self.width() - 24, 4), 2, 2)
        painter.end()


class StatusColumn(QFrame):
    """A status column: its header above its list of cards, on a soft grey ground."""

    def __init__(
        self, model: CardModel, delegate: CardDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BoardColumn")
        self.setFixedWidth(COLUMN_WIDTH)
        self.setStyleSheet("QFrame#BoardColumn { background: #f1f3f6; border-radius: 8px; }")
        self.model = model
        self.header = ColumnHeader(model.status)
        self.cards = CardList(model, delegate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.cards, 1)

    def refresh_header(self) -> None:
        from grantdesk.domain.money import ZERO

        cards = self.model.cards()
        self.header.set_numbers(len(cards), sum((c.requested for c in cards), ZERO))

    def card_at(self, point: QPoint) -> BoardCard | None:
        index = self.cards.indexAt(point)
        return self.model.card(index.row()) if index.isValid() else None


class FilterBar(QWidget):
    """Funder, owner and year choosers, and a button that clears them.

    Signals:
        changed(): a choice changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.funder = self._combo(_("Funder"), 280)
        self.owner = self._combo(_("Owner"), 200)
        self.year = self._combo(_("Year"), 120)
        self.clear = QPushButton(_("Clear filters"))
        self.clear.setFlat(True)
        self.clear.setStyleSheet("color: #1d4f91;")
        self.clear.clicked.connect(self.reset)
        for widget in (self.funder, self.owner, self.year, self.clear):
            layout.addWidget(widget)
        self.set_options(BoardOptions())

    def _combo(self, name: str, width: int) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setMaximumWidth(width)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(self._chosen)
        return combo

    def set_options(self, options: BoardOptions) -> None:
        """Offer *options*, keeping each current choice while it is still there."""
        choices: list[tuple[QComboBox, str, list[tuple[str, Any]]]] = [
            (self.funder, _("All funders"), [(name, fid) for fid, name in options.funders]),
            (
                self.owner,
                _("All owners"),
                [(name, name) for name in options.owners]
                + ([(_("Nobody yet"), "")] if options.unowned else []),
            ),
            (self.year, _("All years"), [(str(y), y) for y in options.years]),
        ]
        for combo, everything, items in choices:
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, value in items:
                combo.addItem(text, value)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            found = combo.findData(kept) if kept is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        self._update_clear()

    def filters(self, search: str) -> BoardFilters:
        return BoardFilters(
            funder_id=self.funder.currentData(),
            owner=self.owner.currentData(),
            year=self.year.currentData(),
            search=search,
        )

    def reset(self) -> None:
        """Back to every funder, owner and year."""
        for combo in (self.funder, self.owner, self.year):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._chosen()

    def _chosen(self, *_args: object) -> None:
        self._update_clear()
        self.changed.emit()

    def _update_clear(self) -> None:
        narrowed = any(c.currentIndex() > 0 for c in (self.funder, self.owner, self.year))
        self.clear.setVisible(narrowed)
