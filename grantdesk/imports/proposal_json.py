"""Reading a proposal exchange file (the format is described in
:mod:`grantdesk.exports.proposal_json`): strict checks, every problem named, nothing guessed.

:func:`parse` takes the file's bytes and returns a :class:`ProposalFile`, or raises
:class:`ProposalFileError` with the reasons. First the file as a whole — size, UTF-8, JSON
(a file cut short says so), the ``format`` and ``version``, the integrity digest — and at
the first failure there it stops; then every member, and all their problems are listed at
once ("budget line 4, unit_cost_cents: must be a whole number."). Nothing here touches the
database: finding the call and the partners in the register is
:mod:`grantdesk.services.proposal_exchange`'s job.

Strict means: every documented key present and no other (a typo is not silently ignored),
integers where integers are expected (a fraction of a cent is an error, never a rounding),
codes from the documented vocabularies, texts within the lengths the database keeps, valid
codici fiscali, partner references that resolve, line totals that agree with quantity ×
unit cost, and no JSON object with the same key twice.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from grantdesk.exports.proposal_json import (
    FORMAT,
    INTEGRITY,
    VERSION,
    ProposalFile,
    digest,
)
from grantdesk.i18n import _
from grantdesk.imports.proposal_members import (
    LIMITS,
    FileProblem,
    ProposalFileError,
    read_document,
    refuse,
)

MAX_BYTES = 50 * 1024 * 1024

__all__ = [
    "LIMITS",
    "MAX_BYTES",
    "FileProblem",
    "ProposalFileError",
    "check_envelope",
    "load_json",
    "parse",
    "read_document",
]


# -- the file as a whole --------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise refuse(
                _("The key “{key}” appears twice in one object: the file is ambiguous.").format(
                    key=key
                )
            )
        found[key] = value
    return found


def _not_a_number(name: str) -> Any:
    raise refuse(
        _("The file holds “{value}”, which is not a number JSON allows.").format(value=name)
    )


def _cut_short(line: int) -> str:
    return _(
        "The file ends too early (line {line}): it was cut short, perhaps while being sent. "
        "Ask for it again."
    ).format(line=line)


def load_json(data: bytes) -> Any:
    """The JSON value in *data*, or ProposalFileError saying in one sentence why not."""
    if len(data) > MAX_BYTES:
        raise refuse(
            _("The file is larger than {size} MB: it is not a proposal file.").format(
                size=MAX_BYTES // (1024 * 1024)
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut in the middle of a character
            raise refuse(_cut_short(data.count(b"\n") + 1)) from exc
        raise refuse(_("The file is not UTF-8 text: it is not a proposal file.")) from exc
    if not text.strip():
        raise refuse(_("The file is empty."))
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=Decimal,
            parse_constant=_not_a_number,
        )
    except json.JSONDecodeError as exc:
        # Cut short: the error is at the end of the text, or inside a string never closed
        # (the decoder says "Unterminated string" only when the text ends first).
        if not text[exc.pos :].strip() or exc.msg.startswith("Unterminated string"):
            raise refuse(_cut_short(exc.lineno)) from exc
        raise refuse(
            _("The file is not valid JSON (line {line}, column {column}).").format(
                line=exc.lineno, column=exc.colno
            )
        ) from exc


def _first_fraction(value: Any, where: str) -> tuple[str, Decimal] | None:
    """The first number with a fraction in *value* (and where it is), if any."""
    if isinstance(value, Decimal):
        return where, value
    children: Any = ()
    if isinstance(value, dict):
        children = ((f"{where}.{k}" if where else k, v) for k, v in value.items())
    elif isinstance(value, list):
        children = ((f"{where}[{n}]", v) for n, v in enumerate(value, start=1))
    for place, child in children:
        found = _first_fraction(child, place)
        if found is not None:
            return found
    return None


def check_envelope(document: Any) -> dict[str, Any]:
    """Format, version and integrity of a parsed document (the first failure is raised)."""
    if not isinstance(document, dict):
        raise refuse(_("The file is JSON but not a GrantDesk proposal file."))
    if document.get("format") != FORMAT:
        raise refuse(
            _("The file is not a GrantDesk proposal file (its “format” is not “{format}”).").format(
                format=FORMAT
            )
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise refuse(_("The file does not say which version of the format it uses."))
    if version > VERSION:
        raise refuse(
            _(
                "The file uses version {version} of the proposal format, written by a newer "
                "GrantDesk: update GrantDesk to import it."
            ).format(version=version)
        )
    fraction = _first_fraction(document, "")
    if fraction is not None:
        where, value = fraction
        raise refuse(
            _(
                "{where} holds {value}: the format has whole numbers only (amounts in cents, "
                "quantities in thousandths)."
            ).format(where=where, value=value)
        )
    seal = document.get(INTEGRITY)
    expected = seal.get("sha256") if isinstance(seal, dict) else None
    if not isinstance(seal, dict) or not isinstance(expected, str):
        raise refuse(
            _("The file has no integrity code: it was not written by GrantDesk, or was edited.")
        )
    if digest(document) != expected.lower():
        raise refuse(
            _(
                "The file was changed after GrantDesk wrote it (its integrity code does not "
                "match): it may be damaged or edited by hand. Ask for a new export."
            )
        )
    if set(seal) != {"sha256"}:
        raise refuse(_("The integrity member holds something other than “sha256”."))
    return document


def parse(data: bytes) -> ProposalFile:
    """The proposal in an exchange file's bytes, checked (ProposalFileError otherwise)."""
    return read_document(check_envelope(load_json(data)))
