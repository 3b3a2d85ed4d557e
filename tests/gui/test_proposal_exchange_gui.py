"""The proposal exchange file from the window: export for the partners, preview and import
the file that comes back, refusals that write nothing, replacing a matching proposal."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QToolButton
from sqlalchemy import select

from grantdesk.db.models import BudgetLine, Organization, Proposal
from grantdesk.domain.vocab import FundingSource
from grantdesk.exports.proposal_json import dumps
from grantdesk.imports.proposal_json import ProposalFileError, parse
from grantdesk.services.database import Database, open_database
from grantdesk.services.proposal_exchange import export_document
from grantdesk.ui import proposal_exchange_dialog as px
from grantdesk.ui import proposal_exchange_preview as pv
from grantdesk.ui.context import AppContext
from tests.helpers.exchange_samples import (
    COOP_CF,
    GROUP_NAME,
    LEAD_CF,
    reseal,
    row_counts,
    sample_proposal,
)

TITLE = "Comunità che si prendono cura – rete lomellina per gli anziani soli"


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[None]:
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The proposals whose editor the import opened (the editor itself is not built)."""
    ids: list[int] = []
    monkeypatch.setattr(
        "grantdesk.ui.proposal_actions.open_proposal_editor",
        lambda parent, context, proposal_id: ids.append(proposal_id),
    )
    return ids


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: said.append(text) or 0
    )
    return said


