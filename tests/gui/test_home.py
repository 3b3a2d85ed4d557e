"""The Home view: what is due, the figures, the welcome page and its example data."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from grantdesk.db.models import ActionItem, CoDesignProcess, Meeting, OrganizationDocument
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import CallStatus, DeadlineKind, FundingSource, ProposalStatus
from grantdesk.i18n import set_language
from grantdesk.services import dashboard
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import Entry, Tone
from grantdesk.ui.views.home import HomeView
from tests.helpers import factories as f

# Showing a top-level widget with a layout makes the offscreen platform say this once.

TODAY = dashboard.today_in_rome()


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.fixture
def home(qtbot: Any, context: AppContext) -> HomeView:
    view = HomeView(context)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    return view


def seed_deadlines(db: Any) -> dict[str, int]:
    """An overdue deadline, one today, one in three weeks, one done; returns call ids."""
    with db.transaction() as s:
        late = f.call(s, "Welfare di comunità 2026", status=CallStatus.GO)
        soon = f.call(s, "Bando Adolescenza", "Con i Bambini", status=CallStatus.GO)
        later = f.call(s, "Invecchiamento attivo", "Regione Lombardia")
        f.deadline(s, late, day(-2), owner="Giulia Ferraris")
        f.deadline(s, soon, day(0), time(17, 30), owner="Sara Conti", kind=DeadlineKind.INTERNAL)
        f.deadline(s, later, day(21), owner="Marco Bellini")
        f.deadline(s, later, day(-1), owner="Marco Bellini", done=True)
        lead = f.organization(s, "Associazione Auser Vigevano")
        f.proposal(
            s,
            "Quartieri in rete",
            late,
            lead,
            [("personnel", "1", "80000", FundingSource.REQUESTED_GRANT)],
            acronym="QUIR",
        )
        return {"late": late.id, "soon": soon.id, "later": later.id}


def groups(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Rows under each header title (without its count)."""
    result: dict[str, list[Entry]] = {}
    current = ""
    for entry in entries:
        if entry.header:
            current = entry.title.split(" · ")[0]
            result[current] = []
        else:
            result[current].append(entry)
    return result


def test_without_a_database_the_home_says_it_is_opening(qtbot: Any) -> None:
    view = HomeView(AppContext())
    qtbot.addWidget(view)
    view.refresh()
    assert view.pages.currentWidget() is view.state
    assert view.state.title.text() == "Opening the database…"


def test_an_overdue_deadline_is_in_the_overdue_group_with_its_owner(
    home: HomeView, context: AppContext
) -> None:
    calls = seed_deadlines(context.db)
    home.refresh()
    assert home.pages.currentWidget() is home.dashboard
    grouped = groups(home.deadlines.model.entries())
    assert list(grouped) == ["Overdue deadlines", "Next 7 days", "Within a month"]
    [overdue] = grouped["Overdue deadlines"]
    assert overdue.side == "Giulia Ferraris"
    assert overdue.title == "Welfare di comunità 2026"
    assert overdue.badge == f"{day(-2):%Y-%m-%d} 12:00"
    assert overdue.badge_sub == "overdue by 2 days"
    assert overdue.side_sub == "QUIR"
    assert overdue.tone == Tone.OVERDUE
    assert overdue.record == ("call", calls["late"])
    [today] = grouped["Next 7 days"]
    assert (today.side, today.badge_sub) == ("Sara Conti", "today")
    assert grouped["Within a month"][0].badge_sub == "in 21 days"
    assert home.deadlines_card.count.text() == "3"  # the done deadline is not due


def test_italian_groups_and_phrases(home: HomeView, context: AppContext) -> None:
    seed_deadlines(context.db)
    set_language("it")
    home.refresh()
    grouped = groups(home.deadlines.model.entries())
    assert list(grouped) == ["Scadute", "Nei prossimi 7 giorni", "Entro un mese"]
    [overdue] = grouped["Scadute"]
    assert overdue.badge == f"{day(-2):%d/%m/%Y} 12:00"
    assert overdue.badge_sub == "scaduta da 2 giorni"
    assert grouped["Entro un mese"][0].badge_sub == "tra 21 giorni"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_call_deadline_asks_to_open_the_call(
    qtbot: Any, home: HomeView, context: AppContext, key: Qt.Key
) -> None:
    calls = seed_deadlines(context.db)
    home.show()
    home.refresh()
    rows = home.deadlines.model.entries()
    row = next(i for i, e in enumerate(rows) if e.record == ("call", calls["later"]))
    list_view = home.deadlines.view
    list_view.setFocus()
    list_view.setCurrentIndex(home.deadlines.model.index(row))
    with qtbot.waitSignal(home.open_record, timeout=1000) as blocker:
        qtbot.keyClick(list_view, key)
    assert blocker.args == ["call", calls["later"]]


