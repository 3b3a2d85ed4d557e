"""Saving a named budget version and comparing two, or one with the budget as it is now."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox

from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.services.budget_editing import (
    DeleteLine,
    InsertLine,
    LineValues,
    UpdateLine,
    apply_changes,
    load_sheet,
)
from grantdesk.services.proposal_check import budget_versions, save_budget_version
from grantdesk.ui.budget_versions import CompareVersionsDialog, SaveVersionDialog
from grantdesk.ui.context import AppContext
from tests.helpers import factories as f

G = FundingSource.REQUESTED_GRANT


def _seed(context: AppContext) -> int:
    assert context.db is not None
    with context.db.transaction() as s:
        call = f.call(s, "Bando Welfare di comunità")
        lead = f.organization(s, "Cooperativa Sociale Il Faro", LegalForm.SOCIAL_ENTERPRISE)
        p = f.proposal(
            s,
            "Punto per Te",
            call,
            lead,
            [("personnel", "10", "100.00", G), ("equipment", "2", "500.00", G)],
        )
        p.budget_lines[0].description = "Educatore"
        p.budget_lines[1].description = "Computer portatili"
        return p.id


def _negotiate(context: AppContext, pid: int) -> None:
    """After negotiation: the educator's hours cut, the computers gone, travel added."""
    assert context.db is not None
    educator, computers = load_sheet(context.db, pid, date(2026, 3, 10)).lines
    apply_changes(
        context.db,
        pid,
        [
            UpdateLine(
                educator.id,
                LineValues("personnel", "Educatore", quantity=Decimal(8), unit_cost=Decimal(100)),
                educator.version,
            ),
            DeleteLine(computers.id, computers.version),
            InsertLine(
                2,
                LineValues(
                    "travel", "Rimborsi chilometrici", None, "km", Decimal(100), Decimal("0.40")
                ),
            ),
        ],
    )


def _save_button(dialog: SaveVersionDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_saving_a_version_refuses_empty_and_duplicate_names(
    context: AppContext, qtbot: Any
) -> None:
    assert context.db is not None
    pid = _seed(context)
    dialog = SaveVersionDialog(context, pid)
    qtbot.addWidget(dialog)
    assert not _save_button(dialog).isEnabled()
    dialog.name.setText("   ")
    assert not _save_button(dialog).isEnabled()
    dialog.name.setText("come presentato")
    _save_button(dialog).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.saved is not None and dialog.saved.grand_total == Decimal("2000.00")
    again = SaveVersionDialog(context, pid)
    qtbot.addWidget(again)
    again.name.setText("Come  presentato")
    _save_button(again).click()
    assert again.result() != again.DialogCode.Accepted
    assert again.error.isVisibleTo(again)
    assert again.error.text() == (
        "This proposal already has a budget version named “Come presentato”."
    )
    again.name.setText("Come presentato bis")
    assert not again.error.isVisibleTo(again)
    assert [v.name for v in budget_versions(context.db, pid)] == ["come presentato"]


def test_compare_a_version_with_the_current_budget(context: AppContext, qtbot: Any) -> None:
    assert context.db is not None
    pid = _seed(context)
    save_budget_version(context.db, pid, "come presentato")
    _negotiate(context, pid)
    dialog = CompareVersionsDialog(context, pid)
    qtbot.addWidget(dialog)
    assert dialog.after.currentText() == "The budget as it is now"
    assert dialog.summary.text() == "Total: €2,000.00 → €840.00 (−€1,160.00)."
    rows = [
        [dialog.lines.item(r, c).text() for c in (0, 1, 2, 4, 5, 6, 7)]
        for r in range(dialog.lines.rowCount())
    ]
    assert rows == [
        ["Added", "Travel", "Rimborsi chilometrici", "—", "€40.00", "+€40.00", ""],
        ["Removed", "Equipment", "Computer portatili", "€1,000.00", "—", "−€1,000.00", ""],
        ["Changed", "Personnel", "Educatore", "€1,000.00", "€800.00", "−€200.00", "quantity"],
    ]
    assert dialog.lines.item(0, 6).foreground().color() == QColor("#23804a")
    assert dialog.lines.item(1, 6).foreground().color() == QColor("#b3261e")
    categories = [
        [dialog.categories.item(r, c).text() for c in range(4)]
        for r in range(dialog.categories.rowCount())
    ]
    assert categories == [
        ["Personnel", "€1,000.00", "€800.00", "−€200.00"],
        ["Equipment", "€1,000.00", "€0.00", "−€1,000.00"],
        ["Travel", "€0.00", "€40.00", "+€40.00"],
        ["Total", "€2,000.00", "€840.00", "−€1,160.00"],
    ]


def test_compare_two_saved_versions_and_the_same_one(context: AppContext, qtbot: Any) -> None:
    assert context.db is not None
    pid = _seed(context)
    save_budget_version(context.db, pid, "come presentato")
    _negotiate(context, pid)
    save_budget_version(context.db, pid, "dopo la negoziazione")
    dialog = CompareVersionsDialog(context, pid)
    qtbot.addWidget(dialog)
    dialog.before.setCurrentIndex(0)
    dialog.after.setCurrentIndex(1)
    assert dialog.diff is not None and len(dialog.diff.changed) == 1
    assert dialog.lines.rowCount() == 3
    dialog.after.setCurrentIndex(0)
    assert dialog.summary.text() == "Choose two different versions to compare."
    assert dialog.lines.rowCount() == 0


def test_compare_without_versions_says_what_to_do(context: AppContext, qtbot: Any) -> None:
    dialog = CompareVersionsDialog(context, _seed(context))
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == (
        "No version is saved yet: save one first with “Save version…”."
    )
    assert not dialog.before.isEnabled()


def test_the_editor_buttons_open_both_dialogs(
    context: AppContext, qtbot: Any, monkeypatch: Any
) -> None:
    from grantdesk.ui import budget_versions as versions
    from grantdesk.ui.budget_grid import BudgetEditor

    pid = _seed(context)
    editor = BudgetEditor(context, pid)
    qtbot.addWidget(editor)
    shown: list[str] = []
    monkeypatch.setattr(versions.SaveVersionDialog, "exec", lambda self: shown.append("save"))
    monkeypatch.setattr(
        versions.CompareVersionsDialog, "exec", lambda self: shown.append("compare")
    )
    editor.save_button.click()
    editor.compare_button.click()
    assert shown == ["save", "compare"]
