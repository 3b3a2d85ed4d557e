"""Command-line commands about proposals: ``check proposal ID [--json]``.

``add_commands`` registers them on the ``grantdesk`` parser (loaded by ``grantdesk.cli`` via
``EXTENSIONS``). ``check proposal`` prints the budget totals and every finding of the rule
check (:mod:`grantdesk.domain.rules`) in the user's language, and exits 1 when a finding is
blocking (the bid as it stands would be inadmissible), 0 otherwise, 2 when no proposal has
that number.

JSON keys are stable: ``proposal_id``, ``title``, ``call``, ``blocking``, ``totals``
(``grand_total``, ``requested_grant``, ``co_financing`` as strings with two decimals,
``grant_share`` and ``co_financing_share`` as strings or null) and ``findings``, a list of
``{code, severity, message, target: {area, key}}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from grantdesk.i18n import _, current_language, ngettext

Handler = Callable[[argparse.Namespace], int]
EXIT_UNKNOWN = 2
_MARKS = {"blocking": "✗", "warning": "!", "info": "i"}


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _as_json(result: Any) -> dict[str, Any]:
    totals = result.totals
    return {
        "proposal_id": result.proposal_id,
        "title": result.title,
        "call": result.call_title,
        "blocking": result.blocking,
        "totals": {
            "grand_total": _amount(totals.grand_total),
            "requested_grant": _amount(totals.requested_grant),
            "co_financing": _amount(totals.co_financing),
            "grant_share": _amount(totals.grant_share),
            "co_financing_share": _amount(totals.co_financing_share),
        },
        "findings": [
            {
                "code": f.code.value,
                "severity": f.severity.value,
                "message": f.message,
                "target": {"area": f.target.area, "key": f.target.key},
            }
            for f in result.findings
        ],
    }


def _print_text(result: Any) -> None:
    from grantdesk.domain.money import format_eur, format_percent

    lang = current_language()
    totals = result.totals
    print(_("Proposal {id}: {title}").format(id=result.proposal_id, title=result.title))
    if result.call_title:
        print(_("Call: {title}").format(title=result.call_title))
    grant_share = format_percent(totals.grant_share, 2, lang) or "–"
    co_share = format_percent(totals.co_financing_share, 2, lang) or "–"
    print(
        _(
            "Total cost {total}; requested grant {grant} ({grant_share}); "
            "co-financing {co_financing} ({co_share})."
        ).format(
            total=format_eur(totals.grand_total, lang),
            grant=format_eur(totals.requested_grant, lang),
            grant_share=grant_share,
            co_financing=format_eur(totals.co_financing, lang),
            co_share=co_share,
        )
    )
    for finding in result.findings:
        print(f"  {_MARKS[finding.severity.value]} {finding.message}")
    blocking = sum(1 for f in result.findings if f.blocking)
    others = len(result.findings) - blocking
    if not result.findings:
        print(_("No rule of the call is broken."))
    elif blocking:
        print(
            ngettext(
                "{count} blocking problem: as it stands the bid is inadmissible.",
                "{count} blocking problems: as it stands the bid is inadmissible.",
                blocking,
            ).format(count=blocking)
        )
    else:
        print(
            ngettext(
                "Nothing blocking; {count} point to check.",
                "Nothing blocking; {count} points to check.",
                others,
            ).format(count=others)
        )


def cmd_check(args: argparse.Namespace) -> int:
    from grantdesk.cli import _open
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.proposal_check import UnknownProposalError, check_proposal

    db = _open(getattr(args, "db", None), create=False)
    try:
        try:
            result = check_proposal(db, args.proposal_id, today_in_rome())
        except UnknownProposalError as exc:
            print(f"grantdesk: {exc}", file=sys.stderr)
            return EXIT_UNKNOWN
    finally:
        db.close()
    if args.json:
        json.dump(_as_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_text(result)
    return 1 if result.blocking else 0


def _dispatch(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    return handler(args)


def add_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[[argparse.ArgumentParser], None],
) -> dict[str, Handler]:
    """Register ``check proposal ID [--json]`` on *sub*."""
    check = sub.add_parser(
        "check", help=_("check a proposal against its call's rules (exit 1 if inadmissible)")
    )
    kinds = check.add_subparsers(dest="check_kind", metavar=_("what"), required=True)
    proposal = kinds.add_parser(
        "proposal", help=_("a proposal's budget and partnership against its call")
    )
    proposal.add_argument("proposal_id", type=int, metavar="ID", help=_("the proposal's number"))
    proposal.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    db_option(check)
    db_option(proposal)
    proposal.set_defaults(handler=cmd_check)
    return {"check": _dispatch}
