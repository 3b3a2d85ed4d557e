"""PDF export from the window: built in the background, previewed with QtPdf, saved; batch
export of organization sheets with progress, per-document failures and cancel."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from grantdesk.db.models import Organization
from grantdesk.exports.pdf.templates import BuiltDocument
from grantdesk.i18n import set_language
from grantdesk.services.demo import load_demo
from grantdesk.ui.batch_export import (
    BatchExport,
    BatchExportDialog,
    BatchResult,
    ExportJob,
    start_batch_export,
    summary,
)
from grantdesk.ui.context import AppContext
from grantdesk.ui.pdf_preview import PdfPreviewDialog, file_name
from grantdesk.ui.report_export import DeadlinesExportDialog, organization_sheet_jobs
from grantdesk.ui.views.reports import ReportsView
from tests.helpers.pdf import pdf_text

TODAY = date(2026, 11, 22)


@pytest.fixture
def demo_context(context: AppContext) -> AppContext:
    load_demo(context.db, "small", today=TODAY)  # type: ignore[arg-type]
    return context


def organizations(context: AppContext, n: int) -> list[tuple[int, str]]:
    with context.db.reading() as s:  # type: ignore[union-attr]
        return [
            (i, name)
            for i, name in s.execute(
                select(Organization.id, Organization.name).order_by(Organization.id).limit(n)
            )
        ]


def run(qtbot: Any, export: BatchExport) -> BatchResult:
    with qtbot.waitSignal(export.finished, timeout=60_000) as blocker:
        export.start()
    result = blocker.args[0]
    assert isinstance(result, BatchResult)
    return result


def test_batch_writes_one_sheet_per_selected_organization(
    qtbot: Any, demo_context: AppContext, tmp_path: Path
) -> None:
    chosen = organizations(demo_context, 3)
    jobs = organization_sheet_jobs(demo_context.db, chosen, tmp_path, "it")  # type: ignore[arg-type]
    export = BatchExport(jobs)
    seen: list[tuple[int, int, str]] = []
    export.progressed.connect(lambda d, t, title: seen.append((d, t, title)))
    result = run(qtbot, export)
    assert result == BatchResult(tuple(j.target for j in jobs), (), False, 3)
    assert [s[:2] for s in seen] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert [s[2] for s in seen[:3]] == [name for _id, name in chosen]
    for (org_id, name), job in zip(chosen, jobs, strict=True):
        assert job.target.name.startswith(f"organization-sheet-{org_id}-")  # window's language
        assert name.split()[0] in pdf_text(job.target.read_bytes())
    assert summary(result) == "3 PDFs written of 3."


def test_cancel_stops_before_the_next_document(qtbot: Any, tmp_path: Path) -> None:
    started, release = threading.Event(), threading.Event()

    def quick() -> BuiltDocument:
        return BuiltDocument(b"%PDF-1.4 quick", 1)

    def slow() -> BuiltDocument:
        started.set()
        release.wait(10)
        return BuiltDocument(b"%PDF-1.4 slow", 1)

    jobs = [
        ExportJob("first", quick, tmp_path / "1.pdf"),
        ExportJob("second", slow, tmp_path / "2.pdf"),
        ExportJob("third", quick, tmp_path / "3.pdf"),
    ]
    export = BatchExport(jobs)
    with qtbot.waitSignal(export.finished, timeout=20_000) as blocker:
        export.start()
        qtbot.waitUntil(started.is_set, timeout=10_000)  # the window keeps processing events
        export.cancel()
        release.set()
    result = blocker.args[0]
    assert result.cancelled
    assert result.written == (tmp_path / "1.pdf",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.pdf"]  # no half file, no third
    assert summary(result) == "Cancelled: 1 PDF written of 3."


def test_one_failure_does_not_stop_the_others(
    qtbot: Any, demo_context: AppContext, tmp_path: Path
) -> None:
    chosen = organizations(demo_context, 2)
    jobs = organization_sheet_jobs(
        demo_context.db, [chosen[0], (999_999, "Ente cancellato"), chosen[1]], tmp_path
    )  # type: ignore[arg-type]
    result = run(qtbot, BatchExport(jobs))
    assert result.written == (jobs[0].target, jobs[2].target)
    assert result.failed == (("Ente cancellato", "There is no organization number 999999."),)
    assert "Not written: Ente cancellato" in summary(result)


def test_the_progress_dialog_follows_and_cancels(qtbot: Any, tmp_path: Path) -> None:
    release = threading.Event()

    def slow() -> BuiltDocument:
        release.wait(10)
        return BuiltDocument(b"%PDF", 1)

    jobs = [ExportJob(f"Ente {n}", slow, tmp_path / f"{n}.pdf") for n in range(3)]
    done: list[BatchResult] = []
    export = start_batch_export(None, jobs, done.append)  # type: ignore[arg-type]
    dialog = export.dialog
    assert isinstance(dialog, BatchExportDialog)
    qtbot.waitUntil(lambda: "Writing Ente 0 (1 of 3)" in dialog.labelText(), timeout=10_000)
    assert dialog.maximum() == 3 and dialog.isVisible()
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert export.cancelled
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert done[0].cancelled and done[0].written == ()
    assert not dialog.isVisible()


def test_pipeline_export_builds_in_background_then_previews_and_saves(
    qtbot: Any, demo_context: AppContext, tmp_path: Path
) -> None:
    view = ReportsView(demo_context)
    qtbot.addWidget(view)
    view.today = lambda: TODAY
    view.refresh()
    view.set_year(2025)
    with qtbot.waitSignal(view.exporter.ready, timeout=60_000) as blocker:
        view.export_pipeline_action.trigger()
        assert view.exporter.is_busy() and not view.export_button.isEnabled()
        assert not view.export_busy.isHidden()
    preview = blocker.args[0]
    assert isinstance(preview, PdfPreviewDialog)
    qtbot.waitUntil(lambda: not view.exporter.is_busy())
    assert view.export_button.isEnabled() and view.export_busy.isHidden()
    assert preview.page_count() == preview.document.pages >= 2
    assert preview.suggested_name == "proposals-and-results-2025.pdf"
    assert "Year 2025" in pdf_text(preview.document.data)
    target = tmp_path / "pipeline.pdf"
    preview.choose_target = lambda: target  # type: ignore[method-assign]
    with qtbot.waitSignal(preview.saved) as saved:
        preview.save_button.click()
    assert saved.args == [str(target)]
    assert target.read_bytes() == preview.document.data


def test_deadlines_dialog_checks_dates_then_exports(qtbot: Any, demo_context: AppContext) -> None:
    view = ReportsView(demo_context)
    qtbot.addWidget(view)
    view.today = lambda: TODAY
    view.refresh()
    dialog = view.export_deadlines()
    assert isinstance(dialog, DeadlinesExportDialog)
    assert dialog.first_edit.text() == "2026-11-22" and dialog.last_edit.text() == "2026-12-22"
    dialog.first_edit.setText("31/02/2026")
    assert not dialog.export_button.isEnabled()
    assert dialog.first_error.text() == "There is no such day in the calendar."
    dialog.first_edit.setText("01/01/2027")
    assert dialog.last_error.text() == "The period must end after it starts."
    dialog.first_edit.setText("2026-11-01")
    assert dialog.export_button.isEnabled() and dialog.first_error.isHidden()
    owners = [dialog.owner_box.itemText(i) for i in range(dialog.owner_box.count())]
    assert owners[0] == "All owners" and "Giulia Ferraris" in owners
    dialog.owner_box.setCurrentIndex(owners.index("Giulia Ferraris"))
    with qtbot.waitSignal(view.exporter.ready, timeout=60_000) as blocker:
        dialog.export_button.click()
    preview = blocker.args[0]
    text = pdf_text(preview.document.data)
    assert "Owner: Giulia Ferraris" in text and "2026-11-01 – 2026-12-22" in text
    assert preview.suggested_name == "deadlines-2026-11-01-2026-12-22-giulia-ferraris.pdf"


def test_a_second_export_waits_for_the_first(qtbot: Any, demo_context: AppContext) -> None:
    view = ReportsView(demo_context)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.exporter.ready, timeout=60_000):
        assert view.exporter.export_pipeline(None) is not None
        assert view.exporter.export_pipeline(None) is None


def test_the_dialog_speaks_italian_day_first(qtbot: Any, demo_context: AppContext) -> None:
    set_language("it")
    dialog = DeadlinesExportDialog(["Giulia Ferraris"], TODAY)
    qtbot.addWidget(dialog)
    assert (dialog.first_edit.text(), dialog.last_edit.text()) == ("22/11/2026", "22/12/2026")
    dialog.last_edit.setText("5/4/26")
    assert dialog.last_error.text() == "Scrivi la data come gg/mm/aaaa, per esempio 12/05/2023."
    assert dialog.period() is None
    dialog.last_edit.setText("05/04/2027")
    assert dialog.period() == (TODAY, date(2027, 4, 5))


def test_file_names_are_plain() -> None:
    assert file_name("Scheda ente", "12", "Cooperativa “L’Aquilone” – Vigevano") == (
        "scheda-ente-12-cooperativa-l-aquilone-vigevano.pdf"
    )
    assert file_name("") == "grantdesk.pdf"
