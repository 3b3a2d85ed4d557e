"""The application frame: sidebar, the main views, one search box, menus and status bar.

Nothing heavy is imported here: the views are built only when first needed (after the
database is open), so the window paints before SQLAlchemy is even loaded.
"""

from __future__ import annotations

import logging
import os
from html import escape

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui import database_dialogs, icons
from grantdesk.ui.context import AppContext
from grantdesk.ui.menus import Actions, build_menus
from grantdesk.ui.opening import DatabaseOpener, display_location
from grantdesk.ui.proposal_exchange_actions import add_file_actions
from grantdesk.ui.reminders import install_reminders
from grantdesk.ui.settings import Settings
from grantdesk.ui.view_host import ViewHost, database_caption
from grantdesk.ui.views import NAMES, VIEWS

log = logging.getLogger(__name__)

SIDEBAR_WIDTH = 212
SEARCH_DELAY_MS = 250
MINIMUM_SIZE = QSize(960, 600)


class MainWindow(QMainWindow):
    """GrantDesk's main window.

    Signals:
        first_painted(): the window was painted for the first time.
        data_shown(): the current view was filled from a newly opened database.
        view_changed(str): another main view is shown (its name).
    """

    first_painted = Signal()
    data_shown = Signal()
    view_changed = Signal(str)

    def __init__(
        self,
        context: AppContext,
        settings: Settings | None = None,
        *,
        interactive: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = settings or Settings()
        self.interactive = interactive
        self.opener = DatabaseOpener(self, interactive=interactive)
        self.opener.started.connect(self._opening)
        self.opener.opened.connect(self._opened)
        self.opener.failed.connect(self._open_failed)
        self.location = ""
        self.save_on_close = True
        self._failure = ""  # why the last database did not open
        self._painted = False
        self._searches: dict[str, str] = {}
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)

        self.setObjectName("MainWindow")
        self.setWindowTitle("GrantDesk")
        self.setWindowIcon(icons.app_icon())
        # An explicit minimum: the views' layouts then never resize the window's limits.
        self.setMinimumSize(MINIMUM_SIZE)
        self.hosts = {spec.name: ViewHost(spec, context) for spec in VIEWS}
        self._build()
        self.reminders = install_reminders(self, context)
        self.menu_actions: Actions = build_menus(self)
        add_file_actions(self)  # File ▸ Import proposal from file…, Export for partners…
        self._retranslate_frame()
        context.database_changed.connect(self._database_changed)
        context.data_changed.connect(self._data_changed)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        if not self.restoreGeometry(self.settings.window_geometry):
            self.resize(1280, 800)
        self.restoreState(self.settings.window_state)
        start = self.settings.last_view
        self.show_view(start if start in NAMES else "home")

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        toolbar = QToolBar()
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.toggleViewAction().setEnabled(False)
        toolbar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        brand = QWidget()
        brand.setObjectName("Brand")
        brand.setFixedWidth(SIDEBAR_WIDTH - 8)
        brand_layout = QHBoxLayout(brand)
        brand_layout.setContentsMargins(10, 0, 0, 0)
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(QSize(24, 24)))
        name = QLabel("GrantDesk")
        name.setObjectName("BrandName")
        brand_layout.addWidget(logo)
        brand_layout.addWidget(name, 1)
        toolbar.addWidget(brand)
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.search.setMaximumWidth(480)
        self.search.addAction(
            icons.icon("search", icons.MUTED), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search.textChanged.connect(self._search_text_changed)
        self.search.returnPressed.connect(self._search_return)
        self.search.installEventFilter(self)
        toolbar.addWidget(self.search)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setUniformItemSizes(True)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        for spec in VIEWS:
            item = QListWidgetItem(icons.icon(spec.icon), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setSizeHint(QSize(SIDEBAR_WIDTH - 16, 40))
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._sidebar_row_changed)

        self.stack = QStackedWidget()
        self.stack.setObjectName("ViewStack")
        for host in self.hosts.values():
            self.stack.addWidget(host)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.db_icon = QLabel()
        self.db_icon.setPixmap(icons.icon("database", icons.MUTED).pixmap(QSize(16, 16)))
        self.db_label = QLabel()
        self.db_label.setObjectName("DatabaseLabel")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("CountsLabel")
        status = self.statusBar()
        status.setObjectName("StatusBar")
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.db_icon)
        status.addPermanentWidget(self.db_label)
        self.setTabOrder(self.sidebar, self.search)

    def _retranslate_frame(self) -> None:
        for row, spec in enumerate(VIEWS):
            number = row + 1
            item = self.sidebar.item(row)
            item.setText(_(spec.title))
            item.setToolTip(f"{_(spec.title)} (Ctrl+{number})")
        self.search.setToolTip(
            _("Search the current list ({shortcut})").format(
                shortcut=QKeySequence(QKeySequence.StandardKey.Find).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
            )
        )
        self._update_database_label()
        self._update_counts()
        self._update_search_box()
        self._show_host_states()

    # -- views -------------------------------------------------------------------------------

    def current_view_name(self) -> str:
        host = self.stack.currentWidget()
        return host.spec.name if isinstance(host, ViewHost) else "home"

    def current_view(self) -> QWidget | None:
        """The widget of the current main view, once built."""
        return self.hosts[self.current_view_name()].view

    def show_view(self, name: str) -> None:
        """Switch to the main view called *name*."""
        host = self.hosts[name]
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._apply_search()
        self.stack.setCurrentWidget(host)
        row = NAMES.index(name)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)
        self.menu_actions.views[name].setChecked(True)
        self._activate(host)
        self._update_search_box()
        self.view_changed.emit(name)

    def _sidebar_row_changed(self, row: int) -> None:
        if 0 <= row < len(VIEWS) and VIEWS[row].name != self.current_view_name():
            self.show_view(VIEWS[row].name)

    def _activate(self, host: ViewHost) -> None:
        """Build *host*'s view when there is a database to show (it then keeps itself
        up to date from the context's signals)."""
        if self.context.db is None:
            self._show_host_states()
            return
        try:
            view = host.ensure_view()
        except Exception:
            log.exception("the %s view could not be built", host.spec.name)
            host.show_state(
                "info", _("This view could not be opened."), _("The error has been logged.")
            )
            return
        if host.spec.searchable and hasattr(view, "set_search"):
            view.set_search(self._searches.get(host.spec.name, ""))

    def _show_host_states(self) -> None:
        for host in self.hosts.values():
            if host.view is not None and self.context.db is not None:
                continue
            if self.opener.busy:
                host.show_state(
                    "loading", _("Opening the database…"), display_location(self.location or None)
                )
            elif self.context.db is None:
                advice = _(
                    "Open a GrantDesk database, create a new one, or connect to a shared one."
                )
                host.show_state(
                    "database",
                    _("No database is open"),
                    f"{self._failure}\n\n{advice}" if self._failure else advice,
                    _("Open database…"),
                    self.choose_database,
                )

    # -- search ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        if self.search.isEnabled():
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()

    def _search_text_changed(self, text: str) -> None:
        if text:
            self._search_timer.start()  # typing: wait for a pause
        else:  # cleared (the clear button, Esc): show everything at once
            self._search_timer.stop()
            self._apply_search()

    def _apply_search(self) -> None:
        name = self.current_view_name()
        if not self.hosts[name].spec.searchable:
            return
        self._searches[name] = self.search.text()
        view = self.current_view()
        if view is not None and hasattr(view, "set_search"):
            view.set_search(self.search.text())

    def _search_return(self) -> None:
        self._search_timer.stop()
        self._apply_search()
        view = self.current_view()
        if view is not None and hasattr(view, "focus_list"):
            view.focus_list()

    def _update_search_box(self) -> None:
        host = self.hosts[self.current_view_name()]
        self.search.blockSignals(True)
        self.search.setText(self._searches.get(host.spec.name, ""))
        self.search.blockSignals(False)
        self.search.setEnabled(host.spec.searchable)
        view = host.view
        if host.spec.searchable and view is not None and hasattr(view, "search_placeholder"):
            self.search.setPlaceholderText(view.search_placeholder())
        elif host.spec.searchable:
            self.search.setPlaceholderText(
                _("Search {list}").format(list=_(host.spec.title).lower())
            )
        else:
            self.search.setPlaceholderText(_("Open a list to search it"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape  # type: ignore[attr-defined]
        ):
            self.search.clear()
            return True
        return super().eventFilter(watched, event)

    # -- databases ---------------------------------------------------------------------------

    def open_database(self, location: str | None, *, create: bool = True) -> bool:
        """Open *location* (None: the default file) in the background."""
        self.location = location or ""
        return self.opener.open(location, create=create)

    def choose_database(self) -> None:
        """File › Open database…"""
        path = database_dialogs.choose_existing(self, self.settings)
        if path:
            self.open_database(path, create=False)

    def new_database(self) -> None:
        """File › New database…"""
        path = database_dialogs.choose_new(self, self.settings)
        if path:
            self.open_database(path, create=True)

    def connect_server(self) -> None:
        """File › Connect to a shared database…"""
        url = database_dialogs.ask_server_url(self)
        if url:
            self.open_database(url, create=False)

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File › Recent databases (rebuilt each time it opens)."""

        def open_recent(location: str) -> None:
            self.open_database(location, create=False)

        database_dialogs.fill_recent_menu(menu, self.settings, open_recent)

    def _opening(self, shown: str) -> None:
        self.db_label.setText(_("Opening {db}…").format(db=shown))
        self._show_host_states()

    def _opened(self, db: object, location: str) -> None:
        self._failure = ""
        self.location = location
        self.settings.add_recent(location)
        self.context.set_database(db)  # type: ignore[arg-type]
        self.data_shown.emit()

    def _open_failed(self, message: str, location: str) -> None:
        self._failure = message
        self._update_database_label()
        self._show_host_states()
        if not self.interactive:
            self.statusBar().showMessage(message)
            return
        answer = database_dialogs.ask_after_failure(self, message, self.context.db is None)
        if answer == "open":
            self.choose_database()
        elif answer == "quit":
            self.close()

    def import_calls(self) -> None:
        """File ▸ Import calls…: read calls from a JSON/CSV/XLSX file into the open database."""
        if self.context.db is None:
            self.statusBar().showMessage(
                _("Open a database first, then import calls into it."), 6000
            )
            return
        from grantdesk.ui.import_wizard import ImportCallsWizard

        wizard = ImportCallsWizard(self.context, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()

    def manage_funders(self) -> None:
        """Edit ▸ Funders…: create, edit, merge and delete the funders of the open database."""
        if self.context.db is None:
            self.statusBar().showMessage(_("Open a database first, then manage its funders."), 6000)
            return
        from grantdesk.ui.funders_dialog import FundersDialog

        dialog = FundersDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _database_changed(self) -> None:
        self.menu_actions.import_calls.setEnabled(self.context.db is not None)
        self.menu_actions.funders.setEnabled(self.context.db is not None)
        self._update_database_label()
        self._update_counts()
        self._activate(self.hosts[self.current_view_name()])
        self._update_search_box()

    def _data_changed(self, _kind: str) -> None:
        self._update_counts()

    def _update_database_label(self) -> None:
        db = self.context.db
        if db is not None:
            caption = database_caption(db)
            self.db_label.setText(caption)
            self.db_label.setToolTip(_("Open database: {db}").format(db=caption))
            name = os.path.basename(caption) if db.target.path is not None else caption
            self.setWindowTitle(f"{name} – GrantDesk")
        elif not self.opener.busy:
            self.db_label.setText(_("No database open"))
            self.db_label.setToolTip("")
            self.setWindowTitle("GrantDesk")

    def _update_counts(self) -> None:
        db = self.context.db
        if db is None:
            self.counts_label.setText("")
            return
        from grantdesk.services.listing import KINDS, count_rows
        from grantdesk.ui.views.records import count_text

        try:  # the lists, in sidebar order (the Board shows proposals again)
            parts = [count_text(kind, count_rows(db, kind)) for kind in NAMES if kind in KINDS]
        except Exception:
            log.exception("counting records failed")
            parts = []
        self.counts_label.setText("  ·  ".join(parts))

    # -- settings, about, closing ------------------------------------------------------------

    def edit_settings(self) -> None:
        """File › Settings…"""
        from grantdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self, context=self.context)
        if dialog.exec() and dialog.language_changed:
            from grantdesk.ui.i18n import apply_language

            apply_language(self.settings.language or None)
            self.retranslate()

    def retranslate(self) -> None:
        """Show every text again in the current language (views are rebuilt)."""
        current = self.current_view_name()
        self.menu_actions = build_menus(self)
        add_file_actions(self)
        for host in self.hosts.values():
            host.drop_view()
        self._retranslate_frame()
        self.show_view(current)

    def show_about(self) -> None:
        """Help › About GrantDesk."""
        import platform

        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        from grantdesk import __version__

        db = self.context.db
        where = escape(db.label) if db is not None else _("no database open")
        tagline = _("Calls, multi-partner proposals and co-design for third-sector bodies.")
        text = (
            f"<h3>GrantDesk {escape(__version__)}</h3>"
            f"<p>{escape(tagline)}</p>"
            f"<p>{escape(_('Database'))}: {where}</p>"
            f"<p style='color:#5b6778'>Python {escape(platform.python_version())} · "
            f"Qt {escape(qVersion())} · PySide6 {escape(pyside_version)}</p>"
        )
        QMessageBox.about(self, _("About GrantDesk"), text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.save_on_close:
            super().closeEvent(event)
            return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.last_view = self.current_view_name()
        self.settings.sync()
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)
