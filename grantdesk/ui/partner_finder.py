"""Find partners: filter the register, or ask who could partner on a call; read each
body's history beside the list.

Opened from the Organizations list ("Find partners…", Ctrl+Shift+P) or from a call's
detail pane ("Who could partner…", Ctrl+Shift+P in the calls list), which presets it to
that call: only the bodies the call admits (applicant types, territory) are listed, best
matches first, each with the reasons. Every search runs in the thread pool
(:class:`grantdesk.ui.tasks.Task`), a page at a time as the list scrolls; answers that
arrive after the question changed are dropped. Selecting a body reads its history
(proposals as lead or partner, outcomes, amounts, co-design processes) in the background
too and shows it at the side.
"""

from __future__ import annotations

import logging
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui.partner_finder_widgets import FilterBar, PartnerTableModel, short_form
from grantdesk.ui.tasks import Task
from grantdesk.ui.views.empty_state import EmptyState

if TYPE_CHECKING:
    from grantdesk.services.database import Database
    from grantdesk.services.partner_history import History
    from grantdesk.services.partners import (
        CallPartner,
        CallPartners,
        PartnerFilter,
        PartnerResults,
        PartnerRow,
    )
    from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+Shift+P"
PAGE = 200
SEARCH_DELAY_MS = 200


def _search(
    db: Database,
    wanted: PartnerFilter,
    call_id: int | None,
    offset: int,
    key: int,
    *,
    progress: Any,
) -> tuple[int, int, Any]:
    """Runs in the thread pool: a page of the finder or of a call's partners."""
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.partners import partners_for_call, search_partners

    try:
        if call_id is not None:
            found: Any = partners_for_call(db, call_id, today_in_rome(), wanted, PAGE, offset)
        else:
            found = search_partners(db, wanted, today_in_rome(), PAGE, offset)
        return key, offset, found
    except Exception as exc:
        return key, offset, exc


def _history(db: Database, organization_id: int, key: int, *, progress: Any) -> tuple[int, Any]:
    from grantdesk.services.partner_history import organization_history

    try:
        return key, organization_history(db, organization_id)
    except Exception as exc:
        return key, exc


