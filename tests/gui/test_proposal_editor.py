"""The proposal editor: created from a call, partners with their papers, sections from the
text library, activities on the timeline, the status pipeline, duplicate, delete, undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QDialog, QMessageBox

from grantdesk.db.models import CallRequirement, OrganizationDocument, Proposal
from grantdesk.domain.rule_types import Target
from grantdesk.domain.vocab import LegalForm
from grantdesk.services.proposal_editing import DEFAULT_SECTIONS, load_form
from grantdesk.services.proposal_parts import load_parts
from grantdesk.services.text_library import TextBlockForm, create_block
from grantdesk.ui.context import AppContext
from grantdesk.ui.proposal_actions import NewProposalDialog, ProposalToolbar, duplicate
from grantdesk.ui.proposal_editor import (
    ACTIVITIES,
    BUDGET,
    CHECKLIST,
    GENERAL,
    PARTNERS,
    SECTIONS,
    ProposalEditor,
)
from tests.helpers import factories as f

TODAY = date(2027, 1, 15)


@pytest.fixture(autouse=True)
def never_ask_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that fails with unsaved changes must not hang on the closing question."""
    monkeypatch.setattr(ProposalEditor, "_ask_to_save", lambda _self: True)


@pytest.fixture(autouse=True)
def empty_undo_stack(context: AppContext) -> Any:
    """Empty the stack while the context is alive: when the garbage collector frees a
    context whose stack still holds several Python commands that point back at it,
    PySide 6.11 frees the commands twice and the process crashes."""
    yield
    context.undo_stack.clear()


def _seed(context: AppContext) -> dict[str, int]:
    assert context.db is not None
    with context.db.transaction() as s:
        call = f.call(s, "Comunità che si prendono cura", code="CURA-27", max_grant=Decimal(80000))
        call.requirements = [
            CallRequirement(position=1, name="Statuto del capofila", document_kind="statute"),
            CallRequirement(position=2, name="Lettere di partenariato"),
        ]
        kcs = f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        kcs.documents = [OrganizationDocument(kind="statute", title="Statuto")]
        argento = f.organization(s, "Argento Vivo ODV", LegalForm.ODV, municipality="Vigevano")
        argento.documents = [
            OrganizationDocument(kind="statute", title="Statuto", expires_on=date(2026, 12, 31))
        ]
        parish = f.organization(s, "Parrocchia di San Francesco d’Assisi", LegalForm.PARISH)
        s.flush()
        return {"call": call.id, "kcs": kcs.id, "argento": argento.id, "parish": parish.id}


def _new_proposal(context: AppContext, qtbot: Any, call_id: int, title: str) -> int:
    dialog = NewProposalDialog(context)
    qtbot.addWidget(dialog)
    dialog.picker.select(call_id)
    dialog.title_edit.setText(title)
    assert "2 required attachments" in dialog.note.text()
    dialog.create_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.command is not None and dialog.command.proposal_id is not None
    return dialog.command.proposal_id


def _editor(context: AppContext, qtbot: Any, pid: int) -> ProposalEditor:
    editor = ProposalEditor(context, pid, today=TODAY)
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):  # shortcuts reach the active window only
        editor.show()
        editor.activateWindow()
    return editor


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_a_proposal_created_from_a_call_has_its_sections_and_checklist(
    context: AppContext, qtbot: Any
) -> None:
    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Anziani connessi")
    editor = _editor(context, qtbot, pid)
    assert editor.heading.text() == "Anziani connessi"
    assert "Comunità che si prendono cura" in editor.general.call_label.text()
    titles = [editor.sections.list.item(r).text() for r in range(editor.sections.list.count())]
    assert titles == [f"{n}. {t}" for n, t in enumerate(DEFAULT_SECTIONS, start=1)]
    table = editor.checklist.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "Statuto del capofila",
        "Lettere di partenariato",
    ]
    assert editor.checklist.count.text() == "0 of 2 attached. 2 mandatory items still missing."
    # The rule check says what is missing, and a finding leads to its place.
    messages = [f.message for f in editor.findings.findings]
    assert any("Lettere di partenariato" in m for m in messages)
    editor.jump_to(Target("attachments", "Lettere di partenariato"))
    assert editor.tabs.currentIndex() == CHECKLIST
    assert table.currentRow() == 1
    # A brand-new proposal's empty tabs say so.
    assert editor.partners.empty.isVisibleTo(editor.partners)
    assert editor.activities.gantt.bars == []


