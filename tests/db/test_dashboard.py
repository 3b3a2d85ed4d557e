"""What is due: urgency buckets in Rome days, attached proposals, pipeline figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from grantdesk.db.models import Deadline
from grantdesk.domain.vocab import FundingSource, ProposalStatus
from grantdesk.services import dashboard
from grantdesk.services.dashboard import Urgency
from tests.helpers import factories as f

TODAY = date(2026, 11, 18)  # a Wednesday


def test_upcoming_buckets_and_proposals(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Welfare di comunità", funder="Fondazione Vigevano")
        lead = f.organization(s, "Auser Vigevano")
        f.proposal(s, "Case del Sociale", c, lead, acronym="CDS", status=ProposalStatus.DRAFTING)
        f.proposal(s, "Vecchio", c, lead, acronym="OLD", status=ProposalStatus.REJECTED)
        f.deadline(s, c, TODAY - timedelta(days=2), owner="Giulia Ferraris")
        f.deadline(s, c, TODAY + timedelta(days=4), owner="Marco Bellini")  # Sunday
        f.deadline(s, c, TODAY + timedelta(days=5))  # next Monday: within seven days
        f.deadline(s, c, TODAY + timedelta(days=8))
        f.deadline(s, c, TODAY + timedelta(days=90))
        done = f.deadline(s, c, TODAY + timedelta(days=1))
        done.done = True
    items = dashboard.upcoming(db, TODAY)
    assert [i.urgency for i in items] == [
        Urgency.OVERDUE,
        Urgency.THIS_WEEK,
        Urgency.THIS_WEEK,
        Urgency.THIS_MONTH,
    ]
    assert items[0].owner == "Giulia Ferraris" and items[0].days_left == -2
    assert items[0].proposals == ("CDS",)
    assert items[0].funder == "Fondazione Vigevano"


def test_rome_day_decides_not_utc_day(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando")
        s.add(
            Deadline(call=c, kind="application", due_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
        )
    march = dashboard.deadlines_between(db, date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 1))
    april = dashboard.deadlines_between(db, date(2026, 4, 1), date(2026, 4, 30), date(2026, 3, 1))
    assert march == [] and len(april) == 1


def test_filters_by_owner_and_funder(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        a = f.call(s, "A", funder="Regione Emilia-Romagna")
        b = f.call(s, "B", funder="Fondazione Cariplo")
        f.deadline(s, a, TODAY, time(9, 0), owner="Giulia")
        f.deadline(s, b, TODAY, owner="Marco")
        funder_b = b.funder_id
    everything = dashboard.deadlines_between(db, TODAY, TODAY, TODAY)
    assert [i.title for i in everything] == ["A", "B"]
    assert [
        i.title for i in dashboard.deadlines_between(db, TODAY, TODAY, TODAY, owner="Marco")
    ] == ["B"]
    only_b = dashboard.deadlines_between(db, TODAY, TODAY, TODAY, funder_id=funder_b)
    assert [i.title for i in only_b] == ["B"]
    assert dashboard.owners(db) == ["Giulia", "Marco"]


def test_pipeline_and_results_by_funder(db) -> None:  # type: ignore[no-untyped-def]
    grant = [("services", "1", "1000.00", FundingSource.REQUESTED_GRANT)]
    with db.transaction() as s:
        c = f.call(s, "Bando", funder="Fondazione Vigevano")
        lead = f.organization(s, "ODV")
        f.proposal(
            s,
            "Won",
            c,
            lead,
            grant,
            status=ProposalStatus.AWARDED,
            submitted_on=date(2026, 2, 1),
            awarded_amount=Decimal("800.00"),
        )
        f.proposal(
            s, "Lost", c, lead, grant, status=ProposalStatus.REJECTED, submitted_on=date(2026, 3, 1)
        )
        f.proposal(s, "Draft", c, lead, grant, status=ProposalStatus.DRAFTING)
        f.proposal(
            s, "Old", c, lead, grant, status=ProposalStatus.CLOSED, submitted_on=date(2024, 3, 1)
        )
    counts = {p.status: (p.proposals, p.requested) for p in dashboard.pipeline(db)}
    assert counts[ProposalStatus.AWARDED] == (1, Decimal("1000.00"))
    assert counts[ProposalStatus.IDEA] == (0, Decimal("0.00"))
    (row,) = dashboard.results_by_funder(db, 2026)
    assert (row.submitted, row.awarded, row.requested, row.obtained) == (
        2,
        1,
        Decimal("2000.00"),
        Decimal("800.00"),
    )
    assert row.success_rate == Decimal(50)
    assert dashboard.results_by_funder(db)[0].submitted == 3
    assert dashboard.overview(db).requested_open == Decimal("1000.00")


def test_proposal_and_codesign_deadlines_carry_their_titles(db) -> None:  # type: ignore[no-untyped-def]
    from grantdesk.db.models import CoDesignProcess
    from grantdesk.domain.vocab import DeadlineKind

    with db.transaction() as s:
        c = f.call(s, "Bando povertà", funder="Fondazione Vigevano")
        p = f.proposal(s, "Case del Sociale", c, None, acronym="CDS", status=ProposalStatus.RUNNING)
        process = CoDesignProcess(title="Accordo contro la povertà")
        s.add(process)
        s.flush()
        s.add(
            Deadline(proposal=p, kind=DeadlineKind.REPORT, due_at=f.rome_to_utc(TODAY, time(12, 0)))
        )
        s.add(
            Deadline(
                codesign=process,
                kind=DeadlineKind.INTERNAL,
                due_at=f.rome_to_utc(TODAY, time(9, 0)),
            )
        )
    items = dashboard.upcoming(db, TODAY)
    assert [(i.title, i.funder, i.proposals) for i in items] == [
        ("Accordo contro la povertà", "", ()),
        ("Case del Sociale", "Fondazione Vigevano", ("CDS",)),
    ]


def test_a_deadline_must_belong_to_something(db) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(Deadline(kind="internal", due_at=datetime(2026, 1, 1, tzinfo=UTC)))


def test_submission_years_and_done_flag(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando")
        f.proposal(s, "A", c, None, status=ProposalStatus.AWARDED, submitted_on=date(2025, 5, 2))
        f.proposal(s, "B", c, None, status=ProposalStatus.REJECTED, submitted_on=date(2026, 1, 9))
        f.proposal(s, "C", c, None, status=ProposalStatus.DRAFTING, submitted_on=date(2024, 1, 9))
        f.deadline(s, c, TODAY, done=True)
    assert dashboard.submission_years(db) == [2026, 2025]
    (item,) = dashboard.deadlines_between(db, TODAY, TODAY, TODAY)
    assert item.done and item.call_id is not None and item.proposal_id is None
