"""Command-line command for eligibility at a glance.

``add_commands`` registers ``eligible ORG_ID [--all] [--json]`` on the ``grantdesk`` parser's
subcommands: the calls the organization may apply to today (Rome), and with ``--all`` the
excluded ones too, each with its reasons (loaded by ``grantdesk.cli`` via ``EXTENSIONS``).

JSON keys are stable: ``call_id``, ``title``, ``funder``, ``eligible`` and ``reasons``, a list
of ``{code, message}`` (messages in the user's language).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from grantdesk.i18n import _, ngettext

Handler = Callable[[argparse.Namespace], int]


def _open(location: str | None) -> Any:
    from grantdesk.cli import _open as open_cli

    return open_cli(location, create=False)


def _user_error(message: str) -> Exception:
    from grantdesk.cli import UserError

    return UserError(message)


def cmd_eligible(args: argparse.Namespace) -> int:
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.eligibility import UnknownOrganizationError, eligible_calls

    db = _open(getattr(args, "db", None))
    try:
        try:
            calls = eligible_calls(db, args.org_id, today_in_rome(), include_excluded=args.all)
        except UnknownOrganizationError as exc:
            raise _user_error(str(exc)) from exc
    finally:
        db.close()
    if args.json:
        data = [
            {
                "call_id": c.call_id,
                "title": c.title,
                "funder": c.funder,
                "eligible": c.eligible,
                "reasons": [{"code": r.code.value, "message": r.message} for r in c.reasons],
            }
            for c in calls
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    eligible = sum(1 for c in calls if c.eligible)
    for c in calls:
        mark = "  " if c.eligible else "✗ "
        print(f"{mark}{c.call_id:>6}  {c.title} ({c.funder})")
        for r in c.reasons:
            print(f"          {'-' if r.excludes else '?'} {r.message}")
    if not calls:
        print(_("No call is open to this organization."))
        return 0
    print(
        ngettext(
            "{count} call the organization may apply to.",
            "{count} calls the organization may apply to.",
            eligible,
        ).format(count=eligible)
    )
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    return handler(args)


def add_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[[argparse.ArgumentParser], None],
) -> dict[str, Handler]:
    """Register ``eligible ORG_ID [--all] [--json]`` on *sub*."""
    eligible = sub.add_parser(
        "eligible", help=_("list the calls an organization may apply to, and why not the others")
    )
    eligible.add_argument("org_id", type=int, metavar="ORG_ID", help=_("the organization's number"))
    eligible.add_argument(
        "--all",
        action="store_true",
        help=_("also list the excluded calls, with the reasons"),
    )
    eligible.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    db_option(eligible)
    eligible.set_defaults(handler=cmd_eligible)
    return {"eligible": _dispatch}


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="X",
        default=argparse.SUPPRESS,
        help=_("database file or postgresql+psycopg:// URL (default: the embedded database)"),
    )
