"""The application PDF from the window: built in the background, previewed, then saved; a
batch of selected proposals into a folder, with progress and cancel."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import select

from grantdesk.db.models import Proposal
from grantdesk.exports.pdf.templates import BuiltDocument
from grantdesk.services.demo import load_demo
from grantdesk.ui import application_export
from grantdesk.ui.application_export import (
    ApplicationExport,
    application_jobs,
    export_application,
    export_applications,
)
from grantdesk.ui.batch_export import BatchExport, BatchExportDialog, BatchResult
from grantdesk.ui.context import AppContext
from grantdesk.ui.pdf_preview import PdfPreviewDialog
from tests.helpers.pdf import pdf_text

TODAY = date(2026, 11, 22)


@pytest.fixture
def demo_context(context: AppContext) -> AppContext:
    load_demo(context.db, "small", today=TODAY)  # type: ignore[arg-type]
    return context


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes, recorded instead of shown (a modal box would wait for a click)."""
    shown: list[str] = []
    box = application_export.QMessageBox

    def record(_parent: object, _title: str, text: str, *args: object) -> None:
        shown.append(text)

    monkeypatch.setattr(box, "warning", record)
    monkeypatch.setattr(box, "information", record)
    return shown


def proposals(context: AppContext) -> list[tuple[int, str]]:
    with context.db.reading() as s:  # type: ignore[union-attr]
        return list(s.execute(select(Proposal.id, Proposal.acronym).order_by(Proposal.id)))


def test_one_application_is_built_in_background_previewed_then_saved(
    qtbot: Any, demo_context: AppContext, window: QWidget, tmp_path: Path
) -> None:
    pid, acronym = proposals(demo_context)[2]
    messages: list[str] = []
    demo_context.status_message.connect(messages.append)
    export = export_application(window, demo_context, pid)
    assert isinstance(export, ApplicationExport) and export.is_busy()
    assert export_application(window, demo_context, pid) is export  # not twice at once
    with qtbot.waitSignal(export.ready, timeout=60_000) as blocker:
        pass
    preview = blocker.args[0]
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    qtbot.waitUntil(lambda: not export.is_busy())
    assert preview.page_count() == preview.document.pages >= 5
    assert preview.suggested_name == f"application-{pid}-{acronym.lower()}.pdf"
    assert preview.windowTitle() == f"Preview: Application {acronym}"
    assert "Application for funding" in pdf_text(preview.document.data)  # the window's language
    assert messages == ["Preparing the PDF…"]
    target = tmp_path / "domanda.pdf"
    preview.choose_target = lambda: target  # type: ignore[method-assign]
    with qtbot.waitSignal(preview.saved) as saved:
        preview.save_button.click()
    assert saved.args == [str(target)]
    assert target.read_bytes() == preview.document.data
    assert messages[-1] == f"PDF saved to {target}"
    again = export_application(window, demo_context, pid)  # a new build once the first ended
    assert again is not None and again is not export
    qtbot.waitSignal(again.finished, timeout=60_000).wait()


def test_a_deleted_proposal_says_so(
    qtbot: Any, demo_context: AppContext, window: QWidget, warnings: list[str]
) -> None:
    export = export_application(window, demo_context, 999_999)
    assert export is not None
    with qtbot.waitSignal(export.failed, timeout=60_000) as blocker:
        pass
    message = "Proposal 999999 no longer exists: it may have been deleted from another desk."
    assert blocker.args == [message] and warnings == [message]


def test_batch_writes_one_application_per_selected_proposal(
    qtbot: Any,
    demo_context: AppContext,
    window: QWidget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    chosen = proposals(demo_context)[:3]
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(application_export, "choose_folder", lambda parent: folder)
    messages: list[str] = []
    demo_context.status_message.connect(messages.append)
    export = export_applications(window, demo_context, [pid for pid, _a in chosen])
    assert isinstance(export, BatchExport)
    assert isinstance(export.dialog, BatchExportDialog) and export.dialog.isVisible()
    with qtbot.waitSignal(export.finished, timeout=120_000) as blocker:
        pass
    result = blocker.args[0]
    assert isinstance(result, BatchResult)
    assert not result.cancelled and result.failed == () and len(result.written) == 3
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"application-{pid}-{a.lower()}.pdf" for pid, a in chosen)
    for pid, acronym in chosen:
        text = pdf_text((folder / f"application-{pid}-{acronym.lower()}.pdf").read_bytes())
        assert f"Application · {acronym}" in text
    assert messages[-1] == "3 PDFs written of 3." and warnings == []


def test_batch_can_be_cancelled_and_keeps_what_was_written(
    qtbot: Any,
    demo_context: AppContext,
    window: QWidget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started, release = threading.Event(), threading.Event()
    real = application_export.build_application_pdf
    calls: list[int] = []

    def slow_second(db: Any, proposal_id: int, lang: str, **kw: object) -> BuiltDocument:
        calls.append(proposal_id)
        if len(calls) == 2:
            started.set()
            release.wait(20)
        return real(db, proposal_id, lang)  # type: ignore[no-any-return]

    monkeypatch.setattr(application_export, "build_application_pdf", slow_second)
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(application_export, "choose_folder", lambda parent: folder)
    ids = [pid for pid, _a in proposals(demo_context)]
    export = export_applications(window, demo_context, ids)
    assert export is not None and len(export.jobs) == 16
    with qtbot.waitSignal(export.finished, timeout=120_000) as blocker:
        qtbot.waitUntil(started.is_set, timeout=60_000)  # the window keeps processing events
        assert export.dialog is not None
        cancel = export.dialog.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Cancel"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert export.cancelled
        release.set()
    result = blocker.args[0]
    assert result.cancelled and len(result.written) == 1 and result.total == 16
    assert [p.name for p in folder.iterdir()] == [result.written[0].name]  # no half file
    assert len(calls) == 2  # stopped before the third


def test_no_folder_no_batch(
    demo_context: AppContext, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(application_export, "choose_folder", lambda parent: None)
    assert export_applications(window, demo_context, [1, 2]) is None
    assert export_applications(window, demo_context, []) is None


def test_jobs_skip_proposals_deleted_meanwhile(demo_context: AppContext, tmp_path: Path) -> None:
    ids = [pid for pid, _a in proposals(demo_context)[:2]]
    jobs = application_jobs(demo_context.db, [ids[1], 999_999, ids[0]], tmp_path, "it")  # type: ignore[arg-type]
    assert [j.target.name.split("-")[:2] for j in jobs] == [  # named in the window's language
        ["application", str(ids[1])],
        ["application", str(ids[0])],
    ]
    document = jobs[0].build()
    assert isinstance(document, BuiltDocument)
    assert "Domanda di contributo" in pdf_text(document.data)  # the document in its language
