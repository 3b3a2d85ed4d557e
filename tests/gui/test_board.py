"""The Board: cards by status, moves by drop and keyboard, the status dialog, undo, rule dots."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest

from grantdesk.db.models import Proposal
from grantdesk.domain.vocab import FundingSource, LegalForm, ProposalStatus
from grantdesk.i18n import set_language
from grantdesk.services.dashboard import today_in_rome
from grantdesk.ui.context import AppContext
from grantdesk.ui.proposal_status import StatusDataDialog
from grantdesk.ui.views.board import BoardView
from grantdesk.ui.views.board_widgets import MARK_ROLE, CardModel
from tests.helpers import factories as f

S = ProposalStatus
G = FundingSource.REQUESTED_GRANT
CASH = FundingSource.PARTNER_CASH
LONG_TITLE = (
    "Comunità che si prendono cura – rete lomellina per gli anziani soli, le loro famiglie "
    "e i caregiver familiari nei comuni di Vigevano, Mortara, Garlasco e Cilavegna"
)


def _seed(context: AppContext) -> dict[str, int]:
    db = context.db
    assert db is not None
    soon = today_in_rome() + timedelta(days=40)
    with db.transaction() as s:
        strict = f.call(
            s, "Welfare di comunità", funder="Fondazione Cariplo", max_grant=Decimal("20000.00")
        )
        f.deadline(s, strict, soon)
        kcs = f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        ore = f.organization(s, "Banca del Tempo “Ore Preziose”", LegalForm.APS)
        auser = f.organization(s, "Auser Vigevano ODV", LegalForm.ODV)
        ids = {
            "case": f.proposal(
                s,
                "Case del Sociale nei quartieri di Vigevano",
                strict,
                kcs,
                lines=[("personnel", "1", "18000.00", G), ("materials", "1", "4000.00", CASH)],
                partners=[ore, auser],
                status=S.DRAFTING,
                acronym="CASE",
                owner="Giulia Ferraris",
            ).id,
            "broke": f.proposal(
                s,
                LONG_TITLE,
                strict,
                ore,
                lines=[("personnel", "1", "45000.00", G)],  # over the call's €20,000
                status=S.DRAFTING,
                acronym="CURA",
                owner="Marco Bellini",
            ).id,
            "idea": f.proposal(s, "Condomini solidali", None, auser, status=S.IDEA).id,
            "review": f.proposal(s, "Nonni e nipoti in rete", None, kcs, status=S.REVIEW).id,
        }
    return ids


@pytest.fixture
def ids(context: AppContext) -> dict[str, int]:
    return _seed(context)


def _open(qtbot: Any, context: AppContext) -> BoardView:
    view = BoardView(context)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitUntil(lambda: view.board is not None and not view.busy, timeout=20_000)
    return view


@pytest.fixture
def board(qtbot: Any, context: AppContext, ids: dict[str, int]) -> BoardView:
    return _open(qtbot, context)


def _status(context: AppContext, proposal_id: int) -> Proposal:
    assert context.db is not None
    with context.db.reading() as s:
        found = s.get(Proposal, proposal_id)
        assert found is not None
        s.expunge(found)
        return found


def _column_ids(view: BoardView, status: ProposalStatus) -> list[int]:
    return [c.id for c in view.column_of(status).model.cards()]


def _drop(view: BoardView, proposal_id: int, status: ProposalStatus) -> None:
    """Drag a card onto another column, the way the list view does it: mime data from the
    card's model dropped on the target column's model."""
    source = next(c.model for c in view.columns if c.model.row_for_id(proposal_id) >= 0)
    data = source.mimeData([source.index(source.row_for_id(proposal_id))])
    target = view.column_of(status).model
    assert target.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    target.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())


def _moved(qtbot: Any, view: BoardView, proposal_id: int, status: ProposalStatus) -> None:
    qtbot.waitUntil(lambda: proposal_id in _column_ids(view, status), timeout=10_000)


def test_each_status_is_a_column_with_its_cards_count_and_grants(board: BoardView) -> None:
    assert [c.model.status for c in board.columns] == list(ProposalStatus)
    drafting = board.column_of(S.DRAFTING)
    assert drafting.header.title.text() == "Drafting"
    assert drafting.header.count.text() == "2"
    assert drafting.header.total.text() == "€63,000 requested"
    assert board.column_of(S.AWARDED).header.count.text() == "0"
    assert board.count.text() == "4 proposals"
    assert [c.acronym for c in drafting.model.cards()] == ["CASE", "CURA"]  # next deadline, title
    spoken = drafting.model.index(0).data()
    assert spoken.startswith("CASE — Case del Sociale nei quartieri di Vigevano — Cooperativa")


def test_the_card_models_are_sound(board: BoardView, qtmodeltester: Any) -> None:
    qtmodeltester.check(board.column_of(S.DRAFTING).model)


def test_dropping_on_a_column_moves_the_proposal_and_undo_moves_it_back(
    board: BoardView, context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    _drop(board, ids["case"], S.REVIEW)
    _moved(qtbot, board, ids["case"], S.REVIEW)
    assert _status(context, ids["case"]).status is S.REVIEW
    assert ids["case"] not in _column_ids(board, S.DRAFTING)
    assert context.undo_stack.undoText().startswith("move “Case del Sociale")
    context.undo_stack.undo()
    _moved(qtbot, board, ids["case"], S.DRAFTING)
    assert _status(context, ids["case"]).status is S.DRAFTING
    context.undo_stack.redo()
    _moved(qtbot, board, ids["case"], S.REVIEW)
    assert board.selected_id() == ids["case"]


def test_a_card_dropped_on_its_own_column_is_not_moved(
    board: BoardView, ids: dict[str, int]
) -> None:
    model = board.column_of(S.DRAFTING).model
    data = model.mimeData([model.index(model.row_for_id(ids["case"]))])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())


def test_submitted_asks_for_the_submission_day_and_undo_forgets_it(
    board: BoardView, context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    _drop(board, ids["case"], S.SUBMITTED)
    qtbot.waitUntil(lambda: board.pending_dialog is not None)
    dialog = board.pending_dialog
    assert isinstance(dialog, StatusDataDialog)
    assert dialog.needs == ("submitted_on",)
    picker = dialog.inputs["submitted_on"]
    assert picker.displayFormat() == "dd/MM/yyyy"  # type: ignore[attr-defined]
    picker.setDate(QDate(2026, 3, 2))  # type: ignore[attr-defined]
    assert picker.text() == "02/03/2026"  # type: ignore[attr-defined]
    assert ids["case"] in _column_ids(board, S.DRAFTING)  # nothing moved while asking
    dialog.move_button.click()
    _moved(qtbot, board, ids["case"], S.SUBMITTED)
    saved = _status(context, ids["case"])
    assert (saved.status, saved.submitted_on) == (S.SUBMITTED, date(2026, 3, 2))
    context.undo_stack.undo()
    _moved(qtbot, board, ids["case"], S.DRAFTING)
    saved = _status(context, ids["case"])
    assert (saved.status, saved.submitted_on) == (S.DRAFTING, None)


def test_cancelling_the_dialog_leaves_the_card(
    board: BoardView, context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    board.move_card(ids["case"], S.REJECTED)
    dialog = board.pending_dialog
    assert dialog is not None and dialog.needs == ("decided_on",)
    dialog.reject()
    assert board.pending_dialog is None
    assert _status(context, ids["case"]).status is S.DRAFTING
    assert context.undo_stack.count() == 0


def test_awarded_wants_a_decision_day_after_submission_and_an_italian_amount(
    board: BoardView, context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    set_language("it")
    board.move_card(ids["case"], S.AWARDED)
    dialog = board.pending_dialog
    assert dialog is not None and dialog.needs == ("decided_on", "awarded_amount")
    amount = dialog.inputs["awarded_amount"]
    assert not dialog.move_button.isEnabled()  # no amount yet
    assert dialog.errors["awarded_amount"].text() == "Scrivi l’importo concesso dal finanziatore."
    amount.setText("12,5,0")  # type: ignore[attr-defined]
    assert not dialog.move_button.isEnabled()
    assert dialog.errors["awarded_amount"].text() == "Scrivi un importo come 12.500,00."
    amount.setText("12.500,00")  # type: ignore[attr-defined]
    assert dialog.move_button.isEnabled()
    dialog.inputs["decided_on"].setDate(QDate(2026, 5, 20))  # type: ignore[attr-defined]
    dialog.move_button.click()
    _moved(qtbot, board, ids["case"], S.AWARDED)
    saved = _status(context, ids["case"])
    assert (saved.decided_on, saved.awarded_amount) == (date(2026, 5, 20), Decimal("12500.00"))


def test_a_move_refused_by_the_database_leaves_the_card_and_says_why(
    board: BoardView, context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    assert context.db is not None
    with context.db.transaction() as s:  # another desk edits the proposal meanwhile
        other = s.get(Proposal, ids["case"])
        assert other is not None
        other.owner = "Chiara Bassi"
    board.move_card(ids["case"], S.REVIEW)
    qtbot.waitUntil(lambda: board.notice.isVisible(), timeout=5_000)
    assert board.notice.text() == (
        "Someone else changed this proposal meanwhile: it has been reloaded, try again."
    )
    assert context.undo_stack.count() == 0
    assert _status(context, ids["case"]).status is S.DRAFTING
    qtbot.waitUntil(lambda: not board.busy, timeout=10_000)
    assert ids["case"] in _column_ids(board, S.DRAFTING)
    board.move_card(ids["case"], S.REVIEW)  # reloaded: the second try goes through
    _moved(qtbot, board, ids["case"], S.REVIEW)


def test_arrows_move_the_selection_and_ctrl_arrows_move_the_card(
    board: BoardView, context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    board.activateWindow()
    qtbot.waitUntil(board.isActiveWindow)
    assert board.select_card(ids["idea"])
    idea = board.column_of(S.IDEA).cards
    idea.setFocus()
    QTest.keyClick(idea, Qt.Key.Key_Right)
    assert board.selected_id() in (ids["case"], ids["broke"])
    drafting = board.column_of(S.DRAFTING).cards
    QTest.keyClick(drafting, Qt.Key.Key_Right)
    assert board.selected_id() == ids["review"]
    review = board.column_of(S.REVIEW).cards
    QTest.keyClick(review, Qt.Key.Key_Right)  # nothing further right: it stays
    assert board.selected_id() == ids["review"]
    QTest.keyClick(review, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    _moved(qtbot, board, ids["review"], S.DRAFTING)
    assert _status(context, ids["review"]).status is S.DRAFTING
    assert board.selected_id() == ids["review"]  # the card stays selected in its new column
    assert board.column_of(S.DRAFTING).cards.hasFocus()  # and the keyboard focus with it
    QTest.keyClick(idea, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)  # idea is first
    assert context.undo_stack.count() == 1
    board.select_card(ids["case"])
    QTest.keyClick(drafting, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    _moved(qtbot, board, ids["case"], S.REVIEW)
    board.select_card(ids["case"])
    review_list = board.column_of(S.REVIEW).cards
    QTest.keyClick(review_list, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert board.pending_dialog is not None  # submitted needs its day: asked first
    board.pending_dialog.reject()


def test_a_card_dragged_to_the_side_scrolls_the_columns(board: BoardView) -> None:
    board.resize(700, 600)
    viewport = board.strip_area.viewport()
    bar = board.strip_area.horizontalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    board.scroll_at_edge(viewport.mapToGlobal(viewport.rect().center()))
    assert bar.value() == 0  # away from the sides nothing moves
    board.scroll_at_edge(viewport.mapToGlobal(QPoint(viewport.width() - 5, 40)))
    moved = bar.value()
    assert moved > 0
    board.scroll_at_edge(viewport.mapToGlobal(QPoint(3, 40)))
    assert bar.value() < moved


def test_enter_and_double_click_open_the_proposal(
    board: BoardView, ids: dict[str, int], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(board, "open_proposal", opened.append)
    board.select_card(ids["review"])
    cards = board.column_of(S.REVIEW).cards
    QTest.keyClick(cards, Qt.Key.Key_Return)
    assert opened == [ids["review"]]
    rect = cards.visualRect(cards.model().index(0, 0))
    none = Qt.KeyboardModifier.NoModifier
    # A click first, as a hand does: Qt's test double click alone has no press before it.
    QTest.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, none, rect.center())
    QTest.mouseDClick(cards.viewport(), Qt.MouseButton.LeftButton, none, rect.center())
    assert opened == [ids["review"], ids["review"]]


def test_a_red_dot_follows_the_rule_check_in_the_background(
    board: BoardView, ids: dict[str, int], qtbot: Any
) -> None:
    model = board.column_of(S.DRAFTING).model
    broke = model.index(model.row_for_id(ids["broke"]))
    mark = broke.data(MARK_ROLE)
    assert mark is not None and mark.blocking >= 1
    assert mark.colour.name() == "#b3261e"
    assert "€45,000.00" in " ".join(mark.messages)
    assert mark.summary().endswith("blocking problem") or "blocking problems" in mark.summary()
    clean = model.index(model.row_for_id(ids["case"])).data(MARK_ROLE)
    assert clean is not None and clean.blocking == 0


def test_the_dots_are_checked_again_after_a_change(
    board: BoardView, context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        proposal = s.get(Proposal, ids["case"])
        assert proposal is not None
        proposal.budget_lines[0].unit_cost = Decimal("90000.00")
    context.notify("proposals")
    model = board.column_of(S.DRAFTING).model

    def red() -> bool:
        mark = model.index(model.row_for_id(ids["case"])).data(MARK_ROLE)
        return mark is not None and mark.blocking > 0

    qtbot.waitUntil(red, timeout=10_000)


def test_filters_and_search_narrow_the_board(
    board: BoardView, ids: dict[str, int], qtbot: Any
) -> None:
    owners = board.filter_bar.owner
    assert [owners.itemText(i) for i in range(owners.count())] == [
        "All owners",
        "Giulia Ferraris",
        "Marco Bellini",
        "Nobody yet",
    ]
    owners.setCurrentIndex(owners.findData("Marco Bellini"))
    qtbot.waitUntil(lambda: board.count.text() == "1 of 4 proposals", timeout=10_000)
    assert _column_ids(board, S.DRAFTING) == [ids["broke"]]
    assert board.filter_bar.clear.isVisible()
    board.set_search("nonni")  # Marco owns no proposal about grandparents
    qtbot.waitUntil(lambda: board.pages.currentWidget() is board.empty, timeout=10_000)
    assert board.empty.title.text() == "No proposal matches these filters"
    board.empty.button.click()  # Clear filters
    qtbot.waitUntil(lambda: board.count.text() == "1 of 4 proposals", timeout=10_000)
    assert _column_ids(board, S.REVIEW) == [ids["review"]]  # the search stays
    assert board.search_text() == "nonni"


def test_an_empty_database_shows_a_calm_empty_state(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.views import board as board_module

    started: list[AppContext] = []
    monkeypatch.setattr(board_module, "new_proposal", lambda _parent, ctx: started.append(ctx))
    view = _open(qtbot, context)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No proposals yet"
    assert not view.filter_bar.isVisible()
    assert view.empty.button.text() == "New proposal…"
    view.empty.button.click()
    assert started == [context]


def test_opening_a_card_opens_the_proposal_editor(
    board: BoardView, context: AppContext, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui import proposal_actions

    opened: list[tuple[Any, AppContext, int]] = []
    monkeypatch.setattr(proposal_actions, "open_proposal_editor", lambda *args: opened.append(args))
    board.select_card(ids["case"])
    QTest.keyClick(board.column_of(S.DRAFTING).cards, Qt.Key.Key_Enter)
    assert opened == [(board, context, ids["case"])]


def test_the_command_line_offers_every_view() -> None:
    from grantdesk import cli
    from grantdesk.ui.views import NAMES

    assert cli.VIEWS == NAMES
    assert NAMES.index("board") == NAMES.index("proposals") + 1


def test_a_column_model_refuses_foreign_data() -> None:
    from PySide6.QtCore import QMimeData

    model = CardModel(S.IDEA, {})
    junk = QMimeData()
    junk.setData("application/x-grantdesk-proposal", b"not json")
    assert not model.canDropMimeData(junk, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    text = QMimeData()
    text.setText("12")
    assert not model.dropMimeData(text, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
