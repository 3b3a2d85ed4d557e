"""Budget maths: per-line rounding, totals that add up to the cent, running totals, versions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grantdesk.domain.budget import (
    Line,
    RunningTotals,
    SnapshotError,
    category_label,
    compute_totals,
    diff_budgets,
    from_snapshot,
    to_snapshot,
)
from grantdesk.domain.vocab import FundingSource
from grantdesk.i18n import set_language

G = FundingSource.REQUESTED_GRANT
CASH = FundingSource.PARTNER_CASH
HOURS = FundingSource.VOLUNTEER_IN_KIND
OTHER = FundingSource.OTHER_FUNDER
D = Decimal


def line(category: str, quantity: str, cost: str, source=G, partner=None, **kw) -> Line:  # type: ignore[no-untyped-def]
    return Line(category, D(quantity), D(cost), source, partner, **kw)


@pytest.mark.parametrize(
    ("quantity", "cost", "total"),
    [
        ("2.5", "0.15", "0.38"),  # 0.375: half-up, not to even
        ("2.5", "0.25", "0.63"),  # 0.625
        ("0.333", "1.00", "0.33"),
        ("37.5", "22.50", "843.75"),
        ("1", "0.00", "0.00"),
        ("3", "-10.005", "-30.02"),  # -30.015: half away from zero
    ],
)
def test_line_total_is_rounded_half_up_to_the_cent_once(
    quantity: str, cost: str, total: str
) -> None:
    assert line("services", quantity, cost).total == D(total)


def test_rounding_is_per_line_not_on_the_sum() -> None:
    lines = [line("materials", "2.5", "0.15") for _ in range(4)]  # 4 × 0.375
    assert compute_totals(lines).grand_total == D("1.52")  # not round(1.50)


def test_totals_by_category_partner_and_source() -> None:
    lines = [
        line("personnel", "100", "25.00", G, 1),
        line("personnel", "50", "25.00", CASH, 2),
        line("overheads", "1", "500.00", G, 1),
        line("volunteer_time", "200", "15.00", HOURS, 2),
        line("services", "10", "70.00", OTHER, None, other_funder="Comune"),
    ]
    t = compute_totals(lines)
    assert t.grand_total == D("7950.00")
    assert t.by_category == {
        "personnel": D("3750.00"),
        "overheads": D("500.00"),
        "volunteer_time": D("3000.00"),
        "services": D("700.00"),
    }
    assert t.by_partner == {1: D("3000.00"), 2: D("4250.00"), None: D("700.00")}
    assert list(t.by_source) == list(FundingSource)
    assert t.by_source[CASH] == D("1250.00")
    assert t.by_partner_source[(2, HOURS)] == D("3000.00")
    assert t.requested_grant == D("3000.00")
    assert t.co_financing == D("4950.00")
    assert t.grant_share == D("37.74")  # 37.7358…
    assert t.co_financing_share == D("62.26")
    assert t.line_count == 5
    assert t.category_total("Personnel ") == D("3750.00")


@pytest.mark.parametrize(
    ("grant", "other", "grant_share", "co_share"),
    [
        ("1.00", "2.00", "33.33", "66.67"),
        ("1.00", "799.00", "0.13", "99.88"),  # 0.125 → 0.13 and 99.875 → 99.88: half-up
        ("10.00", "0.00", "100.00", "0.00"),
    ],
)
def test_shares_are_rounded_half_up_to_two_decimals(
    grant: str, other: str, grant_share: str, co_share: str
) -> None:
    t = compute_totals([line("services", "1", grant, G), line("services", "1", other, CASH)])
    assert (t.grant_share, t.co_financing_share) == (D(grant_share), D(co_share))
    assert t.grant_share_exact is not None and t.co_financing_share_exact is not None
    assert t.grant_share_exact + t.co_financing_share_exact == 100


def test_an_empty_budget_has_no_shares() -> None:
    t = compute_totals([])
    assert t.grand_total == 0 and t.line_count == 0
    assert t.grant_share is None and t.co_financing_share is None
    assert set(t.by_source.values()) == {D(0)} and not t.by_category


def test_volunteer_time_by_source_or_category() -> None:
    assert line("volunteer_time", "1", "15", G).is_volunteer_time
    assert line("services", "1", "15", HOURS).is_volunteer_time
    assert not line("services", "1", "15", CASH).is_volunteer_time


def test_category_label() -> None:
    assert category_label("overheads") == "Overheads"
    assert category_label("Fideiussioni") == "Fideiussioni"
    set_language("it")
    assert category_label("overheads") == "Spese generali"


# -- any lines: totals add up exactly -------------------------------------------------

quantities = st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False)
costs = st.decimals(min_value=-1_000, max_value=1_000_000, places=2, allow_nan=False)
lines_strategy = st.lists(
    st.builds(
        Line,
        category=st.sampled_from(["personnel", "overheads", "services", "Fideiussioni"]),
        quantity=quantities,
        unit_cost=costs,
        source=st.sampled_from(list(FundingSource)),
        partner=st.one_of(st.none(), st.integers(1, 6)),
    ),
    max_size=60,
)


@given(lines_strategy)
@settings(max_examples=300, deadline=None)
def test_every_breakdown_adds_up_to_the_grand_total(lines: list[Line]) -> None:
    t = compute_totals(lines)
    exact = sum((li.total for li in lines), D(0))
    assert t.grand_total == exact
    assert sum(t.by_category.values(), D(0)) == exact
    assert sum(t.by_partner.values(), D(0)) == exact
    assert sum(t.by_source.values(), D(0)) == exact
    assert sum(t.by_partner_source.values(), D(0)) == exact
    assert t.requested_grant + t.co_financing == exact
    assert all(v.as_tuple().exponent >= -2 for v in t.by_category.values())  # type: ignore[operator]


@given(lines_strategy, st.data())
@settings(max_examples=200, deadline=None)
def test_running_totals_equal_a_full_recomputation(lines: list[Line], data: st.DataObject) -> None:
    running = RunningTotals(lines)
    current = list(lines)
    for _ in range(data.draw(st.integers(0, 15))):
        action = data.draw(st.sampled_from(["add", "remove", "replace"]))
        if action == "add" or not current:
            new = data.draw(lines_strategy.filter(bool))[0]
            running.add(new)
            current.append(new)
        elif action == "remove":
            gone = current.pop(data.draw(st.integers(0, len(current) - 1)))
            running.remove(gone)
        else:
            i = data.draw(st.integers(0, len(current) - 1))
            new = data.draw(lines_strategy.filter(bool))[0]
            running.replace(current[i], new)
            current[i] = new
    assert running.totals() == compute_totals(current)


def test_running_totals_drop_emptied_keys_and_refuse_unknown_lines() -> None:
    a = line("equipment", "1", "100.00", G, 3)
    running = RunningTotals([a])
    running.remove(a)
    t = running.totals()
    assert t.by_category == {} and t.by_partner == {} and t.grand_total == 0
    with pytest.raises(KeyError):
        running.remove(a)
    assert running.totals() == t


# -- versions ------------------------------------------------------------------------


def test_snapshot_round_trip_is_exact_and_json() -> None:
    lines = [
        line("personnel", "37.5", "22.50", G, 4, key=11, description="Educatore", unit="ore"),
        line("services", "1", "1234.56", OTHER, None, other_funder="Comune", partner_name=None),
        line("volunteer_time", "300", "15.00", HOURS, 5, key=13, partner_name="Argento Vivo ODV"),
    ]
    rows = json.loads(json.dumps(to_snapshot(lines)))
    assert rows[0]["quantity"] == "37.5" and rows[0]["unit_cost"] == "22.50"
    assert [r["position"] for r in rows] == [1, 2, 3]
    back = from_snapshot(rows)
    assert back == lines
    assert [b.total for b in back] == [li.total for li in lines]


def test_older_snapshots_without_ids_are_read() -> None:
    demo_row = {
        "position": 1,
        "category": "personnel",
        "description": "Coordinamento di progetto",
        "organization": "Cooperativa Sociale KCS",
        "unit": "ore",
        "quantity": "150.5",
        "unit_cost": "28.00",
        "source": "requested_grant",
        "other_funder": None,
    }
    (read,) = from_snapshot([demo_row])
    assert read.partner is None and read.partner_name == "Cooperativa Sociale KCS"
    assert read.total == D("4214.00") and read.key is None


@pytest.mark.parametrize(
    "row",
    [
        {"quantity": "1", "unit_cost": "1"},
        {"category": "x", "quantity": 1.5, "unit_cost": "1"},
        {"category": "x", "quantity": "uno", "unit_cost": "1"},
        {"category": "x", "quantity": "NaN", "unit_cost": "1"},
        {"category": "x", "quantity": "1", "unit_cost": "1", "source": "lottery"},
        {"category": "x", "quantity": "1", "unit_cost": "1", "description": 7},
    ],
)
def test_malformed_snapshots_are_refused(row: dict[str, object]) -> None:
    with pytest.raises(SnapshotError):
        from_snapshot([row])


def test_diff_pairs_by_key_then_by_content() -> None:
    before = [
        line("personnel", "100", "25.00", G, 1, key=1, description="Educatore"),
        line("equipment", "2", "500.00", G, 1, key=2, description="PC"),
        line("travel", "10", "45.00", CASH, 2, key=3, description="Trasferte"),
    ]
    after = [
        line("personnel", "120", "25.00", G, 1, key=1, description="Educatore professionale"),
        line("travel", "10.000", "45.00", CASH, 2, key=3, description="Trasferte"),
        line("materials", "1", "80.00", G, 2, key=4, description="Cancelleria"),
    ]
    diff = diff_budgets(before, after)
    assert [li.key for li in diff.added] == [4]
    assert [li.key for li in diff.removed] == [2]
    (change,) = diff.changed
    assert change.fields == ("description", "quantity")
    assert change.delta == D("500.00")
    cats = {c.category: (c.before, c.after, c.delta) for c in diff.categories}
    assert cats["equipment"] == (D("1000.00"), D("0"), D("-1000.00"))
    assert cats["materials"] == (D("0"), D("80.00"), D("80.00"))
    assert diff.total_delta == D("-420.00")
    assert not diff.is_empty


def test_diff_without_keys_pairs_identical_lines_in_order() -> None:
    before = [
        line("materials", "1", "10.00", G, description="Kit", partner_name="A"),
        line("materials", "1", "10.00", G, description="Kit", partner_name="A"),
    ]
    after = [
        line("materials", "1", "10.00", G, description="kit ", partner_name="A"),
        line("materials", "3", "10.00", G, description="Kit", partner_name="A"),
        line("materials", "1", "10.00", G, description="Kit", partner_name="B"),
    ]
    diff = diff_budgets(before, after)
    assert len(diff.changed) == 2  # the description's case, then the quantity
    assert [li.partner_name for li in diff.added] == ["B"]
    assert diff.removed == ()


def test_identical_budgets_have_no_differences() -> None:
    lines = [line("personnel", "10", "20.00", G, 1, key=1)]
    assert diff_budgets(lines, list(lines)).is_empty
