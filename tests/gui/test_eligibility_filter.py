"""“Eligible for: [organization]” above the calls list: choosing, the excluded calls with
their reasons, the counts, the desk's own organization from the settings, keeping the
choice through changes, the empty state, the keyboard, and the Settings dialog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from grantdesk.db.models import Organization
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import set_language
from grantdesk.ui.context import AppContext
from grantdesk.ui.eligibility_filter import EligibilityFilter
from grantdesk.ui.models.call_list_model import ELIGIBLE_ROLE, EXCLUDED_INK, CallListModel
from grantdesk.ui.settings import Settings, database_key
from grantdesk.ui.settings_dialog import SettingsDialog
from grantdesk.ui.views.records import RecordsView
from tests.helpers import factories as f

WAIT_MS = 5000
# Typing in the box opens the completer's pop-up, which the offscreen platform cannot raise.
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
def ids(context: AppContext) -> dict[str, int]:
    """Five calls: three open to an APS in Bari, one for Lombardy's ODVs, one past."""
    today = date.today()
    assert context.db is not None
    with context.db.transaction() as s:
        aps = f.organization(s, "APS Il Melograno", LegalForm.APS, municipality="Bari",
                             province="BA", region="Puglia")  # fmt: skip
        company = f.organization(s, "Società Cooperativa “L’Approdo” di Altamura",
                                 LegalForm.COMPANY, municipality="Altamura",
                                 province="BA")  # fmt: skip
        puglia = f.call(s, "Puglia solidale", code="PUG-1", territory="Puglia",
                        eligible_forms=["aps", "odv"])  # fmt: skip
        f.deadline(s, puglia, today + timedelta(days=20))
        f.call(s, "Bari in comune", code="BAR-1", territory="Provincia di Bari",
               eligible_forms=["aps"])  # fmt: skip
        f.call(s, "Volontariato in rete", code="VOL-1", eligible_forms=["aps", "odv"])
        f.call(s, "Lombardia in rete", code="LOM-1", territory="Lombardia",
               eligible_forms=["odv"])  # fmt: skip
        past = f.call(s, "Comunità 2024", code="OLD-1")
        f.deadline(s, past, today - timedelta(days=30))
        return {"aps": aps.id, "company": company.id, "puglia": puglia.id}


def calls_view(context: AppContext, qtbot: Any) -> RecordsView:
    view = RecordsView(context, "calls")
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def bar_of(view: RecordsView) -> EligibilityFilter:
    assert view.eligibility is not None
    return view.eligibility


def wait_judged(qtbot: Any, view: RecordsView) -> None:
    """Until the calls are judged in the background and the list shows the result."""
    bar = bar_of(view)
    qtbot.waitUntil(
        lambda: not bar.busy_judging and view.model.filtering == (bar.organization is not None),
        timeout=WAIT_MS,
    )


def codes(view: RecordsView) -> list[str]:
    column = view.model.column_index("code")
    return [view.model.index(r, column).data() for r in range(view.model.rowCount())]


def choose_by_typing(qtbot: Any, view: RecordsView, name: str) -> None:
    """Type an (ASCII) name in the box and press Enter, as a user would."""
    bar = bar_of(view)
    line = bar.box.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, name)
    QTest.keyClick(line, Qt.Key.Key_Return)
    wait_judged(qtbot, view)


