"""The budget grid: spreadsheet keys, paste, undo/redo written to the database, live totals
and findings, conflicts with another desk."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from grantdesk.db.models import BudgetLine
from grantdesk.domain.rules import FindingCode, Target
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.services.budget_editing import LineValues, UpdateLine, apply_changes
from grantdesk.ui.budget_grid import BudgetEditor
from grantdesk.ui.budget_model import (
    CATEGORY,
    DESCRIPTION,
    OTHER_FUNDER,
    PARTNER,
    QUANTITY,
    SOURCE,
    TOTAL,
    UNIT,
    UNIT_COST,
)
from grantdesk.ui.context import AppContext
from tests.helpers import factories as f

G = FundingSource.REQUESTED_GRANT
TODAY = date(2026, 3, 10)


def _seed(context: AppContext) -> int:
    """A proposal to a call capping overheads at 10 %: personnel 10 × 100, overheads 1 × 100."""
    assert context.db is not None
    with context.db.transaction() as s:
        call = f.call(s, "Bando Welfare di comunità", overhead_cap_pct=Decimal(10))
        lead = f.organization(s, "Cooperativa Sociale Il Faro", LegalForm.SOCIAL_ENTERPRISE)
        partner = f.organization(s, "Associazione Argento Vivo ODV", LegalForm.ODV)
        p = f.proposal(
            s,
            "Punto per Te",
            call,
            lead,
            [("personnel", "10", "100.00", G), ("overheads", "1", "100.00", G)],
            [partner],
        )
        p.budget_lines[0].description = "Educatore"
        p.budget_lines[1].description = "Spese generali"
        return p.id


@pytest.fixture
def editor(context: AppContext, qtbot: Any) -> BudgetEditor:
    widget = BudgetEditor(context, _seed(context), today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _db_lines(
    context: AppContext, pid: int | None = None
) -> list[tuple[str, str, Decimal, Decimal]]:
    assert context.db is not None
    with context.db.reading() as s:
        rows = s.query(BudgetLine).order_by(BudgetLine.position, BudgetLine.id)
        return [(b.category, b.description, b.quantity, b.unit_cost) for b in rows]


def _go(editor: BudgetEditor, row: int, column: int) -> None:
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(row, column))


def _type(editor: BudgetEditor, text: str) -> None:
    """Type into the grid as a user would: the first key opens the editor, which gets the rest."""
    QTest.keyClicks(editor.table, text[0])
    editor_widget = QApplication.focusWidget()
    assert isinstance(editor_widget, QLineEdit) and editor_widget.text() == text[0]
    QTest.keyClicks(editor_widget, text[1:])


def _current(editor: BudgetEditor) -> tuple[int, int]:
    index = editor.table.currentIndex()
    return index.row(), index.column()


def _select(editor: BudgetEditor, *cells: tuple[int, int]) -> None:
    selection = QItemSelection()
    for row, column in cells:
        index = editor.model.index(row, column)
        selection.select(index, index)
    editor.table.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def test_the_model_passes_the_model_tester(editor: BudgetEditor, qtmodeltester: Any) -> None:
    qtmodeltester.check(editor.model)


def test_typing_replaces_the_cell_and_enter_commits_and_moves_down(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    _go(editor, 0, QUANTITY)
    _type(editor, "12.5")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _db_lines(context)[0][2] == Decimal("12.5"))
    assert editor.model.cell_text(0, QUANTITY) == "12.5"  # English in tests
    assert editor.model.cell_text(0, TOTAL) == "1,250.00"
    assert _current(editor) == (1, QUANTITY)
    assert context.undo_stack.count() == 1


def test_f2_edits_in_place(editor: BudgetEditor, context: AppContext, qtbot: Any) -> None:
    _go(editor, 0, DESCRIPTION)
    QTest.keyClick(editor.table, Qt.Key.Key_F2)
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and line.cursorPosition() == len("Educatore")
    QTest.keyClicks(line, " senior")
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _db_lines(context)[0][1] == "Educatore senior")


def test_tab_moves_right_skipping_the_total_and_wraps_then_adds_a_line(
    editor: BudgetEditor, context: AppContext
) -> None:
    _go(editor, 0, CATEGORY)
    QTest.keyClick(editor.table, Qt.Key.Key_Tab)
    assert _current(editor) == (0, DESCRIPTION)
    _go(editor, 0, UNIT_COST)
    QTest.keyClick(editor.table, Qt.Key.Key_Tab)
    assert _current(editor) == (0, SOURCE)
    _go(editor, 0, OTHER_FUNDER)
    QTest.keyClick(editor.table, Qt.Key.Key_Tab)
    assert _current(editor) == (1, CATEGORY)
    QTest.keyClick(editor.table, Qt.Key.Key_Backtab)
    assert _current(editor) == (0, OTHER_FUNDER)
    _go(editor, 1, OTHER_FUNDER)
    QTest.keyClick(editor.table, Qt.Key.Key_Tab)  # the last cell: a new line
    assert editor.model.rowCount() == 3
    assert _current(editor) == (2, CATEGORY)
    new = _db_lines(context)[2]
    assert new[0] == "overheads" and new[2] == 1  # like the line above, one unit
    context.undo_stack.undo()
    assert len(_db_lines(context)) == 2 and editor.model.rowCount() == 2


def test_tab_in_an_open_editor_commits_and_moves_on(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    _go(editor, 1, UNIT)
    _type(editor, "forfait")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: editor.model.line(1).values.unit == "forfait")
    assert _current(editor) == (1, QUANTITY)
    assert editor.table.state() != editor.table.State.EditingState


def test_paste_a_block_with_italian_numbers_is_one_undo_step(
    editor: BudgetEditor, context: AppContext, set_it: None
) -> None:
    _go(editor, 0, QUANTITY)
    block = "1.234,5\t€ 1.234,56\n2\t12,5\n3\t0,5\r\n"
    editor.paste(block)
    assert [line[2:] for line in _db_lines(context)] == [
        (Decimal("1234.5"), Decimal("1234.56")),
        (Decimal(2), Decimal("12.50")),
        (Decimal(3), Decimal("0.50")),
    ]
    assert _db_lines(context)[2][0] == "overheads"  # a new line like the last one
    assert editor.model.rowCount() == 3
    assert editor.totals_panel.grand.text() == "€ 1.524.090,82"
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert [line[2:] for line in _db_lines(context)] == [
        (Decimal(10), Decimal(100)),
        (Decimal(1), Decimal(100)),
    ]
    assert editor.totals_panel.grand.text() == "€ 1.100,00"
    context.undo_stack.redo()
    assert len(_db_lines(context)) == 3 and editor.model.rowCount() == 3


def test_a_bad_cell_refuses_the_whole_paste(editor: BudgetEditor, context: AppContext) -> None:
    _go(editor, 0, QUANTITY)
    before = _db_lines(context)
    assert not editor.paste("2\t30\n3\tabc\n")
    assert editor.banner.isVisible()
    assert editor.banner.text() == (
        "Nothing was pasted. Row 2, column “Unit cost (€)”: “abc” is not an amount in euros: "
        "write it like €1,234.56."
    )
    assert _db_lines(context) == before
    assert context.undo_stack.count() == 0


def test_pasting_over_the_total_column_ignores_it_and_names_partners(
    editor: BudgetEditor, context: AppContext
) -> None:
    _go(editor, 0, PARTNER)
    editor.paste("argento vivo odv\tore\t3\t20\t999\tPartner cash\n")
    line = editor.model.line(0).values
    assert editor.model.partner_name(line.organization_id) == "Associazione Argento Vivo ODV"
    assert (line.unit, line.quantity, line.unit_cost) == ("ore", 3, Decimal(20))
    assert line.source is FundingSource.PARTNER_CASH
    assert editor.model.cell_text(0, TOTAL) == "60.00"


def test_one_value_fills_every_selected_cell(editor: BudgetEditor, context: AppContext) -> None:
    _select(editor, (0, UNIT), (1, UNIT))
    editor.paste("ore\n")
    assert [editor.model.line(r).values.unit for r in (0, 1)] == ["ore", "ore"]


def test_delete_clears_the_selected_cells_in_one_step(
    editor: BudgetEditor, context: AppContext
) -> None:
    _go(editor, 0, DESCRIPTION)
    _select(editor, (0, DESCRIPTION), (0, QUANTITY), (1, DESCRIPTION), (1, CATEGORY))
    QTest.keyClick(editor.table, Qt.Key.Key_Delete)
    assert _db_lines(context) == [
        ("personnel", "", Decimal(0), Decimal(100)),
        ("overheads", "", Decimal(1), Decimal(100)),  # a category is required: it stays
    ]
    assert context.undo_stack.count() == 1
    QTest.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _db_lines(context)[0][1:3] == ("Educatore", Decimal(10))
    QTest.keyClick(
        editor.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _db_lines(context)[0][1:3] == ("", Decimal(0))


def test_ctrl_c_copies_the_selection_as_tab_separated_text(editor: BudgetEditor) -> None:
    _go(editor, 0, DESCRIPTION)
    _select(editor, (0, DESCRIPTION), (0, QUANTITY), (1, DESCRIPTION), (1, QUANTITY))
    QTest.keyClick(editor.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == ("Educatore\t\t\t10\nSpese generali\t\t\t1\n")


def test_totals_and_findings_follow_every_edit(editor: BudgetEditor, context: AppContext) -> None:
    assert editor.totals_panel.grand.text() == "€1,100.00"
    codes = [f.code for f in editor.findings]
    assert FindingCode.OVERHEADS_CAP not in codes  # 100 of 1,100 = 9.1 %
    editor.push_edits(
        "test",
        [(1, LineValues("overheads", "Spese generali", None, None, Decimal(2), Decimal(100)))],
    )
    assert editor.totals_panel.grand.text() == "€1,200.00"
    assert FindingCode.OVERHEADS_CAP in [f.code for f in editor.findings]
    assert editor.totals_panel.categories.texts() == [
        ("Personnel", "€1,000.00", "83.3%"),
        ("Overheads", "€200.00", "16.7%"),
    ]
    assert "1 blocking" in editor.findings_title.text()
    context.undo_stack.undo()
    assert FindingCode.OVERHEADS_CAP not in [f.code for f in editor.findings]


def test_a_budget_finding_selects_its_category_lines(editor: BudgetEditor) -> None:
    editor.show_target(Target("budget", "overheads"))
    rows = {i.row() for i in editor.table.selectionModel().selectedIndexes()}
    assert rows == {1}
    seen: list[tuple[str, object]] = []
    editor.target_requested.connect(lambda area, key: seen.append((area, key)))
    editor.show_target(Target("partners"))
    assert seen == [("partners", None)]


def test_partner_and_source_lists_work_from_the_keyboard(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    _go(editor, 0, PARTNER)
    QTest.keyClick(editor.table, Qt.Key.Key_F2)
    box = QApplication.focusWidget()
    assert isinstance(box, QComboBox)
    assert [box.itemText(i) for i in range(box.count())] == [
        "—",
        "Cooperativa Sociale Il Faro (lead)",
        "Associazione Argento Vivo ODV",
    ]
    box.setCurrentIndex(2)
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.model.line(0).values.organization_id is not None)
    assert editor.model.cell_text(0, PARTNER) == "Associazione Argento Vivo ODV"
    _go(editor, 0, SOURCE)
    QTest.keyClick(editor.table, Qt.Key.Key_F2)
    box = QApplication.focusWidget()
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(2)
    QTest.keyClick(box, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: editor.model.line(0).values.source is FundingSource.VOLUNTEER_IN_KIND)
    assert _current(editor) == (0, OTHER_FUNDER)


def test_add_move_and_delete_lines_are_undoable(editor: BudgetEditor, context: AppContext) -> None:
    _go(editor, 0, DESCRIPTION)
    editor.add_line()
    assert editor.model.rowCount() == 3 and _current(editor) == (1, DESCRIPTION)
    editor.push_edits("test", [(1, LineValues("travel", "Rimborsi chilometrici"))])
    _go(editor, 1, DESCRIPTION)
    editor.move_up()
    assert [d for _c, d, _q, _u in _db_lines(context)] == [
        "Rimborsi chilometrici",
        "Educatore",
        "Spese generali",
    ]
    _select(editor, (0, DESCRIPTION), (1, DESCRIPTION))
    editor.delete_lines()
    assert [d for _c, d, _q, _u in _db_lines(context)] == ["Spese generali"]
    stack = context.undo_stack
    stack.undo()  # the deletion: both lines come back where they were
    assert [d for _c, d, _q, _u in _db_lines(context)] == [
        "Rimborsi chilometrici",
        "Educatore",
        "Spese generali",
    ]
    stack.undo()  # the move
    stack.undo()  # the edit of the new line, on its new id
    assert editor.model.line(1).values.description == ""
    stack.undo()  # the new line
    assert len(_db_lines(context)) == 2
    for _step in range(4):
        stack.redo()
    assert [d for _c, d, _q, _u in _db_lines(context)] == ["Spese generali"]
    assert [editor.model.line(r).values.description for r in range(editor.model.rowCount())] == [
        "Spese generali"
    ]


def test_a_line_changed_on_another_desk_is_not_overwritten(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    assert context.db is not None
    line = editor.model.line(0)
    apply_changes(
        context.db,
        editor.proposal_id,
        [UpdateLine(line.id, LineValues("personnel", "Cambiata altrove"), line.version)],
    )
    editor.push_edits("test", [(0, LineValues("personnel", "Mia modifica"))])
    assert "Line 1 was changed elsewhere" in editor.banner.text()
    qtbot.waitUntil(lambda: editor.model.line(0).values.description == "Cambiata altrove")
    assert context.undo_stack.count() == 0
    editor.push_edits("test", [(0, LineValues("personnel", "Mia modifica"))])
    assert _db_lines(context)[0][1] == "Mia modifica"
    assert not editor.banner.isVisible()


def test_undo_never_overwrites_a_later_change_from_another_desk(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    assert context.db is not None
    editor.push_edits("test", [(0, LineValues("personnel", "Mia"))])
    line = editor.model.line(0)
    apply_changes(
        context.db,
        editor.proposal_id,
        [UpdateLine(line.id, LineValues("personnel", "Altrui"), line.version)],
    )
    context.undo_stack.undo()
    assert _db_lines(context)[0][1] == "Altrui"
    assert "changed elsewhere" in editor.banner.text()
    qtbot.waitUntil(lambda: editor.model.line(0).values.description == "Altrui")
    assert context.undo_stack.count() == 0


def test_undo_after_the_grid_closed_still_writes(context: AppContext, qtbot: Any) -> None:
    editor = BudgetEditor(context, _seed(context), today=TODAY)
    editor.push_edits("test", [(0, LineValues("personnel", "Prima"))])
    editor.model.closed = True
    editor.deleteLater()
    qtbot.wait(10)
    context.undo_stack.undo()
    assert _db_lines(context)[0][1] == "Educatore"


@pytest.fixture
def set_it() -> Any:
    from grantdesk.i18n import set_language

    set_language("it")
    yield
    set_language("en")


def test_the_proposals_list_opens_the_budget_with_ctrl_b(
    context: AppContext, qtbot: Any, monkeypatch: Any
) -> None:
    from grantdesk.ui import budget_dialog
    from grantdesk.ui.views.records import RecordsView

    pid = _seed(context)
    opened: list[tuple[int, int]] = []

    def fake_exec(dialog: budget_dialog.BudgetDialog) -> int:
        opened.append((dialog.editor.proposal_id, dialog.editor.model.rowCount()))
        dialog.show()
        dialog.editor.push_edits("test", [(0, LineValues("personnel", "Dal dialogo"))])
        dialog.done(0)
        return 0

    monkeypatch.setattr(budget_dialog.BudgetDialog, "exec", fake_exec)
    view = RecordsView(context, "proposals")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert not view.budget_action.isEnabled()
    view.select_row(0)
    assert view.budget_action.isEnabled()
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    changed: list[str] = []
    context.data_changed.connect(changed.append)
    QTest.keyClick(view.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert opened == [(pid, 2)]
    assert changed == ["proposals"]  # the list shows the new totals
    assert _db_lines(context)[0][1] == "Dal dialogo"


def test_insert_and_alt_arrows_work_on_the_grid(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    editor.activateWindow()
    _go(editor, 0, DESCRIPTION)
    qtbot.waitUntil(editor.table.hasFocus)
    QTest.keyClick(editor.table, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == 3 and _current(editor) == (1, DESCRIPTION)
    _go(editor, 2, DESCRIPTION)
    QTest.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [d for _c, d, _q, _u in _db_lines(context)] == ["Educatore", "Spese generali", ""]
    assert _current(editor) == (1, DESCRIPTION)
    QTest.keyClick(editor.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [d for _c, d, _q, _u in _db_lines(context)] == ["Educatore", ""]


def test_a_conflict_found_by_tab_in_an_open_editor_reloads_cleanly(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    assert context.db is not None
    line = editor.model.line(0)
    apply_changes(
        context.db,
        editor.proposal_id,
        [UpdateLine(line.id, LineValues("personnel", "Cambiata altrove"), line.version)],
    )
    _go(editor, 0, UNIT)
    _type(editor, "ore")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Qt warnings fail the test
    qtbot.waitUntil(lambda: editor.model.line(0).values.description == "Cambiata altrove")
    assert editor.model.line(0).values.unit is None
    assert "Line 1 was changed elsewhere" in editor.banner.text()


def test_an_empty_budget_says_how_to_start(context: AppContext, qtbot: Any) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        pid = f.proposal(s, "Nuova idea", None, None).id
    editor = BudgetEditor(context, pid, today=TODAY)
    qtbot.addWidget(editor)
    assert editor.model.rowCount() == 0
    assert FindingCode.BUDGET_EMPTY in [f.code for f in editor.findings]
    editor.paste("Personnel\tEducatore\t\tore\t10\t25\n")
    assert _db_lines(context) == [("personnel", "Educatore", Decimal(10), Decimal(25))]
    assert editor.totals_panel.grand.text() == "€250.00"
    assert FindingCode.BUDGET_EMPTY not in [f.code for f in editor.findings]


def test_a_hidden_grid_reads_new_partners_when_shown_again(
    editor: BudgetEditor, context: AppContext, qtbot: Any
) -> None:
    from grantdesk.db.models import Proposal, ProposalPartner

    assert context.db is not None
    with context.db.transaction() as s:
        org = f.organization(s, "Parrocchia di San Pietro Martire", LegalForm.PARISH)
        proposal = s.get(Proposal, editor.proposal_id)
        assert proposal is not None
        proposal.partners.append(ProposalPartner(organization=org))
    context.notify("proposals")  # while shown: nothing is read under the user's typing
    assert len(editor.model.sheet.partners) == 2
    editor.hide()
    context.notify("proposals")
    editor.show()
    assert [p.name for p in editor.model.sheet.partners][-1] == "Parrocchia di San Pietro Martire"