def test_double_click_opens_the_call(qtbot: Any, home: HomeView, context: AppContext) -> None:
    calls = seed_deadlines(context.db)
    home.show()
    home.refresh()
    rows = home.deadlines.model.entries()
    row = next(i for i, e in enumerate(rows) if e.record == ("call", calls["soon"]))
    viewport = home.deadlines.view.viewport()
    centre = home.deadlines.view.visualRect(home.deadlines.model.index(row)).center()
    with qtbot.waitSignal(home.open_record, timeout=1000) as blocker:
        # A real double-click starts with a press: the view opens what was pressed.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == ["call", calls["soon"]]


def test_a_report_due_on_a_proposal_names_and_opens_the_proposal(
    qtbot: Any, home: HomeView, context: AppContext
) -> None:
    with context.db.transaction() as s:  # type: ignore[union-attr]
        call = f.call(s, "Comunità educanti", "Con i Bambini")
        won = f.proposal(
            s, "Comunità che cura", call, None, acronym="CURA", status=ProposalStatus.RUNNING
        )
        f.deadline(
            s,
            None,
            day(3),
            owner="Marco Bellini",
            kind=DeadlineKind.REPORT,
            stage="Relazione intermedia",
            proposal_id=won.id,
        )
        proposal_id = won.id
    home.show()
    home.refresh()
    [entry] = home.deadlines.model.items()
    assert entry.title == "Comunità che cura"
    assert entry.subtitle == "Con i Bambini · Report – Relazione intermedia"
    assert entry.side_sub == "CURA"
    assert entry.record == ("proposal", proposal_id)
    home.deadlines.view.setFocus()
    home.deadlines.view.setCurrentIndex(home.deadlines.model.index(1))
    with qtbot.waitSignal(home.open_record, timeout=1000) as blocker:
        qtbot.keyClick(home.deadlines.view, Qt.Key.Key_Return)
    assert blocker.args == ["proposal", proposal_id]


def test_figures_and_pipeline_match_the_service(home: HomeView, context: AppContext) -> None:
    seed_deadlines(context.db)
    with context.db.transaction() as s:  # type: ignore[union-attr]
        f.proposal(
            s,
            "Argento vivo",
            None,
            None,
            [("personnel", "1", "1234567", FundingSource.REQUESTED_GRANT)],
            status=ProposalStatus.SUBMITTED,
        )
    home.refresh()
    figures = dashboard.overview(context.db)  # type: ignore[arg-type]
    assert home.figure_calls.value.text() == str(figures.open_calls)
    assert home.figure_proposals.value.text() == "2"
    assert home.figure_requested.value.text() == "€1,314,567"
    set_language("it")
    home.refresh()
    assert home.figure_requested.value.text() == "€ 1.314.567"
    counts = home.pipeline.counts()
    assert counts[ProposalStatus.DRAFTING] == 1
    assert counts[ProposalStatus.SUBMITTED] == 1
    assert sum(counts.values()) == 2


def test_open_actions_and_expiring_documents(home: HomeView, context: AppContext) -> None:
    with context.db.transaction() as s:  # type: ignore[union-attr]
        org = f.organization(s, "Cooperativa sociale Il Germoglio")
        process = CoDesignProcess(title="Patto per l'abitare")
        s.add(process)
        s.flush()
        meeting = Meeting(process_id=process.id, held_at=rome_to_utc(day(-10), time(15, 0)))
        s.add(meeting)
        s.flush()
        s.add(
            ActionItem(
                meeting_id=meeting.id, description="Inviare la bozza", owner="Marco", due_on=day(-3)
            )
        )
        s.add(ActionItem(meeting_id=meeting.id, description="Mappare i servizi", due_on=day(4)))
        s.add(
            OrganizationDocument(
                organization_id=org.id, kind="durc", title="DURC", expires_on=day(-6)
            )
        )
        s.add(
            OrganizationDocument(
                organization_id=org.id, kind="other", title="Polizza", expires_on=day(3)
            )
        )
    home.refresh()
    late, soon = home.action_items.model.items()
    assert (late.title, late.badge_sub, late.tone) == ("Inviare la bozza", "late", Tone.OVERDUE)
    assert "Marco" in late.subtitle and "Patto per l'abitare" in late.subtitle
    assert (soon.badge_sub, soon.tone) == ("in 4 days", Tone.THIS_WEEK)
    expired, expiring = home.documents.model.items()
    assert (expired.title, expired.badge_sub, expired.tone) == ("DURC", "expired", Tone.OVERDUE)
    assert expired.subtitle == "Cooperativa sociale Il Germoglio"
    assert expiring.badge_sub == "in 3 days"
    assert home.deadlines.is_empty()


def test_nothing_due_shows_calm_messages(home: HomeView, context: AppContext) -> None:
    with context.db.transaction() as s:  # type: ignore[union-attr]
        f.organization(s, "APS Casa del Sociale")
    home.refresh()
    assert home.pages.currentWidget() is home.dashboard
    for panel in (home.deadlines, home.action_items, home.documents):
        assert panel.is_empty()
        assert panel.empty.text()
    assert not home.deadlines_card.count.isVisible()