@pytest.fixture
def other_desk(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """The partner association's database, where the sample proposal was written."""
    target = tmp_path / "partner.db"
    shutil.copy(sqlite_template, target)
    db = open_database(target)
    with db.transaction() as s:
        sample_proposal(s)
    yield db
    db.close()


def write_file(db: Database, path: Path, change: Any = None) -> Path:
    with db.reading() as s:
        pid = s.scalars(select(Proposal.id)).one()
    document = export_document(db, pid)
    if change is not None:
        change(document)
    path.write_text(dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def sent_file(other_desk: Database, tmp_path: Path) -> Path:
    return write_file(other_desk, tmp_path / "cura.json")


def start_import(qtbot: Any, context: AppContext, path: Path) -> px.ProposalImport:
    flow = px.import_proposal_file(None, context, path)
    assert flow is not None
    qtbot.waitUntil(lambda: flow.dialog is not None or flow.refusal is not None, timeout=10_000)
    return flow


def texts(widget: Any) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def finish(qtbot: Any, flow: px.ProposalImport) -> Any:
    """Press Import and wait for the worker."""
    assert flow.dialog is not None
    with qtbot.waitSignal(flow.finished, timeout=10_000):
        flow.dialog.import_button.click()
    return flow.report


# -- export -----------------------------------------------------------------------------


def test_export_writes_a_file_that_parses_and_says_what_travels(
    qtbot: Any, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        pid = sample_proposal(s)
    target = tmp_path / "out" / "for the partners"
    target.parent.mkdir()
    offered: list[str] = []

    def save_as(parent: Any, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    messages: list[str] = []
    context.status_message.connect(messages.append)
    task = px.export_proposal_file(None, context, pid)
    assert task is not None
    written = target.with_name("for the partners.json")  # .json added
    qtbot.waitUntil(lambda: any(m.startswith("Saved") for m in messages), timeout=10_000)
    assert Path(offered[0]).name == f"proposal-cura-{px._today().isoformat()}.json"
    file = parse(written.read_bytes())
    assert file.proposal.title == TITLE
    assert [p.codice_fiscale for p in file.partners] == [LEAD_CF, COOP_CF, None]
    assert messages[-1] == (
        f"Saved {written.name}: 3 bodies (with their codice fiscale), 6 budget lines."
    )
    qtbot.waitUntil(lambda: not px._EXPORTING)  # one export of a proposal at a time
    said: list[str] = []  # a window without a status bar (the editor) is told directly
    assert px.export_proposal_file(None, context, pid, said.append) is not None
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said[0] == (
        f"“{TITLE}” exported to {written}: 3 bodies (partners are found by codice fiscale), "
        "6 budget lines."
    )


def test_default_file_name_is_plain_ascii_with_the_day() -> None:
    day = date(2026, 11, 22)
    assert px.default_file_name("CURA", "x", day) == "proposal-cura-2026-11-22.json"
    assert (
        px.default_file_name("", "Città “solidale”: più reti!", day)
        == "proposal-citta-solidale-piu-reti-2026-11-22.json"
    )


def test_a_proposal_that_cannot_travel_is_refused_in_one_sentence(
    qtbot: Any,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        pid = sample_proposal(s)
        outsider = Organization(name="Pro Loco di Mede")
        proposal = s.get(Proposal, pid)
        proposal.budget_lines.append(
            BudgetLine(
                position=7,
                category="travel",
                description="Pulmino",
                organization=outsider,
                quantity=Decimal(1),
                unit_cost=Decimal("80.00"),
                source=FundingSource.PARTNER_CASH,
            )
        )
    target = tmp_path / "cura.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    px.export_proposal_file(None, context, pid)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "Pro Loco di Mede" in warnings[0] and "neither the lead nor a partner" in warnings[0]
    assert not target.exists()


# -- import -----------------------------------------------------------------------------


def test_preview_then_import_creates_the_proposal_and_the_bodies(
    qtbot: Any, context: AppContext, sent_file: Path, opened: list[int]
) -> None:
    assert context.db is not None
    before = row_counts(context.db)
    flow = start_import(qtbot, context, sent_file)
    dialog = flow.dialog
    assert dialog is not None and flow.refusal is None
    assert row_counts(context.db) == before  # the preview is a dry run
    assert "creates a new proposal" in dialog.outcome.text()
    assert dialog.heading.text() == TITLE
    assert "Welfare in azione" in dialog.call_text.text()
    shown = texts(dialog)
    assert "To be added to the register (3)" in shown
    for name in ("Rete del Volontariato Lomellino APS", GROUP_NAME, LEAD_CF, COOP_CF):
        assert name in shown
    assert "Already in the register" not in shown
    counts = {
        key: dialog.findChild(QLabel, f"Count_{key}").text()
        for key in ("partners", "sections", "activities", "indicators", "budget_lines")
    }
    assert counts == {
        "partners": "3",
        "sections": "2",
        "activities": "3",
        "indicators": "2",
        "budget_lines": "6",
    }
    assert any(GROUP_NAME in note.text() for note in dialog.notes)  # no codice fiscale
    assert not dialog.findChildren(pv.QRadioButton)  # nothing to replace

    kinds: list[str] = []
    messages: list[str] = []
    context.data_changed.connect(kinds.append)
    context.status_message.connect(messages.append)
    report = finish(qtbot, flow)
    assert report is not None and not report.dry_run and report.proposal_id is not None
    with context.db.reading() as s:
        proposal = s.get(Proposal, report.proposal_id)
        assert proposal is not None and proposal.title == TITLE
        assert len(proposal.budget_lines) == 6
    after = row_counts(context.db)
    assert after["proposal"] == before["proposal"] + 1
    assert after["organization"] == before["organization"] + 3
    assert {"proposals", "organizations"} <= set(kinds)
    assert opened == [report.proposal_id]
    assert messages[-1] == (
        f"Imported as proposal {report.proposal_id}, 3 bodies added to the register: “{TITLE}”."
    )


def tamper(document: dict[str, Any]) -> None:
    document["budget_lines"][0]["unit_cost_cents"] += 100  # edited by hand, digest kept


def test_a_tampered_file_is_refused_and_nothing_changes(
    qtbot: Any, context: AppContext, other_desk: Database, tmp_path: Path, opened: list[int]
) -> None:
    assert context.db is not None
    path = write_file(other_desk, tmp_path / "cura.json", tamper)
    before = row_counts(context.db)
    flow = start_import(qtbot, context, path)
    assert flow.dialog is None and flow.refusal is not None
    problems = flow.refusal.problems
    assert problems.count() == 1
    assert "integrity code does not" in problems.item(0).text()
    assert "“cura.json” cannot be imported" in texts(flow.refusal)
    assert row_counts(context.db) == before
    assert opened == []
    flow.refusal.reject()


def test_every_problem_of_a_refused_file_is_listed(
    qtbot: Any, context: AppContext, other_desk: Database, tmp_path: Path
) -> None:
    def break_members(document: dict[str, Any]) -> None:
        document["proposal"]["status"] = "bozza"
        document["proposal"]["duration_months"] = -3
        document["budget_lines"][1]["total_cents"] += 1
        document.update(reseal(document))

    path = write_file(other_desk, tmp_path / "broken.json", break_members)
    with pytest.raises(ProposalFileError) as refused:
        parse(path.read_bytes())
    assert context.db is not None
    before = row_counts(context.db)
    flow = start_import(qtbot, context, path)
    assert flow.refusal is not None
    listed = [flow.refusal.problems.item(i).text() for i in range(flow.refusal.problems.count())]
    assert listed == [str(p) for p in refused.value.problems] and len(listed) >= 3
    assert "3 problems found:" in texts(flow.refusal)
    assert row_counts(context.db) == before
    flow.refusal.reject()


def test_an_unreadable_file_is_one_sentence(
    qtbot: Any, context: AppContext, tmp_path: Path, warnings: list[str]
) -> None:
    flow = px.import_proposal_file(None, context, tmp_path / "missing.json")
    assert flow is not None
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "missing.json cannot be read" in warnings[0]


# -- replacing a matching proposal --------------------------------------------------------


@pytest.fixture
def own_file(context: AppContext, tmp_path: Path) -> tuple[int, Path]:
    """The desk's own proposal, and its file come back from the partners."""
    assert context.db is not None
    with context.db.transaction() as s:
        pid = sample_proposal(s)
    return pid, write_file(context.db, tmp_path / "back.json")


def test_a_matching_proposal_is_kept_unless_replace_is_chosen_and_confirmed(
    qtbot: Any,
    context: AppContext,
    own_file: tuple[int, Path],
    opened: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, path = own_file
    assert context.db is not None
    flow = start_import(qtbot, context, path)
    dialog = flow.dialog
    assert dialog is not None and flow.preview is not None
    assert [m.proposal_id for m in flow.preview.matches] == [pid]
    assert "already has a proposal with this call" in dialog.outcome.text()
    assert "(imported on" in texts(dialog)  # the new copy's dated title
    assert "Already in the register (3)" in texts(dialog)
    assert dialog.import_button.text() == "Import"
    assert not dialog.replace_note.isVisible()

    asked: list[int] = []
    answer = [False]

    def confirm(parent: Any, choice: pv.MatchChoice, file_title: str) -> bool:
        asked.append(choice.proposal_id)
        return answer[0]

    monkeypatch.setattr(pv, "confirm_replace", confirm)
    dialog.show()
    dialog.choose(pid)
    assert dialog.chosen_match() is not None
    assert dialog.import_button.text() == "Replace…"
    assert dialog.replace_note.isVisible()
    before = row_counts(context.db)
    dialog.import_button.click()  # the user says no
    assert asked == [pid] and not dialog.busy.isVisible() and dialog.import_button.isEnabled()
    assert row_counts(context.db) == before

    with context.db.transaction() as s:
        s.get(Proposal, pid).summary = "Cambiato qui intanto"
    answer[0] = True
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert "changed since version" in dialog.error.text()  # the version seen moved on
    assert flow.report is None and dialog.import_button.isEnabled()
    with context.db.reading() as s:
        now = s.get(Proposal, pid).version
    assert dialog.preview.matches[0].version == now  # told; a new “Replace…” uses it

    dialog.choose(None)
    report = finish(qtbot, flow)  # a new dated copy after all
    assert report is not None and not report.replaced and report.proposal_id != pid
    assert "(imported on" in report.title
    assert row_counts(context.db)["proposal"] == before["proposal"] + 1
    assert opened == [report.proposal_id]


def test_replace_writes_over_the_chosen_proposal(
    qtbot: Any,
    context: AppContext,
    own_file: tuple[int, Path],
    opened: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, path = own_file
    assert context.db is not None
    document = json.loads(path.read_text(encoding="utf-8"))
    document["sections"][0]["body"] = "Testo rivisto dai partner."
    path.write_text(dumps(reseal(document)), encoding="utf-8")
    monkeypatch.setattr(pv, "confirm_replace", lambda *a: True)
    before = row_counts(context.db)
    flow = start_import(qtbot, context, path)
    assert flow.dialog is not None
    flow.dialog.choose(pid)
    messages: list[str] = []
    context.status_message.connect(messages.append)
    report = finish(qtbot, flow)
    assert report.replaced and report.proposal_id == pid
    with context.db.reading() as s:
        proposal = s.get(Proposal, pid)
        assert proposal is not None and proposal.title == TITLE
        assert proposal.sections[0].body == "Testo rivisto dai partner."
    after = row_counts(context.db)
    assert after["proposal"] == before["proposal"]
    assert after["organization"] == before["organization"]
    assert opened == [pid]
    assert messages[-1] == f"Proposal {pid} replaced with the content of the file: “{TITLE}”."


# -- where the user finds them ------------------------------------------------------------


def test_file_menu_and_proposals_toolbar_offer_both(
    qtbot: Any, sqlite_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from grantdesk.ui.main_window import MainWindow
    from grantdesk.ui.settings import Settings

    with sqlite_db.transaction() as s:
        pid = sample_proposal(s)
    window = MainWindow(AppContext(), Settings())
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.data_shown, timeout=20_000):
        window.open_database(str(sqlite_db.target.path))
    names = [a.objectName() for a in window.menuBar().actions()[0].menu().actions()]
    assert names.index("ImportProposalAction") == names.index("ImportOrganizationsAction") + 1
    assert names.index("ExportProposalAction") == names.index("ExportOrganizationsAction") + 1
    exported: list[int] = []
    monkeypatch.setattr(
        px,
        "export_proposal_file",
        lambda parent, context, proposal_id, *a: exported.append(proposal_id),
    )
    window.show_view("proposals")
    view = window.current_view()
    qtbot.waitUntil(lambda: view.model.total == 1)
    button = view.proposal_toolbar.exchange_button
    view.table.clearSelection()
    view.proposal_toolbar.update_state()
    assert button.isEnabled() and not button.export_action.isEnabled()
    view.select_first()
    assert button.export_action.isEnabled()
    button.export_action.trigger()
    export = window.findChild(QAction, "ExportProposalAction")
    assert export.shortcut().toString() == "Ctrl+E"
    export.trigger()  # File menu: the proposal selected in the list
    assert exported == [pid, pid]

    imported: list[Path | None] = []
    monkeypatch.setattr(
        px, "import_proposal_file", lambda parent, context, path=None: imported.append(path)
    )
    window.findChild(QAction, "ImportProposalAction").trigger()
    button.import_action.trigger()
    assert imported == [None, None]
    window.retranslate()  # rebuilt menus keep them, once
    names = [a.objectName() for a in window.menuBar().actions()[0].menu().actions()]
    assert names.count("ExportProposalAction") == 1


def test_the_editor_exports_what_is_saved(
    qtbot: Any, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.proposal_editor import ProposalEditor

    assert context.db is not None
    with context.db.transaction() as s:
        pid = sample_proposal(s)
    exported: list[int] = []
    monkeypatch.setattr(
        px,
        "export_proposal_file",
        lambda parent, context, proposal_id, *a: exported.append(proposal_id),
    )
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda parent, title, text, *a: told.append(text) or 0
    )
    editor = ProposalEditor(context, pid, today=date(2026, 11, 22))
    qtbot.addWidget(editor)
    button = editor.findChild(QToolButton, "EditorExportButton")
    assert button is not None
    button.defaultAction().trigger()
    assert exported == [pid]
    editor.general.title_edit.setText("Titolo cambiato e non salvato")
    button.defaultAction().trigger()
    assert exported == [pid] and "Save the General tab first" in told[0]
    editor.general.title_edit.setText(TITLE)  # closing asks nothing
    assert not editor.general.dirty()


def test_a_replace_target_deleted_meanwhile_is_no_longer_offered(
    qtbot: Any,
    context: AppContext,
    own_file: tuple[int, Path],
    opened: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, path = own_file
    assert context.db is not None
    monkeypatch.setattr(pv, "confirm_replace", lambda *a: True)
    flow = start_import(qtbot, context, path)
    dialog = flow.dialog
    assert dialog is not None
    dialog.show()
    dialog.choose(pid)
    with context.db.transaction() as s:
        s.delete(s.get(Proposal, pid))
    before = row_counts(context.db)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert f"No proposal has number {pid}." in dialog.error.text()
    assert dialog.chosen_match() is None  # back to “import as a new proposal”
    assert not dialog.findChild(pv.QRadioButton, f"Replace{pid}").isEnabled()
    assert row_counts(context.db) == before and opened == []
    dialog.reject()
