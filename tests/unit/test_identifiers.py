"""Codice fiscale, partita IVA and IBAN: valid ones pass compact, wrong ones say why.

The codes are computed with python-stdnum's own check-digit functions, never real people's.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.it import codicefiscale

from grantdesk.domain.identifiers import (
    IdentifierError,
    check_codice_fiscale,
    check_iban,
    check_partita_iva,
    format_iban,
)


def _iva(body: str) -> str:
    return body + luhn.calc_check_digit(body)


def _person_cf() -> str:
    body = "RSSMRA80A01H501"  # invented name letters, 1 Jan 1980, Rome
    return body + codicefiscale.calc_check_digit(body)


def _italian_iban(account: str) -> str:
    bban = "X0542811101" + account
    check = std_iban.calc_check_digits("IT00" + bban)
    return f"IT{check}{bban}"


@given(st.integers(1, 9_999_999), st.integers(1, 100))
def test_every_generated_partita_iva_passes_and_a_changed_digit_fails(
    serial: int, office: int
) -> None:
    good = _iva(f"{serial:07d}{office:03d}")
    assert check_partita_iva(good) == good
    assert check_partita_iva(f"IT {good}") == good
    assert check_codice_fiscale(good) == good  # an organization's codice fiscale
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(IdentifierError, match="check digit does not match"):
        check_partita_iva(wrong)


def test_a_person_codice_fiscale_passes_compact_and_upper_case() -> None:
    code = _person_cf()
    assert check_codice_fiscale(code.lower()[:6] + " " + code[6:]) == code


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1234", "wrong length: it must have 11 digits"),
        ("RSSMRA80A01H50!X", "characters that do not belong"),
    ],
)
def test_wrong_codici_fiscali_give_the_reason(text: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        check_codice_fiscale(text)


def test_a_wrong_check_letter_in_a_personal_code_is_named() -> None:
    code = _person_cf()
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(IdentifierError) as refused:
        check_codice_fiscale(wrong)
    assert str(refused.value) == (
        "The codice fiscale is not valid: its check character does not match (a typo?)."
    )


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_generated_ibans_pass_and_print_in_groups(account: str) -> None:
    code = _italian_iban(account)
    assert check_iban(" ".join(code[i : i + 4] for i in range(0, len(code), 4))) == code
    assert format_iban(code).split(" ")[0] == code[:4]
    swapped = code[:-2] + code[-1] + code[-2]
    if swapped != code:
        with pytest.raises(IdentifierError):
            check_iban(swapped)


def test_an_iban_of_the_wrong_length_says_so() -> None:
    bban = "X054281110100000012"  # eight characters short, with right check digits
    short = f"IT{std_iban.calc_check_digits('IT00' + bban)}{bban}"
    with pytest.raises(IdentifierError, match="an Italian one has 27 characters"):
        check_iban(short)


def test_an_office_code_that_does_not_exist_is_refused() -> None:
    with pytest.raises(IdentifierError, match="office code"):
        check_partita_iva(_iva("1234567500"))


def test_an_organization_code_with_a_bad_office_code_says_so() -> None:
    with pytest.raises(IdentifierError, match="office code"):
        check_codice_fiscale(_iva("1234567500"))
