"""Column types that keep money, quantities and instants exact on SQLite and PostgreSQL.

SQLite stores ``Numeric`` as a float, so amounts are integer cents, quantities integer
thousandths and percentages integer hundredths of a percent; Python sees ``Decimal``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer
from sqlalchemy.types import TypeDecorator

from grantdesk.domain.money import from_cents, to_cents


class Money(TypeDecorator[Decimal]):
    """Euros as ``Decimal`` in Python, integer cents in the database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else to_cents(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else from_cents(int(value))


class _Scaled(TypeDecorator[Decimal]):
    """A ``Decimal`` stored as an integer multiple of ``10**-places``."""

    impl = BigInteger
    cache_ok = True
    places = 3

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not accepted; use Decimal")
        scaled = Decimal(value).scaleb(self.places)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimals")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places)


class Quantity(_Scaled):
    """Quantities (hours, units, people) with up to three decimals."""

    cache_ok = True
    places = 3


class Percent(_Scaled):
    """Percentages with up to two decimals (``Decimal("12.5")`` means 12.5 %)."""

    impl = Integer  # type: ignore[assignment]
    cache_ok = True
    places = 2


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes; stored naive-UTC so SQLite and PostgreSQL agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone (UTC or Europe/Rome)")
        return value.astimezone(UTC).replace(tzinfo=None)  # type: ignore[no-any-return]

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
