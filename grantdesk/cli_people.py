"""Command-line commands for contacts and their personal data (GDPR).

``add_commands`` registers, on the ``grantdesk`` parser's subcommands:

- ``person export ID --json FILE`` — everything held on one contact, as JSON (``-``: stdout)
- ``person erase ID [--yes]`` — erase a contact from every table and from the file itself;
  on a terminal it asks for the contact's last name first, elsewhere it needs ``--yes``
- ``person compact`` — finish cleaning the file when an erasure could not (another program
  was reading it)

``grantdesk list people [--json] [--search TEXT] [--inactive-years N] [--limit N]`` is part
of ``list`` (in :mod:`grantdesk.cli`), which hands the kind "people" to
:func:`cmd_list_people`. JSON keys are stable: ``id``, ``first_name``, ``last_name``,
``role``, ``email``, ``phone``, ``organization_id``, ``organization``, ``consent_on``,
``consent_purpose``, ``last_activity`` (ISO dates).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grantdesk.i18n import N_, _, ngettext

Handler = Callable[[argparse.Namespace], int]


def _open(location: str | None) -> Any:
    from grantdesk.cli import _open as open_cli

    return open_cli(location, create=False)


def _user_error(message: str) -> Exception:
    from grantdesk.cli import UserError

    return UserError(message)


def _no_such_contact(person_id: int) -> Exception:
    return _user_error(_("There is no contact {id}.").format(id=person_id))


# -- list people ---------------------------------------------------------------------------


def _row_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "role": row.role,
        "email": row.email,
        "phone": row.phone,
        "organization_id": row.organization_id,
        "organization": row.organization,
        "consent_on": row.consent_on.isoformat() if row.consent_on else None,
        "consent_purpose": row.consent_purpose,
        "last_activity": row.last_activity.isoformat(),
    }


def cmd_list_people(args: argparse.Namespace) -> int:
    """``list people``: every contact, or those without activity for N years."""
    from grantdesk.cli import _print_table
    from grantdesk.domain.dates import format_date
    from grantdesk.i18n import current_language
    from grantdesk.services.dashboard import today_in_rome
    from grantdesk.services.people import activity_day, list_people, people_for_review

    years = args.inactive_years
    if years is not None and years < 1:
        raise _user_error(_("--inactive-years must be at least 1."))
    if args.limit is not None and args.limit < 1:
        raise _user_error(_("--limit must be a positive number."))
    db = _open(getattr(args, "db", None))
    try:
        if years is None:
            rows = list_people(db, args.search)
        else:
            rows = people_for_review(db, today_in_rome(), years, args.search)
    finally:
        db.close()
    total = len(rows)
    rows = rows[: args.limit] if args.limit is not None else rows
    if args.json:
        data = {
            "kind": "people",
            "search": args.search,
            "inactive_years": years,
            "count": total,
            "rows": [_row_json(r) for r in rows],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    lang = current_language()
    headings = (
        N_("No."),
        N_("Name"),
        N_("Organization"),
        N_("Role"),
        N_("E-mail"),
        N_("Phone"),
        N_("Consent"),
        N_("Last activity"),
    )
    table = [[_(h) for h in headings]]
    for r in rows:
        table.append(
            [
                str(r.id),
                r.full_name,
                r.organization,
                r.role,
                r.email,
                r.phone,
                format_date(r.consent_on, lang),
                format_date(activity_day(r), lang),
            ]
        )
    if not total and years is not None:
        print(
            ngettext(
                "No contact without activity for {n} year.",
                "No contact without activity for {n} years.",
                years,
            ).format(n=years)
        )
        return 0
    if not total:
        print(_("No contact found."))
        return 0
    _print_table(table, [True] + [False] * 7, widest=36)
    print(_("{shown} of {total} shown.").format(shown=len(rows), total=total))
    return 0


# -- person export / erase -----------------------------------------------------------------


def cmd_person_export(args: argparse.Namespace) -> int:
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.services.gdpr import export_person, write_export

    target = str(args.json)
    db = _open(getattr(args, "db", None))
    try:
        try:
            if target == "-":
                data = export_person(db, args.id)
                json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
                return 0
            path = Path(target)
            if path.is_dir():
                raise _user_error(
                    _("{path} is a folder: give a file name ending in .json.").format(path=path)
                )
            data = write_export(db, args.id, path)
        except RecordNotFoundError as exc:
            raise _no_such_contact(args.id) from exc
        except OSError as exc:
            raise _user_error(
                _("The export cannot be written to {path}: {reason}.").format(
                    path=target, reason=exc.strerror or exc
                )
            ) from exc
    finally:
        db.close()
    meetings, mentions = len(data["meetings_attended"]), len(data["mentions"])
    print(
        _(
            "Everything held on contact {id} written to {path} (meetings attended: "
            "{meetings}; mentions in other records: {mentions})."
        ).format(id=args.id, path=target, meetings=meetings, mentions=mentions)
    )
    return 0


def _confirmed(name: str, last_name: str, person_id: int) -> bool:
    from grantdesk.domain.text import fold

    print(
        _(
            "Erasing {name} (contact {id}) cannot be undone: their data is destroyed in "
            "every table and in the database file."
        ).format(name=name, id=person_id)
    )
    try:
        typed = input(_("Type their last name to confirm: "))
    except EOFError:
        return False
    return fold(" ".join(typed.split())) == fold(" ".join(last_name.split()))


def cmd_person_erase(args: argparse.Namespace) -> int:
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.services.gdpr import erase_person
    from grantdesk.services.people import load_person

    if not args.yes and not sys.stdin.isatty():
        raise _user_error(_("Erasing a contact cannot be undone: add --yes to confirm it."))
    db = _open(getattr(args, "db", None))
    try:
        try:
            form, version = load_person(db, args.id)
            if not args.yes:
                name = f"{form.first_name} {form.last_name}"
                if not _confirmed(name, form.last_name, args.id):
                    raise _user_error(_("Nothing erased: the last name did not match."))
            report = erase_person(db, args.id, version)
        except RecordNotFoundError as exc:
            raise _no_such_contact(args.id) from exc
    finally:
        db.close()
    print(
        _(
            "Contact {id} erased. Meeting attendances removed: {attendances}; "
            "mentions replaced by “[cancellato]”: {mentions}."
        ).format(id=args.id, attendances=report.attendances, mentions=report.mentions)
    )
    if not report.compacted:
        from grantdesk.services.gdpr import unfinished_message

        print(unfinished_message(report.note), file=sys.stderr)
    return 0


def cmd_person_compact(args: argparse.Namespace) -> int:
    from grantdesk.services.gdpr import compact, unfinished_message

    db = _open(getattr(args, "db", None))
    try:
        done, note = compact(db)
    finally:
        db.close()
    if not done:
        raise _user_error(unfinished_message(note))
    print(_("The database file holds no copy of erased data any more."))
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    return handler(args)


def add_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    db_option: Callable[[argparse.ArgumentParser], None],
) -> dict[str, Handler]:
    """Register ``person export`` and ``person erase`` on *sub*."""
    person = sub.add_parser("person", help=_("export or erase a contact's personal data"))
    actions = person.add_subparsers(dest="person_action", metavar=_("action"), required=True)
    export = actions.add_parser("export", help=_("write everything held on a contact to JSON"))
    export.add_argument("id", type=int, metavar="ID", help=_("the contact's number"))
    export.add_argument(
        "--json", required=True, metavar="FILE", help=_("the .json file to write (- for stdout)")
    )
    db_option(export)
    export.set_defaults(handler=cmd_person_export)
    erase = actions.add_parser(
        "erase", help=_("erase a contact from every table and from the database file")
    )
    erase.add_argument("id", type=int, metavar="ID", help=_("the contact's number"))
    erase.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    db_option(erase)
    erase.set_defaults(handler=cmd_person_erase)
    compact = actions.add_parser(
        "compact",
        help=_("clean erased data out of the database file, when an erasure could not"),
    )
    db_option(compact)
    compact.set_defaults(handler=cmd_person_compact)
    return {"person": _dispatch}