def test_the_home_follows_data_changes(qtbot: Any, home: HomeView, context: AppContext) -> None:
    seed_deadlines(context.db)
    home.show()
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.dashboard)
    assert len(home.deadlines.model.items()) == 3
    with context.db.transaction() as s:  # type: ignore[union-attr]
        f.deadline(s, f.call(s, "Empori solidali"), day(5), owner="Giulia Ferraris")
    context.notify("deadlines")
    qtbot.waitUntil(lambda: len(home.deadlines.model.items()) == 4)


def test_a_hidden_home_reloads_when_shown(qtbot: Any, home: HomeView, context: AppContext) -> None:
    seed_deadlines(context.db)
    home.refresh()
    with context.db.transaction() as s:  # type: ignore[union-attr]
        f.deadline(s, f.call(s, "Empori solidali"), day(5))
    context.notify("*")
    assert home.is_stale()
    assert len(home.deadlines.model.items()) == 3
    home.show()
    qtbot.waitUntil(lambda: len(home.deadlines.model.items()) == 4)


def test_models_pass_the_model_tester(qtmodeltester: Any, home: HomeView, context: AppContext):
    seed_deadlines(context.db)
    home.refresh()
    qtmodeltester.check(home.deadlines.model)
    qtmodeltester.check(home.action_items.model)


# -- the welcome page ---------------------------------------------------------------------


def fake_loader(db: Any, *, progress: Any) -> str:
    """Stands in for the example data: two calls, one overdue, with progress reports."""
    with db.transaction() as s:
        progress(1, 3)
        c = f.call(s, "Welfare di comunità 2026", status=CallStatus.GO)
        progress(2, 3)
        f.deadline(s, c, day(-1), owner="Giulia Ferraris")
    progress(3, 3)
    return "two records"


def test_an_empty_database_shows_the_welcome_page(home: HomeView) -> None:
    home.refresh()
    assert home.pages.currentWidget() is home.welcome
    assert home.welcome.load_button.isEnabled()
    assert not home.welcome.progress.isVisible()


def test_the_load_button_fills_the_database_and_shows_the_dashboard(
    qtbot: Any, home: HomeView, context: AppContext
) -> None:
    home.welcome.loader = fake_loader
    home.show()
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.welcome)
    messages: list[str] = []
    kinds: list[str] = []
    context.status_message.connect(messages.append)
    context.data_changed.connect(kinds.append)
    with qtbot.waitSignal(home.welcome.loaded, timeout=10_000) as blocker:
        qtbot.mouseClick(home.welcome.load_button, Qt.MouseButton.LeftButton)
        assert not home.welcome.load_button.isEnabled()
        assert home.welcome.progress.isVisible()
    assert blocker.args == ["two records"]
    assert kinds == ["*"]
    assert messages[-1] == "The example data is loaded."
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.dashboard)
    [overdue] = groups(home.deadlines.model.entries())["Overdue deadlines"]
    assert overdue.side == "Giulia Ferraris"


def test_a_failed_load_says_why_in_one_sentence(
    qtbot: Any, home: HomeView, context: AppContext
) -> None:
    def broken(db: Any, *, progress: Any) -> None:
        raise OSError("disk full")

    home.welcome.loader = broken
    home.show()
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.welcome)
    qtbot.mouseClick(home.welcome.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.welcome.error.isVisible())
    assert home.welcome.error.text() == "The example data could not be loaded: disk full"
    assert home.welcome.load_button.isEnabled()
    assert not home.welcome.progress.isVisible()
    assert home.pages.currentWidget() is home.welcome


def test_example_data_refused_on_a_database_in_use(
    qtbot: Any, home: HomeView, context: AppContext
) -> None:
    demo = pytest.importorskip("grantdesk.services.demo")

    def refuse(db: Any, *, progress: Any) -> None:
        raise demo.DemoRefusedError("not empty")

    home.welcome.loader = refuse
    home.show()
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.welcome)
    set_language("it")
    home.welcome.load_example_data()
    qtbot.waitUntil(lambda: home.welcome.error.isVisible())
    assert home.welcome.error.text() == (
        "I dati di esempio non sono stati caricati perché questo database contiene già dei dati."
    )


def test_the_real_example_data_loads_in_the_background(
    qtbot: Any, home: HomeView, context: AppContext
) -> None:
    demo = pytest.importorskip("grantdesk.services.demo")
    if not hasattr(demo, "load_demo"):
        pytest.skip("the example data is not written yet")
    home.show()
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.welcome)
    messages: list[str] = []
    context.status_message.connect(messages.append)
    qtbot.mouseClick(home.welcome.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.dashboard, timeout=60_000)
    assert not context.db.is_empty()  # type: ignore[union-attr]
    assert home.figure_calls.value.text() not in {"", "0", "–"}
    assert messages[-1].startswith("The example data is loaded: ")
    assert home.deadlines.model.items()
