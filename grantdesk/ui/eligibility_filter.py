"""“Eligible for: [organization]  ☐ Show excluded too” above the calls list.

Choosing an organization judges every call for it (applicant type, territory, open date)
in the thread pool — about a second for 20,000 calls — and then narrows the list to the
calls it may apply to; with "Show excluded too" every call is listed, the excluded ones
greyed with the reasons in an "Eligibility" column. The choice stays through refreshes and
edits (the calls are judged again, in the background, after each change); "All calls"
shows the plain list again. The desk's own organization (Settings › Our organization) is
chosen when the database opens. Ctrl+Shift+E moves the keyboard focus to the box.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from grantdesk.i18n import _, ngettext
from grantdesk.ui.organization_box import OrganizationBox
from grantdesk.ui.tasks import Task

if TYPE_CHECKING:
    from grantdesk.services.database import Database
    from grantdesk.services.details import Detail
    from grantdesk.services.eligibility import Overview
    from grantdesk.ui.views.records import RecordsView

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+Shift+E"
NAME_CHARS = 48  # of an organization's name in the count, before "…" (the box shows it all)
# Kinds of change after which the calls are judged again.
JUDGED_FROM = frozenset({"calls", "deadlines", "organizations", "*"})


def _judge_all(
    db: Database, organization_id: int, today: date, generation: int, *, progress: Any
) -> tuple[int, Database, Overview | Exception]:
    """Runs in the thread pool; failures come back as values so the generation travels."""
    from grantdesk.services.eligibility import overview

    try:
        return generation, db, overview(db, organization_id, today)
    except Exception as exc:
        return generation, db, exc


def short_name(name: str) -> str:
    """*name* cut to ``NAME_CHARS`` characters for a sentence (the full name is a tooltip)."""
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


class EligibilityFilter(QWidget):
    """The bar that narrows the calls list to what one organization may apply to."""

    def __init__(self, view: RecordsView) -> None:
        super().__init__(view)
        from grantdesk.ui.models.call_list_model import CallListModel

        assert isinstance(view.model, CallListModel)
        self.view = view
        self.model = view.model
        self.context = view.context
        self.setObjectName("EligibilityFilter")
        self.box = OrganizationBox()
        self.box.setToolTip(
            _("Show only the calls this organization may apply to ({shortcut})").format(
                shortcut=SHORTCUT
            )
        )
        caption = QLabel(_("&Eligible for:"))
        caption.setObjectName("FieldLabel")
        caption.setBuddy(self.box)
        self.toggle = QCheckBox(_("Show e&xcluded too"))
        self.toggle.setToolTip(_("List every call, the excluded ones greyed, with the reasons"))
        self.toggle.setVisible(False)
        self.busy = QLabel()
        self.busy.setObjectName("HintText")
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 0, 20, 10)
        row.setSpacing(8)
        row.addWidget(caption)
        row.addWidget(self.box, 3)
        row.addSpacing(6)
        row.addWidget(self.toggle)
        row.addWidget(self.busy)
        row.addStretch(2)

        self.focus_action = QAction(_("Choose an organization to filter the calls"), view)
        self.focus_action.setShortcut(QKeySequence(SHORTCUT))
        self.focus_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.focus_action.triggered.connect(self.focus_box)
        view.addAction(self.focus_action)

        self._organization: int | None = None
        self._overview: Overview | None = None
        self._generation = 0
        self._stale = False
        self.box.organization_chosen.connect(self.choose)
        self.toggle.toggled.connect(self._toggled)

    def start(self) -> None:
        """Offer the organizations and choose the desk's own; then follow the context.

        Called once the view is built, so the view reloads for a change of database
        before the bar (slots run in the order they were connected).
        """
        self.context.database_changed.connect(self._database_changed)
        self.context.data_changed.connect(self._data_changed)
        self._database_changed()

    # -- what the view and the settings ask ----------------------------------------------

    @property
    def organization(self) -> int | None:
        """The chosen organization's id (None: every call)."""
        return self._organization

    @property
    def busy_judging(self) -> bool:
        """True while the calls are being judged in the background."""
        return bool(self.busy.text()) and self._organization is not None

    def choose(self, organization_id: int | None) -> None:
        """Look at the calls from *organization_id* (None: all calls, plainly)."""
        if organization_id is not None and not self.box.select(organization_id):
            organization_id = None
        if organization_id is None:
            self.box.select(None)
        self._organization = organization_id
        self.toggle.setVisible(organization_id is not None)
        self._generation += 1  # a judgement still running is for another choice
        if organization_id is None:
            self._overview = None
            self.busy.setText("")
            if self.model.filtering and self.context.db is None:
                self.model.drop_eligibility()
            elif self.model.filtering:
                self.view.apply_eligibility(None, False)
            return
        self._judge()

    @property
    def narrowed(self) -> bool:
        """True while only the calls the organization may apply to are listed."""
        return self.model.filtering and not self.model.show_excluded

    def organization_name(self) -> str:
        """The whole name of the organization the calls are seen from ("" for none)."""
        overview = self.model.overview
        return overview.organization_name if overview is not None else ""

    def annotate(self, shown: Detail) -> Detail:
        """A call's detail with, first, how the organization stands with the call."""
        import dataclasses

        from grantdesk.services.eligibility import explanation

        overview = self.model.overview
        judged = overview.calls.get(shown.id) if overview is not None else None
        if overview is None or judged is None or shown.kind != "calls":
            return shown
        text = explanation(judged, overview.organization_name)
        return dataclasses.replace(shown, fields=((_("Eligibility"), text), *shown.fields))

    def focus_box(self) -> None:
        """Ctrl+Shift+E: the box, its text selected so typing replaces it."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        line = self.box.lineEdit()
        if line is not None:
            line.selectAll()

    def apply_preference(self) -> None:
        """Choose the desk's own organization for this database (or all calls)."""
        from grantdesk.ui.settings import Settings, database_key

        db = self.context.db
        preferred = Settings().our_organization(database_key(db)) if db is not None else None
        self.choose(preferred)

    def count_text(self) -> str:
        """“128 calls eligible for APS Il Melograno out of 2,341” (or “” without a choice)."""
        from grantdesk.ui.views.records import count_text, format_count

        overview = self.model.overview
        if overview is None:
            return ""
        name = short_name(overview.organization_name)
        eligible = self.model.eligible_total
        if self.model.show_excluded:
            return _("{calls} · eligible for {organization}: {n}").format(
                calls=count_text("calls", self.model.all_total),
                organization=name,
                n=format_count(eligible),
            )
        return ngettext(
            "{n} call eligible for {organization} out of {total}",
            "{n} calls eligible for {organization} out of {total}",
            eligible,
        ).format(
            n=format_count(eligible),
            organization=name,
            total=format_count(self.model.all_total),
        )

    def empty_texts(self) -> tuple[str, str]:
        """Title and hint when no call is eligible (the view offers to show the excluded).

        The name goes, whole, in the hint: the title is large and wraps early."""
        overview = self.model.overview
        name = overview.organization_name if overview is not None else ""
        if self.model.search:
            title = _("No eligible call matches “{text}”").format(text=self.model.search)
            hint = _(
                "{organization} cannot apply to any call found. Show the excluded calls to "
                "see why, or search for fewer words."
            )
        else:
            title = _("No open call is eligible")
            hint = _(
                "{organization} cannot apply to any call now. Show the excluded calls to "
                "see why, or choose another organization."
            )
        return title, hint.format(organization=name)

    def show_excluded(self) -> None:
        """The empty state's button: list the excluded calls with their reasons."""
        self.toggle.setChecked(True)

    # -- internals -----------------------------------------------------------------------

    def _judge(self) -> None:
        db = self.context.db
        if db is None or self._organization is None:
            return
        from grantdesk.services.dashboard import today_in_rome

        self._stale = False
        self._generation += 1  # only the latest judgement is shown
        self.busy.setText(_("Checking the calls…"))
        task = Task(_judge_all, db, self._organization, today_in_rome(), self._generation)
        task.succeeded.connect(self._judged)
        task.start()

    def _judged(self, result: tuple[int, Database, Overview | Exception]) -> None:
        generation, db, outcome = result
        if generation != self._generation or db is not self.context.db:
            return  # the choice or the database changed meanwhile
        self.busy.setText("")
        if isinstance(outcome, Exception):
            self._judgement_failed(outcome)
            return
        self._overview = outcome
        self.view.apply_eligibility(outcome, self.toggle.isChecked())

    def _judgement_failed(self, exc: Exception) -> None:
        from grantdesk.services.eligibility import UnknownOrganizationError

        if isinstance(exc, UnknownOrganizationError):  # deleted, perhaps from another desk
            self._reload_choices()
            self.choose(None)
            self.context.status_message.emit(str(exc))
            return
        log.warning("judging eligibility failed: %s", exc)
        self.busy.setText(_("The eligibility could not be checked."))

    def _toggled(self, _checked: bool) -> None:
        if self._overview is not None:
            self.view.apply_eligibility(self._overview, self.toggle.isChecked())

    def _reload_choices(self) -> None:
        from grantdesk.services.eligibility import organization_choices

        db = self.context.db
        self.box.setEnabled(db is not None)
        choices = []
        if db is not None:
            try:
                choices = organization_choices(db)
            except Exception as exc:  # the list still works without the filter
                log.warning("reading the organizations failed: %s", exc)
        self.box.set_choices(_("All calls"), choices)

    def _database_changed(self) -> None:
        self._overview = None
        self.toggle.setChecked(False)
        self._reload_choices()
        self.apply_preference()

    def _data_changed(self, kind: str) -> None:
        if kind in ("organizations", "*"):
            self._reload_choices()
            if self._organization is not None and self.box.chosen() != self._organization:
                self.choose(None)  # the organization is gone
                return
        if kind in JUDGED_FROM and self._organization is not None:
            if self.isVisible():
                self._judge()
            else:
                self._stale = True  # judged again when the list is next shown

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._judge()
