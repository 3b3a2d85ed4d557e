"""Rolling a recurring call forward from the GUI: the plan shown, the command, its undo."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from sqlalchemy import select

from grantdesk.db.models import Deadline
from grantdesk.domain.dates import utc_to_rome
from grantdesk.domain.vocab import DeadlineKind
from grantdesk.i18n import set_language
from grantdesk.ui import roll_forward as rf
from grantdesk.ui.context import AppContext
from tests.helpers import factories as f

SESSIONS = "FREQ=YEARLY;BYMONTH=3,6,10;BYMONTHDAY=15"


@pytest.fixture
def call_id(context: AppContext) -> int:
    assert context.db is not None
    with context.db.transaction() as s:
        c = f.call(s, "Bando ricorrente", recurrence=SESSIONS)
        f.deadline(s, c, date(2026, 3, 15), owner="Giulia", stage="Sessione 1")
        f.deadline(s, c, date(2026, 6, 15), time(17, 0), owner="Marco", stage="Sessione 2")
        f.deadline(s, c, date(2026, 3, 5), time(9, 30), kind=DeadlineKind.INTERNAL)
        return int(c.id)


def days(context: AppContext, year: int) -> list[date]:
    assert context.db is not None
    with context.db.reading() as s:
        found = s.scalars(select(Deadline.due_at).order_by(Deadline.due_at)).all()
    return [utc_to_rome(d).date() for d in found if utc_to_rome(d).year == year]


def test_preview_lists_the_dates_in_rome_time_and_italian_format(
    context: AppContext, call_id: int
) -> None:
    set_language("it")
    shown = rf.preview(context, call_id)
    assert shown.year == 2027
    assert [(line.when, line.stage, line.owner) for line in shown.lines] == [
        ("05/03/2027 09:30", "", ""),
        ("15/03/2027 12:00", "Sessione 1", "Giulia"),
        ("15/06/2027 17:00", "Sessione 2", "Marco"),
    ]
    assert shown.lines[0].kind == DeadlineKind.INTERNAL.label


def test_confirmed_roll_forward_is_undone_and_redone(
    qtbot: Any, context: AppContext, call_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[rf.RollForwardDialog] = []

    def accept(dialog: rf.RollForwardDialog) -> int:
        seen.append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(rf.RollForwardDialog, "exec", accept)
    parent = QWidget()
    qtbot.addWidget(parent)
    kinds: list[str] = []
    context.data_changed.connect(kinds.append)
    command = rf.offer_roll_forward(parent, context, call_id)
    assert command is not None
    assert seen[0].rows == 3
    assert "Sessione 2" in seen[0].table.text()
    assert seen[0].create_button.text() == "Create 3 deadlines"
    assert days(context, 2027) == [date(2027, 3, 5), date(2027, 3, 15), date(2027, 6, 15)]
    assert "deadlines" in kinds
    assert context.undo_stack.count() == 1
    created = list(command.created)
    context.undo_stack.undo()
    assert days(context, 2027) == []
    assert days(context, 2026) == [date(2026, 3, 5), date(2026, 3, 15), date(2026, 6, 15)]
    context.undo_stack.redo()
    assert days(context, 2027) == [date(2027, 3, 5), date(2027, 3, 15), date(2027, 6, 15)]
    assert len(command.created) == len(created) == 3  # new rows (SQLite may reuse ids)
    context.undo_stack.undo()
    assert days(context, 2027) == []


def test_undo_refuses_when_a_created_deadline_was_edited(
    qtbot: Any, context: AppContext, call_id: int
) -> None:
    errors: list[str] = []
    context.undo_stack.push(rf.RollForwardCommand(context, call_id, 2027, "Bando", errors.append))
    assert context.db is not None
    with context.db.transaction() as s:
        first = s.scalars(select(Deadline).where(Deadline.due_at >= utc_to_rome_start())).first()
        first.notes = "edited on another desk"
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert errors == [
        "These deadlines were changed or deleted meanwhile: nothing has been deleted."
    ]
    assert len(days(context, 2027)) == 3
    assert context.undo_stack.count() == 0


def utc_to_rome_start() -> Any:
    from grantdesk.domain.dates import rome_to_utc

    return rome_to_utc(date(2027, 1, 1), time(0, 0))


def test_nothing_to_create_or_not_recurring_says_so_without_a_command(
    qtbot: Any, context: AppContext, call_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a: told.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda p, t, text, *a: told.append(text))
    assert context.db is not None
    with context.db.transaction() as s:
        plain = f.call(s, "Bando una tantum")
        plain_id = plain.id
    parent = QWidget()
    qtbot.addWidget(parent)
    assert rf.offer_roll_forward(parent, context, plain_id) is None
    assert "is not a recurring call" in told[-1]
    context.undo_stack.push(rf.RollForwardCommand(context, call_id, 2027, "Bando", told.append))
    assert rf.offer_roll_forward(parent, context, call_id, 2027) is None
    assert told[-1] == "“Bando ricorrente” already has its 2027 deadlines: nothing to create."
    assert context.undo_stack.count() == 1
