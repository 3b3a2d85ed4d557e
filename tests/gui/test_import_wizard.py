"""File ▸ Import calls…: the wizard from the file to the written calls, offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select

from grantdesk.db.models import Call
from grantdesk.i18n import set_language
from grantdesk.ui.context import AppContext
from grantdesk.ui.import_pages import PAGE_COLUMNS, PAGE_PREVIEW
from grantdesk.ui.import_wizard import PAGE_FILE, ImportCallsWizard

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
INCENTIVI = REAL / "incentivi_gov_it_sample.json"
EU = REAL / "eu_funding_tenders_sample.json"
FINISH = QWizard.WizardButton.FinishButton
NEXT = QWizard.WizardButton.NextButton

ITALIAN_CSV = (
    "Titolo;Ente finanziatore;Scadenza;Contributo massimo;Territorio;Note interne\n"
    "Welfare di comunità nelle città;Fondazione Cariplo;31/03/2026;€ 150.000,00;"
    "Lombardia;priorità alta\n"
    "Contrasto alla povertà educativa;Con i Bambini;15/04/2026 ore 12.00;1.200.000;Italia;\n"
    "Invecchiamento attivo;Regione Lombardia;2026-05-30;80000;Lombardia;chiedere a Marta\n"
)


@pytest.fixture
def any_context(db: Any) -> AppContext:
    """A context on an empty database of each backend (SQLite; PostgreSQL when configured)."""
    ctx = AppContext()
    ctx.set_database(db)
    return ctx


def count_calls(db: Any) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Call)) or 0)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def open_wizard(qtbot: Any, context: AppContext, path: Path) -> ImportCallsWizard:
    wizard = ImportCallsWizard(context, path=str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def wait_preview(qtbot: Any, wizard: ImportCallsWizard) -> None:
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.stack.currentWidget() is not page.busy_panel, timeout=20_000)


def to_preview(qtbot: Any, wizard: ImportCallsWizard) -> None:
    """Next until the preview page, then wait for the background dry run."""
    while wizard.currentId() != PAGE_PREVIEW:
        assert wizard.button(NEXT).isEnabled()
        wizard.next()
    wait_preview(qtbot, wizard)


def finish(qtbot: Any, wizard: ImportCallsWizard) -> None:
    assert wizard.button(FINISH).isEnabled()
    with qtbot.waitSignal(wizard.accepted, timeout=30_000):
        wizard.button(FINISH).click()


def column(wizard: ImportCallsWizard, col: int) -> list[str]:
    table = wizard.preview_page.calls
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_incentivi_sample_goes_through_to_finish_and_creates_37_calls(
    qtbot: Any, any_context: AppContext
) -> None:
    db = any_context.db
    wizard = open_wizard(qtbot, any_context, INCENTIVI)
    assert wizard.currentId() == PAGE_FILE
    assert wizard.format == "incentivi"
    assert wizard.file_page.format_combo.currentText() == "incentivi.gov.it"
    wizard.next()
    assert wizard.currentId() == PAGE_PREVIEW  # JSON needs no column page
    wait_preview(qtbot, wizard)
    assert wizard.preview_page.calls.rowCount() == 37
    assert wizard.preview_page.summary.text().startswith("37 new calls, 0 updated, 0 unchanged")
    assert count_calls(db) == 0  # the preview is a dry run

    kinds: list[str] = []
    messages: list[str] = []
    any_context.data_changed.connect(kinds.append)
    any_context.status_message.connect(messages.append)
    finish(qtbot, wizard)

    assert count_calls(db) == 37
    assert wizard.imported.created == 37
    assert kinds == ["calls"]
    assert messages and "incentivi_gov_it_sample.json" in messages[0]
    assert not wizard.isVisible()


def test_a_second_import_of_the_same_file_reports_everything_unchanged(
    qtbot: Any, any_context: AppContext
) -> None:
    first = open_wizard(qtbot, any_context, INCENTIVI)
    to_preview(qtbot, first)
    finish(qtbot, first)
    again = open_wizard(qtbot, any_context, INCENTIVI)
    to_preview(qtbot, again)
    assert again.report.created == 0
    assert again.report.updated == 0
    assert again.report.unchanged == 37
    assert "0 new calls, 0 updated, 37 unchanged" in again.preview_page.summary.text()
    finish(qtbot, again)
    assert count_calls(any_context.db) == 37


def test_a_csv_with_italian_headers_is_mapped_automatically(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, context, write(tmp_path, "bandi.csv", ITALIAN_CSV))
    assert wizard.format == "csv"
    wizard.next()
    assert wizard.currentId() == PAGE_COLUMNS
    page = wizard.columns_page
    assert page.headers[:5] == [
        "Titolo",
        "Ente finanziatore",
        "Scadenza",
        "Contributo massimo",
        "Territorio",
    ]
    assert [c.currentData() for c in page.combos] == [
        "title",
        "funder",
        "deadline",
        "max_grant",
        "territory",
        "-",
    ]
    assert wizard.button(NEXT).isEnabled()
    wizard.next()
    wait_preview(qtbot, wizard)
    assert column(wizard, 0) == [
        "Welfare di comunità nelle città",
        "Contrasto alla povertà educativa",
        "Invecchiamento attivo",
    ]
    assert column(wizard, 2)[1] == "2026-04-15 12:00"
    assert column(wizard, 3) == ["€150,000.00", "€1,200,000.00", "€80,000.00"]
    assert "Note interne" in wizard.preview_page.details.text()
    finish(qtbot, wizard)
    assert count_calls(context.db) == 3


def test_the_preview_speaks_italian_with_italian_amounts(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    set_language("it")
    wizard = open_wizard(qtbot, context, write(tmp_path, "bandi.csv", ITALIAN_CSV))
    assert wizard.windowTitle() == "Importa bandi"
    to_preview(qtbot, wizard)
    assert wizard.preview_page.summary.text() == (
        "3 bandi nuovi, 0 aggiornati, 0 invariati, 0 saltati"
    )
    assert column(wizard, 3)[1] == "€ 1.200.000,00"
    assert column(wizard, 2)[0] == "31/03/2026 12:00"


def test_changing_a_mapping_combo_changes_the_preview(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    text = "Titolo;Ente;Importo\nBando cultura;Fondazione CRT;25.000\n"
    wizard = open_wizard(qtbot, context, write(tmp_path, "bandi.csv", text))
    to_preview(qtbot, wizard)
    assert column(wizard, 3) == [""]  # "Importo" is not recognised: not imported
    assert "Importo" in wizard.preview_page.details.text()

    wizard.back()
    assert wizard.currentId() == PAGE_COLUMNS
    combo = wizard.columns_page.combos[2]
    assert combo.currentData() == "-"
    combo.setCurrentIndex(combo.findData("max_grant"))
    wizard.next()
    wait_preview(qtbot, wizard)
    assert column(wizard, 3) == ["€25,000.00"]

    wizard.back()
    title = wizard.columns_page.combos[0]
    title.setCurrentIndex(title.findData("description"))
    assert not wizard.button(NEXT).isEnabled()
    assert "title" in wizard.columns_page.message.text()
    title.setCurrentIndex(title.findData("title"))
    assert wizard.button(NEXT).isEnabled()


def test_a_column_chosen_twice_blocks_next_with_a_sentence(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, context, write(tmp_path, "bandi.csv", ITALIAN_CSV))
    wizard.next()
    combos = wizard.columns_page.combos
    combos[5].setCurrentIndex(combos[5].findData("territory"))
    assert not wizard.button(NEXT).isEnabled()
    assert "more than one column" in wizard.columns_page.message.text()


def test_a_csv_with_a_bad_row_shows_every_problem_and_cannot_finish(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    text = (
        "Titolo;Ente finanziatore;Scadenza\n"
        "Welfare di comunità;Fondazione Cariplo;31/02/2026\n"
        "Povertà educativa;Con i Bambini;15/04/2026\n"
    )
    wizard = open_wizard(qtbot, context, write(tmp_path, "errore.csv", text))
    to_preview(qtbot, wizard)
    page = wizard.preview_page
    assert page.stack.currentWidget() is page.error_panel
    table = page.problem_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(3)] == [
        "2",
        "Scadenza",
        "“31/02/2026” is not a date",
    ]
    assert "nothing was imported" in page.error_summary.text()
    assert not page.isComplete()
    assert not wizard.button(FINISH).isEnabled()
    wizard.accept()  # even if Finish were reached some other way
    assert wizard.isVisible()
    assert count_calls(context.db) == 0

    page.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "row 2, column Scadenza: “31/02/2026” is not a date" in copied


def test_an_unreadable_file_says_why_on_the_first_page(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, context, tmp_path / "missing.csv")
    assert "There is no file" in wizard.file_page.message.text()
    assert not wizard.button(NEXT).isEnabled()
    wizard.file_page.show_path(str(write(tmp_path, "ok.csv", ITALIAN_CSV)))
    assert wizard.button(NEXT).isEnabled()
    assert wizard.file_page.message.text() == ""


def test_a_failed_import_says_so_and_writes_nothing(
    qtbot: Any, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.services import call_import

    wizard = open_wizard(qtbot, context, write(tmp_path, "bandi.csv", ITALIAN_CSV))
    to_preview(qtbot, wizard)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(call_import, "import_calls", broken)
    wizard.button(FINISH).click()
    qtbot.waitUntil(lambda: not wizard.importing, timeout=20_000)
    assert "nothing was imported: disk full" in wizard.preview_page.import_status.text()
    assert wizard.isVisible()
    assert wizard.button(FINISH).isEnabled()
    assert count_calls(context.db) == 0


def test_the_eu_sample_previews_its_calls_and_what_it_skips(
    qtbot: Any, context: AppContext
) -> None:
    wizard = open_wizard(qtbot, context, EU)
    assert wizard.format == "eu"
    to_preview(qtbot, wizard)
    assert wizard.preview_page.summary.text() == "2 new calls, 0 updated, 0 unchanged, 4 skipped"
    first = wizard.preview_page.calls.item(0, 2)
    assert first.text().endswith("(+4)")  # the first deadline, the others in the tooltip
    assert first.toolTip().count("\n") == 4
    assert "Skipped:" in wizard.preview_page.details.text()
