"""The Board: every proposal as a card, one column per status, moved by dragging.

The cards are read in the thread pool (:func:`grantdesk.services.board.board_cards`, a
single statement) and shown in one :class:`~grantdesk.ui.views.board_widgets.CardList` per
status, side by side in a horizontally scrolling strip. The rule check of the cards in
sight follows in the background (:class:`~grantdesk.ui.views.board_actions.RuleChecks`):
a red dot for a blocking problem, amber for warnings only. Nothing waits for it.

Moving a card — dragging it to another column, or Ctrl+Left/Right — asks for the data the
new status needs (the submission day, the decision, the amount awarded), then writes the
change through an undoable command; a refused move leaves the card where it was and says
why in one sentence. Arrows move between cards and columns; Enter or a double click opens
the proposal. The window's search box and the filters (funder, owner, year) narrow the
board.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _, ngettext
from grantdesk.services.board import Board, BoardFilters, BoardOptions
from grantdesk.services.dashboard import today_in_rome
from grantdesk.services.database import Database
from grantdesk.ui.context import AppContext
from grantdesk.ui.proposal_status import StatusDataDialog
from grantdesk.ui.tasks import Task
from grantdesk.ui.views.board_actions import MoveProposalCommand, RuleChecks, new_proposal
from grantdesk.ui.views.board_columns import CardList, FilterBar, StatusColumn
from grantdesk.ui.views.board_widgets import CardDelegate, CardModel
from grantdesk.ui.views.empty_state import EmptyState

log = logging.getLogger(__name__)

ORDER = list(ProposalStatus)
# Which changes elsewhere show on a card: its proposal, call, lead or partners, deadlines.
KINDS = frozenset({"*", "proposals", "calls", "organizations", "deadlines"})
PREFETCH_ROWS = 6  # cards below the fold checked with those in sight
EDGE = 64  # pixels from the board's side where a dragged card scrolls the columns


def _load(
    db: Database, filters: BoardFilters, today: date, generation: int, *, progress: Any
) -> tuple[int, Database, tuple[Board, BoardOptions] | Exception]:
    """Runs in the thread pool; a failure comes back as a value so the generation travels."""
    from grantdesk.services.board import board_cards, board_options

    try:
        return generation, db, (board_cards(db, filters, today), board_options(db))
    except Exception as exc:  # shown on the GUI thread
        return generation, db, exc


class BoardView(QWidget):
    """The proposals board (see the module's docstring).

    Signals:
        loaded(): new cards are on screen.
    """

    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("BoardView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#BoardView { background: #ffffff; }")
        self.board: Board | None = None
        self.today = today_in_rome()
        self._search = ""
        self._generation = 0
        self._task: Task | None = None
        self._stale = False
        self._error = ""
        self._selected: int | None = None
        self.pending_dialog: StatusDataDialog | None = None

        self._build_timers()
        self.checks = RuleChecks(context, today_in_rome, self)
        self.checks.checked.connect(self._marks_arrived)
        self.delegate = CardDelegate(self.today, self)
        self.columns: list[StatusColumn] = []
        for status in ORDER:
            model = CardModel(status, self.checks.marks, self)
            model.move_requested.connect(self._dropped)
            column = StatusColumn(model, self.delegate)
            self._wire(column.cards)
            self.columns.append(column)

        heading = self._build_heading()
        self._build_pages()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(heading)
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(20, 0, 20, 6)
        notice_row.addWidget(self.notice)
        layout.addLayout(notice_row)
        layout.addWidget(self.pages, 1)
        context.database_changed.connect(self._database_changed)
        context.data_changed.connect(self._data_changed)
        self.refresh()

    def _build_heading(self) -> QHBoxLayout:
        self.title = QLabel(_("Board"))
        self.title.setObjectName("ViewTitle")
        self.count = QLabel()
        self.count.setObjectName("ViewCount")
        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self.refresh)
        heading = QHBoxLayout()
        heading.setContentsMargins(20, 14, 20, 8)
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBaseline)
        heading.addStretch(1)
        heading.addWidget(self.filter_bar)
        self.notice = QLabel()
        self.notice.setObjectName("BoardNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "QLabel#BoardNotice { color: #b3261e; background: #fdf0ef;"
            " border: 1px solid #f0c9c5; border-radius: 6px; padding: 6px 10px; }"
        )
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(10_000)
        self._notice_timer.timeout.connect(self.notice.hide)
        return heading

    def _build_pages(self) -> None:
        strip = QWidget()
        strip.setObjectName("BoardStrip")
        row = QHBoxLayout(strip)
        row.setContentsMargins(20, 4, 20, 12)
        row.setSpacing(12)
        for column in self.columns:
            row.addWidget(column)
        row.addStretch(1)
        self.strip_area = QScrollArea()
        self.strip_area.setObjectName("BoardScroll")
        self.strip_area.setWidget(strip)
        self.strip_area.setWidgetResizable(True)
        self.strip_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.strip_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.strip_area.setStyleSheet(
            "QScrollArea#BoardScroll, QWidget#BoardStrip { background: #ffffff; }"
        )
        self.empty = EmptyState()
        self.empty.hint.setMinimumWidth(420)  # a calm paragraph, not a narrow column
        self.pages = QStackedWidget()
        self.pages.addWidget(self.strip_area)
        self.pages.addWidget(self.empty)

    def _build_timers(self) -> None:
        self._want_timer = QTimer(self)
        self._want_timer.setSingleShot(True)
        self._want_timer.setInterval(120)
        self._want_timer.timeout.connect(self._check_visible)
        self._clock = QTimer(self)  # "tomorrow" must not linger past midnight
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._check_day)
        self._clock.start()
        self._edge_timer = QTimer(self)
        self._edge_timer.setInterval(30)
        self._edge_timer.timeout.connect(lambda: self.scroll_at_edge(QCursor.pos()))

    def _wire(self, cards: CardList) -> None:
        cards.step.connect(lambda direction, c=cards: self._step(c, direction))
        cards.shift.connect(lambda direction, c=cards: self._shift(c, direction))
        cards.open_requested.connect(lambda proposal_id: self.open_proposal(proposal_id))
        cards.selectionModel().currentChanged.connect(
            lambda current, _previous, c=cards: self._current_changed(c, current)
        )
        cards.verticalScrollBar().valueChanged.connect(lambda _v: self._want_timer.start())
        cards.dragging.connect(self._dragging)

    # -- what the frame calls ---------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while the cards are being read or the cards in sight being checked."""
        return self._task is not None or self._want_timer.isActive() or self.checks.busy

    def refresh(self) -> None:
        """Read the board again (in the background), keeping the selected card."""
        self._stale = False
        db = self.context.db
        if db is None:
            self._show_state()
            return
        self._generation += 1
        self.today = today_in_rome()
        self.delegate.today = self.today
        filters = self.filter_bar.filters(self._search)
        task = Task(_load, db, filters, self.today, self._generation)
        task.succeeded.connect(self._loaded)
        self._task = task
        if self.board is None:
            self.empty.show_state("loading", _("Reading the proposals…"))
            self.pages.setCurrentWidget(self.empty)
        task.start()

    def set_search(self, text: str) -> None:
        """Show only the proposals matching *text* (the window's search box)."""
        if text.strip() == self._search:
            return
        self._search = text.strip()
        self.refresh()

    def search_text(self) -> str:
        return self._search

    def search_placeholder(self) -> str:
        return _("Search proposals by title, acronym or partner")

    def select_first(self) -> None:
        """Select the first card of the board when none is selected."""
        if self._selected is None:
            for column in self.columns:
                if column.model.rowCount():
                    self.select_card(column.model.card(0).id)  # type: ignore[union-attr]
                    return

    def focus_list(self) -> None:
        """Move the keyboard focus to the selected (or first) card."""
        self.select_first()
        cards = self._list_of(self._selected)
        if cards is not None:
            cards.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_card(self, proposal_id: int) -> bool:
        """Select the card of *proposal_id* and scroll it into view; False when not shown."""
        cards = self._list_of(proposal_id)
        if cards is None:
            return False
        index = cards.model().index(cards.card_model().row_for_id(proposal_id), 0)
        cards.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        cards.scrollTo(index)
        column = cards.parentWidget()
        if column is not None:
            self.strip_area.ensureWidgetVisible(column, 20, 0)
        return True

    def selected_id(self) -> int | None:
        return self._selected

    def column_of(self, status: ProposalStatus | str) -> StatusColumn:
        return self.columns[ORDER.index(ProposalStatus(status))]

    # -- loading ----------------------------------------------------------------------

    def _loaded(self, result: tuple[int, Database, tuple[Board, BoardOptions] | Exception]) -> None:
        generation, db, outcome = result
        if generation != self._generation or db is not self.context.db:
            return  # an older reading, or another database: the newer one follows
        self._task = None
        if isinstance(outcome, Exception):
            log.warning("reading the board failed: %s", outcome)
            self._error = str(getattr(outcome, "orig", outcome))
            self.board = None
            self._show_state()
            return
        self._error = ""
        board, options = outcome
        self.board = board
        self.filter_bar.blockSignals(True)
        self.filter_bar.set_options(options)
        self.filter_bar.blockSignals(False)
        keep = self._selected
        focused = any(c.cards.hasFocus() for c in self.columns)
        for column in self.columns:
            column.model.set_cards(board.column(column.model.status).cards)
            column.refresh_header()
        self._show_state()
        if keep is not None and not self.select_card(keep):
            self._selected = None
        elif focused:  # a card moved by keyboard: the focus goes with it
            self._restore_focus()
        self._want_timer.start()
        self.loaded.emit()

    def _show_state(self) -> None:
        board = self.board
        if self.context.db is None:
            self.count.setText("")
            self.empty.show_state("loading", _("Opening the database…"))
        elif self._error:
            self.count.setText("")
            self.empty.show_state("database", _("The board could not be read"), self._error)
        elif board is None:
            return
        elif board.stored == 0:
            self.count.setText("")
            self.empty.show_state(
                "board",
                _("No proposals yet"),
                _(
                    "Each proposal shows here as a card in the column of its status; drag "
                    "a card to the next column as the bid moves on."
                ),
                _("New proposal…"),
                lambda: new_proposal(self, self.context),
            )
        elif board.shown == 0:
            self.count.setText(self._count_text(board))
            self.empty.show_state(
                "no-results",
                _("No proposal matches these filters"),
                _("Choose another funder, owner or year, or search for fewer words."),
                _("Clear filters") if self.filter_bar.clear.isVisible() else "",
                self.filter_bar.reset,
            )
        else:
            self.count.setText(self._count_text(board))
            self.pages.setCurrentWidget(self.strip_area)
            self.filter_bar.setVisible(True)
            return
        self.filter_bar.setVisible(board is not None and board.stored > 0)
        self.pages.setCurrentWidget(self.empty)

    @staticmethod
    def _count_text(board: Board) -> str:
        from grantdesk.services.present import show

        if board.shown == board.stored:
            return ngettext("{n} proposal", "{n} proposals", board.shown).format(
                n=show(board.shown, "int")
            )
        return _("{shown} of {total} proposals").format(
            shown=show(board.shown, "int"), total=show(board.stored, "int")
        )

    def _database_changed(self) -> None:
        self.board = None
        self._selected = None
        self.checks.reset()
        self._changed()

    def _data_changed(self, kind: str) -> None:
        if kind in KINDS:
            self.checks.invalidate()
            self._changed()

    def _changed(self) -> None:
        # A hidden board reloads when next shown: one change never costs a reading unseen.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _check_day(self) -> None:
        if today_in_rome() != self.today:
            self._changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        else:
            self._want_timer.start()

    # -- rule checks ------------------------------------------------------------------

    def _check_visible(self) -> None:
        """Ask for the rule check of the cards in sight (and a few below) in every column."""
        wanted: list[int] = []
        for column in self.columns:
            cards = column.cards
            model = column.model
            if not model.rowCount():
                continue
            top = cards.indexAt(QPoint(10, 2))
            bottom = cards.indexAt(QPoint(10, cards.viewport().height() - 2))
            first = top.row() if top.isValid() else 0
            last = bottom.row() if bottom.isValid() else model.rowCount() - 1
            for row in range(first, min(model.rowCount(), last + 1 + PREFETCH_ROWS)):
                card = model.card(row)
                if card is not None:
                    wanted.append(card.id)
        self.checks.want(wanted)

    def _marks_arrived(self, ids: list[int]) -> None:
        for column in self.columns:
            column.model.marks_changed(ids)

    # -- selection and keyboard -------------------------------------------------------

    def _list_of(self, proposal_id: int | None) -> CardList | None:
        if proposal_id is None:
            return None
        for column in self.columns:
            if column.model.row_for_id(proposal_id) >= 0:
                return column.cards
        return None

    def _current_changed(self, cards: CardList, current: QModelIndex) -> None:
        card = cards.card_model().card(current.row()) if current.isValid() else None
        if card is None:
            return
        self._selected = card.id
        for column in self.columns:  # one card selected on the whole board
            if column.cards is not cards and column.cards.selectionModel().hasSelection():
                column.cards.selectionModel().clear()

    def _step(self, cards: CardList, direction: int) -> None:
        """Select the card beside the current one in the next column that has cards."""
        here = next(i for i, c in enumerate(self.columns) if c.cards is cards)
        current = cards.visualRect(cards.currentIndex())
        y = current.center().y() if current.isValid() else 10
        i = here + direction
        while 0 <= i < len(self.columns):
            target = self.columns[i].cards
            model = target.card_model()
            if model.rowCount():
                index = target.indexAt(QPoint(10, max(2, y)))
                if not index.isValid():
                    last_visible = target.indexAt(QPoint(10, target.viewport().height() - 2))
                    index = (
                        last_visible
                        if last_visible.isValid()
                        else model.index(model.rowCount() - 1)
                    )
                card = model.card(index.row())
                if card is not None:
                    self.select_card(card.id)
                    target.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            i += direction

    def _shift(self, cards: CardList, direction: int) -> None:
        """Move the current card to the previous or next status (Ctrl+Left/Right)."""
        card = cards.current_card()
        if card is None:
            return
        i = ORDER.index(card.status) + direction
        if 0 <= i < len(ORDER):
            self.move_card(card.id, ORDER[i])

    # -- moving and opening -----------------------------------------------------------

    def _dragging(self, started: bool) -> None:
        if started:
            self._edge_timer.start()
        else:
            self._edge_timer.stop()

    def scroll_at_edge(self, global_pos: QPoint) -> None:
        """While a card is dragged near the left or right edge, bring the next columns in."""
        viewport = self.strip_area.viewport()
        pos = viewport.mapFromGlobal(global_pos)
        if not 0 <= pos.y() < viewport.height():
            return
        bar = self.strip_area.horizontalScrollBar()
        if pos.x() < EDGE:
            bar.setValue(bar.value() - max(4, (EDGE - pos.x()) // 2))
        elif pos.x() > viewport.width() - EDGE:
            bar.setValue(bar.value() + max(4, (pos.x() - viewport.width() + EDGE) // 2))

    def _dropped(self, proposal_id: int, status: str) -> None:
        # Not inside the drop event: the confirmation is a dialog.
        QTimer.singleShot(0, lambda: self.move_card(proposal_id, status))

    def move_card(self, proposal_id: int, status: ProposalStatus | str) -> None:
        """Move the card to *status*: ask for the data the status needs, then write it
        through an undoable command (a refusal is said in one sentence)."""
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.proposal_editing import load_form, status_needs

        board, db = self.board, self.context.db
        card = board.card(proposal_id) if board is not None else None
        target = ProposalStatus(status)
        if card is None or db is None or card.status is target or self.pending_dialog:
            return
        self._selected = proposal_id
        if not status_needs(target.value):
            self._push(card, target, {})
            return
        try:
            form, _version = load_form(db, proposal_id)
        except RecordNotFoundError as exc:
            self._refused(str(exc))
            return
        dialog = StatusDataDialog(card.title, target, form, self.today, card.requested, self)
        self.pending_dialog = dialog

        def finished(result: int) -> None:
            self.pending_dialog = None
            values = dialog.values()
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted and values:
                self._push(card, target, values)
            else:
                self._restore_focus()

        dialog.finished.connect(finished)
        dialog.open()

    def _push(self, card: Any, target: ProposalStatus, data: dict[str, Any]) -> None:
        stack = self.context.undo_stack
        before = stack.index()
        stack.push(
            MoveProposalCommand(
                self.context, card.id, card.title, card.version, target, data, self._refused
            )
        )
        if stack.index() > before:  # a refused command is dropped by the stack at once
            self.context.status_message.emit(
                _("“{title}” moved to {status}.").format(
                    title=card.acronym or card.title, status=target.label
                )
            )

    def _refused(self, message: str) -> None:
        """A move was refused: say why, in one sentence; the card stays where it was."""
        self.notice.setText(message)
        self.notice.show()
        self._notice_timer.start()
        self.context.status_message.emit(message)

    def _restore_focus(self) -> None:
        cards = self._list_of(self._selected)
        if cards is not None:
            cards.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_proposal(self, proposal_id: int) -> None:
        """Open the proposal: in its editor when there is one, else in the Proposals list."""
        from grantdesk.ui.views.board_actions import open_proposal

        open_proposal(self, self.context, proposal_id)
