"""The first-start page: what GrantDesk does, and a button that loads the example data."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from grantdesk.i18n import _
from grantdesk.services.database import Database, explain
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import Tone
from grantdesk.ui.tasks import Cancelled, Progress, Task
from grantdesk.ui.views.dashboard_widgets import (
    TONE_COLOURS,
    Card,
    muted,
    scaled_font,
)

ACCENT = "#1d4f91"
Loader = Callable[..., Any]


def load_small_demo(db: Database, *, progress: Progress) -> Any:
    """Fill *db* with the small example data (runs off the GUI thread)."""
    from grantdesk.services.demo import load_demo

    return load_demo(db, "small", progress=progress)


def failure_sentence(exc: BaseException, db: Database | None = None) -> str:
    """One sentence telling the user why the example data was not loaded."""
    from grantdesk.services.demo import DemoRefusedError

    if isinstance(exc, DemoRefusedError):
        return _("The example data was not loaded because this database already holds records.")
    if isinstance(exc, SQLAlchemyError) and db is not None:
        reason = explain(exc, db.target)
    else:
        lines = str(exc).strip().splitlines()
        reason = lines[0][:200] if lines else type(exc).__name__
    return _("The example data could not be loaded: {reason}").format(reason=reason)


class WelcomeView(QWidget):
    """Shown by the Home on an empty database: a short introduction and the example data.

    Loading runs in a background ``Task`` with a progress bar; on success the view tells
    every other view (``context.notify("*")``) and the status bar.

    Signals:
        loaded(object): the example data was loaded; the loader's summary.
    """

    loaded = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        self.context = context
        self.loader: Loader = load_small_demo
        self._task: Task | None = None

        card = Card("")
        card.setObjectName("welcomeCard")
        card.setFixedWidth(660)
        card.set_margins(40, 34, 40, 30)
        body = card.body
        body.setSpacing(14)

        title = QLabel(_("Welcome to GrantDesk"))
        title.setObjectName("welcomeTitle")
        title.setFont(scaled_font(self.font(), 1.9, QFont.Weight.Bold))
        lead = QLabel(
            _(
                "GrantDesk keeps track of funding calls and their deadlines, helps several "
                "associations write one proposal together, and follows co-design processes "
                "from the public notice to the signed agreement."
            )
        )
        lead.setWordWrap(True)
        lead.setFont(scaled_font(self.font(), 1.08))
        body.addWidget(title)
        body.addWidget(lead)
        body.addLayout(self._features())

        self.load_button = QPushButton(_("Load the example data"))
        self.load_button.setObjectName("welcomeLoadButton")
        self.load_button.setDefault(True)
        self.load_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.load_button.setStyleSheet(
            f"QPushButton#welcomeLoadButton {{ background: {ACCENT}; color: white;"
            " border: none; border-radius: 6px; padding: 9px 22px; font-weight: 600; }"
            "QPushButton#welcomeLoadButton:hover { background: #173f75; }"
            "QPushButton#welcomeLoadButton:disabled { background: #9fb3cf; }"
        )
        self.load_button.clicked.connect(self.load_example_data)
        explain = QLabel(
            _(
                "A small, invented network of associations, funders, calls and proposals, "
                "dated around today, to try every screen."
            )
        )
        explain.setWordWrap(True)
        explain.setStyleSheet(f"color: {muted(self.palette()).name()};")
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(explain, 1)
        body.addSpacing(6)
        body.addLayout(row)

        self.progress = QProgressBar()
        self.progress.setObjectName("welcomeProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.progress_label = QLabel(_("Loading the example data…"))
        self.progress_label.setStyleSheet(f"color: {muted(self.palette()).name()};")
        self.progress_label.hide()
        self.error = QLabel()
        self.error.setObjectName("welcomeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {TONE_COLOURS[Tone.OVERDUE]};")
        self.error.hide()
        body.addWidget(self.progress)
        body.addWidget(self.progress_label)
        body.addWidget(self.error)

        hint = QLabel(
            _("Prefer to start from scratch? Open or create another database from the File menu.")
        )
        hint.setObjectName("welcomeHint")
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {muted(self.palette()).name()};")
        body.addSpacing(4)
        body.addWidget(hint)

        # Stretches rather than alignment flags: an aligned widget gets its plain size hint,
        # and the word-wrapped labels of the card would be squeezed to one line each.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _features(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        features = [
            (
                _("Calls and deadlines"),
                _("Every call with its rules and stages: what is due this week, and who owns it."),
            ),
            (
                _("Proposals in partnership"),
                _("Lead applicant, partners, budget and attachments, checked against the call."),
            ),
            (
                _("Co-design with public bodies"),
                _("Tables, minutes, action items and what each body pledges (Art. 55 CTS)."),
            ),
        ]
        soft = muted(self.palette()).name()
        for row, (name, text) in enumerate(features):
            dot = QLabel("●")
            dot.setStyleSheet(f"color: {ACCENT};")
            label = QLabel(
                f"<b>{escape(name)}</b><br><span style='color:{soft}'>{escape(text)}</span>"
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            grid.addWidget(dot, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def is_busy(self) -> bool:
        """True while the example data is being loaded."""
        return self._task is not None

    def load_example_data(self) -> None:
        """Load the small example data in the background (no-op while already loading)."""
        db = self.context.db
        if db is None or self._task is not None:
            return
        self.error.hide()
        self.load_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.progress_label.show()
        task = Task(self.loader, db)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self._task = task
        self.context.status_message.emit(_("Loading the example data…"))
        task.start()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _succeeded(self, summary: object) -> None:
        self._finished()
        counts = getattr(summary, "counts", None)
        if isinstance(counts, dict) and counts.get("call"):
            message = _(
                "The example data is loaded: {calls} calls, {organizations} organizations, "
                "{proposals} proposals."
            ).format(
                calls=counts.get("call", 0),
                organizations=counts.get("organization", 0),
                proposals=counts.get("proposal", 0),
            )
        else:
            message = _("The example data is loaded.")
        self.context.status_message.emit(message)
        self.loaded.emit(summary)
        self.context.notify("*")

    def _failed(self, exc: BaseException) -> None:
        self._finished()
        if isinstance(exc, Cancelled):
            return
        self.error.setText(failure_sentence(exc, self.context.db))
        self.error.show()
        self.context.status_message.emit(_("The example data could not be loaded."))

    def _finished(self) -> None:
        self._task = None
        self.load_button.setEnabled(True)
        self.progress.hide()
        self.progress_label.hide()
