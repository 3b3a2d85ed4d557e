"""Export budget… from the window: the file dialog, the background task, the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QWidget

from grantdesk.ui import budget_export
from grantdesk.ui.budget_export import export_budget_action
from grantdesk.ui.context import AppContext
from tests.helpers.exchange_samples import sample_proposal


@pytest.fixture
def proposal_id(context: AppContext) -> int:
    assert context.db is not None
    with context.db.transaction() as s:
        return sample_proposal(s)


@pytest.fixture
def messages(context: AppContext) -> list[str]:
    seen: list[str] = []
    context.status_message.connect(seen.append)
    return seen


def choose(monkeypatch: pytest.MonkeyPatch, path: str, asked: list[str] | None = None) -> None:
    def dialog(parent: Any, title: str, start: str, filters: str) -> tuple[str, str]:
        if asked is not None:
            asked.append(start)
        return path, filters

    monkeypatch.setattr(budget_export.QFileDialog, "getSaveFileName", dialog)


def test_the_budget_is_written_off_the_gui_thread_and_reported(
    qtbot: Any,
    context: AppContext,
    proposal_id: int,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[str] = []
    choose(monkeypatch, str(tmp_path / "piano"), asked)
    task = export_budget_action(parent, context, proposal_id)
    assert task is not None
    assert Path(asked[0]).name == "Budget – CURA.xlsx"
    assert messages == ["Exporting the budget…"]
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: len(messages) == 2)
    written = tmp_path / "piano.xlsx"  # the extension is added
    assert messages[1] == (
        f"Budget of “CURA – Comunità che si prendono cura – rete lomellina per gli anziani soli” "
        f"saved to {written}: 6 lines, total €31,048.91."
    )
    assert load_workbook(written).sheetnames[0] == "Lines"


def test_cancelling_the_dialog_does_nothing(
    context: AppContext, proposal_id: int, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(monkeypatch, "")
    assert export_budget_action(None, context, proposal_id) is None
    assert messages == []


def test_a_failure_is_one_sentence_in_a_message_box(
    qtbot: Any,
    context: AppContext,
    proposal_id: int,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        budget_export.QMessageBox, "warning", lambda parent, title, text: shown.append(text)
    )
    choose(monkeypatch, str(tmp_path / "no-such-folder" / "piano.xlsx"))
    task = export_budget_action(None, context, proposal_id)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["The budget could not be written to piano.xlsx: no such file or directory."]
    assert messages[-1] == "The budget was not exported."


def test_without_a_database_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    context = AppContext()
    seen: list[str] = []
    context.status_message.connect(seen.append)
    choose(monkeypatch, "/tmp/x.xlsx")
    assert export_budget_action(None, context, 1) is None
    assert seen == ["Open a database first."]
