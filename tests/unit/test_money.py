"""Money: exact cents, Italian formatting and parsing, no floats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grantdesk.domain.money import (
    MoneyError,
    format_eur,
    format_percent,
    from_cents,
    parse_amount,
    round_cents,
    share,
    to_cents,
)

cents = st.integers(min_value=-(10**15), max_value=10**15)


@given(cents)
def test_cents_round_trip(value: int) -> None:
    assert to_cents(from_cents(value)) == value


@given(st.integers(min_value=0, max_value=10**13))
def test_italian_format_parses_back(value: int) -> None:
    amount = from_cents(value)
    assert parse_amount(format_eur(amount)) == amount


@pytest.mark.parametrize(
    ("amount", "it", "en"),
    [
        (Decimal("1234.56"), "€ 1.234,56", "€1,234.56"),
        (Decimal("0"), "€ 0,00", "€0.00"),
        (Decimal("-80000"), "€ -80.000,00", "-€80,000.00"),
        (Decimal("1000000.5"), "€ 1.000.000,50", "€1,000,000.50"),
    ],
)
def test_format_eur(amount: Decimal, it: str, en: str) -> None:
    assert format_eur(amount, "it") == it
    assert format_eur(amount, "en") == en


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("€ 1234,5", "1234.50"),
        ("80.000", "80000.00"),
        ("12.5", "12.50"),
        ("  -3,00 ", "-3.00"),
        ("1234", "1234.00"),
    ],
)
def test_parse_amount(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12.34.5", "1,234.56", "0,001", "1.23,4.5"])
def test_unreadable_amounts_are_errors(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_amount(text)


def test_fractions_of_a_cent_and_floats_are_refused() -> None:
    with pytest.raises(MoneyError):
        to_cents(Decimal("0.001"))
    with pytest.raises(MoneyError):
        to_cents(0.1)  # type: ignore[arg-type]


def test_round_half_up_and_exact_share() -> None:
    assert round_cents(Decimal("2.345")) == Decimal("2.35")
    assert round_cents(Decimal("3") * Decimal("0.10")) == Decimal("0.30")
    assert share(Decimal("12.4"), Decimal("100")) == Decimal("12.4")
    assert share(Decimal(1), Decimal(0)) is None
    assert format_percent(Decimal("12.44"), 1, "it") == "12,4 %"
    assert format_percent(Decimal("12.45"), 1, "en") == "12.5%"
