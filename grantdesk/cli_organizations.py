"""``grantdesk export organizations --csv FILE | --xlsx FILE [--search TEXT]``.

:func:`add_export_parser` registers the command on the ``export`` subcommands (created by
``grantdesk.cli_calendar``); it writes what the Organizations list shows for the same
search, formula prefixes neutralised (see :mod:`grantdesk.exports.tabular`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grantdesk.i18n import _, ngettext


def add_export_parser(
    export_sub: Any, db_option: Callable[[argparse.ArgumentParser], None]
) -> argparse.ArgumentParser:
    """Add ``organizations`` to the ``export`` subparsers *export_sub*."""
    orgs: argparse.ArgumentParser = export_sub.add_parser(
        "organizations", help=_("write the organizations list to a CSV or XLSX file")
    )
    target = orgs.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--csv", metavar="FILE", help=_("a CSV file (UTF-8, ';' separated) for Excel or Calc")
    )
    target.add_argument("--xlsx", metavar="FILE", help=_("an Excel workbook"))
    orgs.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help=_("only the organizations matching these words, as in the list"),
    )
    db_option(orgs)
    orgs.set_defaults(handler=cmd_export_organizations)
    return orgs


def cmd_export_organizations(args: argparse.Namespace) -> int:
    """Run ``export organizations``; returns the exit code."""
    from grantdesk.cli import UserError
    from grantdesk.cli import _open as open_cli
    from grantdesk.services.organization_export import export_organizations

    fmt = "csv" if args.csv else "xlsx"
    path = Path(args.csv or args.xlsx)
    if path.is_dir():
        raise UserError(
            _("{path} is a folder: give a file name ending in .{ext}.").format(path=path, ext=fmt)
        )
    db = open_cli(getattr(args, "db", None), create=False)
    try:
        try:
            result = export_organizations(db, path, fmt, search=args.search)
        except OSError as exc:
            raise UserError(
                _("The organizations cannot be written to {path}: {reason}.").format(
                    path=path, reason=(exc.strerror or str(exc)).rstrip(".")
                )
            ) from exc
    finally:
        db.close()
    print(
        ngettext(
            "{count} organization exported to {path}.",
            "{count} organizations exported to {path}.",
            result.count,
        ).format(count=result.count, path=path)
    )
    return 0
