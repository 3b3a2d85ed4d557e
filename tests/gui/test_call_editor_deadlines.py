"""The call editor's Deadlines and Cost caps tabs: typed Italian-style, checked, undoable."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from grantdesk.db.models import CallRule, Deadline
from grantdesk.domain.dates import rome_to_utc
from grantdesk.services.call_editing import load_form
from grantdesk.ui.call_editor import CAPS, DEADLINES, CallEditorDialog
from grantdesk.ui.context import AppContext
from grantdesk.ui.deadlines_table import AT, DAY, DONE, KIND, OWNER, REMINDERS, STAGE
from tests.helpers import factories as f


def _call_with_deadline(context: AppContext) -> int:
    assert context.db is not None
    with context.db.transaction() as s:
        c = f.call(s, "Invecchiamento attivo", code="INV-27")
        # Friday 2 April 2027: the review five days before falls on a Saturday → Friday.
        f.deadline(s, c, date(2027, 4, 2), time(17, 0), stage="Domanda", owner="Giulia")
        return c.id


def _deadlines(context: AppContext) -> list[tuple[str, Any, str | None]]:
    assert context.db is not None
    with context.db.reading() as s:
        return [
            (d.kind.value, d.due_at, d.stage)
            for d in s.scalars(select(Deadline).order_by(Deadline.due_at))
        ]


def _set(dialog: CallEditorDialog, row: int, column: int, text: str) -> None:
    item = dialog.deadlines.item(row, column)
    assert item is not None
    item.setText(text)


def test_a_deadline_added_in_the_editor_is_saved_in_rome_time_and_undone(
    context: AppContext, qtbot: Any
) -> None:
    call_id = _call_with_deadline(context)
    dialog = CallEditorDialog(context, call_id)
    qtbot.addWidget(dialog)
    table = dialog.deadlines
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (KIND, STAGE, DAY, AT, OWNER, REMINDERS)] == [
        "Application",
        "Domanda",
        "2027-04-02",  # English in tests; Italian shows 02/04/2027
        "17:00",
        "Giulia",
        "14, 3",
    ]
    dialog.deadline_buttons.add.click()
    assert table.rowCount() == 2
    assert "Row 2: give the date" in dialog.errors()["deadlines"]
    assert not dialog.save_button.isEnabled()
    _set(dialog, 1, DAY, "31/12/2027")  # day-first, as Italians type it
    _set(dialog, 1, AT, "12.00")
    _set(dialog, 1, STAGE, "Rendicontazione finale")
    _set(dialog, 1, OWNER, "Marco")
    _set(dialog, 1, REMINDERS, "30, 7")
    table.item(1, KIND).setData(Qt.ItemDataRole.UserRole, "report")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()

    assert _deadlines(context) == [
        ("application", rome_to_utc(date(2027, 4, 2), time(17, 0)), "Domanda"),
        ("report", rome_to_utc(date(2027, 12, 31), time(12, 0)), "Rendicontazione finale"),
    ]
    assert context.db is not None
    with context.db.reading() as s:
        report = s.scalars(select(Deadline).where(Deadline.stage.like("Rend%"))).one()
        assert (report.owner, report.reminder_days) == ("Marco", [30, 7])
    context.undo_stack.undo()
    assert [d[2] for d in _deadlines(context)] == ["Domanda"]
    context.undo_stack.redo()
    assert [d[2] for d in _deadlines(context)] == ["Domanda", "Rendicontazione finale"]


def test_a_removed_deadline_comes_back_with_undo(context: AppContext, qtbot: Any) -> None:
    call_id = _call_with_deadline(context)
    dialog = CallEditorDialog(context, call_id)
    qtbot.addWidget(dialog)
    dialog.deadlines.selectRow(0)
    assert dialog.deadline_buttons.remove.isEnabled()
    dialog.deadline_buttons.remove.click()
    dialog.save_button.click()
    assert _deadlines(context) == []
    context.undo_stack.undo()
    assert _deadlines(context) == [
        ("application", rome_to_utc(date(2027, 4, 2), time(17, 0)), "Domanda")
    ]
    assert context.db is not None
    assert load_form(context.db, call_id)[0].deadlines[0].owner == "Giulia"


def test_an_impossible_date_is_named_by_row_and_the_tab_turns_red(
    context: AppContext, qtbot: Any
) -> None:
    call_id = _call_with_deadline(context)
    dialog = CallEditorDialog(context, call_id)
    qtbot.addWidget(dialog)
    dialog.show()
    _set(dialog, 0, DAY, "31/02/2027")
    error = dialog._errors["deadlines"]
    assert error.text() == "Row 1: “31/02/2027” is not a date (dd/mm/yyyy)."
    assert not dialog.save_button.isEnabled()
    bar = dialog.tabs.tabBar()
    assert bar.tabTextColor(DEADLINES).name() == "#b3261e"
    dialog.tabs.setCurrentIndex(DEADLINES)
    assert error.isVisible()
    _set(dialog, 0, DAY, "28/02/2027")
    assert dialog.save_button.isEnabled()
    assert not error.isVisible()


def test_the_internal_review_goes_to_the_working_day_before(
    context: AppContext, qtbot: Any
) -> None:
    call_id = _call_with_deadline(context)
    dialog = CallEditorDialog(context, call_id)
    qtbot.addWidget(dialog)
    buttons = dialog.deadline_buttons
    dialog.deadlines.clearSelection()
    buttons.update_enabled()
    assert not buttons.review.isEnabled()
    dialog.deadlines.selectRow(0)
    assert buttons.review.isEnabled()
    buttons.review.click()
    entries, problem = dialog.deadlines.read()
    assert problem == ""
    review = entries[1]
    # 2 April 2027 − 5 days = Saturday 27 March → Friday 26 March.
    assert (review.kind, review.day, review.stage, review.owner, review.reminder_days) == (
        "internal",
        date(2027, 3, 26),
        "Internal review: Domanda",
        "Giulia",
        (3,),
    )
    dialog.deadlines.selectRow(1)  # an internal date gets no review of its own
    assert not buttons.review.isEnabled()


def test_ticking_done_is_saved(context: AppContext, qtbot: Any) -> None:
    call_id = _call_with_deadline(context)
    dialog = CallEditorDialog(context, call_id)
    qtbot.addWidget(dialog)
    dialog.deadlines.item(0, DONE).setCheckState(Qt.CheckState.Checked)
    dialog.save_button.click()
    assert context.db is not None
    with context.db.reading() as s:
        assert s.scalars(select(Deadline.done)).one() is True


def test_category_caps_are_edited_saved_and_undone(context: AppContext, qtbot: Any) -> None:
    call_id = _call_with_deadline(context)
    dialog = CallEditorDialog(context, call_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(CAPS)
    caps = dialog.caps
    dialog.cap_buttons.add.click()
    caps.item(0, 0).setText("Overheads")
    assert dialog.errors()["caps"] == "Row 1: give a percentage, an amount or both."
    caps.item(0, 1).setText("10")
    assert caps.item(0, 1).text() == "10 %"
    dialog.cap_buttons.add.click()
    caps.item(1, 0).setText("Fideiussioni")
    caps.item(1, 2).setText("5000")
    assert caps.item(1, 2).text() == "€5,000.00"
    caps.item(1, 1).setText("dieci")
    assert dialog.errors()["caps"] == "Row 2: write the percentage like 12.5."
    caps.item(1, 1).setText("")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert context.db is not None

    def rules() -> list[tuple[str | None, Decimal | None, Decimal | None]]:
        assert context.db is not None
        with context.db.reading() as s:
            return sorted(
                (r.scope, r.limit_pct, r.limit_amount) for r in s.scalars(select(CallRule))
            )

    assert rules() == [
        ("Fideiussioni", None, Decimal("5000.00")),
        ("overheads", Decimal("10.00"), None),
    ]
    context.undo_stack.undo()
    assert rules() == []
    again = CallEditorDialog(context, call_id)
    qtbot.addWidget(again)
    assert again.caps.rowCount() == 0
