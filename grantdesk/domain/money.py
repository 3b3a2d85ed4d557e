"""Money and exact percentages.

Amounts are ``Decimal`` euros in Python and integer cents in storage; ``float`` is refused
everywhere because binary fractions lose cents. Italian display is ``€ 1.234,56``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


class MoneyError(ValueError):
    """An amount that cannot be represented exactly in euro cents."""


def to_cents(amount: Decimal | int) -> int:
    """Convert euros to integer cents; more than two decimals is an error, not a rounding."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise MoneyError(f"amount must be Decimal or int, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise MoneyError("amount must be finite")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise MoneyError(f"{value} has fractions of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Integer cents to a two-decimal ``Decimal`` in euros."""
    return (Decimal(cents) / 100).quantize(CENT)


def round_cents(amount: Decimal) -> Decimal:
    """Round a computed amount (quantity × unit cost) half-up to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_number(value: Decimal, places: int = 2, lang: str = "it") -> str:
    """Format *value* with thousands separators: ``1.234,56`` (it) or ``1,234.56`` (en)."""
    q = Decimal(1).scaleb(-places) if places else Decimal(1)
    rounded = value.quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, frac = text.partition(".")
    thousands, decimal_mark = (".", ",") if lang == "it" else (",", ".")
    out = sign + _group(whole, thousands)
    return f"{out}{decimal_mark}{frac}" if places else out


def format_eur(amount: Decimal | None, lang: str = "it", places: int = 2) -> str:
    """``€ 1.234,56`` in Italian, ``€1,234.56`` in English; empty for no amount."""
    if amount is None:
        return ""
    number = format_number(amount, places, lang)
    if lang == "it":
        return f"€ {number}"
    return f"-€{number[1:]}" if number.startswith("-") else f"€{number}"


def format_percent(value: Decimal | None, places: int = 1, lang: str = "it") -> str:
    """``12,4 %`` (it) or ``12.4%`` (en); *value* is already a percentage."""
    if value is None:
        return ""
    number = format_number(value, places, lang)
    return f"{number} %" if lang == "it" else f"{number}%"


def parse_amount(text: str) -> Decimal:
    """Read an amount typed the Italian way (``1.234,56``, ``€ 1234,5``, ``1234``).

    A lone ``.`` followed by exactly three digits is a thousands separator; any other
    ambiguity is an error rather than a guess.
    """
    raw = text.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise MoneyError("empty amount")
    negative = raw.startswith("-")
    raw = raw.lstrip("+-")
    if "," in raw:
        whole, _, frac = raw.rpartition(",")
        if "," in whole or "." in frac:
            raise MoneyError(f"unreadable amount: {text!r}")
        whole = _strip_thousands(whole, ".", text)
    elif raw.count(".") == 1 and len(raw.split(".")[1]) != 3:
        whole, frac = raw.split(".")
    else:
        whole, frac = _strip_thousands(raw, ".", text), ""
    if not whole.isdigit() or (frac and not frac.isdigit()):
        raise MoneyError(f"unreadable amount: {text!r}")
    try:
        value = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation as exc:  # pragma: no cover - digits already checked
        raise MoneyError(f"unreadable amount: {text!r}") from exc
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise MoneyError(f"{text!r} has fractions of a cent")
    value = value.quantize(CENT)
    return -value if negative else value


def _strip_thousands(whole: str, sep: str, original: str) -> str:
    if sep not in whole:
        return whole
    groups = whole.split(sep)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise MoneyError(f"misplaced thousands separator in {original!r}")
    return "".join(groups)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """*part* as an exact percentage of *whole*; None when *whole* is zero."""
    if whole == 0:
        return None
    return part * HUNDRED / whole
