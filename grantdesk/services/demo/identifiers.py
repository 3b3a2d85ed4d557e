"""Valid-looking Italian identifiers for fictitious bodies: tax codes, VAT numbers, IBANs, CUPs.

Every number is made up but passes the same checks a real one does (check digits included),
so the validation screens of the app accept the demo data.
"""

from __future__ import annotations

import random

from stdnum import iban, luhn

# Provincial office codes (the 8th–10th digits of a body's tax code) by province.
OFFICE_CODES = {
    "PV": "018",
    "BO": "037",
    "RA": "039",
    "ME": "083",
    "MI": "015",
    "BG": "016",
    "RM": "058",
    "TO": "001",
    "NA": "063",
    "FI": "048",
}

# Odd-position values of the Italian CIN (the same table as the personal tax code's).
_CIN_ODD = [
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
]
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def body_tax_code(serial: int, office: str = "018") -> str:
    """An 11-digit codice fiscale / partita IVA: 7-digit serial, office code, Luhn digit."""
    if not 0 < serial < 10_000_000:
        raise ValueError(f"serial out of range: {serial}")
    stem = f"{serial:07d}{office}"
    return stem + luhn.calc_check_digit(stem)


def _cin_value(ch: str, odd: bool) -> int:
    index = _ALNUM.index(ch)
    if ch.isdigit():
        return _CIN_ODD[index] if odd else index
    letter = index - 10
    return _CIN_ODD[letter] if odd else letter


def italian_cin(abi: str, cab: str, account: str) -> str:
    """The CIN control letter of an Italian BBAN (ABI, CAB, 12-character account)."""
    text = (abi + cab + account).upper()
    total = sum(_cin_value(ch, odd=(i % 2 == 0)) for i, ch in enumerate(text))
    return chr(ord("A") + total % 26)


def italian_iban(abi: str, cab: str, account_number: int) -> str:
    """An Italian IBAN with a correct CIN and mod-97 check digits."""
    account = f"{account_number:012d}"
    bban = italian_cin(abi, cab, account) + abi + cab + account
    check = iban.calc_check_digits("IT00" + bban)
    return f"IT{check}{bban}"


def random_iban(rng: random.Random) -> str:
    """An Italian IBAN at one of a few bank branches, with a random account number."""
    abi, cab = rng.choice(_BRANCHES)
    return italian_iban(abi, cab, rng.randrange(1_000_000, 999_999_999_999))


_BRANCHES = [
    ("05034", "23000"),
    ("03069", "11884"),
    ("02008", "23010"),
    ("08453", "36990"),
    ("05387", "13100"),
    ("03111", "02400"),
    ("05036", "16500"),
    ("01030", "16500"),
]


def cup(rng: random.Random, year: int) -> str:
    """A CUP in the published layout: letter, 2 digits, letter, 2-digit year, 9 digits."""
    head = rng.choice("BCDEFGHIJ")
    kind = rng.choice("CDEGHIJ")
    return f"{head}{rng.randrange(10, 99)}{kind}{year % 100:02d}{rng.randrange(0, 10**9):09d}"
