"""The Proposals list's PDF button: the selected application, or one per listed proposal."""

from __future__ import annotations

from typing import Any

import pytest

from grantdesk.ui.context import AppContext
from grantdesk.ui.views.records import RecordsView
from tests.helpers import factories as f


@pytest.fixture
def view(context: AppContext, qtbot: Any) -> RecordsView:
    assert context.db is not None
    with context.db.transaction() as s:
        c = f.call(s, "Welfare di comunità")
        f.proposal(s, "Rete di quartiere", c, None)
        f.proposal(s, "Anziani connessi", c, None)
        f.proposal(s, "Orti condivisi", c, None)
    shown = RecordsView(context, "proposals")
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.model.total == 3)
    return shown


def test_the_selected_proposal_goes_to_the_application_preview(
    view: RecordsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(
        "grantdesk.ui.application_export.export_application",
        lambda parent, context, proposal_id: asked.append(proposal_id),
    )
    toolbar = view.proposal_toolbar
    view.table.clearSelection()
    toolbar.update_state()
    assert not toolbar.pdf_one.isEnabled()
    view.select_first()
    assert toolbar.pdf_one.isEnabled()
    toolbar.pdf_action.trigger()  # Ctrl+P
    assert asked == [view.current_id()]


def test_every_listed_proposal_goes_to_the_batch_honouring_the_search(
    view: RecordsView, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[list[int]] = []
    monkeypatch.setattr(
        "grantdesk.ui.application_export.export_applications",
        lambda parent, context, ids: batches.append(sorted(ids)),
    )
    toolbar = view.proposal_toolbar
    toolbar.pdf_listed.trigger()
    assert len(batches[0]) == 3
    view.set_search("anziani")
    qtbot.waitUntil(lambda: view.model.total == 1)
    toolbar.pdf_listed.trigger()
    assert len(batches[1]) == 1
