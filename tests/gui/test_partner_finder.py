"""The partner finder: filtering in the background, the empty sentence, the finder preset
from a call's detail pane, the history of the selected body, and the ways in (the
organizations list's button and Ctrl+Shift+P)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtTest import QTest

from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import set_language
from grantdesk.services.dashboard import today_in_rome
from grantdesk.services.partners import DocumentState, PartnerFilter
from grantdesk.ui.context import AppContext
from grantdesk.ui.partner_finder import PartnerFinderDialog, open_partner_finder
from grantdesk.ui.partner_finder_widgets import CheckableCombo, PartnerTableModel
from grantdesk.ui.views.records import RecordsView
from tests.db.test_partners import Register, build_register

WAIT_MS = 5000
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings of these tests live in a temporary folder, never in the desk's own."""
    folder = tmp_path / "settings"
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def reg(context: AppContext) -> Register:
    assert context.db is not None
    return build_register(context.db, today_in_rome())


def settled(qtbot: Any, dialog: PartnerFinderDialog) -> None:
    """Wait until the search asked last was answered (and the history read)."""
    qtbot.waitUntil(
        lambda: not dialog._timer.isActive() and not dialog.busy.text(), timeout=WAIT_MS
    )
    qtbot.wait(20)


def finder(context: AppContext, qtbot: Any, call_id: int | None = None) -> PartnerFinderDialog:
    dialog = PartnerFinderDialog(context)
    qtbot.addWidget(dialog)
    dialog.set_call(call_id)
    dialog.show()
    qtbot.waitExposed(dialog)
    settled(qtbot, dialog)
    return dialog


def names(dialog: PartnerFinderDialog) -> list[str]:
    return [row.name for row in dialog.model.rows]


def test_filters_narrow_the_list_in_the_background(
    qtbot: Any, context: AppContext, reg: Register
) -> None:
    dialog = finder(context, qtbot)
    assert len(names(dialog)) == 6 and dialog.count.text() == "6 organizations"
    bar = dialog.filters
    bar.territory.setText("PV")
    settled(qtbot, dialog)
    assert names(dialog) == ["Argento Vivo ODV", "Il Melograno APS", "Parrocchia San Pietro"]
    row = [f for f in LegalForm].index(LegalForm.APS)
    bar.forms.toggle(row)
    settled(qtbot, dialog)
    assert names(dialog) == ["Il Melograno APS"]
    assert bar.forms.summary() == "APS"
    bar.territory.clear()
    bar.documents.setCurrentIndex(bar.documents.findData("none"))
    settled(qtbot, dialog)
    assert names(dialog) == ["Circolo Darsena APS"]
    bar.clear()
    settled(qtbot, dialog)
    bar.themes.add("POVERTA")  # accents and case ignored; the chip shows the theme's name
    settled(qtbot, dialog)
    assert bar.themes.themes() == ("povertà",)
    assert names(dialog) == ["Cooperativa Sociale Aurora", "Il Melograno APS"]
    assert bar.value() == PartnerFilter(themes=("povertà",))
    QTest.keyClicks(bar.search, "coop")
    settled(qtbot, dialog)
    assert names(dialog) == ["Cooperativa Sociale Aurora"]
    aurora = dialog.model.index(0, dialog.model.headers().index("Documents"))
    assert aurora.data().startswith("Expired on ")
    assert aurora.data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"


def test_only_the_latest_question_is_answered(
    qtbot: Any, context: AppContext, reg: Register
) -> None:
    dialog = finder(context, qtbot)
    dialog.filters.territory.setText("RA")
    dialog.search()
    dialog.filters.territory.setText("MI")
    dialog.search()  # the answer for Ravenna arrives first and is dropped
    settled(qtbot, dialog)
    assert names(dialog) == ["Cooperativa Sociale Aurora"]


def test_more_rows_are_read_as_the_list_scrolls(
    qtbot: Any, context: AppContext, reg: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui import partner_finder

    monkeypatch.setattr(partner_finder, "PAGE", 2)
    dialog = finder(context, qtbot)
    assert dialog.model.rowCount() == 2 and dialog.count.text() == "6 organizations"
    dialog.fetch_more()
    dialog.fetch_more()  # one page at a time: the second ask waits for the first answer
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=WAIT_MS)
    dialog.table.verticalScrollBar().setValue(dialog.table.verticalScrollBar().maximum())
    dialog.fetch_more()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 6, timeout=WAIT_MS)
    dialog.fetch_more()  # nothing left
    qtbot.wait(100)
    assert names(dialog) == sorted(names(dialog)) and len(set(names(dialog))) == 6