def test_choosing_an_organization_lists_the_calls_it_may_apply_to(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    column = view.model.column_index("eligibility")
    assert view.count.text() == "5 calls"
    assert bar.box.currentText() == "All calls"
    assert not bar.toggle.isVisible()
    assert view.table.isColumnHidden(column)

    choose_by_typing(qtbot, view, "APS Il Melograno")
    assert bar.organization == ids["aps"]
    assert sorted(codes(view)) == ["BAR-1", "PUG-1", "VOL-1"]
    assert view.count.text() == "3 calls eligible for APS Il Melograno out of 5"
    assert bar.toggle.isVisible() and not bar.toggle.isChecked()
    # Sorting and search still happen in SQL, among the eligible calls.
    view.model.sort(view.model.column_index("code"), Qt.SortOrder.DescendingOrder)
    assert codes(view) == ["VOL-1", "PUG-1", "BAR-1"]
    view.set_search("rete")
    assert codes(view) == ["VOL-1"]
    assert view.count.text() == "1 call eligible for APS Il Melograno out of 2"


def test_show_excluded_greys_them_with_the_reasons(
    context: AppContext, ids: dict[str, int], qtbot: Any, qtmodeltester: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    bar.choose(ids["aps"])
    wait_judged(qtbot, view)
    bar.toggle.click()
    model = view.model
    assert isinstance(model, CallListModel)
    assert model.rowCount() == 5
    assert view.count.text() == "5 calls · eligible for APS Il Melograno: 3"
    column = model.column_index("eligibility")
    assert not view.table.isColumnHidden(column)
    rows = {code: row for row, code in enumerate(codes(view))}
    lombardy = model.index(rows["LOM-1"], column)
    assert lombardy.data() == "Not eligible: applicant type, territory (Lombardia)"
    assert lombardy.data(ELIGIBLE_ROLE) is False
    assert "• The call admits only ODV: the organization is an APS." in lombardy.data(
        Qt.ItemDataRole.ToolTipRole
    )
    title = model.index(rows["LOM-1"], model.column_index("title"))
    assert title.data(Qt.ItemDataRole.ForegroundRole) == EXCLUDED_INK
    old = model.index(rows["OLD-1"], column).data()
    assert old.startswith("Not eligible: closed")
    assert model.index(rows["PUG-1"], column).data() == "Eligible"
    assert model.index(rows["PUG-1"], 1).data(Qt.ItemDataRole.ForegroundRole) is None
    qtmodeltester.check(model)
    # Sorting by the eligibility column: the eligible calls first.
    model.sort(column, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, column).data(ELIGIBLE_ROLE) for r in range(5)] == [True] * 3 + [
        False
    ] * 2
    # The detail pane says it too.
    view.select_row(codes(view).index("LOM-1"))
    assert view.detail.detail is not None
    assert view.detail.detail.fields[0][0] == "Eligibility"
    assert view.detail.detail.fields[0][1].startswith("APS Il Melograno may not apply:")
    bar.toggle.click()
    assert sorted(codes(view)) == ["BAR-1", "PUG-1", "VOL-1"]


def test_counts_in_italian(context: AppContext, ids: dict[str, int], qtbot: Any) -> None:
    set_language("it")
    view = calls_view(context, qtbot)
    bar_of(view).choose(ids["aps"])
    wait_judged(qtbot, view)
    assert view.count.text() == "3 bandi ammissibili per APS Il Melograno su 5"
    bar_of(view).toggle.setChecked(True)
    assert view.count.text() == "5 bandi · ammissibili per APS Il Melograno: 3"
    row = codes(view).index("LOM-1")
    cell = view.model.index(row, view.model.column_index("eligibility")).data()
    assert cell == "Non ammissibile: tipo di ente, territorio (Lombardia)"


def test_our_organization_is_chosen_when_the_list_opens(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    assert context.db is not None
    Settings().set_our_organization(database_key(context.db), ids["aps"])
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    assert bar.box.currentText() == "APS Il Melograno"
    wait_judged(qtbot, view)
    assert sorted(codes(view)) == ["BAR-1", "PUG-1", "VOL-1"]


def test_all_calls_again_after_clearing(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    bar.choose(ids["aps"])
    wait_judged(qtbot, view)
    bar.toggle.setChecked(True)
    bar.box.activated.emit(0)  # the user picks "All calls"
    assert bar.organization is None
    assert view.model.rowCount() == 5
    assert view.count.text() == "5 calls"
    assert not bar.toggle.isVisible()
    assert view.table.isColumnHidden(view.model.column_index("eligibility"))
    # Emptying the box's text means all calls too.
    bar.toggle.setChecked(False)
    choose_by_typing(qtbot, view, "APS Il Melograno")
    assert view.model.rowCount() == 3
    line = bar.box.lineEdit()
    assert line is not None
    line.clear()
    QTest.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=WAIT_MS)
    assert bar.box.currentText() == "All calls"


def test_text_naming_no_organization_puts_back_the_choice(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    choose_by_typing(qtbot, view, "APS Il Melograno")
    bar = bar_of(view)
    line = bar.box.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "Nobody at all")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert bar.box.currentText() == "APS Il Melograno"
    assert bar.organization == ids["aps"]


def test_the_choice_survives_refreshes_and_changes(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    bar.choose(ids["aps"])
    wait_judged(qtbot, view)
    view.refresh()
    assert view.model.rowCount() == 3
    assert context.db is not None
    with context.db.transaction() as s:
        f.call(s, "Nuovo bando pugliese", code="NEW-1", territory="Puglia")
        f.call(s, "Nuovo bando lombardo", code="NEW-2", territory="Lombardia")
    context.notify("calls")
    qtbot.waitUntil(lambda: "NEW-1" in codes(view), timeout=WAIT_MS)
    wait_judged(qtbot, view)
    assert sorted(codes(view)) == ["BAR-1", "NEW-1", "PUG-1", "VOL-1"]
    assert view.count.text() == "4 calls eligible for APS Il Melograno out of 7"
    assert bar.organization == ids["aps"]
    # The organization deleted (from another desk): back to every call.
    with context.db.transaction() as s:
        s.delete(s.get(Organization, ids["aps"]))
    context.notify("organizations")
    qtbot.waitUntil(lambda: bar.organization is None, timeout=WAIT_MS)
    assert view.model.rowCount() == 7
    assert bar.box.findData(ids["aps"]) == -1


def test_nothing_eligible_says_what_to_do(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    bar.choose(ids["company"])
    wait_judged(qtbot, view)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No open call is eligible"
    assert view.empty.hint.text().startswith(
        "Società Cooperativa “L’Approdo” di Altamura cannot apply to any call now."
    )
    assert "Show the excluded calls to see why" in view.empty.hint.text()
    assert view.count.text().startswith("0 calls eligible for Società Cooperativa")
    view.empty.button.click()
    assert bar.toggle.isChecked()
    assert view.pages.currentWidget() is view.table
    assert view.model.rowCount() == 5


def test_ctrl_shift_e_moves_to_the_box_and_tab_goes_on_to_the_list(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=WAIT_MS)
    view.table.setFocus()
    QTest.keyClick(
        view.table,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert bar.box.hasFocus()
    line = bar.box.lineEdit()
    assert line is not None and line.selectedText() == "All calls"
    choose_by_typing(qtbot, view, "APS Il Melograno")
    bar.box.setFocus()
    QTest.keyClick(bar.box, Qt.Key.Key_Tab)
    assert bar.toggle.hasFocus()
    QTest.keyClick(bar.toggle, Qt.Key.Key_Tab)
    assert view.table.hasFocus()


def test_settings_dialog_offers_the_organizations_of_the_open_database(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    settings = Settings()
    dialog = SettingsDialog(settings, None, context)
    qtbot.addWidget(dialog)
    box = dialog.organization
    assert box.isEnabled()
    assert [box.itemText(i) for i in range(box.count())] == [
        "None",
        "APS Il Melograno",
        "Società Cooperativa “L’Approdo” di Altamura",
    ]
    assert box.chosen() is None
    box.activated.emit(1)
    dialog.accept()
    assert context.db is not None
    assert settings.our_organization(database_key(context.db)) == ids["aps"]
    assert dialog.organization_changed
    # Next time the dialog shows the choice; "None" forgets it.
    again = SettingsDialog(settings, None, context)
    qtbot.addWidget(again)
    assert again.organization.currentText() == "APS Il Melograno"
    again.organization.activated.emit(0)
    again.accept()
    assert settings.our_organization(database_key(context.db)) is None


def test_settings_dialog_without_a_database(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(), None, AppContext())
    qtbot.addWidget(dialog)
    assert not dialog.organization.isEnabled()
    assert dialog.organization_note.text() == "Open a database to choose its organization."
    dialog.accept()


def test_each_database_keeps_its_own_organization(tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set_our_organization("/desk/a.db", 3)
    settings.set_our_organization("postgresql+psycopg://anna@server/grantdesk", 7)
    assert settings.our_organization("/desk/a.db") == 3
    assert settings.our_organization("postgresql+psycopg://anna@server/grantdesk") == 7
    assert settings.our_organization("/desk/b.db") is None
    settings.set_our_organization("/desk/a.db", None)
    assert settings.our_organization("/desk/a.db") is None
    settings.our_organizations = "not json"
    assert settings.our_organization("/desk/a.db") is None


def test_choosing_our_organization_in_settings_filters_the_open_list(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    window = QWidget()  # as the main window: it has the context, the list is inside
    window.context = context  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    view = RecordsView(context, "calls", window)
    window.show()
    bar = bar_of(view)
    assert bar.organization is None
    dialog = SettingsDialog(Settings(), window)  # the dialog finds the context itself
    dialog.organization.activated.emit(dialog.organization.findData(ids["aps"]))
    dialog.accept()
    assert bar.organization == ids["aps"]
    wait_judged(qtbot, view)
    assert sorted(codes(view)) == ["BAR-1", "PUG-1", "VOL-1"]


def test_a_hidden_list_judges_again_when_shown(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    bar.choose(ids["aps"])
    wait_judged(qtbot, view)
    view.hide()
    assert context.db is not None
    with context.db.transaction() as s:
        f.call(s, "Nuovo bando pugliese", code="NEW-1", territory="Puglia")
    context.notify("calls")
    assert not bar.busy_judging  # nothing judged for a list nobody sees
    view.show()
    qtbot.waitUntil(lambda: "NEW-1" in codes(view), timeout=WAIT_MS)
    assert view.count.text() == "4 calls eligible for APS Il Melograno out of 6"


def test_closing_the_database_forgets_the_organization(
    context: AppContext, ids: dict[str, int], qtbot: Any
) -> None:
    view = calls_view(context, qtbot)
    bar = bar_of(view)
    bar.choose(ids["aps"])
    wait_judged(qtbot, view)
    context.set_database(None)
    assert bar.organization is None
    assert not bar.box.isEnabled()
    assert not view.model.filtering
