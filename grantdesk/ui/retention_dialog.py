"""Edit ▸ Contacts to review…: the contacts without activity for N years (GDPR retention).

Personal data may be kept only while it is needed. The dialog lists the contacts whose last
activity — ``last_activity_at``, a later meeting they attended, or else the last change to
their record — is older than N years (N from the settings, default 2, changed with the spin
box and remembered). For each: **Keep** marks them active today (undoable, audited) or
**Erase…** destroys their data for good after the strong confirmation of
:class:`grantdesk.ui.people_erase.EraseDialog`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.dates import format_date, utc_to_rome
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.settings import Settings
from grantdesk.ui.views.empty_state import EmptyState

if TYPE_CHECKING:  # the services load SQLAlchemy: only when the dialog opens
    from grantdesk.services.people import PersonRow
    from grantdesk.ui.main_window import MainWindow

Index = QModelIndex | QPersistentModelIndex
DEFAULT_YEARS = 2  # as grantdesk.services.people.DEFAULT_REVIEW_YEARS
MAX_YEARS = 30


class ReviewTableModel(QAbstractTableModel):
    """Contacts to review: name, organization, role, last activity, consent date."""

    NAME, ORGANIZATION, ROLE, ACTIVITY, CONSENT = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PersonRow] = []

    def set_rows(self, rows: list[PersonRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def person_at(self, row: int) -> PersonRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_for_id(self, person_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == person_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        lang = current_language()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                row.full_name,
                row.organization or "—",
                row.role,
                format_date(utc_to_rome(row.last_activity).date(), lang),
                format_date(row.consent_on, lang) if row.consent_on else "—",
            )
            if role == Qt.ItemDataRole.ToolTipRole and column == self.CONSENT:
                return row.consent_purpose or _("No consent recorded")
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and column != self.NAME:
            return QColor(MUTED_COLOUR)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < 5:
            return None
        return (_("Name"), _("Organization"), _("Role"), _("Last activity"), _("Consent"))[section]


class RetentionDialog(QDialog):
    """Review the contacts without activity for N years: keep or erase each."""

    def __init__(
        self,
        context: AppContext,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = settings or Settings()
        self._today = today
        self._busy = False
        self.setObjectName("RetentionDialog")
        self.setWindowTitle(_("Contacts to review"))
        self.setMinimumSize(760, 460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 14)
        layout.setSpacing(6)
        heading = QLabel(_("Contacts to review"))
        heading.setObjectName("ViewTitle")
        intro = QLabel(
            _(
                "Personal data may be kept only while it is needed. These contacts have had "
                "no activity — no meeting, no change, no “keep” — for the years chosen: erase "
                "those you no longer need, keep the others."
            )
        )
        intro.setObjectName("HintText")
        intro.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(6)

        row = QHBoxLayout()
        label = QLabel(_("No activity for at least"))
        self.years_box = QSpinBox()
        self.years_box.setObjectName("ReviewYears")
        self.years_box.setRange(1, MAX_YEARS)
        self.years_box.setValue(self._stored_years())
        self._update_suffix(self.years_box.value())
        label.setBuddy(self.years_box)
        self.count = QLabel()
        self.count.setStyleSheet(f"color: {MUTED_COLOUR};")
        row.addWidget(label)
        row.addWidget(self.years_box)
        row.addSpacing(12)
        row.addWidget(self.count, 1)
        layout.addLayout(row)

        self.model = ReviewTableModel(self)
        self.table = table = QTableView()
        table.setObjectName("ReviewTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setStyleSheet("QTableView::item { padding: 0 6px; }")
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(28)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ReviewTableModel.ORGANIZATION, QHeaderView.ResizeMode.Stretch)
        for section in (ReviewTableModel.ACTIVITY, ReviewTableModel.CONSENT):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(ReviewTableModel.NAME, 200)
        header.resizeSection(ReviewTableModel.ROLE, 160)
        self.empty = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(table)
        layout.addWidget(self.pages, 1)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 6, 0, 0)
        self.keep_button = QPushButton(_("Keep"))
        self.keep_button.setToolTip(
            _("Still needed: count today as their last activity (Ctrl+Z undoes it)")
        )
        self.erase_button = QPushButton(_("Erase…"))
        self.erase_button.setToolTip(_("Destroy this person's data everywhere, for good"))
        self.close_button = QPushButton(_("Close"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        for button in (self.keep_button, self.erase_button):
            button.setAutoDefault(False)
            bottom.addWidget(button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.years_box.valueChanged.connect(self._years_changed)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.keep_button.clicked.connect(self.keep_selected)
        self.erase_button.clicked.connect(self.erase_selected)
        self.close_button.clicked.connect(self.accept)
        self.context.data_changed.connect(self._data_changed)
        stack = context.undo_stack
        for action, shortcut in (
            (stack.createUndoAction(self, _("Undo")), QKeySequence.StandardKey.Undo),
            (stack.createRedoAction(self, _("Redo")), QKeySequence.StandardKey.Redo),
        ):
            action.setShortcut(shortcut)
            self.addAction(action)
        self.resize(860, 540)
        self.reload()

    def _stored_years(self) -> int:
        try:
            years = int(self.settings.review_after_years)
        except (TypeError, ValueError):  # edited by hand
            return DEFAULT_YEARS
        return min(max(years, 1), MAX_YEARS)

    @property
    def years(self) -> int:
        return int(self.years_box.value())

    def today(self) -> date:
        from grantdesk.services.dashboard import today_in_rome

        return self._today or today_in_rome()

    def reload(self) -> None:
        """Read the contacts to review again, keeping the selection where possible."""
        from grantdesk.services.people import people_for_review

        selected = {p.id for p in self.selected()}
        rows = []
        if self.context.db is not None:
            rows = people_for_review(self.context.db, self.today(), self.years)
        self.model.set_rows(rows)
        kept = [r for r in (self.model.row_for_id(p) for p in selected) if r >= 0]
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in kept or ([0] if rows else []):
            self.table.selectionModel().select(self.model.index(row, 0), flags)
        self.count.setText(
            ngettext("{n} contact to review", "{n} contacts to review", len(rows)).format(
                n=len(rows)
            )
        )
        if rows:
            self.pages.setCurrentWidget(self.table)
        else:
            self.empty.show_state(
                "empty",
                _("No contact to review."),
                ngettext(
                    "Every contact has had some activity in the last year.",
                    "Every contact has had some activity in the last {n} years.",
                    self.years,
                ).format(n=self.years),
            )
            self.pages.setCurrentWidget(self.empty)
        self._update_buttons()

    def selected(self) -> list[PersonRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [p for r in rows if (p := self.model.person_at(r)) is not None]

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected()
        self.keep_button.setEnabled(bool(chosen))
        self.erase_button.setEnabled(len(chosen) == 1)

    def _update_suffix(self, years: int) -> None:
        self.years_box.setSuffix(" " + ngettext("year", "years", years))

    def _years_changed(self, years: int) -> None:
        self._update_suffix(years)
        self.settings.review_after_years = years
        self.reload()

    def _data_changed(self, _kind: str) -> None:
        if not self._busy and shiboken6.isValid(self):
            self.reload()

    def _say(self, message: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_COLOUR if error else MUTED_COLOUR};")
        self.status.setText(message)

    def _refused(self, message: str) -> None:
        if shiboken6.isValid(self) and self.isVisible():
            self._say(message, error=True)
            self.reload()
        else:
            QMessageBox.warning(QApplication.activeWindow(), _("Contact not changed"), message)

    def keep_selected(self) -> None:
        """Count today as the last activity of every selected contact (one undo step)."""
        from grantdesk.ui.people_commands import KeepPersonCommand

        chosen = self.selected()
        if not chosen or self.context.db is None:
            return
        stack = self.context.undo_stack
        self._busy = True
        try:
            stack.beginMacro(
                ngettext("keep {n} contact", "keep {n} contacts", len(chosen)).format(n=len(chosen))
            )
            for person in chosen:
                stack.push(
                    KeepPersonCommand(
                        self.context, person.id, person.full_name, person.version, self._refused
                    )
                )
            stack.endMacro()
        finally:
            self._busy = False
        self.context.notify("organizations")
        self.reload()
        self._say(
            ngettext(
                "{n} contact kept: Ctrl+Z undoes it.", "{n} contacts kept: Ctrl+Z undoes it.",
                len(chosen),
            ).format(n=len(chosen))
        )  # fmt: skip

    def erase_selected(self) -> None:
        """Erase the selected contact, after the strong confirmation."""
        from grantdesk.ui.people_erase import EraseDialog, erasure_message

        chosen = self.selected()
        if len(chosen) != 1 or self.context.db is None:
            return
        person = chosen[0]
        dialog = EraseDialog(
            self.context, person.id, person.first_name, person.last_name, person.version, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        message, ok = erasure_message(dialog.report)
        self.reload()
        self._say(message, error=not ok)


def review_contacts(window: MainWindow) -> None:
    """Open Edit ▸ Contacts to review… over *window* (a message when no database is open)."""
    if window.context.db is None:
        window.statusBar().showMessage(_("Open a database first, then review its contacts."), 6000)
        return
    dialog = RetentionDialog(window.context, window.settings, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def add_review_action(window: MainWindow, menu: QMenu) -> QAction:
    """The Edit ▸ Contacts to review… action, added to (and owned by) *menu*."""
    action = QAction(_("Contacts to &review…"), menu)
    action.setObjectName("ReviewContactsAction")
    action.setStatusTip(_("Contacts without activity for years: keep or erase their data"))
    action.triggered.connect(lambda _checked=False: review_contacts(window))

    def update() -> None:
        try:
            action.setEnabled(window.context.db is not None)
        except RuntimeError:  # the menus were rebuilt (language change): action deleted
            window.context.database_changed.disconnect(update)

    window.context.database_changed.connect(update)
    update()
    menu.addAction(action)
    return action
