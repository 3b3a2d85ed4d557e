"""The Home view: what is due at a glance, or the welcome page on an empty database."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from grantdesk.domain.money import format_eur
from grantdesk.i18n import _, current_language
from grantdesk.services import dashboard
from grantdesk.services.present import show
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import ui_locale
from grantdesk.ui.views.dashboard_widgets import (
    Card,
    ContextView,
    ScrollPage,
    due_phrase,
    muted,
    scaled_font,
    text_width,
)
from grantdesk.ui.views.entry_list import EntryList
from grantdesk.ui.views.home_widgets import (
    FigureTile,
    PipelineStrip,
    action_entries,
    deadline_entries,
    document_entries,
)
from grantdesk.ui.views.welcome import WelcomeView


class HomeView(ContextView):
    """The foundation liaison's dashboard: figures, pipeline, deadlines, actions, documents.

    Shows the ``WelcomeView`` instead while the database is empty, and a quiet
    "Opening the database…" while none is open.

    Signals:
        open_record(str, int): the user asked to open what a deadline belongs to
            (double-click or Enter): its kind ("call", "proposal" or "codesign") and id.
    """

    open_record = Signal(str, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("homeView")
        self.welcome = WelcomeView(context)
        self.pages.addWidget(self.welcome)
        self.dashboard = self._build_dashboard()
        self.pages.addWidget(self.dashboard)

    # -- layout ---------------------------------------------------------------------------

    def _build_dashboard(self) -> QScrollArea:
        content = ScrollPage()
        content.setObjectName("homeContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)
        layout.addLayout(self._build_header())

        figures = QHBoxLayout()
        figures.setSpacing(12)
        self.figure_calls = FigureTile(_("Open calls"))
        self.figure_organizations = FigureTile(_("Organizations in the register"))
        self.figure_proposals = FigureTile(_("Active proposals"))
        self.figure_codesigns = FigureTile(_("Co-design processes"))
        self.figure_requested = FigureTile(_("Grant requested by active proposals"))
        for tile in (
            self.figure_calls,
            self.figure_organizations,
            self.figure_proposals,
            self.figure_codesigns,
        ):
            figures.addWidget(tile, 2)
        figures.addWidget(self.figure_requested, 3)
        layout.addLayout(figures)

        pipeline = Card("")
        pipeline.setObjectName("homePipelineCard")
        pipeline.set_margins(18, 12, 12, 12)
        row = QHBoxLayout()
        row.setSpacing(14)
        caption = QLabel(_("Proposals by status"))
        caption.setObjectName("homePipelineTitle")
        caption.setWordWrap(True)
        caption.setFont(scaled_font(self.font(), 1.08, QFont.Weight.DemiBold))
        caption.setFixedWidth(text_width(caption.font(), "Progetti per", "Proposals by") + 8)
        self.pipeline = PipelineStrip()
        row.addWidget(caption)
        row.addWidget(self.pipeline, 1)
        pipeline.body.addLayout(row)
        layout.addWidget(pipeline)

        lists = QHBoxLayout()
        lists.setSpacing(16)
        lists.addWidget(self._build_deadlines(), 3)
        side = QVBoxLayout()
        side.setSpacing(16)
        self.side_column = side
        side.addWidget(self._build_actions(), 1)
        side.addWidget(self._build_documents(), 1)
        lists.addLayout(side, 2)
        layout.addLayout(lists, 1)

        scroll = QScrollArea()
        scroll.setObjectName("homeScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        content.setMinimumHeight(660)
        return scroll

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        title = QLabel(_("Overview"))
        title.setObjectName("homeTitle")
        title.setFont(scaled_font(self.font(), 1.6, QFont.Weight.Bold))
        self.today_label = QLabel()
        self.today_label.setObjectName("homeToday")
        self.today_label.setStyleSheet(f"color: {muted(self.palette()).name()};")
        self.today_label.setFont(scaled_font(self.font(), 1.05))
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.today_label, 0, Qt.AlignmentFlag.AlignBottom)
        return header

    def _build_deadlines(self) -> Card:
        card = Card(_("Upcoming deadlines"))
        card.setObjectName("homeDeadlinesCard")
        hint = QLabel(_("Double-click a deadline to open it"))
        hint.setStyleSheet(f"color: {muted(self.palette()).name()};")
        hint.setFont(scaled_font(self.font(), 0.9))
        card.header.addWidget(hint)
        bold = scaled_font(self.font(), 1.0, QFont.Weight.DemiBold)
        badge = text_width(bold, "00/00/0000 00:00", due_phrase(-99), due_phrase(-1)) + 6
        self.deadlines = EntryList(
            _("Nothing is overdue and nothing falls due in the coming month."),
            badge_width=badge,
            side_width=text_width(self.font(), "Francesca Bellini", _("no owner")),
        )
        self.deadlines.setObjectName("homeDeadlines")
        self.deadlines.setMinimumHeight(240)
        self.deadlines.record_activated.connect(self.open_record)
        card.body.addWidget(self.deadlines)
        self.deadlines_card = card
        return card

    def _build_actions(self) -> Card:
        card = Card(_("Open action items of the co-design tables"))
        card.setObjectName("homeActionsCard")
        bold = scaled_font(self.font(), 1.0, QFont.Weight.DemiBold)
        self.action_items = EntryList(
            _("No open action items: everything decided at the tables is done."),
            badge_width=text_width(bold, "00/00/0000", due_phrase(99)) + 4,
        )
        self.action_items.setObjectName("homeActions")
        self.action_items.setMinimumHeight(110)
        card.body.addWidget(self.action_items)
        self.actions_card = card
        return card

    def _build_documents(self) -> Card:
        card = Card(_("Expiring documents"))
        card.setObjectName("homeDocumentsCard")
        bold = scaled_font(self.font(), 1.0, QFont.Weight.DemiBold)
        self.documents = EntryList(
            _("No organization's document expires in the next 30 days."),
            badge_width=text_width(bold, "00/00/0000", due_phrase(99), _("expires today")) + 4,
        )
        self.documents.setObjectName("homeDocuments")
        self.documents.setMinimumHeight(110)
        card.body.addWidget(self.documents)
        self.documents_card = card
        return card

    # -- data -----------------------------------------------------------------------------

    def _reload(self) -> None:
        db = self.context.db
        assert db is not None
        if self.welcome.is_busy():
            return  # the dashboard appears when the example data is complete
        if db.is_empty():
            self.pages.setCurrentWidget(self.welcome)
            return
        today = self.today()
        lang = current_language()
        self.today_label.setText(
            ui_locale().toString(QDate(today.year, today.month, today.day), "dddd d MMMM yyyy")
        )

        figures = dashboard.overview(db)
        self.figure_calls.set_value(show(figures.open_calls, "int"))
        self.figure_organizations.set_value(show(figures.organizations, "int"))
        self.figure_proposals.set_value(show(figures.active_proposals, "int"))
        self.figure_codesigns.set_value(show(figures.codesigns, "int"))
        self.figure_requested.set_value(
            format_eur(figures.requested_open, lang, places=0),
            show(figures.requested_open, "money"),
        )
        self.pipeline.set_counts(dashboard.pipeline(db))

        due = dashboard.upcoming(db, today)
        self.deadlines.set_entries(deadline_entries(due))
        self.deadlines_card.set_count(len(due) if due else None)

        actions = dashboard.open_actions(db, today)
        self.action_items.set_entries(action_entries(actions, today))
        self.actions_card.set_count(len(actions) if actions else None)

        documents = dashboard.expiring_documents(db, today)
        self.documents.set_entries(document_entries(documents, today))
        self.documents_card.set_count(len(documents) if documents else None)
        # The two side cards share the height by how much each has to show.
        self.side_column.setStretch(0, min(len(actions), 6) + 2)
        self.side_column.setStretch(1, min(len(documents), 6) + 2)

        self.pages.setCurrentWidget(self.dashboard)
