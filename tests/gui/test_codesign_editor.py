"""The co-design editor, its tabs and the co-design list's toolbar, each change undoable."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from grantdesk.db.models import CoDesignProcess, Deadline, Meeting, Proposal
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import ApplicationOutcome, CoDesignStatus, LegalForm
from grantdesk.services.codesign_editing import load_form, update_process
from grantdesk.services.demo import load_demo
from grantdesk.ui.codesign_editor import (
    APPLICATIONS,
    COMMITMENTS,
    MONITORING,
    CodesignEditorDialog,
)
from grantdesk.ui.codesign_widgets import Row, RowsModel
from grantdesk.ui.context import AppContext
from grantdesk.ui.views.records import RecordsView
from tests.helpers import factories as f

TODAY = date(2026, 3, 10)


def _count(context: AppContext, model: type) -> int:
    assert context.db is not None
    with context.db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _demo(context: AppContext) -> dict[str, int]:
    assert context.db is not None
    load_demo(context.db, "small", today=TODAY)
    with context.db.reading() as s:
        rows = s.execute(select(CoDesignProcess.title, CoDesignProcess.id)).all()
    return {("reno" if "Reno" in t else "punto" if "Punto" in t else "ravenna"): i for t, i in rows}


def _editor(context: AppContext, qtbot: Any, process_id: int | None) -> CodesignEditorDialog:
    dialog = CodesignEditorDialog(context, process_id, today=TODAY)
    # Unsaved changes are dropped before the test closes it: a question would wait for ever.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.general.fill(d.original))
    dialog.show()
    return dialog


def _accept(monkeypatch: pytest.MonkeyPatch, cls: type, fill: Any) -> None:
    """Make *cls*.exec fill the dialog with *fill* and accept it, instead of waiting."""

    def fake_exec(self: Any) -> int:
        fill(self)
        self._save() if hasattr(self, "_save") else self.accept()
        return int(self.result())

    monkeypatch.setattr(cls, "exec", fake_exec)


def test_a_new_process_is_saved_undone_and_redone(context: AppContext, qtbot: Any) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        comune = f.organization(s, "Comune di Ravenna", LegalForm.MUNICIPALITY).id
    dialog = _editor(context, qtbot, None)
    assert not dialog.save_button.isEnabled()
    assert not dialog.tabs.isTabEnabled(APPLICATIONS)
    general = dialog.general
    general.title_edit.setText("Patto di comunità per l’abitare")
    general.promoter_box.setCurrentIndex(general.promoter_box.findData(comune))
    general.cup_edit.setText("c11g06000000001")
    assert general.cup_note.text() == "Decision recorded in 2006."
    general.status_box.setCurrentIndex(general.status_box.findData("applications"))
    assert not dialog.save_button.isEnabled()
    assert dialog.general._errors["notice_published_on"].isVisible()
    general.date_edits["notice_published_on"].setText("01/03/2026")
    general.due_day_edit.setText("30/03/2026")
    assert dialog.save_button.isEnabled()
    assert dialog.save()
    assert dialog.tabs.isTabEnabled(APPLICATIONS)
    assert _count(context, CoDesignProcess) == 1
    assert _count(context, Deadline) == 2  # notice published, applications close
    form, _version = load_form(context.db, dialog.process_id)
    assert form.cup == "C11G06000000001" and form.promoter_id == comune
    context.undo_stack.undo()
    assert _count(context, CoDesignProcess) == 0 and _count(context, Deadline) == 0
    assert dialog.heading.text() == "This process no longer exists"
    context.undo_stack.redo()
    assert _count(context, CoDesignProcess) == 1
    assert dialog.heading.text() == "Patto di comunità per l’abitare"


def test_a_bad_cup_is_explained(context: AppContext, qtbot: Any) -> None:
    dialog = _editor(context, qtbot, None)
    dialog.general.cup_edit.setText("C11G0600000")
    error = dialog.general._errors["cup"]
    assert error.isVisible() and error.text() == "A CUP has 15 characters; this one has 11."
    assert not dialog.save_button.isEnabled()


def test_editing_the_demo_process_and_a_conflict(context: AppContext, qtbot: Any) -> None:
    ids = _demo(context)
    assert context.db is not None
    dialog = _editor(context, qtbot, ids["reno"])
    assert dialog.tabs.tabText(APPLICATIONS) == "Applications (6)"
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    assert dialog.general.pipeline.status is CoDesignStatus.MONITORING
    dialog.general.rup_edit.setText("Roberto Guidi")
    assert dialog.save_button.isEnabled()
    assert dialog.save()
    assert load_form(context.db, ids["reno"])[0].rup == "Roberto Guidi"
    # Another desk saves meanwhile: this one is refused and says so.
    form, version = load_form(context.db, ids["reno"])
    update_process(
        context.db, ids["reno"], form.__class__(**{**form.__dict__, "rup": "Altri"}), version
    )
    dialog.general.territory_edit.setText("Unione Reno Galliera")
    assert not dialog.save()
    qtbot.waitUntil(lambda: "Someone else changed" in dialog.summary.text())
    # Undoing this editor's save would overwrite the other desk's: refused, nothing lost.
    context.undo_stack.undo()
    assert load_form(context.db, ids["reno"])[0].rup == "Altri"
    qtbot.waitUntil(lambda: "changed this process meanwhile" in dialog.summary.text())


def test_applications_admit_and_exclude_with_a_reason(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.codesign_dialogs import ApplicationDialog

    ids = _demo(context)
    dialog = _editor(context, qtbot, ids["ravenna"])
    tab = dialog.applications
    assert [r.cells[3] for r in tab.pane.model.rows()] == ["Pending", "Pending"]
    tab.pane.select(0)
    tab.admit()
    assert tab.pane.model.rows()[0].cells[3] == "Admitted"
    tab.pane.select(1)

    def reason(d: ApplicationDialog) -> None:
        assert d.outcome_box.currentData() == ApplicationOutcome.EXCLUDED.value
        assert not d.save_button.isEnabled()  # no reason yet
        d.reason_edit.setPlainText("Nessuna sede operativa nell’ambito")

    _accept(monkeypatch, ApplicationDialog, reason)
    tab.exclude()
    rows = tab.pane.model.rows()
    assert (
        rows[1].cells[3] == "Excluded" and rows[1].cells[4] == "Nessuna sede operativa nell’ambito"
    )
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert [r.cells[3] for r in tab.pane.model.rows()] == ["Pending", "Pending"]


def test_commitments_and_their_totals(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.codesign_dialogs import CommitmentDialog

    ids = _demo(context)
    dialog = _editor(context, qtbot, ids["punto"])
    dialog.tabs.setCurrentIndex(COMMITMENTS)
    tab = dialog.commitments
    assert tab.total_label.text() == "€58,517.20 pledged"
    parish = next(b.id for b in dialog.bodies if b.name.startswith("Parrocchia"))

    def pledge(d: CommitmentDialog) -> None:
        d.body_box.set_body(parish)
        d.kind_box.setCurrentIndex(d.kind_box.findData("goods"))
        d.description_edit.setText("Pacchi alimentari")
        d.quantity_edit.setText("10")
        d.value_edit.setText("€25.50")
        d.refresh()
        assert d.total.text() == "€255.00"

    _accept(monkeypatch, CommitmentDialog, pledge)
    tab.new_commitment()
    assert tab.total_label.text() == "€58,772.20 pledged"
    kinds = {r.cells[0]: r.cells[1] for r in tab.by_kind.model.rows()}
    assert kinds["Goods"] == "€255.00"
    context.undo_stack.undo()
    assert tab.total_label.text() == "€58,517.20 pledged"


def test_a_meeting_is_recorded_with_attendees_actions_and_drafted_minutes(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.codesign_meeting_editor import MeetingEditorDialog

    ids = _demo(context)
    dialog = _editor(context, qtbot, ids["ravenna"])
    before = _count(context, Meeting)

    def fill(d: MeetingEditorDialog) -> None:
        d.day_edit.setText("20/03/2026")
        d.time_edit.setText("17:30")
        d.place_edit.setText("Sala del Consiglio, Ravenna")
        names = [d.people.item(r).text().strip() for r in range(d.people.count())]
        assert any(n.startswith("Monica Zanetti") for n in names)
        for r in range(d.people.count()):
            if d.people.item(r).text().strip().startswith("Monica Zanetti"):
                d.people.item(r).setCheckState(d.people.item(r).checkState().Checked)
        d.add_action()
        d.action_table.item(0, 0).setText("Mappare le famiglie fragili della Darsena")
        d.action_table.item(0, 1).setText("Monica Zanetti")
        d.action_table.item(0, 2).setText("25/03/2026")
        d.minutes_edit.setPlainText("Appunti della discussione.")
        d.draft()
        text = d.minutes_edit.toPlainText()
        assert text.startswith("MINUTES OF CO-DESIGN MEETING NO. 1")
        assert "Monica Zanetti" in text and "Appunti della discussione." in text

    _accept(monkeypatch, MeetingEditorDialog, fill)
    dialog.meetings.open_meeting(None)
    assert _count(context, Meeting) == before + 1
    rows = dialog.meetings.pane.model.rows()
    assert rows[0].cells[3] == "1" and rows[0].cells[5] == "Written"
    actions = dialog.meetings.open_actions.model.rows()
    assert [a.cells[1] for a in actions] == ["Mappare le famiglie fragili della Darsena"]
    context.undo_stack.undo()
    assert _count(context, Meeting) == before
    assert dialog.meetings.pane.model.rows() == []


def test_monitoring_shows_measurements_and_chart(context: AppContext, qtbot: Any) -> None:
    ids = _demo(context)
    dialog = _editor(context, qtbot, ids["punto"])
    dialog.tabs.setCurrentIndex(MONITORING)
    tab = dialog.monitoring
    tab.pane.select(0)
    indicator = tab.current_indicator()
    assert indicator is not None and indicator.name.startswith("Cittadini")
    assert tab.measurements.model.rowCount() == len(indicator.measurements) == 5
    chart = tab.chart.chart()
    assert chart.title() == indicator.name
    assert [s.name() for s in chart.series()] == ["Measured (persone)", "Baseline", "Target"]
    assert chart.series()[0].count() == 5
    assert tab.pane.model.rows()[0].cells[5] == "51.3%"


def test_a_proposal_from_the_process(context: AppContext, qtbot: Any) -> None:
    from grantdesk.ui.codesign_proposal_dialog import ProposalFromProcessDialog

    ids = _demo(context)
    dialog = _editor(context, qtbot, ids["reno"])
    assert dialog.overview is not None
    before = _count(context, Proposal)
    maker = ProposalFromProcessDialog(context, dialog.overview, dialog)
    qtbot.addWidget(maker)
    assert maker.lines.model.rowCount() == 7
    assert maker.total.text() == "Co-financing carried across: €197,860.00"
    maker.title_edit.setText("Contrasto alla povertà – bando 2026")
    maker.create_proposal()
    assert _count(context, Proposal) == before + 1
    context.undo_stack.undo()
    assert _count(context, Proposal) == before


def test_the_list_toolbar(context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _demo(context)
    view = RecordsView(context, "codesigns")
    qtbot.addWidget(view)
    view.show()
    toolbar = view.codesign_toolbar
    assert toolbar.new_button.isEnabled()
    view.table.clearSelection()
    view.table.setCurrentIndex(view.model.index(-1, -1))
    toolbar.update_state()
    assert not toolbar.edit_button.isEnabled()
    view.select_row(view.model.row_for_id(ids["punto"]))
    assert toolbar.edit_button.isEnabled() and toolbar.delete_button.isEnabled()
    opened: list[int | None] = []
    monkeypatch.setattr(
        CodesignEditorDialog, "exec", lambda self: opened.append(self._process_id) or 0
    )
    toolbar.edit_action.trigger()  # F2
    assert opened == [ids["punto"]]
    from grantdesk.ui import codesign_actions

    monkeypatch.setattr(
        codesign_actions.QMessageBox,
        "exec",
        lambda self: codesign_actions.QMessageBox.StandardButton.Yes,
    )
    assert codesign_actions.delete_with_confirmation(view, context, ids["punto"])
    assert view.model.row_for_id(ids["punto"]) == -1
    context.undo_stack.undo()
    assert _count(context, CoDesignProcess) == 3


def test_rows_model_is_a_well_behaved_model(qtmodeltester: Any) -> None:
    model = RowsModel(("Ente", "Valore"), right=(1,))
    model.set_rows([Row(1, ("Diritti al Cuore ODV", "€ 18.000,00"), colours=(None, "#5b6778"))])
    qtmodeltester.check(model)


def test_closing_with_unsaved_changes_asks(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui import codesign_editor

    ids = _demo(context)
    dialog = _editor(context, qtbot, ids["reno"])
    dialog.general.rup_edit.setText("Qualcun altro")
    asked: list[str] = []

    def cancel(*args: Any) -> Any:
        asked.append(args[1])
        return codesign_editor.QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(codesign_editor.QMessageBox, "question", cancel)
    dialog.reject()
    assert asked == ["Unsaved changes"] and dialog.isVisible()


def test_dates_and_times_round_trip(context: AppContext, qtbot: Any) -> None:
    ids = _demo(context)
    dialog = _editor(context, qtbot, ids["ravenna"])
    form, problems = dialog.general.read_form()
    assert problems == {}
    assert form.applications_due_at == rome_to_utc(TODAY + timedelta(days=12), time(12, 0))
    assert form.budget == Decimal("150000.00")
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_documents_are_asked_for_the_right_records(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui import codesign_export

    ids = _demo(context)
    asked: list[tuple[str, int]] = []
    for name in ("agreement", "monitoring", "minutes"):
        monkeypatch.setattr(
            codesign_export,
            f"export_{name}",
            lambda _parent, _context, key, name=name: asked.append((name, key)),
        )
    dialog = _editor(context, qtbot, ids["reno"])
    assert dialog.documents_button.isEnabled()
    dialog.agreement_action.trigger()
    dialog.monitoring_action.trigger()
    meetings = dialog.meetings
    meetings.pane.select(1)
    meetings.minutes_button.click()
    second = meetings.pane.model.rows()[1].key
    assert asked == [("agreement", ids["reno"]), ("monitoring", ids["reno"]), ("minutes", second)]
    new = _editor(context, qtbot, None)
    assert not new.documents_button.isEnabled()
