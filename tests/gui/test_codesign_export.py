"""The co-design documents from the window: built in the background, previewed, then saved."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from grantdesk.db.models import CoDesignProcess, Meeting
from grantdesk.services.demo import load_demo
from grantdesk.ui import codesign_export
from grantdesk.ui.codesign_export import (
    CodesignExport,
    export_agreement,
    export_minutes,
    export_monitoring,
)
from grantdesk.ui.context import AppContext
from grantdesk.ui.pdf_preview import PdfPreviewDialog
from tests.helpers.pdf import pdf_text, squeeze

TODAY = date(2026, 11, 22)


@pytest.fixture
def demo(context: AppContext) -> dict[str, Any]:
    load_demo(context.db, "small", today=TODAY)  # type: ignore[arg-type]
    with context.db.reading() as s:  # type: ignore[union-attr]
        rows = s.execute(select(CoDesignProcess.title, CoDesignProcess.id)).all()
        punto = next(i for t, i in rows if "Punto per Te" in t)
        meeting = s.scalar(select(Meeting.id).where(Meeting.process_id == punto))
    return {"context": context, "punto": punto, "meeting": meeting}


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _preview(qtbot: Any, export: CodesignExport | None) -> PdfPreviewDialog:
    assert isinstance(export, CodesignExport) and export.is_busy()
    with qtbot.waitSignal(export.ready, timeout=60_000) as blocker:
        pass
    preview = blocker.args[0]
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    qtbot.waitUntil(lambda: not export.is_busy())
    return preview


def test_agreement_is_previewed_then_saved(
    qtbot: Any, demo: dict[str, Any], window: QWidget, tmp_path: Path
) -> None:
    context, pid = demo["context"], demo["punto"]
    messages: list[str] = []
    context.status_message.connect(messages.append)
    export = export_agreement(window, context, pid)
    assert export_agreement(window, context, pid) is export  # not twice at once
    preview = _preview(qtbot, export)
    assert preview.page_count() == preview.document.pages >= 2
    assert preview.suggested_name.startswith(f"agreement-{pid}-punto-per-te")
    assert "Partnershipagreement" in squeeze(pdf_text(preview.document.data))
    target = tmp_path / "accordo.pdf"
    preview.choose_target = lambda: target  # type: ignore[method-assign]
    with qtbot.waitSignal(preview.saved):
        preview.save_button.click()
    assert target.read_bytes() == preview.document.data
    assert messages == ["Preparing the PDF…", f"PDF saved to {target}"]


def test_minutes_and_monitoring(qtbot: Any, demo: dict[str, Any], window: QWidget) -> None:
    context = demo["context"]
    minutes = _preview(qtbot, export_minutes(window, context, demo["meeting"]))
    assert minutes.suggested_name.startswith("minutes-2026-")
    assert "Minutesofmeetingno.1" in squeeze(pdf_text(minutes.document.data))
    monitoring = _preview(qtbot, export_monitoring(window, context, demo["punto"]))
    assert "Monitoringreport" in squeeze(pdf_text(monitoring.document.data))


def test_a_deleted_meeting_says_so(
    qtbot: Any, demo: dict[str, Any], window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        codesign_export.QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text)
    )
    export = export_minutes(window, demo["context"], 999_999)
    assert export is not None
    with qtbot.waitSignal(export.failed, timeout=60_000) as blocker:
        pass
    message = "This meeting no longer exists: it may have been deleted elsewhere."
    assert blocker.args == [message] and shown == [message]
