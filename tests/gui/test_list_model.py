"""The generic list model: Qt's model rules, lazy pages, SQL sort and search, roles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from grantdesk.db.models import CoDesignProcess, Organization
from grantdesk.domain.vocab import CallStatus, CoDesignStatus, FundingSource, LegalForm
from grantdesk.i18n import set_language
from grantdesk.services.listing import KINDS
from grantdesk.ui.models import (
    PAGE_SIZE,
    RAW_VALUE_ROLE,
    RECORD_ID_ROLE,
    STATUS_CODE_ROLE,
    STATUS_COLOUR_ROLE,
    RecordListModel,
)
from tests.helpers import factories as f

ROOT = QModelIndex()


@pytest.fixture
def few(db: Any) -> Any:
    """A handful of records of every kind, with accents and money."""
    with db.transaction() as s:
        call = f.call(
            s,
            "Contrasto alla povertà educativa",
            code="POV-26",
            max_grant=Decimal("80000"),
            status=CallStatus.GO,
        )
        f.call(s, "Welfare di comunità", code="WEL-26", funder="Fondazione Vigevano")
        lead = f.organization(s, "Università del Volontariato", LegalForm.ODV, volunteers=1200)
        partner = f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        f.proposal(
            s,
            "Quartieri in rete",
            call,
            lead,
            lines=[("personnel", "1", "1234.56", FundingSource.REQUESTED_GRANT)],
            partners=[partner],
            acronym="QIR",
        )
        s.add(
            CoDesignProcess(
                title="Patto di comunità Ravenna",
                promoter=lead,
                cup="C44D25802172214",
                budget=Decimal("480000"),
                status=CoDesignStatus.TABLES,
            )
        )
    return db


@pytest.fixture
def thousand(sqlite_db: Any) -> Any:
    """1,000 organizations: enough for five pages."""
    with sqlite_db.transaction() as s:
        s.add_all(
            Organization(
                name=f"Associazione {i:04d}",
                legal_form=LegalForm.APS,
                municipality="Ravenna" if i % 10 == 0 else "Vigevano",
                volunteers=i,
            )
            for i in range(1000)
        )
    return sqlite_db


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_follows_qts_model_rules(qtmodeltester: Any, few: Any, kind: str) -> None:
    model = RecordListModel(kind)
    qtmodeltester.check(model)  # no database yet: no columns, no rows
    model.set_database(few)
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    model.set_search("zzz nothing")
    qtmodeltester.check(model)


def test_rows_are_fetched_a_page_at_a_time(thousand: Any, qtmodeltester: Any) -> None:
    model = RecordListModel("organizations")
    model.set_database(thousand)
    assert model.total == 1000
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(ROOT)
    model.fetchMore(ROOT)
    assert model.rowCount() == 2 * PAGE_SIZE
    while model.canFetchMore(ROOT):
        model.fetchMore(ROOT)
    assert model.rowCount() == 1000
    ids = [model.index(r, 0).data(RECORD_ID_ROLE) for r in range(1000)]
    assert len(set(ids)) == 1000  # every record once, none twice across pages
    qtmodeltester.check(model)


def test_reload_keeps_the_pages_already_loaded(thousand: Any) -> None:
    model = RecordListModel("organizations")
    model.set_database(thousand)
    model.fetchMore(ROOT)
    model.reload()
    assert model.rowCount() == 2 * PAGE_SIZE


def test_sorting_happens_in_sql_over_every_row(thousand: Any) -> None:
    model = RecordListModel("organizations")
    model.set_database(thousand)
    name = model.column_index("name")
    volunteers = model.column_index("volunteers")
    assert model.index(0, name).data() == "Associazione 0000"
    model.sort(name, Qt.SortOrder.DescendingOrder)
    assert model.index(0, name).data() == "Associazione 0999"  # not among the first page
    assert model.rowCount() == PAGE_SIZE
    model.sort(volunteers, Qt.SortOrder.DescendingOrder)
    assert model.index(0, volunteers).data(RAW_VALUE_ROLE) == 999
    assert model.sort_column == volunteers
    assert model.sort_order == Qt.SortOrder.DescendingOrder


def test_search_filters_in_sql_and_resets(thousand: Any, qtbot: Any) -> None:
    model = RecordListModel("organizations")
    model.set_database(thousand)
    with qtbot.waitSignal(model.modelReset):
        model.set_search("ravenna")
    assert model.total == 100
    assert model.rowCount() == 100
    assert not model.canFetchMore(ROOT)
    model.set_search("")
    assert model.total == 1000


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("poverta", {"Contrasto alla povertà educativa"}),  # accents ignored
        ("COMUNITÀ", {"Welfare di comunità"}),
        ("vigevano", {"Welfare di comunità"}),  # the funder's name
        ("povertà welfare", set()),  # every word must match
    ],
)
def test_search_on_calls(few: Any, query: str, titles: set[str]) -> None:
    model = RecordListModel("calls")
    model.set_database(few)
    model.set_search(query)
    title = model.column_index("title")
    assert {model.index(r, title).data() for r in range(model.rowCount())} == titles


def test_values_are_shown_italian_style_and_aligned(few: Any) -> None:
    set_language("it")
    model = RecordListModel("calls")
    model.set_database(few)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "POV-26")
    grant = model.index(row, model.column_index("max_grant"))
    status = model.index(row, model.column_index("status"))
    assert grant.data() == "€ 80.000,00"
    assert grant.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(row, 1).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignLeft
    assert status.data() == CallStatus.GO.label
    assert status.data(STATUS_CODE_ROLE) == "go"
    assert isinstance(status.data(STATUS_COLOUR_ROLE), QColor)
    assert isinstance(status.data(Qt.ItemDataRole.ForegroundRole), QColor)
    assert grant.data(STATUS_COLOUR_ROLE) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) in {"Titolo", "Title"}


def test_row_for_id_finds_loaded_records(few: Any) -> None:
    model = RecordListModel("organizations")
    model.set_database(few)
    for row in range(model.rowCount()):
        record_id = model.index(row, 0).data(RECORD_ID_ROLE)
        assert model.row_for_id(record_id) == row
        assert model.record_id(row) == record_id
    assert model.row_for_id(987654) == -1
    assert model.record_id(99) is None


def test_a_database_failure_empties_the_list_and_says_why(few: Any, qtbot: Any) -> None:
    model = RecordListModel("calls")
    model.set_database(few)
    few.engine.dispose()
    few.sessions.configure(bind=None)  # every query now fails
    with qtbot.waitSignal(model.failed) as failure:
        model.reload()
    assert model.rowCount() == 0
    assert failure.args[0]


def test_a_search_lists_the_best_matches_first_until_a_column_is_chosen(db: Any) -> None:
    with db.transaction() as s:
        f.call(s, "Avviso generico per il territorio", description="Spazio anche agli anziani soli")
        f.call(s, "Zattere: anziani e comunità", code="ZAT")
    model = RecordListModel("calls")
    model.set_database(db)
    title = model.column_index("title")
    model.set_search("anziani")
    ranked = [model.index(r, title).data() for r in range(model.rowCount())]
    assert ranked[0].startswith("Zattere")  # a title match outranks a description match
    model.sort(title, Qt.SortOrder.DescendingOrder)
    chosen = [model.index(r, title).data() for r in range(model.rowCount())]
    assert chosen == sorted(chosen, reverse=True)
