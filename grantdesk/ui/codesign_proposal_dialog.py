"""“Create proposal from this process…”: choose title, lead and call, see what comes across.

The preview lists the partners and the co-financing lines the proposal will get
(:func:`grantdesk.services.codesign_proposal.plan_proposal`) and updates when another lead
is chosen. Creating pushes an undoable command; the new proposal is then in Proposals.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.vocab import ApplicationOutcome
from grantdesk.i18n import _, ngettext
from grantdesk.services.codesign_reading import CodesignOverview
from grantdesk.services.present import show
from grantdesk.ui.codesign_commands import ErrorHandler, _CodesignCommand, current_id
from grantdesk.ui.codesign_widgets import ERROR, MUTED, Row, TablePane, hint_label
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext


class ProposalFromProcessDialog(QDialog):
    """See the module docstring."""

    def __init__(
        self, context: AppContext, overview: CodesignOverview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from grantdesk.services.codesign_proposal import call_choices

        self.overview = overview
        self.context = context
        self.setObjectName("ProposalFromProcessDialog")
        self.setWindowTitle(_("Create proposal from this process"))
        self.setMinimumSize(900, 580)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 12)
        column.setSpacing(10)
        heading = QLabel(_("Create proposal from this process"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        column.addWidget(heading)
        column.addWidget(
            hint_label(
                _(
                    "The bodies admitted to the co-design become partners; each commitment "
                    "becomes a budget line of co-financing with the same value; the "
                    "monitoring indicators come along. Add the grant you ask the call for "
                    "in the proposal's budget."
                )
            )
        )
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.title_edit = QLineEdit(overview.form.title)
        form.addRow(_("&Title"), self.title_edit)
        self.lead_box = QComboBox()
        self.lead_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.lead_box.setMinimumContentsLength(30)
        bodies = {}
        if overview.form.promoter_id is not None:
            bodies[overview.form.promoter_id] = overview.promoter
        for a in overview.applications:
            if a.outcome is ApplicationOutcome.ADMITTED:
                bodies.setdefault(a.organization_id, a.body)
        for body_id, name in bodies.items():
            self.lead_box.addItem(name, body_id)
        form.addRow(_("&Lead applicant"), self.lead_box)
        self.call_box = QComboBox()
        self.call_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.call_box.setMinimumContentsLength(30)
        self.call_box.addItem(_("No call yet"), None)
        assert context.db is not None
        for call in call_choices(context.db):
            self.call_box.addItem(f"{call.title} — {call.funder}", call.id)
        form.addRow(_("&Call"), self.call_box)
        column.addLayout(form)
        self.partners = QLabel()
        self.partners.setWordWrap(True)
        column.addWidget(self.partners)
        self.lines = TablePane(
            (_("Category"), _("Description"), _("Partner or funder"), _("Source"), _("Amount")),
            1,
            "PlannedLines",
            right=(4,),
            widths={2: 230},
        )
        self.lines.set_empty_texts(
            _("No commitments to carry across"),
            _("The proposal will start with an empty budget."),
        )
        self.lines.finish_buttons()
        column.addWidget(self.lines, 1)
        self.total = QLabel()
        self.total.setStyleSheet(f"color: {MUTED};")
        column.addWidget(self.total)
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            _("Create proposal"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.create_proposal)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.lead_box.currentIndexChanged.connect(lambda *_a: self.preview())
        self.title_edit.textChanged.connect(lambda *_a: self._check())
        self.command: object | None = None
        self.preview()

    def preview(self) -> None:
        from grantdesk.domain.budget import category_label
        from grantdesk.services.codesign_proposal import plan_proposal

        db = self.context.db
        assert db is not None
        plan = plan_proposal(
            db, self.overview.id, self.lead_box.currentData(), self.title_edit.text()
        )
        names = ", ".join(name for _id, name, _role in plan.partners)
        self.partners.setText(
            ngettext(
                "Lead: {lead}. {n} partner: {names}.",
                "Lead: {lead}. {n} partners: {names}.",
                len(plan.partners),
            ).format(lead=plan.lead_name or "—", n=len(plan.partners), names=names or "—")
        )
        self.lines.set_rows(
            [
                Row(
                    i,
                    (
                        category_label(line.category.value),
                        line.description,
                        line.body,
                        line.source.label,
                        show(line.total, "money"),
                    ),
                    colours=(None, None, MUTED, MUTED, None),
                )
                for i, line in enumerate(plan.lines)
            ]
        )
        self.total.setText(
            _("Co-financing carried across: {amount}").format(amount=show(plan.total, "money"))
        )
        self._check()

    def _check(self) -> None:
        ok = bool(self.title_edit.text().strip())
        self.create_button.setEnabled(ok)

    def create_proposal(self) -> None:
        command = CreateProposalFromProcessCommand(
            self.context,
            self.overview.id,
            " ".join(self.title_edit.text().split()),
            self.lead_box.currentData(),
            self.call_box.currentData(),
            lambda _message: None,
        )
        self.context.undo_stack.push(command)
        self.command = command
        if command.failed:
            self.total.setStyleSheet(f"color: {ERROR};")
            self.total.setText(command.failed)
            return
        created = command.created
        self.context.status_message.emit(
            _(
                "Proposal created with {partners} partners and {lines} budget lines: see Proposals."
            ).format(partners=created.partners, lines=created.lines)
        )
        self.accept()


class CreateProposalFromProcessCommand(_CodesignCommand):
    """Write a proposal from a process; undo deletes it (if untouched since)."""

    def __init__(
        self,
        context: AppContext,
        process_id: int,
        title: str,
        lead_id: int | None,
        call_id: int | None,
        on_error: ErrorHandler,
    ) -> None:
        super().__init__(
            _("proposal “{title}” from a co-design process").format(title=_short(title)),
            context,
            on_error,
        )
        self.process_id = process_id
        self.title = title
        self.lead_id = lead_id
        self.call_id = call_id
        self.created: Any = None

    def redo(self) -> None:
        from grantdesk.services.codesign_proposal import create_proposal_from_process

        def step() -> None:
            self.created = create_proposal_from_process(
                self.db,
                current_id(self._context, "process", self.process_id),
                title=self.title,
                lead_id=self.lead_id,
                call_id=self.call_id,
            )

        self._run(step)
        self._context.notify("proposals")

    def undo(self) -> None:
        from grantdesk.services.codesign_proposal import discard_created_proposal

        def step() -> None:
            assert self.created is not None
            discard_created_proposal(self.db, self.created.proposal_id, self.created.version)

        self._run(step)
        self._context.notify("proposals")
