"""Valid, made-up Italian identifiers for tests, computed with python-stdnum.

Never real bodies' or people's codes: serials are arbitrary, check digits are computed.
"""

from __future__ import annotations

from stdnum import iban, luhn
from stdnum.it import codicefiscale


def body_code(serial: int, office: int = 18) -> str:
    """An 11-digit codice fiscale / partita IVA: 7-digit serial, office 001–100, Luhn digit."""
    assert 0 <= serial < 10**7 and 1 <= office <= 100
    stem = f"{serial:07d}{office:03d}"
    return stem + luhn.calc_check_digit(stem)


def person_code(stem: str = "QZXKWJ85T10H501") -> str:
    """A 16-character personal codice fiscale nobody can have (QZX, KWJ: no real name)."""
    return stem + codicefiscale.calc_check_digit(stem)


def italian_iban(account: int = 123456, abi: str = "03069", cab: str = "11884") -> str:
    """An Italian IBAN (27 characters) with valid check digits, CIN fixed to X."""
    bban = f"X{abi}{cab}{account:012d}"
    return "IT" + iban.calc_check_digits("IT00" + bban) + bban


def wrong_check_digit(code: str) -> str:
    """*code* with its last digit changed, so its check digit no longer matches."""
    last = code[-1]
    return code[:-1] + (
        str((int(last) + 1) % 10) if last.isdigit() else "A" if last != "A" else "B"
    )
