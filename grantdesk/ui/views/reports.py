"""The Reports view: where the pipeline stands, and how each funder has answered us."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.money import format_eur
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services import dashboard
from grantdesk.services.dashboard import FunderResult, StatusCount
from grantdesk.services.database import Database
from grantdesk.services.present import show
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import FunderResultsModel, totals
from grantdesk.ui.report_export import DeadlinesExportDialog, ReportExporter
from grantdesk.ui.views.dashboard_widgets import (
    Card,
    ContextView,
    ScrollPage,
    mix,
    muted,
    scaled_font,
    status_colour,
)
from grantdesk.ui.views.home_widgets import pipeline_tooltip


def nice_step(top: Decimal, ticks: int = 5) -> Decimal:
    """A round axis step (1, 2, 2.5 or 5 × 10ⁿ) giving about *ticks* intervals up to *top*."""
    if top <= 0:
        return Decimal(1)
    raw = top / ticks
    power = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        step = power * factor
        if step >= raw:
            return step
    return power * 10


class PipelineChart(QWidget):
    """Horizontal bars: grant requested per proposal status, with the count per status.

    Hand-painted rather than QtCharts so that every figure, axis labels included, is in
    Italian format (``€ 120.000``) and the colours match the Home's pipeline strip.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPipelineChart")
        self._rows: list[StatusCount] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_rows(self, rows: list[StatusCount]) -> None:
        self._rows = list(rows)
        self.setAccessibleDescription("; ".join(pipeline_tooltip(r) for r in rows))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 12

    def sizeHint(self) -> QSize:
        return QSize(600, self._row_height() * max(1, len(self._rows)) + self._axis_height())

    def _axis_height(self) -> int:
        return self.fontMetrics().height() + 10

    def _label(self, row: StatusCount) -> str:
        return f"{row.status.label} ({row.proposals})"

    def _geometry(self) -> tuple[int, int, Decimal, Decimal]:
        """Left edge of the bars, their full width, the axis top and its step."""
        label_w = max(
            (self.fontMetrics().horizontalAdvance(self._label(r)) for r in self._rows), default=80
        )
        left = label_w + 16
        top = max((r.requested for r in self._rows), default=Decimal(0))
        step = nice_step(top)
        intervals = (top / step).to_integral_value(ROUND_CEILING) if top > 0 else Decimal(1)
        axis_top = step * max(Decimal(1), intervals)
        value_room = QFontMetrics(self._value_font()).horizontalAdvance("€ 000.000.000") + 12
        return left, max(40, self.width() - left - value_room), axis_top, step

    def _value_font(self) -> QFont:
        return scaled_font(self.font(), 0.92)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        soft = muted(pal)
        lang = current_language()
        left, width, axis_top, step = self._geometry()
        row_h = self._row_height()
        chart_h = row_h * len(self._rows)
        small = self._value_font()

        # Gridlines and € axis labels.
        painter.setFont(small)
        tick = Decimal(0)
        while tick <= axis_top:
            x = left + round(width * float(tick / axis_top))
            painter.setPen(QPen(mix(base, text, 0.10 if tick else 0.25), 1))
            painter.drawLine(x, 0, x, chart_h)
            painter.setPen(soft)
            label = format_eur(tick, lang, places=0)
            box = QRect(x - 60, chart_h + 4, 120, self._axis_height() - 4)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
            tick += step

        for n, row in enumerate(self._rows):
            y = n * row_h
            empty = row.proposals == 0
            painter.setFont(self.font())
            painter.setPen(soft if empty else text)
            painter.drawText(
                QRect(0, y, left - 12, row_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._label(row),
            )
            bar_w = round(width * float(row.requested / axis_top)) if row.requested else 0
            if bar_w:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(status_colour(row.status))
                painter.drawRoundedRect(QRectF(left, y + 5, max(bar_w, 3), row_h - 10), 3, 3)
            if not empty:
                painter.setFont(small)
                painter.setPen(soft)
                painter.drawText(
                    QRect(left + bar_w + 8, y, 200, row_h),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    format_eur(row.requested, lang, places=0),
                )
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self._row_at(event.pos())
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), pipeline_tooltip(row), self)
            return True
        return super().event(event)

    def _row_at(self, pos: QPoint) -> StatusCount | None:
        index = pos.y() // self._row_height()
        return self._rows[index] if 0 <= index < len(self._rows) else None


