"""An organization's contacts: create, edit, delete (undoable), export and erase, by mouse and keys."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton, QVBoxLayout

from grantdesk.db.models import AuditEntry, Meeting, MeetingAttendee, Person
from grantdesk.db.models.codesign import CoDesignProcess
from grantdesk.services.people import PersonForm, create_person, list_people
from grantdesk.ui.context import AppContext
from grantdesk.ui.people_erase import EraseDialog, export_file_name
from grantdesk.ui.people_panel import PeoplePanel
from tests.helpers import factories as f


def _org(context: AppContext, name: str = "APS Il Cortile di Quarto Oggiaro") -> int:
    assert context.db is not None
    with context.db.transaction() as s:
        return f.organization(s, name).id


def _seed(context: AppContext) -> dict[str, int]:
    assert context.db is not None
    org = _org(context)
    ids = {"org": org}
    ids["rossi"] = create_person(
        context.db,
        PersonForm(
            first_name="Anna Maria",
            last_name="Rossi",
            role="Presidente",
            email="annamaria.rossi@cortile.example",
            phone="+39 347 111 2233",
            consent_on=date(2025, 2, 1),
            consent_purpose="Bandi e tavoli di co-progettazione",
            organization_id=org,
        ),
    )
    ids["bertè"] = create_person(
        context.db, PersonForm(first_name="Niccolò", last_name="Bertè", organization_id=org)
    )
    other = _org(context, "Cooperativa La Lanterna")
    create_person(
        context.db, PersonForm(first_name="Luca", last_name="Ferri", organization_id=other)
    )
    return ids


def _panel(context: AppContext, qtbot: Any, organization_id: int | None) -> PeoplePanel:
    panel = PeoplePanel(context, organization_id)
    qtbot.addWidget(panel)
    panel.resize(820, 560)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    return panel


def _select(panel: PeoplePanel, last_name: str) -> None:
    for row in range(panel.model.rowCount()):
        person = panel.model.person_at(row)
        if person is not None and person.last_name == last_name:
            panel.table.setCurrentIndex(panel.model.index(row, 0))
            assert panel.form_pane.last_name_edit.text() == last_name
            return
    pytest.fail(f"{last_name} is not listed")


def _names(context: AppContext, organization_id: int) -> list[str]:
    assert context.db is not None
    return [p.full_name for p in list_people(context.db, organization_id=organization_id)]


def test_the_model_is_sound(context: AppContext, qtbot: Any, qtmodeltester: Any) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    qtmodeltester.check(panel.model)
    model = panel.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Niccolò Bertè",
        "Anna Maria Rossi",
    ]
    assert model.index(1, model.CONSENT).data() == "2025-02-01"  # English: ISO dates
    assert model.index(0, model.CONSENT).data() == "—"
    assert model.index(0, model.CONSENT).data(Qt.ItemDataRole.ToolTipRole) == "No consent recorded"


def test_the_first_contact_is_shown_and_only_this_organization(
    context: AppContext, qtbot: Any
) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    assert panel.model.rowCount() == 2  # Luca Ferri works elsewhere
    assert panel.form_pane.title.text() == "Niccolò Bertè"
    assert panel.delete_button.isEnabled() and panel.erase_button.isEnabled()
    assert not panel.save_button.isEnabled()


def test_empty_state_then_a_new_contact_typed_and_saved(context: AppContext, qtbot: Any) -> None:
    org = _org(context)
    panel = _panel(context, qtbot, org)
    assert panel.pages.currentWidget() is panel.empty
    assert panel.empty.title.text() == "No contacts yet."
    assert not panel.form_pane.isVisible()
    qtbot.mouseClick(panel.empty.button, Qt.MouseButton.LeftButton)
    assert panel.creating and panel.form_pane.isVisible()
    assert panel.form_pane.first_name_edit.hasFocus()
    qtbot.keyClicks(panel.form_pane.first_name_edit, "Giulia")
    assert not panel.save_button.isEnabled()  # no last name yet
    qtbot.keyClicks(panel.form_pane.last_name_edit, "Sala")
    qtbot.keyClicks(panel.form_pane.email_edit, "giulia.sala@")
    assert panel.form_pane.errors["email"].isVisible()
    assert not panel.save_button.isEnabled()
    qtbot.keyClicks(panel.form_pane.email_edit, "cortile.example")
    assert not panel.form_pane.errors["email"].isVisible()
    assert panel.save_button.isEnabled()
    qtbot.keyClick(panel.form_pane.email_edit, Qt.Key.Key_Return)
    assert _names(context, org) == ["Giulia Sala"]
    assert panel.pages.currentWidget() is panel.list_pane
    assert panel.form_pane.title.text() == "Giulia Sala"
    assert panel.status.text() == "“Giulia Sala” saved."
    context.undo_stack.undo()
    assert _names(context, org) == []
    assert panel.pages.currentWidget() is panel.empty
    context.undo_stack.redo()
    assert _names(context, org) == ["Giulia Sala"]
    assert panel.model.rowCount() == 1


def test_enter_saves_the_contact_not_the_surrounding_dialog(
    context: AppContext, qtbot: Any
) -> None:
    org = _org(context)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    panel = PeoplePanel(context, org, dialog)
    layout.addWidget(panel)
    default = QPushButton("Save organization")
    default.setDefault(True)
    pressed: list[bool] = []
    default.clicked.connect(lambda: pressed.append(True))
    layout.addWidget(default)
    dialog.show()
    qtbot.waitExposed(dialog)
    panel.new_person()
    qtbot.keyClicks(panel.form_pane.first_name_edit, "Paolo")
    qtbot.keyClicks(panel.form_pane.last_name_edit, "Neri")
    qtbot.keyClick(panel.form_pane.last_name_edit, Qt.Key.Key_Return)
    assert pressed == [] and dialog.isVisible()
    assert _names(context, org) == ["Paolo Neri"]


def test_consent_needs_a_real_past_date_and_a_purpose(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    _select(panel, "Bertè")
    pane = panel.form_pane
    pane.consent_edit.setText("31/02/2025")
    assert pane.errors["consent_on"].text() == "Write the date as dd/mm/yyyy, like 12/05/2023."
    assert not panel.save_button.isEnabled()
    pane.consent_edit.setText("12/05/2025")
    assert pane.errors["consent_purpose"].text().startswith("Say what the contact agreed to")
    assert not panel.save_button.isEnabled()
    pane.purpose_edit.setText("Newsletter del CSV")
    assert panel.errors() == {}
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert context.db is not None
    rows = {p.last_name: p for p in list_people(context.db)}
    assert rows["Bertè"].consent_on == date(2025, 5, 12)
    assert rows["Bertè"].consent_purpose == "Newsletter del CSV"


def test_edit_is_undoable(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    _select(panel, "Rossi")
    panel.form_pane.role_edit.setText("Vicepresidente")
    qtbot.keyClick(panel.form_pane.role_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert context.db is not None
    assert list_people(context.db, search="rossi")[0].role == "Vicepresidente"
    assert context.undo_stack.undoText() == "edit contact “Anna Maria Rossi”"
    context.undo_stack.undo()
    assert list_people(context.db, search="rossi")[0].role == "Presidente"
    assert panel.form_pane.role_edit.text() == "Presidente"
    panel.form_pane.role_edit.setText("Segretaria")  # saved over the version undo left
    assert panel.save()
    panel.form_pane.phone_edit.setText("+39 347 999 0000")
    assert panel.save()
    saved = list_people(context.db, search="rossi")[0]
    assert (saved.role, saved.phone) == ("Segretaria", "+39 347 999 0000")
    assert panel.status.text() == "“Anna Maria Rossi” saved."


def test_unsaved_input_is_asked_about(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    _select(panel, "Rossi")
    panel.form_pane.role_edit.setText("Tesoriera")
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Cancel
    )
    panel.table.setCurrentIndex(panel.model.index(0, 0))  # Bertè
    assert panel.form_pane.last_name_edit.text() == "Rossi"  # stayed
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    assert panel.form_pane.last_name_edit.text() == "Bertè"


def test_delete_is_undoable_but_refused_for_meeting_attendees(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed(context)
    assert context.db is not None
    with context.db.transaction() as s:
        process = CoDesignProcess(title="Tavolo povertà educativa")
        meeting = Meeting(process=process, held_at=datetime(2026, 3, 3, 9, tzinfo=UTC))
        meeting.attendees = [MeetingAttendee(person_id=ids["rossi"])]
        s.add(process)
    panel = _panel(context, qtbot, ids["org"])
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda _self: QMessageBox.StandardButton.Yes)
    _select(panel, "Rossi")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert warnings and warnings[0].startswith("Anna Maria Rossi attended 1 meeting")
    _select(panel, "Bertè")
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert _names(context, ids["org"]) == ["Anna Maria Rossi"]
    assert panel.status.text() == "“Niccolò Bertè” deleted: Ctrl+Z brings it back."
    assert panel.form_pane.title.text() == "Anna Maria Rossi"
    context.undo_stack.undo()
    assert _names(context, ids["org"]) == ["Niccolò Bertè", "Anna Maria Rossi"]


def test_export_writes_the_json_file(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    _select(panel, "Rossi")
    target = tmp_path / "rossi.json"
    asked: list[str] = []

    def save_name(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(Path(suggested).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was saved" in panel.status.text(), timeout=10_000)
    assert asked == ["data-anna-maria-rossi.json"]
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["person"]["email"] == "annamaria.rossi@cortile.example"
    assert data["organization"]["id"] == ids["org"]


def test_export_file_name_is_plain() -> None:
    assert export_file_name("Niccolò D’Angelo") == "data-niccolo-d-angelo.json"


def _erase_dialog(context: AppContext, qtbot: Any, person_id: int) -> EraseDialog:
    from grantdesk.services.people import load_person

    assert context.db is not None
    form, version = load_person(context.db, person_id)
    dialog = EraseDialog(context, person_id, form.first_name, form.last_name, version)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "mention" in dialog.what.text() and "Looking" not in dialog.what.text())
    return dialog


def test_erase_needs_the_last_name_and_clears_undo(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    assert context.db is not None
    with context.db.transaction() as s:
        f.call(s, "Bando Periferie", description="Referente: Niccolò Bertè")
    context.undo_stack.push(_noop())
    dialog = _erase_dialog(context, qtbot, ids["bertè"])
    assert "1 mention of their name" in dialog.what.text()
    assert not dialog.erase_button.isEnabled()
    dialog.confirm_edit.setText("Berti")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm_edit.setText("  BERTE ")  # case, accents and spaces aside
    assert dialog.erase_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert dialog.report.mentions == 1 and dialog.report.compacted
    assert context.undo_stack.count() == 0
    with context.db.reading() as s:
        assert s.get(Person, ids["bertè"]) is None
        assert s.query(AuditEntry).filter_by(action="erase").count() == 1


def _noop() -> Any:
    from PySide6.QtGui import QUndoCommand

    return QUndoCommand("something earlier")


def test_erase_from_the_panel(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    _select(panel, "Rossi")

    def confirm_and_erase(dialog: EraseDialog) -> int:
        dialog.confirm_edit.setText("rossi")
        qtbot.waitUntil(lambda: dialog.previewed, timeout=10_000)
        dialog.erase()
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(EraseDialog, "exec", confirm_and_erase)
    qtbot.mouseClick(panel.erase_button, Qt.MouseButton.LeftButton)
    assert _names(context, ids["org"]) == ["Niccolò Bertè"]
    assert panel.status.text().startswith("Contact erased: no trace of them is left")
    assert panel.form_pane.title.text() == "Niccolò Bertè"


def test_cancelling_the_erasure_keeps_everything(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed(context)
    panel = _panel(context, qtbot, ids["org"])
    _select(panel, "Rossi")
    monkeypatch.setattr(EraseDialog, "exec", lambda _self: int(QDialog.DialogCode.Rejected))
    qtbot.mouseClick(panel.erase_button, Qt.MouseButton.LeftButton)
    assert _names(context, ids["org"]) == ["Niccolò Bertè", "Anna Maria Rossi"]


def test_italian_labels(context: AppContext, qtbot: Any) -> None:
    from grantdesk.i18n import set_language

    ids = _seed(context)
    set_language("it")
    panel = _panel(context, qtbot, ids["org"])
    assert panel.erase_button.text() == "Cancella definitivamente…"
    assert panel.export_button.text() == "Esporta dati…"
    assert panel.model.index(1, panel.model.CONSENT).data() == "01/02/2025"
    assert panel.model.headerData(4, Qt.Orientation.Horizontal) == "Consenso"


def test_a_new_organization_cannot_have_contacts_yet(context: AppContext, qtbot: Any) -> None:
    panel = _panel(context, qtbot, None)
    assert panel.empty.title.text() == "People can be added once the organization is saved."
    assert not panel.list_pane.new_button.isEnabled()
    panel.new_person()
    assert not panel.creating