def test_an_empty_result_says_why_and_clears(
    qtbot: Any, context: AppContext, reg: Register
) -> None:
    dialog = finder(context, qtbot)
    dialog.filters.territory.setText("Atlantide")
    settled(qtbot, dialog)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.title.text() == "No organization is based in “Atlantide”"
    assert "region or a municipality" in dialog.empty.hint.text()
    assert not dialog.history.isVisible()
    dialog.filters.set_value(PartnerFilter(themes=("giovani",), documents=DocumentState.OK))
    settled(qtbot, dialog)
    assert dialog.empty.title.text() == "No organization matches these filters"
    assert dialog.count.text() == "0 organizations"
    qtbot.mouseClick(dialog.empty.button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert dialog.filters.value().empty
    assert len(names(dialog)) == 6 and dialog.history.isVisible()


def test_selecting_a_body_shows_its_history(qtbot: Any, context: AppContext, reg: Register) -> None:
    set_language("it")
    dialog = finder(context, qtbot)
    dialog.select_row(names(dialog).index("Argento Vivo ODV"))
    qtbot.waitUntil(lambda: "Storico" in dialog.history.text(), timeout=WAIT_MS)
    text = dialog.history.text()
    assert dialog.history.title.text() == "Argento Vivo ODV"
    assert "2, di cui 1 come capofila" in text
    assert "Sua quota ottenuta" in text and "€ 2.400,00" in text
    assert "Case del Sociale" in text and "Partner (Accompagnamento)" in text
    assert "Finanziato · richiesti € 3.000,00 · ottenuti € 2.400,00" in text
    assert "Non finanziato · richiesti € 5.000,00 · ottenuti € 0,00" in text
    assert "Punto per Te" in text and "Candidato, Risorse impegnate" in text


def test_preset_from_a_calls_detail_pane(qtbot: Any, context: AppContext, reg: Register) -> None:
    view = RecordsView(context, "calls")
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.select_row(view.model.row_for_id(reg.pavia_call))
    button = view.detail.partners_button
    assert button.isVisible() and button.text() == "Who could partner…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.window().findChild(PartnerFinderDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    settled(qtbot, dialog)
    assert dialog.call_id == reg.pavia_call and dialog.banner.isVisible()
    assert "Welfare in azione (Provincia di Pavia)" in dialog.banner_title.text()
    assert "Applicant types: ODV, APS · Territory: Provincia di Pavia" in (
        dialog.banner_rules.text()
    )
    assert names(dialog) == ["Il Melograno APS", "Argento Vivo ODV"]
    assert dialog.model.headers()[1] == "Why"
    why = dialog.model.index(0, 1)
    assert why.data() == "1 shared theme · papers in order · 1 proposal"
    assert "Already in a proposal to this call." in why.data(Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: "Why it could partner" in dialog.history.text(), timeout=WAIT_MS)
    # The user's filters narrow the call's partners further; then back to everyone.
    dialog.filters.set_value(PartnerFilter(legal_forms=(LegalForm.ODV,)))
    settled(qtbot, dialog)
    assert names(dialog) == ["Argento Vivo ODV"]
    qtbot.mouseClick(dialog.leave_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert dialog.call_id is None and not dialog.banner.isVisible()
    assert names(dialog) == ["Argento Vivo ODV"]  # the filters stay
    # Asked again for a call, the same window comes back preset to it.
    assert open_partner_finder(view, context, reg.lomellina_call) is dialog
    settled(qtbot, dialog)
    assert dialog.call_id == reg.lomellina_call and names(dialog) == ["Argento Vivo ODV"]


def test_a_call_nobody_could_partner_on(qtbot: Any, context: AppContext, reg: Register) -> None:
    assert context.db is not None
    from tests.helpers import factories as f

    with context.db.transaction() as s:
        # The only ODV is in Vigevano (bodies without a seat stay, to check: none is an ODV).
        far = f.call(
            s, "Bando per Bolzano", territory="Provincia di Bolzano", eligible_forms=["odv"]
        ).id
    dialog = finder(context, qtbot, far)
    assert dialog.empty.title.text() == "No organization could partner on this call"
    assert not dialog.empty.button.isVisible()  # no filter to clear


def test_the_organizations_list_opens_the_finder(
    qtbot: Any, context: AppContext, reg: Register
) -> None:
    view = RecordsView(context, "organizations")
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    assert view.find_partners_button.isVisible()
    assert view.find_partners_action.shortcut().toString() == "Ctrl+Shift+P"
    view.find_partners_action.trigger()
    dialog = view.window().findChild(PartnerFinderDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    settled(qtbot, dialog)
    assert dialog.call_id is None and len(names(dialog)) == 6


def test_a_new_body_appears_when_the_register_changes(
    qtbot: Any, context: AppContext, reg: Register
) -> None:
    dialog = finder(context, qtbot)
    assert context.db is not None
    from tests.helpers import factories as f

    with context.db.transaction() as s:
        f.organization(s, "Banca del Tempo APS", municipality="Vigevano", province="PV")
    context.notify("organizations")
    settled(qtbot, dialog)
    assert "Banca del Tempo APS" in names(dialog)


def test_the_table_model_and_the_checkable_combo(
    qtbot: Any, qtmodeltester: Any, context: AppContext, reg: Register
) -> None:
    assert context.db is not None
    from grantdesk.services.partners import find_partners, partners_for_call

    model = PartnerTableModel()
    model.set_rows(find_partners(context.db, PartnerFilter(), date.today()), None)
    qtmodeltester.check(model)
    model.set_rows([], partners_for_call(context.db, reg.pavia_call, date.today()).partners)
    qtmodeltester.check(model)
    combo = CheckableCombo("All", ("{n} form", "{n} forms"))
    qtbot.addWidget(combo)
    for code in ("odv", "aps", "parish"):
        combo.add_choice(code.upper(), code)
    assert combo.summary() == "All"
    combo.set_checked(["odv", "aps", "parish"])
    assert (combo.checked(), combo.summary()) == (["odv", "aps", "parish"], "3 forms")
    combo.toggle(0)
    assert combo.summary() == "APS, PARISH"