def test_partners_are_added_with_their_document_warnings(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Rete di cura")
    editor = _editor(context, qtbot, pid)
    editor.tabs.setCurrentIndex(PARTNERS)
    assert editor.partners.add(ids["kcs"])  # the first one becomes the lead
    assert editor.partners.add(ids["argento"], "Volontari")
    assert editor.partners.message.text() == (
        "“Argento Vivo ODV” added. Papers for this call — Expired: Statute (2026-12-31)."
    )
    table = editor.partners.table
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert rows == [
        ("Cooperativa Sociale KCS", "Lead (capofila)"),
        ("Argento Vivo ODV", "Volontari"),
    ]
    assert table.item(1, 4).text() == "⚠ Expired: Statute (2026-12-31)."
    assert table.item(0, 4).text() == "✓ Every paper the call asks for is on file."
    assert "Lead: Cooperativa Sociale KCS" in editor.subtitle.text()
    # The role is edited in place.
    table.item(1, 1).setText("Volontari e trasporti")
    qtbot.waitUntil(lambda: load_parts(context.db, pid).members[1].role == "Volontari e trasporti")
    # Making the partner lead swaps them, undoably.
    editor.partners.select(ids["argento"])
    editor.partners.make_lead()
    assert [m.name for m in load_parts(context.db, pid).members] == [
        "Argento Vivo ODV",
        "Cooperativa Sociale KCS",
    ]
    context.undo_stack.undo()
    assert load_parts(context.db, pid).members[0].name == "Cooperativa Sociale KCS"


def test_a_library_block_is_inserted_into_a_section(context: AppContext, qtbot: Any) -> None:
    from grantdesk.ui.text_library_dialog import TextLibraryDialog

    ids = _seed(context)
    assert context.db is not None
    create_block(
        context.db,
        TextBlockForm(
            "Presentazione della Cooperativa KCS",
            "KCS gestisce i punti di ascolto “Punto per Te” a Vigevano.",
            ["presentazione", "ente"],
        ),
    )
    create_block(
        context.db, TextBlockForm("Clausola privacy", "Regolamento (UE) 2016/679.", ["clausola"])
    )
    pid = _new_proposal(context, qtbot, ids["call"], "Rete")
    editor = _editor(context, qtbot, pid)
    editor.tabs.setCurrentIndex(SECTIONS)
    editor.sections.select_section(4)  # Partenariato
    editor.sections.body.setPlainText("Il capofila:")
    assert editor.sections.commit()

    library = TextLibraryDialog(context, picking=True)
    qtbot.addWidget(library)
    library.search.setText("universita punto")  # accents ignored, every word wanted
    library.refresh()
    assert library.results.count() == 0
    library.search.setText("punto per te")
    library.refresh()
    assert library.chosen_title() == "Presentazione della Cooperativa KCS"
    library.search.setText("")
    library.tick_tag("clausola")
    assert [
        library.results.item(r).text().split("\n")[0] for r in range(library.results.count())
    ] == ["Clausola privacy"]
    library.tags.item(0).setCheckState(Qt.CheckState.Unchecked)
    library.tick_tag("presentazione")
    assert "Punto per Te" in library.preview.toPlainText()

    cursor = editor.sections.body.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.sections.body.setTextCursor(cursor)
    assert editor.sections.insert_text(library.chosen_text(), library.chosen_title())
    body = load_parts(context.db, pid).sections[4].body
    assert body == "Il capofila:\n\nKCS gestisce i punti di ascolto “Punto per Te” a Vigevano."
    assert context.undo_stack.undoText().startswith("insert “Presentazione della Cooperativa KCS”")
    context.undo_stack.undo()
    assert load_parts(context.db, pid).sections[4].body == "Il capofila:"
    assert editor.sections.body.toPlainText() == "Il capofila:"


def test_typing_in_a_section_is_saved_as_one_undo_step(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Rete")
    editor = _editor(context, qtbot, pid)
    editor.tabs.setCurrentIndex(SECTIONS)
    start = context.undo_stack.count()
    editor.sections.body.setPlainText("Un anziano su tre")
    editor.sections.commit()
    editor.sections.body.setPlainText("Un anziano su tre vive solo.")
    editor.sections.commit()
    assert context.undo_stack.count() == start + 1  # merged
    assert load_parts(context.db, pid).sections[0].body == "Un anziano su tre vive solo."
    editor.sections.select_section(1)  # leaving a section saves it too
    editor.sections.body.setPlainText("Ridurre l'isolamento")
    editor.sections.select_section(0)
    assert load_parts(context.db, pid).sections[1].body == "Ridurre l'isolamento"
    assert editor.sections.body.toPlainText() == "Un anziano su tre vive solo."


def test_activities_appear_in_the_gantt(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Rete")
    editor = _editor(context, qtbot, pid)
    editor.partners.add(ids["kcs"])
    editor.general.duration_spin.setValue(12)
    editor.general.start_edit.setText("01/10/2026")
    assert editor.save_general()
    editor.tabs.setCurrentIndex(ACTIVITIES)
    tab = editor.activities
    tab.add_activity()
    assert tab.table.rowCount() == 1
    tab.table.item(0, 0).setText("Punti di ascolto")
    qtbot.waitUntil(lambda: load_parts(context.db, pid).activities[0].title == "Punti di ascolto")
    assert [(b.title, b.start_month, b.end_month, b.partner) for b in tab.gantt.bars] == [
        ("Punti di ascolto", 1, 3, "Cooperativa Sociale KCS")
    ]
    # Today (15/01/2027) is in month 4 of a project started on 01/10/2026.
    assert tab.gantt.today_offset() == pytest.approx(3 + 14 / 31)
    # A month past the duration is refused with the sentence and put back.
    item = tab.table.item(0, 3)
    item.setData(Qt.ItemDataRole.UserRole, 13)
    item.setText("13")
    qtbot.waitUntil(lambda: tab.error.isVisibleTo(tab))
    assert tab.error.text() == "Activity 1 ends in month 13, after the project's 12 months."
    assert tab.table.item(0, 3).text() == "3"
    # The duration cannot shrink below the activities.
    tab.table.item(0, 3).setData(Qt.ItemDataRole.UserRole, 12)
    tab.table.item(0, 3).setText("12")
    qtbot.waitUntil(lambda: load_parts(context.db, pid).activities[0].end_month == 12)
    editor.general.duration_spin.setValue(6)
    assert not editor.save_general()
    assert "runs until month 12" in editor.general._errors["duration_months"].text()
    editor.general.revert_button.click()  # closing with unsaved changes would ask
    assert not editor.general.dirty()


def test_a_status_that_needs_a_date_is_refused_with_the_sentence(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.proposal_status import StatusDataDialog

    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Rete")
    editor = _editor(context, qtbot, pid)
    before = context.undo_stack.count()
    assert not editor.change_status("submitted")
    note = editor.general.status_note
    assert note.isVisibleTo(editor.general)
    assert note.text() == (
        "Status not changed: “Submitted” needs the day the proposal was submitted."
    )
    assert load_form(context.db, pid)[0].status == "idea"
    assert context.undo_stack.count() == before
    # The chip asks for the day (the Board's dialog: a day-first picker, checked live).
    asked: list[StatusDataDialog] = []

    def answer(dialog: StatusDataDialog) -> int:
        asked.append(dialog)
        assert dialog.needs == ("submitted_on",)
        picker = dialog.inputs["submitted_on"]
        assert isinstance(picker, QDateEdit) and picker.displayFormat() == "dd/MM/yyyy"
        picker.setDate(QDate(2027, 3, 31))
        assert picker.text() == "31/03/2027"
        assert dialog.move_button.isEnabled()
        dialog.move_button.click()
        return int(dialog.result())

    monkeypatch.setattr(StatusDataDialog, "exec", answer)
    editor.general.pipeline.buttons["submitted"].click()
    assert asked
    form = load_form(context.db, pid)[0]
    assert (form.status, form.submitted_on) == ("submitted", date(2027, 3, 31))
    assert editor.general.pipeline.current == "submitted"
    assert editor.general.submitted_edit.text() == "2027-03-31"
    assert not note.isVisibleTo(editor.general)
    context.undo_stack.undo()
    assert load_form(context.db, pid)[0].status == "idea"
    assert editor.general.pipeline.current == "idea"


def test_the_general_form_saves_with_ctrl_s_and_undoes(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Rete")
    editor = _editor(context, qtbot, pid)
    assert not editor.general.save_button.isEnabled()
    editor.general.title_edit.setText("")
    assert editor.general._errors["title"].text() == "The proposal needs a title."
    editor.general.title_edit.setText("Rete di prossimità")
    QTest.keyClicks(editor.general.acronym_edit, "RETE")
    editor.general.start_edit.setText("31/02/2027")
    assert editor.general._errors["start_on"].text() == (
        "Write the date as dd/mm/yyyy, like 12/05/2023."
    )
    editor.general.start_edit.setText("01/03/2027")
    assert editor.general.save_button.isEnabled()
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    form = load_form(context.db, pid)[0]
    assert (form.title, form.acronym, form.start_on) == (
        "Rete di prossimità",
        "RETE",
        date(2027, 3, 1),
    )
    assert editor.heading.text() == "RETE – Rete di prossimità"
    context.undo_stack.undo()
    assert load_form(context.db, pid)[0].title == "Rete"
    assert editor.general.title_edit.text() == "Rete"
    context.undo_stack.redo()
    assert editor.general.title_edit.text() == "Rete di prossimità"


def test_ctrl_page_keys_switch_tabs(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    editor = _editor(context, qtbot, _new_proposal(context, qtbot, ids["call"], "Rete"))
    assert editor.tabs.currentIndex() == GENERAL
    QTest.keyClick(editor, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.tabs.currentIndex() == PARTNERS
    QTest.keyClick(editor, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert editor.tabs.currentIndex() == BUDGET
    assert not editor.findings.isVisibleTo(editor)  # the budget has its own


def test_duplicate_and_delete_from_the_list_are_undoable(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.proposal_actions import delete_with_confirmation
    from grantdesk.ui.views.records import RecordsView

    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Punto per Te 2026")
    editor = _editor(context, qtbot, pid)
    editor.partners.add(ids["kcs"])
    editor.partners.add(ids["argento"], "Volontari")
    editor.close()
    copy = duplicate(editor, context, pid, "Punto per Te 2027")
    assert copy is not None and copy != pid
    parts = load_parts(context.db, copy)
    assert [m.name for m in parts.members] == ["Cooperativa Sociale KCS", "Argento Vivo ODV"]
    assert [c.state for c in parts.checklist] == ["missing", "missing"]
    context.undo_stack.undo()
    with context.db.reading() as s:
        assert s.get(Proposal, copy) is None
    context.undo_stack.redo()

    view = RecordsView(context, "proposals")
    qtbot.addWidget(view)
    toolbar = view.findChild(ProposalToolbar)
    assert toolbar is not None
    view.select_row(view.model.row_for_id(pid))
    assert toolbar.duplicate_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    assert delete_with_confirmation(view, context, pid)
    with context.db.reading() as s:
        assert s.get(Proposal, pid) is None
    context.undo_stack.undo()  # everything comes back, partners included
    with context.db.reading() as s:
        titles = sorted(p.title for p in s.query(Proposal))
    assert titles == ["Punto per Te 2026", "Punto per Te 2027"]


def test_a_new_call_brings_its_checklist_in_one_undo_step(context: AppContext, qtbot: Any) -> None:
    from grantdesk.services.proposal_editing import ProposalForm, create_proposal

    ids = _seed(context)
    pid = create_proposal(context.db, ProposalForm(title="Senza bando"))
    editor = _editor(context, qtbot, pid)
    assert editor.general.call_label.text() == "No call chosen yet."
    assert editor.checklist.empty.isVisibleTo(editor.checklist)
    assert editor.change_call(ids["call"])
    assert [c.name for c in load_parts(context.db, pid).checklist] == [
        "Statuto del capofila",
        "Lettere di partenariato",
    ]
    context.undo_stack.undo()
    parts = load_parts(context.db, pid)
    assert (parts.call_id, parts.checklist) == (None, ())


def test_enter_in_the_list_opens_the_editor_once(context: AppContext, qtbot: Any) -> None:
    from grantdesk.ui.views.records import RecordsView

    ids = _seed(context)
    pid = _new_proposal(context, qtbot, ids["call"], "Rete di cura")
    view = RecordsView(context, "proposals")
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.select_row(view.model.row_for_id(pid))
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    editors = [w for w in QApplication.topLevelWidgets() if isinstance(w, ProposalEditor)]
    assert [e.proposal_id for e in editors if e.isVisible()] == [pid]
    editor = next(e for e in editors if e.isVisible())
    qtbot.addWidget(editor)
    QTest.keyClick(view.table, Qt.Key.Key_F2)  # the same window comes forward, no second one
    visible = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ProposalEditor) and w.isVisible()
    ]
    assert visible == [editor]
