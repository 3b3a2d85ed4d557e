"""Finding a person's name, e-mail and phone number in free text (for export and erasure)."""

from __future__ import annotations

import re

import pytest

from grantdesk.domain.mentions import ERASED, Needles, fold_with_map, phone_digits

ELENA = Needles("Elena", "Martelli", "elena.martelli@renogalliera.example", "+39 334 503 6185")
NICCOLO = Needles("Niccolò", "D'Angelo")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Elena Martelli", ERASED),
        ("Referente: ELENA  Martèlli (RUP)", f"Referente: {ERASED} (RUP)"),
        ("Martelli Elena, per conto dell’Unione", f"{ERASED}, per conto dell’Unione"),
        ("Elena\nMartelli", ERASED),
        ("scrivere a elena.martelli@renogalliera.example.", f"scrivere a {ERASED}."),
        ("ELENA.MARTELLI@RENOGALLIERA.EXAMPLE", ERASED),
        ("tel. 334 5036185 oppure 0039 334 503 61 85", f"tel. {ERASED} oppure {ERASED}"),
        ("chiamare il +39 3345036185", f"chiamare il {ERASED}"),
        # Someone else, or something else:
        ("Elena Martellini", "Elena Martellini"),
        ("Martelli e Elena", "Martelli e Elena"),
        ("x.elena.martelli@renogalliera.example", "x.elena.martelli@renogalliera.example"),
        ("IBAN 3345036185123", "IBAN 3345036185123"),
        ("", ""),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert ELENA.redact(text) == expected


def test_accents_and_apostrophes_either_way() -> None:
    assert (
        NICCOLO.redact("visti niccolo d’angelo e NICCOLÒ D'ANGELO") == f"visti {ERASED} e {ERASED}"
    )
    plain = Needles("Niccolo", "D’Angelo")
    assert plain.redact("Niccolò D'Angelo") == ERASED


def test_redact_cuts_to_the_column_length() -> None:
    assert ELENA.redact("Elena Martelli e altri", limit=15) == f"{ERASED} e "


def test_excerpts_show_the_context() -> None:
    text = "Verbale. " + "x" * 100 + " Presente Elena Martelli per l’Unione. " + "y" * 100
    (excerpt,) = ELENA.excerpts(text, width=12)
    assert excerpt == "…xx Presente Elena Martelli per l’Union…"


def test_fold_with_map_points_back_to_the_original() -> None:
    folded, where = fold_with_map("  Àl\u00a0 Straße")
    assert folded == "al strasse"
    assert [where[i] for i in range(len(folded))] == [2, 3, 4, 6, 7, 8, 9, 10, 10, 11]


def test_phone_digits() -> None:
    assert phone_digits("+39 334 503 6185") == "3345036185"
    assert phone_digits("0039 0382 123456") == "0382123456"
    assert phone_digits("393 1234567") == "3931234567"  # a mobile starting with 39
    assert phone_digits("39 3931234567") == "3931234567"


def _like(pattern: str, text: str) -> bool:
    """SQL LIKE (ASCII case-blind, escape \\) in Python."""
    regex = ""
    chars = iter(pattern)
    for ch in chars:
        if ch == "\\":
            regex += re.escape(next(chars))
        elif ch == "%":
            regex += ".*"
        elif ch == "_":
            regex += "."
        else:
            regex += re.escape(ch)
    return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Referente: ELENA  Martèlli (RUP)",
        "Martelli Elena",
        "scrivere a elena.martelli@renogalliera.example",
        "tel. 334 503 61 85",
        "tel. 3345036185",
    ],
)
def test_like_patterns_select_every_text_that_mentions(text: str) -> None:
    assert ELENA.mentions(text)
    assert any(_like(p, text) for p in ELENA.like_patterns())


def test_like_patterns_escape_wildcards() -> None:
    odd = Needles("A", "B", "a_b%c@x.it")
    assert "%a\\_b\\%c@x.it%" in odd.like_patterns()
    assert not any(_like(p, "aXbYc@x.it") for p in odd.like_patterns()[2:])