class TotalsDelegate(QStyledItemDelegate):
    """Draws a rule above the totals row of the results table."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        if index.data(FunderResultsModel.TotalRole):
            painter.save()
            painter.setPen(QPen(muted(option.palette), 1))
            painter.drawLine(option.rect.topLeft(), option.rect.topRight())
            painter.restore()


class ReportsView(ContextView):
    """A coordinator's report: proposals by status, and results by funder for a year.

    Signals: none of its own (it only reads).
    """

    KINDS = frozenset({"proposals", "calls"})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("reportsView")
        content = ScrollPage()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)
        title = QLabel(_("Pipeline and results"))
        title.setObjectName("reportsTitle")
        title.setFont(scaled_font(self.font(), 1.6, QFont.Weight.Bold))
        layout.addLayout(self._build_title_row(title))
        layout.addWidget(self._build_pipeline())
        layout.addWidget(self._build_results(), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.pages.addWidget(scroll)
        self.content = scroll
        self._year_chosen = False

    def _build_title_row(self, title: QLabel) -> QHBoxLayout:
        """The title, and Export PDF… (pipeline for the chosen year, or deadlines)."""
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(title)
        row.addStretch(1)
        self.export_busy = QProgressBar()
        self.export_busy.setObjectName("reportsExportBusy")
        self.export_busy.setRange(0, 0)  # a build has no steps to count: an indeterminate bar
        self.export_busy.setFixedWidth(120)
        self.export_busy.setTextVisible(False)
        self.export_busy.hide()
        self.export_busy_label = QLabel(_("Preparing the PDF…"))
        self.export_busy_label.setStyleSheet(f"color: {muted(self.palette()).name()};")
        self.export_busy_label.hide()
        row.addWidget(self.export_busy_label)
        row.addWidget(self.export_busy)
        self.export_button = QToolButton()
        self.export_button.setObjectName("reportsExport")
        self.export_button.setText(_("Export PDF…"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.export_button)
        self.export_pipeline_action = menu.addAction(_("Pipeline and results (chosen year)…"))
        self.export_pipeline_action.setObjectName("reportsExportPipeline")
        self.export_pipeline_action.triggered.connect(self.export_pipeline)
        self.export_deadlines_action = menu.addAction(_("Deadlines by week…"))
        self.export_deadlines_action.setObjectName("reportsExportDeadlines")
        self.export_deadlines_action.triggered.connect(self.export_deadlines)
        self.export_button.setMenu(menu)
        row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.exporter = ReportExporter(self.context, self)
        self.exporter.busy.connect(self._export_busy)
        return row

    def _export_busy(self, busy: bool) -> None:
        self.export_busy.setVisible(busy)
        self.export_busy_label.setVisible(busy)
        self.export_button.setEnabled(not busy)

    def export_pipeline(self) -> None:
        """Build the pipeline report for the year chosen in the results card, then preview it."""
        self.exporter.export_pipeline(self.selected_year())

    def export_deadlines(self) -> DeadlinesExportDialog | None:
        """Ask for the period and owner, then build the deadlines report and preview it."""
        db = self.context.db
        if db is None:
            return None
        dialog = DeadlinesExportDialog(dashboard.owners(db), self.today(), self)

        def accepted() -> None:
            period = dialog.period()
            if period is not None:
                self.exporter.export_deadlines(period[0], period[1], dialog.owner())

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.deadlines_dialog = dialog
        return dialog

    def _caption(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {muted(self.palette()).name()};")
        return label

    def _build_pipeline(self) -> Card:
        card = Card(_("Proposals by status"))
        card.setObjectName("reportsPipelineCard")
        self.pipeline_caption = self._caption()
        self.chart = PipelineChart()
        self.chart_empty = self._caption()
        self.chart_empty.setText(_("No proposals yet: the chart fills in as proposals are added."))
        self.chart_stack = QStackedWidget()
        self.chart_stack.addWidget(self.chart)
        self.chart_stack.addWidget(self.chart_empty)
        card.body.addWidget(self.pipeline_caption)
        card.body.addWidget(self.chart_stack)
        return card

    def _build_results(self) -> Card:
        card = Card(_("Results by funder"))
        card.setObjectName("reportsResultsCard")
        year_label = QLabel(_("Year:"))
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("reportsYear")
        self.year_combo.setMinimumContentsLength(10)
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        card.header.addWidget(year_label)
        card.header.addWidget(self.year_combo)
        self.results_caption = self._caption()
        self.results_model = FunderResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("reportsResults")
        self.table.setModel(self.results_model)
        self.table.setItemDelegate(TotalsDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setFrameShape(QTableView.Shape.NoFrame)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_empty = self._caption()
        self.results_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.table)
        self.results_stack.addWidget(self.results_empty)
        note = self._caption()
        note.setText(
            _(
                "Submitted: proposals sent in the year (by submission date), whatever the "
                "outcome. Requested: the grant asked for in each budget; obtained: the amount "
                "awarded."
            )
        )
        note.setFont(scaled_font(self.font(), 0.9))
        card.body.addWidget(self.results_caption)
        card.body.addWidget(self.results_stack, 1)
        card.body.addWidget(note)
        return card

    # -- data -----------------------------------------------------------------------------

    def selected_year(self) -> int | None:
        """The chosen year, or None for every year."""
        value = self.year_combo.currentData()
        return int(value) if value is not None else None

    def set_year(self, year: int | None) -> None:
        """Choose *year* (None: every year) if the selector offers it."""
        index = self.year_combo.findData(year) if year is not None else 0
        if index >= 0:
            self._year_chosen = True
            self.year_combo.setCurrentIndex(index)

    def _reload(self) -> None:
        db = self.context.db
        assert db is not None
        rows = dashboard.pipeline(db)
        self.chart.set_rows(rows)
        proposals = sum(r.proposals for r in rows)
        self.chart_stack.setCurrentWidget(self.chart if proposals else self.chart_empty)
        self.pipeline_caption.setText(
            _("Grant requested in the budgets of {proposals}, by current status.").format(
                proposals=ngettext("{n} proposal", "{n} proposals", proposals).format(n=proposals)
            )
        )
        self._fill_years(db)
        self.pages.setCurrentWidget(self.content)
        self._load_results()

    def _fill_years(self, db: Database) -> None:
        previous = self.year_combo.currentData() if self.year_combo.count() else None
        years = dashboard.submission_years(db)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(_("All years"), None)
        for year in years:
            self.year_combo.addItem(str(year), year)
        if not self._year_chosen:
            # First look: this year when there is something to say about it.
            this_year = self.today().year
            previous = this_year if this_year in years else None
        found = self.year_combo.findData(previous) if previous is not None else 0
        self.year_combo.setCurrentIndex(max(0, found))
        self.year_combo.blockSignals(False)

    def _year_changed(self) -> None:
        self._year_chosen = True
        if self.context.db is not None:
            self._load_results()

    def _load_results(self) -> None:
        db = self.context.db
        if db is None:
            return
        year = self.selected_year()
        results = dashboard.results_by_funder(db, year)
        self.results_model.set_results(results)
        self._fit_table()
        if results:
            self.results_stack.setCurrentWidget(self.table)
        else:
            self.results_empty.setText(
                _("No proposal was submitted in {year}.").format(year=year)
                if year is not None
                else _("No proposal has been submitted yet.")
            )
            self.results_stack.setCurrentWidget(self.results_empty)
        self.results_caption.setText(self._summary(results, year))
        self.results_caption.setVisible(bool(results))

    def _fit_table(self) -> None:
        """Make the table as tall as its rows: the page scrolls, not the table."""
        rows = self.results_model.rowCount()
        height = self.table.horizontalHeader().sizeHint().height() + 4
        height += sum(self.table.rowHeight(r) for r in range(rows)) if rows else 0
        if rows and not self.table.rowHeight(0):
            height += rows * (self.fontMetrics().height() + 12)
        self.table.setFixedHeight(height)

    @staticmethod
    def _summary(results: list[FunderResult], year: int | None) -> str:
        total = totals(results)
        submitted = ngettext("{n} proposal submitted", "{n} proposals submitted", total.submitted)
        awarded = ngettext("{n} was funded", "{n} were funded", total.awarded)
        text = _("{submitted}, {awarded} ({rate}); {amount} obtained.").format(
            submitted=submitted.format(n=total.submitted),
            awarded=awarded.format(n=total.awarded),
            rate=show(total.success_rate, "percent") if total.success_rate is not None else "–",
            amount=show(total.obtained, "money"),
        )
        if year is None:
            return text
        return _("In {year}: {summary}").format(year=year, summary=text)
