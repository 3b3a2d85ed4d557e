"""Co-design in pure Python: the CUP, the step pipeline, commitment totals and progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grantdesk.domain.codesign import (
    STEPS,
    CommitmentTotals,
    Pledge,
    Sector,
    StepFacts,
    commitment_totals,
    cup_problem,
    cup_year,
    date_order_problems,
    indicator_progress,
    is_valid_cup,
    normalize_cup,
    notice_warning,
    reached,
    sector_of,
    step_dates,
    step_gaps,
)
from grantdesk.domain.money import round_cents
from grantdesk.domain.vocab import CoDesignStatus, CommitmentKind, LegalForm

S = CoDesignStatus

# -- the CUP ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "C11G06000000001",  # the CIPE's example
        "G17H03000130001",  # the CUP user manual's
        "J51B21005930006",  # a PNRR project
        "c11g06000000001",  # typed in lower case
        "C11 G06 000000001",  # spaced for reading
        "C11-G06-000000001",
    ],
)
def test_well_formed_cups_pass(code: str) -> None:
    assert cup_problem(code) is None
    assert is_valid_cup(code)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("C11G0600000000", "15 characters; this one has 14"),
        ("C11G060000000012", "this one has 16"),
        ("111G06000000001", "letter, two digits, letter"),
        ("C1AG06000000001", "letter, two digits, letter"),
        ("C111060000000001"[:15], "letter, two digits, letter"),
        ("C11G06A00000001", "eleven digits"),
        ("C11G06€00000001", "only letters and digits"),
        ("C11G06_00000001", "only letters and digits"),
    ],
)
def test_malformed_cups_say_why(code: str, words: str) -> None:
    problem = cup_problem(code)
    assert problem is not None and words in problem
    assert not is_valid_cup(code)


def test_an_empty_cup_is_no_problem_but_not_valid() -> None:
    assert cup_problem("  ") is None
    assert not is_valid_cup("")


def test_cup_year_reads_characters_five_and_six() -> None:
    assert cup_year("C11G06000000001") == 2006
    assert cup_year("J51B21005930006") == 2021
    assert cup_year("not a cup") is None
    assert normalize_cup(" c11 g06-000000001 ") == "C11G06000000001"


@given(
    st.from_regex(r"\A[A-Z][0-9]{2}[A-Z][0-9]{11}\Z"),
)
def test_every_code_of_the_layout_is_valid_and_round_trips(code: str) -> None:
    assert is_valid_cup(code)
    assert cup_year(code) == 2000 + int(code[4:6])
    spaced = " ".join(code[i : i + 3] for i in range(0, 15, 3)).lower()
    assert normalize_cup(spaced) == code


# -- the steps ------------------------------------------------------------------------------


def test_steps_are_in_pipeline_order() -> None:
    assert STEPS[0] is S.DECISION and STEPS[-1] is S.CLOSED
    assert reached(S.MONITORING, S.TABLES) and not reached(S.TABLES, S.MONITORING)
    assert reached(S.EVALUATION, S.EVALUATION)


def test_a_decision_needs_nothing() -> None:
    assert step_gaps(S.DECISION, StepFacts()) == []


def test_dates_are_required_cumulatively_and_block() -> None:
    gaps = step_gaps(S.APPROVAL, StepFacts())
    blocking = [g.field for g in gaps if g.blocking]
    assert blocking == ["notice_published_on", "applications_due_on", "approved_on"]
    assert {g.step for g in gaps if not g.blocking} == {S.EVALUATION, S.APPROVAL}


def test_records_are_open_points_not_refusals() -> None:
    facts = StepFacts(
        notice_published_on=date(2026, 1, 10),
        applications_due_on=date(2026, 2, 10),
        approved_on=date(2026, 4, 1),
        agreement_signed_on=date(2026, 5, 1),
        applications=3,
        admitted=1,
        pending=2,
    )
    gaps = step_gaps(S.MONITORING, facts)
    assert all(not g.blocking for g in gaps)
    messages = " ".join(g.message for g in gaps)
    assert "2 applications still to admit or exclude" in messages
    assert "No co-design meeting" in messages
    assert "No commitment" in messages
    assert "No monitoring indicator" in messages


def test_a_complete_process_has_no_gaps() -> None:
    facts = StepFacts(
        decided_on=date(2025, 11, 1),
        notice_published_on=date(2025, 12, 1),
        applications_due_on=date(2026, 1, 10),
        approved_on=date(2026, 3, 1),
        agreement_signed_on=date(2026, 4, 1),
        closed_on=date(2027, 4, 1),
        applications=5,
        admitted=4,
        meetings=3,
        commitments=7,
        indicators=2,
    )
    assert step_gaps(S.CLOSED, facts) == []
    assert date_order_problems(facts) == {}
    assert notice_warning(facts) is None


def test_dates_out_of_order_name_the_later_field() -> None:
    facts = StepFacts(notice_published_on=date(2026, 2, 1), applications_due_on=date(2026, 1, 20))
    assert list(date_order_problems(facts)) == ["applications_due_on"]


def test_a_short_notice_is_a_warning() -> None:
    facts = StepFacts(notice_published_on=date(2026, 2, 1), applications_due_on=date(2026, 2, 13))
    warning = notice_warning(facts)
    assert warning is not None and "12 days" in warning


def test_step_dates_fill_the_steps_without_their_own_date() -> None:
    facts = StepFacts(
        applications_due_on=date(2026, 2, 10),
        first_meeting_on=date(2026, 3, 3),
        first_measurement_on=date(2026, 7, 1),
    )
    dates = dict(step_dates(facts))
    assert dates[S.EVALUATION] == date(2026, 2, 10)
    assert dates[S.TABLES] == date(2026, 3, 3)
    assert dates[S.MONITORING] == date(2026, 7, 1)
    assert dates[S.CLOSED] is None


# -- commitments ---------------------------------------------------------------------------


def test_sectors_follow_the_legal_form() -> None:
    assert sector_of(LegalForm.MUNICIPALITY) is Sector.PUBLIC
    assert sector_of(LegalForm.SCHOOL) is Sector.PUBLIC
    assert sector_of(LegalForm.ODV) is Sector.THIRD_SECTOR
    assert sector_of(LegalForm.SOCIAL_ENTERPRISE) is Sector.THIRD_SECTOR
    assert sector_of(LegalForm.PARISH) is Sector.OTHER
    assert sector_of(LegalForm.OTHER) is Sector.OTHER


def test_totals_of_the_reno_galliera_pledges() -> None:
    pledges = [
        Pledge(
            1,
            "Unione Reno Galliera",
            Sector.PUBLIC,
            CommitmentKind.MONEY,
            Decimal(1),
            Decimal("120000"),
        ),
        Pledge(
            2,
            "Azienda USL",
            Sector.PUBLIC,
            CommitmentKind.STAFF_HOURS,
            Decimal(600),
            Decimal("32.50"),
        ),
        Pledge(
            3,
            "Diritti al Cuore ODV",
            Sector.THIRD_SECTOR,
            CommitmentKind.VOLUNTEER_HOURS,
            Decimal(1200),
            Decimal(15),
        ),
        Pledge(4, "Sindacati", Sector.OTHER, CommitmentKind.SERVICES, Decimal(48), Decimal(80)),
        Pledge(
            3,
            "Diritti al Cuore ODV",
            Sector.THIRD_SECTOR,
            CommitmentKind.GOODS,
            Decimal("2.5"),
            Decimal("0.15"),
        ),
    ]
    totals = commitment_totals(pledges)
    assert totals.total == Decimal("161340.38")  # 2,5 × 0,15 = 0,375 → 0,38
    assert totals.by_body[3] == Decimal("18000.38")
    assert list(totals.by_body) == [1, 2, 3, 4]
    assert totals.by_sector[Sector.PUBLIC] == Decimal("139500.00")
    assert totals.by_kind[CommitmentKind.SPACES] == 0
    assert totals.public_share is not None and round(totals.public_share, 2) == Decimal("86.46")
    assert totals.count == 5


def test_no_pledges_no_shares() -> None:
    totals = commitment_totals([])
    assert totals.total == 0 and totals.public_share is None and totals.body_share(1) is None


_AMOUNT = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
_QUANTITY = st.decimals(
    min_value=0, max_value=10**4, places=3, allow_nan=False, allow_infinity=False
)
_PLEDGE = st.builds(
    lambda body, sector, kind, q, v: Pledge(body, f"Ente {body}", sector, kind, q, v),
    st.integers(1, 6),
    st.sampled_from(list(Sector)),
    st.sampled_from(list(CommitmentKind)),
    _QUANTITY,
    _AMOUNT,
)


def _sector_consistent(pledges: list[Pledge]) -> list[Pledge]:
    """A body has one legal form, so one sector: keep the first one seen."""
    seen: dict[object, Sector] = {}
    out = []
    for p in pledges:
        sector = seen.setdefault(p.body, p.sector)
        out.append(Pledge(p.body, p.body_name, sector, p.kind, p.quantity, p.unit_value))
    return out


@given(st.lists(_PLEDGE, max_size=30).map(_sector_consistent))
def test_every_breakdown_adds_up_to_the_total_exactly(pledges: list[Pledge]) -> None:
    totals: CommitmentTotals = commitment_totals(pledges)
    expected = sum((round_cents(p.quantity * p.unit_value) for p in pledges), Decimal(0))
    assert totals.total == expected
    assert sum(totals.by_body.values(), Decimal(0)) == expected
    assert sum(totals.by_kind.values(), Decimal(0)) == expected
    assert sum(totals.by_sector.values(), Decimal(0)) == expected
    assert sum(totals.by_body_kind.values(), Decimal(0)) == expected
    assert all(v.as_tuple().exponent >= -2 for v in totals.by_body.values())  # type: ignore[operator]
    if expected:
        shares = [totals.share_of(s) for s in Sector]
        assert all(x is not None and 0 <= x <= 100 for x in shares)
        assert abs(sum(shares, Decimal(0)) - 100) < Decimal("1e-20")  # type: ignore[arg-type]
    else:
        assert totals.public_share is None


# -- monitoring ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "latest", "target", "expected"),
    [
        (0, 118, 400, Decimal("29.5")),
        (450, 571, 571, Decimal(100)),
        (None, 50, 100, Decimal(50)),
        (4, 13, 20, Decimal("56.25")),
        (0, 500, 400, Decimal(125)),
        (10, 5, 10, None),
        (0, None, 400, None),
        (0, 5, None, None),
    ],
)
def test_progress_toward_the_target(
    baseline: int | None, latest: int | None, target: int | None, expected: Decimal | None
) -> None:
    def d(x: int | None) -> Decimal | None:
        return None if x is None else Decimal(x)

    assert indicator_progress(d(baseline), d(latest), d(target)) == expected
