"""File ▸ Import organizations… and File ▸ Export organizations…, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWizard
from sqlalchemy import func, select

from grantdesk.db.models import Organization
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import set_language
from grantdesk.ui.context import AppContext
from grantdesk.ui.import_pages import PAGE_COLUMNS, PAGE_PREVIEW
from grantdesk.ui.main_window import MainWindow
from grantdesk.ui.organization_import_wizard import ImportOrganizationsWizard
from grantdesk.ui.organization_transfer import OrganizationExporter
from grantdesk.ui.settings import Settings
from tests.helpers import factories as f

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "organizations"
RUNTS = FIXTURES / "runts_enti.csv"
FINISH = QWizard.WizardButton.FinishButton
NEXT = QWizard.WizardButton.NextButton


@pytest.fixture
def any_context(db: Any) -> AppContext:
    """A context on an empty database of each backend (SQLite; PostgreSQL when configured)."""
    ctx = AppContext()
    ctx.set_database(db)
    return ctx


def count(db: Any) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Organization)) or 0)


def open_wizard(qtbot: Any, context: AppContext, path: Path) -> ImportOrganizationsWizard:
    wizard = ImportOrganizationsWizard(context, path=str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def to_preview(qtbot: Any, wizard: ImportOrganizationsWizard) -> None:
    while wizard.currentId() != PAGE_PREVIEW:
        assert wizard.button(NEXT).isEnabled(), wizard.columns_page.message.text()
        wizard.next()
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.stack.currentWidget() is not page.busy_panel, timeout=20_000)


def finish(qtbot: Any, wizard: ImportOrganizationsWizard) -> None:
    assert wizard.button(FINISH).isEnabled()
    with qtbot.waitSignal(wizard.accepted, timeout=30_000):
        wizard.button(FINISH).click()


def column(wizard: ImportOrganizationsWizard, col: int) -> list[str]:
    table = wizard.preview_page.records
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_the_runts_file_is_mapped_previewed_and_imported(
    qtbot: Any, any_context: AppContext
) -> None:
    wizard = open_wizard(qtbot, any_context, RUNTS)
    assert wizard.format == "csv" and wizard.windowTitle() == "Import organizations"
    wizard.next()
    assert wizard.currentId() == PAGE_COLUMNS
    page = wizard.columns_page
    assert page.headers == ["CODICE FISCALE", "DENOMINAZIONE", "SEZIONE", "COMUNE",
                            "PROVINCIA", "REGIONE"]  # fmt: skip
    assert [c.currentData() for c in page.combos] == [
        "codice_fiscale",
        "name",
        "legal_form",
        "municipality",
        "province",
        "region",
    ]
    to_preview(qtbot, wizard)
    assert wizard.preview_page.summary.text() == "New: 12, updated: 0, unchanged: 0"
    assert column(wizard, 0)[0] == "ASSOCIAZIONE AMICI DELLA LOMELLINA ODV"
    assert column(wizard, 1)[0] == "ODV – volunteer organisation"
    assert column(wizard, 3)[0] == "VIGEVANO (PV)"
    assert set(column(wizard, 4)) == {"will be created"}
    assert count(any_context.db) == 0  # the preview is a dry run

    kinds: list[str] = []
    messages: list[str] = []
    any_context.data_changed.connect(kinds.append)
    any_context.status_message.connect(messages.append)
    finish(qtbot, wizard)
    assert count(any_context.db) == 12 and wizard.imported.created == 12
    assert kinds == ["organizations"]
    assert messages == [
        "Organizations imported from runts_enti.csv: 12 new, 0 updated, 0 unchanged."
    ]


def test_a_second_import_shows_what_changes(
    qtbot: Any, any_context: AppContext, tmp_path: Path
) -> None:
    finish_first = open_wizard(qtbot, any_context, RUNTS)
    to_preview(qtbot, finish_first)
    finish(qtbot, finish_first)
    changed = tmp_path / "runts.csv"
    changed.write_text(
        RUNTS.read_text("utf-8-sig")
        .replace("CERVIA;RA", "CERVIA;RAVENNA")
        .replace("EMPORIO SOLIDALE CERVIA ODV", "Emporio Solidale di Cervia ODV"),
        encoding="utf-8",
    )
    again = open_wizard(qtbot, any_context, changed)
    to_preview(qtbot, again)
    assert again.preview_page.summary.text() == "New: 0, updated: 1, unchanged: 11"
    assert column(again, 4) == ["no change"] * 11 + ["will be updated"]
    finish(qtbot, again)
    assert count(any_context.db) == 12


def test_a_bad_file_lists_every_problem_in_italian_and_imports_nothing(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    set_language("it")
    bad = tmp_path / "enti.csv"
    bad.write_text(
        "Codice fiscale;Denominazione;Sezione;Provincia\n"
        "93001010185;Amici della Lomellina;a) Organizzazioni di volontariato;PV\n"
        "93001010186;Circolo Il Castello;b) Associazioni di promozione sociale;PV\n"
        ";Fondazione;h) Enti filantropici;Atlantide\n",
        encoding="utf-8",
    )
    wizard = open_wizard(qtbot, context, bad)
    assert wizard.windowTitle() == "Importa enti"
    to_preview(qtbot, wizard)
    page = wizard.preview_page
    assert page.stack.currentWidget() is page.error_panel
    table = page.problem_table
    cells = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert cells == [
        [
            "3",
            "Codice fiscale",
            "«93001010186»: Il codice fiscale non è valido: il carattere di controllo non "
            "corrisponde (un errore di battitura?).",
        ],
        [
            "4",
            "Sezione",
            "«h) Enti filantropici» non è una sezione del RUNTS né una forma "
            "giuridica che GrantDesk conosce",
        ],
        [
            "4",
            "Provincia",
            "«Atlantide» non è una provincia italiana: scrivi la sigla (PV) o il nome (Pavia)",
        ],
    ]
    assert page.error_summary.text() == "3 problemi nel file: non è stato importato nulla."
    assert not wizard.button(FINISH).isEnabled()
    wizard.accept()
    assert wizard.isVisible() and count(context.db) == 0
    page.copy_button.click()
    assert "riga 3, colonna Codice fiscale: «93001010186»" in QGuiApplication.clipboard().text()


def test_the_name_column_is_required_and_can_be_chosen(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    odd = tmp_path / "enti.csv"
    odd.write_text("Ente del terzo settore;Città;PEC\nCasa APS;Vigevano;casa@pec.example\n")
    wizard = open_wizard(qtbot, context, odd)
    wizard.next()
    combos = wizard.columns_page.combos
    assert [c.currentData() for c in combos] == ["-", "municipality", "-"]
    assert not wizard.button(NEXT).isEnabled()
    assert "name of the organization" in wizard.columns_page.message.text()
    combos[0].setCurrentIndex(combos[0].findData("name"))
    to_preview(qtbot, wizard)
    assert column(wizard, 0) == ["Casa APS"] and column(wizard, 3) == ["Vigevano"]
    assert "PEC" in wizard.preview_page.details.text()  # not imported, and said so


def test_a_json_file_is_refused_on_the_first_page(
    qtbot: Any, context: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "enti.json"
    path.write_text('{"enti": []}')
    wizard = open_wizard(qtbot, context, path)
    assert "JSON" in wizard.file_page.message.text()
    assert not wizard.button(NEXT).isEnabled()


@pytest.fixture
def window(qtbot: Any, sqlite_db: Any, tmp_path: Path) -> Iterator[MainWindow]:
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "s"))
    with sqlite_db.transaction() as s:
        f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE,
                       municipality="Vigevano")  # fmt: skip
        f.organization(s, '=HYPERLINK("http://evil.example","Clicca")', municipality="Vigevano")
        f.organization(s, "Auser Mortara ODV", LegalForm.ODV, municipality="Mortara")
    main = MainWindow(AppContext(), Settings())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    with qtbot.waitSignal(main.data_shown, timeout=20_000):
        main.open_database(str(sqlite_db.target.path))
    yield main
    QStandardPaths.setTestModeEnabled(False)


def test_the_file_menu_imports_and_exports_the_searched_list(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Import or&ganizations…" in texts and "E&xport organizations…" in texts
    import_action = window.findChild(QAction, "ImportOrganizationsAction")
    export_action = window.findChild(QAction, "ExportOrganizationsAction")
    assert import_action.isEnabled() and export_action.isEnabled()
    import_action.trigger()
    wizard = window.findChild(ImportOrganizationsWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.reject()

    window.show_view("organizations")
    window.search.setText("vigevano")
    window._search_return()  # apply the search now, as Enter does
    target = tmp_path / "enti"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *args, **kw: (str(target), "Excel workbook (*.xlsx)"),
    )
    messages: list[str] = []
    window.context.status_message.connect(messages.append)
    export_action.trigger()
    exporter = OrganizationExporter.of(window)
    assert exporter.busy and not export_action.isEnabled()  # one export at a time
    qtbot.waitUntil(lambda: not exporter.busy, timeout=20_000)
    assert export_action.isEnabled()
    written = tmp_path / "enti.xlsx"
    assert messages[-1] == f"2 organizations matching “vigevano” exported to {written}"
    sheet = openpyxl.load_workbook(written).active
    names = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("http://evil.example","Clicca")', "Cooperativa Sociale KCS"]
