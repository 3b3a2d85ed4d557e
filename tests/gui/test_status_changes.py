"""Status changes from the lists' detail pane follow each record's own rules.

A proposal asks for what its status needs (the Board's dialog) and undo puts the dates
and the amount back; a call moved to no-go asks why and undo restores status and reason;
a co-design process refused at a step says the editor's sentence and opens the editor.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLineEdit, QMessageBox

from grantdesk.domain.vocab import CallStatus, CoDesignStatus, LegalForm, ProposalStatus
from grantdesk.i18n import set_language
from grantdesk.services.call_editing import load_form as load_call
from grantdesk.services.codesign_editing import ProcessForm, create_process
from grantdesk.services.codesign_editing import load_form as load_process
from grantdesk.services.proposal_editing import load_form as load_proposal
from grantdesk.ui.context import AppContext
from grantdesk.ui.proposal_status import StatusDataDialog
from grantdesk.ui.status_changes import NoGoReasonDialog
from grantdesk.ui.views.records import RecordsView
from tests.helpers import factories as f


@pytest.fixture(autouse=True)
def _english() -> Any:
    set_language("en")
    yield
    set_language("en")


def _view(context: AppContext, qtbot: Any, kind: str, record_id: int) -> RecordsView:
    view = RecordsView(context, kind)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    view.select_row(view.model.row_for_id(record_id))
    assert view.detail.detail is not None and view.detail.detail.id == record_id
    return view


def _choose(view: RecordsView, status: str) -> None:
    box = view.detail.status_box
    index = box.findData(status)
    assert index >= 0
    box.setCurrentIndex(index)
    box.activated.emit(index)


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    return said


def _proposal(context: AppContext) -> int:
    assert context.db is not None
    with context.db.transaction() as s:
        call = f.call(s, "Welfare di comunità")
        lead = f.organization(s, "Auser Bologna APS")
        return f.proposal(s, "Case del Sociale di quartiere", call, lead).id


# -- proposals ----------------------------------------------------------------------------


def test_submitted_from_the_pane_asks_the_day_and_undo_forgets_it(
    context: AppContext, qtbot: Any
) -> None:
    pid = _proposal(context)
    view = _view(context, qtbot, "proposals", pid)
    _choose(view, "submitted")
    dialog = view.status_changes.pending_dialog
    assert isinstance(dialog, StatusDataDialog)
    assert dialog.needs == ("submitted_on",)
    assert load_proposal(context.db, pid)[0].status == "drafting"  # nothing yet
    picker = dialog.inputs["submitted_on"]
    assert isinstance(picker, QDateEdit) and picker.displayFormat() == "dd/MM/yyyy"
    picker.setDate(QDate(2026, 3, 2))
    assert dialog.move_button.isEnabled()
    dialog.move_button.click()
    form = load_proposal(context.db, pid)[0]
    assert (form.status, form.submitted_on) == ("submitted", date(2026, 3, 2))
    assert view.detail.status_box.currentData() == "submitted"
    assert context.undo_stack.undoText().startswith("move “Case del Sociale")
    context.undo_stack.undo()
    form = load_proposal(context.db, pid)[0]
    assert (form.status, form.submitted_on) == ("drafting", None)
    assert view.detail.status_box.currentData() == "drafting"
    context.undo_stack.redo()
    assert load_proposal(context.db, pid)[0].submitted_on == date(2026, 3, 2)


def test_awarded_from_the_pane_wants_the_decision_after_submission_and_the_amount(
    context: AppContext, qtbot: Any
) -> None:
    pid = _proposal(context)
    assert context.db is not None
    from grantdesk.db.models import Proposal

    with context.db.transaction() as s:
        proposal = s.get(Proposal, pid)
        assert proposal is not None
        proposal.submitted_on = date(2026, 3, 2)
    view = _view(context, qtbot, "proposals", pid)
    _choose(view, "awarded")
    dialog = view.status_changes.pending_dialog
    assert isinstance(dialog, StatusDataDialog)
    assert dialog.needs == ("decided_on", "awarded_amount")
    assert not dialog.move_button.isEnabled()
    assert dialog.errors["awarded_amount"].text() == "Write the amount the funder awarded."
    amount = dialog.inputs["awarded_amount"]
    decided = dialog.inputs["decided_on"]
    assert isinstance(amount, QLineEdit) and isinstance(decided, QDateEdit)
    amount.setText("48000")
    decided.setDate(QDate(2026, 2, 1))  # before the submission
    assert not dialog.move_button.isEnabled()
    assert dialog.errors["decided_on"].text() == ("The decision cannot come before the submission.")
    decided.setDate(QDate(2026, 6, 15))
    assert dialog.move_button.isEnabled()
    dialog.move_button.click()
    form = load_proposal(context.db, pid)[0]
    assert (form.status, form.decided_on, form.awarded_amount) == (
        "awarded",
        date(2026, 6, 15),
        Decimal("48000"),
    )
    context.undo_stack.undo()
    form = load_proposal(context.db, pid)[0]
    assert (form.status, form.decided_on, form.awarded_amount) == ("drafting", None, None)


def test_cancelling_leaves_the_proposal_and_the_selector(context: AppContext, qtbot: Any) -> None:
    pid = _proposal(context)
    view = _view(context, qtbot, "proposals", pid)
    _choose(view, "rejected")
    dialog = view.status_changes.pending_dialog
    assert isinstance(dialog, StatusDataDialog)
    dialog.reject()
    assert view.status_changes.pending_dialog is None
    assert load_proposal(context.db, pid)[0].status == "drafting"
    assert view.detail.status_box.currentData() == "drafting"
    assert context.undo_stack.count() == 0


def test_a_status_without_needs_moves_at_once(context: AppContext, qtbot: Any) -> None:
    pid = _proposal(context)
    view = _view(context, qtbot, "proposals", pid)
    _choose(view, "review")
    assert view.status_changes.pending_dialog is None
    assert load_proposal(context.db, pid)[0].status == "review"
    context.undo_stack.undo()
    assert load_proposal(context.db, pid)[0].status == "drafting"


def test_a_proposal_changed_elsewhere_is_said_before_asking(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.db.models import Proposal

    said = _warnings(monkeypatch)
    pid = _proposal(context)
    view = _view(context, qtbot, "proposals", pid)
    assert context.db is not None
    with context.db.transaction() as s:  # another desk edits the proposal meanwhile
        proposal = s.get(Proposal, pid)
        assert proposal is not None
        proposal.owner = "Chiara Bassi"
    _choose(view, "submitted")
    assert view.status_changes.pending_dialog is None
    assert said == ["Someone else changed this record meanwhile: it has been reloaded, try again."]
    assert view.detail.status_box.currentData() == "drafting"
    _choose(view, "submitted")  # reloaded: now it asks
    assert isinstance(view.status_changes.pending_dialog, StatusDataDialog)
    view.status_changes.pending_dialog.reject()


# -- calls --------------------------------------------------------------------------------


def test_no_go_from_the_pane_asks_the_reason_and_undo_restores_both(
    context: AppContext, qtbot: Any
) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        call_id = f.call(s, "Bando Volontariato 2026", status=CallStatus.WATCHING).id
    view = _view(context, qtbot, "calls", call_id)
    _choose(view, "no_go")
    dialog = view.status_changes.pending_dialog
    assert isinstance(dialog, NoGoReasonDialog)
    assert not dialog.ok_button.isEnabled()
    assert not dialog.error.isVisible()  # not a reproach before anything was typed
    dialog.reason_edit.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Say why the call is a no-go, so the choice can be reviewed."
    dialog.reason_edit.setPlainText("Cofinanziamento al 50%:\ntroppo per la nostra rete.")
    assert dialog.ok_button.isEnabled() and not dialog.error.isVisible()
    dialog.ok_button.click()
    form = load_call(context.db, call_id)[0]
    assert (form.status, form.no_go_reason) == (
        "no_go",
        "Cofinanziamento al 50%:\ntroppo per la nostra rete.",
    )
    assert view.detail.status_box.currentData() == "no_go"
    assert context.undo_stack.count() == 1
    assert context.undo_stack.undoText() == ("change status of “Bando Volontariato 2026” to No-go")
    context.undo_stack.undo()
    form = load_call(context.db, call_id)[0]
    assert (form.status, form.no_go_reason) == ("watching", "")
    assert view.detail.status_box.currentData() == "watching"
    context.undo_stack.redo()
    assert load_call(context.db, call_id)[0].status == "no_go"


def test_a_cancelled_no_go_changes_nothing(context: AppContext, qtbot: Any) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        call_id = f.call(s, "Bando Volontariato 2026").id
    view = _view(context, qtbot, "calls", call_id)
    _choose(view, "no_go")
    dialog = view.status_changes.pending_dialog
    assert isinstance(dialog, NoGoReasonDialog)
    dialog.reason_edit.setPlainText("Scadenza troppo vicina")
    dialog.reject()
    assert load_call(context.db, call_id)[0].status == "new"
    assert view.detail.status_box.currentData() == "new"
    assert context.undo_stack.count() == 0


def test_other_call_statuses_still_move_at_once(context: AppContext, qtbot: Any) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        call_id = f.call(s, "Bando Volontariato 2026").id
    view = _view(context, qtbot, "calls", call_id)
    _choose(view, "go")
    assert view.status_changes.pending_dialog is None
    assert load_call(context.db, call_id)[0].status == "go"


# -- co-design ----------------------------------------------------------------------------


def _process(context: AppContext) -> int:
    assert context.db is not None
    with context.db.transaction() as s:
        body = f.organization(s, "Comune di Casalecchio di Reno", LegalForm.PUBLIC_BODY).id
    return create_process(
        context.db,
        ProcessForm(
            title="Patto di comunità per l’abitare",
            promoter_id=body,
            status=CoDesignStatus.DECISION.value,
            decided_on=date(2026, 1, 20),
        ),
    )


def test_a_codesign_step_without_its_date_is_refused_with_the_sentence_and_an_editor(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _process(context)
    view = _view(context, qtbot, "codesigns", pid)
    _choose(view, "notice_published")
    box = view.status_changes.pending_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "Give the date the public notice was published."
    assert "stays at “Decision”" in box.informativeText()
    assert load_process(context.db, pid)[0].status == "decision"
    assert view.detail.status_box.currentData() == "decision"  # nothing moved meanwhile
    assert context.undo_stack.count() == 0
    button = view.status_changes.open_button
    assert button is not None
    button.click()
    assert view.status_changes.pending_dialog is None
    editor = view.status_changes.editor
    assert editor is not None and editor.isVisible()
    general = editor.general  # type: ignore[attr-defined]
    assert general.status_box.currentData() == "notice_published"
    error = general._errors["notice_published_on"]
    assert error.isVisible() and error.text() == "Give the date the public notice was published."
    assert editor.focusWidget() is general.date_edits["notice_published_on"]
    assert not editor.save_button.isEnabled()  # type: ignore[attr-defined]
    general.date_edits["notice_published_on"].setText("02/02/2026")
    assert editor.save()  # type: ignore[attr-defined]
    assert load_process(context.db, pid)[0].status == "notice_published"
    editor.close()


def test_a_codesign_refusal_can_be_dismissed(context: AppContext, qtbot: Any) -> None:
    pid = _process(context)
    view = _view(context, qtbot, "codesigns", pid)
    _choose(view, "closed")
    box = view.status_changes.pending_dialog
    assert isinstance(box, QMessageBox)
    box.reject()
    assert view.status_changes.pending_dialog is None
    assert view.status_changes.editor is None
    assert view.detail.status_box.currentData() == "decision"
    assert view.detail.status_caption.text() == "Step"  # as the editor and the list say


def test_other_records_have_a_status(context: AppContext, qtbot: Any) -> None:
    view = RecordsView(context, "proposals")
    qtbot.addWidget(view)
    assert view.detail.status_caption.text() == "Status"


def test_a_codesign_step_back_needs_nothing(context: AppContext, qtbot: Any) -> None:
    pid = _process(context)
    view = _view(context, qtbot, "codesigns", pid)
    _choose(view, "decision")  # the same step: nothing happens
    assert context.undo_stack.count() == 0
    assert context.db is not None
    from grantdesk.db.models import CoDesignProcess

    with context.db.transaction() as s:  # an imported process, at a step without its date
        process = s.get(CoDesignProcess, pid)
        assert process is not None
        process.status = CoDesignStatus.APPROVAL
    view.refresh()
    _choose(view, "decision")
    assert load_process(context.db, pid)[0].status == "decision"
    context.undo_stack.undo()  # back as it was, complete or not
    assert load_process(context.db, pid)[0].status == "approval"


def test_a_refusal_from_another_desk_is_one_sentence(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = _warnings(monkeypatch)
    pid = _process(context)
    view = _view(context, qtbot, "codesigns", pid)
    from grantdesk.db.models import CoDesignProcess

    assert context.db is not None
    with context.db.transaction() as s:  # another desk edits the process meanwhile
        process = s.get(CoDesignProcess, pid)
        assert process is not None
        process.rup = "Elena Martelli"
    _choose(view, "notice_published")
    assert said == ["Someone else changed this record meanwhile: it has been reloaded, try again."]
    assert view.status_changes.pending_dialog is None
    assert context.undo_stack.count() == 0


# -- the proposal editor uses the same dialog ---------------------------------------------


def test_the_editor_asks_with_the_same_dialog(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.db.models import Proposal
    from grantdesk.ui.proposal_editor import ProposalEditor

    pid = _proposal(context)
    assert context.db is not None
    with context.db.transaction() as s:
        proposal = s.get(Proposal, pid)
        assert proposal is not None
        proposal.status, proposal.submitted_on = ProposalStatus.SUBMITTED, date(2026, 4, 1)
    editor = ProposalEditor(context, pid, today=date(2026, 5, 4))
    qtbot.addWidget(editor)
    asked: list[StatusDataDialog] = []

    def answer(dialog: StatusDataDialog) -> int:
        asked.append(dialog)
        assert dialog.needs == ("decided_on",)
        decided = dialog.inputs["decided_on"]
        assert isinstance(decided, QDateEdit)
        assert decided.date() == QDate(2026, 5, 4)  # the editor's today, to start from
        decided.setDate(QDate(2026, 3, 1))
        assert not dialog.move_button.isEnabled()
        assert dialog.errors["decided_on"].text() == (
            "The decision cannot come before the submission."
        )
        dialog.accept()  # refused while something is wrong
        assert dialog.result() != StatusDataDialog.DialogCode.Accepted
        decided.setDate(QDate(2026, 7, 1))
        dialog.move_button.click()
        return int(dialog.result())

    monkeypatch.setattr(StatusDataDialog, "exec", answer)
    editor.request_status("rejected")
    assert len(asked) == 1
    form = load_proposal(context.db, pid)[0]
    assert (form.status, form.decided_on) == ("rejected", date(2026, 7, 1))
    context.undo_stack.undo()
    form = load_proposal(context.db, pid)[0]
    assert (form.status, form.decided_on) == ("submitted", None)
