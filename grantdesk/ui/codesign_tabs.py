"""The co-design editor's “Applications” and “Commitments” tabs.

Both list rows of the process and change them at once through undoable commands
(:mod:`grantdesk.ui.codesign_commands`): New, Edit (double click or Enter), Delete; the
applications also Admit and Exclude… (an exclusion asks for its reason). The commitments
tab adds up what each body brings, by body, by kind and by sector (public bodies, third
sector, others) with the same function the agreement uses.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.codesign import Sector
from grantdesk.domain.money import share
from grantdesk.domain.vocab import ApplicationOutcome
from grantdesk.i18n import _
from grantdesk.services.codesign_reading import CodesignOverview
from grantdesk.services.present import show
from grantdesk.ui import icons
from grantdesk.ui.codesign_widgets import (
    ERROR,
    INK,
    MUTED,
    POSITIVE,
    SECTOR_COLOURS,
    WARNING,
    Row,
    ShareBar,
    TablePane,
    hint_label,
)

if TYPE_CHECKING:
    from grantdesk.ui.codesign_editor import CodesignEditorDialog

_OUTCOME_COLOURS = {
    ApplicationOutcome.PENDING: WARNING,
    ApplicationOutcome.ADMITTED: POSITIVE,
    ApplicationOutcome.EXCLUDED: ERROR,
}


def confirm_delete(parent: QWidget, title: str, text: str) -> bool:
    """Ask before deleting; Cancel is the default."""
    from grantdesk.ui.record_toolbar import confirm_delete as ask

    return ask(parent, title, text, [])


class ApplicationsTab(QWidget):
    """The manifestazioni di interesse: who applied, when, admitted or excluded and why."""

    def __init__(self, editor: CodesignEditorDialog) -> None:
        super().__init__()
        self.editor = editor
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 8)
        column.setSpacing(8)
        column.addWidget(
            hint_label(
                _(
                    "The bodies that answered the public notice. Admit them to the co-design "
                    "tables or exclude them with the reason, which stays on record. ⚠ marks "
                    "papers to check in the register."
                )
            )
        )
        self.pane = TablePane(
            (_("Body"), _("Legal form"), _("Received"), _("Outcome"), _("Reason"), _("Papers")),
            4,
            "ApplicationsTable",
            widths={0: 280, 1: 240},
        )
        self.pane.set_empty_texts(
            _("No applications yet"),
            _("Record here each manifestazione di interesse as it arrives."),
        )
        p = self.pane
        self.new_button = p.add_button(
            _("New application"), _("Record a body's application"), icons.icon("new")
        )
        self.edit_button = p.add_button(_("Edit"), _("Edit the selected application (Enter)"))
        self.admit_button = p.add_button(_("Admit"), _("Admit the body to the co-design tables"))
        self.exclude_button = p.add_button(_("Exclude…"), _("Exclude the body, saying why"))
        self.delete_button = p.add_button(_("Delete"))
        p.finish_buttons()
        column.addWidget(p, 1)
        self.papers = QLabel()
        self.papers.setObjectName("PaperWarnings")
        self.papers.setWordWrap(True)
        self.papers.setStyleSheet(f"color: {WARNING};")
        column.addWidget(self.papers)
        self.new_button.clicked.connect(self.new_application)
        self.edit_button.clicked.connect(self.edit_application)
        self.admit_button.clicked.connect(self.admit)
        self.exclude_button.clicked.connect(self.exclude)
        self.delete_button.clicked.connect(self.delete_application)
        p.activated.connect(lambda _key: self.edit_application())
        p.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selection())

    def set_overview(self, overview: CodesignOverview) -> None:
        rows = []
        for a in overview.applications:
            papers = f"⚠ {len(a.warnings)}" if a.warnings else "✓"
            rows.append(
                Row(
                    a.id,
                    (
                        a.body,
                        a.legal_form.label,
                        show(a.received_on),
                        a.outcome.label,
                        a.reason,
                        papers,
                    ),
                    a.version,
                    tooltips=("", "", "", "", a.reason, "\n".join(a.warnings)),
                    colours=(
                        None,
                        MUTED,
                        MUTED,
                        _OUTCOME_COLOURS[a.outcome],
                        MUTED,
                        WARNING if a.warnings else POSITIVE,
                    ),
                    payload=a,
                )
            )
        self.pane.set_rows(rows)
        self._selection()

    def _selection(self) -> None:
        row = self.pane.current()
        for button in (
            self.edit_button,
            self.admit_button,
            self.exclude_button,
            self.delete_button,
        ):
            button.setEnabled(row is not None)
        if row is not None:
            outcome = row.payload.outcome
            self.admit_button.setEnabled(outcome is not ApplicationOutcome.ADMITTED)
            self.exclude_button.setEnabled(outcome is not ApplicationOutcome.EXCLUDED)
            warnings = row.payload.warnings
            self.papers.setText(
                _("{body}: {papers}").format(body=row.payload.body, papers=" ".join(warnings))
                if warnings
                else ""
            )
            self.papers.setVisible(bool(warnings))
        else:
            self.papers.hide()

    def _dialog(self, form: Any) -> Any:
        from grantdesk.ui.codesign_dialogs import ApplicationDialog

        return ApplicationDialog(self.editor.bodies, form, self.editor.paper_warnings, self)

    def new_application(self) -> None:
        from grantdesk.ui.codesign_commands import CreateRowCommand

        dialog = self._dialog(None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.editor.push(
                CreateRowCommand(
                    self.editor.context,
                    "application",
                    self.editor.process_id,
                    dialog.form(),
                    self.editor.command_failed,
                )
            )

    def _current_form(self) -> tuple[int, Any, int] | None:
        from grantdesk.services.codesign_parts import load_application

        key = self.pane.current_key()
        if key is None:
            return None
        loaded = self.editor.load(load_application, key)
        return (key, *loaded) if loaded is not None else None

    def _edit(self, key: int, old: Any, new: Any, version: int) -> None:
        from grantdesk.ui.codesign_commands import EditRowCommand

        if new != old:
            self.editor.push(
                EditRowCommand(
                    self.editor.context,
                    "application",
                    key,
                    old,
                    new,
                    version,
                    self.editor.command_failed,
                )
            )

    def edit_application(self, preset: str | None = None) -> None:
        current = self._current_form()
        if current is None:
            return
        key, old, version = current
        start = replace(old, outcome=preset) if preset else old
        dialog = self._dialog(start)
        if preset:
            dialog.reason_edit.setFocus()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._edit(key, old, dialog.form(), version)

    def admit(self) -> None:
        current = self._current_form()
        if current is not None:
            key, old, version = current
            new = replace(old, outcome=ApplicationOutcome.ADMITTED.value, exclusion_reason="")
            self._edit(key, old, new, version)

    def exclude(self) -> None:
        self.edit_application(ApplicationOutcome.EXCLUDED.value)

    def delete_application(self) -> None:
        from grantdesk.ui.codesign_commands import DeleteRowCommand

        row = self.pane.current()
        if row is None:
            return
        text = _("Delete the application of “{body}”?").format(body=row.payload.body)
        if confirm_delete(self, _("Delete application"), text):
            self.editor.push(
                DeleteRowCommand(
                    self.editor.context,
                    "application",
                    self.editor.process_id,
                    row.key,
                    row.version,
                    self.editor.command_failed,
                )
            )


class CommitmentsTab(QWidget):
    """What each body pledges, valued in euro, with the totals below."""

    def __init__(self, editor: CodesignEditorDialog) -> None:
        super().__init__()
        self.editor = editor
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 8)
        column.setSpacing(8)
        column.addWidget(
            hint_label(
                _(
                    "Each body's pledge: money, staff or volunteer hours, spaces, goods, "
                    "services — quantity × unit value. The agreement lists them with these "
                    "values."
                )
            )
        )
        self.pane = TablePane(
            (_("Body"), _("Kind"), _("Description"), _("Quantity"), _("Unit value"), _("Value")),
            2,
            "CommitmentsTable",
            right=(3, 4, 5),
            widths={0: 280},
        )
        self.pane.set_empty_texts(
            _("No commitments yet"),
            _("Record what each body brings: the totals by body and by kind appear below."),
        )
        p = self.pane
        self.new_button = p.add_button(
            _("New commitment"), _("Record a body's pledge"), icons.icon("new")
        )
        self.edit_button = p.add_button(_("Edit"), _("Edit the selected commitment (Enter)"))
        self.delete_button = p.add_button(_("Delete"))
        p.finish_buttons()
        column.addWidget(p, 5)
        column.addLayout(self._totals_row(), 4)
        self.new_button.clicked.connect(self.new_commitment)
        self.edit_button.clicked.connect(self.edit_commitment)
        self.delete_button.clicked.connect(self.delete_commitment)
        p.activated.connect(lambda _key: self.edit_commitment())
        p.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selection())

    def _totals_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.by_body = TablePane(
            (_("Body"), _("Value"), _("Share")), 0, "TotalsByBody", right=(1, 2)
        )
        self.by_kind = TablePane(
            (_("Kind"), _("Value"), _("Share")), 0, "TotalsByKind", right=(1, 2)
        )
        for title, pane, stretch in (
            (_("By body"), self.by_body, 5),
            (_("By kind"), self.by_kind, 4),
        ):
            pane.set_empty_texts(_("Nothing pledged yet"), "")
            pane.summary_only()
            pane.finish_buttons()
            box = QGroupBox(title)
            inside = QVBoxLayout(box)
            inside.setContentsMargins(8, 8, 8, 8)
            inside.addWidget(pane)
            row.addWidget(box, stretch)
        row.addWidget(self._sectors_box(), 4)
        return row

    def _sectors_box(self) -> QGroupBox:
        box = QGroupBox(_("Who brings the resources"))
        column = QVBoxLayout(box)
        column.setSpacing(6)
        self.total_label = QLabel()
        self.total_label.setObjectName("CommitmentsTotal")
        font = self.total_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.total_label.setFont(font)
        self.total_label.setStyleSheet(f"color: {INK};")
        column.addWidget(self.total_label)
        self.share_bar = ShareBar()
        column.addWidget(self.share_bar)
        self.sector_grid = QGridLayout()
        self.sector_grid.setHorizontalSpacing(10)
        self.sector_labels: dict[Sector, tuple[QLabel, QLabel, QLabel]] = {}
        for row, sector in enumerate(Sector):
            swatch = QLabel("■")
            swatch.setStyleSheet(f"color: {SECTOR_COLOURS[sector.value]};")
            name, value, part = QLabel(sector.label), QLabel(), QLabel()
            for label in (value, part):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            part.setStyleSheet(f"color: {MUTED};")
            for col, widget in enumerate((swatch, name, value, part)):
                self.sector_grid.addWidget(widget, row, col)
            self.sector_labels[sector] = (name, value, part)
        self.sector_grid.setColumnStretch(1, 1)
        column.addLayout(self.sector_grid)
        column.addStretch(1)
        return box

    def set_overview(self, overview: CodesignOverview) -> None:
        rows = []
        for c in overview.commitments:
            quantity = " ".join(p for p in (show(c.quantity), c.unit) if p)
            rows.append(
                Row(
                    c.id,
                    (
                        c.body,
                        c.kind.label,
                        c.description,
                        quantity,
                        show(c.unit_value, "money"),
                        show(c.value, "money"),
                    ),
                    c.version,
                    colours=(None, MUTED, None, MUTED, MUTED, None),
                    payload=c,
                )
            )
        self.pane.set_rows(rows)
        self._show_totals(overview)
        self._selection()

    def _show_totals(self, overview: CodesignOverview) -> None:
        totals = overview.totals
        self.total_label.setText(_("{amount} pledged").format(amount=show(totals.total, "money")))
        parts = []
        for sector in Sector:
            amount = totals.by_sector[sector]
            part = totals.share_of(sector)
            _name, value, share_label = self.sector_labels[sector]
            value.setText(show(amount, "money"))
            share_label.setText(show(part, "percent") if part is not None else "—")
            fraction = float(amount / totals.total) if totals.total else 0.0
            parts.append((fraction, SECTOR_COLOURS[sector.value]))
        self.share_bar.set_parts(parts)
        self.by_body.set_rows(
            [
                Row(
                    i,
                    (
                        totals.body_names[key],
                        show(value, "money"),
                        show(totals.body_share(key), "percent"),
                    ),
                    colours=(None, None, MUTED),
                )
                for i, (key, value) in enumerate(
                    sorted(
                        totals.by_body.items(), key=lambda kv: (-kv[1], totals.body_names[kv[0]])
                    )
                )
            ]
        )
        self.by_kind.set_rows(
            [
                Row(
                    i,
                    (kind.label, show(value, "money"), show(share(value, totals.total), "percent")),
                    colours=(None, None, MUTED),
                )
                for i, (kind, value) in enumerate(totals.by_kind.items())
                if value
            ]
        )

    def _selection(self) -> None:
        selected = self.pane.current() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _dialog(self, form: Any) -> Any:
        from grantdesk.ui.codesign_dialogs import CommitmentDialog

        return CommitmentDialog(self.editor.bodies, form, self)

    def new_commitment(self) -> None:
        from grantdesk.ui.codesign_commands import CreateRowCommand

        dialog = self._dialog(None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.editor.push(
                CreateRowCommand(
                    self.editor.context,
                    "commitment",
                    self.editor.process_id,
                    dialog.form(),
                    self.editor.command_failed,
                )
            )

    def edit_commitment(self) -> None:
        from grantdesk.services.codesign_parts import load_commitment
        from grantdesk.ui.codesign_commands import EditRowCommand

        key = self.pane.current_key()
        loaded = self.editor.load(load_commitment, key) if key is not None else None
        if key is None or loaded is None:
            return
        old, version = loaded
        dialog = self._dialog(old)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.form() != old:
            self.editor.push(
                EditRowCommand(
                    self.editor.context,
                    "commitment",
                    key,
                    old,
                    dialog.form(),
                    version,
                    self.editor.command_failed,
                )
            )

    def delete_commitment(self) -> None:
        from grantdesk.ui.codesign_commands import DeleteRowCommand

        row = self.pane.current()
        if row is None:
            return
        text = _("Delete the commitment of “{body}” ({value})?").format(
            body=row.payload.body, value=show(row.payload.value, "money")
        )
        if confirm_delete(self, _("Delete commitment"), text):
            self.editor.push(
                DeleteRowCommand(
                    self.editor.context,
                    "commitment",
                    self.editor.process_id,
                    row.key,
                    row.version,
                    self.editor.command_failed,
                )
            )
