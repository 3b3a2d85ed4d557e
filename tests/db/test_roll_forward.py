"""Rolling a recurring call forward: next year's deadlines, once, in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import Deadline
from grantdesk.domain.dates import utc_to_rome
from grantdesk.domain.vocab import DeadlineKind
from grantdesk.services.recurrence import RollForwardError, roll_forward
from tests.helpers import factories as f

SESSIONS = "FREQ=YEARLY;BYMONTH=3,6,10;BYMONTHDAY=15"


def rows(db, call_id: int, year: int | None = None) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with db.reading() as s:
        found = s.scalars(
            select(Deadline).where(Deadline.call_id == call_id).order_by(Deadline.due_at)
        ).all()
        out = []
        for d in found:
            local = utc_to_rome(d.due_at)
            if year is None or local.year == year:
                out.append(
                    (
                        d.kind,
                        d.stage,
                        local.date(),
                        local.time().replace(tzinfo=None),
                        d.owner,
                        d.reminder_days,
                        d.done,
                    )
                )
        return out


def test_sessions_roll_forward_with_internal_review(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando ricorrente", recurrence=SESSIONS)
        f.deadline(s, c, date(2025, 6, 15), owner="Old")  # an older year is not the pattern
        f.deadline(
            s, c, date(2026, 3, 15), owner="Giulia", stage="Sessione 1", reminder_days=[21, 7]
        )
        f.deadline(s, c, date(2026, 6, 15), time(17, 0), owner="Marco", stage="Sessione 2")
        f.deadline(s, c, date(2026, 10, 15), stage="Sessione 3", done=True)
        f.deadline(s, c, date(2026, 3, 5), time(9, 30), kind=DeadlineKind.INTERNAL, owner="Giulia")
        call_id = c.id
    created = roll_forward(db, call_id, 2027)
    assert len(created) == 4
    assert rows(db, call_id, 2027) == [
        (DeadlineKind.INTERNAL, None, date(2027, 3, 5), time(9, 30), "Giulia", [14, 3], False),
        (
            DeadlineKind.APPLICATION,
            "Sessione 1",
            date(2027, 3, 15),
            time(12, 0),
            "Giulia",
            [21, 7],
            False,
        ),
        (
            DeadlineKind.APPLICATION,
            "Sessione 2",
            date(2027, 6, 15),
            time(17, 0),
            "Marco",
            [14, 3],
            False,
        ),
        (
            DeadlineKind.APPLICATION,
            "Sessione 3",
            date(2027, 10, 15),
            time(12, 0),
            None,
            [14, 3],
            False,
        ),
    ]
    # 15 March 2027 12:00 in Rome is 11:00 UTC; 15 June 17:00 is 15:00 UTC (summer time).
    with db.reading() as s:
        instants = set(s.scalars(select(Deadline.due_at).where(Deadline.id.in_(created))))
    assert datetime(2027, 3, 15, 11, 0, tzinfo=UTC) in instants
    assert datetime(2027, 6, 15, 15, 0, tzinfo=UTC) in instants


def test_running_twice_creates_nothing_new(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando", recurrence=SESSIONS)
        for month in (3, 6, 10):
            f.deadline(s, c, date(2026, month, 15))
        call_id = c.id
    first = roll_forward(db, call_id, 2027)
    assert len(first) == 3
    assert roll_forward(db, call_id, 2027) == []
    with db.reading() as s:
        assert s.scalar(select(func.count(Deadline.id))) == 6
    # The pattern for 2028 is now 2027, and 2028 builds on it.
    assert len(roll_forward(db, call_id, 2028)) == 3


def test_internal_review_across_new_year(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando di gennaio", recurrence="FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=20")
        f.deadline(s, c, date(2026, 1, 20), stage="Domanda")
        f.deadline(s, c, date(2025, 12, 22), time(10, 0), kind=DeadlineKind.INTERNAL)
        call_id = c.id
    created = roll_forward(db, call_id, 2027)
    assert len(created) == 2
    new = [r for r in rows(db, call_id) if r[2] > date(2026, 1, 20)]
    assert [(r[0], r[2], r[3]) for r in new] == [
        (DeadlineKind.INTERNAL, date(2026, 12, 22), time(10, 0)),
        (DeadlineKind.APPLICATION, date(2027, 1, 20), time(12, 0)),
    ]
    assert roll_forward(db, call_id, 2027) == []


def test_pre_application_keeps_its_distance(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando a due fasi", recurrence="FREQ=YEARLY;BYMONTH=5;BYDAY=1MO")
        f.deadline(s, c, date(2026, 5, 4))  # first Monday of May 2026
        f.deadline(s, c, date(2026, 4, 4), kind=DeadlineKind.PRE_APPLICATION)
        call_id = c.id
    roll_forward(db, call_id, 2027)
    assert [(r[0], r[2]) for r in rows(db, call_id, 2027)] == [
        (DeadlineKind.PRE_APPLICATION, date(2027, 4, 3)),
        (DeadlineKind.APPLICATION, date(2027, 5, 3)),  # first Monday of May 2027
    ]


def test_refuses_non_recurring_and_unknown_calls(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando unico")
        f.deadline(s, c, date(2026, 3, 15))
        empty = f.call(s, "Senza scadenze", recurrence=SESSIONS)
        broken = f.call(s, "Regola rotta", recurrence="FREQ=YEARLY;BYMONTH=13")
        f.deadline(s, broken, date(2026, 3, 15))
        ids = (c.id, empty.id, broken.id)
    with pytest.raises(RollForwardError, match="“Bando unico” is not a recurring call"):
        roll_forward(db, ids[0], 2027)
    with pytest.raises(RollForwardError, match="no deadlines before 2027"):
        roll_forward(db, ids[1], 2027)
    with pytest.raises(RollForwardError, match="out of range"):
        roll_forward(db, ids[2], 2027)
    with pytest.raises(RollForwardError, match="no call with id 999"):
        roll_forward(db, 999, 2027)
    with db.reading() as s:
        assert s.scalar(select(func.count(Deadline.id))) == 2


def test_no_date_in_target_year(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Ogni due anni", recurrence="FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYMONTHDAY=15")
        f.deadline(s, c, date(2026, 3, 15))
        call_id = c.id
    with pytest.raises(RollForwardError, match="gives no date in 2027"):
        roll_forward(db, call_id, 2027)
    assert len(roll_forward(db, call_id, 2028)) == 1


def test_29_february_is_skipped_in_common_years(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Fine mese", recurrence="FREQ=YEARLY;BYMONTH=2,3;BYMONTHDAY=29")
        f.deadline(s, c, date(2028, 2, 29))
        f.deadline(s, c, date(2028, 3, 29))
        call_id = c.id
    roll_forward(db, call_id, 2029)
    assert [r[2] for r in rows(db, call_id, 2029)] == [date(2029, 3, 29)]
