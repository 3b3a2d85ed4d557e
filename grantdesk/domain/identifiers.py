"""Italian identifiers checked with python-stdnum: codice fiscale, partita IVA, IBAN.

Each ``check_*`` returns the compact form to store (upper case, no spaces) or raises
:class:`IdentifierError` whose message says, in one sentence in the user's language,
what is wrong: the length, a character that does not belong, or the check digit.
"""

from __future__ import annotations

from stdnum import iban as _iban
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.it import codicefiscale as _cf
from stdnum.it import iva as _iva

from grantdesk.i18n import _


class IdentifierError(ValueError):
    """An identifier that cannot be right; the message is the reason for the user."""


def _messages(kind: str) -> dict[type[ValidationError], str]:
    """Full sentences per identifier (Italian needs the gender of each noun)."""
    if kind == "cf":
        return {
            InvalidLength: _(
                "The codice fiscale has the wrong length: it must have 11 digits (an "
                "organization) or 16 characters (a person)."
            ),
            InvalidChecksum: _(
                "The codice fiscale is not valid: its check character does not match (a typo?)."
            ),
            InvalidComponent: _(
                "The codice fiscale is not valid: a part of it (date or place) does not exist."
            ),
            InvalidFormat: _("The codice fiscale contains characters that do not belong in it."),
        }
    if kind == "iva":
        return {
            InvalidLength: _("The partita IVA has the wrong length: it must have 11 digits."),
            InvalidChecksum: _(
                "The partita IVA is not valid: its check digit does not match (a typo?)."
            ),
            InvalidComponent: _(
                "The partita IVA is not valid: its office code (digits 8 to 10) does not exist."
            ),
            InvalidFormat: _("The partita IVA must be made of 11 digits."),
        }
    return {
        InvalidLength: _("The IBAN has the wrong length: an Italian one has 27 characters."),
        InvalidChecksum: _("The IBAN is not valid: its check digits do not match (a typo?)."),
        InvalidComponent: _("The IBAN is not valid: its country code is unknown."),
        InvalidFormat: _("The IBAN does not have the bank and account parts its country uses."),
    }


def _reason(exc: ValidationError, kind: str) -> str:
    for error_type, message in _messages(kind).items():
        if isinstance(exc, error_type):
            return message
    return _("This code is not valid.")


def check_codice_fiscale(text: str) -> str:
    """An organization's (11 digits) or a person's (16 characters) codice fiscale."""
    try:
        return str(_cf.validate(text))
    except InvalidComponent as exc:
        if len(str(_cf.compact(text))) == 11:  # an organization's: the office code is wrong
            raise IdentifierError(
                _(
                    "The codice fiscale is not valid: its office code (digits 8 to 10) "
                    "does not exist."
                )
            ) from exc
        raise IdentifierError(_reason(exc, "cf")) from exc
    except ValidationError as exc:
        raise IdentifierError(_reason(exc, "cf")) from exc


def check_partita_iva(text: str) -> str:
    """A partita IVA: 11 digits with a check digit (an ``IT`` prefix is accepted)."""
    raw = "".join(text.split()).upper()
    if raw.startswith("IT"):
        raw = raw[2:]
    try:
        return str(_iva.validate(raw))
    except ValidationError as exc:
        raise IdentifierError(_reason(exc, "iva")) from exc


def check_iban(text: str) -> str:
    """An IBAN of any country (Italian ones have 27 characters), stored compact."""
    compact = str(_iban.compact(text))
    if compact.startswith("IT") and len(compact) != 27:
        raise IdentifierError(_reason(InvalidLength(), "iban"))
    try:
        return str(_iban.validate(text))
    except ValidationError as exc:
        raise IdentifierError(_reason(exc, "iban")) from exc


def format_iban(compact: str) -> str:
    """An IBAN in groups of four, as printed on bank papers."""
    return str(_iban.format(compact))
