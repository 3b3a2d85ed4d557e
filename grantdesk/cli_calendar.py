"""Command-line commands for deadlines: calendar export, reminders, recurring calls.

``add_commands`` registers, on the ``grantdesk`` parser's subcommands:

- ``export calendar --ics FILE [--owner NAME]`` (and ``export organizations``, from
  ``grantdesk.cli_organizations``; ``export proposal`` and ``export budget``, from
  ``grantdesk.cli_proposal_files``)
- ``remind [--days N] [--json]``
- ``call roll-forward ID --year YYYY``

Each leaf parser sets ``handler``; the returned mapping goes from the top-level command
name to a function that runs it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grantdesk.i18n import _, ngettext

Handler = Callable[[argparse.Namespace], int]


def _open(location: str | None) -> Any:
    from grantdesk.cli import _open as open_cli

    return open_cli(location, create=False)


def _user_error(message: str) -> Exception:
    from grantdesk.cli import UserError

    return UserError(message)


def cmd_export_calendar(args: argparse.Namespace) -> int:
    from grantdesk.services.calendar_export import export_calendar

    path = Path(args.ics)
    if path.is_dir():
        raise _user_error(
            _("{path} is a folder: give a file name ending in .ics.").format(path=path)
        )
    db = _open(getattr(args, "db", None))
    try:
        try:
            count = export_calendar(db, path, owner=args.owner or None)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise _user_error(
                _("The calendar cannot be written to {path}: {reason}.").format(
                    path=path, reason=reason
                )
            ) from exc
    finally:
        db.close()
    print(
        ngettext(
            "{count} deadline exported to {path}.", "{count} deadlines exported to {path}.", count
        ).format(count=count, path=path)
    )
    return 0


def _when(days_left: int) -> str:
    if days_left == 0:
        return _("today")
    if days_left < 0:
        return ngettext("{n} day late", "{n} days late", -days_left).format(n=-days_left)
    return ngettext("in {n} day", "in {n} days", days_left).format(n=days_left)


def cmd_remind(args: argparse.Namespace) -> int:
    from grantdesk.domain.dates import format_deadline, utc_to_rome
    from grantdesk.i18n import current_language
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.reminders import due_reminders

    if args.days is not None and args.days < 0:
        raise _user_error(_("--days must be zero or a positive number."))
    db = _open(getattr(args, "db", None))
    try:
        items = due_reminders(db, today_in_rome(), args.days)
    finally:
        db.close()
    if args.json:
        data = [
            {
                "id": r.id,
                "due_at": utc_to_rome(r.due_at).isoformat(),
                "days_left": r.days_left,
                "kind": r.kind.value,
                "title": r.title,
                "funder": r.funder,
                "owner": r.owner,
                "overdue": r.overdue,
            }
            for r in items
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not items:
        print(_("Nothing is due: no deadline needs a reminder today."))
        return 0
    lang = current_language()
    for r in items:
        line = f"{format_deadline(r.due_at, lang)}  {_when(r.days_left)}  {r.kind.label}: {r.title}"
        extras = [x for x in (r.funder, r.owner) if x]
        if extras:
            line += f" ({', '.join(extras)})"
        if r.overdue:
            line = "! " + line
        print(line)
    print(
        ngettext(
            "{count} deadline to remember.", "{count} deadlines to remember.", len(items)
        ).format(count=len(items))
    )
    return 0


def cmd_roll_forward(args: argparse.Namespace) -> int:
    from grantdesk.services.recurrence import RollForwardError, roll_forward

    if not 1900 < args.year < 9000:
        raise _user_error(_("{year} is not a year GrantDesk can plan for.").format(year=args.year))
    db = _open(getattr(args, "db", None))
    try:
        created = roll_forward(db, args.id, args.year)
    except RollForwardError as exc:
        raise _user_error(str(exc)) from exc
    finally:
        db.close()
    if created:
        print(
            ngettext(
                "{count} deadline created for {year}.",
                "{count} deadlines created for {year}.",
                len(created),
            ).format(count=len(created), year=args.year)
        )
    else:
        print(_("Nothing to create: {year} already has these deadlines.").format(year=args.year))
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    return handler(args)


def add_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[[argparse.ArgumentParser], None],
) -> dict[str, Handler]:
    """Register ``export calendar``, ``remind`` and ``call roll-forward`` on *sub*."""
    export = sub.add_parser("export", help=_("export data to other programs"))
    export_sub = export.add_subparsers(dest="export_kind", metavar=_("what"), required=True)
    cal = export_sub.add_parser("calendar", help=_("write the deadlines to an iCalendar file"))
    cal.add_argument("--ics", required=True, metavar="FILE", help=_("the .ics file to write"))
    cal.add_argument(
        "--owner", default=None, metavar="NAME", help=_("only this person's deadlines")
    )
    db_option(cal)
    cal.set_defaults(handler=cmd_export_calendar)
    from grantdesk.cli_organizations import add_export_parser

    add_export_parser(export_sub, db_option)  # export organizations --csv/--xlsx
    from grantdesk.cli_proposal_files import add_export_parsers

    add_export_parsers(export_sub, db_option)  # export proposal --json, export budget --xlsx

    remind = sub.add_parser("remind", help=_("list the deadlines to be reminded of today"))
    remind.add_argument(
        "--days",
        type=int,
        default=None,
        metavar="N",
        help=_("everything due within N days, whatever each deadline's reminder days"),
    )
    remind.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    db_option(remind)
    remind.set_defaults(handler=cmd_remind)

    call = sub.add_parser("call", help=_("work on one call"))
    call_sub = call.add_subparsers(dest="call_action", metavar=_("action"), required=True)
    roll = call_sub.add_parser(
        "roll-forward", help=_("create a recurring call's deadlines for another year")
    )
    roll.add_argument("id", type=int, metavar="ID", help=_("the call's number"))
    roll.add_argument("--year", type=int, required=True, metavar="YYYY", help=_("the year"))
    db_option(roll)
    roll.set_defaults(handler=cmd_roll_forward)
    return {"export": _dispatch, "remind": _dispatch, "call": _dispatch}