class PartnerFinderDialog(QDialog):
    """The finder: filters on top, the bodies found on the left, a history on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("PartnerFinder")
        self.setWindowTitle(_("Find partners"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.resize(1220, 760)
        self.call_id: int | None = None
        self.call: CallPartners | None = None
        self._key = 0  # the question being answered; older answers are dropped
        self._history_key = 0
        self._total = 0
        self._fetching = False
        self._keep: int | None = None  # the body to select again after a new answer

        self.title = QLabel(_("Find partners"))
        self.title.setObjectName("ViewTitle")
        self.count = QLabel()
        self.count.setObjectName("ViewCount")
        self.busy = QLabel()
        self.busy.setObjectName("HintText")
        heading = QHBoxLayout()
        heading.setContentsMargins(20, 14, 20, 8)
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBaseline)
        heading.addStretch(1)
        heading.addWidget(self.busy)

        self.banner = self._build_banner()
        self.filters = FilterBar()
        self.model = PartnerTableModel(self)
        self.table = self._build_table()
        self.empty = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.history = HistoryPanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("RecordsSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.history)
        splitter.setSizes([760, 460])
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.filters.changed.connect(self._timer.start)
        focus = QAction(self)
        focus.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        focus.triggered.connect(lambda: self.filters.search.setFocus())
        self.addAction(focus)
        context.database_changed.connect(self._database_changed)
        context.data_changed.connect(self._data_changed)
        self._load_choices()

    # -- building ------------------------------------------------------------------------

    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("PartnerCallBanner")
        banner.setStyleSheet(
            "QFrame#PartnerCallBanner { background: #eef4fb; border: 1px solid #cfdff4;"
            " border-radius: 6px; } QFrame#PartnerCallBanner QLabel { background: transparent; }"
        )
        self.banner_title = QLabel()
        self.banner_title.setWordWrap(True)
        self.banner_title.setTextFormat(Qt.TextFormat.RichText)
        self.banner_rules = QLabel()
        self.banner_rules.setWordWrap(True)
        self.banner_rules.setObjectName("HintText")
        self.leave_button = QPushButton(_("Show all organizations"))
        self.leave_button.clicked.connect(lambda: self.set_call(None))
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.banner_title)
        text.addWidget(self.banner_rules)
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 8, 12, 8)
        row.addLayout(text, 1)
        row.addWidget(self.leave_button, 0, Qt.AlignmentFlag.AlignVCenter)
        outer = QFrame()
        box = QBoxLayout(QBoxLayout.Direction.TopToBottom, outer)
        box.setContentsMargins(20, 0, 20, 10)
        box.addWidget(banner)
        outer.setVisible(False)
        return outer

    def _build_table(self) -> QTableView:
        from grantdesk.ui.views.records import RecordTable

        table = RecordTable()
        table.MIN_MAIN_WIDTH = 220
        table.horizontalHeader().setSortIndicatorShown(False)
        table.setModel(self.model)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.verticalScrollBar().valueChanged.connect(self._scrolled)
        return table

    def _fit_columns(self) -> None:
        """The name takes the room left; the other columns show, most useful first, while
        they fit (the list is the records lists' table)."""
        from grantdesk.ui.views.records import RecordTable

        table = self.table
        assert isinstance(table, RecordTable)
        keys = list(self.model.headers())
        order = ("Why", "Place", "Themes", "Documents", "Legal form", "Proposals")
        table.main_column = keys.index("Name")
        table.priority = [keys.index(k) for k in order if k in keys]
        table.max_widths = {
            keys.index(k): w for k, w in (("Why", 360), ("Place", 170)) if k in keys
        }
        table.max_widths |= {keys.index(k): 160 for k in ("Themes",) if k in keys}
        table.fit_columns()

    # -- what the opener calls -----------------------------------------------------------

    def set_call(self, call_id: int | None) -> None:
        """Ask who could partner on *call_id* (None: the whole register), filters kept."""
        self.call_id = call_id
        self.call = None
        self._keep = None
        self.banner.setVisible(call_id is not None)
        self.title.setText(_("Who could partner") if call_id is not None else _("Find partners"))
        self.search()

    def search(self) -> None:
        """Ask again with the current filters (the answer comes back in the background)."""
        self._timer.stop()
        db = self.context.db
        if db is None:
            return
        self._key += 1
        self._fetching = True
        self.busy.setText(_("Searching…"))
        task = Task(_search, db, self.filters.value(), self.call_id, 0, self._key)
        task.succeeded.connect(self._answered)
        task.start()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()].id if index.isValid() else None

    # -- answers ---------------------------------------------------------------------------

    def _answered(self, result: tuple[int, int, Any]) -> None:
        key, offset, found = result
        if key != self._key:
            return
        self._fetching = False
        self.busy.setText("")
        if isinstance(found, Exception):
            self._failed(found)
            return
        from grantdesk.services.partners import CallPartners

        matches = list(found.partners) if isinstance(found, CallPartners) else None
        rows = [] if matches is not None else list(found.rows)
        self._total = found.total
        if offset:
            self.model.append(rows, matches)
            return
        keep = self._keep if self._keep is not None else self.current_id()
        if isinstance(found, CallPartners):
            self.call = found
            self._show_call(found)
        self.model.set_rows(rows, matches)
        self._fit_columns()
        self._show_state(found)
        row = self.model.row_for_id(keep) if keep is not None else -1
        self.select_row(max(row, 0))

    def _failed(self, exc: Exception) -> None:
        from grantdesk.services.details import RecordNotFoundError

        self.model.set_rows([], None)
        if isinstance(exc, RecordNotFoundError) and self.call_id is not None:
            self.context.status_message.emit(str(exc))
            self.set_call(None)
            return
        log.warning("finding partners failed: %s", exc)
        self.count.setText("")
        self.empty.show_state(
            "database", _("The organizations could not be read"), str(exc) or type(exc).__name__
        )
        self.pages.setCurrentWidget(self.empty)
        self.history.setVisible(False)

    def _show_call(self, call: CallPartners) -> None:
        self.banner_title.setText(
            _("Who could partner on <b>{title}</b> — {funder}").format(
                title=escape(call.title), funder=escape(call.funder)
            )
        )
        rules = [
            _("Applicant types: {forms}").format(
                forms=", ".join(short_form(f) for f in call.forms) if call.forms else _("any")
            ),
            _("Territory: {territory}").format(territory=call.territory or _("anywhere")),
        ]
        if call.themes:
            rules.append(_("Themes: {themes}").format(themes=", ".join(call.themes)))
        rules.append(_("Best matches first: shared themes, documents in order, past proposals."))
        self.banner_rules.setText(" · ".join(rules[:-1]) + "\n" + rules[-1])

    def _show_state(self, found: PartnerResults | CallPartners) -> None:
        from grantdesk.ui.views.records import count_text

        total = found.total
        self.count.setText(count_text("organizations", total))
        # Nothing found: the sentence takes the whole width, the history panel steps aside.
        self.history.setVisible(bool(total))
        if total:
            self.pages.setCurrentWidget(self.table)
            return
        wanted = self.filters.value()
        if found.unknown_places:
            title = _("No organization is based in “{place}”").format(place=found.unknown_places[0])
            hint = _(
                "Type a province (PV or Pavia), a region or a municipality, and choose "
                "from the suggestions."
            )
        elif self.call_id is not None:
            title = _("No organization could partner on this call")
            hint = (
                _(
                    "None on record has an applicant type and a seat the call admits. "
                    "Check the call's rules, or add the bodies you know."
                )
                if wanted.empty
                else _(
                    "None on record matches both the call's rules and these filters. "
                    "Remove a filter, or check the call's rules."
                )
            )
        elif wanted.empty:
            title = _("No organizations yet")
            hint = _("Add or import the bodies you work with: they will be listed here.")
        else:
            title = _("No organization matches these filters")
            hint = _("Remove a filter, or type a wider territory (a region instead of a town).")
        button = _("Clear filters") if not wanted.empty else ""
        self.empty.show_state("no-results", title, hint, button, self.filters.clear)
        self.pages.setCurrentWidget(self.empty)

    # -- paging and selection --------------------------------------------------------------

    def _scrolled(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        if value >= bar.maximum() - 5:
            self.fetch_more()

    def fetch_more(self) -> None:
        """Read the next page when rows remain and none is being read."""
        db = self.context.db
        if db is None or self._fetching or self.model.rowCount() >= self._total:
            return
        self._fetching = True
        offset = self.model.rowCount()
        task = Task(_search, db, self.filters.value(), self.call_id, offset, self._key)
        task.succeeded.connect(self._answered)
        task.start()

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        db = self.context.db
        if not current.isValid() or db is None:
            return
        row = self.model.rows[current.row()]
        self._keep = None
        match = self.model.matches[current.row()] if self.model.for_call else None
        self.history.show_loading(row, match)
        self._history_key += 1
        task = Task(_history, db, row.id, self._history_key)
        task.succeeded.connect(self._history_read)
        task.start()

    def _history_read(self, result: tuple[int, History | Exception]) -> None:
        key, history = result
        if key != self._history_key:
            return
        if isinstance(history, Exception):
            log.warning("reading a history failed: %s", history)
            self.history.show_message(_("The history could not be read from the database."))
            return
        self.history.show_history(history)

    # -- the context -----------------------------------------------------------------------

    def _load_choices(self) -> None:
        from grantdesk.services.partners import territory_choices, theme_choices

        db = self.context.db
        if db is None:
            return
        try:
            self.filters.set_choices(theme_choices(db), territory_choices(db))
        except Exception as exc:  # the finder still works without suggestions
            log.warning("reading the finder's suggestions failed: %s", exc)

    def _database_changed(self) -> None:
        self._load_choices()
        self.set_call(None)

    def _data_changed(self, kind: str) -> None:
        if kind in ("organizations", "proposals", "codesigns", "calls", "*"):
            self._keep = self.current_id()
            if kind in ("organizations", "*"):
                self._load_choices()
            self.search()


class HistoryPanel(QWidget):
    """The selected body: its place and papers, why it matches a call, and its history."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from grantdesk.ui.views.detail_pane import DOCUMENT_CSS

        self.setObjectName("DetailPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(360)
        self.title = QLabel()
        self.title.setObjectName("DetailTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("DetailSubtitle")
        self.subtitle.setWordWrap(True)
        self.body = QTextBrowser()
        self.body.setObjectName("DetailBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.document().setDefaultStyleSheet(DOCUMENT_CSS)
        self.body.document().setDocumentMargin(0)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("DetailPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        record = QWidget()
        layout = QVBoxLayout(record)
        layout.setContentsMargins(20, 16, 12, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addWidget(self.body, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(record)
        self.pages.addWidget(self.placeholder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self._intro = ""
        self.show_message(_("Select an organization to see its history here."))

    def show_message(self, text: str) -> None:
        self.placeholder.setText(text)
        self.pages.setCurrentWidget(self.placeholder)

    def show_loading(self, row: PartnerRow, match: CallPartner | None) -> None:
        """The body's heading at once; its history follows when read."""
        from grantdesk.ui.partner_finder_history import intro_html

        self.title.setText(row.name)
        self.subtitle.setText(" · ".join(p for p in (row.legal_form.label, row.place) if p))
        self._intro = intro_html(row, match)
        self.body.setHtml(self._intro + f'<p class="empty">{escape(_("Reading the history…"))}</p>')
        self.pages.setCurrentIndex(0)

    def show_history(self, history: History) -> None:
        from grantdesk.ui.partner_finder_history import history_html

        self.body.setHtml(self._intro + history_html(history))
        self.pages.setCurrentIndex(0)

    def text(self) -> str:
        """What the panel shows, as plain text (for tests)."""
        return self.body.toPlainText()


def open_partner_finder(
    parent: QWidget, context: AppContext, call_id: int | None = None
) -> PartnerFinderDialog:
    """Show the window's finder (one per window), preset to *call_id* when given."""
    window = parent.window()
    dialog = window.findChild(PartnerFinderDialog)
    if dialog is None:
        dialog = PartnerFinderDialog(context, window)
    dialog.set_call(call_id)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def attach_partner_finder(view: Any, heading: QHBoxLayout) -> None:
    """Give a records view its way into the finder: on the organizations list a "Find
    partners…" button; on the calls list the detail pane's "Who could partner…". Both
    answer Ctrl+Shift+P while the list is shown."""
    action = QAction(_("Find partners"), view)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    view.addAction(action)
    if view.kind == "organizations":
        button = QPushButton(_("Find partners…"))
        button.setObjectName("FindPartnersButton")
        button.setToolTip(
            _("Find bodies by theme, territory, legal form and papers ({shortcut})").format(
                shortcut=SHORTCUT
            )
        )
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(lambda: open_partner_finder(view, view.context))
        heading.addSpacing(12)  # apart from the list's own toolbar, if any
        heading.addWidget(button)
        action.triggered.connect(lambda: open_partner_finder(view, view.context))
        view.find_partners_button = button
    elif view.kind == "calls":

        def for_call() -> None:
            open_partner_finder(view, view.context, view.current_id())

        view.detail.find_partners_requested.connect(for_call)
        action.triggered.connect(for_call)
    view.find_partners_action = action
