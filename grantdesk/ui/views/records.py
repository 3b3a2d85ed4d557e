"""The list views of calls, organizations, proposals and co-design processes.

A sortable table of the records (fetched lazily, searched in SQL) beside a detail pane;
an empty state replaces the table when there is nothing to show, saying why.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import N_, _, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.list_model import STATUS_COLOUR_ROLE, RecordListModel
from grantdesk.ui.settings import Settings
from grantdesk.ui.views.detail_pane import DetailPane
from grantdesk.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from grantdesk.services.eligibility import Overview
    from grantdesk.ui.eligibility_filter import EligibilityFilter

log = logging.getLogger(__name__)

# Per list: (title, nothing yet, hint when empty, no match for a search, search placeholder).
TEXTS = {
    "calls": (
        N_("Calls"),
        N_("No calls yet"),
        N_("Calls you record or import from the funders' portals will be listed here."),
        N_("No call matches “{text}”"),
        N_("Search calls by title, code, funder or theme"),
    ),
    "organizations": (
        N_("Organizations"),
        N_("No organizations yet"),
        N_("The third-sector bodies and partners you work with will be listed here."),
        N_("No organization matches “{text}”"),
        N_("Search organizations by name, tax code or place"),
    ),
    "proposals": (
        N_("Proposals"),
        N_("No proposals yet"),
        N_("The bids you write with your partners will be listed here."),
        N_("No proposal matches “{text}”"),
        N_("Search proposals by title, acronym or partner"),
    ),
    "codesigns": (
        N_("Co-design"),
        N_("No co-design processes yet"),
        N_("Co-design processes (Art. 55 of the Third Sector Code) will be listed here."),
        N_("No co-design process matches “{text}”"),
        N_("Search co-design processes by title, CUP or body"),
    ),
}
COUNTS = {
    "calls": (N_("{n} call"), N_("{n} calls")),
    "organizations": (N_("{n} organization"), N_("{n} organizations")),
    "proposals": (N_("{n} proposal"), N_("{n} proposals")),
    "codesigns": (N_("{n} co-design process"), N_("{n} co-design processes")),
}
# Which columns stay when the list is narrow, most important first (the main one always).
PRIORITY = {
    "calls": ("status", "next_deadline", "funder", "max_grant", "code"),
    "organizations": (
        "municipality",
        "legal_form",
        "documents_due",
        "volunteers",
        "codice_fiscale",
    ),
    "proposals": ("status", "requested", "acronym", "lead", "total_cost", "funder"),
    "codesigns": ("status", "promoter", "next_meeting", "budget", "cup"),
}


def format_count(n: int) -> str:
    """*n* with the thousands separator of the current language (1.234 or 1,234)."""
    from grantdesk.services.present import show

    return show(n, "int")


def count_text(kind: str, n: int) -> str:
    """“128 calls” in the current language."""
    singular, plural = COUNTS[kind]
    return ngettext(singular, plural, n).format(n=format_count(n))


class StatusDelegate(QStyledItemDelegate):
    """Draws a status as a coloured dot and label in its pipeline tone."""

    DOT = 8
    INDENT = 16  # the dot and its gap, before the label

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        colour = index.data(STATUS_COLOUR_ROLE)
        if not isinstance(colour, QColor):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = opt.rect.adjusted(8, 0, -6, 0)
        size = self.DOT
        dot = QRect(rect.left(), rect.center().y() - size // 2 + 1, size, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(dot)
        painter.setPen(colour.darker(115))
        text_rect = rect.adjusted(self.INDENT, 0, 0, 0)
        elided = opt.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), elided)
        painter.restore()


class RecordTable(QTableView):
    """The list itself: whole-row selection, no editing, Enter opens the detail.

    Columns are as wide as their content (within limits). The main column (title or name)
    takes the remaining width, never less than ``MIN_MAIN_WIDTH``; when the list is too
    narrow for every column, the least important ones step aside until it is wider again
    (a wider window, or the divider moved toward the detail pane).
    """

    MIN_MAIN_WIDTH = 260
    MAX_WIDTH = 200
    PADDING = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordTable")
        self.main_column = -1
        self.priority: list[int] = []  # the other columns, most important first
        self.max_widths: dict[int, int] = {}  # columns allowed wider than MAX_WIDTH
        self._natural: dict[int, int] = {}
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(60)
        header.setStretchLastSection(False)

    def fit_columns(self) -> None:
        """Measure each column's header and loaded rows, then lay the columns out."""
        model = self.model()
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        rows = min(model.rowCount(), 200)
        self._natural = {}
        for col in range(model.columnCount()):
            self.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = header_metrics.horizontalAdvance(title) + self.PADDING + 14
            extra = StatusDelegate.INDENT if self.itemDelegateForColumn(col) else 0
            for row in range(rows):
                text = model.index(row, col).data() or ""
                width = max(width, metrics.horizontalAdvance(text) + self.PADDING + extra)
            self._natural[col] = min(width, self.max_widths.get(col, self.MAX_WIDTH))
        self.lay_out_columns()

    def lay_out_columns(self) -> None:
        """Show the columns that fit, most important first; the main one takes the rest."""
        if self.main_column < 0 or not self._natural:
            return
        header = self.horizontalHeader()
        room = self.viewport().width() - self.MIN_MAIN_WIDTH
        shown: set[int] = set()
        for col in self.priority:
            width = self._natural.get(col, 0)
            if width and width <= room:
                shown.add(col)
                room -= width
        used = 0
        for col in range(header.count()):
            if col == self.main_column:
                continue
            header.setSectionHidden(col, col not in shown)
            if col in shown:
                header.resizeSection(col, self._natural[col])
                used += self._natural[col]
        header.resizeSection(
            self.main_column, max(self.MIN_MAIN_WIDTH, self.viewport().width() - used)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.lay_out_columns()


class RecordsView(QWidget):
    """One main list (calls, organizations, proposals or co-design) with its detail pane."""

    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.setObjectName("RecordsView")
        self.setProperty("kind", kind)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        if kind == "calls":  # which can be seen from one organization (eligibility)
            from grantdesk.ui.models.call_list_model import CallListModel

            self.model: RecordListModel = CallListModel(self)
        else:
            self.model = RecordListModel(kind, self)
        self.model.failed.connect(self._list_failed)
        self._error = ""

        self.title = QLabel(_(TEXTS[kind][0]))
        self.title.setObjectName("ViewTitle")
        self.count = QLabel()
        self.count.setObjectName("ViewCount")
        heading = QHBoxLayout()
        heading.setContentsMargins(20, 14, 20, 10)
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBaseline)
        from grantdesk.ui.overflow_bar import OverflowBar

        # The tool buttons (no gaps but their own, as before); those that do not fit: “More ▾”
        self.heading_bar = OverflowBar(spacing=0)
        heading.addWidget(self.heading_bar, 1)
        tools = self.heading_bar.row

        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.activated.connect(self._open_detail)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.detail = DetailPane(kind)
        # Status changes by the rules of each record's editor (grantdesk.ui.status_changes)
        from grantdesk.ui.status_changes import StatusChanges

        self.status_changes = StatusChanges(self)
        self.detail.status_requested.connect(self.status_changes.request)
        self.detail.roll_forward_requested.connect(self._roll_forward)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("RecordsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 420])
        saved = Settings().splitter_state(kind)
        if not saved.isEmpty():
            self.splitter.restoreState(saved)
        self.splitter.splitterMoved.connect(self._save_splitter)

        if kind == "calls":  # creating, editing and deleting calls (grantdesk.ui.call_actions)
            from grantdesk.ui.call_actions import CallToolbar

            self.call_toolbar = CallToolbar(self)
            tools.addWidget(self.call_toolbar)
        elif kind == "organizations":  # new, edit, merge… (grantdesk.ui.organization_actions)
            from grantdesk.ui.organization_actions import OrganizationToolbar

            self.organization_toolbar = OrganizationToolbar(self)
            tools.addWidget(self.organization_toolbar)
        elif kind == "codesigns":  # new, edit, delete processes (grantdesk.ui.codesign_actions)
            from grantdesk.ui.codesign_actions import CodesignToolbar

            self.codesign_toolbar = CodesignToolbar(self)
            tools.addWidget(self.codesign_toolbar)
        elif kind == "proposals":  # new, edit, duplicate, delete (grantdesk.ui.proposal_actions)
            from grantdesk.ui.proposal_actions import ProposalToolbar

            self.proposal_toolbar = ProposalToolbar(self)
            tools.addWidget(self.proposal_toolbar)
        if kind in ("organizations", "calls"):  # finding partners (grantdesk.ui.partner_finder)
            from grantdesk.ui.partner_finder import attach_partner_finder

            attach_partner_finder(self, tools)
        if kind == "proposals":  # the budget grid in a window (grantdesk.ui.budget_dialog)
            from grantdesk.ui.budget_dialog import attach_budget_action

            self.budget_action = attach_budget_action(self, tools)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(heading)
        self.eligibility: EligibilityFilter | None = None
        if kind == "calls":  # "Eligible for: [organization]" (grantdesk.ui.eligibility_filter)
            from grantdesk.ui.eligibility_filter import EligibilityFilter

            self.eligibility = EligibilityFilter(self)
            layout.addWidget(self.eligibility)
        layout.addWidget(self.splitter, 1)
        if self.eligibility is not None:  # toolbar, then the filter, then the list
            QWidget.setTabOrder(self.call_toolbar.delete_button, self.eligibility.box)
            QWidget.setTabOrder(self.eligibility.box, self.eligibility.toggle)
            QWidget.setTabOrder(self.eligibility.toggle, self.table)
        self._stale = False
        self._fitted = False
        context.database_changed.connect(self._context_changed)
        context.data_changed.connect(self._context_changed)
        self.refresh()
        if self.eligibility is not None:
            self.eligibility.start()

    # -- what the frame calls -----------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again from the open database, keeping the selected record."""
        self._stale = False
        db = self.context.db
        if db is None:
            self._show_state()
            return
        keep = self.current_id()
        self._error = ""
        if self.model.columnCount() == 0 or self.model.database is not db:
            self.model.set_database(db)
            self._configure_columns()
        else:
            self.model.reload()
            if not self._fitted and self.model.rowCount():
                self._fit()
        self._after_reload(keep)

    def set_search(self, text: str) -> None:
        """Show only the records matching *text* (the toolbar's search box)."""
        if text.strip() == self.model.search:
            return
        self._error = ""
        self.model.set_search(text)
        self._after_reload(None)

    def search_text(self) -> str:
        return self.model.search

    def search_placeholder(self) -> str:
        return _(TEXTS[self.kind][4])

    def current_id(self) -> int | None:
        """The id of the selected record, if any."""
        index = self.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def select_first(self) -> None:
        """Select the first row when nothing is selected (screenshots, Enter in search)."""
        if self.current_id() is None:
            self.select_row(0)

    def focus_list(self) -> None:
        """Move the keyboard focus to the list, on the selected (or first) row."""
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.select_first()

    @property
    def _narrowed(self) -> bool:
        return self.eligibility is not None and self.eligibility.narrowed

    def apply_eligibility(self, overview: Overview | None, show_excluded: bool) -> None:
        """See the calls from *overview*'s organization (None: all calls), keeping the
        selected call; the eligibility column shows while an organization is chosen."""
        from grantdesk.ui.models.call_list_model import CallListModel

        assert isinstance(self.model, CallListModel)
        keep = self.current_id()
        self.model.set_eligibility(overview, show_excluded)
        self._set_priority()
        self._fit()
        header = self.table.horizontalHeader()
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        self._after_reload(keep)

    def select_row(self, row: int) -> None:
        """Select *row* (as a click would) and show its detail."""
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    # -- internals -----------------------------------------------------------------------

    def _context_changed(self, *_args: object) -> None:
        # Hidden lists reload when next shown: one change never costs four reloads.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _configure_columns(self) -> None:
        columns = self.model.columns()
        keys = [c.key for c in columns]
        if "status" in keys:
            self.table.setItemDelegateForColumn(keys.index("status"), StatusDelegate(self))
        self.table.main_column = next((i for i, c in enumerate(columns) if c.stretch), 0)
        self._set_priority()
        self._fit()
        header = self.table.horizontalHeader()
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)

    def _set_priority(self) -> None:
        """Which columns stay when the list is narrow. The eligibility column shows only
        while an organization is chosen: first when the excluded calls are listed too
        (it says why), last when every row is eligible anyway."""
        keys = [c.key for c in self.model.columns()]
        ranked = [keys.index(k) for k in PRIORITY.get(self.kind, ()) if k in keys]
        rest = [i for i in range(len(keys)) if i not in ranked and i != self.table.main_column]
        if "eligibility" in keys:
            column = keys.index("eligibility")
            self.table.max_widths[column] = 300  # "Not eligible: territory (…), applicant type"
            rest.remove(column)
            if getattr(self.model, "show_excluded", False):
                ranked.insert(0, column)
            elif getattr(self.model, "filtering", False):
                rest.append(column)
        self.table.priority = ranked + rest

    def _fit(self) -> None:
        self.table.fit_columns()
        self._fitted = self.model.rowCount() > 0

    def _after_reload(self, keep: int | None) -> None:
        self._show_state()
        row = self.model.row_for_id(keep) if keep is not None else -1
        if row >= 0:
            self.select_row(row)
        elif keep is not None and self.model.search == "" and not self._narrowed:
            self._load_detail(keep)  # still exists, only sorted out of the loaded pages
        else:
            self.detail.show_message(_("Select a record in the list to see its details here."))

    def _show_state(self) -> None:
        texts = TEXTS[self.kind]
        if self.context.db is None:
            self.count.setText("")
            self.empty.show_state("loading", _("Opening the database…"), "")
            self.pages.setCurrentWidget(self.empty)
            return
        total = self.model.total
        filtered = self.eligibility is not None and self.eligibility.count_text()
        counted = filtered or count_text(self.kind, total)
        self.count.setText(counted if not self._error else "")
        self.count.setToolTip(self.eligibility.organization_name() if self.eligibility else "")
        if self._error:
            self.empty.show_state("database", _("The list could not be read"), self._error)
        elif total == 0 and filtered and self.eligibility is not None:
            title, hint = self.eligibility.empty_texts()
            button = _("Show excluded calls")
            self.empty.show_state("no-results", title, hint, button, self.eligibility.show_excluded)
        elif total == 0 and self.model.search:
            self.empty.show_state(
                "no-results",
                _(texts[3]).format(text=self.model.search),
                _("Check the spelling or search for fewer words."),
            )
        elif total == 0:
            self.empty.show_state(self.kind, _(texts[1]), _(texts[2]))
        else:
            self.pages.setCurrentWidget(self.table)
            return
        self.pages.setCurrentWidget(self.empty)
        self.detail.show_message("")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record_id = self.model.record_id(current.row()) if current.isValid() else None
        if record_id is not None:
            self._load_detail(record_id)

    def _load_detail(self, record_id: int) -> None:
        from grantdesk.services.details import RecordNotFoundError, detail

        db = self.context.db
        if db is None:
            return
        try:
            shown = detail(db, self.kind, record_id)
            if self.eligibility is not None:  # how the chosen organization stands with it
                shown = self.eligibility.annotate(shown)
            self.detail.show_detail(shown)
        except RecordNotFoundError as exc:
            self.detail.show_message(str(exc))
        except Exception:  # the list still works; the pane says what happened
            log.exception("detail of %s %s failed", self.kind, record_id)
            self.detail.show_message(_("The details could not be read from the database."))

    def _open_detail(self, index: QModelIndex) -> None:
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] == 0:
            self.splitter.setSizes([sizes[0] * 3 // 5, sizes[0] * 2 // 5])
        self.detail.focus_first()

    def _roll_forward(self) -> None:
        from grantdesk.ui.roll_forward import offer_roll_forward

        record_id = self.current_id()
        if record_id is not None:
            offer_roll_forward(self, self.context, record_id)

    def _list_failed(self, message: str) -> None:
        self._error = message

    def _save_splitter(self, _pos: int, _index: int) -> None:
        Settings().set_splitter_state(self.kind, self.splitter.saveState())
